"""Compare two catalogs object by object: what an expected database has that the actual one lacks,
what the actual one has in addition, and what differs between the two.

`compare_catalogs(expected, actual)` returns a `CatalogDiff`: a list of typed `Difference`s (kind,
object, expected and actual values, the schema line the expected object came from) and, per object
type, how many objects were compared and how many matched. A comparison that compared nothing is
never clean (`CatalogDiff.clean` is False): an empty catalog read from the wrong database must not
pass a drift check.

Matching is by name (tables by `schema.name`, columns, indexes and constraints by name within their
table). An index, foreign key, column or table missing under one name and present with the same
definition under another is reported once, as a rename. Defaults compare through
`normalize_default`, so `'PENDING'` and `'PENDING'::"Status"` are the same default and `now()`
and `CURRENT_TIMESTAMP` are not. Objects PostgreSQL has and Prisma cannot describe (triggers,
functions, views the schema does not know) are reported with `category="outside-model"`, apart
from drift.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable

from tools.catalog.expressions import normalize_default
from tools.catalog.model import DEFAULT_SCHEMA, Catalog, Column, EnumType, ForeignKey, Index, Table, View
from tools.errors import SourceSpan

DRIFT = "drift"
OUTSIDE_MODEL = "outside-model"

# Every kind of difference, by the object type it concerns.
KINDS: dict[str, tuple[str, ...]] = {
    "schema": ("schema-missing",),
    "extension": ("extension-missing",),
    "enum": ("enum-missing", "enum-unexpected", "enum-values", "enum-order"),
    "table": ("table-missing", "table-unexpected", "table-renamed"),
    "column": ("column-missing", "column-unexpected", "column-renamed", "column-type", "column-nullability",
               "column-default", "column-identity", "column-generated"),
    "primary-key": ("primary-key-missing", "primary-key-unexpected", "primary-key", "primary-key-name"),
    "index": ("index-missing", "index-unexpected", "index-renamed", "index-definition", "index-invalid"),
    "foreign-key": ("foreign-key-missing", "foreign-key-unexpected", "foreign-key-renamed", "foreign-key-action",
                    "foreign-key-definition", "foreign-key-not-valid"),
    "view": ("view-missing", "view-unexpected", "view-column-missing", "view-column-unexpected", "view-column-type"),
    "other": ("other-object",),
}
_OUTSIDE_MODEL_KINDS = {"view-unexpected", "other-object"}
COUNTED = ("schemas", "extensions", "enums", "tables", "columns", "primary_keys", "indexes", "foreign_keys", "views")
DEFAULT_IGNORED_TABLES = ("_prisma_migrations",)  # Prisma's own bookkeeping, in every migrated database


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the expected and the actual catalog."""

    kind: str
    schema: str | None
    table: str | None  # the table, view or enum concerned
    name: str | None = None  # the column, index or constraint (None for a whole table or enum)
    expected: Any = None
    actual: Any = None
    detail: str = ""
    origin: SourceSpan | None = None

    @property
    def category(self) -> str:
        return OUTSIDE_MODEL if self.kind in _OUTSIDE_MODEL_KINDS else DRIFT

    @property
    def object(self) -> str:
        """`schema.table[.name]`, the object in the user's words."""
        parts = [p for p in (self.schema, self.table, self.name) if p]
        return ".".join(parts)

    def describe(self) -> str:
        text = f"{self.kind} {self.object}"
        if self.detail:
            return f"{text}: {self.detail}"
        return f"{text}: expected {_short(self.expected)}, actual {_short(self.actual)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "category": self.category, "schema": self.schema, "table": self.table,
            "name": self.name, "expected": _plain(self.expected), "actual": _plain(self.actual),
            "detail": self.detail, "origin": self.origin.to_dict() if self.origin else None,
        }


@dataclass(slots=True)
class Tally:
    compared: int = 0
    matched: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"compared": self.compared, "matched": self.matched}


