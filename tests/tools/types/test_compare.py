"""The type comparator: no mismatch on files `triple-orm sync` writes (the example and every corpus
schema), every mismatch planted in them found with its rule, ORM, model and field, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from testkit.paths import EXAMPLE
from tools.prisma import load_schema
from tools.sync import plan_sync
from tools.types import compare_types, find_zod_schemas
from tools.types.compare import ENUMS, INSERT, JSON_SHAPE, MISSING, NULLABILITY, TYPES
from tools.typescript.drizzle_reader import read_drizzle
from tools.typescript.kysely_reader import read_kysely

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
DRIZZLE = EXAMPLE / "packages" / "db" / "src" / "drizzle" / "schema.ts"
KYSELY = EXAMPLE / "packages" / "db" / "src" / "kysely" / "types.ts"


def compare(schema, drizzle_text: str, kysely_text: str, zod=None):
    return compare_types(schema, drizzle=read_drizzle(drizzle_text, path="schema.ts"),
                         kysely=read_kysely(kysely_text, path="types.ts"), zod=zod)


def found(report) -> set[tuple]:
    return {(f.rule, f.data["orm"], f.data["model"], f.data.get("field") or f.data.get("column"))
            for f in report.mismatches}


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def schema():
    return load_schema(SCHEMA)


def test_the_example_s_synced_files_have_no_mismatch(schema) -> None:
    report = compare(schema, DRIZZLE.read_text(), KYSELY.read_text(), find_zod_schemas(EXAMPLE))
    assert report.mismatches == []
    assert [(f.rule, f.data["model"], f.data["field"]) for f in report.findings] == [
        (JSON_SHAPE, "User", "settings"), (JSON_SHAPE, "BehaviorLog", "metadata"), (JSON_SHAPE, "Payment", "rawWebhook")]
    rows = {(r.model, r.field): r for r in report.rows}
    assert len(rows) == sum(len(m.columns) for m in schema.tables)
    big = rows[("BehaviorLog", "id")]
    assert (big.prisma.select, big.orms["drizzle"].select, big.orms["kysely"].select) == ("bigint", "bigint", "string")
    assert any("pg returns int8 as a string" in n for n in big.notes)
    cuid = rows[("Course", "id")]
    assert cuid.prisma.filled_by == "Prisma Client (cuid())" and cuid.orms["drizzle"].filled_by == "$defaultFn"
    assert cuid.orms["kysely"].presence == "required"  # no database default: the compiler asks for it
    role = rows[("User", "role")]
    assert role.prisma.detail["enum_names"][-1] == "FINANCE_OFFICER" and role.orms["drizzle"].detail["enum_values"][-1] == "finance_officer"


def test_every_mismatch_planted_in_the_example_is_found_and_nothing_else(schema) -> None:
    d, k = DRIZZLE.read_text(), KYSELY.read_text()
    d = edit(d, 'id: bigserial({ mode: "bigint" })', 'id: bigserial({ mode: "number" })')
    d = edit(d, 'numeric("fee_vnd", { precision: 12, scale: 2 })', 'numeric("fee_vnd", { precision: 12, scale: 2, mode: "number" })')
    d = edit(d, 'timestamp("created_at", { precision: 6, withTimezone: true })', 'timestamp("created_at", { precision: 6 })')
    d = edit(d, 'varchar("provider_ref", { length: 100 }),', 'varchar("provider_ref", { length: 100 }).notNull(),')
    d = edit(d, '  "finance_officer",\n', "")
    d = edit(d, "id: text()\n      .primaryKey()\n      .$defaultFn(() => cuid()),\n    slug", "id: text().primaryKey(),\n    slug")
    d = edit(d, "    videoUrl: text(),\n", "")
    d = edit(d, '  isDefault: boolean("is_default").notNull().default(false),\n',
             '  isDefault: boolean("is_default").notNull().default(false),\n  legacyCode: text("legacy_code"),\n')
    k = edit(k, "id: Generated<Int8>;", "id: Generated<number>;")
    k = edit(k, "completedAt: Timestamp | null;", "completedAt: Timestamp;")
    k = edit(k, '"MOMO" | "VNPAY" | "ZALOPAY" | "BANK_TRANSFER"', '"MOMO" | "VNPAY" | "ZALOPAY"')
    k = re.sub(r"(export interface User \{.*?\n  updated_at: )Timestamp;", r"\1Generated<Timestamp>;", k, count=1, flags=re.S)
    k = re.sub(r"(export interface Certificate \{.*?)\n  code: string;", r"\1", k, count=1, flags=re.S)
    report = compare(schema, d, k, find_zod_schemas(EXAMPLE))
    assert found(report) == {
        (TYPES, "drizzle", "BehaviorLog", "id"), (TYPES, "drizzle", "Course", "feeVnd"),
        (TYPES, "drizzle", "User", "createdAt"), (NULLABILITY, "drizzle", "Payment", "providerRef"),
        (ENUMS, "drizzle", "User", "role"), (INSERT, "drizzle", "Course", "id"),
        (MISSING, "drizzle", "Lesson", "videoUrl"), (MISSING, "drizzle", "Locale", "legacy_code"),
        (TYPES, "kysely", "BehaviorLog", "id"), (NULLABILITY, "kysely", "Enrollment", "completedAt"),
        (ENUMS, "kysely", "Payment", "provider"), (INSERT, "kysely", "User", "updatedAt"),
        (MISSING, "kysely", "Certificate", "code"),
    }
    by_key = {(f.rule, f.data["orm"], f.data.get("field")): f for f in report.mismatches}
    zone = by_key[(TYPES, "drizzle", "createdAt")]
    assert "without `withTimezone: true`" in zone.message and zone.location.file == "schema.ts"
    assert "pg returns int8 as a string" in by_key[(TYPES, "kysely", "id")].message
    assert "PostgreSQL rejects an insert" in by_key[(INSERT, "kysely", "updatedAt")].message
    assert "must now pass the value by hand" in by_key[(INSERT, "drizzle", "id")].message


def test_a_missing_table_is_one_finding(schema) -> None:
    k = re.sub(r"  invoices: Invoice;\n", "", KYSELY.read_text())
    report = compare(schema, DRIZZLE.read_text(), k)
    assert found(report) == {(MISSING, "kysely", "Invoice", None)}


def test_zod_schemas_by_name_and_by_registry(tmp_path: Path, schema) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "settings.ts").write_text(
        'import { z } from "zod";\nexport const userSettingsSchema = z.object({ theme: z.enum(["dark", "light"]) }).strict();\n'
        'const webhook = z.record(z.string(), z.unknown());\n')
    by_name = compare(schema, DRIZZLE.read_text(), KYSELY.read_text(), find_zod_schemas(tmp_path))
    assert {f.data["field"] for f in by_name.findings} == {"metadata", "rawWebhook"}
    registry = tmp_path / "src" / "json.ts"
    registry.write_text('export const jsonSchemas = { "Payment.rawWebhook": webhook, "BehaviorLog.metadata": z.object({}) };\n')
    zod = find_zod_schemas(tmp_path, registry)
    assert zod.registry == {"Payment.rawWebhook": "webhook", "BehaviorLog.metadata": "z.object({})"}
    by_registry = compare(schema, DRIZZLE.read_text(), KYSELY.read_text(), zod)
    finding = {f.data["field"]: f for f in by_registry.findings}
    assert set(finding) == {"settings"} and str(registry) in finding["settings"].help


# -- the corpus --------------------------------------------------------------------------------------

def generated(schema) -> tuple[str, str]:
    plan = plan_sync(schema, Path("schema.ts"), Path("types.ts"))
    files = {f.kind: f.content for f in plan.files}
    return files["drizzle"], files["kysely"]


def _offsets(text: str, span) -> tuple[int, int]:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return starts[span.line - 1] + span.column - 1, starts[span.end_line - 1] + span.end_column - 1


def plant(schema, drizzle_text: str, kysely_text: str) -> tuple[str, str, set]:
    """Up to four mismatches in the generated files, chosen from the schema: a Drizzle column made
    nullable, a Drizzle client-side default removed, a Kysely column made nullable, a Kysely string
    typed number. Returns the edited files and what must be found."""
    expected: set = set()
    drizzle, kysely = read_drizzle(drizzle_text, path="schema.ts"), read_kysely(kysely_text, path="types.ts")
    edits: list[tuple[int, int, str]] = []
    default = schema.datasource.default_schema
    for model, field in _pick(schema, lambda f: f.required and f.kind == "scalar" and not _in_key(f) and not f.default
                              and not f.updated_at and f.type == "String"):
        column = drizzle.table(model.db_name, model.schema or default).column(field.db_name)
        start, end = _offsets(drizzle_text, column.span)
        edits.append((start, end, re.sub(r"\s*\.notNull\(\)", "", drizzle_text[start:end])))
        expected.add((NULLABILITY, "drizzle", model.name, field.name))
        break
    for model, field in _pick(schema, lambda f: f.default is not None and f.default.client_side and f.kind == "scalar"):
        column = drizzle.table(model.db_name, model.schema or default).column(field.db_name)
        start, end = _offsets(drizzle_text, column.span)
        edits.append((start, end, re.sub(r"\s*\.\$defaultFn\(\(\) => [^)]*\)\)", "", drizzle_text[start:end])))
        expected.add((INSERT, "drizzle", model.name, field.name))
        break
    drizzle_text = _apply(drizzle_text, edits)
    kysely_text, planted = _plant_kysely(schema, kysely, kysely_text)
    return drizzle_text, kysely_text, expected | planted


def _plant_kysely(schema, kysely, text: str) -> tuple[str, set]:
    lines, expected = text.split("\n"), set()
    default = schema.datasource.default_schema
    candidates = _pick(schema, lambda f: f.required and f.kind == "scalar" and f.type == "String" and not f.default)
    for (model, field), (rule, change) in zip(candidates[::7][:2], ((NULLABILITY, " | null;"), (TYPES, "number;"))):
        table = next(t for t in kysely.tables if t.name == model.db_name and (t.schema or default) == (model.schema or default))
        line = table.column(field.db_name).span.line - 1
        lines[line] = re.sub(r";\s*$", change, lines[line]) if rule == NULLABILITY else re.sub(r": string;", ": number;", lines[line])
        expected.add((rule, "kysely", model.name, field.name))
    return "\n".join(lines), expected


def _pick(schema, wanted) -> list:
    return [(m, f) for m in schema.tables for f in m.columns if wanted(f)]


def _in_key(field) -> bool:
    keys = [i.field for i in (field.model.primary_key.fields if field.model.primary_key else [])]
    return field in keys or (field.relation is not None)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_corpus_synced_files_agree_and_planted_mismatches_are_found(corpus_schema) -> None:
    schema = load_schema(corpus_schema.schema)
    drizzle_text, kysely_text = generated(schema)
    fresh = compare(schema, drizzle_text, kysely_text)
    assert fresh.mismatches == [], [f.message for f in fresh.mismatches[:5]]
    assert len(fresh.rows) == sum(len(m.columns) for m in schema.tables)
    d, k, expected = plant(schema, drizzle_text, kysely_text)
    assert expected, "nothing to plant in this schema"
    assert found(compare(schema, d, k)) == expected
