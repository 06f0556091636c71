"""Unit tests of the Drizzle generator's parts: the type table, names, types, defaults, options.

The whole files are covered by the golden and fidelity tests; these pin down the rules one by one
(and the error paths), so that a failure says which rule broke.
"""

from __future__ import annotations

import pytest

from tools.catalog.from_prisma import prisma_to_catalog
from tools.errors import ConfigError, TripleOrmError
from tools.prisma import parse_schema_text
from tools.sync.drizzle import DrizzleGenerator, DrizzleOptions, generate_drizzle
from tools.sync.drizzle_columns import CLIENT_DEFAULTS, DrizzleTypeError, split_type
from tools.sync.drizzle_names import Names, camel_case, identifier
from tools.sync.options import SyncOptions
from tools.typemap import DRIZZLE_BUILDERS, NATIVE_TYPES, SCALAR_DEFAULTS

HEAD = 'datasource db {\n  provider = "postgresql"\n}\n'


def drizzle(body: str, **options) -> str:
    return generate_drizzle(parse_schema_text(HEAD + body), source="schema.prisma",
                            options=DrizzleOptions(**options) if options else None)


# -- the type table ---------------------------------------------------------------------------------

@pytest.mark.parametrize("table,name", [("scalar", n) for n in SCALAR_DEFAULTS] + [("native", n) for n in NATIVE_TYPES])
def test_every_prisma_type_has_a_drizzle_builder(table, name):
    spec = SCALAR_DEFAULTS[name] if table == "scalar" else NATIVE_TYPES[name]
    examples = [(), ("12", "2")[: spec.max_args]] if spec.max_args else [()]
    for args in examples:
        base, mods = split_type(spec.canonical(args))
        assert base in DRIZZLE_BUILDERS, f"{name}{args}: no Drizzle builder for {base!r}"
        builder = DRIZZLE_BUILDERS[base]
        assert len(mods) <= len(builder.typmod), f"{name}{args}: modifiers {mods} without options to carry them"


def test_custom_types_say_what_their_values_are():
    for base, spec in DRIZZLE_BUILDERS.items():
        if spec.custom is not None:
            assert spec.custom in ("string", "number", "Buffer"), base


def test_an_unknown_column_type_is_an_error_naming_it():
    schema = parse_schema_text(HEAD + "model A {\n  id Int @id\n  v String\n}\n")
    catalog = prisma_to_catalog(schema)
    catalog.tables["public.A"].columns[1].type = "mystery(3)"
    with pytest.raises(DrizzleTypeError) as caught:
        DrizzleGenerator(schema, source="schema.prisma", catalog=catalog).generate()
    assert "mystery(3)" in caught.value.message and "A.v" in caught.value.message
    assert isinstance(caught.value, TripleOrmError)


@pytest.mark.parametrize("pg_type,expected", [
    ("timestamp(3) without time zone", ("timestamp without time zone", ["3"])),
    ("timestamp with time zone", ("timestamp with time zone", [])),
    ("time(6) with time zone", ("time with time zone", ["6"])),
    ("numeric(65,30)", ("numeric", ["65", "30"])),
    ("character varying", ("character varying", [])),
    ("bit varying(16)", ("bit varying", ["16"])),
    ("vector(1536)", ("vector", ["1536"])),
    ("tsvector", ("tsvector", [])),
])
def test_split_type(pg_type, expected):
    assert split_type(pg_type) == expected


def test_unsupported_types_use_the_builder_drizzle_has_else_a_custom_type():
    text = drizzle('model A {\n  id Int @id\n  e Unsupported("vector(3)")\n  v Unsupported("vector")?\n'
                   '  g Unsupported("geometry(Point, 4326)")?\n  n Unsupported("int8")?\n}\n')
    assert "e: vector({ dimensions: 3 }).notNull()," in text
    assert 'return "vector";' in text  # pgvector's builder needs dimensions: a bare vector is a customType
    assert 'return "geometry(Point, 4326)";' in text and "g: geometryPoint4326()," in text
    assert 'n: bigint({ mode: "bigint" }),' in text  # a built-in type under another name
    assert "drizzle-kit 0.31 writes this type in double quotes" not in text  # geometry(…) is written as is


def test_a_parametrised_type_drizzle_kit_would_quote_is_flagged():
    text = drizzle('model A {\n  id Int @id\n  g Unsupported("geography(Point, 4326)")?\n}\n')
    note = text.index("drizzle-kit 0.31 writes this type in double quotes")
    assert note < text.index("const geographyPoint4326 = customType")


# -- defaults ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("field,expected", [
    ('Int @default(0)', "integer().notNull().default(0)"),
    ('Boolean @default(false)', "boolean().notNull().default(false)"),
    ('String @default("")', 'text().notNull().default("")'),
    ('Float @default(-0.5)', "doublePrecision().notNull().default(-0.5)"),
    ('Float @default(2.50)', "default(sql`2.50`)"),  # JavaScript would print 2.5, PostgreSQL keeps 2.50
    ('Decimal @default(0)', "default(sql`0`)"),  # "0" would store '0'::numeric
    ('BigInt @default(7)', "default(sql`7`)"),  # drizzle-kit cannot serialise a bigint
    ('DateTime @default(now())', "default(sql`CURRENT_TIMESTAMP`)"),  # not defaultNow(): now()
    ('String @default(dbgenerated("gen_random_uuid()")) @db.Uuid', "default(sql`gen_random_uuid()`)"),
    ('String[] @default(["a"])', "default(sql`ARRAY['a']::TEXT[]`)"),
    # drizzle's sql tag reads the cooked template: backslashes, backticks and ${ are escaped
    ('String @default(dbgenerated("E\'a\\\\\\\\b`${x}\'"))', r"default(sql`E'a\\\\b\`\${x}'`)"),
])
def test_defaults_are_written_as_prisma_stores_them(field, expected):
    assert expected in drizzle(f"model A {{\n  id Int @id\n  v {field}\n}}\n")


