"""Prettier's document language and its line-fitting printer, in Python.

prettier formats code in two steps: each syntax node becomes a *document* (strings, groups that
print flat when they fit on the line and broken otherwise, indentation, soft and hard line
breaks, conditional groups that try several layouts in turn), then `printDocToString` lays the
document out in 80 columns. Generated TypeScript passes `prettier --check` only if it is laid out
exactly that way, so `tools.sync.tsnodes` builds the documents prettier builds for the few shapes
we emit and this module prints them with prettier's algorithm (prettier 3.x,
src/document/printer.js: `fits`, `printDocToString`, `propagateBreaks`), ported line for line
for the document kinds we use. Line suffixes (trailing comments), `fill`, `align` and cursors are
left out: nothing we emit produces them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Union

WIDTH = 80
INDENT = "  "
MODE_BREAK = "break"
MODE_FLAT = "flat"


@dataclass(eq=False, slots=True)
class Group:
    contents: "Doc"
    break_: bool = False  # shouldBreak, or a break propagated from a hard line inside
    id: object | None = None
    expanded_states: list["Doc"] | None = None  # conditionalGroup: layouts tried in turn
    breaks: bool | None = None  # will_break's answer, kept (contents do not change once built)


@dataclass(eq=False, slots=True)
class Indent:
    contents: "Doc"


@dataclass(eq=False, slots=True)
class Line:
    soft: bool = False  # prints nothing when flat (a plain line prints a space)
    hard: bool = False  # always breaks


@dataclass(eq=False, slots=True)
class IfBreak:
    break_contents: "Doc"
    flat_contents: "Doc" = ""
    group_id: object | None = None


@dataclass(eq=False, slots=True)
class IndentIfBreak:
    contents: "Doc"
    group_id: object


@dataclass(eq=False, slots=True)
class BreakParent:
    pass


@dataclass(eq=False, slots=True)
class Label:
    label: str
    contents: "Doc"


Doc = Union[str, list, Group, Indent, Line, IfBreak, IndentIfBreak, BreakParent, Label]

line = Line()
softline = Line(soft=True)
_hardline_only = Line(hard=True)
break_parent = BreakParent()
hardline: list = [_hardline_only, break_parent]


def group(contents: Doc, *, should_break: bool = False, id: object | None = None) -> Group:
    return Group(contents, should_break, id)


def conditional_group(states: list[Doc]) -> Group:
    return Group(states[0], False, None, states)


def indent(contents: Doc) -> Indent:
    return Indent(contents)


def if_break(break_contents: Doc, flat_contents: Doc = "", group_id: object | None = None) -> IfBreak:
    return IfBreak(break_contents, flat_contents, group_id)


def join(separator: Doc, docs: list[Doc]) -> list:
    out: list = []
    for index, doc in enumerate(docs):
        if index:
            out.append(separator)
        out.append(doc)
    return out


def string_width(text: str) -> int:
    """Columns a string takes: wide East Asian characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


# -- inspecting documents ---------------------------------------------------------------------------

def _children(doc: Doc, conditional: bool) -> list[Doc]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, Group):
        return list(doc.expanded_states) if conditional and doc.expanded_states else [doc.contents]
    if isinstance(doc, (Indent, IndentIfBreak, Label)):
        return [doc.contents]
    if isinstance(doc, IfBreak):
        return [doc.break_contents, doc.flat_contents]
    return []


def will_break(doc: Doc) -> bool:
    """prettier's willBreak: a broken group, a hard line or a break-parent anywhere inside.

    Asked while documents are built (before `print_doc` propagates breaks); a group remembers
    its answer, since the same printed arguments are asked about at every level of nesting.
    """
    if isinstance(doc, str):
        return False
    if isinstance(doc, Group):
        if doc.breaks is None:
            doc.breaks = doc.break_ or will_break(doc.contents)
        return doc.breaks
    if isinstance(doc, Line):
        return doc.hard
    if isinstance(doc, BreakParent):
        return True
    return any(will_break(child) for child in _children(doc, conditional=False))


def remove_lines(doc: Doc) -> Doc:
    """prettier's removeLines: soft lines vanish, lines become spaces, if-breaks take their flat side."""
    if isinstance(doc, Line) and not doc.hard:
        return "" if doc.soft else " "
    if isinstance(doc, IfBreak):
        return remove_lines(doc.flat_contents)
    if isinstance(doc, list):
        return [remove_lines(d) for d in doc]
    if isinstance(doc, Group):
        states = [remove_lines(s) for s in doc.expanded_states] if doc.expanded_states else None
        return Group(remove_lines(doc.contents), doc.break_, doc.id, states)
    if isinstance(doc, Indent):
        return Indent(remove_lines(doc.contents))
    if isinstance(doc, IndentIfBreak):
        return IndentIfBreak(remove_lines(doc.contents), doc.group_id)
    if isinstance(doc, Label):
        return Label(doc.label, remove_lines(doc.contents))
    return doc


