"""The TypeScript expressions a Drizzle schema is made of, printed exactly as prettier prints them.

A generator builds a small syntax tree (identifiers, string and number literals, `sql` template
literals, member access, calls with type arguments, `new`, objects, arrays, arrow functions) and
`print_statement` turns each top-level `const`/`import` into text laid out in 80 columns. The
layout decisions are prettier's own (3.x, default options), ported from its printers for the
constructs we emit and fed to its line-fitting algorithm (`tools.sync.tsdoc`):

- call arguments (`print/call-arguments.js`): the last argument (an object, an array, an arrow
  function) is hugged when it can break on its own, all arguments are broken out otherwise;
- member chains (`print/member-chain.js`): `a().b().c()` stays on one line if it fits and every
  argument is simple, and otherwise puts each `.call()` on its own line;
- assignments and object properties (`print/assignment.js`): whether a too-long value moves to the
  next line (`key:\n  value`) depends on the key's length and the value's shape;
- objects keep the line break after `{` that the source has (`Obj(expanded=True)`); nothing else
  depends on the source's layout, since we write none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from tools.sync.tsdoc import (Doc, IndentIfBreak, Label, break_parent, conditional_group, group, hardline, if_break,
                              indent, join, line, print_doc, remove_lines, softline, string_width, will_break)
from tools.sync.tsprint import ts_string

TAB_WIDTH = 2
SHORT_ARGUMENT = 80 * 0.25  # prettier's LONE_SHORT_ARGUMENT_THRESHOLD_RATE of the print width
_FACTORY = re.compile(r"^[A-Z]|^[$_]+$")


@dataclass(slots=True)
class Ident:
    name: str


@dataclass(slots=True)
class Str:
    value: str


@dataclass(slots=True)
class Num:
    text: str  # as prettier prints it (no trailing zeros, lower-case); "-1" parses as unary minus


@dataclass(slots=True)
class Bool:
    value: bool


@dataclass(slots=True)
class Tagged:
    """`tag\\`text\\``; `text` is already escaped for a template literal and holds no line break."""

    tag: str
    text: str


@dataclass(slots=True)
class Member:
    obj: "Node"
    prop: str


@dataclass(slots=True)
class Call:
    callee: "Node"
    args: list["Node"] = field(default_factory=list)
    type_args: str | None = None  # "<PrismaJson.X>", printed as one unbreakable piece
    complex_type_args: bool = False  # a union, intersection or object type among them


@dataclass(slots=True)
class New:
    callee: str
    args: list["Node"] = field(default_factory=list)


@dataclass(slots=True)
class Prop:
    key: str
    value: "Node"
    comment: list[str] = field(default_factory=list)  # the lines of a leading /** */ block
    shorthand: bool = False  # `{ user }` for `{ user: user }`


@dataclass(slots=True)
class Obj:
    props: list[Prop]
    expanded: bool = False  # written with a line break after `{`: prettier keeps it broken


@dataclass(slots=True)
class ObjPattern:
    names: list[str]  # `{ one, many }` as an arrow function's only parameter


@dataclass(slots=True)
class Arr:
    items: list["Node"]


@dataclass(slots=True)
class Arrow:
    params: list["Node"]
    body: "Node"
    return_type: str | None = None


Node = Union[Ident, Str, Num, Bool, Tagged, Member, Call, New, Obj, ObjPattern, Arr, Arrow]


# -- statements -----------------------------------------------------------------------------------

def const_statement(name: str, init: Node, *, export: bool = True, comment: list[str] | None = None) -> str:
    """`export const name = init;` laid out as prettier lays it out (with a leading comment block)."""
    global _printed
    _printed = {}
    try:
        declaration = group(["const ", _assignment(name, " =", init, property_=False), ";"])
        text = print_doc(["export ", declaration] if export else declaration)
    finally:
        _printed = None
    return "\n".join([*(comment or []), text])


def import_statement(names: list[str], source: str, default: str | None = None) -> str:
    """`import { a, b } from "source";` (or a default import)."""
    module = ts_string(source)
    if default is not None:
        return f"import {default} from {module};"
    if len(names) == 1:  # a lone specifier never breaks
        return f"import {{ {names[0]} }} from {module};"
    specifiers = group(["{", indent([line, join([",", line], names)]), if_break(","), line, "}"])
    return print_doc(["import ", specifiers, f" from {module};"])


# -- expressions ----------------------------------------------------------------------------------

# The documents printed for each node of the statement being printed. prettier prints a call's last
# argument twice (hugged and not) at every level, which doubles the work per level of nesting; a
# node's document is the same each time (only an arrow function's depends on being hugged), so it
# is printed once and shared, as prettier shares its printed arguments between layouts.
_printed: dict[tuple[int, bool], tuple[Node, Doc]] | None = None


def print_node(node: Node, *, expand_last_arg: bool = False) -> Doc:
    key = (id(node), expand_last_arg and isinstance(node, Arrow))
    if _printed is not None and key in _printed:
        return _printed[key][1]
    doc = _print(node, expand_last_arg)
    if _printed is not None:
        _printed[key] = (node, doc)  # the node is kept so that its id stays its own
    return doc


def _print(node: Node, expand_last_arg: bool) -> Doc:
    if isinstance(node, Ident):
        return node.name
    if isinstance(node, Str):
        return ts_string(node.value)
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Bool):
        return "true" if node.value else "false"
    if isinstance(node, Tagged):
        return [node.tag, "`", node.text, "`"]
    if isinstance(node, Member):
        return [print_node(node.obj), ".", node.prop]
    if isinstance(node, Call):
        return _call(node)
    if isinstance(node, New):
        return ["new ", node.callee, _arguments(node.args)]
    if isinstance(node, Obj):
        return _object(node)
    if isinstance(node, Arr):
        return _array(node)
    if isinstance(node, Arrow):
        return _arrow(node, expand_last_arg)
    raise TypeError(f"cannot print {node!r}")


def _call(node: Call) -> Doc:
    if isinstance(node.callee, Member):
        return _member_chain(node)
    return [print_node(node.callee), node.type_args or "", _arguments(node.args)]


def _arguments(args: list[Node]) -> Doc:
    """prettier's printCallArguments."""
    if not args:
        return "()"
    printed: list[Doc] = [[print_node(a), ",", line] for a in args[:-1]] + [print_node(args[-1])]

    def all_broken_out() -> Doc:
        return group(["(", indent([line, *printed]), ",", line, ")"], should_break=True)

    if _is_function_composition(args):
        return all_broken_out()
    if _should_expand_last_arg(args):
        head = printed[:-1]
        if any(will_break(h) for h in head):
            return all_broken_out()
        last = print_node(args[-1], expand_last_arg=True)
        if will_break(last):
            return [break_parent, conditional_group([["(", *head, group(last, should_break=True), ")"], all_broken_out()])]
        return conditional_group([["(", *head, last, ")"], ["(", *head, group(last, should_break=True), ")"],
                                  all_broken_out()])
    contents = ["(", indent([softline, *printed]), if_break(","), softline, ")"]
    return group(contents, should_break=any(will_break(p) for p in printed))


