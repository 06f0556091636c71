"""Property: any mutation of a real schema is either read or rejected with a located SchemaError.

Mutations of the golden schemas (always present) and of corpus schemas (when ../shared is there):
characters deleted, inserted or replaced, lines dropped or duplicated, words swapped. Whatever the
reader makes of it, it never raises anything but SchemaError, and every error points inside the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testkit.corpus import corpus_schemas
from testkit.paths import REPO
from tools.errors import SchemaError
from tools.prisma import parse_schema_text

SOURCES = sorted((REPO / "tests" / "golden" / "reader").glob("*/schema.prisma"))
SOURCES += [s.schema for s in corpus_schemas() if s.schema.is_file() and s.models <= 70]
TEXTS = [p.read_text() for p in SOURCES]
ALPHABET = '@{}()[],:=?."\\/\n #*aZ_09-'
WORDS = ["model", "enum", "@id", "@@index", "String", "Int?", "@relation", "[]", "@default(now())", "@db.Uuid", "}", "{", '"x"']


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "drop-line", "dup-line", "word"]))
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        elif kind == "insert":
            text = text[:at] + draw(st.text(ALPHABET, min_size=1, max_size=4)) + text[at:]
        elif kind == "replace":
            text = text[:at] + draw(st.sampled_from(ALPHABET)) + text[at + 1:]
        elif kind == "word":
            text = text[:at] + " " + draw(st.sampled_from(WORDS)) + " " + text[at:]
        else:
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            lines[line:line + 1] = [] if kind == "drop-line" else [lines[line], lines[line]]
            text = "\n".join(lines)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutations_parse_or_fail_located(text: str) -> None:
    try:
        schema = parse_schema_text(text, "fuzz.prisma")
    except SchemaError as error:
        line_count = text.count("\n") + 1
        assert error.problems
        for problem in error.problems:
            assert 1 <= problem.span.line <= line_count and problem.span.column >= 1, problem.render()
        assert error.render()
    else:
        from tools.catalog.ddl import catalog_to_sql
        from tools.catalog.from_prisma import prisma_to_catalog

        ddl = catalog_to_sql(prisma_to_catalog(schema))
        assert ddl.startswith(("-- CreateSchema", "-- CreateExtension", "-- This is an empty migration."))


def test_there_is_something_to_mutate() -> None:
    assert len(TEXTS) >= 7, [str(p) for p in SOURCES]
