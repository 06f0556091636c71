"""The drift rules: one stable kebab-case id per kind of disagreement, with its severity and group.

Rules are data. A catalog difference (`tools.catalog.compare`) maps to a rule through `KIND_RULES`;
the migration-history, replay and TypeScript checks name their rules directly. The group decides
where a finding is shown and whether it is drift at all:

- `drift`: the schema says one thing, the database (or file) another;
- `unknown`: the database has an object `schema.prisma` does not know (Prisma's next migration
  would drop it);
- `outside-model`: views, triggers, functions, check constraints, indexes Prisma cannot express:
  they exist, Prisma's schema language has no word for them, so they are listed and never fail a
  check (Prisma's own drift detection reports some of them as drift: `prisma/prisma-engines #5789`,
  `supabase/auth #1140`);
- `history`: the migrations folder and `_prisma_migrations` disagree;
- `files`: a Drizzle or Kysely file disagrees with the schema or the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.findings import Severity

DRIFT, UNKNOWN, OUTSIDE_MODEL, HISTORY, FILES = "drift", "unknown", "outside-model", "history", "files"
GROUP_TITLES = {
    DRIFT: "drift",
    UNKNOWN: "unknown to the schema",
    OUTSIDE_MODEL: "outside Prisma's model (listed, not drift)",
    HISTORY: "migration history",
    FILES: "TypeScript files",
}

H, M, L, I = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO


@dataclass(frozen=True, slots=True)
class DriftRule:
    id: str
    severity: Severity
    group: str
    summary: str

    def to_dict(self) -> dict:
        return {"id": self.id, "severity": self.severity.value, "group": self.group, "summary": self.summary}


_TABLE: tuple[DriftRule, ...] = (
    # -- Prisma ⇄ database: objects the schema declares ----------------------------------------
    DriftRule("schema-missing", H, DRIFT, "a PostgreSQL schema the datasource lists does not exist"),
    DriftRule("extension-missing", H, DRIFT, "an extension the datasource lists is not installed"),
    DriftRule("enum-missing", H, DRIFT, "an enum of the schema has no type in the database"),
    # reading a row whose value Prisma Client does not know throws; writing a value the type lacks fails
    DriftRule("enum-values-drift", H, DRIFT, "an enum's values differ between the schema and the database"),
    DriftRule("table-missing", H, DRIFT, "a model's table does not exist"),
    DriftRule("table-renamed", H, DRIFT, "a model's table exists under another name"),
    DriftRule("column-missing", H, DRIFT, "a field's column does not exist"),
    DriftRule("column-renamed", H, DRIFT, "a field's column exists under another name"),
    DriftRule("column-type-drift", H, DRIFT, "a column's type differs from the field's"),
    DriftRule("column-nullability-drift", H, DRIFT, "a column is NULL where the field is required, or NOT NULL where optional"),
    DriftRule("column-default-drift", M, DRIFT, "a column's default differs from the field's @default"),
    DriftRule("column-identity-drift", M, DRIFT, "a column is an identity column the schema does not describe"),
    DriftRule("column-generated-drift", M, DRIFT, "a generated column's expression differs"),
    DriftRule("primary-key-missing", H, DRIFT, "a model's primary key does not exist"),
    DriftRule("primary-key-drift", H, DRIFT, "a primary key covers other columns"),
    DriftRule("primary-key-name-drift", L, DRIFT, "a primary key has another name (Prisma's next migration renames it)"),
    DriftRule("index-missing", M, DRIFT, "an @@index / @@unique / @unique has no index"),
    DriftRule("index-renamed", L, DRIFT, "an index exists under another name"),
    DriftRule("index-definition-drift", M, DRIFT, "an index differs in columns, order, method, uniqueness or predicate"),
    DriftRule("index-invalid", M, DRIFT, "an index left invalid by a failed CREATE INDEX CONCURRENTLY"),
    DriftRule("foreign-key-missing", H, DRIFT, "a relation's foreign key does not exist"),
    DriftRule("foreign-key-renamed", L, DRIFT, "a foreign key exists under another name"),
    DriftRule("foreign-key-action-drift", H, DRIFT, "a foreign key's ON DELETE / ON UPDATE differs from the relation's"),
    DriftRule("foreign-key-definition-drift", H, DRIFT, "a foreign key covers other columns or references another table"),
    DriftRule("foreign-key-not-valid", M, DRIFT, "a foreign key added NOT VALID and never validated"),
    # -- objects the schema does not know --------------------------------------------------------
    DriftRule("table-unknown-to-schema", L, UNKNOWN, "a table no model maps to"),
    DriftRule("column-unknown-to-schema", L, UNKNOWN, "a column no field maps to"),
    DriftRule("index-unknown-to-schema", L, UNKNOWN, "an index no @@index / @@unique declares"),
    DriftRule("foreign-key-unknown-to-schema", L, UNKNOWN, "a foreign key no relation declares"),
    DriftRule("primary-key-unknown-to-schema", L, UNKNOWN, "a primary key the model does not declare"),
    DriftRule("enum-unknown-to-schema", L, UNKNOWN, "an enum type no enum block declares"),
    # -- outside Prisma's model --------------------------------------------------------------------
    DriftRule("outside-prisma-model", I, OUTSIDE_MODEL, "a view, trigger, function, check constraint or other object Prisma cannot describe"),
    DriftRule("index-outside-prisma-model", I, OUTSIDE_MODEL, "an index Prisma's schema language cannot express (expression, partial, INCLUDE…)"),
    DriftRule("view-not-created", I, OUTSIDE_MODEL, "a view block with no view in the database (Prisma's migrations never create views)"),
    # Prisma diffs no view: a view's columns are the view's own business (its client reads json as Json)
    DriftRule("view-column-drift", I, OUTSIDE_MODEL, "a view's columns differ from the schema's view block"),
    # Prisma 5 gave implicit many-to-many tables a unique index on (A, B), Prisma 6 a primary key
    DriftRule("implicit-m2m-unique-index", I, OUTSIDE_MODEL, "an implicit many-to-many table keeps Prisma 5's unique index where Prisma 6 has a primary key"),
    # Prisma appends a new value (ALTER TYPE … ADD VALUE) wherever the schema lists it, and its differ
    # ignores the order: a database migrated by Prisma often has another order than the schema
    DriftRule("enum-order-drift", I, OUTSIDE_MODEL, "an enum's values are in another order than the schema lists them (ORDER BY follows the database)"),
    # -- migrations folder ⇄ _prisma_migrations ------------------------------------------------------
    DriftRule("migration-not-applied", M, HISTORY, "a migration in the folder is not applied to the database"),
    DriftRule("migration-failed", H, HISTORY, "a migration failed and blocks `prisma migrate deploy` (P3009)"),
    DriftRule("migration-rolled-back", M, HISTORY, "a migration was marked rolled back and is not applied"),
    DriftRule("migration-edited", H, HISTORY, "an applied migration's file changed since it was applied"),
    DriftRule("migration-missing-locally", H, HISTORY, "a migration applied to the database is not in the folder"),
    DriftRule("migrations-table-missing", M, HISTORY, "the database has no _prisma_migrations table"),
    DriftRule("migration-folder-invalid", H, HISTORY, "a folder in the migrations directory has no readable migration.sql"),
    DriftRule("migration-lock-provider-mismatch", H, HISTORY, "migration_lock.toml names another provider"),
    DriftRule("migrations-do-not-apply", H, HISTORY, "the migrations folder fails to build an empty database"),
    DriftRule("schema-change-not-in-migrations", H, HISTORY, "the schema differs from what its migrations build (forgot `prisma migrate dev`)"),
    # -- TypeScript files --------------------------------------------------------------------------
    DriftRule("generated-file-stale", M, FILES, "a file written by `triple-orm sync` is out of date"),
    DriftRule("generated-file-missing", M, FILES, "a configured Drizzle or Kysely file does not exist"),
    DriftRule("drizzle-table-missing", M, FILES, "a table of the schema is not declared in the Drizzle file"),
    DriftRule("drizzle-table-unknown", M, FILES, "the Drizzle file declares a table the schema does not have"),
    DriftRule("drizzle-column-missing", H, FILES, "a column of the schema is not declared in the Drizzle file"),
    DriftRule("drizzle-column-unknown", M, FILES, "the Drizzle file declares a column the schema does not have"),
    DriftRule("drizzle-column-type-drift", H, FILES, "a Drizzle column's type differs from the schema's"),
    DriftRule("drizzle-column-nullability-drift", H, FILES, "a Drizzle column's .notNull() differs from the schema"),
    DriftRule("drizzle-column-default-drift", M, FILES, "a Drizzle column's default differs from the schema"),
    DriftRule("drizzle-enum-drift", H, FILES, "a Drizzle pgEnum differs from the schema's enum"),
    DriftRule("drizzle-primary-key-drift", H, FILES, "a Drizzle primary key differs from the schema"),
    DriftRule("drizzle-index-drift", M, FILES, "a Drizzle index or unique constraint differs from the schema"),
    DriftRule("drizzle-foreign-key-drift", H, FILES, "a Drizzle foreign key differs from the schema"),
    DriftRule("kysely-table-missing", M, FILES, "a table is not in the Kysely DB interface"),
    DriftRule("kysely-table-unknown", M, FILES, "the Kysely DB interface has a table that does not exist"),
    DriftRule("kysely-column-missing", H, FILES, "a column is not in the Kysely table interface"),
    DriftRule("kysely-column-unknown", M, FILES, "the Kysely interface has a column that does not exist"),
    DriftRule("kysely-column-type-drift", H, FILES, "a Kysely column's TypeScript type does not fit the column"),
    DriftRule("kysely-column-nullability-drift", H, FILES, "a Kysely column's `| null` differs from the column"),
    DriftRule("kysely-column-default-drift", M, FILES, "a Kysely column's Generated<> differs from the column's default"),
)

RULES: dict[str, DriftRule] = {rule.id: rule for rule in _TABLE}

# compare_catalogs kind -> rule id (Prisma ⇄ database)
KIND_RULES: dict[str, str] = {
    "schema-missing": "schema-missing",
    "extension-missing": "extension-missing",
    "enum-missing": "enum-missing",
    "enum-unexpected": "enum-unknown-to-schema",
    "enum-values": "enum-values-drift",
    "enum-order": "enum-order-drift",
    "table-missing": "table-missing",
    "table-unexpected": "table-unknown-to-schema",
    "table-renamed": "table-renamed",
    "column-missing": "column-missing",
    "column-unexpected": "column-unknown-to-schema",
    "column-renamed": "column-renamed",
    "column-type": "column-type-drift",
    "column-nullability": "column-nullability-drift",
    "column-default": "column-default-drift",
    "column-identity": "column-identity-drift",
    "column-generated": "column-generated-drift",
    "primary-key-missing": "primary-key-missing",
    "primary-key-unexpected": "primary-key-unknown-to-schema",
    "primary-key": "primary-key-drift",
    "primary-key-name": "primary-key-name-drift",
    "index-missing": "index-missing",
    "index-unexpected": "index-unknown-to-schema",
    "index-renamed": "index-renamed",
    "index-definition": "index-definition-drift",
    "index-invalid": "index-invalid",
    "foreign-key-missing": "foreign-key-missing",
    "foreign-key-unexpected": "foreign-key-unknown-to-schema",
    "foreign-key-renamed": "foreign-key-renamed",
    "foreign-key-action": "foreign-key-action-drift",
    "foreign-key-definition": "foreign-key-definition-drift",
    "foreign-key-not-valid": "foreign-key-not-valid",
    "view-missing": "view-not-created",
    "view-unexpected": "outside-prisma-model",
    "view-column-missing": "view-column-drift",
    "view-column-unexpected": "view-column-drift",
    "view-column-type": "view-column-drift",
    "other-object": "outside-prisma-model",
}


def rule(rule_id: str) -> DriftRule:
    return RULES[rule_id]
