"""The `relations: "v2"` output, `defineRelations()` of drizzle-orm 1.0, checked against drizzle-orm
1.0.0-rc.5 (pinned in tests/toolchain/drizzle-next; 0.45 is npm's `latest`, so v1 stays the default).

For every golden case, the example project and the corpus the v2 file compiles under tsc --strict against 1.0,
and 1.0 builds its relations at import time (every relation states its columns, so nothing is
paired by guessing). On the example's database (Prisma's DDL), relational queries through 1.0 and
`pg` return the rows that Prisma's `include` would: a many-to-many through `_CourseToTag`, a named
self-relation, the optional side of a one-to-one.
"""

from __future__ import annotations

import json

import pytest

from testkit.corpus import corpus_schemas
from testkit.drizzle_checks import json_type_stubs, run_with_drizzle_next
from testkit.oracle import prisma_ddl
from testkit.paths import EXAMPLE, REPO
from tools.database.prepare import apply_ddl
from tools.prisma import load_schema
from tools.sync.drizzle import DrizzleOptions, generate_drizzle

pytestmark = pytest.mark.node

GOLDEN = REPO / "tests" / "golden" / "drizzle"
EXAMPLE_SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
SCHEMAS = {p.name: p / "schema.prisma" for p in sorted(GOLDEN.iterdir()) if (p / "schema.prisma").is_file()}
SCHEMAS["example"] = EXAMPLE_SCHEMA
GOLDEN_CASES = set(SCHEMAS) - {"example"}
CASES = [pytest.param(case, id=case) for case in sorted(SCHEMAS)] + [
    pytest.param(f"corpus:{s.id}", id=f"corpus-{s.id}", marks=pytest.mark.corpus) for s in corpus_schemas()]
for corpus_schema in corpus_schemas():
    SCHEMAS[f"corpus:{corpus_schema.id}"] = corpus_schema.schema

LOAD = """\
import { relations } from "./schema.ts";
console.log(JSON.stringify(Object.fromEntries(
  Object.entries(relations).map(([table, config]) => [table, Object.keys(config.relations).length]),
)));
"""

QUERY = """\
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./schema.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle({ client: pool, relations: schema.relations });
await db.insert(schema.locale).values({ code: "vi-VN", name: "Tiếng Việt" });
const [mentor] = await db.insert(schema.user).values({ email: "m@x.vn", fullName: "Mentor", localeCode: "vi-VN" }).returning();
await db.insert(schema.user).values({ email: "a@x.vn", fullName: "An", localeCode: "vi-VN", referredById: mentor.id });
const [course] = await db.insert(schema.course)
  .values({ slug: "budgeting", title: "Budgeting", instructorId: mentor.id, localeCode: "vi-VN" }).returning();
const [tag] = await db.insert(schema.tag).values({ name: "savings" }).returning();
await db.insert(schema.courseToTag).values({ A: course.id, B: tag.id });
const found = await db.query.course.findFirst({ with: { tags: true, instructor: true } });
const tagged = await db.query.tag.findFirst({ with: { courses: true } });
const people = await db.query.user.findMany({ with: { referrals: true, referredBy: true }, orderBy: { fullName: "asc" } });
await pool.end();
console.log(JSON.stringify({
  tags: found?.tags.map((t) => t.name), instructor: found?.instructor.fullName,
  courses: tagged?.courses.map((c) => c.slug),
  people: people.map((p) => [p.fullName, p.referredBy?.fullName ?? null, p.referrals.map((r) => r.fullName)]),
}));
"""


def v2(schema_path) -> str:
    return generate_drizzle(load_schema(schema_path), source="schema.prisma", options=DrizzleOptions(relations="v2"))


def files_for(case: str, text: str) -> dict[str, str]:
    files = {"schema.ts": text}
    if case in GOLDEN_CASES:  # the project's own files beside the golden schema (Json types)
        files.update({p.name: p.read_text() for p in (GOLDEN / case).glob("*.ts") if p.name != "schema.ts"})
    if "PrismaJson." in text:
        files["prisma-json.d.ts"] = json_type_stubs(text)
    return files


@pytest.mark.parametrize("case", CASES)
def test_v2_relations_compile_and_build_under_drizzle_1(case):
    text = v2(SCHEMAS[case])
    files = files_for(case, text)
    compiled = run_with_drizzle_next(files, "tsc")
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    loaded = run_with_drizzle_next({**files, "main.ts": LOAD}, "tsx main.ts")
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    counts = json.loads(loaded.stdout.strip().splitlines()[-1])
    schema = load_schema(SCHEMAS[case])
    expected = sum(1 for m in schema.tables for f in m.relation_fields
                   if f.relation is not None and all(x.model.kind == "model" for x in (f.relation.holder, f.relation.other) if x))
    assert sum(counts.values()) == expected  # one relation per Prisma relation field


def test_v1_stays_the_default_and_v2_replaces_it():
    v1_text = generate_drizzle(load_schema(EXAMPLE_SCHEMA), source="schema.prisma")
    v2_text = v2(EXAMPLE_SCHEMA)
    assert "relations(" in v1_text and "defineRelations" not in v1_text
    assert "export const relations = defineRelations(" in v2_text and "Relations = relations(" not in v2_text


@pytest.mark.postgres
def test_v2_relational_queries_return_what_prisma_includes(pg_server):
    url = pg_server.create_database("drizzle_next_edfinance")
    apply_ddl(url, prisma_ddl(EXAMPLE_SCHEMA, pg_server.url()))
    files = files_for("example", v2(EXAMPLE_SCHEMA))
    result = run_with_drizzle_next({**files, "main.ts": QUERY}, "tsx main.ts", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr[-3000:]
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    assert rows["tags"] == ["savings"] and rows["courses"] == ["budgeting"] and rows["instructor"] == "Mentor"
    assert rows["people"] == [["An", "Mentor", []], ["Mentor", None, ["An"]]]
