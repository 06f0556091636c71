"""Read a live database's catalog (pg_catalog) into the catalog model, in a constant number of queries.

`read_catalog(conn_or_url)` runs seven catalog queries (and one setting the search_path) whatever
the size of the database (relations and columns, constraints, index keys, enums, extensions,
schemas, objects outside Prisma's model), so a 300-table database reads in about 0.1-0.2 s.
Values are the ones PostgreSQL itself prints (`format_type`, `pg_get_expr`, `pg_get_indexdef`),
as `tools.catalog.model` prescribes.

Skipped: the system schemas (pg_catalog, information_schema, pg_toast, temporary schemas) and every
object an extension owns (pg_depend deptype 'e'), so `CREATE EXTENSION postgis` does not show up as
a table named spatial_ref_sys. Triggers, functions, sequences no column owns, check and exclusion
constraints, policies, partitions, foreign tables and user-defined non-enum types are listed in
`other_objects`: they exist, but Prisma's schema cannot describe them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from tools.catalog.model import (
    DEFAULT_SCHEMA,
    Catalog,
    Column,
    EnumType,
    Extension,
    ForeignKey,
    Index,
    IndexColumn,
    PrimaryKey,
    Table,
    View,
    qualified,
    quote_ident,
)
from tools.errors import DatabaseError

# A schema filter shared by every query: user schemas only, optionally a given list of them.
_USER_SCHEMA = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY(%(schemas)s::text[]))"
_NOT_EXTENSION_MEMBER = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '{catalog}'::regclass AND e.objid = {oid} AND e.deptype = 'e')"

_RELATIONS = f"""
WITH rels AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition,
         CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS viewdef
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {_USER_SCHEMA}
    AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', oid='c.oid')}
)
SELECT r.nspname, r.relname, r.relkind, r.relispartition, r.viewdef,
       a.attname, a.attnotnull, a.attidentity, a.attgenerated,
       format_type(bt.oid, a.atttypmod) AS base_type, bt.typname, btn.nspname AS type_schema,
       quote_ident(btn.nspname) AS quoted_schema, quote_ident(bt.typname) AS quoted_name,
       (t.typcategory = 'A' AND t.typelem <> 0) AS is_array,
       pg_get_expr(d.adbin, d.adrelid) AS expr
FROM rels r
LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
LEFT JOIN pg_namespace btn ON btn.oid = bt.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
ORDER BY r.nspname, r.relname, a.attnum
"""

_CONSTRAINTS = f"""
SELECT n.nspname, c.relname, con.conname, con.contype, con.conindid,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.pos) AS columns,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.pos) AS ref_columns,
       con.confdeltype, con.confupdtype, con.condeferrable, con.convalidated,
       CASE WHEN con.contype IN ('c', 'x', 't') THEN pg_get_constraintdef(con.oid) END AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x', 't') AND {_USER_SCHEMA}
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', oid='c.oid')}
ORDER BY n.nspname, c.relname, con.conname
"""

# One row per key (and INCLUDE column) of every index. Whether an operator class is the default
# one for the key's type follows GetDefaultOpClass: a default class of the index method whose input
# type is the key's type (or its domain's base type), binary-coercible to it, or the polymorphic
# class for arrays, enums and ranges. An expression key whose class stores another type
# (opckeytype) hides its own type: the class's default flag decides alone.
_INDEX_KEYS = f"""
SELECT n.nspname, c.relname, ic.relname AS index_name, am.amname, i.indisunique, i.indnullsnotdistinct,
       i.indisvalid, i.indisprimary, i.indnkeyatts, pg_get_expr(i.indpred, i.indrelid) AS predicate,
       (SELECT con.contype FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
        AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS backs,
       k.pos, i.indkey[k.pos - 1] AS attnum, ta.attname, CASE WHEN i.indkey[k.pos - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.pos, false) END AS key_text,
       i.indoption[k.pos - 1] AS option, oc.opcname,
       (oc.opcdefault AND (kt.oid IS NULL OR oc.opcintype IN (kt.oid, NULLIF(kt.typbasetype, 0))
         OR EXISTS (SELECT 1 FROM pg_cast pc WHERE pc.castsource = COALESCE(NULLIF(kt.typbasetype, 0), kt.oid)
                    AND pc.casttarget = oc.opcintype AND pc.castmethod = 'b')
         OR (oc.opcintype = 'anyarray'::regtype AND kt.typcategory = 'A')
         OR (oc.opcintype = 'anyenum'::regtype AND kt.typtype = 'e')
         OR (oc.opcintype = 'anyrange'::regtype AND kt.typtype = 'r')
         OR (oc.opcintype = 'anymultirange'::regtype AND kt.typtype = 'm'))) AS default_opclass,
       CASE WHEN i.indcollation[k.pos - 1] <> 0
             AND i.indcollation[k.pos - 1] <> COALESCE(NULLIF(ta.attcollation, 0), kt.typcollation)
            THEN coll.collname END AS collation
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(pos)
LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.pos - 1] AND i.indkey[k.pos - 1] <> 0
LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.pos
LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[k.pos - 1]
LEFT JOIN pg_type kt ON kt.oid = CASE WHEN ta.attnum IS NOT NULL THEN ta.atttypid
                                      WHEN oc.opckeytype = 0 THEN ia.atttypid END
