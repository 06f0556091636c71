"""`triple-orm chat` as a person uses it, with no model configured: started in a real
pseudo-terminal on a copy of the bundled example, keystrokes typed in, the screen read back
(escape codes removed; the raw stream is looked at only where colour is the point).
"""

from __future__ import annotations

import re

import psycopg
import pytest

pytestmark = pytest.mark.slow

MIGRATION = "apps/api/prisma/migrations/20261103091200_behavior_logs_session_id/migration.sql"
UP_ARROW = "\x1b[A"


def test_start_says_no_model_and_help_lists_every_tool(chat):
    screen = chat()
    banner = screen.prompt()
    assert re.search(r"triple-orm chat — thread [0-9a-f]{8};", banner)
    assert "No LLM configured: answers come from templates" in banner and "set OPENAI_API_KEY" in banner
    screen.type("/help")
    shown = screen.prompt()
    for command in ("/sync", "/lint [FILE]", "/check", "/health", "/types", "/advise", "/index", "/write", "/quit"):
        assert command in shown, command
    screen.type("/nonsense")
    assert "unknown command /nonsense" in screen.prompt()
    screen.ctrl_d()
    assert screen.exit_code() == 0


def test_lint_shows_findings_as_a_table_and_the_fix_highlighted(chat):
    screen = chat()
    screen.prompt()
    screen.type(f"/lint {MIGRATION}")
    shown = screen.prompt()
    assert re.search(r"\d+ findings in 1 migration files", shown)
    assert "in apps/api/prisma/migrations/20261103091200_behavior_logs_session_id/" in shown  # the folder, once
    header = next(line for line in shown.splitlines() if "severity" in line)
    assert re.search(r"severity\s*┃\s*rule\s*┃\s*where\s*┃", header)
    # one row per finding: severity, rule id, file:line of the statement, the message
    assert re.search(r"│\s*HIGH\s*│\s*ban-drop-column\s*│\s*migration\.sql:9\s*│\s*Dropping column users\.phone", shown)
    assert re.search(r"│\s*HIGH\s*│\s*require-concurrent-index-creation\s*│\s*migration\.sql:15\s*│", shown)
    assert re.search(r"\x1b\[[0-9;]*mHIGH", screen.raw), "severities are coloured on a terminal"

    screen.type("show me the safe version")  # a follow-up on the facts of the turn before
    shown = screen.prompt()
    assert "+SET LOCAL lock_timeout = '5s';" in shown and "```" not in shown
    assert re.search(r"\x1b\[[0-9;]*m\+SET LOCAL lock_timeout", screen.raw), "the diff is highlighted"
    assert re.search(r"\x1b\[[0-9;]*mCREATE\x1b\[0m\x1b\[[0-9;]*m \x1b\[0m\x1b\[[0-9;]*mINDEX", screen.raw), \
        "the safe SQL pattern is syntax-highlighted"
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_types_and_sync_slash_commands(chat):
    screen = chat()
    screen.prompt()
    screen.type("/types")
    shown = screen.prompt()
    assert re.search(r"│\s*LOW\s*│\s*json-field-without-shape\s*│\s*schema\.prisma:72\s*│\s*User\.settings is Json", shown)
    screen.type("/sync Lesson")
    shown = screen.prompt()
    assert "export const lesson = pgTable(" in shown and "export interface Lesson {" in shown
    assert "```" not in shown  # code blocks are printed as code, not as Markdown fences
    assert re.search(r"\x1b\[[0-9;]*mexport\x1b\[0m", screen.raw), "TypeScript is syntax-highlighted"
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_questions_in_english_and_vietnamese(chat):
    screen = chat()
    screen.prompt()
    screen.type("which tables reference User?")
    shown = screen.prompt()
    assert re.search(r"\d+ relations point at User", shown)
    assert "Enrollment.user → Enrollment(userId)" in shown
    screen.type("bảng nào tham chiếu tới User?")
    shown = screen.prompt()
    assert re.search(r"Có \d+ quan hệ tham chiếu tới User", shown)
    assert "Enrollment.user → Enrollment(userId) tham chiếu id" in shown
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_ctrl_c_at_the_prompt_once_warns_twice_leaves(chat):
    screen = chat()
    screen.prompt()
    screen.ctrl_c()
    assert "Ctrl-C again to leave" in screen.prompt()
    screen.type("/thread")  # the chat is still there, and a line in between resets the count
    assert "resume with `triple-orm chat --thread" in screen.prompt()
    screen.ctrl_c()
    screen.prompt()
    screen.ctrl_c()
    assert screen.exit_code() == 130


def test_typed_lines_come_back_with_the_up_arrow_in_the_next_session(chat, project):
    first = chat("--thread", "one")
    first.prompt()
    first.type("which tables reference Course?")
    first.prompt()
    first.type("/quit")
    assert first.exit_code() == 0
    assert "which tables reference Course?" in (project / ".triple-orm/chat_history").read_text(encoding="utf-8")

    second = chat("--thread", "two")  # another session, another thread: the typed lines are shared
    second.prompt()
    second.child.send(UP_ARROW * 2)  # past "/quit", the last line typed
    second.type("")  # Enter on the line the up arrow brought back
    assert re.search(r"\d+ relations point at Course", second.prompt())
    second.type("/quit")
    assert second.exit_code() == 0


def test_index_shows_progress_then_open_questions_use_it(chat):
    screen = chat()
    screen.prompt()
    screen.type("where is metadata validated?")
    assert "not indexed yet" in screen.prompt()
    screen.type("/index hashed")
    shown = screen.prompt()
    assert re.search(r"indexed (\d+) entries \(.*\) with hashed in [\d.]+ s: \1 new", shown)
    assert re.search(r"embedding\s*━+\s*\d+/\d+", shown), "a progress bar while embedding"
    screen.type("where is metadata validated?")
    assert "apps/api/src/schemas/lesson-metadata.ts:4" in screen.prompt()
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_health_needs_a_database_url(chat):
    screen = chat()
    screen.prompt()
    screen.type("/health")
    assert "set DATABASE_URL" in screen.prompt()
    screen.type("/quit")
    assert screen.exit_code() == 0


@pytest.mark.postgres
def test_health_on_a_live_database_with_progress(chat, project, fresh_db):
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    url = fresh_db("chathealth")
    catalog = prisma_to_catalog(load_schema(project / "apps/api/prisma/schema.prisma"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(catalog))
    screen = chat(DATABASE_URL=url)
    screen.prompt()
    screen.type("/health")
    shown = screen.prompt()
    assert re.search(r"Database health: \d+ findings over \d+ tables\.", shown)
    assert re.search(r"reading the catalog [━╸╺ ]+1/4", shown), "a progress bar over the steps"
    assert re.search(r"reading the statistics [━╸╺ ]+2/4", shown)
    screen.type("why is that critical?")  # the health facts are in the thread like any turn's
    assert "Why:" in screen.prompt()
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_health_reads_the_projects_thresholds(chat, project):
    config = project / "triple-orm.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[health]\nsequence-warn = "most"\n', encoding="utf-8")
    screen = chat(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    screen.prompt()
    screen.type("/health")
    assert "thresholds must be numbers" in screen.prompt()  # the same settings as `triple-orm health`
    screen.type("/quit")
    assert screen.exit_code() == 0
