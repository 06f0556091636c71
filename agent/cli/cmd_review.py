"""`triple-orm review`: review a GitHub pull request's migrations, schema and generated files.

    triple-orm review                              # in a pull_request workflow (GITHUB_TOKEN, event payload)
    triple-orm review --repo acme/api --pr 42      # elsewhere, with GITHUB_TOKEN set
    triple-orm review --dry-run --since origin/main   # locally: print what would be posted, post nothing
    triple-orm review --since origin/main --format rdjson | reviewdog -f=rdjson -reporter=gitlab-mr-discussion

Lints the migrations the pull request adds or changes and, when it touches the schema, the
migrations or the generated files, runs the drift check and `sync --check` on them. Posts one
summary comment, edited in place on every run, and review comments on the changed lines at risk
(rule, severity, the lock and what it blocks, a `suggestion` when the linter has a verified fix).
A re-run edits, keeps or retires its earlier comments instead of repeating them. When the pull
request changes schema.prisma, the summary draws the tables it touches as a Mermaid ER diagram.
Without credentials, or with --dry-run, it posts nothing and prints exactly what it would post
(reading a public repository's pull request anonymously, or the local `git diff` with --since).
`--format rdjson|gitlab|sarif` prints the same findings for reviewdog, GitLab Code Quality or code
scanning on stdout (the rest goes to stderr).

The live database: when the environment variable named by --database-url-env (default: the
`database-url-env` of [tool.triple-orm.check], else DATABASE_URL) holds a URL (in CI, from a
secret), and the pull request touches the schema or the migrations, the review reads that database
(read-only) and compares it with the schema at the pull request's BASE (drift already there) and
its `_prisma_migrations` with the pull request's migrations (those it adds are pending; one it edits
that is already applied is a HIGH finding on that file). A URL is never taken on the command line,
and its password appears in nothing printed or posted. `--drift off` turns it off; `--drift live`
is `auto` with the live database required (exit 64 when the variable is unset or empty).

Credentials: GITHUB_TOKEN (the workflow needs `permissions: pull-requests: write`), or a GitHub
App's GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY (+ GITHUB_APP_INSTALLATION_ID). GITHUB_API_URL and
GITHUB_SERVER_URL choose the server (GitHub Enterprise). Exit codes as for `lint`: 0 nothing at or
above --fail-on, 1 findings at or above it, 2 a CRITICAL finding or a check that could not run,
64 usage, 65 bad configuration, 69 GitHub unreachable or refusing (see the message for the permission).
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from agent.cli.context import Context, add_format_argument

FORMATS = ("text", "json", "github", "rdjson", "gitlab", "sarif")
MACHINE = ("github", "rdjson", "gitlab", "sarif")  # findings on stdout for another program; the log on stderr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: $GITHUB_REPOSITORY)")
    parser.add_argument("--pr", type=int, metavar="N", help="the pull request (default: from the workflow's event)")
    parser.add_argument("--since", metavar="BASE", help="take the changed files and lines from `git diff BASE` (as "
                        "`lint --since`) instead of GitHub's list of the pull request's files")
    parser.add_argument("--dry-run", action="store_true", help="print what would be posted; post, edit and delete nothing")
    add_format_argument(parser, FORMATS)
    parser.add_argument("--drift", choices=("auto", "embedded", "files", "live", "off"), default="auto",
                        help="auto (default): replay the migrations on a throwaway PostgreSQL when the schema or the "
                             "migrations change, else compare only the generated files, and read the live database "
                             "when its URL is in the environment; live: as auto, the live database required; "
                             "off: lint only")
    parser.add_argument("--database-url-env", metavar="NAME",
                        help="the environment variable holding the live database's URL (default: `database-url-env` "
                             "of [tool.triple-orm.check], else DATABASE_URL); never pass a URL on the command line")
    parser.add_argument("--fail-on", metavar="SEVERITY", help="exit 1 at or above this severity (default: lint's fail-on, HIGH)")
    parser.add_argument("--inline-severity", metavar="SEVERITY", default="MEDIUM",
                        help="the lowest severity posted as an inline comment (default MEDIUM; the summary lists all)")
    parser.add_argument("--max-inline", type=int, default=30, metavar="N", help="at most N inline comments (default 30)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.review.checks import ReviewInput, run_checks
    from agent.review.comments import plan_comments
    from agent.review.diff import from_git, from_github, head_commit, repository_root
    from agent.review.publish import Existing, plan_actions, read_existing
    from agent.review.summary import SummaryContext, summary_markdown
    from tools import __version__
    from tools.database.connect import scrub
    from tools.report.common import fingerprints

    fail_on, inline_from = _severities(args, ctx)
    live_env, live_url = _live_database(args, ctx)
    repo, number = _pull_request(args)
    root = repository_root(Path.cwd())
    gh = None if args.since and (args.dry_run or not _has_credentials()) else _client(repo, number)
    if (gh is not None and gh.token is None) or (gh is None and not args.dry_run):
        args.dry_run = True
        ctx.note("no GitHub credentials (GITHUB_TOKEN): posting nothing, printing what would be posted")
    pull = _read_pull(gh, number) if gh else {}
    head = pull["head"]["sha"] if gh else head_commit(root)
    changed = from_git(root, args.since) if args.since else from_github(gh.pull_files(number))
    base = pull.get("base") or {}
    base_file = _base_reader(root, args.since, gh, base.get("sha"))
    base_ref = args.since or (f"{base.get('ref')} @ {base['sha'][:7]}" if base.get("sha") else None)
    results = run_checks(ReviewInput(root, changed, args.since, args.drift, base_file, base_ref, live_url, live_env), ctx)
    prints = fingerprints(results.findings, "triple-orm")
    comments = plan_comments(results.findings, prints, changed, root, min_severity=inline_from,
                             max_inline=args.max_inline)
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    summary = summary_markdown(results, prints, comments, SummaryContext(repo, head, server, fail_on, __version__))
    summary = scrub(summary, live_url)  # the live database's password: already out of every message, checked once more
    reviewed = bool(results.linted or results.comparisons or results.findings or results.stale or results.schema_changes
                    or (results.live is not None and results.live.status != "skipped"))
    actions = plan_actions(repo or "OWNER/NAME", number or 0, head, summary, comments,
                           read_existing(gh, number) if gh else Existing(), reviewed)
    _output(args, ctx, gh, number, actions, summary, results, root, live_url)
    return _exit_code(results, fail_on)


def _live_database(args: argparse.Namespace, ctx: Context) -> tuple[str, str | None]:
    """The environment variable naming the live database, and its URL (None: not set, or --drift off)."""
    from tools.errors import UsageError

    configured = ctx.config.section("check").get("database_url_env")
    name = args.database_url_env or (str(configured) if configured else "DATABASE_URL")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        # never echoed: a URL pasted here by mistake would print its password
        raise UsageError("--database-url-env takes the name of an environment variable (such as STAGING_DATABASE_URL), "
                         "not a value", help="put the URL in the variable: env: STAGING_DATABASE_URL: ${{ secrets.… }}")
    url = os.environ.get(name) or None
    if args.drift == "live" and url is None:
        raise UsageError(f"--drift live needs the live database's URL in ${name}, which is not set (or empty)",
                         help=f"set {name} from a CI secret, or name another variable with --database-url-env; "
                              "a pull request from a fork gets no secrets")
    if url is None and (args.database_url_env or configured) and args.drift != "off":
        ctx.note(f"${name} is not set: the live database is not checked")
    return name, (url if args.drift != "off" else None)


def _read_pull(gh, number: int) -> dict:
    """The pull request; read anonymously, a private repository answers 404: say that a token is missing."""
    from agent.review.github import GitHubError

    try:
        return gh.pull(number)
    except GitHubError as error:
        if gh.token is None and error.status in (401, 403, 404):
            raise GitHubError(f"{error.message} (read without a token)", status=error.status,
                              help="set GITHUB_TOKEN to read a private repository, or review locally without GitHub: "
                                   "--dry-run --since origin/main") from None
        raise


def _base_reader(root: Path, since: str | None, gh, base_sha: str | None):
    """How to read a file as it was at the pull request's base: `git show BASE:path`, or GitHub's contents."""
    import subprocess

    if since:
        def from_git(path: str) -> str | None:
            done = subprocess.run(["git", "-C", str(root), "show", f"{since}:{path}"], capture_output=True, timeout=60)
            return done.stdout.decode("utf-8-sig", errors="replace") if done.returncode == 0 else None
        return from_git
    if gh is not None and base_sha:
        return lambda path: gh.file_at(path, base_sha)
    return None


def _severities(args: argparse.Namespace, ctx: Context):
    from tools.errors import ConfigError, UsageError
    from tools.lint.settings import parse_fail_on, settings_from_config

    from tools.findings import Severity

    try:
        fail_on = parse_fail_on(args.fail_on) if args.fail_on else settings_from_config(
            ctx.config.section("lint"), ctx.config.root).fail_on
    except ConfigError as error:
        raise UsageError(error.message, help=error.help) from None
    return fail_on, Severity.parse(args.inline_severity)


def _pull_request(args: argparse.Namespace) -> tuple[str | None, int | None]:
    """The repository and pull request: flags, else the Actions environment and event payload."""
    from tools.errors import UsageError

    repo = args.repo or os.environ.get("GITHUB_REPOSITORY")
    if repo is not None and not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        raise UsageError(f"--repo {repo!r} is not OWNER/NAME")
    number = args.pr
    if number is None and os.environ.get("GITHUB_EVENT_PATH"):
        try:
            event = json.loads(Path(os.environ["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
            number = (event.get("pull_request") or {}).get("number")
        except (OSError, ValueError):
            number = None
    if number is None:
        found = re.fullmatch(r"refs/pull/(\d+)/(?:merge|head)", os.environ.get("GITHUB_REF", ""))
        number = int(found[1]) if found else None
    return repo, number


def _has_credentials() -> bool:
    return any(os.environ.get(name) for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_ID"))


def _client(repo: str | None, number: int | None):
    """The GitHub client; without credentials an anonymous one (a public repository reads without a token)."""
    from agent.review.auth import github_token
    from agent.review.github import GitHub
    from tools.errors import UsageError

    if repo is None or number is None:
        raise UsageError("which pull request? pass --repo OWNER/NAME and --pr N (a pull_request workflow sets both)",
                         help="or review the working tree locally: --dry-run --since origin/main")
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    token = github_token(os.environ, api, repo) if _has_credentials() else None
    return GitHub(api, token, repo, graphql_url=os.environ.get("GITHUB_GRAPHQL_URL"))


def _output(args, ctx: Context, gh, number, actions, summary: str, results, root: Path, live_url: str | None) -> None:
    from agent.review.publish import execute
    from tools.database.connect import scrub

    fmt = ctx.output_format(args)
    if fmt in MACHINE:  # findings on stdout (annotations, reviewdog, GitLab, code scanning); the log goes to stderr
        from tools.report import render

        ctx.out.write(scrub(render(results.findings, fmt, tool="triple-orm review", base=root), live_url))
    log = ctx.note if fmt in MACHINE else ctx.write
    live = results.live.to_dict() if results.live is not None else None
    if args.dry_run:
        if fmt == "json":
            ctx.write_json({"dry_run": True, "actions": [a.to_dict() for a in actions], "summary": summary,
                            "findings": [f.to_dict() for f in results.findings], "live_database": live})
            return
        log("dry run: nothing was posted. It would:")
        for action in actions:
            log(f"  {action.method} {action.path}  ({action.kind}: {action.about})")
        log("\n--- summary comment ---\n" + summary)
        for action in actions:
            for comment in (action.payload or {}).get("comments", []):
                log(f"--- inline comment on {comment['path']}:{comment['line']} ---\n{comment['body']}")
        return
    done = execute(gh, number, actions)
    if fmt == "json":
        ctx.write_json({"dry_run": False, "actions": [a.to_dict() for a in actions], "done": done, "live_database": live})
    else:
        for line in done:
            log(line)


def _exit_code(results, fail_on) -> int:
    from tools.errors import ExitCode
    from tools.findings import Severity, worst

    top = worst(results.findings)
    if top is Severity.CRITICAL or results.failed:
        return ExitCode.BLOCKED
    if fail_on is not None and top is not None and top.at_least(fail_on):
        return ExitCode.FINDINGS
    return ExitCode.OK
