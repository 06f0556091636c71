"""The test toolchain itself: each helper of `testkit.toolchain` on a tiny hand-written schema.

These prove the instruments before other tests rely on them: tsc accepts a correct Drizzle schema
and rejects a type error, drizzle-kit writes the CREATE TABLE and then reports no changes,
prettier tells formatted from unformatted, tsx runs a script against a real PostgreSQL through
drizzle-orm and kysely, and kysely-codegen reads a real database.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from testkit.toolchain import (
    SOURCE,
    ToolchainError,
    drizzle_kit_generate,
    ensure_toolchain,
    kysely_codegen,
    prettier_check,
    prettier_format,
    prisma_generate,
    run_tsx,
    split_statements,
    tsc_check,
)

pytestmark = pytest.mark.node

COURSES = """\
import { sql } from "drizzle-orm";
import { pgTable, pgEnum, text, integer, numeric, timestamp, jsonb, index, uniqueIndex } from "drizzle-orm/pg-core";

export const level = pgEnum("Level", ["BEGINNER", "ADVANCED"]);

export const course = pgTable(
  "Course",
  {
    id: text("id").primaryKey().$defaultFn(() => "c_" + Math.random().toString(36).slice(2)),
    slug: text("slug").notNull(),
    level: level("level").notNull().default("BEGINNER"),
    seats: integer("seats").notNull().default(0),
    feeVnd: numeric("feeVnd", { precision: 12, scale: 2 }).notNull(),
    settings: jsonb("settings").$type<{ theme: string }>(),
    createdAt: timestamp("createdAt", { precision: 3 }).notNull().default(sql`CURRENT_TIMESTAMP`),
    updatedAt: timestamp("updatedAt", { precision: 3 }).notNull().$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex("Course_slug_key").on(t.slug),
    index("Course_settings_idx").using("gin", t.settings.op("jsonb_path_ops")),
  ],
);
"""


def test_install_matches_the_pinned_versions():
    root = ensure_toolchain()
    pins = json.loads((SOURCE / "package.json").read_text())["dependencies"]
    installed = {name: json.loads((root / "node_modules" / name / "package.json").read_text())["version"]
                 for name in pins}
    assert installed == pins
    assert all(not version[0] in "^~" for version in pins.values()), "pins must be exact"


def test_tsc_accepts_a_drizzle_schema_and_rejects_a_type_error():
    usage = 'import { course } from "./schema.ts";\nconst row: typeof course.$inferInsert = { slug: "a", feeVnd: "1.00" };\nexport default row;\n'
    ok = tsc_check({"schema.ts": COURSES, "use.ts": usage})
    assert ok.returncode == 0, ok.stdout
    wrong = usage.replace('feeVnd: "1.00"', "feeVnd: 1, seats: 'many'")
    bad = tsc_check({"schema.ts": COURSES, "use.ts": wrong})
    assert bad.returncode != 0
    assert "use.ts(2," in bad.stdout and "error TS2322" in bad.stdout, bad.stdout


def test_tsc_strict_flag_is_honoured():
    implicit_any = "export function f(x) { return x; }\n"
    assert tsc_check({"a.ts": implicit_any}, strict=False).returncode == 0
    strict = tsc_check({"a.ts": implicit_any})
    assert strict.returncode != 0 and "TS7006" in strict.stdout


def test_drizzle_kit_writes_create_table_then_reports_no_changes(tmp_path):
    history = tmp_path / "drizzle"
    sql = drizzle_kit_generate(COURSES, history=history)
    statements = split_statements(sql)
    assert statements[0] == "CREATE TYPE \"public\".\"Level\" AS ENUM('BEGINNER', 'ADVANCED');"
    create = next(s for s in statements if s.startswith('CREATE TABLE "Course"'))
    assert '"feeVnd" numeric(12, 2) NOT NULL' in create
    assert '"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL' in create
    assert 'CREATE UNIQUE INDEX "Course_slug_key" ON "Course" USING btree ("slug");' in statements
    assert drizzle_kit_generate(COURSES, history=history) == ""
    changed = COURSES.replace('seats: integer("seats")', 'seats: integer("places")')
    with pytest.raises(ToolchainError):  # a rename question needs a terminal: it must fail, not hang
        drizzle_kit_generate(changed, history=history)


def test_drizzle_kit_crash_with_exit_zero_is_reported():
    # drizzle-kit 0.31 cannot serialise a BigInt literal default and still exits 0
    schema = ('import { pgTable, bigint } from "drizzle-orm/pg-core";\n'
              'export const t = pgTable("T", { n: bigint("n", { mode: "bigint" }).default(5n) });\n')
    with pytest.raises(ToolchainError, match="BigInt"):
        drizzle_kit_generate(schema)


@pytest.mark.postgres
def test_drizzle_kit_sql_applies_to_postgres(fresh_db):
    url = fresh_db()
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in split_statements(drizzle_kit_generate(COURSES)):
            conn.execute(statement)
        columns = conn.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = '\"Course\"'::regclass AND attnum > 0 ORDER BY attnum").fetchall()
    assert ("feeVnd", "numeric(12,2)") in columns and ("level", '"Level"') in columns


def test_prettier_tells_formatted_from_unformatted(tmp_path):
    formatted = prettier_format(COURSES, "schema.ts")
    good = tmp_path / "good.ts"
    good.write_text(formatted)
    assert prettier_check(good).returncode == 0
    bad = tmp_path / "bad.ts"
    bad.write_text(formatted.replace('  "Course",\n', "  'Course',\n"))
    result = prettier_check(bad)
    assert result.returncode == 1
    assert "bad.ts" in result.stdout + result.stderr


@pytest.mark.postgres
def test_tsx_runs_drizzle_and_kysely_against_postgres(fresh_db):
    url = fresh_db()
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in split_statements(drizzle_kit_generate(COURSES)):
            conn.execute(statement)
    script = """\
