"""The catalogue of seeded drift: real SQL that changes a database built from a corpus schema, and
the finding `check` must report for it (rule and object), or must not report (outside the model).

A seed looks at the catalog the schema implies and proposes candidates in a fixed order (the first
table, column, index… that fits); the test runs each candidate in a savepoint until one applies,
so that a seed applies to every corpus schema that has something it can change. Candidates avoid
side effects that would add other, also correct, findings (a table another table references is
not renamed, since the referencing foreign key would then differ as well).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from tools.catalog.model import Catalog, Column, EnumType, ForeignKey, Index, Table, quote_ident as q
from tools.drift.differences import display_name


@dataclass(frozen=True)
class Candidate:
    sql: str
    expect: tuple[tuple[str, str], ...]  # (rule, object) of every new finding; () for none
    severity: str | None = None  # of the (first) expected finding, when the seed pins it


@dataclass(frozen=True)
class Seed:
    id: str
    candidates: Callable[[Catalog], Iterator[Candidate]]
    drift: bool = True  # False: the change is outside Prisma's model and must not fail a check
    kinds: tuple[str, ...] = field(default=())


def qt(table: Table | EnumType) -> str:
    return f"{q(table.schema)}.{q(table.name)}"


def obj(cat: Catalog, table: Table | EnumType, name: str | None = None) -> str:
    return display_name(table.schema, table.name, name, default_schema=cat.default_schema)


def tables(cat: Catalog) -> list[Table]:
    return sorted(cat.tables.values(), key=lambda t: t.key)


def referenced(cat: Catalog) -> set[tuple[str, str]]:
    return {(fk.ref_schema, fk.ref_table) for t in cat.tables.values() for fk in t.foreign_keys}


def unreferenced(cat: Catalog) -> list[Table]:
    refs = referenced(cat)
    return [t for t in tables(cat) if (t.schema, t.name) not in refs]


def keyed(table: Table) -> set[str]:
    names = set(table.primary_key.columns) if table.primary_key else set()
    for index in table.indexes:
        names.update(c.name for c in index.columns)
    for fk in table.foreign_keys:
        names.update(fk.columns)
    return names


_SIMPLE_TYPES = ("text", "integer", "boolean", "bigint", "double precision", "uuid", "jsonb", "date")


def plain_columns(table: Table, *, default: bool | None = False) -> list[Column]:
    """Columns in no key or index, of a built-in scalar type, not generated; with or without a default."""
    out = []
    for c in table.columns:
        if c.name in keyed(table) or c.array or c.type_schema is not None or c.generated or c.identity:
            continue
        if not (c.type in _SIMPLE_TYPES or c.type.startswith(("character varying", "timestamp", "numeric"))):
            continue
        if default is not None and (c.default is not None) != default:
            continue
        out.append(c)
    return out


def each_column(cat: Catalog, **kwargs) -> Iterator[tuple[Table, Column]]:
    for table in tables(cat):
        for column in plain_columns(table, **kwargs):
            yield table, column


def each_index(cat: Catalog, test: Callable[[Index], bool]) -> Iterator[tuple[Table, Index]]:
    for table in tables(cat):
        for index in table.indexes:
            if test(index):
                yield table, index


def each_fk(cat: Catalog) -> Iterator[tuple[Table, ForeignKey]]:
    for table in tables(cat):
        for fk in table.foreign_keys:
            yield table, fk


def cols(names: list[str]) -> str:
    return ", ".join(q(n) for n in names)


def plain_btree(index: Index) -> bool:
    return index.method == "btree" and not index.predicate and all(
        not c.opclass and not c.descending and not c.expression and c.nulls_first is None for c in index.columns)


def create_index(table: Table, index: Index, keys: list[str], *, unique: bool | None = None, using: str = "") -> str:
    unique = index.unique if unique is None else unique
    method = f" USING {using}" if using else ""
    return (f"DROP INDEX {q(table.schema)}.{q(index.name)}; CREATE {'UNIQUE ' if unique else ''}INDEX {q(index.name)} "
            f"ON {qt(table)}{method} ({', '.join(keys)})")


def add_fk(table: Table, fk: ForeignKey, name: str, *, on_delete: str | None = None, tail: str = "") -> str:
    return (f"ALTER TABLE {qt(table)} ADD CONSTRAINT {q(name)} FOREIGN KEY ({cols(fk.columns)}) "
            f"REFERENCES {q(fk.ref_schema)}.{q(fk.ref_table)} ({cols(fk.ref_columns)}) "
            f"ON DELETE {on_delete or fk.on_delete} ON UPDATE {fk.on_update}{tail}")


def recreate_enum(cat: Catalog, enum: EnumType, values: list[str]) -> str:
    """The enum type replaced by one with `values`, every column cast to it (what a person does by
    hand to remove or reorder values; written here apart from the product's own printer)."""
    users = [(t, c) for t in tables(cat) for c in t.columns if c.type == enum.name and c.type_schema == enum.schema]
    name, old = qt(enum), f"{q(enum.schema)}.{q(enum.name + '_seed_old')}"
    listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    sql = [f"ALTER TYPE {name} RENAME TO {q(enum.name + '_seed_old')}", f"CREATE TYPE {name} AS ENUM ({listed})"]
    for table, column in users:
        target = f"ALTER TABLE {qt(table)} ALTER COLUMN {q(column.name)}"
        brackets = "[]" if column.array else ""
        if column.default is not None:
            sql.append(f"{target} DROP DEFAULT")
        sql.append(f"{target} TYPE {name}{brackets} USING {q(column.name)}::text{brackets}::{name}{brackets}")
        if column.default is not None:
            sql.append(f"{target} SET DEFAULT {column.default}")
    sql.append(f"DROP TYPE {old}")
    return "; ".join(sql)


def enum_defaults(cat: Catalog, enum: EnumType) -> set[str]:
    """Values of `enum` that some column default names (they cannot be removed)."""
    found = set()
    for table in cat.tables.values():
        for column in table.columns:
            if column.type == enum.name and column.default:
                found.update(v for v in enum.values if f"'{v}'" in column.default)
    return found


# -- the seeds ---------------------------------------------------------------------------------
# Each yields candidates; names of added objects start with `seeded` so they cannot clash.

def column_dropped(cat):
    for t, c in each_column(cat, default=None):
        yield Candidate(f"ALTER TABLE {qt(t)} DROP COLUMN {q(c.name)}", (("column-missing", obj(cat, t, c.name)),), "HIGH")


def column_added(cat):
    for t in tables(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} ADD COLUMN seeded_note text",
                        (("column-unknown-to-schema", obj(cat, t, "seeded_note")),), "LOW")


