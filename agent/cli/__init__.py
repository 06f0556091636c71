"""The `triple-orm` command line: one registry of subcommands, shared flags, errors to exit codes.

Each subcommand lives in its own module under `agent/cli/` with two functions:
`add_arguments(parser)` and `run(args, ctx) -> int`. Modules are imported only when their command
runs, so `triple-orm sql` never pays for LangChain or chromadb.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from tools.errors import ExitCode, TripleOrmError

# name -> (module under agent.cli, one-line help). One explicit registry: a test checks each module.
COMMANDS: dict[str, tuple[str, str]] = {
    "sql": ("cmd_sql", "print the DDL that creates the database a Prisma schema implies"),
    "inspect": ("cmd_inspect", "summarise a Prisma schema: tables, columns, relations, enums (or --mermaid)"),
    "check": ("cmd_check", "the pre-deployment gate: do schema.prisma, the database, the migrations and the Drizzle/Kysely files agree?"),
    "health": ("cmd_health", "the weekly check: everything `check` does plus unused/duplicate/invalid indexes, unindexed foreign keys, sequences near their end"),
    "lint": ("cmd_lint", "lint migration SQL: locks, rewrites, data loss, Prisma and drizzle-kit pitfalls"),
    "sync": ("cmd_sync", "write the Drizzle schema and Kysely types schema.prisma implies (--check: are they current?)"),
    "chat": ("cmd_chat", "talk to the agent in the terminal: lint, sync, drift, schema questions, follow-ups (resumable: --thread ID)"),
    "ask": ("cmd_ask", "ask the agent one question and print the answer (scriptable; --json for the facts)"),
    "index": ("cmd_index", "build or update the project's schema index (.triple-orm/index) for schema questions"),
    "types": ("cmd_types", "Prisma, Drizzle and Kysely types side by side: missing fields, types, nullability, enums, insert defaults, untyped Json"),
    "advise": ("cmd_advise", "which ORM should run a query (Prisma, Drizzle or Kysely), why, and the query written in it (--scan: the whole project)"),
    "mcp": ("cmd_mcp", "serve lint, drift, health, types, advice and the schema to an IDE over MCP (stdio; read-only by default)"),
    "review": ("cmd_review", "review a GitHub pull request: one sticky summary, inline comments with fixes on the lines at risk (--dry-run)"),
}


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on a usage error; 2 means 'blocked' here, so usage errors exit 64."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(ExitCode.USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that subcommand's module is imported (fast start-up)."""
    parser = _Parser(prog="triple-orm", description="Prisma owns the schema; Drizzle and Kysely follow it exactly.")
    parser.add_argument("--version", action="version", version=f"triple-orm {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            add_common_arguments(sub)
            _command_module(module).add_arguments(sub)
    return parser


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: nearest triple-orm.toml or pyproject.toml with [tool.triple-orm])")
    parser.add_argument("--debug", action="store_true", help="show the traceback of internal errors")
    parser.add_argument("--no-color", action="store_true", help="plain text output")


def _command_module(module: str):
    return importlib.import_module(f"agent.cli.{module}")


def _version() -> str:
    from tools import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(only=first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return ExitCode.USAGE
    from agent.cli.context import Context

    try:
        ctx = Context.from_args(args)
        module = _command_module(COMMANDS[args.command][0])
        return int(module.run(args, ctx))
    except TripleOrmError as exc:
        sys.stderr.write(exc.render() + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # a bug: one clear line, the traceback only on request
        if getattr(args, "debug", False):
            raise
        sys.stderr.write(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "  = help: this is a bug in triple-orm; run again with --debug for the traceback and report it\n"
        )
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
