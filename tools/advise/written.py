"""A query written in one ORM: the code, its imports, its parameters, and what the writer noted.

`Written.module()` wraps the code in a TypeScript module that declares the client and takes the
parameters as typed function arguments: the form the tests compile with `tsc --strict` against
the project's generated Drizzle and Kysely files, and run with tsx against PostgreSQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tools.advise.ir import Lit, Param
from tools.advise.names import OrmNames
from tools.advise.values import enum_literal, enum_values, literal, ts_type, value_kind
from tools.prisma.schema import PrismaField, PrismaModel

ORM_TITLES = {"prisma": "Prisma", "drizzle": "Drizzle", "kysely": "Kysely"}


@dataclass(slots=True)
class Written:
    orm: str
    code: str
    imports: list[str] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)  # (name, TypeScript type)
    notes: list[str] = field(default_factory=list)
    client: str = "db"
    prelude: list[str] = field(default_factory=list)  # statements before the query (`const u2 = alias(...)`)

    def module(self, client_type: str, function: str = "query") -> str:
        """`export async function query(db: <client_type>, ...params) { return <code>; }` with imports."""
        args = ", ".join([f"{self.client}: {client_type}"] + [f"{n}: {t}" for n, t in self.params])
        lines = self.prelude + [f"return {self.code.rstrip(';')};"]
        body = "\n".join("  " + line for text in lines for line in text.splitlines())
        return "\n".join(self.imports) + f"\n\nexport async function {function}({args}) {{\n{body}\n}}\n"

    def to_dict(self) -> dict[str, Any]:
        return {"orm": self.orm, "code": self.statement(), "imports": list(self.imports),
                "params": [{"name": n, "type": t} for n, t in self.params], "notes": list(self.notes)}

    def statement(self) -> str:
        """The code with the statements it needs before it."""
        return "\n".join(self.prelude + [self.code])

    def text(self) -> str:
        """Imports and code, as shown to a person."""
        return ("\n".join(self.imports) + "\n\n" if self.imports else "") + self.statement()


class Writer:
    """What the three writers share: parameters with their types, and values in the ORM's form."""

    orm = ""

    def __init__(self, names: OrmNames):
        self.names = names
        self.schema = names.schema
        self.params: dict[str, str] = {}
        self.notes: list[str] = []
        self.imports: dict[str, set[str]] = {}
        self.prelude: list[str] = []

    def use(self, module: str, *names: str) -> None:
        self.imports.setdefault(module, set()).update(names)

    def import_lines(self) -> list[str]:
        lines = []
        for module, names in sorted(self.imports.items(), key=lambda item: (not item[0].startswith(("drizzle", "kysely")), item[0])):
            types = sorted(n.removeprefix("type ") for n in names if n.startswith("type "))
            values = sorted(n for n in names if not n.startswith("type "))
            if values:
                lines.append(f"import {{ {', '.join(values)} }} from {json.dumps(module)};")
            if types:
                lines.append(f"import type {{ {', '.join(types)} }} from {json.dumps(module)};")
        return lines

    def value(self, expr, field: PrismaField | None, list_: bool = False) -> str:
        """A literal or a parameter compared with (or assigned to) `field`."""
        if isinstance(expr, Param):
            return self.param(expr, field, list_ or expr.list)
        if isinstance(expr, Lit):
            if isinstance(expr.value, str) and field is not None and field.kind == "enum":
                return enum_literal(field, self.schema, self.orm, expr.value)
            return literal(expr.value, value_kind(field, self.orm) if field is not None else "unknown")
        raise TypeError(f"not a value: {expr!r}")

    def param(self, param: Param, field: PrismaField | None, list_: bool = False) -> str:
        if param.text and not _is_identifier(param.text):
            return param.text  # a TypeScript expression from the original code, kept as written
        name = param.text or param.name
        if field is None:
            kind = "unknown"
        elif field.kind == "enum":
            kind = ts_type(field, self.orm, enum_values(field, self.schema, self.orm))
            kind = f"({kind})" if list_ and "|" in kind else kind
        else:
            kind = ts_type(field, self.orm)
        self.params.setdefault(name, f"{kind}[]" if list_ else kind)
        return name

    def finish(self, code: str) -> Written:
        return Written(self.orm, code, self.import_lines(), list(self.params.items()), list(dict.fromkeys(self.notes)),
                       self.names.clients[self.orm], list(self.prelude))


_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_SIMPLE_SQL_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


def _is_identifier(text: str) -> bool:
    return bool(_IDENT.fullmatch(text))


def chain(head: str, calls: list[str]) -> str:
    """`head.call1().call2()`: on one line when short, else one call per line (prettier's way)."""
    flat = head + "".join("." + c for c in calls)
    if len(flat) <= 80 and "\n" not in flat:
        return flat
    return head + "".join("\n  ." + c.replace("\n", "\n  ") for c in calls)


def wrap_call(function: str, argument: str, after: str = "") -> str:
    """`function(argument)after`, with a multi-line argument on its own indented lines."""
    if "\n" not in argument:
        return f"{function}({argument}){after}"
    comma = "," if function else ""  # `(expr,)` is not JavaScript: a bare parenthesis takes no comma
    return f"{function}(\n  " + argument.replace("\n", "\n  ") + f"{comma}\n){after}"


def listing(items: list[str], open_: str = "[", close: str = "]") -> str:
    """An array (or object) literal: on one line when short, else one item per line."""
    flat = open_ + ", ".join(items) + close
    if len(flat) <= 80 and "\n" not in flat:
        return flat
    return open_ + "\n  " + ",\n  ".join(i.replace("\n", "\n  ") for i in items) + ",\n" + close


def ts_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def related_model(field: PrismaField) -> PrismaModel:
    relation = field.relation
    if relation.join_table is not None:
        return relation.join_table.model_b if relation.join_table.field_a is field else relation.join_table.model_a
    if relation.holder is field:
        return relation.target
    return relation.holder.model


def relation_pairs(field: PrismaField) -> list[tuple[PrismaField, PrismaField]]:
    """(parent column, child column) pairs that tie a related row to its parent."""
    relation = field.relation
    if relation.holder is field:  # the parent holds the foreign key: child.pk = parent.fk
        return [(fk, ref) for fk, ref in zip(relation.fields, relation.references)]
    return [(ref, fk) for fk, ref in zip(relation.fields, relation.references)]


def ts_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_$][\w$]*", name) else ts_str(name)


def sql_ident(name: str) -> str:
    return name if _SIMPLE_SQL_IDENT.fullmatch(name) and name not in _SQL_RESERVED else '"' + name.replace('"', '""') + '"'


_SQL_RESERVED = frozenset("all and any array as asc both case cast check collate column constraint create current_date "
                          "current_time current_timestamp current_user default desc distinct do else end except false "
                          "for foreign from grant group having in initially intersect into leading limit localtime not "
                          "null offset on only or order placing primary references returning select session_user some "
                          "table then to trailing true union unique user using when where window with".split())


def escape_template(text: str) -> str:
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
