"""The Prisma reader: parse `schema.prisma` (one file or a folder) and resolve what it means.

    schema = load_schema("apps/api/prisma/schema.prisma")   # or a folder, or None to locate it
    schema.models["User"].fields, schema.relations, schema.enums …

Errors in the schema raise `tools.errors.SchemaError` with file, line, column and the offending line.
"""

from __future__ import annotations

import os
from pathlib import Path

from tools.gcpause import cycle_collector_paused
from tools.errors import InputNotFound, Located, SchemaError, SourceSpan
from tools.prisma.ast import SourceFile
from tools.prisma.locate import locate_schema, schema_files
from tools.prisma.parser import parse_sources
from tools.prisma.resolve import resolve_schema
from tools.prisma.schema import PrismaSchema

__all__ = ["load_schema", "parse_schema_text", "read_sources", "PrismaSchema", "locate_schema"]


def _display(path: Path, cwd: Path) -> str:
    """Paths in messages are relative to where the command runs, as compilers show them."""
    try:
        return os.path.relpath(path, cwd) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def read_sources(path: Path, cwd: Path | None = None) -> list[SourceFile]:
    cwd = cwd or Path.cwd()
    sources = []
    for file in schema_files(path):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputNotFound(f"cannot read {_display(file, cwd)}: {exc.strerror}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            span = SourceSpan(_display(file, cwd), line, 1)
            raise SchemaError([Located(f"the file is not valid UTF-8 (byte {exc.start})", span,
                                       help="save the schema as UTF-8")]) from None
        sources.append(SourceFile(_display(file, cwd), text))
    return sources


def load_schema(path: str | Path | None = None, *, cwd: str | Path | None = None) -> PrismaSchema:
    """Read, parse and validate a Prisma schema (file or folder); locate it when `path` is None."""
    base = Path(cwd) if cwd else Path.cwd()
    target = Path(path) if path is not None else locate_schema(base)
    if not target.is_absolute():
        target = base / target
    with cycle_collector_paused():
        sources = read_sources(target, base)
        ast = parse_sources(sources)
        return resolve_schema(ast, _display(target, base))


def parse_schema_text(text: str, path: str = "schema.prisma") -> PrismaSchema:
    """Parse and validate schema text held in memory (tests, the agent, the MCP server)."""
    sources = [SourceFile(path, text)]
    with cycle_collector_paused():
        return resolve_schema(parse_sources(sources), path)
