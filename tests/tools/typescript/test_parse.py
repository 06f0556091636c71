"""tree-sitter parsing: located syntax problems, statement-level recovery, character columns,
string values, and the module resolution the readers share (imports, re-exports, `./x.js`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.errors import ExitCode, InputNotFound
from tools.typescript.modules import Project
from tools.typescript.parse import parse_typescript, read_source, string_value, unwrap, walk


def _first(source, node_type):
    return next(walk(source.root, {node_type}))


def test_valid_source_has_no_problems_and_locates_nodes():
    source = parse_typescript('import { a } from "b";\n\nexport const x = call(1, "two");\n', "f.ts")
    assert source.problems == []
    call = _first(source, "call_expression")
    span = source.span(call)
    assert (span.file, span.line, span.column, span.end_line, span.end_column) == ("f.ts", 3, 18, 3, 32)  # end exclusive


def test_columns_count_characters_not_bytes():
    # "Tiếng Việt" has multi-byte characters before the call on the same line
    source = parse_typescript('const note = "Tiếng Việt"; const y = f();\n', "vi.ts")
    call = _first(source, "call_expression")
    assert source.position(call) == (1, 38)
    assert source.text[37:40] == "f()"


def test_a_syntax_error_is_located_and_the_other_statements_are_read():
    text = (
        'export const a = 1;\n'
        'export const broken = f({ x: [1, 2 });\n'
        'export const c = "after";\n'
    )
    source = parse_typescript(text, "e.ts")
    assert [p.kind for p in source.problems] == ["syntax-error"]
    problem = source.problems[0]
    assert (problem.span.file, problem.span.line, problem.span.end_line) == ("e.ts", 2, 2)
    assert "broken" in problem.snippet and "syntax error at 2:" in problem.message
    names = [source.text_of(d.child_by_field_name("name")) for d in walk(source.root, {"variable_declarator"})]
    assert names == ["a", "c"]  # the broken statement is skipped, the one after it is intact
    assert source.text == text  # offsets and text unchanged


def test_an_error_that_swallows_later_statements_gives_them_back():
    # an unterminated string (as drizzle-kit pull writes for some defaults) would otherwise eat
    # every declaration that follows it
    text = "export const t1 = f({ d: ['a]) });\n" + "".join(f"export const n{i} = {i};\n" for i in range(5))
    source = parse_typescript(text, "pull.ts")
    names = [source.text_of(d.child_by_field_name("name")) for d in walk(source.root, {"variable_declarator"})]
    assert names == [f"n{i}" for i in range(5)]
    assert [p.span.line for p in source.problems] == [1]


def test_tsx_files_parse_with_the_tsx_grammar():
    text = "export const View = () => <div className=\"a\">{1}</div>;\n"
    assert parse_typescript(text, "view.tsx").problems == []
    assert parse_typescript(text, "view.ts").problems  # not TypeScript without JSX


def test_string_values_decode_escapes_and_refuse_substitutions():
    source = parse_typescript('const a = "x\\ny\\u0041"; const b = `t${1}`; const c = `plain`; const d = ("p" as const);')
    values = [d.child_by_field_name("value") for d in walk(source.root, {"variable_declarator"})]
    assert string_value(source, values[0]) == "x\nyA"
    assert string_value(source, values[1]) is None
    assert string_value(source, values[2]) == "plain"
    assert unwrap(values[3]).type == "string" and string_value(source, values[3]) == "p"


def test_a_missing_file_is_a_no_input_error(tmp_path):
    with pytest.raises(InputNotFound) as error:
        read_source(tmp_path / "nope.ts")
    assert error.value.exit_code == ExitCode.NO_INPUT
    assert "nope.ts" in error.value.render()


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_lookup_follows_relative_imports_reexports_and_js_extensions(tmp_path):
    _write(tmp_path, {
        "schema/index.ts": 'export * from "./users";\nexport { posts as articles } from "./posts.js";\n',
        "schema/users.ts": 'import { base } from "../shared/base";\nexport const users = base;\nconst hidden = 1;\n',
        "schema/posts.ts": "export const posts = 2;\n",
        "shared/base/index.ts": "export const base = 3;\nexport type Id = string;\n",
        "main.ts": 'import { users, articles } from "./schema";\nimport type { Id } from "./shared/base";\n'
                   'import { x } from "some-package";\n',
    })
    project = Project()
    main = project.load(tmp_path / "main.ts")
    users = project.lookup(main, "users")
    assert users.kind == "const" and Path(users.module.path).name == "users.ts"
    assert project.lookup(main, "articles").name == "posts"
    assert project.lookup(main, "Id", types=True).kind == "type"
    package = project.lookup(main, "x")
    assert package.kind == "import" and package.source == "some-package"
    exports = project.export_map(project.load(tmp_path / "schema/index.ts"))
    assert set(exports) == {"users", "articles"}  # `hidden` is not exported


def test_import_cycles_do_not_loop(tmp_path):
    _write(tmp_path, {"a.ts": 'export * from "./b";\nexport const a = 1;\n',
                      "b.ts": 'export * from "./a";\nexport const b = 2;\n'})
    project = Project()
    a = project.load(tmp_path / "a.ts")
    assert set(project.export_map(a)) == {"a", "b"}
    assert project.exported_binding(a, "missing") is None
