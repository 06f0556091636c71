"""Read a project's Drizzle schema: `read_drizzle(path_or_text) -> DrizzleFile`.

The file is parsed with tree-sitter and its declarations are evaluated statically
(drizzle_eval.py / drizzle_calls.py): every `pgTable(...)`, `pgSchema("x").table(...)`, table built
through the project's own `pgTableCreator` or wrapper function, `pgEnum`, `customType`, view,
`relations(...)` and `defineRelations(...)`, exported or not, with column helpers and spreads
followed into sibling files (relative imports). Nothing is run. Whatever cannot be known from
the text is reported in `DrizzleFile.problems` with its location, never dropped silently.

A schema may be one file, an `index.ts` that re-exports others (`export * from "./users"`), or a
folder (as drizzle-kit's `schema: "./src/db/schema"`); tables are "exported" when drizzle-kit would
see them: exported from the entry (or, for a folder, from any of its files).

`drizzle_to_catalog` (re-exported here) turns the result into the database drizzle-kit would create.
"""

from __future__ import annotations

from pathlib import Path

from tools.errors import InputNotFound, UsageError
from tools.typescript.drizzle_catalog import drizzle_client_side, drizzle_to_catalog
from tools.typescript.drizzle_eval import DrizzleEvaluator, EnumValue, TableValue, ViewValue
from tools.typescript.drizzle_model import DrizzleFile
from tools.typescript.modules import Module, Project
from tools.typescript.parse import TRANSPARENT
from tools.typescript.static_eval import Ctx

__all__ = ["read_drizzle", "drizzle_to_catalog", "drizzle_client_side", "CASINGS"]

CASINGS = (None, "snake_case", "camelCase")
_SCHEMA_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
# Nodes whose calls run later or elsewhere: a call inside them is not a declaration of the file.
_NOT_TOP_LEVEL = frozenset(("arrow_function", "function_expression", "function_declaration", "function",
                            "generator_function_declaration", "method_definition", "class_declaration", "class",
                            "arguments", "template_string", "type_alias_declaration", "interface_declaration",
                            "import_statement"))


def read_drizzle(source: str | Path | list, *, path: str | None = None, casing: str | None = None) -> DrizzleFile:
    """Read a Drizzle schema from a file, a folder of files, a list of those (drizzle-kit's `schema`
    array, see `DrizzleConfig.schema_paths()`), or TypeScript text.

    `source` is TypeScript text when `path` is given (`path` names the text; its relative imports
    resolve beside it) or when it contains a newline; otherwise it is a path. `casing` is drizzle's
    `casing` setting (None, "snake_case", "camelCase"): how columns declared without a name are named.
    """
    if casing not in CASINGS:
        raise UsageError(f"unknown drizzle casing {casing!r}", help="use snake_case or camelCase (or leave it out)")
    project = Project()
    entries, label, folder = _entries(project, source, path)
    evaluator = DrizzleEvaluator(project, casing)
    direct: list[TableValue] = []
    for module in entries:
        direct += _scan(evaluator, module)
    evaluator.finish()
    _mark_exported(evaluator, project, entries if folder else entries[:1])
    return _assemble(evaluator, project, entries, direct, label, casing)


def _entries(project: Project, source: str | Path | list, path: str | None) -> tuple[list[Module], str, bool]:
    """The modules that make up the schema, its label, and whether each file counts on its own
    (a folder or a list: drizzle-kit reads the exports of every file)."""
    if isinstance(source, (list, tuple)):
        modules: list[Module] = []
        for item in source:
            for module in _entries(project, Path(item), None)[0]:
                if module not in modules:
                    modules.append(module)
        if not modules:
            raise InputNotFound("no Drizzle schema files were given")
        return modules, ", ".join(str(s) for s in source), True
    if path is not None or (isinstance(source, str) and "\n" in source):
        name = path or "<text>"
        module = project.add_text(str(source), name)
        return _with_reexported(project, module), name, False
    location = Path(source)
    if location.is_dir():
        files = sorted(p for p in location.rglob("*") if p.suffix in _SCHEMA_SUFFIXES and p.is_file()
                       and "node_modules" not in p.parts)
        if not files:
            raise InputNotFound(f"{location}: no TypeScript files in this folder")
        return [project.load(f) for f in files], str(location), True
    if not location.is_file():
        raise InputNotFound(f"{location}: no such file", help="check the path to the Drizzle schema")
    module = project.load(location)
    return _with_reexported(project, module), str(location), False


