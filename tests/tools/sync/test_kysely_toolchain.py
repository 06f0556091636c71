"""The Kysely file against the real toolchain, for every corpus schema, the example project and the
golden cases: prettier accepts it as written, tsc --strict compiles it against the pinned kysely,
and it agrees with what kysely-codegen writes from the database Prisma creates.

The agreement: Prisma's own DDL (the `prisma-diff` oracle) is applied to a fresh PostgreSQL,
kysely-codegen introspects it, and for every table and column the two files must agree on presence,
nullability and `Generated`-ness; the select types must agree too, up to the deliberate differences
listed in DELIBERATE_TYPE_DIFFERENCES. The one deliberate difference in presence is views: Prisma's
migrations never create them, so kysely-codegen cannot see them, while our file types them from the
schema (`view` blocks).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from testkit.oracle import apply_ddl, prisma_ddl
from testkit.paths import EXAMPLE, REPO
from testkit.toolchain import kysely_codegen, prettier_check, tsc_check
from tools.prisma import load_schema
from tools.sync.kysely import generate_kysely
from tools.sync.options import SyncOptions
from tools.sync.stamp import stamped

GOLDEN = REPO / "tests" / "golden" / "kysely"

# Where our select type differs from kysely-codegen's on purpose: (ours, theirs) -> why. Types are
# compared as the value Kysely hands back (Timestamp -> Date, Int8 and Numeric -> string, enums by
# their values), so that our Numeric for money equals kysely-codegen's string.
DELIBERATE_TYPE_DIFFERENCES = {
    ("array-literal-text", "array"): "arrays of enums, citext, bit, varbit and xml: pg has no parser for them and "
                                     "returns the array literal ('{A,B}'); kysely-codegen types them as arrays, "
                                     "which holds only once the application registers a parser (our enum-arrays = \"array\")",
    ("number[]", "string[]"): "numeric[]: pg parses its elements with parseFloat (numbers), unlike numeric (a string); "
                               "kysely-codegen types both as strings",
}


def cases():
    params = list(corpus_params())
    params.append(pytest.param(("example", EXAMPLE / "apps/api/prisma/schema.prisma", {}), id="example"))
    for folder in sorted(p for p in GOLDEN.iterdir() if (p / "schema.prisma").is_file()):
        options = json.loads((folder / "options.json").read_text()) if (folder / "options.json").is_file() else {}
        params.append(pytest.param((f"golden-{folder.name}", folder / "schema.prisma", options), id=f"golden-{folder.name}"))
    return params


def unpack(case):
    if isinstance(case, tuple):
        return case
    return case.id, case.schema, {}


# -- reading a Kysely file ---------------------------------------------------------------------------
def interfaces(text: str) -> list[tuple[str, dict[str, str]]]:
    """`export interface Name { key: Type; ... }` -> [(Name, {key: Type})] in file order (comments removed).

    A list, not a dict: kysely-codegen declares a table named `DB` and its DB interface under the
    same name (TypeScript merges them); the DB interface is the last one.
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = []
    for match in re.finditer(r"^export interface (\w+) \{(.*?)\}$", text, re.S | re.M):
        properties = {}
        for statement in match.group(2).split(";"):
            statement = " ".join(statement.split())
            if statement:
                key, type_ = re.fullmatch(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[^:\s]+)\s*:\s*(.*)', statement).groups()
                properties[json.loads(key) if key.startswith('"') else key.strip("'")] = type_
        found.append((match.group(1), properties))
    return found