def column_added_required(cat):
    # NOT NULL without a default: Prisma Client never sends it, so every insert fails
    for t in tables(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} ADD COLUMN seeded_required integer NOT NULL",
                        (("column-unknown-to-schema", obj(cat, t, "seeded_required")),), "HIGH")


def column_renamed(cat):
    for t, c in each_column(cat, default=None):
        yield Candidate(f"ALTER TABLE {qt(t)} RENAME COLUMN {q(c.name)} TO seeded_renamed",
                        (("column-renamed", obj(cat, t, c.name)),), "HIGH")


def column_retyped(cat):
    for t, c in each_column(cat, default=False):
        new = "character varying(191)" if c.type == "text" else "text"
        yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} TYPE {new} USING {q(c.name)}::{new}",
                        (("column-type-drift", obj(cat, t, c.name)),), "HIGH")


def nullability_dropped(cat):
    for t, c in each_column(cat, default=None):
        if not c.nullable:
            yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} DROP NOT NULL",
                            (("column-nullability-drift", obj(cat, t, c.name)),), "MEDIUM")


def nullability_added(cat):
    for t, c in each_column(cat, default=None):
        if c.nullable:
            yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} SET NOT NULL",
                            (("column-nullability-drift", obj(cat, t, c.name)),), "HIGH")


_LITERALS = {"text": "'seeded'", "integer": "7", "boolean": "true", "bigint": "7", "uuid": "'00000000-0000-0000-0000-000000000007'"}


def default_added(cat):
    for t, c in each_column(cat, default=False):
        literal = _LITERALS.get(c.type) or ("'seeded'" if c.type.startswith("character varying") else None)
        if literal:
            yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} SET DEFAULT {literal}",
                            (("column-default-drift", obj(cat, t, c.name)),), "MEDIUM")


