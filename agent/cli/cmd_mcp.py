"""`triple-orm mcp`: serve the project's checks to an IDE or coding agent over MCP (stdio or HTTP).

    triple-orm mcp                          # the project found from the current folder, over stdio
    triple-orm mcp --project /path/to/repo  # IDEs often start servers elsewhere: name the project
    triple-orm mcp --allow-writes           # also the sync_write tool (writes the generated files)
    triple-orm mcp --transport http --port 8765   # streamable HTTP at http://127.0.0.1:8765/mcp

Tools: lint_migration, check_drift, health_check, compare_types, recommend_orm, search_schema,
explain_finding, schema_sql, schema_diagram, sync_plan (and sync_write with --allow-writes).
Resources: the configuration, the schema files, the generated files and the catalog. Prompts:
review_migration, check_schema_sync. Read-only unless --allow-writes; the database URL comes from
the environment only (DATABASE_URL, or `database-url-env` in [tool.triple-orm.check]).
Over HTTP the server listens on 127.0.0.1 unless --host says otherwise; it has no authentication.
Exit codes: 0 when the client closes the connection (stdio) or on Ctrl-C (HTTP), 64 bad flags or a
port already in use, 65 a bad configuration, 66 a project folder that does not exist.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent.cli.context import Context

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="DIR", help="the project's folder (default: the current folder); its "
                        "triple-orm.toml or [tool.triple-orm] is read from there up")
    parser.add_argument("--allow-writes", action="store_true",
                        help="add the sync_write tool, which writes the generated Drizzle and Kysely files")
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio",
                        help="stdio (default: the IDE starts the server) or http (MCP's streamable HTTP, at /mcp)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="with --transport http: the address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="with --transport http: the port (default 8000)")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


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
    if args.transport == "http":
        _check_port_free(args.host, args.port)
    from agent.mcp.project import McpProject
    from agent.mcp.server import build_server

    server = build_server(McpProject.open(config, allow_writes=args.allow_writes))
    if args.transport == "stdio":
        server.run("stdio")
        return 0
    return _serve_http(server, args.host, args.port)


def _check_port_free(host: str, port: int) -> None:
    """A port in use is a clear message before the SDK is imported (uvicorn would exit from inside)."""
    import socket

    from tools.errors import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UsageError(f"--host {host}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}",
                             help="choose another --port") from None


def _serve_http(server, host: str, port: int) -> int:
    shown = f"[{host}]" if ":" in host else host
    if host not in LOOPBACK:
        # the SDK turns its DNS-rebinding protection on only for loopback addresses
        sys.stderr.write(f"warning: listening on {host}: the server has no authentication, so anyone who can reach "
                         "this port can call its tools\n")
    sys.stderr.write(f"triple-orm mcp: streamable HTTP at http://{shown}:{port}/mcp (Ctrl-C stops it)\n")
    sys.stderr.flush()
    try:
        server.run("streamable-http", host=host, port=port)
    except KeyboardInterrupt:
        pass
    return 0
