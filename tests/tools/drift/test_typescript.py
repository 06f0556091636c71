"""Drizzle file ⇄ schema and Kysely file ⇄ database, on the files `triple-orm sync` writes for every
corpus schema: as written they agree (zero false positives, read back through the tree-sitter
readers), and each hand edit (a builder, a `.notNull()`, a default, an index, a foreign key's action,
an enum value, a property removed, `| null` or `Generated<…>` dropped, a type changed) is found with
its rule, its object and its line; an untouched file of an older schema is reported once, as stale.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from testkit.drift_seeds import keyed
from testkit.ts_edits import delete_entry, expression_end, delete_lines, offset, remove_call, replace_call_argument, span_range
from tools.drift.database import read_database, schema_catalog
from tools.drift.drizzle import compare_drizzle
from tools.drift.kysely import compare_kysely
from tools.prisma import load_schema, parse_schema_text

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]

_generated: dict[str, "Generated"] = {}


class Generated:
    """The files sync writes for one corpus schema, the schema, and the database's catalog."""

    def __init__(self, corpus_db, folder: Path):
        from tools.sync import plan_sync

        self.schema = load_schema(corpus_db.schema_path)
        self.expected = corpus_db.expected
        folder.mkdir(parents=True, exist_ok=True)
        self.drizzle, self.kysely = folder / "schema.ts", folder / "types.ts"
        for planned in plan_sync(self.schema, drizzle_out=self.drizzle, kysely_out=self.kysely).files:
            planned.path.write_text(planned.content, encoding="utf-8")
        with corpus_db.connect() as conn:
            self.database = read_database(conn, self.expected)

    @functools.cached_property
    def drizzle_file(self):
        from tools.typescript.drizzle_reader import read_drizzle

        return read_drizzle(self.drizzle)

    @functools.cached_property
    def kysely_file(self):
        from tools.typescript.kysely_reader import read_kysely

        return read_kysely(self.kysely)

    def drizzle_text(self) -> str:
        return self.drizzle.read_text(encoding="utf-8")

    def kysely_text(self) -> str:
        return self.kysely.read_text(encoding="utf-8")


@pytest.fixture
def generated(corpus_db, tmp_path_factory) -> Generated:
    if corpus_db.id not in _generated:
        _generated[corpus_db.id] = Generated(corpus_db, tmp_path_factory.mktemp("generated"))
    return _generated[corpus_db.id]


def _drizzle(g: Generated, text: str, tmp_path: Path):
    path = tmp_path / "schema.ts"
    path.write_text(text, encoding="utf-8")
    return compare_drizzle(g.schema, g.expected, path)


def _kysely(g: Generated, text: str, tmp_path: Path):
    path = tmp_path / "types.ts"
    path.write_text(text, encoding="utf-8")
    return compare_kysely(g.schema, g.database, path, known_views=g.expected.views)


def _found(comparison) -> list[tuple[str, str]]:
    return sorted((f.rule, f.data.get("object", "")) for f in comparison.findings)


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_generated_files_agree(generated):
    drizzle = compare_drizzle(generated.schema, generated.expected, generated.drizzle)
    kysely = compare_kysely(generated.schema, generated.database, generated.kysely, known_views=generated.expected.views)
    assert drizzle.findings == [] and kysely.findings == []
    assert drizzle.status == kysely.status == "ran"
    assert drizzle.compared["columns"] == sum(len(t.columns) for t in generated.expected.tables.values())
    assert kysely.compared["tables"] == len(generated.database.tables)


# -- Drizzle edits ---------------------------------------------------------------------------------

def _obj(g: Generated, schema: str | None, table: str, name: str | None = None) -> str:
    from tools.drift.differences import display_name

    return display_name(schema or g.expected.default_schema, table, name, default_schema=g.expected.default_schema)