def default_dropped(cat):
    for t in tables(cat):
        for c in t.columns:
            if c.default is not None and c.name not in (t.primary_key.columns if t.primary_key else ()):
                # a required column losing its default makes inserts that leave it out fail
                yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} DROP DEFAULT",
                                (("column-default-drift", obj(cat, t, c.name)),), "MEDIUM" if c.nullable else "HIGH")


def serial_default_dropped(cat):
    for t in tables(cat):
        for c in t.columns:
            if c.default and c.default.startswith("nextval("):
                yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} DROP DEFAULT",
                                (("column-default-drift", obj(cat, t, c.name)),), "HIGH")


def table_dropped(cat):
    for t in unreferenced(cat):
        yield Candidate(f"DROP TABLE {qt(t)}", (("table-missing", obj(cat, t)),), "HIGH")


def table_renamed(cat):
    for t in unreferenced(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} RENAME TO seeded_renamed_table", (("table-renamed", obj(cat, t)),), "HIGH")


def table_added(cat):
    yield Candidate(f"CREATE TABLE {q(cat.default_schema)}.seeded_table (id integer PRIMARY KEY, label text)",
                    (("table-unknown-to-schema", display_name(cat.default_schema, "seeded_table", default_schema=cat.default_schema)),),
                    "LOW")


def primary_key_dropped(cat):
    for t in unreferenced(cat):
        if t.primary_key:
            yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(t.primary_key.name)}",
                            (("primary-key-missing", obj(cat, t, t.primary_key.name)),), "HIGH")


def primary_key_widened(cat):
    for t in unreferenced(cat):
        if not t.primary_key:
            continue
        for c in t.columns:
            if not c.nullable and c.name not in t.primary_key.columns and not c.array and c.type_schema is None:
                columns = cols([*t.primary_key.columns, c.name])
                yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(t.primary_key.name)}, "
                                f"ADD CONSTRAINT {q(t.primary_key.name)} PRIMARY KEY ({columns})",
                                (("primary-key-drift", obj(cat, t, t.primary_key.name)),), "HIGH")


def primary_key_renamed(cat):
    for t in tables(cat):
        if t.primary_key:
            yield Candidate(f"ALTER TABLE {qt(t)} RENAME CONSTRAINT {q(t.primary_key.name)} TO seeded_pk",
                            (("primary-key-name-drift", obj(cat, t, t.primary_key.name)),), "LOW")


def index_dropped(cat):
    for t, i in each_index(cat, lambda i: not i.unique):
        yield Candidate(f"DROP INDEX {q(t.schema)}.{q(i.name)}", (("index-missing", obj(cat, t, i.name)),), "MEDIUM")


def unique_dropped(cat):
    # upsert's ON CONFLICT needs the unique index; uniqueness is no longer enforced
    for t, i in each_index(cat, lambda i: i.unique):
        yield Candidate(f"DROP INDEX {q(t.schema)}.{q(i.name)}", (("index-missing", obj(cat, t, i.name)),), "HIGH")


def index_added(cat):
    for t, c in each_column(cat, default=None):
        yield Candidate(f"CREATE INDEX seeded_index ON {qt(t)} ({q(c.name)})",
                        (("index-unknown-to-schema", obj(cat, t, "seeded_index")),), "LOW")


def index_method_changed(cat):
    for t, i in each_index(cat, lambda i: plain_btree(i) and not i.unique and len(i.columns) == 1):
        yield Candidate(create_index(t, i, [q(i.columns[0].name)], using="hash"),
                        (("index-definition-drift", obj(cat, t, i.name)),), "MEDIUM")


def index_order_changed(cat):
    for t, i in each_index(cat, plain_btree):
        keys = [q(c.name) for c in i.columns]
        keys[0] += " DESC"
        yield Candidate(create_index(t, i, keys), (("index-definition-drift", obj(cat, t, i.name)),), "MEDIUM")


def index_columns_reordered(cat):
    for t, i in each_index(cat, lambda i: plain_btree(i) and len(i.columns) > 1):
        keys = [q(c.name) for c in reversed(i.columns)]
        yield Candidate(create_index(t, i, keys), (("index-definition-drift", obj(cat, t, i.name)),))


def unique_made_plain(cat):
    for t, i in each_index(cat, lambda i: plain_btree(i) and i.unique):
        yield Candidate(create_index(t, i, [q(c.name) for c in i.columns], unique=False),
                        (("index-definition-drift", obj(cat, t, i.name)),), "HIGH")