@dataclass(slots=True)
class CatalogDiff:
    """The differences found, and how many objects of each type were compared and matched."""

    differences: list[Difference] = field(default_factory=list)
    counts: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in COUNTED})

    @property
    def compared(self) -> int:
        return sum(t.compared for t in self.counts.values())

    @property
    def drift(self) -> list[Difference]:
        return [d for d in self.differences if d.category == DRIFT]

    @property
    def clean(self) -> bool:
        """No drift, and something was actually compared."""
        return self.compared > 0 and not self.drift

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for difference in self.differences:
            out[difference.kind] = out.get(difference.kind, 0) + 1
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "objects": {name: tally.to_dict() for name, tally in self.counts.items()},
            "compared": self.compared,
            "matched": sum(t.matched for t in self.counts.values()),
            "differences": len(self.drift),
            "outside_model": len(self.differences) - len(self.drift),
            "clean": self.clean,
        }

    def describe(self) -> list[str]:
        return [d.describe() for d in self.differences]

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "differences": [d.to_dict() for d in self.differences]}

    def __len__(self) -> int:
        return len(self.differences)

    def __iter__(self):
        return iter(self.differences)


def _plain(value: Any) -> Any:
    """A JSON-ready value: model objects as their dicts (without origins), lists element-wise."""
    if hasattr(value, "to_dict"):
        out = value.to_dict()
        if isinstance(out, dict):
            out.pop("origin", None)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _short(value: Any) -> str:
    plain = _plain(value)
    return "none" if plain is None else repr(plain)


def compare_catalogs(
    expected: Catalog,
    actual: Catalog,
    *,
    ignore: Collection[str] = (),
    ignore_tables: Collection[str] = DEFAULT_IGNORED_TABLES,
) -> CatalogDiff:
    """Every difference between `expected` and `actual`.

    `ignore`: kinds of difference to leave out (e.g. `{"other-object", "view-unexpected"}`).
    `ignore_tables`: glob patterns of tables (`name` or `schema.name`) compared on neither side.
    """
    comparison = _Comparison(set(ignore), tuple(ignore_tables))
    comparison.run(expected, actual)
    return comparison.diff


