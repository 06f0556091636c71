"""read_kysely and kysely_to_columns on the three shapes a Kysely types file comes in: written by
hand (a `new Kysely<…>` interface, inline tables, `?`, GeneratedAlways, JSONColumnType), kysely-codegen's
.d.ts (its own Generated, ArrayType, Json aliases, `"schema.table"` keys), prisma-kysely's types.ts with
enums imported from enums.ts (`as const` objects and TypeScript enums), and triple-orm's own
generator, whose output must read back as exactly the catalog of the schema it came from."""

from __future__ import annotations

import json

import pytest

from testkit.corpus import corpus_params
from testkit.paths import REPO
from tools.catalog.from_prisma import prisma_to_catalog
from tools.errors import ExitCode, InputNotFound
from tools.prisma import load_schema
from tools.typescript.kysely_reader import kysely_to_columns, read_kysely

FIXTURES = REPO / "tests" / "golden" / "typescript" / "kysely"


def _shape(path, table):
    return kysely_to_columns(read_kysely(FIXTURES / path))[table].columns


def test_the_interface_given_to_new_kysely_is_the_database():
    file = read_kysely(FIXTURES / "handwritten.ts")
    assert file.interface == "AppDatabase" and file.problems == []
    assert [(t.key, t.schema, t.name, t.type_name) for t in file.tables] == [
        ("person", None, "person", "PersonTable"), ("pet", None, "pet", None), ("audit.event", "audit", "event", "EventTable")]


def test_kysely_semantics_of_each_wrapper():
    person = _shape("handwritten.ts", "public.person")
    assert (person["id"].generated, person["id"].insert_required, person["id"].select.render()) == ("Generated", False, "number")
    created = person["created_at"]  # ColumnType<Date, string | undefined, never>
    assert (created.select.render(), created.insert.render(), created.update) == ("Date", "string | undefined", None)
    metadata = person["metadata"]  # JSONColumnType<S>: inserted and updated as JSON text
    assert (metadata.insert.render(), metadata.update.render()) == ("string", "string")
    assert person["last_name"].nullable and not person["last_name"].insert_required
    assert person["gender"].enum_values == ["man", "woman", "other"]
    nickname = person["nickname"]  # `nickname?: string`
    assert nickname.optional and not nickname.insert_required and nickname.select.includes("undefined")
    pet = _shape("handwritten.ts", "public.pet")
    assert (pet["id"].generated, pet["id"].insert, pet["id"].update) == ("GeneratedAlways", None, None)
    event = _shape("handwritten.ts", "audit.event")
    assert event["at"].nullable and event["at"].select.render() == "Date | null" and event["at"].update.render() == "null"
    assert event["tags"].array and event["tags"].insert_required


def test_kysely_codegen_output():
    file = read_kysely(FIXTURES / "codegen.d.ts")
    assert [t.key for t in file.tables] == ["auth.users", "invoice", "user"]
    shapes = kysely_to_columns(file)
    assert set(shapes) == {"auth.users", "public.invoice", "public.user"}
    invoice = shapes["public.invoice"].columns
    assert (invoice["id"].select.render(), invoice["id"].generated) == ("string", "Generated")  # Generated<Int8>
    assert invoice["amount"].insert.render() == "number | string"
    assert invoice["moments"].select.render() == "Date[] | null" and invoice["moments"].array  # ArrayType<Timestamp>
    # kysely-codegen's Json is JsonValue, whose JSON null is a value, not SQL NULL
    assert not invoice["payload"].nullable and invoice["payload"].declared == "Json"
    user = shapes["public.user"].columns
    assert user["settings"].nullable and user["role"].enum_values == ["ADMIN", "OWNER", "USER"]
    assert user["role"].span.line == next(i for i, line in enumerate((FIXTURES / "codegen.d.ts").read_text().splitlines(), 1)
                                         if "role: Generated<Role>" in line)


def test_prisma_kysely_output_with_enums_in_a_sibling_file():
    file = read_kysely(FIXTURES / "prisma-kysely" / "types.ts")
    assert file.interface == "DB" and {p.split("/")[-1] for p in file.files} == {"types.ts", "enums.ts"}
    order = kysely_to_columns(file)["public.Order"].columns
    assert order["status"].enum_values == ["DRAFT", "PLACED", "CANCELLED"]  # (typeof Status)[keyof typeof Status]
    assert order["kind"].enum_values == ["retail", "wholesale"] and order["kind"].nullable  # a TypeScript enum
    assert order["placedAt"].select.render() == "Date" and order["placedAt"].insert_required


