"""Unit tests of the Kysely generator's parts: the type table, Json annotations, names, printing."""

from __future__ import annotations

import re

import pytest

from testkit.paths import EXAMPLE, REPO
from tools.catalog.from_prisma import prisma_to_catalog
from tools.errors import ConfigError
from tools.prisma import load_schema, parse_schema_text
from tools.sync.jsontypes import field_documentation, json_annotation
from tools.sync.kysely import KyselyGenerator, generate_kysely
from tools.sync.kysely_helpers import COLUMN_TYPE_HELPERS, HELPERS, with_dependencies
from tools.sync.options import SyncOptions
from tools.sync.tsprint import ColumnTs, jsdoc_lines, property_lines, ts_key, ts_string, type_alias_lines
from tools.typemap import KYSELY_TYPES, KYSELY_UNSUPPORTED, NATIVE_TYPES, SCALAR_DEFAULTS

TS_BUILTIN_TYPES = {"string", "number", "boolean", "Buffer"}


def schema_of(models: str):
    return parse_schema_text('datasource db {\n  provider = "postgresql"\n}\n' + models)


# -- the type table ---------------------------------------------------------------------------------
def test_every_prisma_type_has_a_kysely_type_and_nothing_else_does():
    assert set(KYSELY_TYPES) == set(SCALAR_DEFAULTS) | set(NATIVE_TYPES)


@pytest.mark.parametrize("table", [KYSELY_TYPES, KYSELY_UNSUPPORTED], ids=["prisma", "unsupported"])
def test_every_kysely_type_is_a_typescript_type_or_a_declared_helper(table):
    for key, spec in table.items():
        assert spec.type in TS_BUILTIN_TYPES | set(HELPERS), key
        assert spec.arrays in ("parsed", "text") or spec.arrays in HELPERS, key


def test_a_key_shared_by_both_tables_means_the_same_typescript_type():
    # one key, two PostgreSQL types ("Json": jsonb as a scalar, json as @db.Json); pg returns both alike
    returned_as = {"json": "Json", "jsonb": "Json", "numeric": "Numeric", "bigint": "Int8", "boolean": "boolean"}
    shared = set(SCALAR_DEFAULTS) & set(NATIVE_TYPES)
    assert shared == {"Boolean", "BigInt", "Decimal", "Json"}
    for key in shared:
        for spec in (SCALAR_DEFAULTS[key], NATIVE_TYPES[key]):
            assert returned_as[spec.pg.split("(")[0]] == KYSELY_TYPES[key].type, key


def test_types_pg_returns_as_text_are_not_dates_or_numbers():
    # prisma-kysely types @db.Time as a Date; pg has no parser for time and returns '14:30:00'
    assert KYSELY_TYPES["Time"].type == KYSELY_TYPES["Timetz"].type == "string"
    assert KYSELY_TYPES["Date"].type == "Timestamp"  # pg does parse date (local midnight)
    assert KYSELY_TYPES["Citext"].arrays == "text"  # citext's OID is per database: no array parser


def test_helpers_print_with_their_dependencies_in_a_fixed_order():
    assert with_dependencies({"JsonList"}) == ["ArrayType", "JsonValue", "Json", "JsonList"]
    assert with_dependencies({"Timestamp", "Generated"}) == ["Generated", "Timestamp"]
    assert COLUMN_TYPE_HELPERS <= set(HELPERS)


# -- Json annotations --------------------------------------------------------------------------------
ANNOTATED = """
model Doc {
  id     Int   @id
  /// [Body]
  body   Json
  /// Explained first.
  /// [NotFirst]
  second Json
  /// [Outer[Inner]]
  nested Json
  /// [Shapes.Meta]
  dotted Json
  tail   Json /// [Tail] and more words
  /// ![{ a: number }]
  inline Json
  /// [Name]
  text   String
  plain  Json // [NotADocComment]
}
"""


def test_json_annotations_follow_prisma_json_types_generator():
    model = schema_of(ANNOTATED).models["Doc"]
    found = {f.name: json_annotation(f) for f in model.columns}
    assert found["body"].type_name == "Body"
    assert found["second"] is None  # the documentation must start with the bracket
    assert found["nested"].type_name is None and "not a type name" in found["nested"].problem
    assert found["dotted"].type_name == "Shapes.Meta"
    assert found["tail"].type_name == "Tail"  # a trailing `///` is documentation too
    assert found["inline"].type_name is None and "inline type" in found["inline"].problem
    assert found["text"] is None  # only Json fields
    assert found["plain"] is None  # `//` is a comment, not documentation


def test_field_documentation_joins_leading_and_trailing_doc_comments():
    model = schema_of('model M {\n  id Int @id\n  /// first\n  x Json /// second\n}\n').models["M"]
    assert field_documentation(model.field("x")) == "first\nsecond"