def _with_reexported(project: Project, module: Module) -> list[Module]:
    """The entry and the files it re-exports (`export * from`, `export { x } from`), transitively."""
    out = [module]
    seen = {module.path}
    index = 0
    while index < len(out):
        current = out[index]
        index += 1
        for specifier in [*current.star_exports, *(s for s, _ in current.reexports.values())]:
            target = project.module_for(current, specifier)
            if target is not None and target.path not in seen:
                seen.add(target.path)
                out.append(target)
    return out


def _scan(evaluator: DrizzleEvaluator, module: Module) -> list[TableValue]:
    """Evaluate every top-level call of the module; returns the tables those calls produced directly."""
    produced = []
    for call in _top_level_calls(module.source.root):
        binding = _declared_by(module, call)
        ctx = Ctx(module)
        value = evaluator.constant(binding) if binding is not None else evaluator.evaluate(call, ctx)
        if isinstance(value, TableValue):
            produced.append(value)
    return produced


def _top_level_calls(root):
    """The outermost calls not inside a function body or another call's arguments."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            yield node
            continue
        if node.type in _NOT_TOP_LEVEL:
            continue
        stack.extend(reversed(node.named_children))


def _declared_by(module: Module, call):
    """The `const` binding whose initializer is this call (through parentheses and casts)."""
    node = call
    while node.parent is not None and node.parent.type in TRANSPARENT:
        node = node.parent
    parent = node.parent
    if parent is None or parent.type != "variable_declarator" or parent.child_by_field_name("value") != node:
        return None
    name = module.source.text_of(parent.child_by_field_name("name"))
    binding = module.values.get(name)
    return binding if binding is not None and binding.declaration == parent else None


def _mark_exported(evaluator: DrizzleEvaluator, project: Project, modules: list[Module]) -> None:
    """Tables and enums drizzle-kit would see: the values the entry (or each file of a folder) exports."""
    for module in modules:
        for binding in project.export_map(module).values():
            if binding.kind not in ("const", "let", "var"):
                continue
            value = evaluator.constant(binding)
            if isinstance(value, TableValue):
                value.table.exported = True
            elif isinstance(value, EnumValue):
                value.enum.exported = True
            elif isinstance(value, ViewValue):
                value.view.exported = True


def _assemble(evaluator: DrizzleEvaluator, project: Project, entries: list[Module], direct: list[TableValue],
              label: str, casing: str | None) -> DrizzleFile:
    files = {m.path for m in entries}
    direct_ids = {id(t.table) for t in direct}

    def ours(span) -> bool:
        return span is not None and span.file in files

    tables, seen = [], set()
    for value in evaluator.tables:
        table = value.table
        if id(table) not in seen and (id(table) in direct_ids or ours(table.span)):
            seen.add(id(table))
            tables.append(table)
    problems = [p for m in project.modules.values() for p in m.source.problems] + evaluator.problems
    problems.sort(key=lambda p: (p.span.file, p.span.line, p.span.column))
    return DrizzleFile(
        path=label, files=[m.path for m in project.modules.values()], casing=casing, tables=tables,
        enums=[e for e in evaluator.enums if ours(e.span) or e.exported],
        custom_types=[c for c in evaluator.custom_types if ours(c.span)],
        relations=[r for r in evaluator.relations if ours(r.span)],
        views=[v for v in evaluator.views if ours(v.span)],
        problems=problems,
    )
