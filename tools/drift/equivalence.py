"""What Prisma considers the same, although the catalogs spell it differently.

A difference between the catalog the schema implies and the live one is drift only when Prisma's
own differ would write a migration for it; otherwise a database built by Prisma's migrations (and
edited as Prisma allows) would fail the check forever. Found by replaying the corpus projects'
real migration histories (evals/bench_check.py and tests/tools/drift):

- a UNIQUE constraint where the schema implies a unique index (or the reverse): Prisma reads both
  as `@unique`, and hand-written migrations often use the constraint;
- NULL or NOT NULL on an array column: Prisma's describer gives every array column the arity
  "list", which has no nullability (`String[]` cannot be optional), so its differ never compares it;
- two `nextval(…)` defaults: both are `autoincrement()` to Prisma; the sequence keeps its old name
  when a migration renames the table (`ALTER TABLE … RENAME` does not rename the `…_seq`);
- `'{}'::text[]` and `ARRAY[]::text[]` (and other spellings of the same array): Prisma parses
  both into the same list default.
"""

from __future__ import annotations

import re
from typing import Any

from tools.catalog.model import Catalog

_ARRAY_TEXT = re.compile(r"^'\{(?P<items>.*)\}'::(?P<type>.+)\[\]$", re.S)
_ARRAY_CONSTRUCTOR = re.compile(r"^ARRAY\[(?P<items>.*)\]::(?P<type>.+)\[\]$", re.S)


def same_to_prisma(difference: Any, expected: Catalog, actual: Catalog) -> bool:
    """Whether Prisma's differ would see no change behind this catalog difference."""
    kind = difference.kind
    if kind == "index-definition":
        return difference.detail == "differs in constraint"
    if kind == "column-nullability":
        return _both_arrays(difference, expected, actual)
    if kind == "column-default":
        return _same_default(difference.expected, difference.actual)
    return False


def _both_arrays(difference: Any, expected: Catalog, actual: Catalog) -> bool:
    columns = []
    for catalog in (expected, actual):
        table = catalog.table(difference.table or "", difference.schema or expected.default_schema)
        columns.append(table.column(difference.name or "") if table else None)
    return all(c is not None and c.array for c in columns)


def _same_default(ours: Any, theirs: Any) -> bool:
    if not isinstance(ours, str) or not isinstance(theirs, str):
        return False
    if ours.startswith("nextval(") and theirs.startswith("nextval("):
        return True
    mine, yours = array_items(ours), array_items(theirs)
    return mine is not None and mine == yours


def array_items(default: str) -> tuple[str, tuple[str, ...]] | None:
    """(element type, items) of an array default written either way, or None for anything else."""
    text = default.strip()
    match = _ARRAY_TEXT.match(text)
    if match:
        items = match.group("items")
        parts = () if not items else tuple(_unquote(p) for p in _split(items, '"'))
        return match.group("type"), parts
    match = _ARRAY_CONSTRUCTOR.match(text)
    if match:
        items = match.group("items")
        parts = () if not items.strip() else tuple(_literal(p) for p in _split(items, "'"))
        return match.group("type"), parts
    return None


def _split(items: str, quote: str) -> list[str]:
    """Split on commas outside quotes."""
    parts, current, quoted = [], "", False
    for char in items:
        if char == quote:
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def _unquote(item: str) -> str:
    item = item.strip()
    return item[1:-1].replace('\\"', '"') if item.startswith('"') and item.endswith('"') else item


def _literal(item: str) -> str:
    """`'a'::text` or `'a'` or `1` -> the value's text."""
    item = item.strip()
    item = re.sub(r"::[\w\s\"().]+$", "", item)
    return item[1:-1].replace("''", "'") if item.startswith("'") and item.endswith("'") else item


def prisma5_join_tables(differences: list, expected: Catalog, actual: Catalog) -> tuple[list, list[tuple[Any, Any]]]:
    """Split off implicit many-to-many tables that kept Prisma 5's unique index on (A, B) where
    Prisma 6 gives them a primary key: (the other differences, [(missing key, unique index)]).

    Both enforce the same thing on two NOT NULL columns; a project still on Prisma 5 is not
    drifting, and Prisma 6's `migrate dev` writes the one migration that converts them."""
    missing = {d.table: d for d in differences
               if d.kind == "primary-key-missing" and _is_join_table(expected, d) and d.name and d.name.endswith("_AB_pkey")}
    pairs, kept = [], []
    for d in differences:
        key = missing.get(d.table)
        index = d.actual
        if key is not None and d.kind == "index-unexpected" and getattr(index, "unique", False) \
                and [c.name for c in index.columns] == ["A", "B"] and d.schema == key.schema:
            pairs.append((key, d))
    paired = {id(x) for pair in pairs for x in pair}
    kept = [d for d in differences if id(d) not in paired]
    return kept, pairs


def _is_join_table(expected: Catalog, difference: Any) -> bool:
    table = expected.table(difference.table or "", difference.schema or expected.default_schema)
    return table is not None and table.model is None and table.name.startswith("_") \
        and table.primary_key is not None and table.primary_key.columns == ["A", "B"]
