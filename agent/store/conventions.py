"""Grounding the Drizzle conversion in the project: keep its own conventions where they do not change
the database.

The index gives the project's existing Drizzle definition of the model being converted. From it we
keep what only TypeScript sees — the exported name of the table, the property key of each column —
and the project's custom column helpers (`id: cuidId()`, `createdAt: timestamptz("created_at")`) when
the helper, expanded from its definition in the project, is the very builder chain we generate for
that column. Anything else is generated as is: a convention that would change the database is not
a convention to keep. The file the project keeps the table in is reported as the place to put it.

`restyle_drizzle_table(generated, existing, helpers)` is the hook: a pure function over TypeScript
text that `tools/sync` (or anyone) can call on a generated table without importing the agent. It
returns the table alone: a file-wide rename of the export must also rename its references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HELPER = re.compile(r"(?:export\s+)?const\s+(\w+)\s*=\s*\(([^)]*)\)\s*(?::\s*[\w<>\[\], ]+)?\s*=>\s*", re.S)


@dataclass
class Restyled:
    text: str
    kept: list[str] = field(default_factory=list)  # what was kept from the project, for people


@dataclass
class DrizzleGrounding:
    model: str
    existing: list = field(default_factory=list)  # index hits: the project's Drizzle definitions of the model
    restyled: str | None = None
    kept: list[str] = field(default_factory=list)

    def rows(self) -> list[dict]:
        return [{"kind": "existing-drizzle", "file": h.file, "line": h.line, "name": h.name, "table": h.table} for h in self.existing]

    def summary(self) -> list[str]:
        return self.kept


def ground_drizzle_conversion(ctx, model, generated: str | None) -> DrizzleGrounding | None:
    """Find the project's Drizzle definition of `model` in the index and restyle `generated` after it."""
    index = ctx.store()
    if index is None:
        return None
    existing = index.by_model(model.name, "drizzle-table")
    grounding = DrizzleGrounding(model.name, existing)
    if not existing or not generated:
        return grounding
    helpers = project_helpers(index)
    result = restyle_drizzle_table(generated, existing[0].excerpt, helpers)  # by_model keeps the whole definition
    grounding.kept = result.kept + [f"the table lives in {existing[0].file} (line {existing[0].line})"]
    grounding.restyled = result.text if result.kept else None
    return grounding


def project_helpers(index) -> dict[str, tuple[list[str], str]]:
    """Column helpers defined in the project's Drizzle code: name -> (parameters, body expression)."""
    helpers: dict[str, tuple[list[str], str]] = {}
    for document in index.documents("code") + index.documents("drizzle-table"):
        helpers.update(parse_helpers(document))
    return helpers


def parse_helpers(text: str) -> dict[str, tuple[list[str], str]]:
    out = {}
    for match in _HELPER.finditer(text):
        params = [p.split(":")[0].strip() for p in match.group(2).split(",") if p.strip()]
        body = _expression_at(text, match.end())
        if re.match(r"\w+\(", body):
            out[match.group(1)] = (params, body)
    return out


def _expression_at(text: str, start: int) -> str:
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif (c in ";\n" and depth == 0) or depth < 0:
            break
        i += 1
    return text[start:i].strip().rstrip(",")


def columns_of(table_text: str) -> list[tuple[str, str]]:
    """(key, expression) of each column in a `pgTable("name", { key: expr, ... })` call."""
    open_brace = table_text.find("{")
    if open_brace < 0:
        return []
    out, depth, start = [], 0, open_brace + 1
    for i in range(open_brace, len(table_text)):
        c = table_text[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth == 0:
                _add_column(out, table_text[start:i])
                break
        elif c == "," and depth == 1:
            _add_column(out, table_text[start:i])
            start = i + 1
    return out


def _add_column(out: list, part: str) -> None:
    lines = [line for line in part.splitlines() if not line.strip().startswith("//")]
    key, sep, expr = "\n".join(lines).strip().partition(":")
    if sep and re.fullmatch(r"\w+", key.strip()):
        out.append((key.strip(), expr.strip()))


def _normal(expr: str) -> str:
    return re.sub(r"\s+", "", expr).replace("'", '"')


def _db_name(expr: str) -> str | None:
    match = re.match(r"\w+\(\s*[\"']([^\"']+)[\"']", expr)
    return match.group(1) if match else None


def expand(call: str, helpers: dict[str, tuple[list[str], str]]) -> str | None:
    """`timestamptz("created_at")` with `timestamptz = (name) => timestamp(name, {...})` -> the builder chain."""
    match = re.match(r"(\w+)\(", call.strip())
    if not match or match.group(1) not in helpers:
        return None
    text = call.strip()
    depth, close = 0, -1
    for i in range(match.end() - 1, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            close = i
            break
    if close < 0:
        return None
    params, body = helpers[match.group(1)]
    args = [a.strip() for a in text[match.end():close].split(",") if a.strip()]
    for param, arg in zip(params, args):
        body = re.sub(rf"\b{re.escape(param)}\b", arg, body)
    return body + text[close + 1:]


def restyle_drizzle_table(generated: str, existing: str, helpers: dict[str, tuple[list[str], str]]) -> Restyled:
    """The generated table with the project's export name, column keys and equivalent column helpers."""
    text, kept = generated, []
    old_name = re.search(r"const\s+(\w+)\s*=", existing)
    new_name = re.search(r"const\s+(\w+)\s*=", generated)
    if old_name and new_name and old_name.group(1) != new_name.group(1):
        text = text.replace(f"const {new_name.group(1)} =", f"const {old_name.group(1)} =", 1)
        kept.append(f"export name `{old_name.group(1)}` (TypeScript only)")
    existing_by_column = {(_db_name(expr) or key): (key, expr) for key, expr in columns_of(existing)}
    for key, expr in columns_of(generated):
        column = _db_name(expr) or key
        if column not in existing_by_column:
            continue
        old_key, old_expr = existing_by_column[column]
        expanded = expand(old_expr, helpers)
        if expanded is not None and _normal(expanded) == _normal(expr):
            text = text.replace(f"{key}: {expr}", f"{old_key}: {old_expr}", 1)
            kept.append(f"helper `{old_expr.split('(')[0]}` for {column} (same column definition)")
        elif old_key != key and _normal(old_expr) == _normal(expr) and _db_name(expr) is not None:
            # only with an explicit column name: `text()` takes its name from the key (or the casing
            # option), so renaming that key would rename the column
            text = text.replace(f"{key}: {expr}", f"{old_key}: {expr}", 1)
            kept.append(f"property key `{old_key}` for {column} (TypeScript only)")
    return Restyled(text, kept)
