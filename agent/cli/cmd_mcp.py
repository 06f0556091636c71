"""`triple-orm mcp`: serve the project's checks to an IDE or coding agent over MCP (stdio).

    triple-orm mcp                          # the project found from the current folder
    triple-orm mcp --project /path/to/repo  # IDEs often start servers elsewhere: name the project
    triple-orm mcp --allow-writes           # also the sync_write tool (writes the generated files)

Tools: lint_migration, check_drift, health_check, compare_types, recommend_orm, explain_finding,
schema_sql, schema_diagram, sync_plan (and sync_write with --allow-writes). Resources: the
configuration, the schema files and the generated files. Read-only unless --allow-writes; the
database URL comes from the environment only (DATABASE_URL, or `database-url-env` in
[tool.triple-orm.check]). Exit codes: 0 when the client closes the connection, 64 bad flags,
65 a bad configuration, 66 a project folder that does not exist.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cli.context import Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="DIR", help="the project's folder (default: the current folder); its "
                        "triple-orm.toml or [tool.triple-orm] is read from there up")
    parser.add_argument("--allow-writes", action="store_true",
                        help="add the sync_write tool, which writes the generated Drizzle and Kysely files")


def run(args: argparse.Namespace, ctx: Context) -> int:
    import os

    from tools.config import load_config
    from tools.errors import InputNotFound

    config = ctx.config
    if args.project:
        folder = Path(args.project).expanduser().resolve()
        if not folder.is_dir():
            raise InputNotFound(f"--project {args.project}: no such folder")
        config = load_config(start=folder, explicit=Path(args.config) if args.config else None)
        # relative paths in findings and the schema search start from the project, as on its command line
        os.chdir(folder)
    from agent.mcp.project import McpProject
    from agent.mcp.server import build_server

    build_server(McpProject.open(config, allow_writes=args.allow_writes)).run("stdio")
    return 0