def _drizzle_tables(g: Generated):
    """(reader table, catalog table) pairs, in file order."""
    file = g.drizzle_file
    for table in file.tables:
        catalog_table = g.expected.table(table.name, table.schema or g.expected.default_schema)
        if catalog_table is not None:
            yield file, table, catalog_table


def _bound(text: str, table, column) -> int:
    """Where a column's chain ends at the latest: the next column's start, else the table's end."""
    later = [c for c in table.columns if (c.span.line, c.span.column) > (column.span.line, column.span.column)]
    if later:
        return offset(text, later[0].span.line, 1)
    return span_range(text, table.span)[1]


def _imported_builders(text: str) -> set[str]:
    block = re.search(r"import\s*\{([^}]*)\}\s*from\s*\"drizzle-orm/pg-core\"", text)
    return {name.strip() for name in block.group(1).split(",")} if block else set()


def drizzle_builder_swapped(g: Generated):
    text = g.drizzle_text()
    builders = _imported_builders(text)
    for _, table, ct in _drizzle_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is None or c.name in keyed(ct) or c.array or c.default is not None or column.kind != "builtin":
                continue
            replacement = next((b for b in ("boolean", "integer", "text") if b in builders and b != column.builder
                                and not c.type.startswith({"boolean": "boolean", "integer": "integer", "text": "text"}[b])), None)
            call = re.compile(rf"\b{re.escape(column.builder)}\(").search(text, span_range(text, column.span)[0])
            if replacement and call:
                close = expression_end(text, call.end())  # the call's closing parenthesis
                edited = text[:call.start()] + f'{replacement}("{column.name}")' + text[close + 1:]
                return edited, [("drizzle-column-type-drift", _obj(g, table.schema, table.name, column.name))]
    return None


def drizzle_not_null_removed(g: Generated):
    text = g.drizzle_text()
    for _, table, ct in _drizzle_tables(g):
        pk = set(ct.primary_key.columns) if ct.primary_key else set()
        for column in table.columns:
            c = ct.column(column.name)
            if c is None or c.nullable or c.name in pk or not column.not_null or column.primary_key:
                continue
            edited = remove_call(text, span_range(text, column.span)[0], _bound(text, table, column), "notNull")
            if edited:
                return edited, [("drizzle-column-nullability-drift", _obj(g, table.schema, table.name, column.name))]
    return None


def drizzle_column_deleted(g: Generated):
    text = g.drizzle_text()
    for _, table, ct in _drizzle_tables(g):
        for position, column in enumerate(table.columns[:-1]):
            c = ct.column(column.name)
            nxt = table.columns[position + 1]
            if c is None or c.name in keyed(ct) or f"{column.key}:" not in text.split("\n")[column.span.line - 1]:
                continue
            if nxt.span.line <= column.span.line:
                continue
            edited = delete_lines(text, column.span.line, nxt.span.line - 1)
            return edited, [("drizzle-column-missing", _obj(g, table.schema, table.name, column.name))]
    return None


def drizzle_default_removed(g: Generated):
    text = g.drizzle_text()
    for _, table, ct in _drizzle_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is None or column.default is None or (c.default or "").startswith("nextval("):
                continue
            start, bound = span_range(text, column.span)[0], _bound(text, table, column)
            edited = remove_call(text, start, bound, "defaultNow") or remove_call(text, start, bound, "default")
            if edited:
                return edited, [("drizzle-column-default-drift", _obj(g, table.schema, table.name, column.name))]
    return None


def drizzle_foreign_key_action_changed(g: Generated):
    text = g.drizzle_text()
    for _, table, ct in _drizzle_tables(g):
        for fk in table.foreign_keys:
            start, end = span_range(text, fk.span)
            action = '"no action"' if (fk.on_delete or "").lower() == "cascade" else '"cascade"'
            edited = replace_call_argument(text, end, min(end + 120, len(text)), "onDelete", action)
            if edited and fk.name:
                return edited, [("drizzle-foreign-key-drift", _obj(g, table.schema, table.name, fk.name))]
    return None


