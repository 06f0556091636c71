"""The Drizzle reader is not tied to our generator: a schema written by `drizzle-kit pull` from a real
database (built from a corpus schema with Prisma's own DDL) reads back as that database's catalog.

drizzle-kit pull (0.31) loses or garbles some things on its way to TypeScript; each such loss is
named below, with the predicate that recognises it, and every difference must be either one of
them or an object the reader reported it could not read (a syntax error in what pull wrote, a
`unknown("…")` column type pull could not name). Anything else fails the test, and so does a
comparison where fewer than 90% of the objects match.
"""

from __future__ import annotations

import json
import re

import pytest

from testkit.corpus import corpus_params
from testkit.oracle import oracle_database
from testkit.toolchain import _run, bin_path, staged
from tools.catalog.compare import compare_catalogs
from tools.catalog.introspect import read_catalog
from tools.catalog.opclasses import default_opclass
from tools.typescript.drizzle_reader import drizzle_to_catalog, read_drizzle

pytestmark = [pytest.mark.corpus, pytest.mark.postgres, pytest.mark.node, pytest.mark.slow]


def pull(url: str, schemas: list[str]) -> tuple[str, str]:
    """schema.ts and relations.ts as `drizzle-kit pull` writes them for the database at `url`."""
    config = {"dialect": "postgresql", "out": "out", "dbCredentials": {"url": url}, "schemaFilter": schemas}
    with staged({"drizzle.config.ts": f"export default {json.dumps(config)};\n"}) as folder:
        result = _run([bin_path("drizzle-kit"), "pull", "--config", "drizzle.config.ts"], cwd=folder, timeout=600)
        schema = folder / "out" / "schema.ts"
        assert schema.is_file(), f"drizzle-kit pull failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        return schema.read_text(), (folder / "out" / "relations.ts").read_text()


# -- what drizzle-kit pull loses (each recognised from the diff and the pulled source) --------------

def _pk_column_order(d, ctx):
    """Composite primary keys are written with their columns in another order."""
    return d.kind == "primary-key" and sorted(d.expected) == sorted(d.actual)


def _pk_name(d, ctx):
    """A one-column primary key is written as `.primaryKey()`, which loses a non-default name."""
    table = ctx["file"].table(d.table, d.schema)
    return d.kind == "primary-key-name" and table is not None and table.primary_key is None


def _array_default(d, ctx):
    """`ARRAY[]::text[]` and similar defaults are written as `.default(["RAY"])` (drizzle-orm #3250)."""
    column = _source_column(d, ctx)
    return d.kind == "column-default" and column is not None and "RAY" in (column.default.text if column.default else "")


def _quoted_numeric_default(d, ctx):
    """Numeric defaults are written as strings (`.default('0')`), which store '0'::numeric, not 0."""
    if d.kind != "column-default" or not isinstance(d.expected, str) or not isinstance(d.actual, str):
        return False
    expected = re.fullmatch(r"'(-?[\d.]+)'::numeric", d.expected)
    return bool(expected) and d.actual.split("::")[0].strip("'") == expected.group(1)


def _precision_zero(d, ctx):
    """`timestamp(0)` is written without its precision (a zero is dropped as falsy)."""
    return d.kind == "column-type" and "(0)" in str(d.actual) and str(d.actual).replace("(0)", "") == d.expected


def _camel_case_name(d, ctx):
    """A column whose camelCase key differs from its name only in case (`allowLLMFeatures` keyed
    `allowLlmFeatures`) is written without its name, so it is named by the key."""
    if d.kind == "column-renamed":
        return str(d.expected).lower() == str(d.actual).lower()
    live = ctx["actual"].table(d.table, d.schema)
    ours = ctx["expected"].table(d.table, d.schema)
    if d.kind in ("column-missing", "column-unexpected") and live is not None and ours is not None:
        other = ours if d.kind == "column-unexpected" else live
        return any(c.name.lower() == d.name.lower() and c.name != d.name for c in other.columns)
    return False


def _opclass_permuted(d, ctx):
    """Operator classes of a multi-column index are written against the wrong columns (#3736)."""
    if d.kind != "index-definition":
        return False
    ours = _index(ctx["expected"], d)
    theirs = _index(ctx["actual"], d)
    table = ctx["actual"].table(d.table, d.schema)
    if ours is None or theirs is None or [c.name for c in ours.columns] != [c.name for c in theirs.columns]:
        return False
    defaults = {default_opclass(theirs.method, table.column(c.name)) for c in theirs.columns if table.column(c.name)}
    return all(c.opclass in defaults | {None, "enum_ops", "citext_ops"} for c in ours.columns)


def _fk_column_order(d, ctx):
    """Composite foreign keys are written with their two column lists in different orders."""
    if d.kind != "foreign-key-definition":
        return False
    ours = next(f for f in ctx["expected"].table(d.table, d.schema).foreign_keys if f.name == d.name)
    theirs = next(f for f in ctx["actual"].table(d.table, d.schema).foreign_keys if f.name == d.name)
    return sorted(ours.columns) == sorted(theirs.columns) and sorted(ours.ref_columns) == sorted(theirs.ref_columns)


