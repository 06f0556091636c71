"""`triple-orm review` when GitHub says no, and without credentials, against conftest.FakeGitHub: a
local HTTP server that stands in for GitHub (the real API cannot be reached from the tests) and
answers as GitHub documents: rate limits (403/429 with `x-ratelimit-remaining: 0` or
`retry-after`), 401, 404, 422 for a review comment outside the diff or a body over 65,536
characters, 5xx. Each ends in one clear message and exit 69 (or is retried where GitHub says to),
never a traceback; without a token the review posts nothing and prints exactly what it would post.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from agent.cli import main
from testkit.pull_request import set_added_files as set_files

REPO, NUMBER = "acme/shop", 7
BASE = f"/repos/{REPO}"
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"
MAX_BODY = 65_536  # GitHub's limit on a comment body


def review(*args: str) -> int:
    return main(["review", "--drift", "off", *args])


def writes(github) -> list[tuple[str, str]]:
    return [c for c in github.calls() if c[0] != "GET"]


def clean_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ghs_test_token" not in err
    return err


def test_secondary_rate_limit_with_a_short_retry_after_is_waited_out(github, project: Path) -> None:
    set_files(github, project, [RISKY_PATH])
    github.fail("GET", rf"{BASE}/pulls/\d+/files", 429, "You have exceeded a secondary rate limit",
                               {"retry-after": "1"}, times=1)
    started = time.monotonic()
    assert review() == 1
    assert time.monotonic() - started >= 1  # it waited as told
    assert github.calls("GET").count(("GET", f"{BASE}/pulls/{NUMBER}/files")) == 2
    assert len(github.issue_comments) == 1


def test_secondary_rate_limit_with_a_long_wait_stops_with_the_wait(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    github.fail("POST", rf"{BASE}/issues/\d+/comments", 403, "You have exceeded a secondary rate limit",
                               {"retry-after": "3600"})
    assert review() == 69
    err = clean_error(capsys)
    assert "GitHub's secondary rate limit: it asks to wait 3600 s" in err and "re-run the job later" in err
    assert writes(github) == [("POST", f"{BASE}/issues/{NUMBER}/comments")]  # tried once, not again


def test_hourly_rate_limit_used_up_names_the_reset_time(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    reset = 4_102_444_800 + 3 * 3600 + 25 * 60  # 2100-01-01 03:25:00 UTC
    github.fail("GET", rf"{BASE}/pulls/\d+", 403, "API rate limit exceeded for installation ID 1",
                               {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)})
    assert review() == 69
    err = clean_error(capsys)
    assert "403 API rate limit exceeded" in err and "(5000 calls an hour) is used up; it resets at 03:25:00 UTC" in err
    assert github.calls() == [("GET", f"{BASE}/pulls/{NUMBER}")]  # no retry: the wait can be an hour


def test_bad_credentials(github, project: Path, capsys) -> None:
    github.token = "another token"  # the one the review sends is no longer valid
    assert review() == 69
    err = clean_error(capsys)
    assert "GitHub refused GET /repos/acme/shop/pulls/7: 401 Bad credentials" in err
    assert "the token is wrong or has expired" in err


def test_pull_request_not_found(github, project: Path, capsys) -> None:
    assert review("--pr", "8") == 69
    err = clean_error(capsys)
    assert "404 Not Found" in err and "does not exist, or the token cannot see it" in err


def test_review_comment_outside_the_diff_is_explained(github, project: Path, capsys) -> None:
    """A push between reading the diff and posting: GitHub refuses the review with 422. The summary,
    posted first, still lists every finding."""
    set_files(github, project, [RISKY_PATH])
    github.fail("POST", rf"{BASE}/pulls/\d+/reviews", 422,
                               "Unprocessable Entity: pull_request_review_thread.line must be part of the diff")
    assert review() == 69
    err = clean_error(capsys)
    assert "422 Unprocessable Entity: pull_request_review_thread.line must be part of the diff" in err
    assert "only on lines of the pull request's diff" in err and "a newer push, whose run will post them" in err
    assert len(github.issue_comments) == 1 and "ban-drop-column" in github.issue_comments[0]["body"]


def test_server_errors_retry_a_read_once_but_never_a_post(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    github.fail("GET", rf"{BASE}/issues/\d+/comments", 502, "Server Error", times=1)
    assert review() == 1  # the read was tried again and went through
    assert github.calls().count(("GET", f"{BASE}/issues/{NUMBER}/comments")) == 2
    github.requests.clear()
    (project / RISKY_PATH).write_text((project / RISKY_PATH).read_text() + 'ALTER TABLE "Author" DROP COLUMN "email";\n')
    set_files(github, project, [RISKY_PATH])
    github.fail("POST", rf"{BASE}/pulls/\d+/reviews", 503, "Service Unavailable")
    assert review() == 69
    err = clean_error(capsys)
    assert "503 Service Unavailable (GitHub's own trouble)" in err and "githubstatus" in err
    assert writes(github).count(("POST", f"{BASE}/pulls/{NUMBER}/reviews")) == 1  # a POST may have landed: not repeated


def test_unreachable_github(github, project: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens there
    assert review() == 69
    assert "cannot reach GitHub at 127.0.0.1:9" in clean_error(capsys)


def test_a_summary_past_the_size_limit_falls_back_and_is_accepted(github, project: Path) -> None:
    """Hundreds of findings: the full report is longer than GitHub takes (the fake refuses a body over
    65,536 characters with 422, as GitHub does); the summary falls back to one row per file."""
    many = [f"prisma/migrations/2024030{n // 10}{n % 10:02}0000_drop_{n}/migration.sql" for n in range(60)]
    for n, path in enumerate(many):
        (project / path).parent.mkdir(parents=True)
        (project / path).write_text("".join(f'ALTER TABLE "Post" DROP COLUMN "c{n}_{k}";\n' for k in range(8)))
    set_files(github, project, many)
    assert review("--max-inline", "5") == 1
    posted = github.issue_comments[0]["body"]
    assert len(posted) <= MAX_BODY and "one row per file" in posted and "longer than a GitHub comment allows" in posted
    length = int(posted.split("The full report (")[1].split(" characters")[0].replace(",", ""))
    assert length > MAX_BODY  # it was needed
    assert all(f"`{path}`" in posted for path in many[:3])
    assert all(len(c["body"]) <= MAX_BODY for c in github.review_comments)


def test_an_inline_comment_past_the_size_limit_loses_its_extras(tmp_path: Path) -> None:
    from agent.review.comments import MARK, MAX_BODY as COMMENT_MAX, comment_body
    from tools.findings import Finding, Location, Severity

    huge = "SELECT 1;\n" * 10_000
    finding = Finding("ban-drop-column", Severity.HIGH, "Dropping column t.c deletes its data.", "Stop using it first.",
                      Location("m.sql", 1), data={"rewrite": [{"title": "copy first", "sql": huge}]})
    body = comment_body(finding, "a" * 32, None)
    assert len(body) <= COMMENT_MAX <= MAX_BODY
    assert "Dropping column t.c" in body and body.endswith(MARK.format("a" * 32))
    assert "too long for a comment" in body
    short = Finding("ban-drop-column", Severity.HIGH, "m", "h", Location("m.sql", 1),
                    data={"rewrite": [{"title": "copy first", "sql": "SELECT 1;"}]})
    assert "```sql\nSELECT 1;\n```" in comment_body(short, "a" * 32, None)  # below the limit, nothing is cut


def test_without_a_token_it_prints_exactly_what_it_would_post(github, project: Path, monkeypatch, capsys) -> None:
    """A public repository read anonymously: nothing is posted, and what is printed is what a run with a
    token then posts, byte for byte."""
    set_files(github, project, [RISKY_PATH])
    github.public = True
    monkeypatch.delenv("GITHUB_TOKEN")
    assert review("--json") == 1
    captured = capsys.readouterr()
    assert "no GitHub credentials (GITHUB_TOKEN): posting nothing" in captured.err
    planned = json.loads(captured.out)
    assert planned["dry_run"] is True and writes(github) == []
    assert all(r.authorization == "" for r in github.requests)
    assert review() == 1  # the text form: the summary and each inline comment, in full
    text = capsys.readouterr().out
    assert "--- summary comment ---\n" + planned["summary"] in text
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_test_token")
    github.requests.clear()
    assert review() == 1
    posted = {(r.method, r.path): r.body for r in github.requests if r.method != "GET"}
    assert [(a["method"], a["path"]) for a in planned["actions"]] == list(posted)
    assert [a["payload"] for a in planned["actions"]] == list(posted.values())
    for comment in planned["actions"][1]["payload"]["comments"]:
        assert f"--- inline comment on {comment['path']}:{comment['line']} ---\n{comment['body']}" in text


def test_without_a_token_a_private_repository_says_what_is_missing(github, project: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    assert review() == 69
    err = clean_error(capsys)
    assert "404 Not Found (read without a token)" in err and "set GITHUB_TOKEN" in err and "--dry-run --since" in err
    assert github.calls() == [("GET", f"{BASE}/pulls/{NUMBER}")]


def test_rdjson_and_gitlab_formats_carry_the_same_findings(github, project: Path, capsys) -> None:
    set_files(github, project, [RISKY_PATH])
    review("--dry-run", "--format", "rdjson")
    rdjson = json.loads(capsys.readouterr().out)
    review("--dry-run", "--format", "gitlab")
    gitlab = json.loads(capsys.readouterr().out)
    review("--dry-run", "--json")
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert sorted(d["code"]["value"] for d in rdjson["diagnostics"]) == sorted(f["rule"] for f in findings)
    assert {d["location"]["path"] for d in rdjson["diagnostics"]} == {RISKY_PATH}
    assert sorted(i["check_name"] for i in gitlab) == sorted(f["rule"] for f in findings)
    assert {i["location"]["path"] for i in gitlab} == {RISKY_PATH}
