"""Queries found in TypeScript (tree-sitter): which ORM, which operation, where, and the context
that decides (a loop, a request handler, a transaction)."""

from __future__ import annotations

from testkit.paths import EXAMPLE
from tools.advise.found import find_queries, parse_for_queries

SRC = EXAMPLE / "apps" / "api" / "src"


def found(text: str, schema):
    return find_queries(parse_for_queries(text, "t.ts"), schema)


def read_source(path):
    return parse_for_queries(path.read_text(), path.name)


def test_every_query_of_the_example_project(example_schema) -> None:
    got = []
    for path in sorted(SRC.rglob("*.ts")):
        for query in find_queries(read_source(path), example_schema):
            got.append((path.name, query.span.line, query.orm, query.operation))
    assert got == [
        ("import-offline-events.ts", 38, "drizzle", "insert"),
        ("import-offline-events.ts", 44, "drizzle", "insert"),
        ("courses.ts", 15, "prisma", "findMany"),
        ("courses.ts", 36, "prisma", "findUnique"),
        ("courses.ts", 59, "prisma", "findUniqueOrThrow"),
        ("courses.ts", 62, "prisma", "upsert"),
        ("tracking.ts", 26, "prisma", "create"),
        ("analytics.ts", 16, "prisma", "$queryRaw"),
        ("analytics.ts", 31, "kysely", "selectFrom"),
        ("analytics.ts", 55, "kysely", "selectFrom"),
        ("lesson-search.ts", 12, "kysely", "selectFrom"),
    ]


def test_a_create_in_a_loop_of_a_request_handler(example_schema) -> None:
    query = find_queries(read_source(SRC / "routes" / "tracking.ts"), example_schema)[0]
    assert query.context.in_loop and query.context.in_handler and query.context.route == "/events"
    assert query.context.loop_variable == "event" and query.context.loop_list == "batch.events"
    assert query.features.per_row_writes and query.features.high_frequency


def test_a_batch_insert_in_a_loop_is_not_a_per_row_write(example_schema) -> None:
    for query in find_queries(read_source(SRC / "jobs" / "import-offline-events.ts"), example_schema):
        assert query.features.batch_dynamic and not query.features.per_row_writes


def test_raw_sql_with_type_arguments_and_its_parameters(example_schema) -> None:
    text = ("const rows = await prisma.$queryRaw<{ n: bigint; locale: string }[]>`\n"
            "  SELECT locale_code AS locale, count(*) AS n FROM users WHERE created_at > ${since} GROUP BY 1`;")
    (query,) = found(text, example_schema)
    assert query.orm == "prisma" and query.sql_params == {"$1": "since"} and "GROUP BY 1" in query.sql
    assert query.features.raw_sql and query.features.group_by and query.span.line == 1


def test_kysely_and_drizzle_raw_sql(example_schema) -> None:
    kysely = found("await sql<{ n: number }>`SELECT count(*) AS n FROM users`.execute(kysely);", example_schema)
    drizzle = found("await db.execute(sql`SELECT id FROM users u JOIN locales l ON l.code = u.locale_code`);",
                    example_schema)
    assert [q.orm for q in kysely] == ["kysely"] and kysely[0].features.aggregates == ["count"]
    assert [q.orm for q in drizzle] == ["drizzle"] and drizzle[0].features.joins == 1


def test_handlers_loops_and_transactions(example_schema) -> None:
    text = """
    export async function POST(req: Request) {
      await prisma.behaviorLog.create({ data: { userId, sessionId, eventType: "view" } });
    }
    await Promise.all(rows.map((row) => prisma.user.update({ where: { id: row.id }, data: { fullName: row.name } })));
    await prisma.$transaction(async (tx) => {
      await tx.invoice.create({ data: { number, userId, amountVnd, dueOn } });
    });
    @Post("/track")
    class C { @Post("/track") async track() { await this.prisma.lesson.findMany(); } }
    """
    queries = {q.operation + str(q.span.line): q for q in found(text, example_schema)}
    handler = queries["create3"]
    assert handler.context.in_handler and handler.features.high_frequency and not handler.features.per_row_writes
    loop = queries["update5"]
    assert loop.context.in_loop and loop.features.per_row_writes and loop.context.loop_variable == "row"
    assert queries["create7"].features.transaction


def test_prisma_features_from_the_arguments(example_schema) -> None:
    text = """prisma.course.findMany({
      where: { enrollments: { some: { status: "ACTIVE" } }, tags: { none: { name: "draft" } } },
      include: { lessons: { include: { behaviorLogs: true } }, instructor: true, _count: true },
    })"""
    (query,) = found(text, example_schema)
    f = query.features
    assert (f.relations, f.include_depth, f.joins) == (3, 2, 2)
    json_filter = found('prisma.user.findMany({ where: { settings: { path: ["theme"], equals: "dark" } } })',
                        example_schema)[0]
    assert json_filter.features.jsonb_operators == ["path"]
    many = found("prisma.tag.createMany({ data: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] })", example_schema)[0]
    assert many.features.batch_size == 3


def test_calls_that_are_not_queries_are_ignored(example_schema) -> None:
    text = """items.map((x) => x.select()); const course = await api.course.get(id);
    db.delete(key); response.insert(item).values; list.update(x).set;"""
    assert found(text, example_schema) == []
