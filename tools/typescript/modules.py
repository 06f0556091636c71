"""What each name in a TypeScript module refers to, across the project's own files.

A schema file rarely stands alone: column helpers live in `./columns.ts`, enums in `./enums.ts`,
tables import each other for foreign keys, and an `index.ts` re-exports the lot. `Project` parses
each file once and answers "what is `timestamps` in `users.ts`?" by following `import` and
`export … from` through relative paths (`./x`, `./x.js` meaning `./x.ts`, `./x/index.ts`), as
TypeScript's bundler resolution does. A name imported from a package (`drizzle-orm/pg-core`,
`kysely`) resolves to an `import` binding that says so; the readers decide what it means.

TypeScript keeps values and types in two namespaces (`const Status = {…}` and `type Status = …`
may share a name), and so does a `Module`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.typescript.parse import SourceFile, parse_typescript, read_source, string_value

_DECLARATIONS = ("lexical_declaration", "variable_declaration")
_TYPE_DECLARATIONS = {"type_alias_declaration": "type", "interface_declaration": "interface"}
_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".d.ts")


@dataclass(slots=True)
class Binding:
    """One name declared or imported by a module."""

    name: str
    kind: str  # const | let | var | function | class | enum | type | interface | import | namespace-import
    node: object  # the value (initializer, function, type, enum body) or the import specifier
    declaration: object  # the whole declaration, for its location
    module: "Module"
    exported: bool = False  # declared with `export` (`export { x }` clauses are in Module.exports)
    source: str | None = None  # for imports: the module specifier
    imported: str | None = None  # for imports: the exported name ("default", "*")


@dataclass
class Module:
    """A parsed file and its bindings."""

    source: SourceFile
    values: dict[str, Binding] = field(default_factory=dict)
    types: dict[str, Binding] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # exported name -> local name
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (specifier, name there)
    star_exports: list[str] = field(default_factory=list)  # `export * from "…"` specifiers
    default_export: object | None = None
    type_cache: dict = field(default_factory=dict, repr=False)  # type text -> TsType (ts_types.read_type)

    @property
    def path(self) -> str:
        return self.source.path

    def exported(self, binding: Binding) -> bool:
        return binding.exported or binding.name in self.exports.values()


def build_module(source: SourceFile) -> Module:
    """Collect the top-level bindings and exports of a parsed file."""
    module = Module(source)
    for statement in source.root.named_children:
        if statement.type == "export_statement":
            _collect_export(module, statement)
        elif statement.type == "import_statement":
            _collect_import(module, statement)
        else:
            _collect_declaration(module, statement, statement, exported=False)
    return module


def _collect_declaration(module: Module, node, declaration, exported: bool) -> None:
    text = module.source.text_of
    if node.type in _DECLARATIONS:
        kind = text(node.children[0]) if node.children else "const"
        for declarator in node.named_children:
            if declarator.type != "variable_declarator":
                continue
            name = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if name is not None and name.type == "identifier":
                module.values[text(name)] = Binding(text(name), kind, value, declarator, module, exported)
    elif node.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
        name = node.child_by_field_name("name")
        if name is not None:
            kind = "class" if node.type == "class_declaration" else "function"
            module.values[text(name)] = Binding(text(name), kind, node, declaration, module, exported)
    elif node.type in _TYPE_DECLARATIONS:
        name = node.child_by_field_name("name")
        if name is not None:
            module.types[text(name)] = Binding(text(name), _TYPE_DECLARATIONS[node.type], node, declaration, module, exported)
    elif node.type == "enum_declaration":
        name = node.child_by_field_name("name")
        if name is not None:
            binding = Binding(text(name), "enum", node, declaration, module, exported)
            module.values[binding.name] = module.types[binding.name] = binding
    elif node.type == "ambient_declaration":  # `declare const x: …` / `declare module` in .d.ts files
        for child in node.named_children:
            _collect_declaration(module, child, declaration, exported)


def _collect_export(module: Module, statement) -> None:
    text = module.source.text_of
    declaration = statement.child_by_field_name("declaration")
    source_node = statement.child_by_field_name("source")
    specifier = string_value(module.source, source_node) if source_node is not None else None
    if declaration is not None:
        _collect_declaration(module, declaration, statement, exported=True)
        return
    clause = next((c for c in statement.named_children if c.type == "export_clause"), None)
    if clause is not None:
        for item in clause.named_children:
            if item.type != "export_specifier":
                continue
            local = text(item.child_by_field_name("name"))
            alias = item.child_by_field_name("alias")
            public = text(alias) if alias is not None else local
            if specifier is not None:
                module.reexports[public] = (specifier, local)
            else:
                module.exports[public] = local
        return
    if specifier is not None:  # `export * from "./x"` (or `export * as ns from`, read as a star export)
        module.star_exports.append(specifier)
        return
    value = statement.child_by_field_name("value")
    if value is None:
        value = next((c for c in statement.named_children if c.type not in ("comment", "decorator")), None)
    module.default_export = value


def _collect_import(module: Module, statement) -> None:
    text = module.source.text_of
    source_node = statement.child_by_field_name("source")
    specifier = string_value(module.source, source_node) if source_node is not None else None
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    if specifier is None or clause is None:
        return
    for part in clause.named_children:
        if part.type == "identifier":  # default import
            _add_import(module, text(part), "import", part, statement, specifier, "default")
        elif part.type == "namespace_import":
            name = next(c for c in part.named_children if c.type == "identifier")
            _add_import(module, text(name), "namespace-import", name, statement, specifier, "*")
        elif part.type == "named_imports":
            for item in part.named_children:
                if item.type != "import_specifier":
                    continue
                original = text(item.child_by_field_name("name"))
                alias = item.child_by_field_name("alias")
                local = text(alias) if alias is not None else original
                _add_import(module, local, "import", item, statement, specifier, original)


def _add_import(module: Module, local: str, kind: str, node, statement, specifier: str, imported: str) -> None:
    binding = Binding(local, kind, node, statement, module, False, specifier, imported)
    module.values[local] = binding
    module.types[local] = binding


class Project:
    """The files of one project, parsed once each, and name resolution across them."""

    def __init__(self) -> None:
        self.modules: dict[str, Module] = {}

    def load(self, path: str | Path) -> Module:
        key = str(Path(path).resolve())
        if key not in self.modules:
            self.modules[key] = build_module(read_source(key))
        return self.modules[key]

    def add_text(self, text: str, path: str) -> Module:
        """A module from text (a file that need not exist; its relative imports resolve beside `path`)."""
        module = build_module(parse_typescript(text, path))
        self.modules[str(Path(path).resolve()) if path != "<text>" else path] = module
        return module

    def resolve_specifier(self, importer: Module, specifier: str) -> Path | None:
        """The file a relative import names, or None for a package or a file that is not there."""
        if not specifier.startswith("."):
            return None
        if importer.path.startswith("<"):
            return None
        base = (Path(importer.path).parent / specifier).resolve()
        stem = base.with_suffix("") if base.suffix in (".js", ".mjs", ".cjs", ".jsx") else base
        candidates = [base] if base.suffix in _EXTENSIONS and base.is_file() else []
        candidates += [Path(str(stem) + ext) for ext in _EXTENSIONS]
        candidates += [stem / f"index{ext}" for ext in _EXTENSIONS]
        return next((c for c in candidates if c.is_file()), None)

    def module_for(self, importer: Module, specifier: str) -> Module | None:
        path = self.resolve_specifier(importer, specifier)
        return self.load(path) if path is not None else None

    def lookup(self, module: Module, name: str, *, types: bool = False, _seen: set | None = None) -> Binding | None:
        """What `name` means in `module`, following relative imports to the declaring file.

        Returns the declaring binding, or the import binding itself when the import leaves the
        project (a package) or names a file that is not there; None when the name is unknown.
        """
        binding = (module.types if types else module.values).get(name)
        if binding is None or binding.kind not in ("import",) or binding.imported in ("*",):
            return binding
        target = self.module_for(module, binding.source or "")
        if target is None:
            return binding
        found = self.exported_binding(target, binding.imported or name, types=types, _seen=_seen)
        return found or binding

    def exported_binding(self, module: Module, name: str, *, types: bool = False, _seen: set | None = None) -> Binding | None:
        """The binding `module` exports as `name` (through re-exports and `export *`)."""
        seen = _seen if _seen is not None else set()
        if (module.path, name, types) in seen:
            return None
        seen.add((module.path, name, types))
        local = module.exports.get(name, name)
        binding = (module.types if types else module.values).get(local)
        if binding is not None and (binding.exported or name in module.exports):
            return self.lookup(module, local, types=types, _seen=seen) if binding.kind == "import" else binding
        if name in module.reexports:
            specifier, there = module.reexports[name]
            target = self.module_for(module, specifier)
            return self.exported_binding(target, there, types=types, _seen=seen) if target else None
        for specifier in module.star_exports:
            target = self.module_for(module, specifier)
            found = self.exported_binding(target, name, types=types, _seen=seen) if target else None
            if found is not None:
                return found
        return None

    def export_map(self, module: Module, _seen: set | None = None) -> dict[str, Binding]:
        """Every value `module` exports, by exported name, as `import * as schema` would see it
        (own exports, `export { a } from`, `export * from`, transitively) -- what drizzle-kit reads."""
        seen = _seen if _seen is not None else set()
        if module.path in seen:
            return {}
        seen.add(module.path)
        out: dict[str, Binding] = {}
        for specifier in module.star_exports:  # `export *` never re-exports a default
            target = self.module_for(module, specifier)
            if target is not None:
                out.update({k: v for k, v in self.export_map(target, seen).items() if k != "default"})
        for public in module.reexports:
            found = self.exported_binding(module, public)
            if found is not None:
                out[public] = found
        for binding in module.values.values():
            if binding.kind not in ("import", "namespace-import") and module.exported(binding):
                for public in _public_names(module, binding.name):
                    out[public] = binding
        for public, local in module.exports.items():
            binding = module.values.get(local)
            if binding is not None and binding.kind == "import":
                found = self.lookup(module, local)
                if found is not None:
                    out[public] = found
        return out


def _public_names(module: Module, local: str) -> list[str]:
    names = [public for public, name in module.exports.items() if name == local]
    if module.values[local].exported:
        names.append(local)
    return names