LEFT JOIN pg_collation coll ON coll.oid = i.indcollation[k.pos - 1]
WHERE c.relkind IN ('r', 'p', 'm') AND {_USER_SCHEMA}
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', oid='c.oid')}
ORDER BY n.nspname, c.relname, ic.relname, k.pos
"""

_ENUMS = f"""
SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_type', oid='t.oid')}
GROUP BY n.nspname, t.typname ORDER BY n.nspname, t.typname
"""

_EXTENSIONS = """
SELECT e.extname, n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname
"""

_SCHEMAS = f"""
SELECT n.nspname FROM pg_namespace n
WHERE {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_namespace', oid='n.oid')}
ORDER BY n.nspname
"""

# Objects Prisma's schema cannot describe. A sequence is listed only when no column owns it:
# serial columns own theirs (pg_depend 'a'), identity columns too ('i').
_OTHER_OBJECTS = f"""
SELECT 'trigger', n.nspname, tg.tgname, c.relname, pg_get_triggerdef(tg.oid)
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', oid='c.oid')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, n.nspname, p.proname,
       NULL, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_proc', oid='p.oid')}
UNION ALL
SELECT 'sequence', n.nspname, c.relname, NULL, NULL
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', oid='c.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
UNION ALL
SELECT 'policy', n.nspname, pol.polname, c.relname, pg_get_expr(pol.polqual, pol.polrelid)
FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_USER_SCHEMA}
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' ELSE 'type' END, n.nspname, t.typname, NULL,
       format_type(t.oid, NULL)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typtype IN ('d', 'r', 'm', 'b', 'c') AND t.typcategory <> 'A' AND (t.typrelid = 0 OR c.relkind = 'c')
  AND {_USER_SCHEMA} AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_type', oid='t.oid')}
  AND NOT (t.typtype = 'm' AND EXISTS (SELECT 1 FROM pg_range r WHERE r.rngmultitypid = t.oid))