def propagate_breaks(doc: Doc) -> None:
    """A hard line breaks every enclosing group up to the nearest conditional group.

    prettier's propagateBreaks: a break-parent (every hard line carries one) breaks the group around
    it; a broken group breaks the group around it in turn; a conditional group is never broken
    this way (it picks its layout itself) and so stops the chain. Shared groups are visited once.
    """
    seen: set[int] = set()

    def visit(item: Doc) -> bool:  # does `item` break the group around it?
        kind = type(item)
        if kind is str or kind is Line:
            return False
        if kind is list:
            found = False
            for child in item:  # every child: groups further down are marked on the way
                if visit(child):
                    found = True
            return found
        if kind is Group:
            if id(item) in seen:
                return item.break_
            seen.add(id(item))
            if item.expanded_states:
                for state in item.expanded_states:
                    visit(state)
                return item.break_
            if visit(item.contents):
                item.break_ = True
            return item.break_
        if kind is BreakParent:
            return True
        if kind is IfBreak:
            broke = visit(item.break_contents)
            return visit(item.flat_contents) or broke
        return visit(item.contents)  # Indent, IndentIfBreak, Label

    visit(doc)


# -- printing -------------------------------------------------------------------------------------
# A command is (indent, mode, doc), as in prettier's printer.

def _fits(next_command: tuple, rest: list[tuple], width: int, modes: dict, must_be_flat: bool = False) -> bool:
    rest_index = len(rest)
    commands = [(next_command[1], next_command[2])]
    pending_space = False
    while width >= 0:
        if not commands:
            if rest_index == 0:
                return True
            rest_index -= 1
            commands.append((rest[rest_index][1], rest[rest_index][2]))
            continue
        mode, doc = commands.pop()
        kind = type(doc)
        if kind is str:
            if doc:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(doc) if doc.isascii() else string_width(doc)
        elif kind is list:
            commands.extend([(mode, part) for part in reversed(doc)])
        elif kind is Group:
            if must_be_flat and doc.break_:
                return False
            group_mode = MODE_BREAK if doc.break_ else mode
            contents = doc.expanded_states[-1] if doc.expanded_states and group_mode == MODE_BREAK else doc.contents
            commands.append((group_mode, contents))
        elif kind is Line:
            if mode == MODE_BREAK or doc.hard:
                return True
            if not doc.soft:
                pending_space = True
        elif kind is IfBreak:
            group_mode = modes.get(doc.group_id, MODE_FLAT) if doc.group_id is not None else mode
            contents = doc.break_contents if group_mode == MODE_BREAK else doc.flat_contents
            if contents:
                commands.append((mode, contents))
        elif kind is not BreakParent:  # Indent, IndentIfBreak, Label
            commands.append((mode, doc.contents))
    return False


def print_doc(doc: Doc, width: int = WIDTH) -> str:
    """Lay `doc` out in `width` columns exactly as prettier's printDocToString does."""
    propagate_breaks(doc)
    modes: dict = {}
    out: list[str] = []
    position = 0
    remeasure = False
    commands: list[tuple] = [("", MODE_BREAK, doc)]
    while commands:
        command = commands.pop()
        current, mode, item = command
        kind = type(item)
        if kind is str:
            out.append(item)
            position += len(item) if item.isascii() else string_width(item)
        elif kind is list:
            commands.extend([(current, mode, part) for part in reversed(item)])
        elif kind is Group:
            chosen, remeasure = _print_group(command, commands, width - position, remeasure, modes)
            commands.append(chosen)
            if item.id is not None:
                modes[item.id] = chosen[1]
        elif kind is Line:
            if mode == MODE_FLAT and not item.hard:
                if not item.soft:
                    out.append(" ")
                    position += 1
                continue
            if mode == MODE_FLAT:
                remeasure = True
            _trim(out)
            out.append("\n" + current)
            position = len(current)
        elif kind is Indent:
            commands.append((current + INDENT, mode, item.contents))
        elif kind is IfBreak or kind is IndentIfBreak:
            commands.extend(_if_break(command, modes))
        elif kind is Label:
            commands.append((current, mode, item.contents))
    return "".join(out)


def _print_group(command: tuple, rest: list[tuple], remaining: int, remeasure: bool, modes: dict) -> tuple[tuple, bool]:
    current, mode, item = command
    if mode == MODE_FLAT and not remeasure:
        return (current, MODE_BREAK if item.break_ else MODE_FLAT, item.contents), remeasure
    flat = (current, MODE_FLAT, item.contents)
    if not item.break_ and _fits(flat, rest, remaining, modes):
        return flat, False
    if not item.expanded_states:
        return (current, MODE_BREAK, item.contents), False
    if not item.break_:
        for state in item.expanded_states[1:-1]:
            candidate = (current, MODE_FLAT, state)
            if _fits(candidate, rest, remaining, modes):
                return candidate, False
    return (current, MODE_BREAK, item.expanded_states[-1]), False


def _if_break(command: tuple, modes: dict) -> list[tuple]:
    current, mode, item = command
    group_mode = modes.get(item.group_id) if item.group_id is not None else mode
    if type(item) is IfBreak:
        contents = item.break_contents if group_mode == MODE_BREAK else item.flat_contents if group_mode == MODE_FLAT else None
    else:
        contents = Indent(item.contents) if group_mode == MODE_BREAK else item.contents if group_mode == MODE_FLAT else None
    return [(current, mode, contents)] if contents else []


def _trim(out: list[str]) -> None:
    """Drop trailing spaces and tabs before a line break (prettier's trim)."""
    while out:
        stripped = out[-1].rstrip(" \t")
        if stripped:
            out[-1] = stripped
            return
        out.pop()
