"""`triple-orm check`: the pre-deployment gate. Do schema.prisma, the database, the migration history
and the Drizzle and Kysely files agree?

Exit codes: 0 everything agrees; 1 drift (a finding at or above `--fail-on`, default LOW: objects
outside Prisma's model are INFO and never fail); 2 the check could not run (unreachable database,
no permission on the catalog, a migrations folder that does not apply, a comparison that compared
nothing). Every flag defaults from `[tool.triple-orm]` and `[tool.triple-orm.check]`:

    [tool.triple-orm]
    schema = "apps/api/prisma/schema.prisma"
    migrations = "apps/api/prisma/migrations"
    drizzle-out = "packages/db/src/drizzle/schema.ts"
    kysely-out = "packages/db/src/kysely/types.ts"

    [tool.triple-orm.check]
    fail-on = "LOW"                   # INFO | LOW | MEDIUM | HIGH | CRITICAL
    format = "text"
    database-url-env = "DATABASE_URL" # the environment variable holding the URL
    embedded = false                  # true: no database, replay the migrations on a throwaway PostgreSQL
    replay = true                     # replay the migrations to find schema changes no migration carries
    statement-timeout-ms = 30000
    ignore-rules = []                 # rule ids left out of the report
    ignore-tables = []                # glob patterns of tables compared on neither side

The password of the connection string never appears in any output: the report is scrubbed of it
before it is written, whatever the format.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from agent.cli.common import add_schema_argument, schema_path
from agent.cli.context import Context, add_format_argument

FORMATS = ("text", "json", "sarif", "rdjson", "gitlab", "github")
_CHECK_KEYS = {"fail_on", "format", "database_url_env", "embedded", "replay", "statement_timeout_ms",
               "ignore_rules", "ignore_tables"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser, positional=False)
    parser.add_argument("--database-url", metavar="URL", help="the database to check (default: $DATABASE_URL)")
    parser.add_argument("--migrations", metavar="DIR", help="the Prisma migrations folder (default: `migrations` in the configuration)")
    parser.add_argument("--drizzle", metavar="FILE", help="the Drizzle schema file (default: `drizzle-out`)")
    parser.add_argument("--kysely", metavar="FILE", help="the Kysely types file (default: `kysely-out`)")
    parser.add_argument("--embedded", action="store_true", default=None,
                        help="no database at hand: replay the migrations on a throwaway PostgreSQL and check against it")
    parser.add_argument("--no-replay", dest="replay", action="store_false", default=None,
                        help="do not replay the migrations folder to look for schema changes without a migration")
    parser.add_argument("--fail-on", metavar="SEVERITY", help="exit 1 on findings at or above this severity (default LOW)")
    parser.add_argument("--statement-timeout", metavar="MS", type=int, help="statement timeout of the database reads (default 30000)")
    add_format_argument(parser, FORMATS)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.drift.check import run_check
    from tools.findings import Severity

    settings = _settings(ctx)
    options, url = _options(args, ctx, settings)
    fail_on = Severity.parse(args.fail_on or str(settings.get("fail_on", "LOW")))
    fmt = ctx.output_format(args, "check")
    report = run_check(options)
    text = _render(report, fmt, fail_on, ctx)
    from tools.database.connect import scrub

    ctx.out.write(scrub(text, url))
    return report.exit_code(fail_on)


def check_options(args: argparse.Namespace, ctx: Context):
    """CheckOptions and the URL as `triple-orm check` builds them from these flags and the project's
    `[tool.triple-orm.check]` (also what `health`, `review` and the MCP server's check_drift use)."""
    return _options(args, ctx, _settings(ctx))


def _settings(ctx: Context) -> dict[str, Any]:
    from tools.errors import ConfigError

    section = ctx.config.section("check")
    unknown = set(section) - _CHECK_KEYS
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.triple-orm.check] of {ctx.config.source}: "
                          f"{', '.join(sorted(k.replace('_', '-') for k in unknown))}",
                          help=f"known keys: {', '.join(sorted(k.replace('_', '-') for k in _CHECK_KEYS))}")
    return section


