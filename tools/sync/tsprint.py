"""TypeScript text exactly as prettier (3.x, default options) prints it, for the few shapes we emit.

The generated files must pass `prettier --check` as written, without Node at generation time. We
only ever emit a handful of constructs (interfaces of `key: Type;` lines, string-literal unions,
`as const` objects, JSDoc blocks), so the rules prettier applies to them are written down here,
each measured against prettier 3.10 (print width 80, double quotes, quoteProps "as-needed"):

- a property whose line exceeds 80 columns stays on one line when its type cannot break (a name,
  `Name | null`, `Generated<Name>`, `Generated<G<Name> | null>`, `G<Name>`); `Generated<G<Name>>`
  and `Generated<T[]…>` move their argument to its own line; `T[] | null` moves to the next line;
- a type alias that does not fit moves its right-hand side to the next line, and a union that still
  does not fit puts one member per line behind a leading `|`;
- `export const X = {` longer than 80 columns moves the object to the next line;
- keys are quoted only when they are not identifier names; strings use double quotes unless the
  value holds more double than single quotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WIDTH = 80
_ASCII_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def ts_string(value: str) -> str:
    """A string literal the way prettier prints it (its quote choice, minimal escapes)."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif ord(char) < 0x20:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


def is_identifier_name(name: str) -> bool:
    """An ES5 IdentifierName (what prettier leaves unquoted as a key)."""
    if _ASCII_IDENTIFIER.fullmatch(name):
        return True
    if not name or name.isascii():
        return False
    first = unicodedata.category(name[0])
    if not (first.startswith("L") or first == "Nl" or name[0] in "$_"):
        return False
    return all(c in "$_" or unicodedata.category(c)[0] == "L" or unicodedata.category(c) in ("Nl", "Mn", "Mc", "Nd", "Pc")
               for c in name[1:])


def ts_key(name: str) -> str:
    return name if is_identifier_name(name) else ts_string(name)


@dataclass(frozen=True, slots=True)
class ColumnTs:
    """The type of one property: a base type, maybe `| null`, maybe wrapped in `Generated<…>`.

    `shape` says how prettier may break the base: "name" (an identifier or `A.B`: never),
    "generic" (`G<Name>`: only when nested in another generic), "array" (`T[]`).
    """

    base: str
    shape: str = "name"
    nullable: bool = False
    generated: bool = False

    @property
    def inner(self) -> str:
        return self.base + (" | null" if self.nullable else "")

    def text(self) -> str:
        return f"Generated<{self.inner}>" if self.generated else self.inner


def property_lines(key: str, column: ColumnTs, indent: str = "  ") -> list[str]:
    """`key: Type;` inside an interface, broken as prettier breaks it when it is too long."""
    flat = f"{indent}{key}: {column.text()};"
    if len(flat) <= WIDTH:
        return [flat]
    if column.generated and (column.shape == "array" or (column.shape == "generic" and not column.nullable)):
        return [f"{indent}{key}: Generated<", f"{indent}  {column.inner}", f"{indent}>;"]
    if not column.generated and column.shape == "array" and column.nullable:
        return [f"{indent}{key}:", f"{indent}  {column.inner};"]
    return [flat]


def type_alias_lines(name: str, members: list[str]) -> list[str]:
    """`export type Name = A | B;` broken the way prettier breaks a type alias."""
    flat = f"export type {name} = {' | '.join(members)};"
    if len(flat) <= WIDTH:
        return [flat]
    rhs = f"  {' | '.join(members)};"
    if len(members) == 1 or len(rhs) <= WIDTH:
        return [f"export type {name} =", rhs]
    return [f"export type {name} ="] + [f"  | {m}" for m in members[:-1]] + [f"  | {members[-1]};"]


def const_object_lines(name: str, entries: list[tuple[list[str], str, str]]) -> list[str]:
    """`export const Name = { key: value, } as const;` with (doc lines, key, value) entries."""
    head = f"export const {name} = {{"
    pad = "  "
    lines = [head]
    if len(head) > WIDTH:  # prettier moves the whole object below the `=`
        lines, pad = [f"export const {name} =", "  {"], "    "
    for doc, key, value in entries:
        lines += [pad + line for line in doc]
        lines.append(f"{pad}{key}: {value},")
    lines.append(f"{pad[:-2]}}} as const;")
    return lines


def jsdoc_lines(text: str | None, indent: str = "") -> list[str]:
    """A `/** … */` block holding `text` (one line when it is one line)."""
    if not text or not text.strip():
        return []
    lines = [line.rstrip() for line in text.replace("*/", "*\\/").splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) == 1:
        return [f"{indent}/** {lines[0].strip()} */"]
    return [f"{indent}/**"] + [f"{indent} * {line}" if line else f"{indent} *" for line in lines] + [f"{indent} */"]
