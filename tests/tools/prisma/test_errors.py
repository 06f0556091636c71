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
     "ambiguous relation", 14, 3, "@relation"),
    ("unterminated-string", 'model User {\n  id   Int    @id\n  name String @default("abc)\n}', "this string is not closed", 6, 24, None),
    ("unclosed-block", "model User {\n  id Int @id\n", "the model `User` is not closed", 4, 1, "closing `}`"),
    ("field-without-type", "model User {\n  id Int @id\n  name\n}", "the field `name` in model `User` has no type", 6, 3, None),
    ("native-type-mismatch", "model User {\n  id Int @id @db.VarChar(10)\n}", "the native type VarChar does not fit a field of type Int", 5, 14, "String"),
    ("unknown-native-type", "model User {\n  id   Int    @id\n  name String @db.Varchar(10)\n}", "`Varchar` is not a native type", 6, 15, "`VarChar`"),
    ("wrong-datasource-prefix", "model User {\n  id String @id @postgres.Uuid\n}", "unknown attribute @postgres.Uuid", 5, 17, "@db.Uuid"),
    ("default-type-mismatch", 'model User {\n  id    Int @id\n  count Int @default("x")\n}', "does not fit a field of type Int", 6, 22, "an integer"),
    ("enum-default-not-a-value", "model User {\n  id   Int  @id\n  role Role @default(OWNER)\n}\nenum Role {\n  ADMIN\n  MEMBER\n}", "`OWNER` is not a value of the enum `Role`", 6, 22, None),
    ("no-unique-criteria", "model Log {\n  message String\n}", "the model `Log` has no unique criteria", 4, 1, "@id"),
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