def _options(args: argparse.Namespace, ctx: Context, settings: dict[str, Any]):
    """CheckOptions from the flags, else the configuration; and the URL (to scrub from the output)."""
    from tools.drift.check import CheckOptions
    from tools.errors import UsageError

    embedded = args.embedded if args.embedded is not None else _flag(settings, "embedded", False, ctx)
    if embedded and args.database_url:
        raise UsageError("--embedded and --database-url exclude each other",
                         help="--embedded checks against the migrations replayed on a throwaway PostgreSQL")
    env_name = str(settings.get("database_url_env", "DATABASE_URL"))
    url = args.database_url or (None if embedded else os.environ.get(env_name) or None)
    timeout = args.statement_timeout if args.statement_timeout is not None else settings.get("statement_timeout_ms", 30_000)
    if not isinstance(timeout, int) or timeout <= 0:
        raise UsageError(f"the statement timeout must be a positive number of milliseconds, not {timeout!r}")
    options = CheckOptions(
        schema=schema_path(args, ctx),
        database_url=url,
        migrations=Path(args.migrations) if args.migrations else ctx.config.path("migrations"),
        drizzle=Path(args.drizzle) if args.drizzle else ctx.config.path("drizzle-out"),
        kysely=Path(args.kysely) if args.kysely else ctx.config.path("kysely-out"),
        embedded=embedded,
        replay=args.replay if args.replay is not None else _flag(settings, "replay", True, ctx),
        statement_timeout_ms=timeout,
        ignore_rules=_rule_list(settings, ctx),
        ignore_tables=_string_list(settings, "ignore_tables", ctx),
    )
    if options.drizzle or options.kysely:
        options.sync_options, options.sync_source = _sync_settings(options, ctx)
    return options, url


def _flag(settings: dict[str, Any], key: str, default: bool, ctx: Context) -> bool:
    from tools.errors import ConfigError

    value = settings.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"`{key.replace('_', '-')}` in [tool.triple-orm.check] of {ctx.config.source} must be true or false")
    return value


def _string_list(settings: dict[str, Any], key: str, ctx: Context) -> tuple[str, ...]:
    from tools.errors import ConfigError

    value = settings.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{key.replace('_', '-')}` in [tool.triple-orm.check] of {ctx.config.source} must be a list of strings")
    return tuple(value)


def _rule_list(settings: dict[str, Any], ctx: Context) -> tuple[str, ...]:
    from tools.drift.rules import RULES
    from tools.errors import ConfigError

    rules = _string_list(settings, "ignore_rules", ctx)
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise ConfigError(f"unknown rule id(s) in `ignore-rules` of {ctx.config.source}: {', '.join(unknown)}",
                          help="`triple-orm check --format json` names the rule of each finding")
    return rules


def _sync_settings(options: Any, ctx: Context) -> tuple[Any, str | None]:
    """The sync options and schema label `triple-orm sync` would use: a generated file is stale
    only when sync, run now with the same settings, would write something else."""
    from tools.prisma import locate_schema
    from tools.sync import SyncOptions

    sync_options = SyncOptions.from_config(ctx.config.section("sync"), ctx.config.source)
    schema_file = options.schema or locate_schema(Path.cwd())
    if ctx.config.source is None:
        return sync_options, Path(schema_file).as_posix()
    try:
        return sync_options, Path(os.path.relpath(Path(schema_file).resolve(), ctx.config.root)).as_posix()
    except ValueError:
        return sync_options, Path(schema_file).as_posix()


def _render(report: Any, fmt: str, fail_on: Any, ctx: Context) -> str:
    if fmt == "json":
        from agent.cli.check_view import render_json

        return render_json(report, fail_on)
    if fmt == "text":
        from agent.cli.check_view import render_text

        return render_text(report, fail_on, color=ctx.color and _interactive(ctx))
    from agent.cli.check_view import render_ci

    return render_ci(report, fmt)


def _interactive(ctx: Context) -> bool:
    return hasattr(ctx.out, "isatty") and ctx.out.isatty()