class _Base:
    def __init__(self, ignore: set[str], ignore_tables: tuple[str, ...]):
        unknown = ignore - {k for kinds in KINDS.values() for k in kinds}
        if unknown:
            raise ValueError(f"unknown difference kinds to ignore: {', '.join(sorted(unknown))}")
        self.ignore, self.ignore_tables, self.diff = ignore, ignore_tables, CatalogDiff()

    def add(self, kind: str, schema: str | None, table: str | None, name: str | None = None, *,
            expected: Any = None, actual: Any = None, detail: str = "", origin: SourceSpan | None = None) -> None:
        if kind not in self.ignore:
            self.diff.differences.append(Difference(kind, schema, table, name, expected, actual, detail, origin))

    def tally(self, what: str, matched: bool, count: int = 1) -> None:
        self.diff.counts[what].compared += count
        self.diff.counts[what].matched += count if matched else 0

    def run(self, expected: Catalog, actual: Catalog) -> None:
        # the search_path both catalogs' expressions are spelled under (Prisma's ?schema=)
        self.default_schema = getattr(expected, "default_schema", DEFAULT_SCHEMA)
        self.schemas(expected, actual)
        self.extensions(expected, actual)
        self.enums(expected.enums, actual.enums)
        self.tables(self._kept(expected.tables), self._kept(actual.tables))
        self.views(expected.views, actual.views)
        known = {_other_key(obj) for obj in expected.other_objects}
        for obj in actual.other_objects:
            if _other_key(obj) in known:
                continue  # listed on both sides (two live databases): nothing new
            self.add("other-object", obj.get("schema"), obj.get("table") or obj.get("name"),
                     obj.get("name") if obj.get("table") else None, actual=obj,
                     detail=f"{obj.get('kind')} outside Prisma's model")

    def _kept(self, tables: dict[str, Table]) -> dict[str, Table]:
        return {key: t for key, t in tables.items()
                if not any(fnmatch.fnmatchcase(t.name, p) or fnmatch.fnmatchcase(key, p) for p in self.ignore_tables)}

    def schemas(self, expected: Catalog, actual: Catalog) -> None:
        for schema in expected.schemas:
            present = schema in actual.schemas
            self.tally("schemas", present)
            if not present:
                self.add("schema-missing", schema, None, expected=schema)

    def extensions(self, expected: Catalog, actual: Catalog) -> None:
        installed = {e.name for e in actual.extensions}
        for extension in expected.extensions:
            present = extension.name in installed
            self.tally("extensions", present)
            if not present:
                self.add("extension-missing", None, None, extension.name, expected=extension)

    def enums(self, expected: dict[str, EnumType], actual: dict[str, EnumType]) -> None:
        for key, enum in expected.items():
            other = actual.get(key)
            if other is None:
                self.tally("enums", False)
                self.add("enum-missing", enum.schema, enum.name, expected=enum.values, origin=enum.origin)
                continue
            self.tally("enums", enum.values == other.values)
            if set(enum.values) != set(other.values):
                added = [v for v in other.values if v not in enum.values]
                removed = [v for v in enum.values if v not in other.values]
                self.add("enum-values", enum.schema, enum.name, expected=enum.values, actual=other.values,
                         detail=_listing(("not in the schema", added), ("missing", removed)), origin=enum.origin)
            elif enum.values != other.values:
                self.add("enum-order", enum.schema, enum.name, expected=enum.values, actual=other.values,
                         detail=f"order {', '.join(other.values)} instead of {', '.join(enum.values)}", origin=enum.origin)
        for key, enum in actual.items():
            if key not in expected:
                self.tally("enums", False)
                self.add("enum-unexpected", enum.schema, enum.name, actual=enum.values)

    def tables(self, expected: dict[str, Table], actual: dict[str, Table]) -> None:
        missing = [t for key, t in expected.items() if key not in actual]
        unexpected = [t for key, t in actual.items() if key not in expected]
        renamed = _pair_up(missing, unexpected, _table_shape)
        for old, new in renamed:
            self._tally_table(old, matched=False)
            self.add("table-renamed", old.schema, old.name, expected=old.name, actual=new.name,
                     detail=f"named {new.schema}.{new.name} in the database", origin=old.origin)
        paired = {id(t) for pair in renamed for t in pair}
        for table in missing:
            if id(table) not in paired:
                self._tally_table(table, matched=False)
                self.add("table-missing", table.schema, table.name, expected=table.key, origin=table.origin)
        for key, table in expected.items():
            if key in actual:
                self.tally("tables", True)
                self.table(table, actual[key])
        for table in unexpected:
            if id(table) not in paired:
                self._tally_table(table, matched=False)
                self.add("table-unexpected", table.schema, table.name, actual=table.key)

    def _tally_table(self, table: Table, matched: bool) -> None:
        """A table on one side only: it and everything in it count as compared and unmatched."""
        self.tally("tables", matched)
        self.tally("columns", matched, len(table.columns))
        self.tally("primary_keys", matched, 1 if table.primary_key else 0)
        self.tally("indexes", matched, len(table.indexes))
        self.tally("foreign_keys", matched, len(table.foreign_keys))

    def table(self, expected: Table, actual: Table) -> None:
        self.columns(expected, actual)
        self.primary_key(expected, actual)
        self.indexes(expected, actual)
        self.foreign_keys(expected, actual)


def _other_key(obj: dict[str, Any]) -> tuple:
    return (obj.get("kind"), obj.get("schema"), obj.get("table"), obj.get("name"))


