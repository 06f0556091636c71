"""A small static evaluator for the JavaScript that schema files are written in.

Schema files are mostly data: string and number literals, object and array literals, constants,
small helper functions (`const id = () => text("id").primaryKey()`), spreads of shared column sets,
and imports of those from sibling files. `StaticEvaluator.evaluate(node, ctx)` computes such an
expression's value without running anything: literals become Python values, functions become
`Closure`s that are applied by substituting their parameters, names are followed through the
project's files (`Project.lookup`). Whatever depends on run time (a call to an unknown function, an
environment variable, `new Date()`) becomes `Unknown`, carrying where and why, so the reader can
report it rather than guess.

Subclasses give meaning to library values: `package_value` says what an import from a package is,
`call_value` and `member_value` what calling or reading a property of such a value gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.typescript.modules import Binding, Module, Project
from tools.typescript.parse import (call_arguments, is_function, parameter_patterns, property_name,
                                    returned_expression, string_piece, string_value, unwrap)

MAX_DEPTH = 60  # helper calls nested deeper than this are taken to be recursive


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where an expression is evaluated: its module and the function parameters in scope."""

    module: Module
    env: dict[str, Any] = field(default_factory=dict)

    def with_env(self, names: dict[str, Any]) -> "Ctx":
        return Ctx(self.module, {**self.env, **names})


@dataclass(slots=True)
class Unknown:
    """A value that cannot be known statically, with the node that produced it and the reason."""

    node: Any
    module: Module
    reason: str

    def describe(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class JsNumber:
    """A number literal, kept as written (`1.50`, `0x10` → 16) with its value."""

    text: str
    value: int | float

    def to_json(self) -> int | float:
        return self.value

    def js_string(self) -> str:
        """JavaScript's `String(n)` (what drizzle-kit prints into SQL)."""
        value = self.value
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)


@dataclass(frozen=True, slots=True)
class JsDate:
    """`new Date("…")` with a literal argument (kept as the ISO text given)."""

    text: str

    def to_json(self) -> str:
        return self.text


@dataclass(slots=True)
class Closure:
    """A function defined in the project, with the scope it was defined in."""

    node: Any
    ctx: Ctx


class _InProgress:
    """Marks a constant whose value is being computed (a cycle reads as Unknown)."""


_IN_PROGRESS = _InProgress()