def index_renamed(cat):
    for t, i in each_index(cat, lambda i: True):
        yield Candidate(f"ALTER INDEX {q(t.schema)}.{q(i.name)} RENAME TO seeded_renamed_index",
                        (("index-renamed", obj(cat, t, i.name)),), "LOW")


def foreign_key_dropped(cat):
    for t, fk in each_fk(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(fk.name)}", (("foreign-key-missing", obj(cat, t, fk.name)),), "HIGH")


def foreign_key_action_changed(cat):
    for t, fk in each_fk(cat):
        action = "NO ACTION" if fk.on_delete == "CASCADE" else "CASCADE"
        yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(fk.name)}; {add_fk(t, fk, fk.name, on_delete=action)}",
                        (("foreign-key-action-drift", obj(cat, t, fk.name)),), "HIGH")


def foreign_key_deferrable(cat):
    for t, fk in each_fk(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} ALTER CONSTRAINT {q(fk.name)} DEFERRABLE",
                        (("foreign-key-definition-drift", obj(cat, t, fk.name)),), "HIGH")


def foreign_key_not_valid(cat):
    for t, fk in each_fk(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(fk.name)}; {add_fk(t, fk, fk.name, tail=' NOT VALID')}",
                        (("foreign-key-not-valid", obj(cat, t, fk.name)),), "MEDIUM")


def foreign_key_renamed(cat):
    for t, fk in each_fk(cat):
        yield Candidate(f"ALTER TABLE {qt(t)} RENAME CONSTRAINT {q(fk.name)} TO seeded_fk",
                        (("foreign-key-renamed", obj(cat, t, fk.name)),), "LOW")


def foreign_key_added(cat):
    for t, fk in each_fk(cat):
        yield Candidate(add_fk(t, fk, "seeded_extra_fkey"), (("foreign-key-unknown-to-schema", obj(cat, t, "seeded_extra_fkey")),), "LOW")


def enum_value_added(cat):
    for e in sorted(cat.enums.values(), key=lambda e: e.key):
        yield Candidate(f"ALTER TYPE {qt(e)} ADD VALUE 'SEEDED'", (("enum-values-drift", obj(cat, e)),), "HIGH")


def enum_value_removed(cat):
    for e in sorted(cat.enums.values(), key=lambda e: e.key):
        removable = [v for v in e.values if v not in enum_defaults(cat, e)]
        if len(e.values) > 1 and removable:
            values = [v for v in e.values if v != removable[-1]]
            yield Candidate(recreate_enum(cat, e, values), (("enum-values-drift", obj(cat, e)),), "HIGH")


def enum_value_renamed(cat):
    for e in sorted(cat.enums.values(), key=lambda e: e.key):
        for value in e.values:
            if value not in enum_defaults(cat, e):
                yield Candidate(f"ALTER TYPE {qt(e)} RENAME VALUE '{value}' TO 'seeded_value'",
                                (("enum-values-drift", obj(cat, e)),), "HIGH")


def enum_values_reordered(cat):
    # Prisma appends values and ignores their order: listed (INFO), never drift
    for e in sorted(cat.enums.values(), key=lambda e: e.key):
        if len(e.values) > 1:
            yield Candidate(recreate_enum(cat, e, list(reversed(e.values))), (("enum-order-drift", obj(cat, e)),), "INFO")


def enum_added(cat):
    yield Candidate(f"CREATE TYPE {q(cat.default_schema)}.seeded_mood AS ENUM ('calm')",
                    (("enum-unknown-to-schema", display_name(cat.default_schema, "seeded_mood", default_schema=cat.default_schema)),),
                    "LOW")


# -- outside Prisma's model: listed as INFO, never drift ------------------------------------------

def trigger_added(cat):
    for t in tables(cat):
        fn = f"{q(cat.default_schema)}.seeded_touch"
        yield Candidate(f"CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; "
                        f"CREATE TRIGGER seeded_trigger BEFORE UPDATE ON {qt(t)} FOR EACH ROW EXECUTE FUNCTION {fn}()",
                        (("outside-prisma-model", "seeded_touch"), ("outside-prisma-model", obj(cat, t, "seeded_trigger"))))