def _listing(*parts: tuple[str, list[str]]) -> str:
    return "; ".join(f"{label}: {', '.join(values)}" for label, values in parts if values)


def _pair_up(missing: list, unexpected: list, shape) -> list[tuple[Any, Any]]:
    """Pairs (missing, unexpected) whose shapes are equal and unique on both sides: renames."""
    by_shape: dict[Any, list] = {}
    for item in unexpected:
        by_shape.setdefault(shape(item), []).append(item)
    wanted: dict[Any, list] = {}
    for item in missing:
        wanted.setdefault(shape(item), []).append(item)
    return [(items[0], by_shape[s][0]) for s, items in wanted.items() if len(items) == 1 and len(by_shape.get(s, [])) == 1]


def _table_shape(table: Table) -> tuple:
    return (table.schema, tuple((c.name, _column_type(c)) for c in table.columns))


def _column_type(column: Column) -> tuple[str, str | None, bool]:
    schema = None if column.type_schema in (None, "pg_catalog") else column.type_schema
    return (" ".join(column.type.split()), schema, column.array)


def _type_text(column: Column) -> str:
    schema = _column_type(column)[1]
    return (f"{schema}." if schema else "") + column.type + ("[]" if column.array else "")


def _default_matches(expected: Column, actual: Column, default_schema: str) -> bool:
    """Defaults compare as PostgreSQL stores them. Prisma has no word for a generated column: its
    introspection writes `GENERATED ALWAYS AS (e) STORED` as `@default(dbgenerated("e"))`, so an
    expected default equal to the actual generation expression is that column, not drift."""
    want = normalize_default(expected.default, expected, default_schema)
    if want == normalize_default(actual.default, actual, default_schema):
        return True
    return actual.default is None and actual.generated is not None and expected.generated is None \
        and want == normalize_default(actual.generated, None, default_schema)


class _Columns:
    """Column comparison, as methods of _Comparison (kept apart for length)."""

    def columns(self, expected: Table, actual: Table) -> None:
        theirs = {c.name: c for c in actual.columns}
        ours = {c.name for c in expected.columns}
        missing = [c for c in expected.columns if c.name not in theirs]
        unexpected = [c for c in actual.columns if c.name not in ours]
        renamed = _pair_up(missing, unexpected, lambda c: (_column_type(c), c.nullable))
        paired = {id(c) for pair in renamed for c in pair}
        for old, new in renamed:
            self.tally("columns", False)
            self.add("column-renamed", expected.schema, expected.name, old.name, expected=old.name, actual=new.name,
                     detail=f"named {new.name} in the database", origin=old.origin or expected.origin)
        for column in expected.columns:
            if column.name in theirs:
                self.column(expected, column, theirs[column.name])
            elif id(column) not in paired:
                self.tally("columns", False)
                self.add("column-missing", expected.schema, expected.name, column.name, expected=column,
                         origin=column.origin or expected.origin)
        for column in unexpected:
            if id(column) not in paired:
                self.tally("columns", False)
                self.add("column-unexpected", actual.schema, actual.name, column.name, actual=column)

    def column(self, table: Table, expected: Column, actual: Column) -> None:
        found = []
        if _column_type(expected) != _column_type(actual):
            found.append(("column-type", _type_text(expected), _type_text(actual)))
        if expected.nullable != actual.nullable:
            found.append(("column-nullability", "NULL" if expected.nullable else "NOT NULL",
                          "NULL" if actual.nullable else "NOT NULL"))
        if not _default_matches(expected, actual, self.default_schema):
            found.append(("column-default", expected.default, actual.default))
        if (expected.identity or None) != (actual.identity or None):
            found.append(("column-identity", expected.identity, actual.identity))
        if expected.generated is not None and normalize_default(expected.generated) != normalize_default(actual.generated):
            found.append(("column-generated", expected.generated, actual.generated))
        self.tally("columns", not found)
        for kind, want, have in found:
            self.add(kind, table.schema, table.name, expected.name, expected=want, actual=have,
                     origin=expected.origin or table.origin)


