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
    free: list[str] = field(default_factory=list)  # names the code takes from its surroundings (`request` …)
    free_types: dict[str, str] = field(default_factory=dict)  # `any[]` for a list a row is mapped from

    def module(self, client_type: str, function: str = "query") -> str:
        """`export async function query(db: <client_type>, ...params) { return <code>; }` with imports.

        Names the code takes from the code it came from (`request.params.slug`) become `any`
        parameters: their types are the application's, everything else is checked."""
        args = ", ".join([f"{self.client}: {client_type}"] + [f"{n}: {t}" for n, t in self.params]
                         + [f"{n}: {self.free_types.get(n, 'any')}" for n in self.free if n not in dict(self.params)])
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
        self.free: list[str] = []
        self.free_types: dict[str, str] = {}
        self.in_callback = False

    def use(self, module: str, *names: str) -> None:
        self.imports.setdefault(module, set()).update(names)

    def import_lines(self) -> list[str]:
        lines = []
        for module, names in sorted(self.imports.items(), key=lambda item: (not item[0].startswith(("drizzle", "kysely")), item[0])):
            types = sorted(n.removeprefix("type ") for n in names if n.startswith("type "))
            defaults = sorted(n.removeprefix("default ") for n in names if n.startswith("default "))
            values = sorted(n for n in names if not n.startswith(("type ", "default ")))
            lines += [f"import {name} from {json.dumps(module)};" for name in defaults]
            if values:
                lines.append(f"import {{ {', '.join(values)} }} from {json.dumps(module)};")
            if types:
                lines.append(f"import type {{ {', '.join(types)} }} from {json.dumps(module)};")
        return lines

    def value(self, expr, field: PrismaField | None, list_: bool = False, ts: str | None = None) -> str:
        """A literal or a parameter compared with (or assigned to) `field` (or of TypeScript type `ts`)."""
        if isinstance(expr, Param):
            return self.param(expr, field, list_ or expr.list, ts)
        if isinstance(expr, Lit):
            if isinstance(expr.value, str) and field is not None and field.kind == "enum":
                # in a row built by a callback TypeScript widens "CLOSE" to string: keep the literal type
                return enum_literal(field, self.schema, self.orm, expr.value) + (" as const" if self.in_callback else "")
            return literal(expr.value, value_kind(field, self.orm) if field is not None else "unknown")
        raise TypeError(f"not a value: {expr!r}")

    def param(self, param: Param, field: PrismaField | None, list_: bool = False, ts: str | None = None) -> str:
        if param.text and not _is_identifier(param.text):
            self.expression(param.text)
            return param.text  # a TypeScript expression from the original code, kept as written
        name = param.text or param.name
        if field is None:
            kind = ts or "unknown"
        elif field.kind == "enum":
            kind = ts_type(field, self.orm, enum_values(field, self.schema, self.orm))
            kind = f"({kind})" if list_ and "|" in kind else kind
        else:
            kind = ts_type(field, self.orm)
        self.params.setdefault(name, f"{kind}[]" if list_ else kind)
        return name

    def client_defaults(self, model: PrismaModel, given: set[str], update: bool = False) -> dict[str, str]:
        """Values Prisma Client fills that the database does not: client-side ids (`uuid()`, `cuid()`,
        `ulid()`, `nanoid()`) on insert and `@updatedAt` on insert and update. Written out for
        Kysely, whose generated types make them required (Drizzle's $defaultFn/$onUpdate fill them)."""
        from tools.sync.drizzle_columns import CLIENT_DEFAULTS

        out: dict[str, str] = {}
        for column in model.columns:
            default = column.default
            if column.name in given:
                continue
            if column.updated_at:
                out[column.name] = "new Date()"
            elif not update and default is not None and default.client_side:
                version = default.args[0] if default.args and default.function != "nanoid" else None
                package = CLIENT_DEFAULTS.get((default.function, version))
                if package is None:
                    continue
                self.use(package.module, package.specifier if not package.default_import else f"default {package.name}")
                size = str(default.args[0]) if default.function == "nanoid" and default.args else ""
                out[column.name] = f"{package.name}({size})"
        if out:
            self.notes.append("Prisma Client fills " + ", ".join(out) + " itself; the database has no default for "
                              "them, so the query sets them")
        return out

    def expression(self, text: str, bound: tuple[str, ...] = ()) -> str:
        """Note the free names of a TypeScript expression kept from the original code."""
        for name in free_names(text):
            if name not in bound and name not in self.free:
                self.free.append(name)
        return text

    def mapped_row(self, render) -> str:
        """`render()` with enum literals kept literal (the row is returned from a callback)."""
        self.in_callback = True
        try:
            return render()
        finally:
            self.in_callback = False

    def rows_from(self, rows_from, row: str) -> str:
        """`list.map((item) => ({ … }))` with the free names of the list and of the row noted."""
        bound = tuple(free_names(rows_from.item))
        self.expression(rows_from.list_text)
        if _is_identifier(rows_from.list_text):
            self.free_types[rows_from.list_text] = "any[]"
        self.free = [n for n in self.free if n not in bound]
        return f"{rows_from.list_text}.map(({rows_from.item}) => ({row}))"

    def finish(self, code: str) -> Written:
        return Written(self.orm, code, self.import_lines(), list(self.params.items()), list(dict.fromkeys(self.notes)),
                       self.names.clients[self.orm], list(self.prelude), list(self.free), dict(self.free_types))


_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_SIMPLE_SQL_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


_GLOBALS = frozenset("""Date JSON Math Number String Boolean BigInt Array Object Buffer Promise undefined null true false
    new typeof instanceof void await async in of as this crypto process console Symbol Infinity NaN string number
    boolean unknown any never object bigint const""".split())
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`\\]|\\.)*`")
_SUBSTITUTIONS = re.compile(r"\$\{([^{}]*)\}")


def free_names(text: str) -> list[str]:
    """The identifiers an expression takes from its scope: not properties (`.x`), keys (`x:`), globals.
    Strings are skipped, but the `${…}` of a template literal are code."""
    code = _STRINGS.sub(lambda m: " ".join(["\"\""] + _SUBSTITUTIONS.findall(m.group(0))) if m.group(0)[0] == "`" else '""',
                        text)
    bound = set()  # parameters of arrow functions inside the expression: `(eb) => …`, `({ a, b }) => …`
    for match in re.finditer(r"\(([^()]*)\)\s*(?::[^=]*)?=>|([A-Za-z_$][\w$]*)\s*=>", code):
        params = match.group(1) if match.group(1) is not None else match.group(2)
        bound.update(re.findall(r"[A-Za-z_$][\w$]*", re.sub(r":\s*[^,}]+", "", params)))
    names = []
    for match in re.finditer(r"(?<![\w$.])[A-Za-z_$][\w$]*", code):
        name = match.group(0)
        after = code[match.end():].lstrip()
        if name in _GLOBALS or name in bound or (after.startswith(":") and not after.startswith("::")) \
                or after.startswith("=>"):
            continue
        if name not in names:
            names.append(name)
    return names


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
