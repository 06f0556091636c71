"""`triple-orm advise` as a person runs it: readable advice, --json, --all, sentences in both
languages (offline), --scan with the CI formats and exit codes, errors with messages, configuration
overrides, and the LLM seam (with a scripted stand-in for the model: no model runs in tests)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testkit.paths import EXAMPLE

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
OFFLINE = {**os.environ, "TRIPLE_ORM_OFFLINE": "1", "NO_COLOR": "1"}


def triple_orm(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "agent.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd or EXAMPLE, env=OFFLINE,
                          input=stdin if stdin is not None else "")


def test_json_gives_orm_features_reasons_and_code() -> None:
    result = triple_orm("advise", "--json", "for (const e of events) { await prisma.behaviorLog.create("
                        "{ data: { userId: e.userId, sessionId: e.sessionId, eventType: e.type } }) }")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["recommended"] == "drizzle" and data["input_kind"] == "prisma"
    assert data["features"]["per_row_writes"] is True
    assert data["reasons"][0]["rule"] == "per-row-writes" and "loop" in data["reasons"][0]["text"]
    code = data["code"]["drizzle"]["code"]
    assert code.startswith("await db") and ".insert(behaviorLog)" in code
    assert 'import { behaviorLog } from "@edfinance/db/drizzle";' in data["code"]["drizzle"]["imports"]


def test_text_with_all_three() -> None:
    sql = "SELECT c.slug, COUNT(*) AS n FROM courses c JOIN \"Enrollment\" e ON e.\"courseId\" = c.id GROUP BY c.slug"
    result = triple_orm("advise", "--all", "--no-color", sql)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Recommended: Kysely") and "read as: SQL" in out and "GROUP BY" in out
    for heading in ("Prisma", "Drizzle", "Kysely (recommended)"):
        assert heading in out
    assert "$queryRaw" in out and ".innerJoin(enrollment, eq(" in out and '.selectFrom("courses as c")' in out


@pytest.mark.parametrize("sentence, orm, language", [
    ("đếm số bài học hoàn thành theo từng ngôn ngữ trong tháng này", "kysely", "vi"),
    ("import 50,000 offline events from an NDJSON file", "drizzle", "en"),
])
def test_sentences_are_decided_offline_and_ask_for_code(sentence: str, orm: str, language: str) -> None:
    data = json.loads(triple_orm("advise", "--json", sentence).stdout)
    assert data["recommended"] == orm and data["intent"]["language"] == language
    assert data["code"] == {} and "give it as code or SQL" in data["ask"]


def test_query_from_stdin_and_from_a_file(tmp_path: Path) -> None:
    assert json.loads(triple_orm("advise", "--json", "-", stdin="SELECT * FROM users WHERE id = $1").stdout)[
        "recommended"] == "prisma"
    query = tmp_path / "report.sql"
    query.write_text("SELECT locale_code, rank() OVER (ORDER BY created_at) FROM users")
    data = json.loads(triple_orm("advise", "--json", "--file", str(query)).stdout)
    assert data["recommended"] == "kysely" and data["features"]["window_functions"] == ["rank"]


@pytest.mark.parametrize("args, code, message", [
    (("advise", "--kind", "sql", "SELECT a FROM WHERE"), 65, "cannot parse the SQL"),
    (("advise", "--kind", "prisma", "SELECT 1"), 64, "no prisma query found"),
    (("advise", "--file", "nope.sql"), 66, "nope.sql: no such file"),
    (("advise", "--format", "sarif", "SELECT 1"), 64, "is for --scan"),
    (("advise", "x = (1 + [2]) { }"), 64, "could not tell what the input is"),
])
def test_bad_input_has_a_message_and_an_exit_code(args, code: int, message: str) -> None:
    result = triple_orm(*args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_empty_input_is_a_usage_error() -> None:
    result = triple_orm("advise", "-", stdin="   ")
    assert result.returncode == 64 and "input is empty" in result.stderr


def test_scan_exit_codes_and_ci_formats() -> None:
    result = triple_orm("advise", "--scan", "apps/api/src", "--no-color")
    assert result.returncode == 1, result.stderr  # a HIGH finding: the per-row writes of tracking.ts
    assert "prefer-drizzle-for-per-row-writes" in result.stdout and "tracking.ts:26" in result.stdout
    assert triple_orm("advise", "--scan", "apps/api/src", "--fail-on", "critical").returncode == 0
    sarif = json.loads(triple_orm("advise", "--scan", "apps/api/src", "--format", "sarif").stdout)
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rules == {"prefer-drizzle-for-per-row-writes", "prefer-kysely-for-deep-include",
                     "prefer-kysely-for-complex-joins"}
    data = json.loads(triple_orm("advise", "--scan", "apps/api/src", "--json").stdout)
    assert data["summary"] == {"files scanned": 12, "queries found": 11, "queries to move": 3}


def test_configuration_overrides_the_matrix(tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text(SCHEMA.read_text())
    (tmp_path / "triple-orm.toml").write_text(
        'schema = "schema.prisma"\n[advise]\ndefault = "drizzle"\n'
        '[advise.rules.complex-joins]\nprefer = "prisma"\nweight = 10\n')
    simple = json.loads(triple_orm("advise", "--json", "SELECT * FROM users", cwd=tmp_path).stdout)
    assert simple["recommended"] == "drizzle"
    joined = json.loads(triple_orm("advise", "--json", "SELECT 1 FROM users u JOIN courses c ON c.instructor_id = u.id "
                                   "JOIN locales l ON l.code = c.locale_code", cwd=tmp_path).stdout)
    assert joined["recommended"] == "prisma"
    (tmp_path / "triple-orm.toml").write_text('schema = "schema.prisma"\n[advise]\ndefault = "typeorm"\n')
    bad = triple_orm("advise", "SELECT 1", cwd=tmp_path)
    assert bad.returncode == 65 and "unknown ORM 'typeorm'" in bad.stderr


def test_llm_seam_keeps_only_code_the_advisor_can_read_back() -> None:
    from agent.cli.cmd_advise import intent_prompt, write_intent_with_llm
    from tools.advise.advisor import advise
    from tools.advise.names import OrmNames
    from tools.prisma import load_schema

    schema = load_schema(SCHEMA)
    names = OrmNames(schema)
    advice = advise("count lessons completed per locale this month", schema, names=names)
    prompt = intent_prompt(advice, schema, names)
    assert "behavior_logs" in prompt and "locale_code" in prompt and "Kysely" in prompt
    good = ('```ts\nconst rows = await db.selectFrom("users as u").select(["u.locale_code", '
            '(eb) => eb.fn.countAll<string>().as("n")]).groupBy("u.locale_code").execute();\n```')
    assert write_intent_with_llm(advice, schema, names, lambda p: good)["code"].startswith("const rows")
    unknown_table = '```ts\nawait db.selectFrom("lesson_stats").selectAll().execute();\n```'
    assert "does not have" in write_intent_with_llm(advice, schema, names, lambda p: unknown_table)["rejected"]
    prose = "You should use a GROUP BY on the locale."
    assert "no kysely query" in write_intent_with_llm(advice, schema, names, lambda p: prose)["rejected"]