def _index_shape(index: Index) -> tuple:
    """An index's definition without its name; default spellings made equal (NULLS order, case)."""
    keys = tuple(
        (_key_name(c.name, c.expression), c.expression, c.descending,
         c.descending if c.nulls_first is None else c.nulls_first, (c.opclass or "").lower() or None, c.collation)
        for c in index.columns
    )
    predicate = normalize_default(index.predicate) if index.predicate else None
    return (keys, index.unique, index.method.lower(), predicate, tuple(index.include), index.nulls_not_distinct,
            index.constraint)


def _key_name(name: str, expression: bool) -> str:
    return normalize_default(name) or name if expression else name


_INDEX_PARTS = ("columns", "unique", "method", "predicate", "include", "nulls not distinct", "constraint")


def _index_detail(expected: Index, actual: Index) -> str:
    ours, theirs = _index_shape(expected), _index_shape(actual)
    parts = [name for name, a, b in zip(_INDEX_PARTS, ours, theirs) if a != b]
    return "differs in " + ", ".join(parts)


def _fk_shape(fk: ForeignKey) -> tuple:
    return (tuple(fk.columns), fk.ref_schema, fk.ref_table, tuple(fk.ref_columns), fk.deferrable)


class _Keys:
    """Primary keys, indexes and foreign keys, as methods of _Comparison."""

    def primary_key(self, expected: Table, actual: Table) -> None:
        ours, theirs = expected.primary_key, actual.primary_key
        if ours is None and theirs is None:
            return
        origin = (ours.origin if ours else None) or expected.origin
        if ours is None or theirs is None:
            self.tally("primary_keys", False)
            kind = "primary-key-missing" if theirs is None else "primary-key-unexpected"
            self.add(kind, expected.schema, expected.name, (ours or theirs).name, expected=ours, actual=theirs, origin=origin)
        elif ours.columns != theirs.columns:
            self.tally("primary_keys", False)
            self.add("primary-key", expected.schema, expected.name, ours.name, expected=ours.columns,
                     actual=theirs.columns, origin=origin)
        else:
            self.tally("primary_keys", ours.name == theirs.name)
            if ours.name != theirs.name:
                self.add("primary-key-name", expected.schema, expected.name, ours.name, expected=ours.name,
                         actual=theirs.name, origin=origin)

    def indexes(self, expected: Table, actual: Table) -> None:
        self._named(expected, actual, expected.indexes, actual.indexes, "index", "indexes", _index_shape)
        for index in actual.indexes:
            if not index.valid:
                self.add("index-invalid", actual.schema, actual.name, index.name, actual=index,
                         detail="left invalid by a failed CREATE INDEX CONCURRENTLY; drop and recreate it")

    def foreign_keys(self, expected: Table, actual: Table) -> None:
        self._named(expected, actual, expected.foreign_keys, actual.foreign_keys, "foreign-key", "foreign_keys",
                    lambda fk: (_fk_shape(fk), fk.on_delete, fk.on_update))
        for fk in actual.foreign_keys:
            if not fk.validated:
                self.add("foreign-key-not-valid", actual.schema, actual.name, fk.name, actual=fk,
                         detail="added NOT VALID and never validated: existing rows are not checked")

    def _named(self, table: Table, other: Table, ours: list, theirs: list, noun: str, counter: str, shape) -> None:
        """Match by name, then pair what is left over by definition (renames)."""
        by_name = {o.name: o for o in theirs}
        names = {o.name for o in ours}
        missing = [o for o in ours if o.name not in by_name]
        unexpected = [o for o in theirs if o.name not in names]
        renamed = _pair_up(missing, unexpected, shape)
        paired = {id(o) for pair in renamed for o in pair}
        for old, new in renamed:
            self.tally(counter, False)
            self.add(f"{noun}-renamed", table.schema, table.name, old.name, expected=old.name, actual=new.name,
                     detail=f"named {new.name} in the database", origin=old.origin or table.origin)
        for obj in ours:
            if obj.name in by_name:
                self._definition(table, noun, counter, obj, by_name[obj.name])
            elif id(obj) not in paired:
                self.tally(counter, False)
                self.add(f"{noun}-missing", table.schema, table.name, obj.name, expected=obj, origin=obj.origin or table.origin)
        for obj in unexpected:
            if id(obj) not in paired:
                self.tally(counter, False)
                self.add(f"{noun}-unexpected", other.schema, other.name, obj.name, actual=obj)

    def _definition(self, table: Table, noun: str, counter: str, ours: Any, theirs: Any) -> None:
        origin = ours.origin or table.origin
        if noun == "index":
            same = _index_shape(ours) == _index_shape(theirs)
            if not same:
                self.add("index-definition", table.schema, table.name, ours.name, expected=ours, actual=theirs,
                         detail=_index_detail(ours, theirs), origin=origin)
        elif _fk_shape(ours) != _fk_shape(theirs):
            same = False
            self.add("foreign-key-definition", table.schema, table.name, ours.name, expected=ours, actual=theirs,
                     detail=_fk_detail(ours, theirs), origin=origin)
        else:
            same = (ours.on_delete, ours.on_update) == (theirs.on_delete, theirs.on_update)
            if not same:
                self.add("foreign-key-action", table.schema, table.name, ours.name,
                         expected={"on_delete": ours.on_delete, "on_update": ours.on_update},
                         actual={"on_delete": theirs.on_delete, "on_update": theirs.on_update},
                         detail=f"ON DELETE {theirs.on_delete} ON UPDATE {theirs.on_update} in the database, "
                                f"ON DELETE {ours.on_delete} ON UPDATE {ours.on_update} expected", origin=origin)
        self.tally(counter, same)