def drizzle_index_deleted(g: Generated):
    text = g.drizzle_text()
    for _, table, ct in _drizzle_tables(g):
        for index in table.indexes:
            if index.name and any(i.name == index.name for i in ct.indexes):
                edited = delete_entry(text, span_range(text, index.span)[0])
                return edited, [("drizzle-index-drift", _obj(g, table.schema, table.name, index.name))]
    return None


def drizzle_enum_value_removed(g: Generated):
    text = g.drizzle_text()
    for enum in g.drizzle_file.enums:
        if len(enum.values) < 2:
            continue
        start, end = span_range(text, enum.span)
        literal = re.search(r'\s*"' + re.escape(enum.values[-1]) + r'",?', text[start:end])
        if literal:
            edited = text[:start + literal.start()] + text[start + literal.end():]
            return edited, [("drizzle-enum-drift", _obj(g, enum.schema, enum.name))]
    return None


DRIZZLE_EDITS = [drizzle_builder_swapped, drizzle_not_null_removed, drizzle_column_deleted, drizzle_default_removed,
                 drizzle_foreign_key_action_changed, drizzle_index_deleted, drizzle_enum_value_removed]


@pytest.mark.parametrize("edit", DRIZZLE_EDITS, ids=[e.__name__ for e in DRIZZLE_EDITS])
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_drizzle_file_edited_by_hand_is_found(generated, edit, tmp_path):
    seeded = edit(generated)
    if seeded is None:
        pytest.skip(f"{edit.__name__} does not apply")
    text, expected = seeded
    comparison = _drizzle(generated, text, tmp_path)
    assert _found(comparison) == sorted(expected)
    finding = comparison.findings[0]
    assert finding.location.file.endswith("schema.ts") and finding.location.line > 1
    assert any("edited by hand" in note for note in comparison.notes)


# -- Kysely edits ----------------------------------------------------------------------------------

def _kysely_tables(g: Generated):
    for table in g.kysely_file.tables:
        catalog_table = g.database.table(table.name, table.schema or g.database.default_schema)
        if catalog_table is not None:
            yield table, catalog_table


def _filled(c) -> bool:
    return c.default is not None or c.identity is not None or c.generated is not None


def kysely_column_deleted(g: Generated):
    text = g.kysely_text()
    for table, ct in _kysely_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is not None and len(table.columns) > 1 and column.span.file.endswith("types.ts"):
                severity = "MEDIUM" if c.nullable or _filled(c) else "HIGH"
                return (delete_lines(text, column.span.line, column.span.end_line or column.span.line),
                        [("kysely-column-missing", _obj(g, ct.schema, ct.name, c.name))], severity)
    return None


def _edit_in_span(text: str, span, old: str, new: str) -> str | None:
    start, end = span_range(text, span)
    at = text.find(old, start, end + len(old))
    return None if at < 0 else text[:at] + new + text[at + len(old):]


def kysely_null_removed(g: Generated):
    text = g.kysely_text()
    for table, ct in _kysely_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is not None and c.nullable and column.span.file.endswith("types.ts"):
                edited = _edit_in_span(text, column.span, " | null", "")
                if edited:
                    return edited, [("kysely-column-nullability-drift", _obj(g, ct.schema, ct.name, c.name))], "HIGH"
    return None


def kysely_generated_unwrapped(g: Generated):
    text = g.kysely_text()
    for table, ct in _kysely_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is None or c.nullable or not _filled(c) or not column.span.file.endswith("types.ts"):
                continue
            start, end = span_range(text, column.span)
            found = re.compile(r"Generated<(\w+)>;").search(text, start, end + 1)
            if found:
                edited = text[:found.start()] + found.group(1) + ";" + text[found.end():]
                return edited, [("kysely-column-default-drift", _obj(g, ct.schema, ct.name, c.name))], "MEDIUM"
    return None


