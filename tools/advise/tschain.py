"""Method chains in TypeScript code (tree-sitter), the context they run in, and literal values.

`prisma.user.findMany({...})`, `db.select().from(t).where(...)` and
`db.selectFrom("t").innerJoin(...).execute()` are all chains: a root expression followed by
property accesses and calls. `chain_of(call)` flattens the outermost call of a chain into steps,
which the ORM readers classify. `context_of(node)` says whether the call runs once per element of
a loop (a `for` statement or an array callback such as `.map`/`.forEach`) and whether it sits in
an HTTP request handler, which is what makes a single INSERT a high-frequency write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tools.typescript.parse import SourceFile, call_arguments, property_name, string_value, unwrap, walk

LOOP_STATEMENTS = frozenset(("for_statement", "for_in_statement", "while_statement", "do_statement"))
ARRAY_CALLBACKS = frozenset(("map", "forEach", "flatMap", "reduce", "filter", "some", "every", "for"))
HTTP_METHODS = frozenset(("get", "post", "put", "patch", "delete", "all", "route", "handle", "use", "on"))
HANDLER_EXPORTS = frozenset(("GET", "POST", "PUT", "PATCH", "DELETE", "handler", "action", "loader"))
TRPC_PROCEDURES = frozenset(("mutation", "query", "subscription"))
NEST_DECORATORS = frozenset(("Get", "Post", "Put", "Patch", "Delete", "All", "MessagePattern", "EventPattern"))


@dataclass(slots=True)
class Step:
    """One link of a chain: a property (`user`) or a call (`findMany(...)`)."""

    name: str
    call: bool
    node: Any  # the call_expression (call) or the member_expression (property)

    @property
    def args(self) -> list:
        return call_arguments(self.node) if self.call else []


@dataclass(slots=True)
class Chain:
    root: Any  # the innermost expression (an identifier, `this.prisma`, a call that is not a chain)
    root_text: str
    steps: list[Step]
    node: Any  # the outermost call

    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def calls(self) -> list[Step]:
        return [s for s in self.steps if s.call]

    def first_call(self) -> Step | None:
        return next((s for s in self.steps if s.call), None)

    def find(self, *names: str) -> list[Step]:
        return [s for s in self.steps if s.call and s.name in names]


def chain_of(source: SourceFile, call) -> Chain:
    """Flatten `a.b.c(x).d(y)` (given the outermost call) into root `a` and steps b, c(), d()."""
    steps: list[Step] = []
    node = call
    while True:
        node = unwrap(node)
        if node.type == "call_expression":
            function = callee(node)
            if function.type == "member_expression":
                steps.append(Step(source.text_of(function.child_by_field_name("property")), True, node))
                node = function.child_by_field_name("object")
                continue
            if function.type == "identifier":
                steps.append(Step(source.text_of(function), True, node))
                return Chain(None, "", list(reversed(steps)), call)
            break
        if node.type == "member_expression":
            steps.append(Step(source.text_of(node.child_by_field_name("property")), False, node))
            node = node.child_by_field_name("object")
            continue
        break
    root_text = source.text_of(node)
    if node.type == "member_expression":  # `this.prisma`, `ctx.db`
        root_text = source.text_of(node)
    return Chain(node, root_text, list(reversed(steps)), call)


def callee(call):
    """The function a call calls, through `f<T>(…)` and a tagged template `f<T>` (tree-sitter 0.23 reads a tagged
    template with type arguments as `f<T>!` with a missing `!`: the instantiation is unwrapped too)."""
    function = unwrap(call.child_by_field_name("function"))
    while function is not None and function.type in ("instantiation_expression", "non_null_expression"):
        function = function.named_children[0]
    return function


def outermost_calls(source: SourceFile, root=None):
    """Every call that is not itself a link inside a longer chain."""
    for node in walk(root or source.root, frozenset(("call_expression",))):
        parent = node.parent
        # skip `x.a()` when it is the object of `.b()`: `x.a().b()` is reported once, from `.b()`
        while parent is not None and parent.type in ("parenthesized_expression", "non_null_expression", "as_expression"):
            parent = parent.parent
        if parent is not None and parent.type == "member_expression" and parent.parent is not None \
                and parent.parent.type == "call_expression" and parent.child_by_field_name("object") is not None:
            continue
        yield node


_SQL_TAG = re.compile(r"\bsql(?:\s*<[^`;]*>)?\s*$")
_TAGS_WITH_TYPES = re.compile(r"(?:\bsql|\$queryRaw(?:Unsafe)?|\$executeRaw(?:Unsafe)?)\s*<")


def blank_template_type_arguments(text: str) -> str:
    """Tagged templates `sql<T>` and `prisma.$queryRaw<T>` with the `<T>` replaced by spaces (newlines kept).

    tree-sitter-typescript 0.23 misreads a tagged template with type arguments (as comparisons, or as
    `f<T>!` with a missing `!`), and with an object type in them it loses the call altogether. The
    type arguments decide nothing the advisor reads, and blanking them keeps every offset and line."""
    chars = list(text)
    for match in _TAGS_WITH_TYPES.finditer(text):
        start = match.end() - 1
        end = _closing_angle(text, start)
        if end is not None and text[end + 1:].lstrip()[:1] == "`":
            for index in range(start, end + 1):
                if chars[index] != "\n":
                    chars[index] = " "
    return "".join(chars)


def _closing_angle(text: str, start: int) -> int | None:
    depth = 0
    for index in range(start, min(len(text), start + 2000)):  # a type argument, not the rest of the file
        char = text[index]
        if char == "<":
            depth += 1
        elif char == ">" and text[index - 1] != "=":
            depth -= 1
            if depth == 0:
                return index
        elif char == "`":
            return None
    return None


def is_sql_template(source: SourceFile, template) -> bool:
    """A template literal tagged `sql` or `sql<T>` (Kysely's and Drizzle's raw SQL), however
    tree-sitter grouped the type arguments."""
    if template is None or template.type != "template_string":
        return False
    before = source.data[max(0, template.start_byte - 200):template.start_byte].decode("utf-8", errors="replace")
    return bool(_SQL_TAG.search(before))


@dataclass(slots=True)
class CallContext:
    in_loop: bool = False
    loop_node: Any = None
    loop_variable: str | None = None  # `event` in `for (const event of batch.events)`
    loop_list: str | None = None  # `batch.events`
    in_handler: bool = False
    route: str | None = None  # the path of the route (`/events`) when written as a literal
    function_name: str | None = None
    in_transaction: bool = False
    notes: list[str] = field(default_factory=list)


def context_of(source: SourceFile, node) -> CallContext:
    context = CallContext()
    current = node.parent
    while current is not None:
        if current.type in LOOP_STATEMENTS and not context.in_loop:
            _loop(source, current, context)
        elif current.type in ("arrow_function", "function_expression", "function_declaration", "method_definition"):
            _function(source, current, context)
        current = current.parent
    return context


def _loop(source: SourceFile, loop, context: CallContext) -> None:
    context.in_loop, context.loop_node = True, loop
    if loop.type == "for_in_statement":
        left = loop.child_by_field_name("left")
        right = loop.child_by_field_name("right")
        if left is not None and left.type == "identifier":
            context.loop_variable = source.text_of(left)
        if right is not None and any(child.type == "of" for child in loop.children):
            context.loop_list = source.text_of(right)


def _function(source: SourceFile, function, context: CallContext) -> None:
    if function.type == "function_declaration":
        name = source.text_of(function.child_by_field_name("name"))
        context.function_name = context.function_name or name
        if name in HANDLER_EXPORTS and function.parent is not None and function.parent.type == "export_statement":
            context.in_handler = True
        return
    if function.type == "method_definition":
        context.function_name = context.function_name or source.text_of(function.child_by_field_name("name"))
        _nest_decorators(source, function, context)
        return
    call = _enclosing_call(function)
    if call is None:
        return
    function_ = callee(call)
    name = source.text_of(function_.child_by_field_name("property")) if function_.type == "member_expression" else source.text_of(function_)
    if name in ARRAY_CALLBACKS and not context.in_loop:
        context.in_loop, context.loop_node = True, call
        context.loop_list = source.text_of(function_.child_by_field_name("object")) if function_.type == "member_expression" else None
        params = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
        if params is not None:
            first = params if params.type == "identifier" else next(
                (p.child_by_field_name("pattern") or p for p in params.named_children), None)
            if first is not None and first.type == "identifier":
                context.loop_variable = source.text_of(first)
    elif name == "$transaction" or name == "transaction":
        context.in_transaction = True
    elif (name in HTTP_METHODS and function_.type == "member_expression") or name in TRPC_PROCEDURES:
        context.in_handler = True
        args = call_arguments(call)
        if args and context.route is None:
            context.route = string_value(source, args[0])


def _enclosing_call(function):
    """The call a function is an argument of (`app.post("/x", async () => …)`), if any."""
    parent = function.parent
    if parent is not None and parent.type == "arguments":
        return parent.parent
    return None


def _nest_decorators(source: SourceFile, method, context: CallContext) -> None:
    sibling = method.prev_named_sibling
    while sibling is not None and sibling.type == "decorator":
        text = source.text_of(sibling).lstrip("@")
        if text.split("(")[0] in NEST_DECORATORS:
            context.in_handler = True
            if "(" in text:
                context.route = context.route or text.split("(", 1)[1].strip("()'\" ")
        sibling = sibling.prev_named_sibling
    for child in method.named_children:
        if child.type == "decorator" and source.text_of(child).lstrip("@").split("(")[0] in NEST_DECORATORS:
            context.in_handler = True


# -- values -----------------------------------------------------------------------------------------

class Expr:
    """A TypeScript expression that is not a literal: kept as text."""

    __slots__ = ("text", "node")

    def __init__(self, text: str, node=None):
        self.text = text
        self.node = node

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"


def literal_value(source: SourceFile, node) -> Any:
    """A TypeScript literal as Python: objects -> dict, arrays -> list, strings, numbers, booleans,
    null; anything else (identifiers, calls, spreads, templates) -> `Expr` with its text."""
    node = unwrap(node)
    if node is None:
        return None
    kind = node.type
    if kind == "object":
        return _object(source, node)
    if kind == "array":
        return [literal_value(source, child) for child in node.named_children if child.type != "comment"]
    if kind in ("string", "template_string"):
        value = string_value(source, node)
        return value if value is not None else Expr(source.text_of(node), node)
    if kind == "number":
        text = source.text_of(node).replace("_", "")
        try:
            return int(text, 0) if not any(c in text for c in ".eE") or text.startswith("0x") else float(text)
        except ValueError:
            return Expr(text, node)
    if kind in ("true", "false"):
        return kind == "true"
    if kind in ("null", "undefined"):
        return None
    return Expr(source.text_of(node), node)


def _object(source: SourceFile, node) -> dict:
    out: dict = {}
    for child in node.named_children:
        if child.type == "pair":
            key = property_name(source, child.child_by_field_name("key"))
            if key is not None:
                out[key] = literal_value(source, child.child_by_field_name("value"))
        elif child.type == "shorthand_property_identifier":
            name = source.text_of(child)
            out[name] = Expr(name, child)
        elif child.type == "spread_element":
            out.setdefault("...", []).append(Expr(source.text_of(child), child))
    return out


def mapped_rows(source: SourceFile, node):
    """`list.map((item) => ({ ... }))` -> (list text, item parameter text, the object node), else None."""
    node = unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    function = callee(node)
    if function.type != "member_expression" or source.text_of(function.child_by_field_name("property")) != "map":
        return None
    args = call_arguments(node)
    if not args or unwrap(args[0]).type not in ("arrow_function", "function_expression"):
        return None
    arrow = unwrap(args[0])
    single = arrow.child_by_field_name("parameter")
    params = arrow.child_by_field_name("parameters")
    first = single if single is not None else next(
        (p.child_by_field_name("pattern") or p for p in (params.named_children if params else []) if p.type != "comment"), None)
    body = unwrap(arrow.child_by_field_name("body"))
    if body is not None and body.type == "statement_block":
        returns = [c for c in body.named_children if c.type == "return_statement"]
        body = unwrap(returns[0].named_children[0]) if len(returns) == 1 and returns[0].named_children else None
    if first is None or body is None or body.type != "object":
        return None
    return source.text_of(function.child_by_field_name("object")), source.text_of(first), body