def _fk_detail(expected: ForeignKey, actual: ForeignKey) -> str:
    labels = ("columns", "referenced schema", "referenced table", "referenced columns", "deferrable")
    return "differs in " + ", ".join(l for l, a, b in zip(labels, _fk_shape(expected), _fk_shape(actual)) if a != b)


class _Views:
    """Views: Prisma knows their columns but never creates them, so an absent view is drift and a
    view the schema does not know is outside its model."""

    def views(self, expected: dict[str, View], actual: dict[str, View]) -> None:
        for key, view in expected.items():
            other = actual.get(key)
            if other is None:
                self.tally("views", False)
                self.add("view-missing", view.schema, view.name, expected=view.key, origin=view.origin)
                continue
            self.tally("views", self._view_columns(view, other))
        for key, view in actual.items():
            if key not in expected:
                self.add("view-unexpected", view.schema, view.name, actual=view.key,
                         detail=("materialized view" if view.materialized else "view") + " outside Prisma's model")

    def _view_columns(self, expected: View, actual: View) -> bool:
        theirs = {c.name: c for c in actual.columns}
        ours = {c.name for c in expected.columns}
        before = len(self.diff.differences)
        for column in expected.columns:
            other = theirs.get(column.name)
            if other is None:
                self.add("view-column-missing", expected.schema, expected.name, column.name, expected=column,
                         origin=column.origin or expected.origin)
            elif _column_type(column) != _column_type(other):
                self.add("view-column-type", expected.schema, expected.name, column.name, expected=_type_text(column),
                         actual=_type_text(other), origin=column.origin or expected.origin)
        for column in actual.columns:
            if column.name not in ours:
                self.add("view-column-unexpected", actual.schema, actual.name, column.name, actual=column)
        return len(self.diff.differences) == before


class _Comparison(_Base, _Columns, _Keys, _Views):
    """One comparison run: the checks of each object type, writing into one CatalogDiff."""
