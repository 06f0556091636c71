"""The syntax tree keeps what was written: positions, documentation, comments, every value form."""

from __future__ import annotations

from tools.prisma import parse_schema_text
from tools.prisma.ast import ArrayValue, ConstantValue, FunctionValue, NumberValue, StringValue
from tools.prisma.parser import parse_text

TEXT = '''// a comment that documents nothing

/// The learner.
/// Second line.
model User {
  /// Primary key.
  id    Int     @id @default(autoincrement()) // trailing
  email String  @unique(map: "user_email_uq") @db.VarChar(255)
  tags  String[] @default(["a", "b\\"c"])
  score Decimal @default(-1.25)
  /* block
     comment */
  @@index([email(sort: Desc, ops: raw("gin_trgm_ops")), tags(ops: raw("array_ops"))], type: Gin, map: "x")
  @@map("users")
}

enum Role {
  ADMIN  @map("admin")
  MEMBER
}

datasource db {
  provider   = "postgresql"
  extensions = [pg_trgm, uuid_ossp(map: "uuid-ossp", schema: "ext")]
}

generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["postgresqlExtensions"]
}
'''


def test_declarations_and_positions() -> None:
    ast = parse_text(TEXT)
    model, enum, datasource, _generator = ast.declarations
    assert (model.keyword, model.name, enum.name, datasource.keyword) == ("model", "User", "Role", "datasource")
    assert model.documentation == "The learner.\nSecond line."
    id_field = model.fields[0]
    assert id_field.documentation == "Primary key." and id_field.comment == "trailing"
    assert id_field.span.line == 7 and id_field.span.column == 3
    assert [a.name for a in id_field.attributes] == ["id", "default"]
    email = model.fields[1]
    assert [a.name for a in email.attributes] == ["unique", "db.VarChar"]
    assert isinstance(email.attributes[1].args[0].value, NumberValue)


def test_value_forms() -> None:
    model = parse_text(TEXT).declarations[0]
    tags_default = model.fields[2].attributes[0].args[0].value
    assert isinstance(tags_default, ArrayValue)
    assert [v.value for v in tags_default.items] == ["a", 'b"c']
    score = model.fields[3].attributes[0].args[0].value
    assert isinstance(score, NumberValue) and score.text == "-1.25"
    index = model.attributes[0]
    fields, kind, name = index.args
    assert isinstance(fields.value, ArrayValue) and isinstance(fields.value.items[0], FunctionValue)
    assert isinstance(kind.value, ConstantValue) and kind.value.name == "Gin"
    assert isinstance(name.value, StringValue) and name.value.value == "x"


def test_resolved_meaning() -> None:
    schema = parse_schema_text(TEXT)
    user = schema.models["User"]
    assert user.db_name == "users"
    email = user.field("email")
    assert email.native.name == "VarChar" and email.native.args == ("255",)
    assert [(i.kind, i.map) for i in user.indexes] == [("unique", "user_email_uq"), ("index", "x")]
    gin = user.indexes[1]
    assert gin.method == "Gin" and [(f.field.name, f.sort, f.ops) for f in gin.fields] == [("email", "Desc", "gin_trgm_ops"), ("tags", None, "array_ops")]
    assert [(v.name, v.db_name) for v in schema.enums["Role"].values] == [("ADMIN", "admin"), ("MEMBER", "MEMBER")]
    assert [(e.name, e.schema) for e in schema.datasource.extensions] == [("pg_trgm", None), ("uuid-ossp", "ext")]
    assert user.field("score").default.value == "-1.25"


def test_named_operator_classes_map_to_postgres_names() -> None:
    text = TEXT.replace('tags(ops: raw("array_ops"))', "tags(ops: ArrayOps)")
    gin = parse_schema_text(text).models["User"].indexes[1]
    assert gin.fields[1].ops == "array_ops"
