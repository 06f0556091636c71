"""Answer templates: every kind renders in English and Vietnamese from facts alone, with no slot left."""

from __future__ import annotations

import pytest

from agent.graph.render import SLOTS, render_answer
from agent.graph.templates import answer_sections, fill, prompts_dir, sections

FINDING = {"rule": "ban-drop-column", "severity": "HIGH", "message": "Dropping column users.phone deletes its data.",
           "help": "Deploy first.", "location": {"file": "m.sql", "line": 3}, "data": {"lock": "ACCESS EXCLUSIVE", "table": "users"}}
SAMPLES = {
    "lint": {"findings": [FINDING], "summary": {"findings": 1, "files": 1, "by_severity": {"HIGH": 1}, "worst": "HIGH"},
             "subject": {"input": ["m.sql"]}},
    "drift": {"findings": [FINDING], "rows": [{"comparison": "schema.prisma ⇄ database", "status": "failed", "reason": "no database", "findings": 0}],
              "summary": {"findings": 1, "by_severity": {"HIGH": 1}}},
    "health": {"summary": {"ran": False}, "notes": ["set DATABASE_URL"]},
    "sync": {"rows": [{"kind": "drizzle", "file": "db/schema.ts", "state": "missing"}], "summary": {"stale": 1}, "artifacts": {}},
    "relations": {"subject": {"model": "User", "table": "users"}, "rows": [{"model": "Course", "table": "courses", "field": "instructor",
                  "columns": ["instructor_id"], "references": ["id"], "kind": "one-to-many", "on_delete": None, "file": "s.prisma", "line": 4}]},
    "model": {"subject": {"model": "Tag", "table": "Tag", "file": "s.prisma", "line": 1},
              "rows": [{"field": "id", "column": "id", "prisma": "Int", "postgres": "integer", "file": "s.prisma", "line": 2}]},
    "overview": {"subject": {"schema": "s.prisma"}, "summary": {"models": 1, "views": 0, "enums": 0, "relations": 0},
                 "rows": [{"model": "Tag", "table": "Tag", "kind": "model", "file": "s.prisma", "line": 1}]},
    "sql": {"subject": {"model": "Tag"}, "artifacts": {"sql": 'CREATE TABLE "Tag" ();'}, "summary": {"statements": 1}},
    "diagram": {"subject": {"model": None}, "artifacts": {"mermaid": "erDiagram"}, "summary": {"models": 1}},
    "search": {"subject": {"question": "where?"}, "summary": {"indexed": True},
               "rows": [{"kind": "code", "name": "x", "file": "a.ts", "line": 1, "excerpt": "const x = 1"}]},
    "why": {"findings": [FINDING], "rows": [{"rule": "ban-drop-column", "severity": "HIGH", "why": "data is gone", "lock": "ACCESS EXCLUSIVE", "table": "users"}],
            "summary": {"severity_matches": False, "asked_severity": "CRITICAL"}},
    "safe_version": {"findings": [FINDING], "rows": [{"rule": "ban-drop-column", "severity": "HIGH", "help": "Deploy first.", "good_example": "SELECT 1;"}]},
    "report": {"findings": [FINDING]},
    "error": {"summary": {"message": "error: no schema", "exit_code": 66}},
    "advice": {"summary": {"recommended": "kysely", "acceptable": ["kysely"], "ask": ""},
               "rows": [{"rule": "analytics", "prefers": "kysely", "weight": 3, "text": "GROUP BY over aggregates"}],
               "artifacts": {"kysely": "db.selectFrom('x')"}},
}


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(SLOTS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_renders_without_leftover_slots(kind, lang):
    text = render_answer({"kind": kind, **SAMPLES[kind]}, lang)
    assert text.strip() and "{" not in text.replace("{{", "")


def test_vietnamese_answers_are_in_vietnamese():
    assert render_answer({"kind": "lint", **SAMPLES["lint"]}, "vi").startswith("Vấn đề nghiêm trọng nhất ở mức HIGH.")


def test_values_in_slots_come_from_the_facts():
    text = render_answer({"kind": "why", **SAMPLES["why"]}, "en")
    assert "No finding in the last report is CRITICAL" in text and "ACCESS EXCLUSIVE" in text and "data is gone" in text


def test_a_missing_slot_is_an_error():
    with pytest.raises(KeyError):
        fill("{nope}", {})


def test_llm_prompts_have_their_sections():
    assert {"system", "user", "given"} <= set(sections("llm/route.md"))
    assert "{facts}" in sections("llm/explain.md")["system"] and prompts_dir().name == "prompts"
    assert answer_sections("lint", "xx") == answer_sections("lint", "en")
