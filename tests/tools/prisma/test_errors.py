"""Every kind of mistake a person makes in a schema comes back located: file, line, column, the line.

Each case is a small schema with one mistake, the message we expect, where it points, and the help
that goes with it. The CLI turns them into exit code 65 and never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.errors import ExitCode, SchemaError
from tools.prisma import parse_schema_text

DS = 'datasource db {\n  provider = "postgresql"\n}\n'

# (id, schema after the datasource, message fragment, line, column, help fragment or None)
CASES = [
    ("unknown-type", "model User {\n  id   Int @id\n  name Strin\n}", "the type `Strin` of field `name`", 6, 8, "did you mean `String`?"),
    ("unknown-field-attribute", "model User {\n  id    Int    @id\n  email String @uniqe\n}", "unknown attribute @uniqe", 6, 16, "`@unique`"),
    ("unknown-block-attribute", "model User {\n  id Int @id\n  @@indx([id])\n}", "unknown attribute @@indx", 6, 3, "`@@index`"),
    ("relation-to-missing-model", "model Post {\n  id       Int    @id\n  authorId Int\n  author   Author @relation(fields: [authorId], references: [id])\n}",
     "the type `Author` of field `author`", 7, 12, None),
    ("missing-references", "model User {\n  id    Int    @id\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId])\n}",
     "gives `fields` but not `references`", 11, 17, "references: [id]"),
    ("duplicate-field", "model User {\n  id    Int    @id\n  email String\n  email String?\n}", "the field `email` is defined twice", 7, 3, None),
    ("duplicate-model", "model User {\n  id Int @id\n}\nmodel User {\n  id Int @id\n}", "the model `User` cannot be defined", 7, 1, None),
    ("missing-opposite-relation", "model User {\n  id Int @id\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}",
     "missing an opposite relation field on `User`", 10, 3, "add a field of type Post"),
    ("ambiguous-relation", "model User {\n  id     Int    @id\n  posts  Post[]\n  edited Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  editorId Int\n  author   User @relation(fields: [authorId], references: [id])\n  editor   User @relation(fields: [editorId], references: [id])\n}",
     "Ambiguous relation detected. The fields `posts` and `edited` in model `User` both refer to `Post`", 6, 3, "@relation"),
    ("unterminated-string", 'model User {\n  id   Int    @id\n  name String @default("abc)\n}', "this string is not closed", 6, 24, None),
    ("unclosed-block", "model User {\n  id Int @id\n", "the model `User` is not closed", 4, 1, "closing `}`"),
    ("field-without-type", "model User {\n  id Int @id\n  name\n}", "the field `name` in model `User` has no type", 6, 3, None),
    ("native-type-mismatch", "model User {\n  id Int @id @db.VarChar(10)\n}", "the native type VarChar does not fit a field of type Int", 5, 14, "String"),
    ("unknown-native-type", "model User {\n  id   Int    @id\n  name String @db.Varchar(10)\n}", "`Varchar` is not a native type", 6, 15, "`VarChar`"),
    ("wrong-datasource-prefix", "model User {\n  id String @id @postgres.Uuid\n}", "unknown attribute @postgres.Uuid", 5, 17, "@db.Uuid"),
    ("default-type-mismatch", 'model User {\n  id    Int @id\n  count Int @default("x")\n}', "does not fit a field of type Int", 6, 22, "an integer"),
    ("enum-default-not-a-value", "model User {\n  id   Int  @id\n  role Role @default(OWNER)\n}\nenum Role {\n  ADMIN\n  MEMBER\n}", "`OWNER` is not a value of the enum `Role`", 6, 22, None),
    ("no-unique-criteria", "model Log {\n  message String\n}", "Each model must have at least one unique criteria", 4, 1, "@@ignore"),
    ("updated-at-on-string", "model User {\n  id Int @id\n  at String @updatedAt\n}", "@updatedAt works only on DateTime", 6, 13, None),
    ("autoincrement-on-string", "model User {\n  id String @id @default(autoincrement())\n}", "`autoincrement()` cannot be the default of a field of type String", 5, 26, "Int and BigInt"),
    ("index-on-unknown-field", "model User {\n  id Int @id\n  @@index([email])\n}", "refers to `email`, which is not a field of `User`", 6, 12, None),
    ("composite-type", "model User {\n  id Int @id\n}\ntype Address {\n  street String\n}", "composite type `Address` is only supported on MongoDB", 7, 1, None),
    ("invalid-json-default", 'model User {\n  id   Int  @id\n  meta Json @default("{oops")\n}', "valid JSON", 6, 22, None),
    ("optional-list", "model User {\n  id   Int      @id\n  tags String[]?\n}", "optional lists are not supported", 6, 8, "remove the `?`"),
    ("fk-type-mismatch", "model User {\n  id    Int    @id\n  posts Post[]\n}\nmodel Post {\n  id       Int    @id\n  authorId String\n  author   User   @relation(fields: [authorId], references: [id])\n}",
     "the type of `Post.authorId` (String) does not match the referenced `User.id` (Int)", 11, 38, None),
    ("references-not-unique", "model User {\n  id    Int    @id\n  email String\n  posts Post[]\n}\nmodel Post {\n  id          Int    @id\n  authorEmail String\n  author      User   @relation(fields: [authorEmail], references: [email])\n}",
     "`references: [email]` must be a unique criterion of `User`", 12, 22, "@unique"),
    ("one-to-one-not-unique", "model User {\n  id      Int      @id\n  profile Profile?\n}\nmodel Profile {\n  id     Int  @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}",
     "a one-to-one relation must use unique fields", 11, 15, "@unique"),
    ("datetime-not-rfc3339", 'model E {\n  id Int      @id\n  at DateTime @default("2020-01-01")\n}', '"2020-01-01" is not a valid rfc3339 datetime string', 6, 24, "2024-01-31T12:00:00Z"),
    ("datetime-list-not-rfc3339", 'model E {\n  id Int        @id\n  at DateTime[] @default(["2020-01-01T00:00:00"])\n}', "is not a valid rfc3339 datetime string", 6, 27, None),
    ("bytes-not-base64", 'model E {\n  id   Int   @id\n  blob Bytes @default("AAA")\n}', '"AAA" is not a valid base64 string', 6, 23, "padding"),
    ("decimal-string-not-a-number", 'model E {\n  id    Int     @id\n  price Decimal @default("abc")\n}', '"abc" is not a valid decimal', 6, 26, None),
    ("m2m-compound-id", "model A {\n  x  Int\n  y  Int\n  bs B[]\n  @@id([x, y])\n}\nmodel B {\n  id Int @id\n  as A[]\n}",
     "needs `A` to have a single-field @id", 7, 3, None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mistake_is_located(case) -> None:
    _, body, message, line, column, help_fragment = case
    with pytest.raises(SchemaError) as caught:
        parse_schema_text(DS + body, "schema.prisma")
    problem = next((p for p in caught.value.problems if message in p.message), None)
    assert problem is not None, f"expected {message!r} among {[p.message for p in caught.value.problems]}"
    assert (problem.span.file, problem.span.line, problem.span.column) == ("schema.prisma", line, column)
    lines = (DS + body).splitlines()
    assert problem.source_line == (lines[line - 1] if line <= len(lines) else "")
    if help_fragment:
        assert help_fragment in (problem.help or "")
    rendered = caught.value.render()
    assert f"schema.prisma:{line}:{column}" in rendered and "^" in rendered


def test_several_mistakes_are_reported_together() -> None:
    body = "model User {\n  id   Int @id\n  name Strin\n  age  Integer\n}"
    with pytest.raises(SchemaError) as caught:
        parse_schema_text(DS + body)
    assert [p.span.line for p in caught.value.problems] == [6, 7]
    assert caught.value.render().endswith("2 errors")


def test_no_datasource_is_an_error() -> None:
    with pytest.raises(SchemaError) as caught:
        parse_schema_text("model User {\n  id Int @id\n}\n")
    assert "no datasource" in caught.value.message


def test_other_providers_are_refused_with_the_reason() -> None:
    with pytest.raises(SchemaError) as caught:
        parse_schema_text('datasource db {\n  provider = "mysql"\n}\nmodel U {\n  id Int @id\n}\n')
    assert "works with PostgreSQL" in caught.value.message
    assert caught.value.span.line == 2


@pytest.mark.parametrize("case", CASES[:6], ids=[c[0] for c in CASES[:6]])
def test_cli_exit_code_and_no_traceback(case, tmp_path: Path) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text(DS + case[1])
    result = subprocess.run([sys.executable, "-m", "agent.cli", "sql", str(schema)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"schema.prisma:{case[3]}:{case[4]}" in result.stderr and case[2] in result.stderr


# (id, whole schema, message fragment, line, column, the preview feature that allows it)
PREVIEW_CASES = [
    ("extensions", 'datasource db {\n  provider   = "postgresql"\n  extensions = [citext]\n}\nmodel A {\n  id Int @id\n}\n',
     "The `extensions` property is only available with the `postgresqlExtensions` preview feature", 3, 3, "postgresqlExtensions"),
    ("views", DS + "view V {\n  id Int @unique\n}\n", "View definitions are only available with the `views` preview feature", 4, 1, "views"),
    ("partial-index", DS + 'model M {\n  id Int @id\n  a  Int\n  @@index([a], where: raw("a > 0"))\n}\n',
     "Partial indexes are a preview feature", 7, 16, "partialIndexes"),
]


@pytest.mark.parametrize("case", PREVIEW_CASES, ids=[c[0] for c in PREVIEW_CASES])
def test_preview_features_are_required_as_prisma_requires_them(case) -> None:
    _, text, message, line, column, feature = case
    with pytest.raises(SchemaError) as caught:
        parse_schema_text(text, "schema.prisma")
    problem = caught.value.problems[0]
    assert message in problem.message and (problem.span.line, problem.span.column) == (line, column)
    assert feature in (problem.help or problem.message)
    generator = f'generator client {{\n  provider        = "prisma-client-js"\n  previewFeatures = ["{feature}"]\n}}\n'
    assert parse_schema_text(text + generator).datasource.provider == "postgresql"


# Checks of Prisma's validation pipeline, in its wording: (id, schema after the datasource unless it
# has its own, message start, line, column). Each was refused by Prisma's engine at the same line.
PRISMA_CHECKS = [
    ('dup-index-names', 'model T {\n  id Int @id\n  a Int\n  @@index([a])\n  @@index([a], type: Hash)\n}',
     'The given constraint name `T_a_idx` has to be unique in the following namespace: global fo', 7, 3),
    ('index-name-equals-pk', 'model T {\n  id Int @id\n  a Int\n  @@index([a], map: "T_pkey")\n}',
     'The given constraint name `T_pkey` has to be unique in the following namespace: global for', 5, 10),
    ('fk-name-equals-index', 'model T {\n  id Int @id\n  uId Int\n  u U @relation(fields: [uId], references: [id], map: "T_uId_idx")\n  @@index([uId])\n}\nmodel U {\n  id Int @id\n  ts T[]\n}',
     'The given constraint name `T_uId_idx` has to be unique in the following namespace: on mode', 7, 50),
    ('custom-name-dup', 'model T {\n  id Int @id\n  a Int\n  b Int\n  @@unique([a, b], name: "x")\n  @@unique([b, a], name: "x")\n}',
     'The given custom name `x` has to be unique on the model. Please provide a different name f', 8, 20),
    ('pk-sort', 'model T {\n  id Int @id(sort: Desc)\n}',
     'The sort argument is not supported in the primary key with the current connector', 5, 10),
    ('hash-sort', 'model T {\n  id Int @id\n  a Int\n  @@index([a(sort: Desc)], type: Hash)\n}',
     'Hash type does not support sort option.', 7, 3),
    ('default-map', 'model T {\n  id Int @id\n  a Int @default(1, map: "df")\n}',
     'You defined a database name for the default value of a field on the model. This is not sup', 6, 9),
    ('clustered', 'model T {\n  id Int @id(clustered: true)\n}',
     'Defining clustering is not supported in the current connector.', 5, 10),
    ('required-relation-optional-field', 'model T {\n  id Int @id\n  uId Int?\n  u U @relation(fields: [uId], references: [id])\n}\nmodel U {\n  id Int @id\n  ts T[]\n}',
     'The relation field `u` uses the scalar fields uId. At least one of those fields is optiona', 7, 3),
    ('relation-to-ignored', 'model T {\n  id Int @id\n  uId Int\n  u U @relation(fields: [uId], references: [id])\n}\nmodel U {\n  id Int @id\n  ts T[]\n  @@ignore\n}',
     'The relation field `u` on Model `T` must specify the `@ignore` attribute, because the mode', 7, 3),
    ('table-name-clash', 'model T {\n  id Int @id\n  @@map("x")\n}\nmodel U {\n  id Int @id\n  @@map("x")\n}',
     'The given constraint name `x_pkey` has to be unique in the following namespace: global for', 5, 10),
    ('unique-client-name-clash', 'model T {\n  id Int @id\n  a Int\n  b Int\n  a_b Int\n  @@unique([a, b])\n}',
     'The field `a_b` clashes with the `@@unique` name. Please resolve the conflict by providing', 9, 3),
    ('id-client-name-clash', 'model T {\n  a Int\n  b Int\n  a_b Int\n  @@id([a, b])\n}',
     "The field `a_b` clashes with the `@@id` attribute's name. Please resolve the conflict by p", 8, 3),
    ('unsupported-native', 'model T {\n  id Int @id\n  a Unsupported("Uuid")\n}',
     'The type `Unsupported("Uuid")` you specified in the type definition for the field `a` is s', 6, 3),
    ('ops-on-unique', 'model T {\n  id Int @id\n  a String\n  @@unique([a(ops: raw("text_pattern_ops"))])\n}',
     'Operator classes can only be defined to fields in an @@index attribute.', 7, 3),
    ('ops-wrong-type', 'model T {\n  id Int @id\n  a String\n  @@index([a(ops: Int4MinMaxOps)], type: Brin)\n}',
     'The given operator class `Int4MinMaxOps` points to the field `a` that is not of Int type.', 7, 3),
    ('ops-wrong-method', 'model T {\n  id Int @id\n  a Json\n  @@index([a(ops: JsonbPathOps)])\n}',
     'The given operator class `JsonbPathOps` is not supported with the `BTree` index type.', 7, 3),
    ('timestamp-7', 'model T {\n  id Int @id\n  a DateTime @db.Timestamp(7)\n}',
     'Argument M is out of range for native type `Timestamp(7)` of Postgres: M can range from 0 ', 6, 14),
    ('decimal-big', 'model T {\n  id Int @id\n  a Decimal @db.Decimal(1001, 2)\n}',
     'Argument M is out of range for native type `Decimal(1001,2)` of Postgres: Precision must b', 6, 13),
    ('decimal-scale-gt-precision', 'model T {\n  id Int @id\n  a Decimal @db.Decimal(2, 5)\n}',
     'The scale must not be larger than the precision for the Decimal(2,5) native type in Postgr', 6, 13),
    ('bit-zero', 'model T {\n  id Int @id\n  a String @db.Bit(0)\n}',
     'Argument M is out of range for native type `Bit(0)` of Postgres: M must be a positive inte', 6, 12),
    ('decimal-neg-scale', 'model T {\n  id Int @id\n  a Decimal @db.Decimal(5, -1)\n}',
     'Expected two nonnegative integers, but found (5, -1).', 6, 13),
    ('gin-string', 'model T {\n  id Int @id\n  a String\n  @@index([a], type: Gin)\n}',
     'The Gin index type does not support the type of the field `a`.', 7, 3),
    ('spgist-multi', 'model T {\n  id Int @id\n  a String\n  b String\n  @@index([a, b], type: SpGist)\n}',
     'SpGist does not support multi-column indices.', 8, 3),
    ('xml-index', 'model T {\n  id Int @id\n  a String @db.Xml\n  @@index([a])\n}',
     'You cannot define an index on fields with native type `Xml` of Postgres.', 6, 3),
    ('unknown-ops', 'model T {\n  id Int @id\n  a String\n  @@index([a(ops: FooOps)], type: Gin)\n}',
     'Invalid operator class: FooOps', 7, 19),
    ('enum-dup-db-name', 'enum A {\n  X\n  @@map("e")\n}\nenum B {\n  Y\n  @@map("e")\n}\nmodel T {\n  id Int @id\n}',
     'An enum with the same database name is already defined.', 10, 3),
    ('custom-name-is-field', 'model T {\n  id Int @id\n  a Int\n  b Int\n  @@unique([a, b], name: "a")\n}',
     'The custom name `a` specified for the `@@unique` attribute is already used as a name for a', 4, 1),
    ('map-too-long', 'model T {\n  id Int @id\n  a Int @unique(map: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")\n}',
     "The constraint name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 6, 9),
    ('gin-on-json-native', 'model T {\n  id Int @id\n  a Json @db.Json\n  @@index([a], type: Gin)\n}',
     'The Gin index field type `Json` has no default operator class.', 7, 3),
    ('self-relation-prisma-mode', 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel T {\n  id Int @id\n  pId Int?\n  p T? @relation("x", fields: [pId], references: [id])\n  c T[] @relation("x")\n  @@index([pId])\n}',
     'A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` ', 8, 3),
    ('self-prisma-noaction', 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel T {\n  id Int @id\n  pId Int?\n  p T? @relation("x", fields: [pId], references: [id], onDelete: NoAction, onUpdate: NoAction)\n  c T[] @relation("x")\n  @@index([pId])\n}',
     'Invalid referential action: `NoAction`. Allowed values: (`Cascade`, `Restrict`, `SetNull`)', 8, 56),
    ('cycle-prisma', 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id])\n  bs B[] @relation("back")\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation("back", fields: [aId], references: [id])\n  as A[]\n}',
     'Reference causes a cycle. One of the @relation attributes in this cycle must have `onDelet', 8, 3),
    ('setdefault-prisma', 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id], onDelete: SetDefault)\n}\nmodel B {\n  id Int @id\n  as A[]\n}',
     'Invalid referential action: `SetDefault`. Allowed values: (`Cascade`, `Restrict`, `SetNull', 8, 50),
    ('brin-string-dateops', 'model T {\n  id Int @id\n  a String\n  @@index([a(ops: DateMinMaxOps)], type: Brin)\n}',
     'The given operator class `DateMinMaxOps` expects the field `a` to define a valid native ty', 7, 3),
    ('brin-date-native-wrongops', 'model T {\n  id Int @id\n  a DateTime @db.Date\n  @@index([a(ops: Int4MinMaxOps)], type: Brin)\n}',
     'The given operator class `Int4MinMaxOps` does not support native type `Date` of field `a`.', 7, 3),
    ('gin-list-arrayops', 'model T {\n  id Int @id\n  a Int\n  @@index([a(ops: ArrayOps)], type: Gin)\n}',
     'The given operator class `ArrayOps` expects the type of field `a` to be an array.', 7, 3),
    ('gin-json-pathops-string', 'model T {\n  id Int @id\n  a String\n  @@index([a(ops: JsonbPathOps)], type: Gin)\n}',
     'The given operator class `JsonbPathOps` points to the field `a` that is not of Json type.', 7, 3),

    # the grammar: one line per field or attribute, letters first in names, JSON's escapes
    ('multiline-datasource-array', 'datasource db {\n  provider = "postgresql"\n  schemas  = [\n    "public",\n    "auth"\n  ]\n}\nmodel A {\n  id Int @id\n  @@schema("public")\n}',
     'This line is not a valid definition within a datasource.', 3, 14),
    ('multiline-block-attr', 'model A {\n  id Int @id\n  b Int\n  @@index([\n    b\n  ])\n}',
     'This line is not a valid field or attribute definition.', 7, 11),
    ('multiline-block-attr-noncomment', 'model A {\n  id Int @id\n  b Int\n  @@index([b],\n    map: "x")\n}',
     'This line is not a valid field or attribute definition.', 7, 10),
    ('trailing-comma-args', 'model A {\n  id Int @id\n  b Int\n  @@index([b], map: "x",)\n}',
     'Trailing commas are not valid in attribute arguments, please remove the comma.', 7, 24),
    ('trailing-comma-array', 'model A {\n  id Int @id\n  b Int\n  c Int\n  @@index([b, c,])\n}',
     'a list cannot end with a comma', 8, 16),
    ('underscore-ident', 'model A {\n  id Int @id\n  _b Int\n}',
     'unexpected character `  _`', 6, 1),
    ('hyphen-ident', 'model A {\n  id Int @id\n  b-c Int\n}',
     'The character `-` is not allowed in Field names.', 6, 3),
    ('one-line-model', 'model A { id Int @id }',
     'This line is invalid. It does not start with any known Prisma schema keyword.', 4, 1),
    ('string-escape-x', 'model A {\n  id Int @id\n  b String @default("a\\qb")\n}',
     'Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`', 6, 21),
    ('hyphen-model', 'model A-b {\n  id Int @id\n}',
     'The character `-` is not allowed in Model names.', 4, 1),
    ('hyphen-enum', 'enum E-x {\n  A\n}\nmodel A {\n  id Int @id\n}',
     'The character `-` is not allowed in Enum names.', 4, 1),
    ('hyphen-enum-value', 'enum E {\n  A-b\n}\nmodel A {\n  id Int @id\n}',
     'The character `-` is not allowed in Enum Value names.', 5, 3),
    ('escape-zero', 'model A {\n  id Int @id\n  b String @default("a\\0b")\n}',
     'Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`', 6, 21),
    ('reserved-enum', 'enum PrismaClient {\n  A\n}\nmodel A {\n  id Int @id\n}',
     'The enum name `PrismaClient` is invalid. It is a reserved name. Please change it. Read mor', 4, 1),
    ('reserved-delete', 'model delete {\n  id Int @id\n}',
     'The model name `delete` is invalid. It is a reserved name. Please change it. Read more at ', 4, 1),
    ('reserved-view', 'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["views"]\n}\ndatasource db {\n  provider = "postgresql"\n}\nview async {\n  id Int @unique\n}',
     'The view name `async` is invalid. It is a reserved name. Please change it. Read more at ht', 8, 1),
    # views, unique criteria, generators, @updatedAt
    ('view-index', 'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["views"]\n}\ndatasource db {\n  provider = "postgresql"\n}\nview V {\n  id Int @unique\n  a Int\n  @@index([a])\n}',
     'Views cannot have indexes.', 11, 3),
    ('unique-unsupported-only', 'model M {\n  a Unsupported("tsvector") @unique\n}',
     'Each model must have at least one unique criteria that has only required fields. Either ma', 4, 1),
    ('compound-unique-with-unsupported', 'model M {\n  a Unsupported("tsvector")\n  b Int\n  @@unique([a, b])\n}',
     'Each model must have at least one unique criteria that has only required fields. Either ma', 4, 1),
    ('generator-no-provider', 'generator client {\n  output = "x"\n}\nmodel M {\n  id Int @id\n}',
     'Argument "provider" is missing in generator block "client".', 4, 1),
    ('updatedat-list', 'model M {\n  id Int @id\n  a DateTime[] @updatedAt\n}',
     'Fields that are marked with @updatedAt cannot be lists.', 6, 16),
    # relations Prisma cannot pair or enforce
    ('one-to-one-both-required', 'model T {\n  id Int @id\n  u U\n}\nmodel U {\n  id Int @id\n  tId Int @unique\n  t T @relation(fields: [tId], references: [id])\n}',
     "The relation field `t` on Model `U` is required. This is not valid because it's not possib", 11, 3),
    ('self-one-to-one-unnamed', 'model T {\n  id Int @id\n  nextId Int? @unique\n  next T? @relation(fields: [nextId], references: [id])\n  prev T?\n}',
     'Ambiguous self relation detected. The fields `next` and `prev` in model `T` both refer to ', 7, 3),
    ('m2m-self-unnamed', 'model T {\n  id Int @id\n  a T[]\n  b T[]\n}',
     'Ambiguous self relation detected. The fields `a` and `b` in model `T` both refer to `T`. I', 6, 3),
    ('a-back-required-holder-optional', 'model T {\n  id Int @id\n  u U\n}\nmodel U {\n  id Int @id\n  tId Int? @unique\n  t T? @relation(fields: [tId], references: [id])\n}',
     'The relation field `U.t` defines the `fields` and/or `references` argument. You must set t', 11, 3),
    # options of other connectors, datasource properties, integer ranges
    ('shardkey', 'model T {\n  id Int @id\n  a Int @shardKey\n}',
     'Defining shard keys requires enabling the `shardKeys` preview feature', 6, 9),
    ('block-shardkey', 'model T {\n  id Int @id\n  a Int\n  @@shardKey([a])\n}',
     'Defining shard keys requires enabling the `shardKeys` preview feature', 7, 3),
    ('unique-length', 'model T {\n  id Int @id\n  a String @unique(length: 10)\n}',
     'The length argument is not supported in an index definition with the current connector', 6, 12),
    ('id-length', 'model T {\n  id String @id(length: 10)\n}',
     'The length argument is not supported in the primary key with the current connector', 5, 13),
    ('unknown-datasource-prop', 'datasource db {\n  provider = "postgresql"\n  foo = "bar"\n}\nmodel T {\n  id Int @id\n}',
     'Property not known: "foo".', 3, 3),
    ('default-bigint-too-big', 'model T {\n  id Int @id\n  a BigInt @default(99999999999999999999)\n}',
     '"99999999999999999999" is not a valid integer. (number too large to fit in target type)', 6, 21),
    ('env-provider', 'datasource db {\n  provider = env("DB_PROVIDER")\n}\nmodel A {\n  id Int @id\n}',
     'A datasource must not use the env() function in the provider argument.', 2, 14),
]


@pytest.mark.parametrize("case", PRISMA_CHECKS, ids=[c[0] for c in PRISMA_CHECKS])
def test_prisma_validation_is_reproduced_located(case) -> None:
    _, body, message, line, column = case
    text = body if "datasource" in body else DS + body
    with pytest.raises(SchemaError) as caught:
        parse_schema_text(text, "schema.prisma")
    problem = next((p for p in caught.value.problems if p.message.startswith(message)), None)
    assert problem is not None, f"expected {message!r} among {[p.message for p in caught.value.problems]}"
    assert (problem.span.line, problem.span.column) == (line, column)
    assert problem.source_line == text.splitlines()[line - 1]


# Near misses Prisma's engine accepts: the checks above must not refuse them.
PRISMA_ACCEPTS = [
    ('fk-names-across-models', 'model T {\n  id Int @id\n  uId Int\n  u U @relation(fields: [uId], references: [id], map: "fk")\n}\nmodel V {\n  id Int @id\n  uId Int\n  u U @relation(fields: [uId], references: [id], map: "fk")\n}\nmodel U {\n  id Int @id\n  ts T[]\n  vs V[]\n}'),
    ('references-wrong-order', 'model T {\n  id Int @id\n  a Int\n  b Int\n  u U @relation(fields: [a, b], references: [y, x])\n}\nmodel U {\n  x Int\n  y Int\n  ts T[]\n  @@id([x, y])\n}'),
    ('varchar-zero', 'model T {\n  id Int @id\n  a String @db.VarChar(0)\n}'),
    ('char-zero', 'model T {\n  id Int @id\n  a String @db.Char(0)\n}'),
    ('varchar-huge', 'model T {\n  id Int @id\n  a String @db.VarChar(10485761)\n  b String @db.Char(10485761)\n}'),
    ('gist-string', 'model T {\n  id Int @id\n  a String\n  @@index([a], type: Gist)\n}'),
    ('enum-value-dup-map', 'enum A {\n  X @map("v")\n  Y @map("v")\n}\nmodel T {\n  id Int @id\n}'),
    ('brin-varchar-ops', 'model T {\n  id Int @id\n  a String @db.VarChar(3)\n  @@index([a(ops: TextMinMaxOps)], type: Brin)\n}'),
    ('hash-on-json', 'model T {\n  id Int @id\n  a Json\n  @@index([a], type: Hash)\n}'),
    ('autoinc-on-optional', 'model T {\n  id Int @id\n  a Int? @default(autoincrement())\n}'),
    ('autoinc-list', 'model T {\n  id Int @id\n  a Int[] @default(autoincrement())\n}'),
    ('self-prisma-restrict', 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel T {\n  id Int @id\n  pId Int?\n  p T? @relation("x", fields: [pId], references: [id], onDelete: Restrict, onUpdate: Restrict)\n  c T[] @relation("x")\n}'),
    ('self-fk-mode', 'model T {\n  id Int @id\n  pId Int?\n  p T? @relation("x", fields: [pId], references: [id])\n  c T[] @relation("x")\n}'),
    ('cycle-fk-mode', 'model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id], onDelete: Cascade)\n  bs B[] @relation("back")\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation("back", fields: [aId], references: [id], onDelete: Cascade)\n  as A[]\n}'),
    ('gist-unsupported', 'model T {\n  id Int @id\n  a Unsupported("geometry")\n  @@index([a], type: Gist)\n}'),
    ('spgist-varchar-textops', 'model T {\n  id Int @id\n  a String @db.VarChar(5)\n  @@index([a(ops: TextOps)], type: SpGist)\n}'),

]


@pytest.mark.parametrize("case", PRISMA_ACCEPTS, ids=[c[0] for c in PRISMA_ACCEPTS])
def test_what_prisma_accepts_is_read(case) -> None:
    _, body = case
    schema = parse_schema_text(body if "datasource" in body else DS + body, "schema.prisma")
    assert schema.models