def _is_function_composition(args: list[Node]) -> bool:
    if len(args) <= 1:
        return False
    functions = 0
    for arg in args:
        if isinstance(arg, Arrow):
            functions += 1
            if functions > 1:
                return True
        elif isinstance(arg, (Call, New)) and any(isinstance(a, Arrow) for a in arg.args):
            return True
    return False


def _could_expand(arg: Node) -> bool:
    if isinstance(arg, Obj):
        return bool(arg.props)
    if isinstance(arg, Arr):
        return bool(arg.items)
    if isinstance(arg, Arrow):
        return isinstance(arg.body, (Obj, Arr, Call)) or (isinstance(arg.body, Arrow) and _could_expand(arg.body))
    return False


def _should_expand_last_arg(args: list[Node]) -> bool:
    last = args[-1]
    previous = args[-2] if len(args) > 1 else None
    if not _could_expand(last):
        return False
    if previous is not None and _node_type(previous) == _node_type(last):
        return False  # two objects (or two arrays) in a row: neither is hugged
    return not (len(args) == 2 and isinstance(previous, Arrow) and isinstance(last, Arr))


def _node_type(node: Node) -> str:
    # string, number and boolean literals are all `Literal` in the TypeScript parser's tree
    return "Literal" if isinstance(node, (Str, Num, Bool)) else type(node).__name__


# -- member chains --------------------------------------------------------------------------------

@dataclass(slots=True)
class _Printed:
    node: Node
    doc: Doc
    is_member: bool = False