def view_added(cat):
    for t in tables(cat):
        yield Candidate(f"CREATE VIEW {q(cat.default_schema)}.seeded_view AS SELECT * FROM {qt(t)}",
                        (("outside-prisma-model", display_name(cat.default_schema, "seeded_view", default_schema=cat.default_schema)),))


def check_constraint_added(cat):
    for t, c in each_column(cat, default=None):
        yield Candidate(f"ALTER TABLE {qt(t)} ADD CONSTRAINT seeded_check CHECK ({q(c.name)} IS NOT NULL OR true)",
                        (("outside-prisma-model", obj(cat, t, "seeded_check")),))


def partial_index_added(cat):
    # Prisma cannot declare a partial index (before 7's preview): written by hand in a migration, it
    # is not drift (prisma/prisma-engines #5789)
    for t, c in each_column(cat, default=None):
        yield Candidate(f"CREATE INDEX seeded_partial ON {qt(t)} ({q(c.name)}) WHERE {q(c.name)} IS NOT NULL",
                        (("index-outside-prisma-model", obj(cat, t, "seeded_partial")),))


def platform_schema_added(cat):
    # a hosting platform's own schema (Supabase's auth) is not the Prisma schema's business
    yield Candidate("CREATE SCHEMA seeded_auth; CREATE TABLE seeded_auth.users (id uuid PRIMARY KEY, email text); "
                    "CREATE INDEX seeded_users_email ON seeded_auth.users (email)", ())


def unique_as_constraint(cat):
    # a UNIQUE constraint enforces what the unique index does; Prisma reads both as @unique
    for t, i in each_index(cat, lambda i: plain_btree(i) and i.unique):
        yield Candidate(f"DROP INDEX {q(t.schema)}.{q(i.name)}; "
                        f"ALTER TABLE {qt(t)} ADD CONSTRAINT {q(i.name)} UNIQUE ({cols([c.name for c in i.columns])})", ())


def array_made_not_null(cat):
    # Prisma's arity "list" has no nullability: its differ never compares it on array columns
    for t in tables(cat):
        for c in t.columns:
            if c.array and c.nullable:
                yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} SET NOT NULL", ())


def serial_sequence_renamed(cat):
    # a table renamed by a migration keeps its serial's old sequence name: still autoincrement()
    for t in tables(cat):
        for c in t.columns:
            if c.default and c.default.startswith("nextval("):
                sequence = c.default[len("nextval('"):].split("'::regclass")[0]
                yield Candidate(f"ALTER SEQUENCE {q(t.schema)}.{sequence} RENAME TO seeded_old_seq", ())


def array_default_respelled(cat):
    # '{}' and ARRAY[]::text[] are the same list default to Prisma
    for t in tables(cat):
        for c in t.columns:
            if c.array and c.default and c.default.startswith("ARRAY[]::"):
                yield Candidate(f"ALTER TABLE {qt(t)} ALTER COLUMN {q(c.name)} SET DEFAULT '{{}}'", ())


def join_table_on_prisma5(cat):
    # an implicit many-to-many table as Prisma 5 made it: a unique index on (A, B), no primary key
    for t in tables(cat):
        if t.model is None and t.name.startswith("_") and t.primary_key and t.primary_key.columns == ["A", "B"]:
            unique = t.primary_key.name.replace("_AB_pkey", "_AB_unique")
            yield Candidate(f"ALTER TABLE {qt(t)} DROP CONSTRAINT {q(t.primary_key.name)}; "
                            f'CREATE UNIQUE INDEX {q(unique)} ON {qt(t)} ("A", "B")',
                            (("implicit-m2m-unique-index", obj(cat, t)),), "INFO")


def migrations_table_added(cat):
    yield Candidate(f"CREATE TABLE {q(cat.default_schema)}._prisma_migrations (id varchar(36) PRIMARY KEY, "
                    "checksum varchar(64) NOT NULL, migration_name varchar(255) NOT NULL)", ())