def enum_aliases(text: str) -> dict[str, tuple[str, ...]]:
    """`export type Name = "A" | "B";` (or `(typeof Name)[keyof typeof Name]` over a const) -> values."""
    found = {}
    for name, rhs in re.findall(r"^export type (\w+) =\s*(.*?);$", text, re.S | re.M):
        members = [m.strip() for m in rhs.split("|") if m.strip()]
        if members and all(re.fullmatch(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', m) for m in members):
            found[name] = tuple(sorted(js_string(m) for m in members))
    for name, body in re.findall(r"^export const (\w+) =\s*\{(.*?)\} as const;$", text, re.S | re.M):
        found[name] = tuple(sorted(js_string(v) for v in re.findall(r':\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'),', body)))
    return found


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal in double or single quotes."""
    if literal.startswith("'"):
        literal = '"' + re.sub(r'\\\'|"', lambda m: "'" if m.group() != '"' else '\\"', literal[1:-1]) + '"'
    return json.loads(literal)


def top_level_members(type_: str) -> list[str]:
    members, depth, current = [], 0, ""
    for char in type_:
        depth += (char in "<([{") - (char in ">)]}")
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    return [m for m in [*members, current.strip()] if m]


def column_facts(type_: str, enums: dict) -> tuple[bool, bool, str]:
    """(Generated?, nullable?, the select type in comparable words) of one property's type."""
    generated = type_.startswith(("Generated<", "GeneratedAlways<"))
    inner = type_[type_.index("<") + 1:-1] if generated else type_
    members = top_level_members(inner)
    values = [m for m in members if m != "null"]
    return generated, "null" in members, " | ".join(selected(m, enums) for m in values)


def selected(type_: str, enums: dict) -> str:
    if type_ in enums:
        return "enum(" + ",".join(enums[type_]) + ")"
    if match := re.fullmatch(r"UnparsedArray<(.+)>", type_):
        return "array-literal-text"
    if type_ == "NumericArray":
        return "number[]"
    if match := re.fullmatch(r"ArrayType<(.+)>|(.+)\[\]", type_):
        return selected(match.group(1) or match.group(2), enums) + "[]"
    if re.fullmatch(r"JsonList(<.+>)?", type_):
        return "json[]"
    simple = {"Timestamp": "Date", "Int8": "string", "Numeric": "string", "Json": "json"}
    return simple.get(re.sub(r"^Json<.+>$", "Json", type_), type_)


def tables(text: str) -> dict[str, dict[str, tuple[bool, bool, str]]]:
    shapes, enums = interfaces(text), enum_aliases(text)
    (db_name, db), shapes = shapes[-1], shapes[:-1]
    assert db_name == "DB"
    by_name = {}
    for name, properties in shapes:
        by_name.setdefault(name, properties)
    return {key: {column: column_facts(t, enums) for column, t in by_name[type_name].items()}
            for key, type_name in db.items()}


def type_difference(ours: str, theirs: str) -> tuple[str, str] | None:
    if ours == theirs:
        return None
    if ours == "array-literal-text" and theirs.endswith("[]"):
        return ("array-literal-text", "array")
    if ours == "number[]" and theirs == "string[]":
        return ("number[]", "string[]")
    return (ours, theirs)


# -- the tests ---------------------------------------------------------------------------------------
def generated_file(case) -> tuple[str, str]:
    name, schema_path, options = unpack(case)
    return name, generate_kysely(load_schema(schema_path), source="schema.prisma", options=SyncOptions(**options))


def json_types_stub(text: str, namespace: str = "PrismaJson") -> str:
    """What a project declares for its `/// [TypeName]` Json fields (here: each as unknown)."""
    names = sorted(set(re.findall(rf"\b{namespace}\.(\w+)", text)))
    body = "".join(f"    type {n} = unknown;\n" for n in names)
    return f"declare global {{\n  namespace {namespace} {{\n{body}  }}\n}}\n\nexport {{}};\n"


@pytest.mark.node
@pytest.mark.corpus
@pytest.mark.slow
def test_every_file_is_prettier_clean_as_written(tmp_path):
    checked = 0
    for param in cases():
        if param.marks:
            continue  # no corpus here
        name, text = generated_file(param.values[0])
        (tmp_path / f"{re.sub(r'[^A-Za-z0-9]+', '-', name)}.ts").write_text(stamped(text))  # as sync writes it
        checked += 1
    result = prettier_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert checked >= 6


@pytest.mark.node
@pytest.mark.parametrize("case", cases())
def test_compiles_under_tsc_strict_against_pinned_kysely(case):
    name, schema_path, options = unpack(case)
    _, text = generated_file(case)
    files = {"types.ts": text, "json-types.d.ts": json_types_stub(text)}
    folder = Path(schema_path).parent
    for extra in ("json-types.ts", "json-types.d.ts"):  # a golden case's own declarations
        if (folder / extra).is_file() and folder.parent == GOLDEN:
            files[extra] = (folder / extra).read_text()
    if name == "example":  # the project's own declaration of PrismaJson.LessonMetadata
        files["json-types.d.ts"] = (EXAMPLE / "apps/api/src/types/prisma-json.d.ts").read_text()
    result = tsc_check(files)
    assert result.returncode == 0, result.stdout


@pytest.mark.postgres
@pytest.mark.node
@pytest.mark.parametrize("case", cases())
def test_agrees_with_kysely_codegen_on_the_database_prisma_creates(case, fresh_db, pg_server):
    name, schema_path, options = unpack(case)
    schema = load_schema(schema_path)
    ours = tables(generate_kysely(schema, source="schema.prisma", options=SyncOptions(**options)))
    url = fresh_db("kysely_agree")
    apply_ddl(url, prisma_ddl(Path(schema_path), pg_server.url()))
    theirs = tables(kysely_codegen(url))

    default = schema.datasource.default_schema
    views = {(v.db_name if (v.schema or default) == default else f"{v.schema or default}.{v.db_name}") for v in schema.views}
    assert set(ours) - views == set(theirs), "tables differ"
    assert views <= set(ours)
    problems, deliberate = [], set()
    for key, columns in theirs.items():
        assert set(ours[key]) == set(columns), f"columns of {key} differ"
        for column, (generated, nullable, selected_type) in columns.items():
            our_generated, our_nullable, our_type = ours[key][column]
            if (our_generated, our_nullable) != (generated, nullable):
                problems.append(f"{key}.{column}: ours Generated={our_generated} null={our_nullable}, "
                                f"kysely-codegen Generated={generated} null={nullable}")
            difference = type_difference(our_type, selected_type)
            if difference in DELIBERATE_TYPE_DIFFERENCES:
                deliberate.add(difference)
            elif difference:
                problems.append(f"{key}.{column}: ours {our_type}, kysely-codegen {selected_type}")
    assert not problems, "\n".join(problems)
    assert sum(len(c) for c in theirs.values()) > 0
    if name == "golden-scalars":  # the case built to show them: every listed difference is real
        assert deliberate == set(DELIBERATE_TYPE_DIFFERENCES)
