"""`triple-orm types`: each model's fields as Prisma Client, Drizzle and Kysely type them, side by side.

    triple-orm types                      # the files from drizzle-out / kysely-out in the configuration
    triple-orm types --model User         # one model
    triple-orm types --drizzle src/db/schema.ts --kysely src/db/types.ts
    triple-orm types --json | --format sarif|rdjson|gitlab|github

Flags fields missing in one ORM, types, nullability and enum values that disagree, values Prisma
Client fills on create that an insert through Drizzle or Kysely leaves out, and Json fields with
no declared shape. Zod schemas are found in the project's TypeScript (`[tool.triple-orm.types]
json-schemas` names a registry file). Exit codes: 0 no mismatch, 1 mismatches (Json fields without
a shape alone do not fail), 64 usage, 65 unreadable schema or file, 66 missing file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cli.common import add_schema_argument, load_project_schema
from agent.cli.context import Context, add_format_argument

FORMATS = ("text", "json", "sarif", "rdjson", "gitlab", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser, positional=False)
    parser.add_argument("--drizzle", metavar="PATH", help="the Drizzle schema (default: drizzle-out in the configuration)")
    parser.add_argument("--kysely", metavar="PATH", help="the Kysely types (default: kysely-out in the configuration)")
    parser.add_argument("--model", action="append", metavar="NAME", help="only this model (repeatable)")
    parser.add_argument("--all-fields", action="store_true", help="text: list every field, not only those with findings")
    add_format_argument(parser, FORMATS)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.errors import ExitCode, UsageError
    from tools.sync.options import SyncOptions
    from tools.types import compare_types

    schema = load_project_schema(args, ctx)
    drizzle, kysely = _read_files(args, ctx)
    if drizzle is None and kysely is None:
        raise UsageError("no Drizzle or Kysely file to compare with",
                         help="set drizzle-out / kysely-out in [tool.triple-orm], or pass --drizzle / --kysely")
    options = SyncOptions.from_config(ctx.config.section("sync"), ctx.config.source)
    report = compare_types(schema, drizzle=drizzle, kysely=kysely, zod=_zod(ctx), options=options)
    if args.model:
        _only_models(report, args.model, schema)
    fmt = ctx.output_format(args, "types")
    if fmt == "json":
        ctx.write_json(report.to_dict())
    elif fmt == "text":
        _render_text(ctx, report, args.all_fields)
    else:
        from tools.report import ToolInfo, render

        ctx.out.write(render(report.findings, fmt, tool=ToolInfo("triple-orm types", _version()), base=Path.cwd()))
    return ExitCode.FINDINGS if report.mismatches else ExitCode.OK


def _read_files(args, ctx: Context):
    from tools.typescript.drizzle_reader import read_drizzle
    from tools.typescript.kysely_reader import read_kysely

    drizzle_path = Path(args.drizzle) if args.drizzle else ctx.config.path("drizzle-out")
    kysely_path = Path(args.kysely) if args.kysely else ctx.config.path("kysely-out")
    drizzle = read_drizzle(_existing(drizzle_path, "--drizzle", bool(args.drizzle))) if drizzle_path else None
    kysely = read_kysely(_existing(kysely_path, "--kysely", bool(args.kysely))) if kysely_path else None
    for file in (drizzle, kysely):
        for problem in (file.problems if file is not None else []):
            ctx.note(f"warning: {problem.span.file}:{problem.span.line}: {problem.message}")
    return (drizzle if drizzle_path and drizzle_path.exists() else None,
            kysely if kysely_path and kysely_path.exists() else None)


def _existing(path: Path, flag: str, given: bool) -> Path:
    from tools.errors import InputNotFound

    if not path.exists():
        raise InputNotFound(f"{path}: no such file",
                            help=f"check {flag}" if given else "run `triple-orm sync` to write it, or fix the configuration")
    return path


def _zod(ctx: Context):
    from tools.types import find_zod_schemas

    registry = ctx.config.section("types").get("json_schemas")
    registry_path = (Path(ctx.config.root) / registry).resolve() if isinstance(registry, str) else None
    return find_zod_schemas(Path(ctx.config.root), registry_path, display_base=Path.cwd())


def _only_models(report, names: list[str], schema) -> None:
    from tools.errors import UsageError

    unknown = [n for n in names if n not in schema.models]
    if unknown:
        raise UsageError(f"no model called `{unknown[0]}`", help="models: " + ", ".join(schema.models))
    report.rows = [r for r in report.rows if r.model in names]
    report.findings = [f for f in report.findings if f.data.get("model") in names]


def _render_text(ctx: Context, report, all_fields: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = ctx.console()
    orms = [o for o in ("drizzle", "kysely") if report.files.get(o)]
    console.print(f"[bold]{report.schema}[/] against " + ", ".join(f"{o}: {_relative(report.files[o])}" for o in orms))
    by_model: dict[str, list] = {}
    for row in report.rows:
        if all_fields or row.rules or row.notes:
            by_model.setdefault(row.model, []).append(row)
    for model, rows in by_model.items():
        table = Table(title=model, title_justify="left", show_lines=False, header_style="dim", pad_edge=False)
        for heading in ["field", "Prisma Client", *(o.capitalize() for o in orms), ""]:
            table.add_column(heading)
        for row in rows:
            cells = [_cell(row.prisma)] + [_cell(row.orms.get(o)) for o in orms]
            mark = "[red]✗ " + ", ".join(dict.fromkeys(row.rules)) + "[/]" if row.rules else "[dim]note[/]" if row.notes else ""
            table.add_row(escape(row.field), *cells, mark)
        console.print(table)
    _render_findings(console, report)


def _relative(path: str) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _cell(column) -> str:
    from rich.markup import escape

    if column is None:
        return "[red](missing)[/]"
    insert = {"required": "required", "optional": "optional", "absent": "not inserted"}[column.presence]
    filled = f", {column.filled_by}" if column.filled_by and column.presence != "required" else ""
    return f"{escape(column.select)}\n[dim]insert: {insert}{escape(filled)}[/]"


def _render_findings(console, report) -> None:
    from rich.markup import escape

    mismatches = report.mismatches
    others = [f for f in report.findings if f not in mismatches]
    for finding in mismatches + others:
        where = f"{finding.location.file}:{finding.location.line}" if finding.location else ""
        colour = "red" if finding in mismatches else "yellow"
        console.print(f"[{colour}]{finding.severity.value:<8}[/] {finding.rule}  [dim]{escape(where)}[/]\n"
                      f"  {escape(finding.message)}\n  [dim]help: {escape(finding.help)}[/]")
    notes = sum(len(r.notes) for r in report.rows)
    console.print(f"\n{len(report.rows)} fields compared: {len(mismatches)} mismatch(es), "
                  f"{len(others)} Json field(s) without a declared shape, {notes} expected difference(s) noted")


def _version() -> str:
    from tools import __version__

    return __version__
