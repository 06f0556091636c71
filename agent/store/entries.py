"""What the index holds: one entry per Prisma model and enum, Drizzle table, Kysely table, migration,
and top-level declaration of the project's TypeScript code — each with file, line, model and table.

Entries are found without running anything: the Prisma reader for the schema, bracket matching on
the TypeScript text for `pgTable(...)` calls and `interface`/`type` declarations (enough to cut a
file into definitions; `tools.typescript` does the real reading of what they mean), and the
migrations folder. Each entry has a stable id and a content hash, so re-indexing only embeds what
changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_DOCUMENT = 12_000  # characters kept per entry (a 25,000-line migration is cut, its head kept)
MAX_TS_FILE = 200_000
SKIP_DIRS = {"node_modules", ".git", "dist", "build", ".next", ".turbo", ".triple-orm", "generated", ".cache", "coverage"}


@dataclass
class Entry:
    id: str
    kind: str  # prisma-model | prisma-enum | drizzle-table | kysely-table | migration | code
    name: str
    file: str
    line: int
    text: str  # what is shown and cited
    model: str = ""
    table: str = ""

    @property
    def content_hash(self) -> str:
        return hashlib.blake2b(f"{self.kind}\0{self.name}\0{self.line}\0{self.text}".encode(), digest_size=10).hexdigest()

    def embed_text(self) -> str:
        """The text embedded: a short description first (what small models read), then the source."""
        words = split_identifier(self.name)
        head = f"{self.kind.replace('-', ' ')} {self.name} ({words})"
        if self.table and self.table != self.name:
            head += f" table {self.table}"
        if self.model and self.model != self.name:
            head += f" model {self.model}"
        return f"{head}\n{self.text}"

    def metadata(self) -> dict:
        out = asdict(self)
        out.pop("text")
        out["hash"] = self.content_hash
        return out


def split_identifier(name: str) -> str:
    """'behaviorLogs_sessionId' -> 'behavior logs session id' (how people say names)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name.replace("_", " ").replace("-", " "))
    return re.sub(r"\s+", " ", spaced).strip().lower()


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def prisma_entries(schema, root: Path) -> list[Entry]:
    out = []
    for model in schema.models.values():
        node = model.node
        text = _with_doc(node.file.text, node.start, node.end)
        out.append(Entry(f"prisma-model:{model.name}", "prisma-model", model.name, node.file.path, model.span.line, text,
                         model=model.name, table=model.db_name))
    for enum in schema.enums.values():
        node = enum.node
        out.append(Entry(f"prisma-enum:{enum.name}", "prisma-enum", enum.name, node.file.path, enum.span.line,
                         _with_doc(node.file.text, node.start, node.end), model=enum.name, table=enum.db_name))
    return out


def _with_doc(text: str, start: int, end: int) -> str:
    """The block with the `///` documentation lines right above it."""
    begin = start
    while True:
        previous_end = text.rfind("\n", 0, max(begin - 1, 0))
        line = text[previous_end + 1:begin].strip()
        if begin == 0 or not line.startswith("///"):
            break
        begin = previous_end + 1
    return text[begin:end][:MAX_DOCUMENT]


_PGTABLE = re.compile(r'(?:export\s+)?const\s+(\w+)\s*=\s*(?:\w+\.)?(?:pgTable|table)\s*\(\s*["\'`]([^"\'`]+)["\'`]')
_TS_DECL = re.compile(r"^(?:export\s+)?(?:declare\s+)?(interface|type|const|function|class|enum)\s+(\w+)", re.M)
_DB_INTERFACE = re.compile(r"(?:export\s+)?interface\s+DB\s*\{(?P<body>[^}]*)\}", re.S)


def drizzle_entries(text: str, file: str, models_by_table: dict[str, str]) -> list[Entry]:
    out = []
    for match in _PGTABLE.finditer(text):
        end = statement_end(text, match.start())
        const, table = match.group(1), match.group(2)
        out.append(Entry(f"drizzle-table:{file}:{const}", "drizzle-table", const, file, line_of(text, match.start()),
                         text[_comment_start(text, match.start()):end][:MAX_DOCUMENT], model=models_by_table.get(table, ""),
                         table=table))
    return out


