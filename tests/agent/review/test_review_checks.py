"""What the review checks and how it lays findings out: the schema and generated files of a pull
request (drift, `sync --check`, a broken schema), `--since BASE` on a local git repository, the
diff's hunks, suggestions that span a finding and its fix, the summary's 65,000-character fallback,
and the Mermaid ER diagram of the tables a schema change touches (read back by Mermaid's own parser).

GitHub is the fake of conftest.py (a local HTTP server that stands in for GitHub) where a test talks
to it; `--since` tests talk to nothing.
"""

from __future__ import annotations

import difflib
import json
import subprocess
from pathlib import Path

import pytest

from agent.cli import main

REPO, NUMBER = "acme/shop", 7
SCHEMA_PATH = "prisma/schema.prisma"
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"


def patch_of(before: str, after: str) -> str:
    """The unified diff GitHub shows for a modified file (three lines of context)."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), n=3, lineterm="")
    return "\n".join(list(lines)[2:])  # GitHub's `patch` starts at the first @@


def change_schema(github, project: Path, old: str, new: str) -> int:
    """The pull request edits schema.prisma; returns the line number of `new` in the new schema."""
    before = (project / SCHEMA_PATH).read_text()
    after = before.replace(old, new, 1)
    (project / SCHEMA_PATH).write_text(after)
    github.files = [{"filename": SCHEMA_PATH, "status": "modified", "patch": patch_of(before, after)}]
    github.base_files = {SCHEMA_PATH: before}  # the schema at the pull request's base commit
    return after.splitlines().index(new.splitlines()[-1]) + 1


def test_schema_change_without_regenerating(github, project: Path) -> None:
    """`sync --check` in the review: both generated files are stale, their diffs are in the summary."""
    change_schema(github, project, "  title    String\n", "  title    String\n  subtitle String?\n")
    assert main(["review", "--drift", "files"]) == 0  # stale generated files are MEDIUM: below fail-on HIGH
    summary = github.issue_comments[0]["body"]
    assert "<code>db/types.ts</code> is out of date (stale)" in summary
    assert "+  subtitle: string | null;" in summary and "```diff" in summary
    assert "`generated-file-stale`" in summary
    assert "✅ Drizzle file ⇄ schema.prisma" not in summary  # the Drizzle file no longer agrees


def mermaid_reads(diagram: str) -> dict:
    """What Mermaid's parser (pinned in tests/tools/prisma/mermaid) makes of a diagram."""
    import shutil

    from testkit.paths import CACHE, REPO as CHECKOUT
    from testkit.toolchain import _installed

    source = CHECKOUT / "tests" / "tools" / "prisma" / "mermaid"
    folder = _installed(source, CACHE / "mermaid")
    shutil.copyfile(source / "parse.mjs", folder / "parse.mjs")
    done = subprocess.run(["node", str(folder / "parse.mjs")], input=diagram, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def mermaid_block(summary: str) -> str:
    return summary.split("```mermaid\n", 1)[1].split("\n```", 1)[0] + "\n"


def test_schema_change_is_drawn_with_its_marks(github, project: Path) -> None:
    """The pull request adds a Comment model related to Post, drops Post.title, makes Author.email
    optional: the summary draws those tables, marked, from the base schema GitHub serves."""
    before = (project / SCHEMA_PATH).read_text()
    after = before.replace("  title    String\n", "").replace("  email String @unique", "  email String? @unique")
    after = after.replace("  author   Author @relation", "  comments Comment[]\n  author   Author @relation")
    after += "\nmodel Comment {\n  id     Int    @id @default(autoincrement())\n  postId Int\n  post   Post   @relation(fields: [postId], references: [id])\n}\n"
    (project / SCHEMA_PATH).write_text(after)
    github.files = [{"filename": SCHEMA_PATH, "status": "modified", "patch": patch_of(before, after)}]
    github.base_files = {SCHEMA_PATH: before}
    main(["review", "--drift", "off"])
    contents = [r for r in github.requests if r.path == f"/repos/{REPO}/contents/{SCHEMA_PATH}"]
    assert [r.query["ref"] for r in contents] == [["ba5e" + "0" * 36]]  # the base commit GitHub named
    summary = github.issue_comments[0]["body"]
    assert "### Tables this pull request changes" in summary
    read = mermaid_reads(mermaid_block(summary))
    assert "error" not in read, read.get("error")
    assert set(read["entities"]) == {"Post", "Author", "Comment"}
    post = {a["name"]: a["comment"] for a in read["entities"]["Post"]}
    assert post == {"id": "", "authorId": "", "title": "- removed"}
    assert {a["name"]: a["comment"] for a in read["entities"]["Author"]}["email"] == "~ required → nullable"
    assert all(a["comment"] == "+ added" for a in read["entities"]["Comment"])
    assert {(r["from"], r["to"], r["label"]) for r in read["relationships"]} >= {("Post", "Comment", "post (added)")}
    assert "| `Comment` | ➕ added | 2 column(s) |" in summary
    assert "| `Post` | ✏️ changed | `title` removed |" in summary
    github.requests.clear()
    main(["review", "--drift", "off"])  # a second run: the same summary, nothing written
    assert [c for c in github.calls() if c[0] != "GET"] == []


def test_a_change_that_touches_no_table_draws_nothing(github, project: Path) -> None:
    change_schema(github, project, "model Author {", "/// people who write posts\nmodel Author {")
    main(["review", "--drift", "off"])
    assert "```mermaid" not in github.issue_comments[0]["body"]


def test_broken_schema_is_a_critical_inline_finding(github, project: Path) -> None:
    line = change_schema(github, project, "  title    String\n", "  title    Strng\n")
    assert main(["review", "--drift", "files"]) == 2
    comments = github.requests[-1].body["comments"]
    invalid = [c for c in comments if "`schema-invalid`" in c["body"]]
    assert [(c["path"], c["line"]) for c in invalid] == [(SCHEMA_PATH, line)]
    assert "Strng" in invalid[0]["body"] and "CRITICAL" in invalid[0]["body"]
    assert "**Blocked**" in github.issue_comments[0]["body"]


@pytest.mark.postgres
def test_schema_change_without_a_migration_is_flagged_on_its_line(github, project: Path) -> None:
    """--drift auto replays the migrations on a throwaway PostgreSQL: the new field has no migration."""
    from tools.prisma import load_schema
    from tools.sync import plan_sync, write_sync

    import shutil

    shutil.rmtree((project / RISKY_PATH).parent)  # the migrations now build exactly the schema before the change
    line = change_schema(github, project, "  title    String\n", "  title    String\n  subtitle String?\n")
    write_sync(plan_sync(load_schema(project / SCHEMA_PATH), project / "db/schema.ts", project / "db/types.ts",
                         source=SCHEMA_PATH))  # regenerated: only the migration is missing
    assert main(["review"]) == 1
    comments = github.requests[-1].body["comments"]
    missing = [c for c in comments if "`schema-change-not-in-migrations`" in c["body"]]
    assert [(c["path"], c["line"]) for c in missing] == [(SCHEMA_PATH, line)]
    assert "subtitle" in missing[0]["body"]
    assert "schema.prisma ⇄ migrations folder" in github.issue_comments[0]["body"]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                   check=True, capture_output=True)


