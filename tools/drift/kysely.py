"""Kysely file ⇄ database (or schema.prisma): does the project's DB interface describe the tables?

The file is read with a real TypeScript parser (`tools.typescript.read_kysely`), each column reduced
to what Kysely selects, inserts and updates (`kysely_to_columns`). Against the catalog of the
database (the live one, or the migrations replayed with `--embedded`; the schema's catalog when
there is no database), each table and column must be there, with:
- nullability: `| null` exactly when the column is nullable;
- defaults: a NOT NULL column insertable without a value (`Generated<…>`, optional) exactly when
  the database can fill it (a DEFAULT, a sequence, an identity or generated column);
- a TypeScript type that holds what the `pg` driver returns for the column (`kysely_types`).
Views are compared by presence only (their columns' nullability is not in the catalog).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from tools.catalog.compare import DEFAULT_IGNORED_TABLES
from tools.catalog.model import Catalog, Column, Table
from tools.drift.differences import display_name
from tools.drift.generated import generated_state, settle
from tools.drift.history import display_path
from tools.drift.kysely_types import type_mismatch
from tools.drift.results import Comparison
from tools.drift.rules import RULES
from tools.findings import Finding, Location, Severity

KYSELY = "kysely"
_HELP = ("make the Kysely DB interface describe the database; `triple-orm sync` rewrites a file it generated "
         "(a hand-edited one needs --force)")


def compare_kysely(schema: Any, catalog: Catalog, path: Path, *, against: str = "database",
                   expected: Catalog | None = None, known_views: Iterable[str] = (), sync_options: Any = None,
                   sync_source: str | None = None, ignore_rules: tuple[str, ...] = ()) -> Comparison:
    """The Kysely file at `path` against `catalog` (`against` names it for people). With `expected`
    (the schema's catalog), only tables and columns the schema knows must be in the file: the
    others are the database's drift, reported by schema ⇄ database, not the file's."""
    from tools.typescript.kysely_reader import kysely_to_columns, read_kysely

    comparison = Comparison(KYSELY, f"Kysely file ⇄ {against} ({display_path(path)})")
    state, note = generated_state(schema, "kysely", path, options=sync_options, source=sync_source)
    comparison.notes += [note] if note else []
    if state == "missing":
        settle(comparison, state, path, "Kysely")
        return comparison
    file = read_kysely(path)
    comparison.notes += [f"not read: {p.message} ({p.span.file}:{p.span.line})" for p in file.problems[:5]]
    if not file.tables:
        return comparison.fail(f"{display_path(path)} declares no database interface that could be read")
    shapes = kysely_to_columns(file, default_schema=catalog.default_schema)
    checker = _KyselyCheck(catalog, path, comparison, against, expected)
    checker.run(shapes, set(catalog.views) | set(known_views))
    comparison.findings = [f for f in comparison.findings if f.rule not in ignore_rules]
    settle(comparison, state, path, "Kysely")
    return comparison


class _KyselyCheck:
    def __init__(self, catalog: Catalog, path: Path, comparison: Comparison, against: str, expected: Catalog | None):
        self.catalog, self.file, self.comparison, self.against = catalog, display_path(path), comparison, against
        self.expected = expected

    def required(self, table: Table, column: str | None = None) -> bool:
        """Whether the file must declare it: everything, or only what the schema knows."""
        if self.expected is None:
            return True
        known = self.expected.tables.get(table.key)
        return known is not None and (column is None or known.column(column) is not None)

    def count(self, what: str, matched: bool) -> None:
        self.comparison.compared[what] = self.comparison.compared.get(what, 0) + 1
        self.comparison.matched[what] = self.comparison.matched.get(what, 0) + (1 if matched else 0)

    def add(self, rule_id: str, message: str, span: Any, name: str, severity: Severity | None = None, **data: Any) -> None:
        rule = RULES[rule_id]
        location = _location(span) or Location(self.file, 1, 1)
        self.comparison.findings.append(Finding(rule.id, severity or rule.severity, message, _HELP, location,
                                                data={"comparison": KYSELY, "group": rule.group, "object": name, **data}))

    def name(self, table: Any, column: str | None = None) -> str:
        return display_name(table.schema, table.name, column, default_schema=self.catalog.default_schema)

    def run(self, shapes: dict, views: set[str]) -> None:
        tables = {k: t for k, t in self.catalog.tables.items() if t.name not in DEFAULT_IGNORED_TABLES}
        for key, table in sorted(tables.items()):
            shape = shapes.get(key)
            if shape is None and not self.required(table):
                continue
            self.count("tables", shape is not None)
            if shape is None:
                self.add("kysely-table-missing", f"table {self.name(table)} of the {self.against} is not in the Kysely "
                         "DB interface", None, self.name(table))
            else:
                self.columns(table, shape)
        for key, shape in sorted(shapes.items()):
            if key not in tables and key not in views:
                self.count("tables", False)
                self.add("kysely-table-unknown", f"the Kysely DB interface has table {self.name(shape)}, which the "
                         f"{self.against} does not have", shape.span, self.name(shape))

    def columns(self, table: Table, shape: Any) -> None:
        for column in table.columns:
            declared = shape.columns.get(column.name)
            if declared is None and not self.required(table, column.name):
                continue
            if declared is None:
                self.count("columns", False)
                optional = column.nullable or _filled_by_database(column)
                self.add("kysely-column-missing", f"column {self.name(table, column.name)} is not in the Kysely "
                         f"interface of {table.name}", shape.span, self.name(table, column.name),
                         Severity.MEDIUM if optional else None)
                continue
            self.count("columns", self.column(table, column, declared))
        for name, declared in shape.columns.items():
            if table.column(name) is None:
                self.count("columns", False)
                self.add("kysely-column-unknown", f"the Kysely interface of {table.name} has column {name}, which the "
                         f"{self.against} does not have", declared.span, self.name(table, name))

    def column(self, table: Table, column: Column, declared: Any) -> bool:
        """Compare one column; True when it agrees."""
        name = self.name(table, column.name)
        before = len(self.comparison.findings)
        if declared.nullable != column.nullable:
            self.add("kysely-column-nullability-drift",
                     f"column {name} is {'NULL' if column.nullable else 'NOT NULL'} in the {self.against}, but Kysely "
                     f"types it as {declared.declared}", declared.span, name,
                     None if column.nullable else Severity.MEDIUM, declared=declared.declared)
        # a nullable column may be left out of an insert either way: `| null` (above) says it
        can_omit = _filled_by_database(column)
        if not column.nullable and (not declared.insert_required) != can_omit and declared.insert is not None:
            self.add("kysely-column-default-drift", _default_message(name, column, declared), declared.span, name,
                     None if not can_omit else Severity.MEDIUM, declared=declared.declared, default=column.default)
        reason = type_mismatch(column, declared, self.catalog)
        if reason:
            self.add("kysely-column-type-drift", f"column {name} is {column.display_type()} in the {self.against}: "
                     f"{reason}", declared.span, name, declared=declared.declared)
        return len(self.comparison.findings) == before


def _filled_by_database(column: Column) -> bool:
    return column.default is not None or column.identity is not None or column.generated is not None


def _default_message(name: str, column: Column, declared: Any) -> str:
    if declared.insert_required:
        return (f"column {name} has a database default ({column.default or column.identity or 'generated'}), "
                f"but Kysely requires it on insert ({declared.declared}): wrap it in Generated<…>")
    return (f"column {name} has no default and is NOT NULL, but Kysely lets an insert leave it out "
            f"({declared.declared}): the insert fails in the database")


def _location(span: Any) -> Location | None:
    if span is None:
        return None
    end_line = span.end_line or span.line
    end_column = max(span.column, (span.end_column or span.column + 1) - 1)
    return Location(display_path(Path(span.file)), span.line, span.column, end_line, end_column)
