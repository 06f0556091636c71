"""Typed Json fields: the `/// [TypeName]` convention of prisma-json-types-generator.

A Json field whose documentation starts with `[TypeName]` holds values of `PrismaJson.TypeName`, a
type the project declares (globally, in a `declare global { namespace PrismaJson { ... } }` file).
On a `Json[]` field the type is that of each element. The documentation Prisma hands to generators
is the field's leading `///` lines joined with a trailing `///` comment on the field's own line
(documenso writes `flags Json /// [ClaimFlags]`), so both count here.

Inline types (`/// ![Record<string, number>]`) and bracketed text that is not a type name are not
applied: the field stays an untyped Json value and the generator reports why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.prisma.schema import PrismaField

_TRAILING_DOC = re.compile(r"[ \t]*///([^\n]*)")
_TYPE_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")


@dataclass(frozen=True, slots=True)
class JsonAnnotation:
    """What `/// [...]` says about a Json field: a type name, or why it is not applied."""

    type_name: str | None  # "LessonMetadata" (to be read inside the JSON namespace)
    problem: str | None = None  # set when an annotation is present but not applied


def field_documentation(field: PrismaField) -> str | None:
    """The documentation Prisma gives the field: leading `///` lines, then a trailing `///` comment."""
    node = field.node
    trailing = _TRAILING_DOC.match(node.file.text, node.end)
    parts = [field.documentation] if field.documentation else []
    if trailing:
        text = trailing.group(1).rstrip("\r")
        parts.append(text[1:] if text.startswith(" ") else text)
    return "\n".join(parts) if parts else None


def json_annotation(field: PrismaField) -> JsonAnnotation | None:
    """The `[TypeName]` annotation of a Json field, or None when it has none."""
    if field.kind != "scalar" or field.type != "Json":
        return None
    text = (field_documentation(field) or "").strip()
    literal = text.startswith("!")
    body = _bracketed(text[1:] if literal else text)
    if body is None:
        return None
    if literal:
        return JsonAnnotation(None, f"inline type `![{body}]` is not applied: declare it in the namespace and write `/// [Name]`")
    if not _TYPE_NAME.fullmatch(body.strip()):
        return JsonAnnotation(None, f"`[{body}]` is not a type name: write `/// [Name]` with a type declared in the namespace")
    return JsonAnnotation(body.strip())


def _bracketed(text: str) -> str | None:
    """The text inside a leading `[...]` (brackets may nest; a backslash escapes one), else None."""
    if not text.startswith("["):
        return None
    depth = 0
    for index, char in enumerate(text):
        if index and text[index - 1] == "\\":
            continue
        depth += (char == "[") - (char == "]")
        if depth == 0:
            return text[1:index] or None
    return None
