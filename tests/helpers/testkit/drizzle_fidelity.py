"""How faithful a Drizzle schema is to Prisma: the database drizzle-kit creates from it, compared
object by object with the database Prisma's own engine creates from the Prisma schema.

    result = drizzle_fidelity(server, schema_path, drizzle_ts, name="cal_com")
    result.diff.summary()  # compared/matched per object type (tables, columns, keys, indexes, ...)

Used by tests/tools/sync/test_drizzle_fidelity.py (ours must be exact) and by
evals/fidelity_drizzle.py (ours beside drizzle-prisma-generator's, measured the same way).

How the Drizzle side is built, and the two things done to drizzle-kit's SQL before it is applied:

1. `drizzle-kit generate` (pinned 0.31) writes the SQL for the schema from an empty history.
2. drizzle-kit writes every foreign key before every index. A foreign key onto columns that only a
   unique *index* makes unique (Prisma's `@unique` creates an index, not a constraint) then fails:
   "there is no unique constraint matching given keys". That is drizzle-kit's statement order, not
   the schema's meaning (1.0 fixes the order), so the foreign keys are applied last.
3. drizzle-kit has no notion of extensions; Prisma's DDL starts with `CREATE EXTENSION` for the
   datasource's `extensions`. Those statements (from the catalog Prisma creates) run first, as a
   Drizzle project would run them in its first custom migration.

Both databases are then prepared the same way (`prepare_database`: extensions a type or an operator
class needs, stand-ins for functions defaults call) and read back with `read_catalog`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from testkit.oracle import oracle_database
from testkit.toolchain import ToolchainError, drizzle_kit_generate, split_statements
from tools.catalog.compare import CatalogDiff, compare_catalogs
from tools.catalog.ddl import catalog_statements
from tools.catalog.from_prisma import prisma_to_catalog
from tools.catalog.introspect import read_catalog
from tools.database.prepare import apply_ddl
from tools.errors import DatabaseError
from tools.prisma import load_schema

_FOREIGN_KEY = re.compile(r"^ALTER TABLE .* ADD CONSTRAINT .* FOREIGN KEY", re.DOTALL)


@dataclass
class Fidelity:
    """The comparison, or why there is none (drizzle-kit or PostgreSQL refused the SQL)."""

    diff: CatalogDiff | None
    sql: str = ""
    error: str | None = None
    moved_foreign_keys: int = 0
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, tuple[int, int]]:
        """object type -> (compared, matched); nothing matched when the SQL could not be applied."""
        return {name: (t.compared, t.matched) for name, t in self.diff.counts.items()} if self.diff is not None else {}


def foreign_keys_last(sql: str) -> tuple[str, int]:
    """drizzle-kit's statements with the foreign keys moved after everything else (see the module doc)."""
    statements = split_statements(sql)
    keys = [s for s in statements if _FOREIGN_KEY.match(s)]
    rest = [s for s in statements if not _FOREIGN_KEY.match(s)]
    return "\n".join(rest + keys), len(keys)


def extension_statements(schema_path: Path) -> list[str]:
    """Prisma's `CREATE EXTENSION` statements for the datasource's extensions."""
    catalog = prisma_to_catalog(load_schema(schema_path))
    return [sql for kind, sql in catalog_statements(catalog) if kind == "CreateExtension"]


def drizzle_fidelity(server, schema_path: Path, drizzle_ts: str, *, name: str, sql: str | None = None) -> Fidelity:
    """Compare the database drizzle-kit makes of `drizzle_ts` with the one Prisma makes of `schema_path`.

    `sql`: drizzle-kit's SQL for `drizzle_ts` when the caller already ran it.
    """
    expected = read_catalog(oracle_database(server, schema_path, f"oracle_{name}").url)
    if sql is None:
        try:
            sql = drizzle_kit_generate(drizzle_ts)
        except ToolchainError as error:
            return Fidelity(None, error=f"drizzle-kit generate failed: {str(error)[-400:]}")
    reordered, moved = foreign_keys_last(sql)
    script = "\n".join([*extension_statements(schema_path), reordered])
    url = server.create_database(f"drizzle_{name}")
    try:
        apply_ddl(url, script)
    except DatabaseError as error:
        return Fidelity(None, sql, error=f"the SQL did not apply: {error.message[-400:]}", moved_foreign_keys=moved)
    diff = compare_catalogs(expected, read_catalog(url), ignore={"other-object"})
    return Fidelity(diff, sql, moved_foreign_keys=moved)


def database_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]
