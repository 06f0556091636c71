"""`triple-orm lint [FILES|DIRS...]`: lint migration SQL for locks, data loss and failures.

Exit codes: 0 clean (or nothing at or above --fail-on), 1 a finding at or above --fail-on
(default HIGH), 2 a CRITICAL finding (the migration is blocked: it fails, or loses data for good),
64 a bad flag, 65 a bad configuration, 66 a file that cannot be read, 69 a database that cannot be
reached (--database-url / --trace). Every flag defaults from `[tool.triple-orm.lint]`.

Paths default to `paths` in `[tool.triple-orm.lint]`, else `migrations` in `[tool.triple-orm]`,
else the `migrations` folder next to the Prisma schema.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cli.context import Context, add_format_argument

FORMATS = ("text", "json", "sarif", "rdjson", "gitlab", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="migration .sql files or folders (Prisma, drizzle-kit or plain)")
    add_format_argument(parser, FORMATS)
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    parser.add_argument("--fail-on", metavar="SEVERITY", help="exit 1 at or above this severity: CRITICAL, HIGH (default), MEDIUM, LOW, INFO or never")
    parser.add_argument("--runner", choices=("auto", "prisma", "drizzle", "plain"), help="how the migrations are run (default: from the folder layout)")
    parser.add_argument("--pg-version", metavar="N", help="PostgreSQL major version of production (default 14)")
    parser.add_argument("--prisma-version", metavar="X.Y", help="Prisma version (default: from package.json)")
    parser.add_argument("--since", metavar="REF", help="only the migrations added or changed since this git ref")
    parser.add_argument("--enable", metavar="RULE", action="append", default=[], help="turn a rule on (opt-in rules)")
    parser.add_argument("--disable", metavar="RULE", action="append", default=[], help="turn a rule off")
    parser.add_argument("--database-url", metavar="URL", help="weigh severities by the real tables' sizes (read-only; `env:NAME` reads the URL from $NAME)")
    parser.add_argument("--trace", metavar="URL", help="run each migration on this scratch database (its name must contain 'scratch') in a transaction that is rolled back, and report the locks taken and tables rewritten")
    parser.add_argument("--no-cache", action="store_true", help="lint every file again instead of reusing cached results")
    parser.add_argument("--explain", action="store_true", help="also list where rules stayed quiet on purpose, and why")
    parser.add_argument("--list-rules", action="store_true", help="print the rules and exit")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.errors import ExitCode

    if args.list_rules:
        ctx.write(_rules_table())
        return ExitCode.OK
    settings = _settings(args, ctx)
    paths = _paths(args, ctx, settings)
    base = Path.cwd()
    from tools.lint.runner import lint_paths

    report = lint_paths(paths, settings, base=base, project_root=ctx.config.root, since=args.since,
                        use_cache=not args.no_cache)
    secret_url = _database_steps(args, report, settings, base)
    _write(args, ctx, report, settings, base, secret_url)
    return report.exit_code(settings.fail_on)


def _settings(args: argparse.Namespace, ctx: Context):
    from tools.errors import ConfigError, UsageError
    from tools.lint.ruleids import rule_ids
    from tools.lint.settings import parse_fail_on, parse_pg_version, parse_runner, parse_version, settings_from_config

    settings = settings_from_config(ctx.config.section("lint"), ctx.config.root)
    rules = dict(settings.rules)
    known = rule_ids()
    for rule_id, value in [(r, "on") for r in args.enable] + [(r, "off") for r in args.disable]:
        if rule_id not in known:
            raise UsageError(f"unknown rule {rule_id!r}", help="see `triple-orm lint --list-rules`")
        rules[rule_id] = value
    unknown = sorted(set(rules) - known)
    if unknown:
        raise ConfigError(f"unknown rule(s) in [tool.triple-orm.lint.rules]: {', '.join(unknown)}",
                          help="see `triple-orm lint --list-rules`")
    changes = {"rules": rules, "collect_exemptions": args.explain or None}
    try:  # a bad flag value is a usage error (64), the same value in the configuration a config error (65)
        if args.runner:
            changes["runner"] = parse_runner(args.runner)
        if args.pg_version:
            changes["pg_version"] = parse_pg_version(args.pg_version)
        if args.prisma_version:
            changes["prisma_version"] = parse_version(args.prisma_version)
        fail_on = parse_fail_on(args.fail_on) if args.fail_on else settings.fail_on
    except ConfigError as error:
        raise UsageError(error.message, help=error.help) from None
    from dataclasses import replace

    return replace(settings.with_(**changes), fail_on=fail_on)  # None (never) is a value here


def _paths(args: argparse.Namespace, ctx: Context, settings) -> list[Path]:
    from tools.errors import UsageError

    if args.paths:
        return [Path(p) for p in args.paths]
    if settings.paths:
        return list(settings.paths)
    configured = ctx.config.path("migrations")
    if configured is not None:
        return [configured]
    schema = ctx.config.path("schema")
    if schema is not None:
        folder = schema if schema.is_dir() else schema.parent
        if (folder / "migrations").is_dir():
            return [folder / "migrations"]
    raise UsageError("no migrations to lint", help="give .sql files or folders, or set `migrations` in [tool.triple-orm]")


def _database_steps(args: argparse.Namespace, report, settings, base: Path) -> str | None:
    """--database-url and --trace; returns the URL whose password must be scrubbed from the output."""
    import os

    from tools.errors import UsageError

    url = args.database_url
    if url and url.startswith("env:"):
        url = os.environ.get(url[4:])
        if not url:
            raise UsageError(f"${args.database_url[4:]} is not set", help="export it, or pass the URL itself")
    if url:
        from tools.lint.database import weigh_report

        weigh_report(report, url, settings)
    if args.trace:
        from tools.lint.trace import trace_report

        trace_report(report, args.trace, base, settings)
    return url or args.trace


def _write(args: argparse.Namespace, ctx: Context, report, settings, base: Path, secret_url: str | None) -> None:
    from tools import __version__
    from tools.report import ToolInfo, render

    fmt = ctx.output_format(args, "lint")
    descriptions = {}
    if fmt == "sarif":  # rule descriptions for code scanning's rule list (the only format that shows them)
        from tools.lint.rules import REGISTRY

        descriptions = {r.id: r.summary() for r in REGISTRY}
    tool = ToolInfo("triple-orm lint", __version__, rules=descriptions)
    cached = sum(1 for f in report.files if f.cached)
    summary = {"files_linted": len(report.files), "from_cache": cached}
    interactive = fmt == "text" and not args.output and ctx.color and getattr(ctx.out, "isatty", lambda: False)()
    extra = report.extras()
    text = render(report.findings, fmt, tool=tool, base=base, summary=summary, color=interactive, extra=extra)
    if fmt == "text":
        text += _text_extras(report)
    if secret_url:
        from tools.database.connect import scrub

        text = scrub(text, secret_url)
    if args.output:
        from tools.sync.writer import write_all

        write_all([(Path(args.output), text)])
    else:
        ctx.out.write(text)


def _text_extras(report) -> str:
    lines = []
    for trace in report.traces:
        lines.append(trace.render_text())
    if report.exemptions:
        lines.append("Rules that stayed quiet on purpose:")
        lines += [f"  {e['file']} statement {e['statement']}: {e['rule']}: {e['reason']}" for e in report.exemptions]
    lines += [f"note: {n}" for n in report.notes]
    return "\n".join(lines) + ("\n" if lines else "")


def _rules_table() -> str:
    from tools.lint.rules import REGISTRY

    width = max(len(r.id) for r in REGISTRY)
    rows = [f"{'rule':<{width}}  {'severity':<8}  summary"]
    for rule in REGISTRY:
        flag = " (opt-in)" if rule.opt_in else ""
        rows.append(f"{rule.id:<{width}}  {rule.severity.value:<8}  {rule.summary()}{flag}")
    return "\n".join(rows)
