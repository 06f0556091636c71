"""Drizzle file ⇄ schema.prisma: what the project's Drizzle schema declares against what Prisma creates.

The file is read with a real TypeScript parser (`tools.typescript.read_drizzle`, tree-sitter) and
turned into the database it describes (`drizzle_to_catalog`, keeping what the file declares where
drizzle-kit would lose it), then compared object by object with the catalog the schema implies.
Each table, column (type, nullability, default), key, index, foreign key and enum that disagrees is
a finding located at its line in the TypeScript file (the schema line is in its data).

What a Drizzle file does not declare is not compared: extensions and schemas (Prisma's migrations
create them), views (Prisma never creates them), and objects outside Prisma's model. Names of
indexes and constraints only matter to drizzle-kit, which must not write migrations here (Prisma
owns them): a difference in name only is INFO.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.catalog.compare import Difference, compare_catalogs, DEFAULT_IGNORED_TABLES
from tools.catalog.model import Catalog
from tools.drift.differences import describe, display_name, location_of
from tools.drift.generated import generated_state, settle
from tools.drift.history import display_path
from tools.drift.results import Comparison
from tools.drift.rules import RULES
from tools.findings import Finding, Location, Severity

DRIZZLE = "drizzle"
_NOT_IN_A_DRIZZLE_FILE = {"schema-missing", "extension-missing", "view-missing", "view-unexpected", "view-column-missing",
                          "view-column-unexpected", "view-column-type", "other-object", "index-invalid", "foreign-key-not-valid"}
_NAME_ONLY = {"index-renamed", "foreign-key-renamed", "primary-key-name"}
_RULE_BY_PREFIX = (
    ("table-unexpected", "drizzle-table-unknown"), ("table-", "drizzle-table-missing"),
    ("column-unexpected", "drizzle-column-unknown"), ("column-missing", "drizzle-column-missing"),
    ("column-renamed", "drizzle-column-missing"), ("column-type", "drizzle-column-type-drift"),
    ("column-nullability", "drizzle-column-nullability-drift"), ("column-", "drizzle-column-default-drift"),
    ("enum-", "drizzle-enum-drift"), ("primary-key", "drizzle-primary-key-drift"), ("index-", "drizzle-index-drift"),
    ("foreign-key-", "drizzle-foreign-key-drift"),
)


def drizzle_rule(kind: str) -> str:
    return next(rule for prefix, rule in _RULE_BY_PREFIX if kind.startswith(prefix))


def compare_drizzle(schema: Any, expected: Catalog, path: Path, *, sync_options: Any = None,
                    sync_source: str | None = None, ignore_rules: tuple[str, ...] = ()) -> Comparison:
    """The Drizzle file at `path` against the catalog `expected` the schema implies."""
    from tools.typescript.drizzle_catalog import drizzle_to_catalog
    from tools.typescript.drizzle_reader import read_drizzle

    comparison = Comparison(DRIZZLE, f"Drizzle file ⇄ schema.prisma ({display_path(path)})")
    state, note = generated_state(schema, "drizzle", path, options=sync_options, source=sync_source)
    if note:
        comparison.notes.append(note)
    if state == "missing":
        settle(comparison, state, path, "Drizzle")
        return comparison
    file = read_drizzle(path)
    actual = drizzle_to_catalog(file, default_schema=expected.default_schema, kit_quirks=False)
    _note_problems(comparison, file.problems)
    diff = compare_catalogs(expected, actual, ignore=_NOT_IN_A_DRIZZLE_FILE & _known_kinds(),
                            ignore_tables=DEFAULT_IGNORED_TABLES)
    for object_type, tally in diff.counts.items():
        if tally.compared and object_type not in ("extensions", "schemas"):
            comparison.compared[object_type], comparison.matched[object_type] = tally.compared, tally.matched
    to_finding = _DrizzleFindings(expected, actual, path)
    comparison.findings = [f for f in map(to_finding, diff.differences) if f.rule not in ignore_rules]
    settle(comparison, state, path, "Drizzle")
    return comparison


def _known_kinds() -> set[str]:
    from tools.catalog.compare import KINDS

    return {k for kinds in KINDS.values() for k in kinds}


def _note_problems(comparison: Comparison, problems: list) -> None:
    for problem in problems[:5]:
        span = problem.span
        comparison.notes.append(f"not read: {problem.message} ({span.file}:{span.line})" if span else f"not read: {problem.message}")
    if len(problems) > 5:
        comparison.notes.append(f"… and {len(problems) - 5} more parts of the file that could not be read")


class _DrizzleFindings:
    """Catalog differences (schema vs Drizzle file) as findings located in the TypeScript file."""

    def __init__(self, expected: Catalog, actual: Catalog, path: Path):
        self.expected, self.actual, self.file = expected, actual, display_path(path)

    def __call__(self, d: Difference) -> Finding:
        rule = RULES[drizzle_rule(d.kind)]
        severity = Severity.INFO if d.kind in _NAME_ONLY else self._severity(d, rule.severity)
        name = display_name(d.schema, d.table, d.name, default_schema=self.expected.default_schema)
        message = describe(d, name, "the Drizzle file")
        data = {"comparison": DRIZZLE, "kind": d.kind, "group": rule.group, "object": name,
                "expected": d.to_dict()["expected"], "actual": d.to_dict()["actual"],
                "schema_location": d.origin.to_dict() if d.origin else None}
        help_text = ("make the Drizzle file declare what schema.prisma says; `triple-orm sync` rewrites a file it "
                     "generated (a hand-edited one needs --force)")
        return Finding(rule.id, severity, message, help_text, self._location(d), data=data)

    def _severity(self, d: Difference, severity: Severity) -> Severity:
        column = self._expected_column(d)
        if d.kind in ("column-missing", "column-renamed") and column is not None \
                and (column.nullable or column.default is not None):
            return Severity.MEDIUM  # inserts through Drizzle still work; the column cannot be read
        return severity

    def _expected_column(self, d: Difference):
        table = self.expected.table(d.table or "", d.schema or self.expected.default_schema)
        return table.column(d.name or "") if table and d.name else None

    def _location(self, d: Difference) -> Location:
        """Where in the TypeScript file: the object's own line, else its table's, else the top."""
        table = self.actual.table(str(d.actual) if d.kind == "table-renamed" else d.table or "",
                                  d.schema or self.expected.default_schema)
        enum = self.actual.enums.get(f"{d.schema}.{d.table}") if d.kind.startswith("enum-") else None
        found = enum.origin if enum else _object_origin(table, d) if table else None
        location = location_of(found)
        if location is None:
            return Location(self.file, 1, 1)
        return Location(display_path(Path(location.file)), location.line, location.column, location.end_line,
                        location.end_column)


def _object_origin(table: Any, d: Difference):
    name = str(d.actual) if d.kind.endswith("-renamed") else d.name
    for group in (table.columns, table.indexes, table.foreign_keys):
        for item in group:
            if item.name == name and item.origin is not None:
                return item.origin
    if d.kind.startswith("primary-key") and table.primary_key is not None and table.primary_key.origin is not None:
        return table.primary_key.origin
    return table.origin
