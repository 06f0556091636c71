"""`triple-orm sync`: write the Drizzle schema and the Kysely types that schema.prisma implies.

    triple-orm sync                         # paths from [tool.triple-orm] (drizzle-out, kysely-out)
    triple-orm sync --check                 # CI: write nothing, print a diff, exit 1 when stale
    triple-orm sync --prisma --name add_x   # prisma migrate dev + generate, then sync, then drift

Exit codes: 0 written (or current), 1 `--check` found stale files, or `--prisma`'s drift check
found drift, 2 `--prisma`: a Prisma command failed (nothing generated) or the drift check could
not run, 64 bad flags or no output configured, 65 an invalid schema or configuration, 69 the package manager is missing, 73 a file
could not be written or was edited by hand (nothing written; `--force` overwrites edits).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from agent.cli.common import add_schema_argument, schema_path
from agent.cli.context import Context, add_format_argument


EPILOG = """\
configuration ([tool.triple-orm] in pyproject.toml, or triple-orm.toml, found from here up):
  schema, drizzle-out, kysely-out; [tool.triple-orm.sync]: runtime-enums, enum-arrays,
  json-namespace, json-types-module, drizzle-date-mode, drizzle-bigint-mode,
  drizzle-decimal-mode, drizzle-relations

hand edits: each generated file carries a content hash in its header. A file whose content no
longer matches its hash was edited by hand, and a file without one was not written by triple-orm:
sync refuses to overwrite either (exit 73, nothing written) unless --force. Reformatting the file
(quotes, semicolons, indentation) is not an edit.

exit codes: 0 done or current; 1 --check: stale files (or drift after --prisma); 2 --prisma: a
Prisma command failed, or the drift check could not run; 64 usage; 65 invalid schema or
configuration; 69 package manager or generator missing; 73 cannot write, or a file was edited
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_schema_argument(parser, positional=False)
    parser.add_argument("--drizzle-out", metavar="PATH", help="Drizzle schema to write (default: `drizzle-out` in the configuration)")
    parser.add_argument("--kysely-out", metavar="PATH", help="Kysely types to write (default: `kysely-out` in the configuration)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing: print a unified diff of what would change, exit 1 when a file is stale")
    parser.add_argument("--force", action="store_true",
                        help="overwrite a generated file that was edited by hand, or a file triple-orm did not write")
    parser.add_argument("--prisma", action="store_true",
                        help="first run the project's `prisma migrate dev --name NAME` and `prisma generate` through its "
                             "package manager, then write the files, then check drift when a database is configured")
    parser.add_argument("--name", metavar="NAME", help="the migration's name (with --prisma)")
    parser.add_argument("--database-url", metavar="URL", help="database for the drift check after --prisma (default: DATABASE_URL)")
    add_format_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.prisma import load_schema, locate_schema
    from tools.sync import SyncOptions, plan_sync

    drizzle_out, kysely_out = _outputs(args, ctx)
    _check_flags(args)
    schema_file = schema_path(args, ctx) or locate_schema(Path.cwd())
    schema = load_schema(schema_file)
    options = SyncOptions.from_config(ctx.config.section("sync"), ctx.config.source)
    plan = plan_sync(schema, drizzle_out, kysely_out, source=_source_label(schema_file, ctx), options=options)
    for warning in plan.warnings:
        ctx.note(f"warning: {warning}")
    if args.check:
        return _check(plan, ctx, args)
    return _write(plan, ctx, args, Path(schema_file), schema)


def _outputs(args: argparse.Namespace, ctx: Context) -> tuple[Path | None, Path | None]:
    from tools.errors import UsageError

    drizzle = Path(args.drizzle_out) if args.drizzle_out else ctx.config.path("drizzle-out")
    kysely = Path(args.kysely_out) if args.kysely_out else ctx.config.path("kysely-out")
    if drizzle is None and kysely is None:
        where = ctx.config.source or "no triple-orm.toml or [tool.triple-orm] found from here up"
        raise UsageError(f"no output to write: neither --drizzle-out nor --kysely-out was given, and the configuration ({where}) sets neither",
                         help='set drizzle-out = "…/schema.ts" and/or kysely-out = "…/types.ts" in [tool.triple-orm], or pass the flags')
    return drizzle, kysely