def kysely_type_changed(g: Generated):
    text = g.kysely_text()
    for table, ct in _kysely_tables(g):
        for column in table.columns:
            c = ct.column(column.name)
            if c is None or c.nullable or c.array or c.type_schema is not None or not column.span.file.endswith("types.ts"):
                continue
            if c.type in ("text", "uuid") or c.type.startswith("character"):
                edited = _edit_in_span(text, column.span, ": string;", ": number;")
                if edited:
                    return edited, [("kysely-column-type-drift", _obj(g, ct.schema, ct.name, c.name))], "HIGH"
    return None


_UNION = re.compile(r'export type (\w+) =((?:\s*\|?\s*"(?:[^"\\]|\\.)*")+);')


def kysely_enum_value_removed(g: Generated):
    text = g.kysely_text()
    for alias in _UNION.finditer(text):
        values = re.findall(r'"((?:[^"\\]|\\.)*)"', alias.group(2))
        enum = next((e for e in g.database.enums.values() if e.values == values), None)
        users = [(t, c) for t in g.database.tables.values() for c in t.columns
                 if enum is not None and c.type == enum.name and c.type_schema == enum.schema and not c.array]
        if enum is None or len(values) < 2 or not users:
            continue
        body = alias.group(2)
        last = body.rindex(f'"{values[-1]}"')
        cut = body[:last].rstrip().removesuffix("|").rstrip()
        edited = text[:alias.start(2)] + cut + text[alias.end(2):]
        return edited, [("kysely-column-type-drift", _obj(g, t.schema, t.name, c.name)) for t, c in users], "HIGH"
    return None


def kysely_table_deleted(g: Generated):
    text = g.kysely_text()
    for table, ct in _kysely_tables(g):
        if table.span is not None and table.span.file.endswith("types.ts"):
            return (delete_lines(text, table.span.line, table.span.end_line or table.span.line),
                    [("kysely-table-missing", _obj(g, ct.schema, ct.name))], "MEDIUM")
    return None


KYSELY_EDITS = [kysely_column_deleted, kysely_null_removed, kysely_generated_unwrapped, kysely_type_changed,
                kysely_enum_value_removed, kysely_table_deleted]


@pytest.mark.parametrize("edit", KYSELY_EDITS, ids=[e.__name__ for e in KYSELY_EDITS])
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_kysely_file_edited_by_hand_is_found(generated, edit, tmp_path):
    seeded = edit(generated)
    if seeded is None:
        pytest.skip(f"{edit.__name__} does not apply")
    text, expected, severity = seeded
    comparison = _kysely(generated, text, tmp_path)
    assert _found(comparison) == sorted(expected)
    assert comparison.findings[0].severity.value == severity
    assert all(f.location.file.endswith("types.ts") for f in comparison.findings)


# -- stale files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_an_untouched_file_of_an_older_schema_is_stale(generated, corpus_db):
    """The schema gains a field after sync: each file is one finding, `generated-file-stale`, whose
    fix is `triple-orm sync` and whose data names what changed."""
    if corpus_db.schema_path.is_dir():
        pytest.skip("a multi-file schema (the edit below needs one text)")
    text = corpus_db.schema_path.read_text(encoding="utf-8")
    model = next(m for m in generated.schema.models.values() if m.kind == "model" and not m.ignored)
    block = re.search(r"\bmodel\s+" + re.escape(model.name) + r"\s*\{", text)
    changed = text[:block.end()] + "\n  seededNote String?" + text[block.end():]
    schema = parse_schema_text(changed, generated.schema.path)
    expected = schema_catalog(schema)
    drizzle = compare_drizzle(schema, expected, generated.drizzle)
    kysely = compare_kysely(schema, expected, generated.kysely, against="schema")
    for comparison in (drizzle, kysely):
        assert [f.rule for f in comparison.findings] == ["generated-file-stale"]
        finding = comparison.findings[0]
        assert finding.data["fix"] == "triple-orm sync" and finding.severity.value == "MEDIUM"
        assert any("seededNote" in d for d in finding.data["differences"]), finding.data["differences"]
