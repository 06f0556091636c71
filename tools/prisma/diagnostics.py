"""Collecting located validation errors, and reading attribute arguments with clear complaints.

Validation goes on after the first mistake so that a person sees every problem of a schema at
once (as `prisma validate` does); `raise_if_any` turns what was collected into one SchemaError.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Iterable

from tools.errors import Located, SchemaError, located
from tools.prisma.ast import (
    Argument,
    ArrayValue,
    Attribute,
    ConstantValue,
    FunctionValue,
    Node,
    NumberValue,
    StringValue,
    Value,
)


class Diagnostics:
    def __init__(self) -> None:
        self.problems: list[Located] = []

    def error(self, node: Node, message: str, help: str | None = None, start: int | None = None, end: int | None = None) -> None:
        span = node.file.span(node.start if start is None else start, node.end if end is None else end)
        self.problems.append(located(message, span, node.file.text, help))

    def raise_if_any(self) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: (p.span.file, p.span.line, p.span.column))
            raise SchemaError(self.problems)


def suggest(name: str, candidates: Iterable[str], prefix: str = "") -> str | None:
    """`did you mean …?` for a misspelt name, or None."""
    match = get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{prefix}{match[0]}`?" if match else None


def value_kind(value: Value) -> str:
    if isinstance(value, StringValue):
        return "a string"
    if isinstance(value, NumberValue):
        return "a number"
    if isinstance(value, ArrayValue):
        return "a list"
    if isinstance(value, FunctionValue):
        return f"a function call `{value.name}(…)`"
    return f"`{value.name}`"


class AttributeArgs:
    """The arguments of one attribute, checked against the names it accepts."""

    def __init__(self, attribute: Attribute, diagnostics: Diagnostics, accepted: tuple[str, ...], positional: str | None = None):
        self.attribute = attribute
        self.diagnostics = diagnostics
        self.values: dict[str, Argument] = {}
        arguments = attribute.args
        if not arguments:  # the common case (@id, @unique, @updatedAt…): nothing to check
            return
        if len(arguments) == 1 and arguments[0].name is None and positional is not None:
            self.values[positional] = arguments[0]  # `@map("x")`, `@default(0)`, `@@index([a])`
            return
        positional_seen = False
        for argument in arguments:
            name = argument.name
            if name is None:
                if positional is None or positional_seen:
                    diagnostics.error(argument, f"{attribute.display} takes no unnamed argument here",
                                      f"name it: one of {', '.join(accepted)}" if accepted else None)
                    continue
                name = positional
                positional_seen = True
            if name not in accepted:
                hint = suggest(name, accepted)
                diagnostics.error(argument, f"{attribute.display} has no argument `{name}`",
                                  hint or (f"it accepts {', '.join(accepted)}" if accepted else f"{attribute.display} takes no arguments"))
                continue
            if name in self.values:
                diagnostics.error(argument, f"the argument `{name}` is given twice in {attribute.display}")
                continue
            self.values[name] = argument

    def get(self, name: str) -> Value | None:
        argument = self.values.get(name)
        return argument.value if argument else None

    def string(self, name: str) -> str | None:
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, StringValue):
            return value.value
        self.diagnostics.error(value, f"`{name}` in {self.attribute.display} must be a string, not {value_kind(value)}",
                               f'write {name}: "…"')
        return None

    def constant(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, ConstantValue) and value.name in allowed:
            return value.name
        shown = value.name if isinstance(value, ConstantValue) else value_kind(value)
        hint = suggest(shown, allowed) if isinstance(value, ConstantValue) else None
        self.diagnostics.error(value, f"`{shown}` is not a valid value for `{name}` in {self.attribute.display}",
                               hint or f"use one of {', '.join(allowed)}")
        return None

    def names(self, name: str) -> list[tuple[str, Value]] | None:
        """A list of field references such as `[a, b]` (items may carry arguments: `a(sort: Desc)`)."""
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, (ConstantValue, FunctionValue)):
            return [(value.name, value)]  # Prisma accepts a single field without brackets
        if not isinstance(value, ArrayValue):
            self.diagnostics.error(value, f"`{name}` in {self.attribute.display} must be a list of fields, like [a, b]")
            return None
        out = []
        for item in value.items:
            if isinstance(item, ConstantValue):
                out.append((item.name, item))
            elif isinstance(item, FunctionValue):
                out.append((item.name, item))
            else:
                self.diagnostics.error(item, f"expected a field name in `{name}`, found {value_kind(item)}")
        return out
