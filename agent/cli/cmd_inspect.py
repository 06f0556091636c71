"""`triple-orm inspect [SCHEMA]`: what a Prisma schema describes, readable or as data.

Text: per model its table, columns (Prisma type, PostgreSQL type, keys, default), indexes and
relations, then enums. `--json`: the catalog the schema implies. `--mermaid`: an ER diagram,
whole or `--around User --depth 1`.
"""

from __future__ import annotations

import argparse

from agent.cli.common import add_schema_argument, load_project_schema
from agent.cli.context import Context, add_format_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser)
    add_format_argument(parser, ("text", "json", "mermaid"))
    parser.add_argument("--mermaid", action="store_const", const="mermaid", dest="format", help="shorthand for --format mermaid")
    parser.add_argument("--around", metavar="MODEL", help="only this model and its neighbours (with --mermaid or text)")
    parser.add_argument("--depth", type=int, default=1, metavar="N", help="how many relations away from --around (default 1)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.errors import UsageError
    from tools.prisma.diagram import neighbourhood, schema_to_mermaid

    if args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    schema = load_project_schema(args, ctx)
    fmt = ctx.output_format(args)
    if fmt == "mermaid":
        ctx.out.write(schema_to_mermaid(schema, args.around, args.depth))
        return 0
    catalog = prisma_to_catalog(schema)
    if fmt == "json":
        ctx.write_json({"schema": schema.path, "catalog": catalog.to_dict(), "prisma": schema.to_dict()})
        return 0
    names = neighbourhood(schema, args.around, args.depth) if args.around else list(schema.models)
    _render_text(ctx, schema, catalog, names)
    return 0


def _render_text(ctx: Context, schema, catalog, names: list[str]) -> None:
    from rich.table import Table as RichTable

    console = ctx.console()
    tables = sum(1 for m in schema.models.values() if m.kind == "model")
    console.print(f"[bold]{schema.path}[/]: {len(schema.models)} models ({tables} tables), {len(schema.enums)} enums, "
                  f"{len(schema.relations)} relations, {len(schema.many_to_many)} join tables")
    if len(names) != len(schema.models):
        console.print(f"showing {len(names)}: {', '.join(names)}")
    for name in names:
        model = schema.models[name]
        table = catalog.table(model.db_name, model.schema or catalog.default_schema)
        where = f"{model.span.file}:{model.span.line}"
        qualified = f'"{model.db_name}"' if table is None or table.schema == catalog.default_schema else f'{table.schema}."{model.db_name}"'
        kind = "view (not created by migrations)" if model.kind == "view" else f"table {qualified}"
        console.print(f"\n[bold cyan]{model.name}[/] → {kind}  [dim]{where}[/]")
        grid = RichTable(box=None, show_header=True, header_style="dim", pad_edge=False)
        for header in ("field", "Prisma", "PostgreSQL", "keys", "default"):
            grid.add_column(header)
        columns = {c.name: c for c in (table.columns if table else [])}
        keys = _keys(model)
        for field in model.columns:
            column = columns.get(field.db_name)
            pg = column.display_type() if column else ""
            default = column.default if column and column.default else ("client: " + field.default.function + "()") if field.default and field.default.client_side else ""
            label = field.name if field.db_name == field.name else f"{field.name} → {field.db_name}"
            grid.add_row(label, field.type_display(), pg, keys.get(field.name, ""), default or "")
        console.print(grid)
        for index in (table.indexes if table else []):
            cols = ", ".join(c.name + (" DESC" if c.descending else "") + (f" {c.opclass}" if c.opclass else "") for c in index.columns)
            kind = "unique" if index.unique else f"index{'' if index.method == 'btree' else ' ' + index.method}"
            console.print(f"  [dim]{kind}[/] {index.name} ({cols})")
        for field in model.relation_fields:
            console.print(f"  [dim]relation[/] {_relation_text(field)}")
    for enum in schema.enums.values():
        values = ", ".join(v.name if v.db_name == v.name else f"{v.name}→{v.db_name}" for v in enum.values)
        console.print(f"\n[bold magenta]enum {enum.name}[/]" + (f' → "{enum.db_name}"' if enum.db_name != enum.name else "") + f": {values}")


def _keys(model) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    if model.primary_key:
        for f in model.primary_key.fields:
            out.setdefault(f.field.name, []).append("PK")
    for index in model.indexes:
        if index.kind == "unique" and len(index.fields) == 1:
            out.setdefault(index.fields[0].field.name, []).append("UK")
    for field in model.relation_fields:
        relation = field.relation
        if relation is not None and relation.holder is field:
            for scalar in relation.fields:
                out.setdefault(scalar.name, []).append("FK")
    return {k: " ".join(v) for k, v in out.items()}


def _relation_text(field) -> str:
    relation = field.relation
    if relation is None:
        return f"{field.name} → {field.type_display()}"
    if relation.kind == "many-to-many":
        via = relation.join_table.table if relation.join_table else "?"
        return f"{field.name} → {field.type_display()} (many-to-many through {via})"
    if relation.holder is field:
        cols = ", ".join(f.name for f in relation.fields)
        refs = ", ".join(f.name for f in relation.references)
        return f"{field.name} → {field.type_display()} ({relation.kind}: {cols} references {field.type}.{refs})"
    return f"{field.name} → {field.type_display()} ({relation.kind}, back-relation of {relation.holder.model.name}.{relation.holder.name})"