class StaticEvaluator:
    """Evaluates expressions to Python values; see the module docstring."""

    def __init__(self, project: Project):
        self.project = project
        self._constants: dict[tuple[str, int], Any] = {}
        self._depth = 0
        self._handlers = {name[len("_eval_"):]: getattr(self, name) for name in dir(self) if name.startswith("_eval_")}

    # -- extension points ------------------------------------------------------------------------
    def package_value(self, binding: Binding, node, ctx: Ctx) -> Any:
        """The value of a name imported from a package (not a file of the project)."""
        return Unknown(node, ctx.module, f"`{binding.name}` is imported from `{binding.source}`")

    def call_value(self, callee: Any, call, ctx: Ctx) -> Any:
        """The result of calling a value that is not a project function (None: not handled)."""
        return None

    def member_value(self, obj: Any, name: str, node, ctx: Ctx) -> Any:
        """`obj.name` for a value that is not a plain object (None: not handled)."""
        return None

    # -- evaluation ------------------------------------------------------------------------------
    def evaluate(self, node, ctx: Ctx) -> Any:
        node = unwrap(node)
        if node is None:
            return Unknown(node, ctx.module, "nothing to evaluate")
        handler = self._handlers.get(node.type)
        if handler is None:
            return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is not a constant")
        return handler(node, ctx)

    def _eval_string(self, node, ctx: Ctx) -> Any:
        return string_value(ctx.module.source, node)

    def _eval_template_string(self, node, ctx: Ctx) -> Any:
        pieces = []
        for child in node.named_children:
            if child.type == "template_substitution":
                value = self.evaluate(child.named_children[0], ctx) if child.named_children else None
                if isinstance(value, JsNumber):
                    value = value.js_string()
                if not isinstance(value, str):
                    return value if isinstance(value, Unknown) else Unknown(child, ctx.module, "template part is not a constant")
                pieces.append(value)
            else:
                pieces.append(string_piece(ctx.module.source, child))
        return "".join(pieces)

    def _eval_number(self, node, ctx: Ctx) -> Any:
        text = ctx.module.source.text_of(node)
        return JsNumber(text, _number(text))

    def _eval_true(self, node, ctx: Ctx) -> Any:
        return True

    def _eval_false(self, node, ctx: Ctx) -> Any:
        return False

    def _eval_null(self, node, ctx: Ctx) -> Any:
        return None

    def _eval_undefined(self, node, ctx: Ctx) -> Any:
        return None

    def _eval_unary_expression(self, node, ctx: Ctx) -> Any:
        operator = ctx.module.source.text_of(node.child_by_field_name("operator"))
        value = self.evaluate(node.child_by_field_name("argument"), ctx)
        if operator == "-" and isinstance(value, JsNumber):
            return JsNumber("-" + value.text, -value.value)
        if operator == "!" and isinstance(value, bool):
            return not value
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)}` is not a constant")

    def _eval_binary_expression(self, node, ctx: Ctx) -> Any:
        operator = ctx.module.source.text_of(node.child_by_field_name("operator"))
        left = self.evaluate(node.child_by_field_name("left"), ctx)
        right = self.evaluate(node.child_by_field_name("right"), ctx)
        if operator == "+" and isinstance(left, (str, JsNumber)) and isinstance(right, (str, JsNumber)):
            if isinstance(left, str) or isinstance(right, str):
                return _js_text(left) + _js_text(right)
            return JsNumber(f"{left.text}+{right.text}", left.value + right.value)
        if operator == "??":
            return right if left is None else left
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is not a constant")

    def _eval_array(self, node, ctx: Ctx) -> Any:
        out: list[Any] = []
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                value = self.evaluate(child.named_children[0], ctx)
                if isinstance(value, list):
                    out.extend(value)
                else:
                    out.append(value if isinstance(value, Unknown) else Unknown(child, ctx.module, "spread of a non-array"))
            else:
                out.append(self.evaluate(child, ctx))
        return out

    def _eval_object(self, node, ctx: Ctx) -> Any:
        """A plain object; spreads of unknown values are kept under `ObjectValue.unknown_spreads`."""
        out = ObjectValue()
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                key = property_name(ctx.module.source, key_node)
                if key is None and key_node.type == "computed_property_name":
                    key = _as_key(self.evaluate(key_node.named_children[0], ctx))
                if key is None:
                    out.unknown_spreads.append(Unknown(child, ctx.module, "computed property name"))
                    continue
                if key in out.nodes and out.nodes[key][0].parent == node:
                    out.duplicates.append((key, child, ctx.module))  # the later one wins, as in JavaScript
                out[key] = self.evaluate(child.child_by_field_name("value"), ctx)
                out.nodes[key] = (child, ctx.module)
            elif child.type == "shorthand_property_identifier":
                key = ctx.module.source.text_of(child)
                out[key] = self.identifier(key, child, ctx)
                out.nodes[key] = (child, ctx.module)
            elif child.type == "spread_element":
                self._spread(out, child, ctx)
            elif child.type == "method_definition":
                key = property_name(ctx.module.source, child.child_by_field_name("name"))
                if key is not None:
                    out[key] = Closure(child, ctx)
                    out.nodes[key] = (child, ctx.module)
        return out

    def _spread(self, out: "ObjectValue", child, ctx: Ctx) -> None:
        value = self.evaluate(child.named_children[0], ctx)
        if isinstance(value, ObjectValue):
            for key, item in value.items():
                out[key] = item
                out.nodes[key] = value.nodes.get(key, (child, ctx.module))
            out.unknown_spreads.extend(value.unknown_spreads)
        elif isinstance(value, dict):
            for key, item in value.items():
                out[key] = item
                out.nodes[key] = (child, ctx.module)
        else:
            reason = value.reason if isinstance(value, Unknown) else "spread of a value that is not an object"
            out.unknown_spreads.append(Unknown(child, ctx.module, reason))

    def _eval_identifier(self, node, ctx: Ctx) -> Any:
        return self.identifier(ctx.module.source.text_of(node), node, ctx)

    def _eval_arrow_function(self, node, ctx: Ctx) -> Any:
        return Closure(node, ctx)

    _eval_function_expression = _eval_arrow_function
    _eval_function = _eval_arrow_function

    def _eval_member_expression(self, node, ctx: Ctx) -> Any:
        obj = self.evaluate(node.child_by_field_name("object"), ctx)
        name = ctx.module.source.text_of(node.child_by_field_name("property"))
        return self.member(obj, name, node, ctx)

    def _eval_subscript_expression(self, node, ctx: Ctx) -> Any:
        obj = self.evaluate(node.child_by_field_name("object"), ctx)
        index = self.evaluate(node.child_by_field_name("index"), ctx)
        if isinstance(obj, list) and isinstance(index, JsNumber) and isinstance(index.value, int):
            return obj[index.value] if 0 <= index.value < len(obj) else None
        key = _as_key(index)
        if key is not None:
            return self.member(obj, key, node, ctx)
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is not a constant")

    def _eval_new_expression(self, node, ctx: Ctx) -> Any:
        constructor = ctx.module.source.text_of(node.child_by_field_name("constructor"))
        args = call_arguments(node)
        if constructor == "Date" and len(args) == 1:
            text = self.evaluate(args[0], ctx)
            if isinstance(text, str):
                return JsDate(text)
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is computed when the code runs")

    def _eval_call_expression(self, node, ctx: Ctx) -> Any:
        callee = self.evaluate(node.child_by_field_name("function"), ctx)
        if isinstance(callee, Closure):
            return self.apply(callee, [self.evaluate(a, ctx) for a in call_arguments(node)], node, ctx)
        result = self.call_value(callee, node, ctx)
        if result is not None:
            return result
        if isinstance(callee, Unknown):
            return Unknown(node, ctx.module, callee.reason)
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is computed when the code runs")

    # -- names and functions --------------------------------------------------------------------
    def identifier(self, name: str, node, ctx: Ctx) -> Any:
        if name in ctx.env:
            return ctx.env[name]
        if name == "undefined":
            return None
        binding = self.project.lookup(ctx.module, name)
        if binding is None:
            return Unknown(node, ctx.module, f"`{name}` is not declared in this file or imported from the project")
        return self.binding_value(binding, node, ctx)

    def binding_value(self, binding: Binding, node, ctx: Ctx) -> Any:
        if binding.kind in ("import", "namespace-import"):
            if self.project.resolve_specifier(binding.module, binding.source or "") is None and \
                    (binding.source or "").startswith("."):
                return Unknown(node, ctx.module, f"`{binding.source}` (imported by {binding.module.path}) was not found")
            return self.package_value(binding, node, ctx)
        if binding.kind in ("function", "class"):
            if binding.kind == "function":
                return Closure(binding.node, Ctx(binding.module))
            return Unknown(node, ctx.module, f"`{binding.name}` is a class")
        if binding.kind == "enum":
            return self.ts_enum(binding)
        if binding.node is None:
            return Unknown(node, ctx.module, f"`{binding.name}` is declared without a value")
        return self.constant(binding)

    def constant(self, binding: Binding) -> Any:
        """The value of a `const` (computed once: tables keep their identity across references)."""
        key = (binding.module.path, binding.declaration.start_byte)
        cached = self._constants.get(key)
        if cached is _IN_PROGRESS:
            return Unknown(binding.declaration, binding.module, f"`{binding.name}` refers to itself")
        if cached is not None or key in self._constants:
            return cached
        self._constants[key] = _IN_PROGRESS
        value = self.shared(self.evaluate(binding.node, Ctx(binding.module)))
        self._constants[key] = value
        return value

    def shared(self, value: Any) -> Any:
        """Mark a constant's value as reachable from several places (subclasses decide what it means)."""
        return value

    def ts_enum(self, binding: Binding) -> Any:
        """A TypeScript `enum`: an object of its members' values (strings, or numbers counting up)."""
        out = ObjectValue()
        body = binding.node.child_by_field_name("body")
        counter = 0
        for member in body.named_children if body is not None else []:
            if member.type == "enum_assignment":
                key = property_name(binding.module.source, member.child_by_field_name("name"))
                value = self.evaluate(member.child_by_field_name("value"), Ctx(binding.module))
            elif member.type == "property_identifier":
                key, value = binding.module.source.text_of(member), JsNumber(str(counter), counter)
            else:
                continue
            if isinstance(value, JsNumber) and isinstance(value.value, int):
                counter = value.value + 1
            if key is not None:
                out[key] = value
        return out

    def apply(self, closure: Closure, args: list[Any], call, ctx: Ctx) -> Any:
        """Call a project function by evaluating what it returns with its parameters bound."""
        body = returned_expression(closure.node)
        if body is None:
            return Unknown(call, ctx.module, "the function called here does not simply return a value")
        if self._depth > MAX_DEPTH:
            return Unknown(call, ctx.module, "helper functions call each other too deeply (recursion?)")
        names = self.bind_parameters(closure, args, call, ctx)
        self._depth += 1
        try:
            return self.evaluate(body, closure.ctx.with_env(names))
        finally:
            self._depth -= 1

    def bind_parameters(self, closure: Closure, args: list[Any], call, ctx: Ctx) -> dict[str, Any]:
        names: dict[str, Any] = {}
        source = closure.ctx.module.source
        for index, (pattern, default) in enumerate(parameter_patterns(closure.node)):
            value = args[index] if index < len(args) else None
            if value is None and default is not None:  # `(name = "owner_id") =>`
                value = self.evaluate(default, closure.ctx.with_env(names))
            if pattern.type == "identifier":
                names[source.text_of(pattern)] = value
            elif pattern.type == "object_pattern":
                names.update(self.destructure(pattern, value, closure.ctx))
            elif pattern.type == "rest_pattern":
                names[source.text_of(pattern.named_children[0])] = args[index:]
        return names

    def destructure(self, pattern, value: Any, ctx: Ctx) -> dict[str, Any]:
        """`({ one, many: m, x = 1 })` against a value: each name bound to the member it picks."""
        names: dict[str, Any] = {}
        source = ctx.module.source
        for part in pattern.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                key = source.text_of(part)
                names[key] = self.member(value, key, part, ctx)
            elif part.type == "pair_pattern":
                key = property_name(source, part.child_by_field_name("key"))
                target = part.child_by_field_name("value")
                if key is not None and target is not None and target.type == "identifier":
                    names[source.text_of(target)] = self.member(value, key, part, ctx)
            elif part.type == "object_assignment_pattern":
                left = part.child_by_field_name("left")
                key = source.text_of(left)
                member = self.member(value, key, part, ctx)
                names[key] = self.evaluate(part.child_by_field_name("right"), ctx) if member is None else member
        return names

    def member(self, obj: Any, name: str, node, ctx: Ctx) -> Any:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
            if isinstance(obj, ObjectValue) and obj.unknown_spreads:
                return Unknown(node, ctx.module, f"`{name}` may come from a spread that could not be read")
            return None  # JavaScript reads a missing property as undefined
        if isinstance(obj, list) and name == "length":
            return JsNumber(str(len(obj)), len(obj))
        special = self.member_value(obj, name, node, ctx)
        if special is not None:
            return special
        if isinstance(obj, Unknown):
            return Unknown(node, ctx.module, obj.reason)
        return Unknown(node, ctx.module, f"`{ctx.module.source.text_of(node)[:60]}` is not a constant")


class ObjectValue(dict):
    """An object literal's value: its properties (in order), where each was written, and the spreads
    that could not be followed."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[str, tuple[Any, Module]] = {}
        self.unknown_spreads: list[Unknown] = []
        self.duplicates: list[tuple[str, Any, Module]] = []  # keys written twice (TypeScript rejects this)


def is_function_value(value: Any) -> bool:
    return isinstance(value, Closure) and is_function(value.node)


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    try:
        if clean.lower().startswith(("0x", "0o", "0b")):
            return int(clean, 0)
        if clean.endswith("n"):  # a BigInt literal
            return int(clean[:-1])
        value = float(clean)
        return int(value) if value.is_integer() and "." not in clean and "e" not in clean.lower() else value
    except ValueError:
        return float("nan")


def _js_text(value: Any) -> str:
    return value.js_string() if isinstance(value, JsNumber) else str(value)


def _as_key(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, JsNumber):
        return value.js_string()
    return None