def _check_flags(args: argparse.Namespace) -> None:
    from tools.errors import UsageError

    if args.prisma and args.check:
        raise UsageError("--prisma and --check do not go together: --check writes nothing and runs nothing")
    if args.prisma and not args.name:
        raise UsageError("--prisma needs --name NAME, the name of the migration `prisma migrate dev` creates")
    if args.name and not args.prisma:
        raise UsageError("--name is the migration's name for --prisma")
    if args.database_url and not args.prisma:
        raise UsageError("--database-url is for the drift check after --prisma")


def _source_label(schema_file: Path, ctx: Context) -> str:
    """The schema's path for the headers: relative to the configuration's folder, so that the file
    is the same whichever folder `sync` runs from (else as given on the command line)."""
    if ctx.config.source is None:
        return Path(schema_file).as_posix()
    try:
        return Path(os.path.relpath(Path(schema_file).resolve(), ctx.config.root)).as_posix()
    except ValueError:
        return Path(schema_file).as_posix()


def _check(plan, ctx: Context, args: argparse.Namespace) -> int:
    from tools.sync import STATE_TEXT, check_sync

    stale = check_sync(plan)
    if ctx.output_format(args) == "json":
        ctx.write_json({"schema": plan.schema, "current": not stale, "stale": [s.to_dict() for s in stale],
                        "files": [f.to_dict() for f in plan.files], "warnings": plan.warnings})
        return 1 if stale else 0
    for item in stale:
        ctx.out.write(item.diff)
    for planned in plan.files:
        state = planned.state
        ctx.note(f"{planned.display()}: {'up to date' if state == 'current' else STATE_TEXT[state]}")
    if stale:
        ctx.note(f"{len(stale)} of {len(plan.files)} generated files are stale: run `triple-orm sync`")
    return 1 if stale else 0


def _write(plan, ctx: Context, args: argparse.Namespace, schema_file: Path, schema) -> int:
    from tools.sync import guard_edits, write_sync

    json_output = ctx.output_format(args) == "json"
    report: dict = plan.to_dict()  # the files' states before writing
    if args.prisma:
        guard_edits(plan, force=args.force)  # refuse before migrating, not after
        report["prisma"] = _run_prisma(schema_file, args.name, ctx.err if json_output else ctx.out)
    result = write_sync(plan, force=args.force)
    report["result"] = result.to_dict()
    code = 0
    if args.prisma:
        report["drift"], code = _drift(schema, args, ctx)
    if json_output:
        ctx.write_json(report)
        return code
    for planned in result.written:
        ctx.write(f"wrote {planned.display()}")
    for planned in result.unchanged:
        ctx.write(f"unchanged {planned.display()}")
    for planned in result.overwritten_edits:
        ctx.note(f"note: {planned.display()} held changes not made by triple-orm; --force replaced them")
    return code


def _run_prisma(schema_file: Path, name: str, out) -> list[dict]:
    from tools.sync.prisma_cli import find_package_manager, prisma_steps, run_prisma_steps

    schema_file = schema_file.resolve()
    manager = find_package_manager(schema_file if schema_file.is_dir() else schema_file.parent)
    steps = prisma_steps(manager, schema_file, name)
    run_prisma_steps(steps, out)
    return [s.to_dict() for s in steps]


def _drift(schema, args: argparse.Namespace, ctx: Context) -> tuple[dict, int]:
    from tools.sync.drift_step import drift_after_sync

    url = args.database_url or os.environ.get("DATABASE_URL")
    outcome = drift_after_sync(schema, url)
    ctx.note(outcome.summary)
    for line in outcome.details:
        ctx.note(f"  {line}")
    return outcome.to_dict(), outcome.exit_code
