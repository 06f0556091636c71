"""schema.prisma ⇄ database: the catalog the schema implies against the one the database has.

`schema_catalog(schema, default_schema)` is the exact database `prisma migrate` would create, in the
schema Prisma would put it (`?schema=` of the URL when the datasource lists no schemas).
`read_database(conn, expected)` reads the live catalog of only the schemas the Prisma schema
manages, as Prisma does, so a platform's own schemas (Supabase's `auth`, `storage`) are not drift
(`supabase/auth #1140`). `compare_with_database(expected, actual)` is the comparison: every
difference as a finding with its rule, the schema line and the SQL that closes the gap.

health reuses all three: it needs the same catalogs and the same attribution to schema lines.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Collection

from tools.catalog.compare import DEFAULT_IGNORED_TABLES, compare_catalogs
from tools.catalog.from_prisma import prisma_to_catalog
from tools.catalog.introspect import read_catalog
from tools.catalog.model import Catalog
from tools.drift.differences import DifferenceFindings
from tools.drift.equivalence import prisma5_join_tables, same_to_prisma
from tools.drift.results import Comparison

PRISMA_DATABASE = "prisma-database"


def schema_catalog(schema: Any, default_schema: str | None = None) -> Catalog:
    """The catalog `schema` implies, in `default_schema` (the URL's `?schema=`) unless the
    datasource lists its schemas itself (multiSchema), where the URL's schema does not matter."""
    datasource = schema.datasource
    if default_schema and not datasource.schemas and default_schema != datasource.default_schema:
        schema = dataclasses.replace(schema, datasource=dataclasses.replace(datasource, default_schema=default_schema))
    return prisma_to_catalog(schema)


def read_database(conn: Any, expected: Catalog) -> Catalog:
    """The live catalog of the schemas `expected` lives in (one read, a constant number of queries)."""
    actual = read_catalog(conn, schemas=expected.schemas or [expected.default_schema])
    actual.default_schema = expected.default_schema
    return actual


def compare_with_database(
    expected: Catalog,
    actual: Catalog,
    *,
    name: str = PRISMA_DATABASE,
    title: str = "schema.prisma ⇄ database",
    ignore_rules: Collection[str] = (),
    ignore_tables: Collection[str] = (),
    side: str = "the database",
) -> Comparison:
    """Every difference between the schema's catalog and the database's, as findings."""
    diff = compare_catalogs(expected, actual, ignore_tables=(*DEFAULT_IGNORED_TABLES, *ignore_tables))
    comparison = Comparison(name, title)
    for object_type, tally in diff.counts.items():
        if tally.compared:
            comparison.compared[object_type] = tally.compared
            comparison.matched[object_type] = tally.matched
    to_finding = DifferenceFindings(expected, actual, name, side)
    differences = [d for d in diff.differences if not same_to_prisma(d, expected, actual)]
    differences, join_tables = prisma5_join_tables(differences, expected, actual)
    findings = list(map(to_finding, differences)) + [to_finding.prisma5_join_table(*pair) for pair in join_tables]
    comparison.findings = [f for f in findings if f.rule not in ignore_rules]
    missing = sum(1 for f in comparison.findings if f.rule == "table-missing")
    if expected.tables and missing == len(expected.tables):
        comparison.notes.append(f"none of the schema's {missing} tables exist in schema "
                                f"{expected.default_schema!r}: is this the right database (and ?schema=)?")
    if not expected.tables and not expected.enums:
        comparison.compared.clear()  # only the schema itself was compared: that is comparing nothing
    return comparison
