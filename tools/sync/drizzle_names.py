"""TypeScript names for what a Drizzle schema exports: tables, enums, schemas, custom types, relations.

A table is exported under its model's name in camelCase (`User` -> `user`, `URLShortener` ->
`urlShortener`), the way Drizzle projects name them. Names must not collide with one another, with
JavaScript's reserved words (a model `Class`), with what the file imports (a model `Index` would
shadow pg-core's `index`) or with the globals it uses (`Date`, `Buffer`); a name that would gets a
suffix (`indexTable`). Every name the file could ever import is reserved, whether this schema needs
it or not, so that adding a column never renames a table.
"""

from __future__ import annotations

import re

JS_RESERVED = frozenset("""
    arguments await break case catch class const continue debugger default delete do else enum eval
    export extends false finally for function if implements import in instanceof interface let new
    null package private protected public return static super switch this throw true try typeof
    undefined var void while with yield NaN Infinity
""".split())

# Everything the generated file may import or refer to: drizzle-orm, pg-core, the id packages, and
# the callbacks' parameters (`(t) => [...]`, `({ one, many }) => ...`, `(r) => ...`), which would
# shadow a table of that name inside them.
IMPORTABLE = frozenset("""
    sql relations defineRelations pgTable pgSchema pgEnum pgView customType primaryKey foreignKey
    index uniqueIndex PgTableExtraConfigValue text varchar char uuid inet boolean smallint integer
    bigint serial smallserial bigserial real doublePrecision numeric timestamp date time interval
    json jsonb vector halfvec sparsevec cidr macaddr macaddr8 point line createId cuid nanoid ulid
    uuidv4 uuidv7 Date Buffer crypto t r one many
""".split())

_LEADING_CAPITALS = re.compile(r"[A-Z]+")


def camel_case(name: str) -> str:
    """`User` -> `user`, `URLShortener` -> `urlShortener`, `API_Key` -> `api_Key`, `_CourseToTag` -> `courseToTag`."""
    name = name.lstrip("_") or name
    run = _LEADING_CAPITALS.match(name)
    if not run:
        return name
    capitals = run.group(0)
    if len(capitals) == len(name):
        return name.lower()
    if len(capitals) > 1 and name[len(capitals)].islower():
        # the last capital starts the next word: URLShortener -> url + Shortener
        return capitals[:-1].lower() + name[len(capitals) - 1:]
    return capitals.lower() + name[len(capitals):]


def identifier(text: str) -> str:
    """A camelCase identifier from free text (`geometry(Point,4326)` -> `geometryPoint4326`)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    if not words:
        return "value"
    name = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return ("_" + name) if name[0].isdigit() else name


class Names:
    """Hands out unique identifiers: the wanted one, or the first free one with a suffix."""

    def __init__(self, reserved: frozenset[str] | set[str] = JS_RESERVED | IMPORTABLE):
        self.taken = set(reserved)

    def take(self, wanted: str, suffix: str) -> str:
        for candidate in (wanted, wanted + suffix):
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        number = 2
        while f"{wanted}{suffix}{number}" in self.taken:
            number += 1
        self.taken.add(f"{wanted}{suffix}{number}")
        return f"{wanted}{suffix}{number}"