def test_dry_run_since_base_needs_no_github(project: Path, monkeypatch, capsys) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_ID", "GITHUB_REPOSITORY", "GITHUB_REF", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens: any call would fail the test
    risky = (project / RISKY_PATH).read_text()
    (project / RISKY_PATH).unlink()
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    (project / RISKY_PATH).write_text(risky)  # untracked: a new migration not committed yet
    assert main(["review", "--dry-run", "--since", "main", "--drift", "off", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    posted = next(a for a in data["actions"] if a["kind"] == "post-review")["payload"]["comments"]
    assert {(c["path"], c["line"]) for c in posted} == {(RISKY_PATH, 1), (RISKY_PATH, 2)}
    assert {f["location"]["file"] for f in data["findings"]} == {RISKY_PATH}
    assert main(["review", "--dry-run", "--since", "no-such-ref"]) == 64
    assert "unknown git ref 'no-such-ref'" in capsys.readouterr().err
    (project / SCHEMA_PATH).write_text((project / SCHEMA_PATH).read_text().replace("  title    String\n", ""))
    main(["review", "--dry-run", "--since", "main", "--drift", "off"])  # the base schema from `git show main:…`
    read = mermaid_reads(mermaid_block(capsys.readouterr().out))
    assert {a["name"]: a["comment"] for a in read["entities"]["Post"]}["title"] == "- removed"


def test_hunk_ranges_and_commentable_lines() -> None:
    from agent.review.diff import ChangedFile, hunk_ranges

    patch = "@@ -1,2 +3,4 @@ model Post {\n a\n+b\n@@ -10 +20 @@\n-x\n+y\n@@ -30,3 +40,0 @@\n-gone\n"
    assert hunk_ranges(patch) == [(3, 6), (20, 20)]  # a hunk that only deletes has no right-side line
    changed = ChangedFile.from_patch("f.sql", "modified", patch)
    assert changed.commentable(3, 6) and changed.commentable(20, 20)
    assert not changed.commentable(6, 7) and not changed.commentable(5, 20) and not changed.commentable(1, 1)
    assert ChangedFile.from_patch("big.sql", "modified", None).hunks == []  # GitHub leaves big patches out


def test_suggestion_spans_the_finding_and_its_fix(tmp_path: Path) -> None:
    """A fix inserted at the top for a finding on line 3: one comment over lines 1-3 whose suggestion
    is those lines after the fix; outside the hunk, the comment loses the suggestion, not the finding."""
    from agent.review.comments import plan_comments
    from agent.review.diff import ChangedFile
    from tools.findings import Finding, Fix, Location, Severity, TextEdit

    text = "-- one\n-- two\nALTER TABLE \"t\" ADD COLUMN \"c\" INT;\n"
    (tmp_path / "m.sql").write_text(text)
    finding = Finding("require-lock-timeout", Severity.MEDIUM, "waits", "set it", Location("m.sql", 3, 1, 3, 34),
                      Fix("set lock_timeout", (TextEdit(0, 0, "SET lock_timeout = '5s';\n"),)))
    whole = plan_comments([finding], ["a" * 32], [ChangedFile("m.sql", "added", [(1, 3)])], tmp_path)
    comment = whole.inline[0]
    assert (comment.start_line, comment.line) == (1, 3)
    assert "```suggestion\nSET lock_timeout = '5s';\n-- one\n-- two\nALTER TABLE \"t\" ADD COLUMN \"c\" INT;\n```" in comment.body
    assert comment.payload() == {"path": "m.sql", "line": 3, "side": "RIGHT", "body": comment.body,
                                 "start_line": 1, "start_side": "RIGHT"}
    only_line_3 = plan_comments([finding], ["a" * 32], [ChangedFile("m.sql", "modified", [(3, 3)])], tmp_path)
    assert (only_line_3.inline[0].start_line, only_line_3.inline[0].line) == (None, 3)
    assert "```suggestion" not in only_line_3.inline[0].body
    elsewhere = plan_comments([finding], ["a" * 32], [ChangedFile("m.sql", "modified", [(1, 2)])], tmp_path)
    assert elsewhere.inline == [] and elsewhere.not_inline == {"a" * 32: "not on a line of the diff"}


def test_summary_falls_back_to_one_row_per_file_under_the_limit() -> None:
    from agent.review.checks import CheckResults
    from agent.review.comments import CommentPlan
    from agent.review.summary import LIMIT, MARKER, SummaryContext, summary_markdown
    from tools.findings import Finding, Location, Severity

    def results(files: int) -> CheckResults:
        found = [Finding("ban-drop-column", Severity.HIGH, f"Dropping column t{n}.c{k} deletes its data for good. " * 3,
                         "Deploy code that no longer uses the column first.", Location(f"m/{n:04}/migration.sql", k))
                 for n in range(files) for k in range(1, 6)]
        return CheckResults(findings=found, linted=[f"m/{n:04}/migration.sql" for n in range(files)])

    context = SummaryContext(REPO, "f" * 40)
    small = summary_markdown(results(3), [f"{i:032x}" for i in range(15)], CommentPlan(), context)
    assert small.count("| 🔴 | `ban-drop-column`") == 15 and "one row per file" not in small
    many = results(400)
    big = summary_markdown(many, [f"{i:032x}" for i in range(2000)], CommentPlan(), context)
    assert len(big) <= LIMIT and big.startswith(MARKER)
    assert "one row per file" in big and "| `m/0000/migration.sql` |  | 5 |" in big
    huge = results(4000)
    capped = summary_markdown(huge, [f"{i:032x}" for i in range(20000)], CommentPlan(), context)
    assert len(capped) <= LIMIT and "more file(s)." in capped