ORDER BY 1, 2, 3
"""

CATALOG_QUERIES = (_RELATIONS, _CONSTRAINTS, _INDEX_KEYS, _ENUMS, _EXTENSIONS, _SCHEMAS, _OTHER_OBJECTS)

_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_IDENTITY = {"a": "ALWAYS", "d": "BY DEFAULT"}
_OTHER_KINDS = {"c": "check-constraint", "x": "exclusion-constraint", "t": "constraint-trigger"}


def read_catalog(conn_or_url: Any, *, schemas: Iterable[str] | None = None, default_schema: str = DEFAULT_SCHEMA) -> Catalog:
    """The catalog of a live database (all user schemas, or only `schemas`).

    `conn_or_url` is a psycopg connection or a connection string (then opened read-only with
    `tools.database.connect.connect` and closed afterwards). `default_schema` is the search_path
    the expressions are printed under (Prisma's `?schema=`): `format_type` and `pg_get_expr` qualify
    the names of types outside it (`'free'::billing.plan`), whatever the role's own search_path.
    """
    import psycopg

    from tools.database.connect import connect

    owned = isinstance(conn_or_url, str)
    conn = connect(conn_or_url) if owned else conn_or_url
    params = {"schemas": list(schemas) if schemas is not None else None}
    try:
        with conn.transaction():  # one snapshot, and the search_path set for this read only
            conn.execute("SELECT set_config('search_path', %s, true)", [quote_ident(default_schema)])
            rows = [conn.execute(query, params).fetchall() for query in CATALOG_QUERIES]
    except psycopg.errors.InsufficientPrivilege as error:
        raise DatabaseError(f"permission denied reading the database catalog: {error.diag.message_primary}",
                            help="the user needs SELECT on pg_catalog (granted to everyone by default)") from None
    except psycopg.errors.QueryCanceled:
        raise DatabaseError("reading the database catalog took longer than the statement timeout") from None
    except psycopg.Error as error:
        raise DatabaseError(f"could not read the database catalog: {error.diag.message_primary or error}") from None
    finally:
        if owned:
            conn.close()
    catalog = _assemble(*rows)
    catalog.default_schema = default_schema
    return catalog


def _assemble(relations, constraints, index_keys, enums, extensions, schemas, others) -> Catalog:
    catalog = Catalog(schemas=[r[0] for r in schemas])
    catalog.extensions = [Extension(name, schema, version) for name, schema, version in extensions]
    for schema, name, values in enums:
        catalog.add_enum(EnumType(name, list(values), schema))
    _add_relations(catalog, relations)
    _add_constraints(catalog, constraints)
    _add_indexes(catalog, index_keys)
    catalog.other_objects.extend(
        {"kind": kind, "schema": schema, "name": name, **({"table": table} if table else {}),
         **({"definition": definition} if definition else {})}
        for kind, schema, name, table, definition in others
    )
    return catalog


def _add_relations(catalog: Catalog, rows: list[tuple]) -> None:
    current: Table | View | None = None
    for (schema, name, kind, partition, viewdef, column, notnull, identity, generated,
         base_type, type_name, type_schema, quoted_schema, quoted_name, is_array, expr) in rows:
        key = qualified(schema, name)
        if current is None or current.key != key:
            current = _new_relation(catalog, schema, name, kind, partition, viewdef)
        if current is None or column is None:
            continue
        current.columns.append(Column(
            name=column,
            nullable=not notnull,
            array=bool(is_array),
            default=None if generated else expr,
            generated=expr if generated else None,
            identity=_IDENTITY.get(identity),
            **_column_type(base_type, type_name, type_schema, quoted_schema, quoted_name),
        ))


def _new_relation(catalog: Catalog, schema: str, name: str, kind: str, partition: bool, viewdef: str | None):
    """The Table or View a relation becomes; None (and an entry in other_objects) for the rest."""
    if partition or kind == "f":
        catalog.other_objects.append({"kind": "partition" if partition else "foreign-table", "schema": schema, "name": name})
        return None
    if kind in ("v", "m"):
        view = View(name=name, schema=schema, definition=viewdef, materialized=kind == "m")
        catalog.views[view.key] = view
        return view
    return catalog.add_table(Table(name=name, schema=schema))


def _column_type(base_type: str, type_name: str, type_schema: str, quoted_schema: str, quoted_name: str) -> dict:
    """`type` and `type_schema` as the model spells them: format_type for built-in types; for the
    others their bare name plus any modifier (`vector(1536)`), and the schema they live in."""
    if type_schema == "pg_catalog":
        return {"type": base_type, "type_schema": None}
    suffix = base_type
    for prefix in (f"{quoted_schema}.{quoted_name}", quoted_name):
        if base_type.startswith(prefix):
            suffix = base_type[len(prefix):]
            break
    return {"type": type_name + suffix, "type_schema": type_schema}


def _add_constraints(catalog: Catalog, rows: list[tuple]) -> None:
    for (schema, table_name, name, kind, _index, columns, ref_schema, ref_table, ref_columns,
         on_delete, on_update, deferrable, validated, definition) in rows:
        table = catalog.tables.get(qualified(schema, table_name))
        if kind in _OTHER_KINDS or table is None:
            catalog.other_objects.append({"kind": _OTHER_KINDS.get(kind, "constraint"), "schema": schema, "name": name,
                                          "table": table_name, **({"definition": definition} if definition else {}),
                                          **({} if validated else {"validated": False})})
        elif kind == "p":
            table.primary_key = PrimaryKey(name, list(columns))
        elif kind == "f":
            table.foreign_keys.append(ForeignKey(
                name=name, columns=list(columns), ref_schema=ref_schema, ref_table=ref_table,
                ref_columns=list(ref_columns), on_delete=_ACTIONS[on_delete], on_update=_ACTIONS[on_update],
                deferrable=deferrable, validated=validated,
            ))
        # 'u': a UNIQUE constraint is read with its index (Index.constraint)


def _add_indexes(catalog: Catalog, rows: list[tuple]) -> None:
    grouped: dict[tuple[str, str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[(row[0], row[1], row[2])].append(row)
    for (schema, table_name, name), keys in grouped.items():
        first = keys[0]
        method, unique, nulls_not_distinct, valid, primary, key_count, predicate, backs = first[3:11]
        table = catalog.tables.get(qualified(schema, table_name))
        if primary or backs == "x":
            continue  # the primary key and exclusion constraints are reported as such
        if table is None:  # an index on a materialized view
            catalog.other_objects.append({"kind": "index", "schema": schema, "name": name, "table": table_name})
            continue
        table.indexes.append(Index(
            name=name,
            columns=[_index_column(key) for key in keys if key[11] <= key_count],
            unique=unique,
            method=method,
            predicate=predicate,
            include=[key[13] for key in keys if key[11] > key_count],
            nulls_not_distinct=nulls_not_distinct,
            constraint=backs == "u",
            valid=valid,
        ))


def _index_column(key: tuple) -> IndexColumn:
    attnum, column, key_text, option, opclass, default_opclass, collation = key[12:19]
    descending = bool((option or 0) & 1)  # indoption bit 0: DESC
    nulls_first = bool((option or 0) & 2)  # bit 1: NULLS FIRST
    return IndexColumn(
        name=column if attnum else key_text,
        expression=not attnum,
        descending=descending,
        # PostgreSQL's default is NULLS LAST for ASC and NULLS FIRST for DESC: only a departure is kept
        nulls_first=None if nulls_first == descending else nulls_first,
        opclass=None if default_opclass or opclass is None else opclass,
        collation=collation,
    )


@dataclass(frozen=True, slots=True)
class RowEstimate:
    """The planner's idea of a table's size: rows from reltuples (None before the first ANALYZE)."""

    schema: str
    name: str
    rows: int | None
    total_bytes: int  # table, indexes and TOAST (pg_total_relation_size)
    table_bytes: int  # the heap alone (pg_relation_size)

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "name": self.name, "rows": self.rows,
                "total_bytes": self.total_bytes, "table_bytes": self.table_bytes}


_ROW_ESTIMATES = f"""
SELECT n.nspname, c.relname, c.reltuples, pg_total_relation_size(c.oid), pg_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND {_USER_SCHEMA}
  AND (%(keys)s::text[] IS NULL OR n.nspname || '.' || c.relname = ANY(%(keys)s::text[]))
ORDER BY n.nspname, c.relname
"""


def row_estimates(conn: Any, tables: Iterable[Any] | None = None) -> dict[str, RowEstimate]:
    """Row estimates and sizes of `tables` (keys `schema.name`, (schema, name) pairs or Table
    objects; None for every table), in one query. Keys of the result are `schema.name`."""
    import psycopg

    keys = None if tables is None else [_table_key(t) for t in tables]
    try:
        rows = conn.execute(_ROW_ESTIMATES, {"schemas": None, "keys": keys}).fetchall()
    except psycopg.Error as error:
        raise DatabaseError(f"could not read table sizes: {error.diag.message_primary or error}") from None
    # reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+): no estimate yet
    return {qualified(s, n): RowEstimate(s, n, None if tuples < 0 else int(tuples), total, heap)
            for s, n, tuples, total, heap in rows}


def _table_key(table: Any) -> str:
    if isinstance(table, str):
        return table if "." in table else qualified("public", table)
    if isinstance(table, tuple):
        return qualified(*table)
    return table.key
