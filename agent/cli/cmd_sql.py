"""`triple-orm sql [SCHEMA]`: the DDL that creates, from an empty database, the database the schema implies.

The same script `prisma migrate diff --from-empty --to-schema SCHEMA --script` prints, without
Prisma, Node or a database. `--json` gives the statements as a list.
"""

from __future__ import annotations

import argparse

from agent.cli.common import add_schema_argument, load_project_schema
from agent.cli.context import Context, add_format_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser)
    add_format_argument(parser, ("sql", "json"))


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.catalog.ddl import catalog_statements
    from tools.catalog.from_prisma import prisma_to_catalog

    schema = load_project_schema(args, ctx)
    statements = catalog_statements(prisma_to_catalog(schema))
    if (args.format or "sql") == "json":
        ctx.write_json({"schema": schema.path, "statements": [{"kind": k, "sql": sql} for k, sql in statements]})
    else:
        ctx.out.write("\n".join(f"-- {kind}\n{sql}\n" for kind, sql in statements))
    return 0
