"""`triple-orm health`: the weekly check. Everything `check` compares, plus what the database's own
statistics say: unused, duplicate, redundant and invalid indexes, foreign keys without an index,
sequences close to the end of their type, constraints still NOT VALID, tables without a key. Each
finding names the line of schema.prisma that created the object, or says that nothing did.

Exit codes as for `check`: 0 healthy, 1 findings at or above `--fail-on` (default MEDIUM here),
2 the check could not run. `--format markdown` writes a report for a weekly issue or chat post.
On a terminal a progress bar (stderr) shows which step a long check is at.

    [tool.triple-orm.health]
    fail-on = "MEDIUM"
    sequence-warn = 0.75      # share of a serial/identity column's range used: MEDIUM
    sequence-high = 0.90      # HIGH
    large-index-mb = 100      # an unused index at least this big is MEDIUM rather than LOW
"""

from __future__ import annotations

import argparse
from typing import Any

from agent.cli.context import Context

FORMATS = ("text", "json", "markdown", "sarif", "rdjson", "gitlab", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from agent.cli import cmd_check

    cmd_check.add_arguments(parser)
    for action in parser._actions:  # the same flags as `check`, plus the Markdown report
        if action.dest == "format":
            action.choices = FORMATS
            action.help = f"output format (default: text); one of {', '.join(FORMATS)}"
        if action.dest == "fail_on":
            action.help = "exit 1 on findings at or above this severity (default MEDIUM)"
    parser.add_argument("--markdown", action="store_const", const="markdown", dest="format",
                        help="shorthand for --format markdown (a weekly issue or chat post)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.cli import cmd_check
    from tools.database.connect import scrub
    from tools.errors import UsageError
    from tools.findings import Severity
    from tools.health.settings import health_section

    settings = health_section(ctx.config)
    options, url = cmd_check.check_options(args, ctx)
    if not url:
        raise UsageError("health reads the statistics of a live database",
                         help="pass --database-url or set DATABASE_URL (--embedded has no statistics to read)")
    fail_on = Severity.parse(args.fail_on or str(settings.get("fail_on", "MEDIUM")))
    fmt = args.format or settings.get("format") or "text"
    report = _checked(options, url, settings, ctx)
    text = _render(report, fmt, fail_on, ctx)
    ctx.out.write(scrub(text, url))
    return report.exit_code(fail_on)


def _checked(options: Any, url: str, settings: dict[str, Any], ctx: Context):
    """`check`'s comparisons, then the statistics checks, under a progress bar (stderr, on a terminal):
    on a large database the catalog and statistics reads are the wait."""
    from agent.cli.chat_view import step_progress
    from tools.drift.check import run_check
    from tools.health import HEALTH_STEPS, reporting_progress

    steps = 1 + len(HEALTH_STEPS)
    with step_progress(ctx.console(stderr=True), "health") as progress:
        progress("comparing schema.prisma, the database, the migrations and the generated files", 0, steps)
        report = run_check(options)
        with reporting_progress(lambda step, done, total: progress(step, done + 1, steps)):
            _add_health(report, url, options, settings)
    return report


def _add_health(report: Any, url: str, options: Any, settings: dict[str, Any]) -> None:
    """Run the statistics checks and add them to the drift report as one more comparison."""
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.drift.results import Comparison
    from tools.errors import DatabaseError
    from tools.health import run_health
    from tools.health.settings import thresholds_from
    from tools.prisma import load_schema

    comparison = Comparison("health", "database statistics")
    try:
        schema = load_schema(options.schema)
        health = run_health(url, prisma_to_catalog(schema), schema_file=schema.path, thresholds=thresholds_from(settings))
    except DatabaseError as error:
        report.add(comparison.fail(error.message))
        return
    comparison.compared = {"tables": health.tables, "indexes": health.indexes, "sequences": health.sequences}
    comparison.findings = health.findings
    if health.stats_reset:
        comparison.notes.append(f"statistics since {health.stats_reset[:19]}")
    report.add(comparison)


def _render(report: Any, fmt: str, fail_on: Any, ctx: Context) -> str:
    if fmt == "markdown":
        return _markdown(report)
    if fmt == "text":
        from agent.cli.check_view import render_text

        interactive = hasattr(ctx.out, "isatty") and ctx.out.isatty()
        return render_text(report, fail_on, color=ctx.color and interactive, title="triple-orm health")
    if fmt == "json":
        from agent.cli.check_view import render_json

        return render_json(report, fail_on)
    from agent.cli.check_view import render_ci

    return render_ci(report, fmt)


def _markdown(report: Any) -> str:
    from tools.health import HealthReport
    from tools.health.markdown import health_markdown

    health = next((c for c in report.comparisons if c.name == "health"), None)
    compared = health.compared if health else {}
    drift = [f for c in report.comparisons if c.name != "health" for f in c.findings]
    problems = [f"{c.title}: could not run ({c.reason})" for c in report.comparisons if c.status == "failed"]
    summary = HealthReport(report.sources.get("database", ""), health.findings if health else [],
                           compared.get("tables", 0), compared.get("indexes", 0), compared.get("sequences", 0),
                           next((n[len("statistics since "):] for n in (health.notes if health else []) if n.startswith("statistics since")), None))
    text = health_markdown(summary, drift)
    if problems:
        text += "\n" + "\n".join(f"> ⚠️ {p}" for p in problems) + "\n"
    return text
