"""Type safety across the three ORMs: each model's fields as Prisma Client, the project's Drizzle
table and the project's Kysely table type them, and what disagrees.

What each ORM *should* give a field is what `triple-orm sync` writes for it, read back with the
same readers (the generators read the one type table, tools/typemap.py: DRIZZLE_BUILDERS and
KYSELY_TYPES). A project file that types a field otherwise is a mismatch: a field missing in one
ORM, a type that disagrees (`number` where PostgreSQL's int8 arrives as a string, a timestamptz read
without its zone), nullability, enum values, or an insert that leaves empty (or has rejected) a
value Prisma Client fills itself (`@default(cuid())`, `@updatedAt`). The differences every
correct setup has (Prisma's `bigint` beside Kysely's `string` for the same BigInt, because the
`pg` driver returns text) are shown as notes with the reason, not reported as mismatches.

Json fields whose values have no declared shape (no `/// [TypeName]` and no Zod schema) are
findings too, with the fix, but not mismatches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tools.findings import Finding, Location, Severity
from tools.prisma.schema import PrismaField, PrismaModel, PrismaSchema
from tools.sync.jsontypes import json_annotation
from tools.typemap import DRIZZLE_BUILDERS, KYSELY_TYPES
from tools.types.orm_types import OrmColumnType, drizzle_type, kysely_type, prisma_type
from tools.types.zod import ZodSchemas

MISSING = "field-missing-in-orm"
TYPES = "types-disagree"
NULLABILITY = "nullability-disagrees"
ENUMS = "enum-values-disagree"
INSERT = "prisma-fills-on-insert"
JSON_SHAPE = "json-field-without-shape"
MISMATCH_RULES = (MISSING, TYPES, NULLABILITY, ENUMS, INSERT)
TITLES = {"prisma": "Prisma Client", "drizzle": "Drizzle", "kysely": "Kysely"}


@dataclass(slots=True)
class FieldTypes:
    """One field side by side."""

    model: str
    field: str
    column: str
    prisma: OrmColumnType
    orms: dict[str, OrmColumnType | None] = field(default_factory=dict)  # drizzle/kysely: None when missing
    notes: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the findings' rules on this field

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "field": self.field, "column": self.column, "prisma": self.prisma.to_dict(),
                **{orm: (t.to_dict() if t is not None else None) for orm, t in self.orms.items()},
                "notes": list(self.notes), "findings": list(self.rules)}


@dataclass(slots=True)
class TypeReport:
    schema: str
    files: dict[str, str | None]  # drizzle/kysely -> the file compared (None: not given)
    rows: list[FieldTypes] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def mismatches(self) -> list[Finding]:
        return [f for f in self.findings if f.rule in MISMATCH_RULES]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "files": dict(self.files), "fields": [r.to_dict() for r in self.rows],
                "findings": [f.to_dict() for f in self.findings],
                "summary": {"fields": len(self.rows), "mismatches": len(self.mismatches),
                            "json_without_shape": sum(1 for f in self.findings if f.rule == JSON_SHAPE)}}


@dataclass(slots=True)
class Side:
    """One ORM's file: the project's tables, and those `triple-orm sync` would write."""

    orm: str
    path: str
    actual: Any  # DrizzleFile | {table key: KyselyTableShape}
    expected: Any


def compare_types(schema: PrismaSchema, *, drizzle=None, kysely=None, zod: ZodSchemas | None = None,
                  options=None) -> TypeReport:
    """`drizzle`: a DrizzleFile; `kysely`: a KyselyFile (either may be None: that ORM is not compared)."""
    sides = expected_sides(schema, drizzle, kysely, options)
    report = TypeReport(schema.path, {"drizzle": drizzle.path if drizzle else None,
                                      "kysely": kysely.path if kysely else None})
    for model in schema.tables:
        _compare_model(model, schema, sides, report)
    _json_shapes(schema, zod or ZodSchemas(), report)
    return report


def expected_sides(schema: PrismaSchema, drizzle, kysely, options) -> list[Side]:
    from tools.sync import plan_sync
    from tools.typescript.drizzle_reader import read_drizzle
    from tools.typescript.kysely_reader import kysely_to_columns, read_kysely

    default = schema.datasource.default_schema
    plan = plan_sync(schema, "expected-drizzle.ts" if drizzle else None, "expected-kysely.ts" if kysely else None,
                     options=options)
    generated = {f.kind: f.content for f in plan.files}
    sides = []
    if drizzle is not None:
        sides.append(Side("drizzle", drizzle.path, drizzle, read_drizzle(generated["drizzle"], path="expected-drizzle.ts")))
    if kysely is not None:
        sides.append(Side("kysely", kysely.path, kysely_to_columns(kysely, default_schema=default),
                          kysely_to_columns(read_kysely(generated["kysely"], path="expected-kysely.ts"),
                                            default_schema=default)))
    return sides


# -- one model -------------------------------------------------------------------------------------

def _compare_model(model: PrismaModel, schema: PrismaSchema, sides: list[Side], report: TypeReport) -> None:
    table_schema = model.schema or schema.datasource.default_schema
    for side in sides:
        if _table(side, side.actual, model, table_schema) is None:
            report.findings.append(_finding(MISSING, Severity.HIGH, model, None, side, None,
                                            f"table `{model.db_name}` of model {model.name} is missing from the "
                                            f"{TITLES[side.orm]} file: queries through {TITLES[side.orm]} cannot reach it"))
    for prisma_field in model.columns:
        row = FieldTypes(model.name, prisma_field.name, prisma_field.db_name, prisma_type(prisma_field, schema))
        for side in sides:
            actual = _column(side, side.actual, model, table_schema, prisma_field.db_name)
            expected = _column(side, side.expected, model, table_schema, prisma_field.db_name)
            row.orms[side.orm] = actual[0] if actual else None
            if _table(side, side.actual, model, table_schema) is None:
                continue
            for finding in _field_findings(prisma_field, schema, row, side, actual, expected):
                report.findings.append(finding)
                row.rules.append(finding.rule)
            row.notes += _representation_notes(prisma_field, row.prisma, row.orms[side.orm], side.orm)
        report.rows.append(row)
    for side in sides:
        report.findings += _extra_columns(model, table_schema, side)


def _table(side: Side, tables, model: PrismaModel, table_schema: str):
    if side.orm == "drizzle":
        return tables.table(model.db_name, table_schema)
    return tables.get(f"{table_schema}.{model.db_name}")


def _column(side: Side, tables, model: PrismaModel, table_schema: str, name: str):
    """(OrmColumnType, the file's location) of a column, or None."""
    table = _table(side, tables, model, table_schema)
    if table is None:
        return None
    if side.orm == "drizzle":
        column = table.column(name)
        return (drizzle_type(column, tables), column.span) if column is not None and column.kind != "unresolved" else None
    shape = table.columns.get(name)
    return (kysely_type(shape), shape.span) if shape is not None else None


def _field_findings(prisma_field: PrismaField, schema: PrismaSchema, row: FieldTypes, side: Side, actual,
                    expected) -> list[Finding]:
    model = prisma_field.model
    if actual is None:
        if expected is None:  # the ORM has no column for it by design (a view's, an ignored field's)
            return []
        return [_finding(MISSING, Severity.HIGH, model, prisma_field, side, None,
                         f"{model.name}.{prisma_field.name} (column `{prisma_field.db_name}`) is missing from the "
                         f"{TITLES[side.orm]} table: {TITLES[side.orm]} cannot select or write it")]
    got, where = actual
    want = expected[0] if expected else None
    out = []
    if want is not None:
        out += _type_findings(prisma_field, row.prisma, got, want, side, where)
    enum = _enum_finding(prisma_field, schema, got, side, where)
    if enum:
        out.append(enum)
    insert = _insert_finding(prisma_field, row.prisma, got, want, side, where)
    if insert:
        out.append(insert)
    return out


def _strip_null(text: str) -> str:
    return re.sub(r"\s*\|\s*null\b|\bnull\s*\|\s*", "", text).strip()


def _type_findings(prisma_field, prisma: OrmColumnType, got: OrmColumnType, want: OrmColumnType, side: Side,
                   where) -> list[Finding]:
    out = []
    model = prisma_field.model
    label = f"{model.name}.{prisma_field.name}"
    if got.nullable != want.nullable:
        says = "nullable" if got.nullable else "never null"
        out.append(_finding(NULLABILITY, Severity.HIGH, model, prisma_field, side, where,
                            f"{label}: {TITLES[side.orm]} types it {says} (`{got.select}`), but the column is "
                            f"{'nullable' if want.nullable else 'NOT NULL'} (Prisma Client: `{prisma.select}`)",
                            got=got, want=want))
    signature = _signature(side.orm, got, prisma_field.kind == "enum")
    expected_signature = _signature(side.orm, want, prisma_field.kind == "enum")
    if signature != expected_signature:
        out.append(_finding(TYPES, Severity.HIGH, model, prisma_field, side, where,
                            _types_message(label, prisma, got, want, side.orm, prisma_field), got=got, want=want))
    return out


def _signature(orm: str, t: OrmColumnType, enum: bool = False) -> tuple:
    """What decides the values a column reads and writes. Null-ness, enum values and whether an
    insert may leave it out are compared apart (their own findings)."""
    if enum:  # the union of values is compared as the enum's values
        values = lambda text: "enum" if text and '"' in text else _strip_null(text or "")  # noqa: E731
    else:
        values = lambda text: _strip_null(text or "")  # noqa: E731
    if orm == "drizzle":
        detail = t.detail
        return (values(t.select), detail.get("builder"), detail.get("mode"), bool(detail.get("withTimezone")))
    insert = re.sub(r"\s*\|\s*undefined\b", "", t.insert or "")
    return (values(t.select), values(insert), values(t.update))


def _types_message(label: str, prisma: OrmColumnType, got: OrmColumnType, want: OrmColumnType, orm: str,
                   prisma_field) -> str:
    text = (f"{label}: Prisma Client reads `{_strip_null(prisma.select)}`, this {TITLES[orm]} file "
            f"`{_strip_null(got.select)}`; `triple-orm sync` writes `{_strip_null(want.select)}`")
    if orm == "drizzle" and got.detail.get("builder") == "timestamp" and want.detail.get("withTimezone") \
            and not got.detail.get("withTimezone"):
        text += (": a timestamptz column declared without `withTimezone: true` is read as UTC wall time, so "
                 "unless the session's TimeZone is UTC every value is off by the zone's offset (10:00+07 reads "
                 "back as 10:00Z)")
    elif orm == "drizzle" and got.detail.get("mode") != want.detail.get("mode"):
        text += f" (mode {got.detail.get('mode') or 'default'} where sync writes {want.detail.get('mode') or 'the default'})"
    why = _typemap_why(prisma_field, orm)
    return text + (f". Type table: {why}" if why else "")


def _typemap_why(prisma_field, orm: str) -> str:
    """The type table's reason for the type sync writes (tools/typemap.py)."""
    if prisma_field.kind != "scalar":
        return ""
    key = prisma_field.native.name if prisma_field.native else prisma_field.type
    if orm == "kysely":
        row = KYSELY_TYPES.get(key) or KYSELY_TYPES.get(prisma_field.type)
        return row.why if row else ""
    from tools.typemap import NATIVE_TYPES, SCALAR_DEFAULTS

    pg = NATIVE_TYPES.get(key) if prisma_field.native else SCALAR_DEFAULTS.get(key)
    pg_name = re.sub(r"\(.*?\)", "", pg.pg) if pg is not None else ""  # `numeric(65,30)` -> `numeric`
    row = DRIZZLE_BUILDERS.get(pg_name)
    if row is None:
        return ""
    reason = _DRIZZLE_READS.get(row.builder, "")
    return f"the type table maps {pg_name} to drizzle's {row.builder}()" + (f", which {reason}" if reason else "")


# What drizzle's builders read, where it differs from Prisma Client (drizzle-orm 0.45's column classes).
_DRIZZLE_READS = {
    "numeric": "returns PostgreSQL's exact decimal text (mode \"number\" would round it to a double)",
    "bigint": "reads a JavaScript bigint in mode \"bigint\" (mode \"number\" loses digits past 2^53)",
    "date": "reads a Date only in mode \"date\" (a 'YYYY-MM-DD' string by default)",
    "time": "reads the time as text",
    "bytea": "reads a Node.js Buffer",
}


def _enum_finding(prisma_field, schema: PrismaSchema, got: OrmColumnType, side: Side, where) -> Finding | None:
    if prisma_field.kind != "enum":
        return None
    wanted = [v.db_name for v in schema.enums[prisma_field.type].values]
    found = got.detail.get("enum_values")
    if found is None or set(found) == set(wanted):
        return None
    missing, extra = sorted(set(wanted) - set(found)), sorted(set(found) - set(wanted))
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown to Prisma {', '.join(extra)}"] if extra else [])
    return _finding(ENUMS, Severity.HIGH, prisma_field.model, prisma_field, side, where,
                    f"{prisma_field.model.name}.{prisma_field.name}: the {TITLES[side.orm]} values of enum "
                    f"{prisma_field.type} disagree with the database's ({'; '.join(parts)})",
                    extra_data={"enum_database_values": wanted, "enum_orm_values": found})


def _insert_finding(prisma_field, prisma: OrmColumnType, got: OrmColumnType, want: OrmColumnType | None, side: Side,
                    where) -> Finding | None:
    """An insert through this ORM that does not do what a create through Prisma Client does."""
    fills = prisma.filled_by or ""
    client_side = fills.startswith("Prisma Client")
    database_default = prisma_field.default is not None and not prisma_field.default.client_side
    if want is not None and (got.presence, got.filled_by, got.nullable) == (want.presence, want.filled_by, want.nullable):
        return None  # an insert behaves as with the file sync writes (the table shows what fills it)
    claims_default = (got.filled_by or "").startswith("database") and not database_default
    label = f"{prisma_field.model.name}.{prisma_field.name}"
    if claims_default and got.presence == "optional" and not got.nullable:
        outcome, severity = (f"{TITLES[side.orm]} marks it as filled by the database (`{got.select}`, optional on "
                             "insert), but the column has no database default: PostgreSQL rejects an insert that "
                             "leaves it out (NOT NULL)"), Severity.HIGH
    elif not client_side or got.filled_by in ("$defaultFn", "$onUpdate"):
        return None
    elif got.presence == "required":
        if want is None or want.presence == "required":
            return None  # the generated file makes it required too: the compiler asks for it, nothing is lost
        outcome, severity = "an insert through it must now pass the value by hand", Severity.MEDIUM
    elif got.nullable:
        outcome, severity = "an insert through it leaves the column NULL", Severity.MEDIUM
    else:
        outcome, severity = ("an insert that leaves it out is rejected by PostgreSQL (NOT NULL, no database "
                             "default)"), Severity.HIGH
    source = fills.removeprefix("Prisma Client ").strip("()") if client_side else "no value"
    return _finding(INSERT, severity, prisma_field.model, prisma_field, side, where,
                    f"{label}: Prisma Client fills it on create ({source}); the {TITLES[side.orm]} column has no "
                    f"{_client_fill_name(side.orm, prisma_field)}: {outcome}", got=got, want=want)


def _client_fill_name(orm: str, prisma_field) -> str:
    if orm == "drizzle":
        return "$onUpdate" if prisma_field.updated_at else "$defaultFn"
    return "value filled for it"


def _extra_columns(model: PrismaModel, table_schema: str, side: Side) -> list[Finding]:
    table = _table(side, side.actual, model, table_schema)
    if table is None:
        return []
    known = {f.db_name for f in model.columns}
    names = [c.name for c in table.columns] if side.orm == "drizzle" else list(table.columns)
    out = []
    for name in names:
        if name not in known:
            column = _column(side, side.actual, model, table_schema, name)
            out.append(_finding(MISSING, Severity.HIGH, model, None, side, column[1] if column else None,
                                f"column `{name}` of the {TITLES[side.orm]} table `{model.db_name}` is not a field of "
                                f"{model.name} in schema.prisma: Prisma Client cannot read it, and the next "
                                "`prisma migrate` drops it from the database if it exists there",
                                extra_data={"column": name}))
    return out


# -- notes and Json shapes ------------------------------------------------------------------------

def _representation_notes(prisma_field, prisma: OrmColumnType, got: OrmColumnType | None, orm: str) -> list[str]:
    """Where a correct ORM types the same value differently from Prisma Client, and why."""
    if got is None or prisma_field.kind != "scalar" or prisma.insert is None:
        return []
    ours, theirs = _strip_null(prisma.select), _strip_null(got.select)
    if ours == theirs or prisma_field.type == "Json" or _equivalent(ours, theirs):
        return []
    why = _typemap_why(prisma_field, orm) or "the driver's runtime type"
    return [f"{TITLES[orm]} reads `{theirs}` where Prisma Client reads `{ours}`: {why}"]


def _equivalent(prisma: str, orm: str) -> bool:
    return {prisma, orm} <= {"Uint8Array", "Buffer"} or prisma.replace('"', "") == orm.replace('"', "")


def _json_shapes(schema: PrismaSchema, zod: ZodSchemas, report: TypeReport) -> None:
    for model in schema.models.values():
        for prisma_field in model.columns:
            if prisma_field.kind != "scalar" or prisma_field.type != "Json":
                continue
            annotation = json_annotation(prisma_field)
            if (annotation and annotation.type_name) or zod.for_field(model.name, prisma_field.name):
                continue
            name = model.name[:1].lower() + model.name[1:] + prisma_field.name[:1].upper() + prisma_field.name[1:] + "Schema"
            registry = f" or map it in {zod.registry_path}" if zod.registry_path else f" (or name one `{name}`)"
            report.findings.append(Finding(
                rule=JSON_SHAPE, severity=Severity.LOW,
                message=f"{model.name}.{prisma_field.name} is Json with no declared shape: Prisma Client types it "
                        "JsonValue, Drizzle unknown, Kysely JsonValue, so any value passes and readers cast blindly",
                help=f"annotate the field `/// [{model.name}{prisma_field.name[:1].upper()}{prisma_field.name[1:]}]` and "
                     "declare that type in the PrismaJson namespace (prisma-json-types-generator; `triple-orm sync` "
                     f"then types the Drizzle and Kysely columns too), or register a Zod schema for it{registry}",
                location=_prisma_location(prisma_field), data={"model": model.name, "field": prisma_field.name}))


# -- findings --------------------------------------------------------------------------------------

def _prisma_location(prisma_field) -> Location:
    span = prisma_field.span
    return Location(span.file, span.line, span.column, span.end_line or None, span.end_column or None)


def _finding(rule: str, severity: Severity, model: PrismaModel, prisma_field, side: Side, where, message: str,
             got: OrmColumnType | None = None, want: OrmColumnType | None = None,
             extra_data: dict | None = None) -> Finding:
    if where is not None:
        location = Location(where.file, where.line, where.column, where.end_line or None, where.end_column or None)
    elif prisma_field is not None:
        location = _prisma_location(prisma_field)
    else:
        span = model.span
        location = Location(span.file, span.line, span.column)
    data: dict[str, Any] = {"orm": side.orm, "model": model.name, "file": side.path}
    if prisma_field is not None:
        data["field"] = prisma_field.name
    if got is not None:
        data["actual"] = got.to_dict()
    if want is not None:
        data["expected"] = want.to_dict()
    data.update(extra_data or {})
    return Finding(rule=rule, severity=severity, message=message,
                   help="regenerate the file with `triple-orm sync` (Prisma owns the schema), or change schema.prisma "
                        "and run `prisma migrate dev` first if the file is right",
                   location=location, data=data)