def kysely_entries(text: str, file: str, models_by_table: dict[str, str]) -> list[Entry]:
    """The table interfaces the `DB` interface lists (`users: User;` -> the User interface, table users)."""
    db = _DB_INTERFACE.search(text)
    if db is None:
        return []
    tables = dict((m.group(2), m.group(1)) for m in re.finditer(r"[\"']?([\w.]+)[\"']?\s*:\s*(\w+)\s*;", db.group("body")))
    out = []
    for match in _TS_DECL.finditer(text):
        name = match.group(2)
        if match.group(1) in ("interface", "type") and name in tables:
            table = tables[name].split(".")[-1]
            end = statement_end(text, match.start())
            out.append(Entry(f"kysely-table:{file}:{name}", "kysely-table", name, file, line_of(text, match.start()),
                             text[_comment_start(text, match.start()):end][:MAX_DOCUMENT],
                             model=models_by_table.get(table, ""), table=table))
    return out


def code_entries(text: str, file: str, model_names: set[str]) -> list[Entry]:
    """Top-level declarations of application code, with their leading comments (file-level comment too)."""
    out = []
    for match in _TS_DECL.finditer(text):
        start = _comment_start(text, match.start())
        if not out and start > 0 and text[:start].lstrip().startswith("//"):
            start = 0  # the file's opening comment says what the file is for
        end = statement_end(text, match.start())
        body = text[start:end]
        mentioned = next((m for m in model_names if re.search(rf"\b{re.escape(m)}\b", body)), "")
        out.append(Entry(f"code:{file}:{match.group(2)}", "code", match.group(2), file, line_of(text, match.start()),
                         body[:MAX_DOCUMENT], model=mentioned))
    return out


def migration_entries(folder: Path, root: Path) -> list[Entry]:
    out = []
    for path in sorted(folder.glob("*/migration.sql")) + sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8", errors="replace")
        tables = sorted(set(re.findall(r'(?:TABLE|ON|INTO|REFERENCES)\s+(?:"?\w+"?\.)?"(\w+)"', text)))
        name = path.parent.name if path.name == "migration.sql" else path.stem
        head = f"-- touches: {', '.join(tables[:40])}\n" if tables else ""
        out.append(Entry(f"migration:{_rel(path, root)}", "migration", name, _rel(path, root), 1,
                         (head + text)[:MAX_DOCUMENT], table=",".join(tables[:20])))
    return out


def statement_end(text: str, start: int) -> int:
    """End of the top-level statement at `start`: where brackets close and the line ends with ; } or )."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'`":
            i = _skip_string(text, i)
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif c == "\n" and depth <= 0 and text[start:i].rstrip().endswith((";", "}", ")")):
            return i
        i += 1
    return n


def _skip_string(text: str, i: int) -> int:
    quote, i = text[i], i + 1
    while i < len(text) and text[i] != quote:
        if text[i] == "\n" and quote != "`":
            break
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _comment_start(text: str, start: int) -> int:
    """Include the `//` or `/** */` comment lines right above a declaration."""
    begin = start
    while begin > 0:
        previous_end = text.rfind("\n", 0, begin - 1)
        line = text[previous_end + 1:begin].strip()
        if not line.startswith(("//", "/*", "*")):
            break
        begin = previous_end + 1
    return begin


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def project_entries(ctx, progress=None) -> list[Entry]:
    """Every entry of the project: schema, generated files, migrations, application code."""
    schema = ctx.schema()
    root = ctx.root
    entries = prisma_entries(schema, root)
    by_table = {m.db_name: m.name for m in schema.models.values()}
    generated = {p.resolve() for p in (ctx.drizzle_out, ctx.kysely_out) if p is not None}
    for path in typescript_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = _rel(path, root)
        if "pgTable(" in text or path.resolve() == (ctx.drizzle_out.resolve() if ctx.drizzle_out else None):
            entries += drizzle_entries(text, rel, by_table)
        if _DB_INTERFACE.search(text):
            entries += kysely_entries(text, rel, by_table)
        if path.resolve() not in generated and "pgTable(" not in text:
            entries += code_entries(text, rel, set(schema.models))
    if ctx.migrations is not None and ctx.migrations.is_dir():
        entries += migration_entries(ctx.migrations, root)
    return entries


def typescript_files(root: Path) -> list[Path]:
    out = []
    for path in sorted(root.rglob("*.ts")):
        if any(part in SKIP_DIRS for part in path.relative_to(root).parts) or path.name.endswith(".d.ts") and "types" not in path.parts:
            continue
        if path.stat().st_size <= MAX_TS_FILE:
            out.append(path)
    return out