def _chain_nodes(node: Call) -> list[_Printed]:
    """The chain `a.b().c()` linearised: [a, .b, (), .c, ()] (a head call stays one node)."""
    nodes = [_Printed(node, [node.type_args or "", _arguments(node.args)])]
    current: Node = node.callee
    while True:
        if isinstance(current, Call) and isinstance(current.callee, (Member, Call)):
            nodes.append(_Printed(current, [current.type_args or "", _arguments(current.args)]))
            current = current.callee
        elif isinstance(current, Member):
            nodes.append(_Printed(current, [".", current.prop], is_member=True))
            current = current.obj
        else:
            nodes.append(_Printed(current, print_node(current)))
            break
    return list(reversed(nodes))


def _chain_groups(nodes: list[_Printed]) -> list[list[_Printed]]:
    first = [nodes[0]]
    index = 1
    while index < len(nodes) and isinstance(nodes[index].node, Call) and not nodes[index].is_member:
        first.append(nodes[index])
        index += 1
    if not isinstance(nodes[0].node, Call):
        while index + 1 < len(nodes) and nodes[index].is_member and nodes[index + 1].is_member:
            first.append(nodes[index])
            index += 1
    groups, current, seen_call = [first], [], False
    for printed in nodes[index:]:
        if seen_call and printed.is_member:
            groups.append(current)
            current, seen_call = [], False
        if isinstance(printed.node, Call) and not printed.is_member:
            seen_call = True
        current.append(printed)
    if current:
        groups.append(current)
    return groups


def _should_merge(groups: list[list[_Printed]]) -> bool:
    if len(groups) < 2:
        return False
    if len(groups[0]) == 1:
        head = groups[0][0].node
        return isinstance(head, Ident) and bool(_FACTORY.search(head.name))
    last = groups[0][-1].node
    return isinstance(last, Member) and bool(_FACTORY.search(last.prop))


def _member_chain(node: Call) -> Doc:
    """prettier's printMemberChain (no comments, no blank lines, never an expression statement)."""
    nodes = _chain_nodes(node)
    groups = _chain_groups(nodes)
    merge = _should_merge(groups)
    printed = [[p.doc for p in g] for g in groups]
    one_line = printed
    if len(groups) <= (3 if merge else 2):
        return group(one_line)
    rest = printed[2:] if merge else printed[1:]
    expanded = [printed[0], printed[1] if merge else "", indent([hardline, join(hardline, rest)])]
    calls = [p.node for p in nodes if isinstance(p.node, Call) and not p.is_member]
    complex_arguments = len(calls) > 2 and any(not all(is_simple_argument(a) for a in c.args) for c in calls)
    last_breaks = (isinstance(groups[-1][-1].node, Call) and will_break(printed[-1])
                   and any(isinstance(a, Arrow) for c in calls[:-1] for a in c.args))
    if complex_arguments or any(will_break(g) for g in printed[:-1]) or last_breaks:
        return Label("member-chain", group(expanded))
    return Label("member-chain", [break_parent if will_break(one_line) else "", conditional_group([one_line, expanded])])


def is_simple_argument(node: Node, depth: int = 2) -> bool:
    """prettier's isSimpleCallArgument."""
    if depth <= 0:
        return False
    if isinstance(node, (Str, Num, Bool, Ident)):
        return True
    if isinstance(node, Obj):
        return all(is_simple_argument(p.value, depth - 1) for p in node.props)
    if isinstance(node, Arr):
        return all(is_simple_argument(i, depth - 1) for i in node.items)
    if isinstance(node, (Call, New)):
        callee = Ident(node.callee) if isinstance(node, New) else node.callee
        return (is_simple_argument(callee, depth) and len(node.args) <= depth
                and all(is_simple_argument(a, depth - 1) for a in node.args))
    if isinstance(node, Member):
        return is_simple_argument(node.obj, depth)
    return False


# -- assignments and properties -------------------------------------------------------------------

def _assignment(left: str, operator: str, right: Node, *, property_: bool) -> Doc:
    """prettier's printAssignment for `const left = right` and `left: right`."""
    layout = _layout(left, right, property_)
    right_doc = print_node(right)  # the layout matters to arrow chains only, which we never write
    if layout == "break-after-operator":
        return group([group(left), operator, group(indent([line, right_doc]))])
    if layout == "never-break-after-operator":
        return group([group(left), operator, " ", right_doc])
    group_id = object()
    return group([group(left), operator, group(indent(line), id=group_id), IndentIfBreak(right_doc, group_id)])