def _referenced_unique_dropped(d, ctx):
    """A unique index that another table's foreign key references is left out."""
    if d.kind != "index-unexpected":
        return False
    index = _index(ctx["actual"], d)
    keys = sorted(c.name for c in index.columns)
    return index.unique and any(fk.ref_table == d.table and fk.ref_schema == d.schema and sorted(fk.ref_columns) == keys
                                for t in ctx["actual"].tables.values() for fk in t.foreign_keys)


def _over_a_renamed_column(d, ctx):
    """A key, index or foreign key over a column that pull named by its key (see _camel_case_name)."""
    if not d.kind.startswith(("index-", "foreign-key-", "primary-key")):
        return False
    ours = ctx["expected"].table(d.table, d.schema)
    live = ctx["actual"].table(d.table, d.schema)
    lost = {c.name for c in ours.columns if live.column(c.name) is None
            and any(o.name.lower() == c.name.lower() for o in live.columns)} if ours and live else set()
    return bool(lost & _object_columns(ctx["expected"], d))


PULL_LOSSES = (_pk_column_order, _pk_name, _array_default, _quoted_numeric_default, _precision_zero, _camel_case_name,
               _opclass_permuted, _fk_column_order, _referenced_unique_dropped, _over_a_renamed_column)


def _reported(d, ctx) -> bool:
    """The difference concerns something the reader said it could not read."""
    file = ctx["file"]
    lines = {(p.span.file, p.span.line) for p in file.problems}
    if d.origin is not None and (d.origin.file, d.origin.line) in lines:
        return True
    table = file.table(d.table, d.schema) if d.table else None
    if table is None:  # a statement skipped for a syntax error
        return any(p.kind == "syntax-error" and f'("{d.table}"' in ctx["lines"][p.span.line - 1] for p in file.problems)
    unresolved = {c.name for c in table.columns if c.kind == "unresolved"}
    if d.kind.startswith("column-") and d.name in unresolved:
        return True
    if d.kind.startswith("column-") and any(f"`{d.name}`" in p.message and _within(p, table) for p in file.problems):
        return True  # e.g. a column key written twice, the first one lost
    if d.kind.startswith(("index-", "foreign-key-")):  # over a column the reader could not read, or broken itself
        names = _object_columns(ctx["actual"], d)
        if names & unresolved:
            return True
        return any(_within(p, table) and ("foreignKey" in p.message or "index" in p.message) for p in file.problems)
    return False


def _within(problem, table) -> bool:
    span = table.span
    return problem.span.file == span.file and span.line <= problem.span.line <= span.end_line


def _object_columns(catalog, d) -> set[str]:
    table = catalog.table(d.table, d.schema)
    if table is None:
        return set()
    if d.kind.startswith("primary-key") and table.primary_key is not None:
        return set(table.primary_key.columns)
    for index in table.indexes:
        if index.name == d.name:
            return {c.name for c in index.columns}
    for fk in table.foreign_keys:
        if fk.name == d.name:
            return set(fk.columns)
    return set()


def _source_column(d, ctx):
    table = ctx["file"].table(d.table, d.schema)
    return table.column(d.name) if table is not None and d.name else None


def _index(catalog, d):
    table = catalog.table(d.table, d.schema)
    return next((i for i in table.indexes if i.name == d.name), None) if table is not None else None


def explain(d, ctx) -> str | None:
    if _reported(d, ctx):
        return "reported by the reader"
    return next((loss.__name__ for loss in PULL_LOSSES if loss(d, ctx)), None)


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_pulled_schema_reads_back_as_the_database(pg_server, corpus_schema, tmp_path):
    database = oracle_database(pg_server, corpus_schema.schema, "oracle_" + re.sub(r"[^a-z0-9]+", "_", corpus_schema.id.lower()))
    actual = read_catalog(database.url)
    schemas = sorted({t.schema for t in actual.tables.values()} | {e.schema for e in actual.enums.values()})
    schema_text, relations_text = pull(database.url, schemas)
    (tmp_path / "schema.ts").write_text(schema_text)
    (tmp_path / "relations.ts").write_text(relations_text)
    file = read_drizzle(tmp_path / "schema.ts")
    expected = drizzle_to_catalog(file, kit_quirks=False)  # what the file declares, as pull meant it
    diff = compare_catalogs(expected, actual, ignore={"other-object"})
    ctx = {"file": file, "expected": expected, "actual": actual, "lines": schema_text.splitlines()}
    unexplained = [d.describe() for d in diff.drift if explain(d, ctx) is None]
    assert diff.compared > 0
    assert not unexplained, f"{corpus_schema.id}: {len(unexplained)} unexplained differences:\n  " + "\n  ".join(unexplained[:40])
    matched = diff.compared - len(diff.drift)
    assert matched >= 0.9 * diff.compared, f"{corpus_schema.id}: only {matched} of {diff.compared} objects match"
    relations = read_drizzle(tmp_path / "relations.ts")
    has_fks = any(t.foreign_keys for t in actual.tables.values())
    assert not has_fks or relations.relations, "relations.ts declares relations for the foreign keys"
