"""Helpers shared by the commands: where the Prisma schema is, and loading it once."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cli.context import Context


def add_schema_argument(parser: argparse.ArgumentParser, positional: bool = True) -> None:
    help_text = "Prisma schema file or folder (default: `schema` in [tool.triple-orm], else found as Prisma finds it)"
    if positional:
        parser.add_argument("schema", nargs="?", metavar="SCHEMA", help=help_text)
    else:
        parser.add_argument("--schema", metavar="PATH", help=help_text)


def schema_path(args: argparse.Namespace, ctx: Context) -> Path | None:
    """The schema given on the command line, else in the configuration, else None (locate it)."""
    given = getattr(args, "schema", None)
    if given:
        return Path(given)
    return ctx.config.path("schema")


def load_project_schema(args: argparse.Namespace, ctx: Context):
    from tools.prisma import load_schema

    return load_schema(schema_path(args, ctx))
