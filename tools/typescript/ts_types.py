"""TypeScript types as small structured values, read from tree-sitter type nodes and resolved
through the file's (and its sibling files') type aliases, interfaces and enums.

`TsType` is enough to compare column types across ORMs: keywords (`string`, `null`), literals
(`"ADMIN"`, `1`), references with type arguments (`ColumnType<Date, string, never>`, `Date`,
`JsonValue`), unions (flattened), arrays, tuples and object types; anything else (conditional,
mapped, intersection types) is kept as `other` with its text. `TypeResolver.resolve` substitutes
generic parameters and, for a reference to an alias declared in the project, records what it
stands for in `target` (so `Timestamp` stays `Timestamp` when printed, yet its `ColumnType<…>` is
known); enum-like forms (`"A" | "B"`, a TypeScript `enum`, `(typeof X)[keyof typeof X]` over an
`as const` object) resolve to their string literals. Recursive aliases (`JsonValue`) stop at the
second visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tools.typescript.modules import Binding, Module, Project
from tools.typescript.parse import property_name, string_value, unwrap

KEYWORDS = frozenset(("string", "number", "boolean", "bigint", "unknown", "any", "never", "object", "void",
                      "symbol", "null", "undefined"))


@dataclass(frozen=True, slots=True)
class TsType:
    """One TypeScript type (see the module docstring)."""

    kind: str  # keyword | literal | ref | union | array | tuple | object | other
    name: str = ""  # keyword or referenced name
    args: tuple["TsType", ...] = ()  # type arguments; union members; array element; tuple elements
    value: Any = None  # a literal's value
    members: tuple[tuple[str, bool, "TsType"], ...] = ()  # object type: (name, optional, type)
    text: str = ""  # source text of an `other` type
    target: "TsType | None" = field(default=None, compare=False)  # what a resolved alias reference stands for

    # -- construction ----------------------------------------------------------------------------
    @staticmethod
    def keyword(name: str) -> "TsType":
        return TsType("keyword", name)

    @staticmethod
    def ref(name: str, *args: "TsType") -> "TsType":
        return TsType("ref", name, tuple(args))

    @staticmethod
    def union(*members: "TsType") -> "TsType":
        """A flattened union without duplicates (and without `never`); one member is that member."""
        flat: list[TsType] = []
        seen: set[TsType] = set()
        for member in members:
            for item in (member.args if member.kind == "union" else (member,)):
                if item not in seen and not (item.kind == "keyword" and item.name == "never"):
                    seen.add(item)
                    flat.append(item)
        if not flat:
            return NEVER
        return flat[0] if len(flat) == 1 else TsType("union", args=tuple(flat))

    # -- reading ---------------------------------------------------------------------------------
    @property
    def members_or_self(self) -> tuple["TsType", ...]:
        return self.args if self.kind == "union" else (self,)

    def includes(self, keyword: str) -> bool:
        return any(m.kind == "keyword" and m.name == keyword for m in self.members_or_self)

    def without(self, *keywords: str) -> "TsType":
        return TsType.union(*(m for m in self.members_or_self if not (m.kind == "keyword" and m.name in keywords)))

    def is_never(self) -> bool:
        return self.kind == "keyword" and self.name == "never"

    def string_literals(self) -> list[str] | None:
        """The values of a union of string literals (through an alias), or None."""
        resolved = self.target if self.kind == "ref" and self.target is not None else self
        values = [m.value for m in resolved.members_or_self if m.kind == "literal" and isinstance(m.value, str)]
        return values if values and len(values) == len(resolved.members_or_self) else None

    def render(self) -> str:
        """The type as TypeScript text (normalised spacing)."""
        if self.kind in ("keyword",):
            return self.name
        if self.kind == "literal":
            return _literal_text(self.value)
        if self.kind == "ref":
            return self.name + (f"<{', '.join(a.render() for a in self.args)}>" if self.args else "")
        if self.kind == "union":
            return " | ".join(a.render() for a in self.args)
        if self.kind == "array":
            inner = self.args[0].render()
            return f"({inner})[]" if self.args[0].kind == "union" else f"{inner}[]"
        if self.kind == "tuple":
            return "[" + ", ".join(a.render() for a in self.args) + "]"
        if self.kind == "object":
            body = "; ".join(f"{n}{'?' if o else ''}: {t.render()}" for n, o, t in self.members)
            return "{ " + body + " }" if body else "{}"
        return self.text

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "text": self.render()}
        if self.kind in ("keyword", "ref"):
            out["name"] = self.name
        if self.kind == "literal":
            out["value"] = self.value
        if self.args:
            out["args"] = [a.to_dict() for a in self.args]
        if self.members:
            out["members"] = [{"name": n, "optional": o, "type": t.to_dict()} for n, o, t in self.members]
        if self.target is not None:
            out["resolved"] = self.target.render()
        return out


NEVER = TsType("keyword", "never")
UNDEFINED = TsType("keyword", "undefined")
NULL = TsType("keyword", "null")


def _literal_text(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- reading type nodes ------------------------------------------------------------------------------

_READ_CACHE_LIMIT = 20000


def read_type(module: Module, node) -> TsType:
    """The TsType a tree-sitter type node writes (nothing resolved yet). Within a module the same
    text is the same type, and large files repeat a few types thousands of times: read once."""
    cache = module.type_cache
    key = module.source.data[node.start_byte:node.end_byte]
    found = cache.get(key)
    if found is None:
        found = _read_type(module, node)
        if len(cache) < _READ_CACHE_LIMIT:
            cache[key] = found
    return found


def _read_type(module: Module, node) -> TsType:
    source = module.source
    kind = node.type
    if kind == "type_annotation":
        return read_type(module, node.named_children[-1])
    if kind in ("predefined_type",):
        return TsType.keyword(source.text_of(node))
    if kind == "literal_type":
        return _literal_type(module, node.named_children[0])
    if kind in ("type_identifier", "nested_type_identifier", "identifier"):
        text = source.text_of(node)
        return TsType.keyword(text) if text in ("undefined", "null") else TsType.ref(text)
    if kind == "generic_type":
        name = source.text_of(node.child_by_field_name("name"))
        arguments = node.child_by_field_name("type_arguments")
        return TsType.ref(name, *(read_type(module, a) for a in (arguments.named_children if arguments else ())
                                  if a.type != "comment"))
    if kind == "union_type":
        return TsType.union(*(read_type(module, c) for c in node.named_children if c.type != "comment"))
    if kind == "array_type":
        return TsType("array", args=(read_type(module, node.named_children[0]),))
    if kind in ("parenthesized_type", "readonly_type"):
        return read_type(module, node.named_children[-1])
    if kind == "tuple_type":
        return TsType("tuple", args=tuple(read_type(module, c) for c in node.named_children if c.type != "comment"))
    if kind == "object_type":
        return TsType("object", members=tuple(object_members(module, node)))
    return TsType("other", text=" ".join(source.text_of(node).split()))


def _literal_type(module: Module, node) -> TsType:
    source = module.source
    if node.type in ("null", "undefined"):
        return TsType.keyword(node.type)
    if node.type == "string":
        return TsType("literal", value=string_value(source, node))
    if node.type in ("true", "false"):
        return TsType("literal", value=node.type == "true")
    if node.type == "number":
        text = source.text_of(node)
        return TsType("literal", value=float(text) if "." in text else int(text, 0))
    if node.type == "unary_expression":  # -1
        text = source.text_of(node).replace(" ", "")
        return TsType("literal", value=float(text) if "." in text else int(text))
    return TsType("other", text=source.text_of(node))


def object_members(module: Module, body) -> list[tuple[str, bool, TsType]]:
    """The property signatures of an interface body or object type: (name, optional, type)."""
    return [m for m in (property_member(module, n) for n in body.named_children) if m is not None]


def property_member(module: Module, member) -> tuple[str, bool, TsType] | None:
    """(name, optional, type) of one property signature (None for methods, index signatures, …)."""
    if member.type != "property_signature":
        return None
    name = property_name(module.source, member.child_by_field_name("name"))
    if name is None:
        return None
    annotation = member.child_by_field_name("type")
    optional = any(child.type == "?" for child in member.children)
    return name, optional, read_type(module, annotation) if annotation is not None else TsType.keyword("any")


# -- resolving ---------------------------------------------------------------------------------------

# Kysely's own wrappers: known by name, never expanded (their declarations are conditional types).
KYSELY_WRAPPERS = frozenset(("ColumnType", "Generated", "GeneratedAlways", "JSONColumnType", "ArrayType",
                             "ArrayTypeImpl"))
MAX_RESOLVE_DEPTH = 40


class TypeResolver:
    """Resolves references in TsTypes against the declarations of a project's files."""

    def __init__(self, project: Project):
        self.project = project
        self._resolved: dict[tuple[str, TsType], TsType] = {}

    def resolve(self, t: TsType, module: Module, env: dict[str, TsType] | None = None, _stack: tuple = ()) -> TsType:
        if not env and not _stack:  # a column's type as written: the same type resolves the same way
            key = (module.path, t)
            found = self._resolved.get(key)
            if found is None:
                found = self._resolve(t, module, {}, ())
                self._resolved[key] = found
            return found
        return self._resolve(t, module, env or {}, _stack)

    def _resolve(self, t: TsType, module: Module, env: dict[str, TsType], _stack: tuple) -> TsType:
        if len(_stack) > MAX_RESOLVE_DEPTH:
            return t
        if t.kind == "ref":
            return self._resolve_ref(t, module, env, _stack)
        if t.kind in ("union", "array", "tuple"):
            args = tuple(self.resolve(a, module, env, _stack) for a in t.args)
            return TsType.union(*args) if t.kind == "union" else replace(t, args=args)
        if t.kind == "object":
            return replace(t, members=tuple((n, o, self.resolve(m, module, env, _stack)) for n, o, m in t.members))
        if t.kind == "other":
            return self._enum_lookup(t, module) or t
        return t

    def _resolve_ref(self, t: TsType, module: Module, env: dict, stack: tuple) -> TsType:
        if t.name in env and not t.args:
            return env[t.name]
        args = tuple(self.resolve(a, module, env, stack) for a in t.args)
        resolved = replace(t, args=args)
        if t.name in KYSELY_WRAPPERS:
            return resolved
        binding = self.project.lookup(module, t.name, types=True)
        if binding is None or (binding.module.path, t.name) in stack:
            return resolved
        target = self._declaration(binding, args, stack + ((binding.module.path, t.name),))
        return replace(resolved, target=target) if target is not None else resolved

    def _declaration(self, binding: Binding, args: tuple, stack: tuple) -> TsType | None:
        """What a declared alias, interface or enum stands for with these type arguments."""
        module = binding.module
        node = binding.node
        if binding.kind == "type":
            env = self._parameters(module, node, args, stack)
            return self.resolve(read_type(module, node.child_by_field_name("value")), module, env, stack)
        if binding.kind == "interface":
            body = node.child_by_field_name("body")
            return TsType("object", members=tuple(object_members(module, body))) if body is not None else None
        if binding.kind == "enum":
            return _enum_members(module, node)
        return None

    def _parameters(self, module: Module, node, args: tuple, stack: tuple) -> dict[str, TsType]:
        """Type parameters bound to the arguments given, or to their defaults (`Json<T = JsonValue>`)."""
        env: dict[str, TsType] = {}
        parameters = node.child_by_field_name("type_parameters")
        for index, parameter in enumerate(parameters.named_children if parameters is not None else []):
            if parameter.type != "type_parameter":
                continue
            name = module.source.text_of(parameter.child_by_field_name("name"))
            default = parameter.child_by_field_name("value")
            if index < len(args):
                env[name] = args[index]
            elif default is not None:
                env[name] = self.resolve(read_type(module, default.named_children[-1] if default.type == "default_type" else default), module, env, stack)
            else:
                env[name] = TsType.keyword("unknown")
        return env

    def _enum_lookup(self, t: TsType, module: Module) -> TsType | None:
        """`(typeof Status)[keyof typeof Status]` over `const Status = { … } as const`: its values."""
        text = t.text.replace(" ", "")
        if not (text.startswith("(typeof") and "[keyoftypeof" in text):
            return None
        name = text[len("(typeof"):text.index(")")]
        binding = self.project.lookup(module, name)
        if binding is None or binding.node is None:
            return None
        if binding.kind == "enum":
            return _enum_members(binding.module, binding.node)
        value = unwrap(binding.node)
        if value is None or value.type != "object":
            return None
        literals = [string_value(binding.module.source, pair.child_by_field_name("value"))
                    for pair in value.named_children if pair.type == "pair"]
        if not literals or any(v is None for v in literals):
            return None
        return TsType.union(*(TsType("literal", value=v) for v in literals))


def _enum_members(module: Module, node) -> TsType | None:
    """A TypeScript `enum` of strings as the union of its values."""
    body = node.child_by_field_name("body")
    values = []
    for member in body.named_children if body is not None else []:
        if member.type == "enum_assignment":
            value = string_value(module.source, member.child_by_field_name("value"))
            if value is None:
                return None
            values.append(TsType("literal", value=value))
        elif member.type == "property_identifier":
            return None  # a numeric enum: not a column type here
    return TsType.union(*values) if values else None