SEEDS: tuple[Seed, ...] = (
    Seed("column-dropped", column_dropped), Seed("column-added", column_added),
    Seed("column-added-required", column_added_required), Seed("column-renamed", column_renamed),
    Seed("column-retyped", column_retyped), Seed("nullability-dropped", nullability_dropped),
    Seed("nullability-added", nullability_added), Seed("default-added", default_added),
    Seed("default-dropped", default_dropped), Seed("serial-default-dropped", serial_default_dropped),
    Seed("table-dropped", table_dropped), Seed("table-renamed", table_renamed), Seed("table-added", table_added),
    Seed("primary-key-dropped", primary_key_dropped), Seed("primary-key-widened", primary_key_widened),
    Seed("primary-key-renamed", primary_key_renamed), Seed("index-dropped", index_dropped),
    Seed("unique-dropped", unique_dropped), Seed("index-added", index_added),
    Seed("index-method-changed", index_method_changed), Seed("index-order-changed", index_order_changed),
    Seed("index-columns-reordered", index_columns_reordered), Seed("unique-made-plain", unique_made_plain),
    Seed("index-renamed", index_renamed), Seed("foreign-key-dropped", foreign_key_dropped),
    Seed("foreign-key-action-changed", foreign_key_action_changed), Seed("foreign-key-deferrable", foreign_key_deferrable),
    Seed("foreign-key-not-valid", foreign_key_not_valid), Seed("foreign-key-renamed", foreign_key_renamed),
    Seed("foreign-key-added", foreign_key_added), Seed("enum-value-added", enum_value_added),
    Seed("enum-value-removed", enum_value_removed), Seed("enum-value-renamed", enum_value_renamed),
    Seed("enum-values-reordered", enum_values_reordered, drift=False), Seed("enum-added", enum_added),
    Seed("trigger-added", trigger_added, drift=False), Seed("view-added", view_added, drift=False),
    Seed("check-constraint-added", check_constraint_added, drift=False),
    Seed("partial-index-added", partial_index_added, drift=False),
    Seed("platform-schema-added", platform_schema_added, drift=False),
    Seed("unique-as-constraint", unique_as_constraint, drift=False),
    Seed("migrations-table-added", migrations_table_added, drift=False),
    Seed("array-made-not-null", array_made_not_null, drift=False),
    Seed("serial-sequence-renamed", serial_sequence_renamed, drift=False),
    Seed("array-default-respelled", array_default_respelled, drift=False),
    Seed("join-table-on-prisma5", join_table_on_prisma5, drift=False),
)


# -- migration history -------------------------------------------------------------------------

# The table Prisma's schema engine creates on PostgreSQL (sql-schema-connector, postgres flavour).
PRISMA_MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS {schema}."_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)"""


_INSERT = (
    'INSERT INTO {schema}."_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, '
    "rolled_back_at, applied_steps_count, logs) VALUES (%s, %s, %s, now() + %s * interval '1 second', "
    "CASE WHEN %s THEN now() + %s * interval '1 second' END, CASE WHEN %s THEN now() END, %s, %s)")


def _row(name: str, checksum: str, finished: bool, rolled_back: bool, offset_s: int) -> list:
    import uuid

    return [str(uuid.uuid4()), checksum, name, offset_s, finished, offset_s, rolled_back, 1 if finished else 0,
            None if finished else "ERROR: seeded failure"]


def record_migration(conn, name: str, checksum: str, *, schema: str = "public", finished: bool = True,
                     rolled_back: bool = False, offset_s: int = 0) -> None:
    """One row of `_prisma_migrations`, as `prisma migrate deploy` writes it for an attempt."""
    conn.execute(_INSERT.format(schema=q(schema)), _row(name, checksum, finished, rolled_back, offset_s))


def record_folder(conn, folder, *, schema: str = "public") -> None:
    """`_prisma_migrations` holding every migration of `folder`, applied in order."""
    conn.execute(PRISMA_MIGRATIONS_DDL.format(schema=q(schema)))
    rows = [_row(m.name, m.checksum, True, False, i) for i, m in enumerate(folder.migrations)]
    with conn.cursor() as cursor:
        cursor.executemany(_INSERT.format(schema=q(schema)), rows)


def deploy_migrations(url: str, folder, schema: str = "public") -> None:
    """What `prisma migrate deploy` does to an empty database: each script in order, each recorded
    (in `schema`, the URL's `?schema=`, where Prisma keeps `_prisma_migrations`)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(PRISMA_MIGRATIONS_DDL.format(schema=q(schema)))
        for position, migration in enumerate(folder.migrations):
            conn.execute(migration.script)
            record_migration(conn, migration.name, migration.checksum, schema=schema, offset_s=position)