def _layout(left: str, right: Node, property_: bool) -> str:
    short_key = property_ and string_width(left) < TAB_WIDTH + 3
    if not short_key and (isinstance(right, Str) or _poorly_breakable(right)):
        return "break-after-operator"
    if short_key or isinstance(right, (Tagged, Bool)) or (isinstance(right, Num) and not right.text.startswith("-")):
        return "never-break-after-operator"
    return "fluid"


def _poorly_breakable(node: Node, deep: bool = False) -> bool:
    """A chain with no calls, or whose calls have no argument or one short one (not a member chain)."""
    if isinstance(node, Call):
        if isinstance(print_node(node), Label):
            return False
        if not (not node.args or (len(node.args) == 1 and _lone_short_argument(node.args[0]))):
            return False
        if node.complex_type_args:
            return False
        return _poorly_breakable(node.callee, True)
    if isinstance(node, Member):
        return _poorly_breakable(node.obj, True)
    return deep and isinstance(node, Ident)


def _lone_short_argument(node: Node) -> bool:
    if isinstance(node, Ident):
        return len(node.name) <= SHORT_ARGUMENT
    if isinstance(node, (Num, Bool)):
        return True
    if isinstance(node, Str):
        return len(ts_string(node.value)) <= SHORT_ARGUMENT
    if isinstance(node, Call) and not node.args and isinstance(node.callee, Ident):
        return len(node.callee.name) <= SHORT_ARGUMENT - 2
    return False


# -- objects, arrays, arrow functions -------------------------------------------------------------

def _object(node: Obj) -> Doc:
    if not node.props:
        return "{}"
    parts: list[Doc] = []
    for index, prop in enumerate(node.props):
        printed: Doc = prop.key if prop.shorthand else _assignment(prop.key, ":", prop.value, property_=True)
        if prop.comment:
            printed = [join(hardline, prop.comment), hardline, printed]
        parts.append([",", line, group(printed)] if index else group(printed))
    return group(["{", indent([line, *parts]), if_break(","), line, "}"], should_break=node.expanded)


def _array(node: Arr) -> Doc:
    if not node.items:
        return "[]"
    parts = join([",", line], [group(print_node(item)) for item in node.items])
    return group(["[", indent([softline, *parts, if_break(",")]), softline, "]"], should_break=_array_breaks(node))


def _array_breaks(node: Arr) -> bool:
    """An array of two or more objects (or arrays) with more than one entry each is always broken."""
    items = node.items
    if len(items) < 2:
        return False
    for index, item in enumerate(items):
        if not isinstance(item, (Obj, Arr)):
            return False
        if index + 1 < len(items) and type(items[index + 1]) is not type(item):
            return False
        if len(item.props if isinstance(item, Obj) else item.items) < 2:
            return False
    return True


def _arrow(node: Arrow, expand_last_arg: bool) -> Doc:
    """prettier's printArrowFunction for a one-level arrow with an expression body."""
    signature = group([_parameters(node.params, expand_last_arg), f": {node.return_type}" if node.return_type else ""])
    body = node.body
    body_doc = print_node(body)
    if isinstance(body, Obj):
        body_doc = ["(", body_doc, ")"]  # an object body needs parentheses
    if isinstance(body, (Obj, Arr, Arrow)):
        body_part: Doc = [" ", body_doc]
    else:
        body_part = [indent([line, body_doc]), if_break(",") if expand_last_arg else "", softline if expand_last_arg else ""]
    return group([group(signature, id=object()), " =>", group(body_part)])


def _parameters(params: list[Node], expand: bool) -> Doc:
    if not params:
        return "()"
    if len(params) == 1 and isinstance(params[0], ObjPattern):
        names = params[0].names
        pattern = ["{", indent([line, join([",", line], names)]), if_break(","), line, "}"]
        return group(["(", remove_lines(pattern), ")"]) if expand else ["(", pattern, ")"]
    printed = join([",", line], [print_node(p) for p in params])
    if expand:
        return group(["(", remove_lines(printed), ")"])
    return ["(", indent([softline, printed]), softline, ")"]
