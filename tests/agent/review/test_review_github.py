"""`triple-orm review` against a fake GitHub: conftest.FakeGitHub, a local HTTP server that stands in
for GitHub (the real API cannot be reached from the tests): the exact REST calls and payloads, the sticky summary edited in place, inline comments
only inside the diff's hunks with verified suggestions, re-runs that neither duplicate nor leave
stale comments, dry runs that post nothing, GitHub App authentication and refused permissions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main
from testkit.pull_request import set_added_files as set_files

REPO, NUMBER, HEAD = "acme/shop", 7, "c0ffee" + "0" * 34
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"
BASE = f"/repos/{REPO}"


def review(*args: str) -> int:
    return main(["review", "--drift", "off", *args])


def ours(github) -> list[dict]:
    return [c for c in github.review_comments if "triple-orm:finding" in c["body"]]


def test_first_run_posts_one_summary_and_one_review(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    assert review() == 1  # HIGH findings, fail-on HIGH
    assert github.calls() == [
        ("GET", f"{BASE}/pulls/{NUMBER}"), ("GET", f"{BASE}/pulls/{NUMBER}/files"),
        ("GET", f"{BASE}/issues/{NUMBER}/comments"), ("GET", f"{BASE}/pulls/{NUMBER}/comments"),
        ("POST", f"{BASE}/issues/{NUMBER}/comments"), ("POST", f"{BASE}/pulls/{NUMBER}/reviews")]
    assert all(r.authorization == "Bearer ghs_test_token" for r in github.requests)
    summary = github.requests[4].body["body"]
    assert summary.startswith("<!-- triple-orm:review -->\n## triple-orm review")
    assert f"[L1](https://github.example/{REPO}/blob/{HEAD}/{RISKY_PATH}#L1)" in summary
    review_body = github.requests[5].body
    assert review_body["commit_id"] == HEAD and review_body["event"] == "COMMENT" and review_body["body"]
    by_rule = {c["body"].split("`")[1]: c for c in review_body["comments"]}
    assert set(by_rule) == {"ban-drop-column", "require-lock-timeout", "require-concurrent-index-creation",
                            "holding-access-exclusive-lock"}  # MEDIUM and above; LOW/INFO only in the summary
    drop = by_rule["ban-drop-column"]
    assert (drop["path"], drop["line"], drop["side"]) == (RISKY_PATH, 1, "RIGHT") and "start_line" not in drop
    assert "takes `ACCESS EXCLUSIVE` on `Post`, blocking reads, writes" in drop["body"]
    assert "```suggestion" not in drop["body"]  # the linter has no automatic fix for a dropped column
    timeout = by_rule["require-lock-timeout"]["body"]
    assert "```suggestion\nSET LOCAL lock_timeout = '5s';\nALTER TABLE \"Post\" DROP COLUMN \"title\";\n```" in timeout
    index = by_rule["require-concurrent-index-creation"]["body"]
    assert 'CREATE INDEX CONCURRENTLY "Post_authorId_idx"' in index  # the safe rewrite, as the linter wrote it
    assert "require-statement-timeout" in summary and "regenerate-drizzle-and-kysely" in summary
    assert "Traceback" not in capsys.readouterr().err


def test_suggestion_applied_as_github_would_lints_clean_for_that_rule(github, project: Path) -> None:
    """Replace the commented lines by the suggestion, as "Commit suggestion" does: the rule is gone."""
    from tools.lint import lint_sql

    set_files(github, project, [RISKY_PATH])
    review()
    comment = next(c for c in github.requests[-1].body["comments"] if "```suggestion" in c["body"])
    suggestion = comment["body"].split("```suggestion\n", 1)[1].split("\n```", 1)[0]
    lines = (project / RISKY_PATH).read_text().split("\n")
    first = comment.get("start_line", comment["line"])
    applied = "\n".join(lines[: first - 1] + suggestion.split("\n") + lines[comment["line"]:])
    before = {f.rule for f in lint_sql((project / RISKY_PATH).read_text(), runner="prisma").findings}
    after = {f.rule for f in lint_sql(applied, runner="prisma").findings}
    assert "require-lock-timeout" in before and "require-lock-timeout" not in after


def test_rerun_without_changes_posts_nothing_new(github, project: Path) -> None:
    set_files(github, project, [RISKY_PATH])
    review()
    comments_after_first = [dict(c) for c in github.review_comments]
    github.requests.clear()
    review()
    assert {m for m, _ in github.calls()} == {"GET"}  # the summary is unchanged: not even a PATCH
    # four review comments, two per page in the fake: the review followed the Link header
    assert github.calls().count(("GET", f"{BASE}/pulls/{NUMBER}/comments")) == 2
    assert [r.query.get("page") for r in github.requests if r.path.endswith("/pulls/7/comments")] == [None, ["2"]]
    assert github.review_comments == comments_after_first and len(github.issue_comments) == 1


def test_rerun_after_a_fix_edits_the_summary_and_retires_the_fixed_comment(github, project: Path) -> None:
    set_files(github, project, [RISKY_PATH])
    review()
    sticky = github.issue_comments[0]["id"]
    drop = next(c for c in ours(github) if "`ban-drop-column`" in c["body"])
    timeout = next(c for c in ours(github) if "`require-lock-timeout`" in c["body"])
    kept = {c["id"] for c in ours(github)} - {drop["id"]}
    fixed = (project / RISKY_PATH).read_text().replace('DROP COLUMN "title"', 'ADD COLUMN "subtitle" TEXT')
    (project / RISKY_PATH).write_text(fixed)  # same lines, the drop is gone
    set_files(github, project, [RISKY_PATH])
    github.requests.clear()
    review()
    writes = [c for c in github.calls() if c[0] != "GET"]
    # the summary edited in place; the lock-timeout comment stays on its line, its suggestion now shows the new
    # line 1; the drop's comment goes
    assert writes == [("PATCH", f"{BASE}/issues/comments/{sticky}"), ("PATCH", f"{BASE}/pulls/comments/{timeout['id']}"),
                      ("DELETE", f"{BASE}/pulls/comments/{drop['id']}")]
    assert 'SET LOCAL lock_timeout = \'5s\';\nALTER TABLE "Post" ADD COLUMN "subtitle" TEXT;' in next(
        c for c in github.review_comments if c["id"] == timeout["id"])["body"]
    assert "ban-drop-column" not in github.issue_comments[0]["body"] and len(github.issue_comments) == 1
    assert {c["id"] for c in ours(github)} == kept  # the others stay where they are, not posted twice


def test_a_fixed_comment_with_replies_is_marked_fixed_and_its_thread_resolved(github, project: Path) -> None:
    set_files(github, project, [RISKY_PATH])
    review()
    drop = next(c for c in ours(github) if "`ban-drop-column`" in c["body"])
    github.reply(drop["id"], "we copy the titles first, see #12")
    (project / RISKY_PATH).write_text((project / RISKY_PATH).read_text().replace('DROP COLUMN "title"', 'ADD COLUMN "subtitle" TEXT'))
    set_files(github, project, [RISKY_PATH])
    github.requests.clear()
    review()
    assert ("PATCH", f"{BASE}/pulls/comments/{drop['id']}") in github.calls()
    assert ("DELETE", f"{BASE}/pulls/comments/{drop['id']}") not in github.calls()
    graphql = [r.body for r in github.requests if r.path == "/graphql"]
    assert "reviewThreads" in graphql[0]["query"] and graphql[0]["variables"] == {"owner": "acme", "name": "shop",
                                                                                  "number": NUMBER, "cursor": None}
    assert "resolveReviewThread" in graphql[1]["query"] and graphql[1]["variables"] == {"id": f"T_{drop['id']}"}
    assert github.resolved == {drop["id"]}
    patched = next(c for c in github.review_comments if c["id"] == drop["id"])
    assert patched["body"].startswith("✅ **Fixed**") and "triple-orm:finding" not in patched["body"]
    github.requests.clear()
    review()  # the fixed comment is no longer ours to manage: a third run leaves it alone
    assert [c for c in github.calls() if c[0] != "GET"] == []


def test_comments_only_on_lines_inside_the_hunks(github, project: Path) -> None:
    """A migration edited in the pull request: only its changed hunk may carry comments (the fake
    GitHub answers 422 to any other line, as GitHub does); the rest goes to the summary."""
    path = "prisma/migrations/20240202000000_risky/migration.sql"
    lines = ['ALTER TABLE "Post" DROP COLUMN "title";'] + [f"-- note {n}" for n in range(2, 10)] + [
        'ALTER TABLE "Author" DROP COLUMN "email";']
    (project / path).write_text("\n".join(lines) + "\n")
    github.files = [{"filename": path, "status": "modified",
                     "patch": "@@ -7,3 +7,4 @@\n -- note 7\n -- note 8\n -- note 9\n+ALTER TABLE \"Author\" DROP COLUMN \"email\";"}]
    assert review() == 1
    posted = github.requests[-1].body["comments"]
    assert {(c["path"], c["line"]) for c in posted} == {(path, 10)}
    assert all(7 <= c.get("start_line", c["line"]) and c["line"] <= 10 for c in posted)
    summary = github.issue_comments[0]["body"]
    assert "Dropping column Post.title" in summary and "Dropping column Author.email" in summary


def test_a_pull_request_without_migrations_or_schema_gets_no_comment(github, project: Path) -> None:
    (project / "README.md").write_text("# shop\n")
    set_files(github, project, ["README.md"])
    assert review() == 0
    assert {m for m, _ in github.calls()} == {"GET"} and github.issue_comments == []
    set_files(github, project, [RISKY_PATH])
    review()
    set_files(github, project, ["README.md"])  # a later push reverts the migration: the summary says so
    github.requests.clear()
    review()
    assert [c for c in github.calls() if c[0] != "GET"][0] == ("PATCH", f"{BASE}/issues/comments/{github.issue_comments[0]['id']}")
    assert "✅ No findings." in github.issue_comments[0]["body"]
    assert ours(github) == []  # the earlier inline comments are retired


def test_dry_run_reads_but_posts_nothing(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    assert review("--dry-run") == 1
    assert {m for m, _ in github.calls()} == {"GET"}
    out = capsys.readouterr().out
    assert f"POST {BASE}/issues/{NUMBER}/comments" in out and f"POST {BASE}/pulls/{NUMBER}/reviews" in out
    assert "--- summary comment ---\n<!-- triple-orm:review -->" in out
    assert f"--- inline comment on {RISKY_PATH}:1 ---" in out
    review("--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert [a["kind"] for a in data["actions"]] == ["post-summary", "post-review"]
    assert data["actions"][1]["payload"]["comments"][0]["side"] == "RIGHT"
    assert {m for m, _ in github.calls()} == {"GET"}


def test_github_format_prints_annotations(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    review("--format", "github")
    out = capsys.readouterr().out
    assert f"::error file={RISKY_PATH},line=1,col=" in out and "title=HIGH ban-drop-column" in out


def test_refused_permission_is_a_clear_error(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    github.refuse[("POST", rf"{BASE}/issues/\d+/comments")] = (403, "Resource not accessible by integration")
    assert review() == 69
    err = capsys.readouterr().err
    assert "GitHub refused POST" in err and "403 Resource not accessible by integration" in err
    assert "pull-requests: write" in err and "Traceback" not in err and "ghs_test_token" not in err


def test_no_pull_request(github, project: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("GITHUB_REF")
    assert review() == 64
    assert "which pull request?" in capsys.readouterr().err
    assert github.requests == []


def test_event_payload_names_the_pull_request(github, project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_REF")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": NUMBER}}))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    set_files(github, project, [RISKY_PATH])
    review()
    assert github.calls()[0] == ("GET", f"{BASE}/pulls/{NUMBER}")


def test_github_app_authentication(github, project: Path, monkeypatch) -> None:
    """No GITHUB_TOKEN: a JWT signed with the App's key buys an installation token, which the calls use."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    monkeypatch.delenv("GITHUB_TOKEN")
    monkeypatch.setenv("GITHUB_APP_ID", "4242")
    monkeypatch.setenv("GITHUB_APP_PRIVATE_KEY", pem)
    github.token = "ghs_installation_token"
    set_files(github, project, [RISKY_PATH])
    review()
    assert github.calls()[:2] == [("GET", f"{BASE}/installation"), ("POST", "/app/installations/99/access_tokens")]
    claims = jwt.decode(github.app_tokens[0], key.public_key(), algorithms=["RS256"])
    assert claims["iss"] == "4242" and claims["exp"] - claims["iat"] == 600
    assert all(r.authorization == "Bearer ghs_installation_token" for r in github.requests[2:])
    assert len(github.issue_comments) == 1


@pytest.mark.parametrize("flag", ["--fail-on", "--inline-severity"])
def test_bad_severity_flags(github, project: Path, flag: str, capsys) -> None:
    assert review(flag, "HUGE") == 64
    assert "unknown severity 'HUGE'" in capsys.readouterr().err