import { drizzle } from "drizzle-orm/node-postgres";
import { eq } from "drizzle-orm";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { course } from "./schema.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle(pool);
const [created] = await db.insert(course).values({ slug: "tai-chinh-101", feeVnd: "1500000.00" }).returning();
const [updated] = await db.update(course).set({ seats: 30 }).where(eq(course.id, created.id)).returning();
const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
const row = await kysely.selectFrom("Course").select(["slug", "seats", "feeVnd"]).executeTakeFirstOrThrow();
console.log(JSON.stringify({ id: created.id, updatedAt: updated.updatedAt instanceof Date, level: created.level, row }));
await pool.end();
"""
    result = run_tsx(script, env={"DATABASE_URL": url}, files={"schema.ts": COURSES})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["id"].startswith("c_")  # $defaultFn ran on the client
    assert out["updatedAt"] is True and out["level"] == "BEGINNER"
    assert out["row"] == {"slug": "tai-chinh-101", "seats": 30, "feeVnd": "1500000.00"}  # numeric -> string


@pytest.mark.postgres
def test_kysely_codegen_reads_a_real_database_and_its_output_compiles(fresh_db):
    url = fresh_db()
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in split_statements(drizzle_kit_generate(COURSES)):
            conn.execute(statement)
    types = kysely_codegen(url)
    assert "export type Level = \"ADVANCED\" | \"BEGINNER\";" in types
    assert "  seats: Generated<number>;" in types and "  updatedAt: Timestamp;" in types
    assert "  feeVnd: Numeric;" in types and "  settings: Json | null;" in types
    assert tsc_check({"db.ts": types}).returncode == 0
    with pytest.raises(ToolchainError) as failure:
        kysely_codegen(url.replace("postgres@", "postgres:s3cret@").rsplit("/", 1)[0] + "/no_such_db")
    assert "s3cret" not in str(failure.value)


@pytest.mark.slow
def test_peers_run_prisma_generate_with_both_generators(tmp_path):
    schema = tmp_path / "schema.prisma"
    schema.write_text("""\
datasource db {
  provider = "postgresql"
}
generator drizzle {
  provider = "drizzle-prisma-generator"
  output   = "./drizzle"
}
generator kysely {
  provider = "prisma-kysely"
  output   = "./kysely"
}
model Course {
  id    String @id @default(cuid())
  title String
}
""")
    result = prisma_generate(schema)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pgTable('Course'" in (tmp_path / "drizzle" / "schema.ts").read_text()
    assert "export type Course = {" in (tmp_path / "kysely" / "types.ts").read_text()
