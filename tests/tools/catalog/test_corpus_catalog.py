"""Prisma's own DDL for every corpus schema applies to a real PostgreSQL, and read_catalog reads
back exactly the objects that DDL creates (counted independently, from the DDL's text)."""

from __future__ import annotations

import re

import pglast
import pytest
from pglast import ast
from pglast.enums import ConstrType

from testkit.corpus import corpus_params
from testkit.oracle import oracle_database
from tools.catalog.compare import compare_catalogs
from tools.catalog.expressions import normalize_default
from tools.catalog.introspect import read_catalog
from tools.database.prepare import default_span

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]


def _ddl_counts(ddl: str) -> dict[str, int]:
    """Objects the DDL creates, counted from its text (Prisma writes one statement shape per object)."""
    table_bodies = re.findall(r"^CREATE TABLE [^\n]*\(\n(.*?)\n\);", ddl, re.M | re.S)
    return {
        "tables": len(re.findall(r"^CREATE TABLE ", ddl, re.M)),
        "columns": sum(len(re.findall(r'^\s+"[^"]+" ', body, re.M)) for body in table_bodies),
        "primary_keys": len(re.findall(r"\bPRIMARY KEY\b", ddl)),
        "indexes": len(re.findall(r"^CREATE (?:UNIQUE )?INDEX ", ddl, re.M)),
        "foreign_keys": len(re.findall(r"^ALTER TABLE .* ADD CONSTRAINT .* FOREIGN KEY ", ddl, re.M)),
        "enums": len(re.findall(r"^CREATE TYPE .* AS ENUM ", ddl, re.M)),
    }


def _catalog_counts(catalog) -> dict[str, int]:
    tables = catalog.tables.values()
    return {
        "tables": len(catalog.tables),
        "columns": sum(len(t.columns) for t in tables),
        "primary_keys": sum(1 for t in tables if t.primary_key),
        "indexes": sum(len(t.indexes) for t in tables),
        "foreign_keys": sum(len(t.foreign_keys) for t in tables),
        "enums": len(catalog.enums),
    }


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_oracle_ddl_reads_back_object_for_object(pg_server, corpus_schema):
    database = oracle_database(pg_server, corpus_schema.schema, _db_name(corpus_schema.id))
    catalog = read_catalog(database.url)
    counts = _ddl_counts(database.ddl)
    assert counts["tables"] > 0
    assert _catalog_counts(catalog) == counts
    for schema in re.findall(r'^CREATE SCHEMA IF NOT EXISTS "([^"]+)"', database.ddl, re.M):
        assert schema in catalog.schemas
    diff = compare_catalogs(catalog, catalog)
    assert diff.differences == [] and diff.clean
    assert diff.summary()["compared"] >= sum(counts.values())


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_every_default_prisma_spells_normalises_to_what_postgres_stores(pg_server, corpus_schema):
    database = oracle_database(pg_server, corpus_schema.schema, _db_name(corpus_schema.id))
    catalog = read_catalog(database.url)
    encoded = database.ddl.encode()
    checked = 0
    for raw in pglast.parse_sql(database.ddl):
        if not isinstance(raw.stmt, ast.CreateStmt):
            continue
        table = catalog.table(raw.stmt.relation.relname, raw.stmt.relation.schemaname or "public")
        for element in raw.stmt.tableElts:
            for constraint in getattr(element, "constraints", None) or ():
                if constraint.contype == ConstrType.CONSTR_DEFAULT:
                    start, end = default_span(encoded, constraint)
                    column = table.column(element.colname)
                    stored = column.default if column.default is not None else column.generated
                    assert normalize_default(encoded[start:end].decode(), column) == stored, column.name
                    assert normalize_default(stored, column) == stored
                    checked += 1
    assert checked == len(re.findall(r"(?<!')\bDEFAULT\b(?!')", database.ddl))  # not the enum value 'DEFAULT'


@pytest.mark.parametrize("corpus_schema", [p for p in corpus_params() if p.values[0] is None or p.values[0].models >= 300])
def test_the_largest_schema_reads_whole(pg_server, corpus_schema):
    """Its speed is measured by evals/bench_check.py, not asserted (shared, noisy machines)."""
    database = oracle_database(pg_server, corpus_schema.schema, _db_name(corpus_schema.id))
    catalog = read_catalog(database.url)
    assert len(catalog.tables) >= 300
    assert sum(len(t.columns) for t in catalog.tables.values()) == len(re.findall(r'^    "', database.ddl, re.M))


def _db_name(corpus_id: str) -> str:
    return "oracle_" + re.sub(r"[^a-z0-9]+", "_", corpus_id.lower())