# -- names -------------------------------------------------------------------------------------------
def test_names_never_shadow_what_the_file_uses_and_stay_unique():
    schema = schema_of("""
model Date {\n  id Int @id\n}
model DateTable {\n  id Int @id\n}
model Json2 {\n  id Int @id\n}
model JsonValue {\n  id Int @id\n}
""")
    generator = KyselyGenerator(schema, source="s")
    names = {m.name: generator.name_of(m) for m in schema.models.values()}
    assert names == {"Date": "DateTable", "DateTable": "DateTableTable", "Json2": "Json2", "JsonValue": "JsonValueTable"}


def test_tables_outside_the_default_schema_have_qualified_keys():
    schema = load_schema(REPO / "tests/golden/kysely/multischema/schema.prisma")
    db = generate_kysely(schema, source="x").split("export interface DB {")[1]
    assert '  "auth.users": User;' in db and "  Profile: Profile;" in db and '  "auth.user_summary": UserSummary;' in db


# -- Generated exactly for database defaults ---------------------------------------------------------
def test_generated_marks_exactly_the_columns_with_a_database_default():
    schema = load_schema(EXAMPLE / "apps/api/prisma/schema.prisma")
    catalog = prisma_to_catalog(schema)
    text = generate_kysely(schema, source="x")
    checked = 0
    for table in catalog.tables.values():
        if table.model is None:
            continue
        body = re.search(rf"export interface {table.model} {{\n(.*?)\n}}", text, re.S).group(1)
        for column in table.columns:
            line = next(l for l in body.splitlines() if re.match(rf"\s+{re.escape(column.name)}:", l))
            assert ("Generated<" in line) == (column.default is not None), (table.name, column.name)
            checked += 1
    assert checked > 60


def test_client_side_defaults_and_updated_at_are_not_generated_and_say_why():
    schema = schema_of("""
model M {
  id  String   @id @default(uuid(7))
  at  DateTime @updatedAt
  at2 DateTime @default(now()) @updatedAt
}
""")
    text = generate_kysely(schema, source="x")
    assert "`@default(uuid(7))` runs in Prisma Client, not in the database: a Kysely insert must set it." in text
    assert "  id: string;" in text and "  at: Timestamp;" in text and "  at2: Generated<Timestamp>;" in text
    assert "a Kysely insert or update must set it" in text and "a Kysely update must set it" in text


# -- printing ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, printed", [
    ("plain", '"plain"'), ("it's", '"it\'s"'), ('say "hi"', "'say \"hi\"'"), ("a\\b", '"a\\\\b"'),
    ('both \' and ""', "'both \\' and \"\"'"), ("line\nbreak", '"line\\nbreak"'),
])
def test_strings_use_prettiers_quotes(value, printed):
    assert ts_string(value) == printed


@pytest.mark.parametrize("key, printed", [
    ("name", "name"), ("$x", "$x"), ("first name", '"first name"'), ("12a", '"12a"'), ("tên", "tên"),
    ("a·b", '"a·b"'), ("auth.users", '"auth.users"'),
])
def test_keys_are_quoted_only_when_they_are_not_identifier_names(key, printed):
    assert ts_key(key) == printed


def test_long_properties_break_where_prettier_breaks_them():
    key = "k" * 70
    assert property_lines(key, ColumnTs("Timestamp", "name", nullable=True, generated=True)) == \
        [f"  {key}: Generated<Timestamp | null>;"]
    assert property_lines(key, ColumnTs("Json<A.B>", "generic", generated=True)) == \
        [f"  {key}: Generated<", "    Json<A.B>", "  >;"]
    assert property_lines(key, ColumnTs("string[]", "array", nullable=True)) == [f"  {key}:", "    string[] | null;"]
    assert property_lines("k", ColumnTs("string[]", "array", nullable=True)) == ["  k: string[] | null;"]


def test_unions_and_docs():
    assert type_alias_lines("R", ['"A"', '"B"']) == ['export type R = "A" | "B";']
    many = [f'"VALUE_NUMBER_{i}"' for i in range(6)]
    assert type_alias_lines("R", many)[1] == '  | "VALUE_NUMBER_0"'
    assert jsdoc_lines("one") == ["/** one */"]
    assert jsdoc_lines("a */ b\n\nc", "  ") == ["  /**", "   * a *\\/ b", "   *", "   * c", "   */"]


# -- options -----------------------------------------------------------------------------------------
def test_options_from_configuration_accept_dashes_and_reject_unknown_keys():
    assert SyncOptions.from_config({"runtime-enums": True, "enum-arrays": "array"}).enum_arrays == "array"
    with pytest.raises(ConfigError, match="unknown key `runtime-enum`"):
        SyncOptions.from_config({"runtime-enum": True})
    with pytest.raises(ConfigError, match="enum-arrays"):
        SyncOptions.from_config({"enum-arrays": "list"})
    with pytest.raises(ConfigError, match="json-namespace"):
        SyncOptions.from_config({"json-namespace": "not valid"})