def test_enum_defaults_use_the_mapped_value():
    text = drizzle("enum S {\n  ON @map(\"on\")\n}\nmodel A {\n  id Int @id\n  s S @default(ON)\n}\n")
    assert 'sEnum().notNull().default("on")' in text
    assert 'pgEnum("S", ["on"])' in text


def test_every_client_side_default_function_has_a_package():
    for function, versions in (("uuid", (None, 4, 7)), ("cuid", (None, 1, 2)), ("nanoid", (None,)), ("ulid", (None,))):
        for version in versions:
            assert (function, version) in CLIENT_DEFAULTS


def test_dbgenerated_without_an_expression_writes_no_default():
    text = drizzle("model A {\n  id Int @id\n  v String @default(dbgenerated())\n}\n")
    assert "v: text().notNull()," in text


# -- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("User", "user"), ("URLShortener", "urlShortener"), ("API_Key", "api_Key"), ("ABC", "abc"),
    ("_CourseToTag", "courseToTag"), ("already", "already"), ("A", "a"),
])
def test_camel_case(name, expected):
    assert camel_case(name) == expected


def test_identifier_from_free_text():
    assert identifier("geometry(Point,4326)") == "geometryPoint4326"
    assert identifier("4d") == "_4d"


def test_names_avoid_reserved_words_imports_and_each_other():
    names = Names()
    assert names.take("class", "Table") == "classTable"
    assert names.take("index", "Table") == "indexTable"
    assert names.take("indexTable", "Table") == "indexTableTable"
    assert names.take("user", "Table") == "user"
    assert names.take("user", "Table") == "userTable"
    assert names.take("user", "Table") == "userTable2"


def test_tables_are_not_named_like_the_callback_parameters_that_would_shadow_them():
    text = drizzle("model T {\n  id Int @id\n  u U[]\n}\nmodel U {\n  id Int @id\n  tId Int\n  t T @relation(fields: [tId], references: [id])\n}\n")
    assert 'export const tTable = pgTable("T"' in text and "foreignColumns: [tTable.id]" in text


def test_model_names_that_collide_get_suffixes():
    text = drizzle("model Index {\n  id Int @id\n}\nmodel IndexTable {\n  id Int @id\n}\n")
    assert "export const indexTable = pgTable(\"Index\"" in text
    assert "export const indexTableTable = pgTable(\"IndexTable\"" in text


# -- options --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key,value", [("date_mode", "iso"), ("bigint_mode", "int"), ("decimal_mode", "bigint"),
                                       ("relations", "v3")])
def test_bad_options_are_configuration_errors(key, value):
    with pytest.raises(ConfigError) as caught:
        drizzle("model A {\n  id Int @id\n}\n", **{key: value})
    assert repr(value) in caught.value.message


def test_sync_options_carry_the_shared_keys():
    options = DrizzleOptions.from_sync(SyncOptions(json_namespace="Shapes", json_types_module="./shapes.ts"))
    assert options.json_namespace == "Shapes" and options.json_types_module == "./shapes.ts"
    assert options.date_mode == "date" and options.relations == "v1"


def test_sync_options_may_carry_drizzle_keys():
    from types import SimpleNamespace

    options = DrizzleOptions.from_sync(SimpleNamespace(drizzle_relations="v2", drizzle_date_mode="string",
                                                       json_namespace="PrismaJson"))
    assert options.relations == "v2" and options.date_mode == "string" and options.bigint_mode == "bigint"
    with pytest.raises(ConfigError):
        DrizzleOptions.from_sync(SimpleNamespace(drizzle_bigint_mode="float"))


def test_modes_change_the_typescript_types_only():
    body = "model A {\n  id BigInt @id\n  d DateTime @db.Date\n  t DateTime\n  n Decimal\n}\n"
    default, other = drizzle(body), drizzle(body, date_mode="string", bigint_mode="number", decimal_mode="number")
    assert 'bigint({ mode: "bigint" })' in default and 'bigint({ mode: "number" })' in other
    assert 'date({ mode: "date" })' in default and "d: date().notNull()" in other
    assert "t: timestamp({ precision: 3 }).notNull()" in default and 'timestamp({ precision: 3, mode: "string" })' in other
    assert 'numeric({ precision: 65, scale: 30, mode: "number" })' in other


def test_extensions_are_named_in_the_header():
    text = generate_drizzle(parse_schema_text(
        'datasource db {\n  provider = "postgresql"\n  extensions = [citext]\n}\n'
        'generator c {\n  provider = "prisma-client"\n  previewFeatures = ["postgresqlExtensions"]\n}\n'
        "model A {\n  id Int @id\n}\n"), source="prisma/schema.prisma")
    head = text.split("\n\n")[0]
    assert "prisma/schema.prisma" in head and "extensions citext" in head and "do not edit" in head