def test_table_interfaces_inherit_their_bases_columns():
    text = ("import type { Generated } from 'kysely';\n"
            "interface Timestamps { created_at: Generated<Date>; updated_at: Date }\n"
            "interface Post extends Timestamps { id: Generated<number>; updated_at: Date | null }\n"
            "export interface DB { post: Post }\n")
    columns = kysely_to_columns(read_kysely(text, path="t.ts"))["public.post"].columns
    assert list(columns) == ["created_at", "id", "updated_at"]
    assert columns["created_at"].generated == "Generated" and columns["updated_at"].nullable


def test_camel_case_plugin_names():
    text = "export interface DB { userProfile: { userID: string; createdAt: Date; html5Body: string } }\n"
    shapes = kysely_to_columns(read_kysely(text, path="t.ts"), camel_case=True)
    columns = shapes["public.user_profile"].columns
    assert sorted(columns) == ["created_at", "html5_body", "user_id"]
    assert columns["user_id"].key == "userID"


def test_no_database_interface_is_a_located_problem():
    file = read_kysely("export interface Person { id: number }\n", path="types.ts")
    assert file.tables == [] and file.problems[0].kind == "unresolved"
    named = read_kysely("export interface Person { id: number }\nexport interface Schema { person: Person }\n",
                        path="types.ts", interface="Schema")
    assert [t.key for t in named.tables] == ["person"]


def test_a_table_type_that_cannot_be_found_is_reported():
    file = read_kysely('import type { Person } from "@acme/types";\nexport interface DB { person: Person }\n', path="t.ts")
    assert [p.message for p in file.problems] == ["table `person`: its type `Person` could not be found"]


def test_a_missing_file_is_a_no_input_error(tmp_path):
    with pytest.raises(InputNotFound) as error:
        read_kysely(tmp_path / "types.ts")
    assert error.value.exit_code == ExitCode.NO_INPUT


def test_shapes_are_json_ready():
    data = json.loads(json.dumps({k: v.to_dict() for k, v in kysely_to_columns(read_kysely(FIXTURES / "codegen.d.ts")).items()}))
    assert data["public.user"]["columns"][0]["select"] == "Date"


@pytest.mark.parametrize("golden", sorted((REPO / "tests" / "golden" / "kysely").glob("*/types.ts")),
                         ids=lambda p: p.parent.name)
def test_our_generators_golden_files_read_without_problems(golden):
    file = read_kysely(golden)
    assert file.problems == [] and file.tables
    for shape in kysely_to_columns(file).values():
        for column in shape.columns.values():
            assert column.select.render() and column.declared


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_generated_types_read_back_as_the_schemas_catalog(corpus_schema, tmp_path):
    """Every table and view, column, nullability and Generated-ness (a database default) that
    prisma_to_catalog derives is what the generated Kysely file says."""
    from tools.sync.kysely import generate_kysely

    schema = load_schema(corpus_schema.schema)
    path = tmp_path / "types.ts"
    path.write_text(generate_kysely(schema, source=str(corpus_schema.schema)))
    file = read_kysely(path)
    assert file.problems == []
    catalog = prisma_to_catalog(schema)
    shapes = kysely_to_columns(file)
    assert set(shapes) == set(catalog.tables) | set(catalog.views)
    mismatches = []
    for key, shape in shapes.items():
        table = catalog.tables.get(key) or catalog.views[key]
        columns = {c.name: c for c in table.columns}
        assert set(shape.columns) == set(columns), key
        for name, column in shape.columns.items():
            expected = columns[name]
            if column.nullable != expected.nullable:
                mismatches.append(f"{key}.{name}: nullable {column.nullable} vs {expected.nullable}")
            has_default = expected.default is not None or expected.identity is not None
            if key in catalog.tables and (column.generated == "Generated") != has_default:
                mismatches.append(f"{key}.{name}: {column.declared} vs default {expected.default}")
    assert not mismatches, "\n".join(mismatches[:30])
