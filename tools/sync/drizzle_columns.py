"""One Drizzle column per Prisma field: the builder of its exact PostgreSQL type, then its modifiers.

The type comes from the catalog Prisma creates (`Column.type`, PostgreSQL's canonical spelling),
read through `tools.typemap.DRIZZLE_BUILDERS`, so `@db.VarChar(120)` becomes
`varchar({ length: 120 })` and a bare `DateTime` becomes `timestamp({ precision: 3 })`. Then, in
drizzle's usual order: `.$type<…>()` for a `/// [TypeName]` Json field, `.array()`, `.primaryKey()`
or `.notNull()`, the default, `.$onUpdate()`.

Defaults are written so that drizzle-kit stores exactly what Prisma stores. A JS literal is used
where drizzle-kit writes it as Prisma does (booleans, strings, enum values, integers and plain
decimals on number columns); everything else is Prisma's own DDL text inside ``sql`…` ``
(`CURRENT_TIMESTAMP`, not drizzle's `now()`; `0` on a numeric column, not `'0'`; arrays as
`ARRAY[…]`). Prisma's client-side defaults become `$defaultFn` with the npm package a TypeScript
project uses for that id (CLIENT_DEFAULTS), and `@updatedAt` becomes `$onUpdate`, which drizzle
also runs on insert when the column has no default, as Prisma does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.catalog.model import Column
from tools.errors import TripleOrmError
from tools.prisma.schema import DefaultValue, PrismaField
from tools.sync.drizzle_context import DrizzleContext
from tools.sync.jsontypes import json_annotation
from tools.sync.tsnodes import Arrow, Bool, Call, Ident, Member, New, Node, Num, Obj, Prop, Str, Tagged
from tools.typemap import DRIZZLE_BUILDERS, DrizzleColumn


class DrizzleTypeError(TripleOrmError):
    """A column type the Drizzle generator has no builder for (a gap in tools/typemap.py)."""


@dataclass(frozen=True, slots=True)
class ClientDefault:
    """The npm package that generates what one of Prisma's client-side default functions does."""

    module: str
    name: str  # the local name called
    specifier: str  # how it is imported ("v4 as uuidv4"), or the default import's name
    default_import: bool = False


# (function, version) -> package. cuid() is cuid v1, only implemented by the (deprecated) `cuid`
# package; cuid(2) is @paralleldrive/cuid2's createId; uuid() is v4.
CLIENT_DEFAULTS: dict[tuple[str, int | None], ClientDefault] = {
    ("uuid", None): ClientDefault("uuid", "uuidv4", "v4 as uuidv4"),
    ("uuid", 4): ClientDefault("uuid", "uuidv4", "v4 as uuidv4"),
    ("uuid", 7): ClientDefault("uuid", "uuidv7", "v7 as uuidv7"),
    ("cuid", None): ClientDefault("cuid", "cuid", "cuid", default_import=True),
    ("cuid", 1): ClientDefault("cuid", "cuid", "cuid", default_import=True),
    ("cuid", 2): ClientDefault("@paralleldrive/cuid2", "createId", "createId"),
    ("nanoid", None): ClientDefault("nanoid", "nanoid", "nanoid"),
    ("ulid", None): ClientDefault("ulid", "ulid", "ulid"),
}

# pgvector's builders need the dimension count; a vector without one is declared as a customType
NEEDS_TYPMOD = frozenset(("vector", "halfvec", "sparsevec"))
# a plain decimal that JavaScript prints back digit for digit (no exponent, no trailing zero)
_JS_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.\d{0,14}[1-9])?")
_TYPE = re.compile(r"(?P<base>[^()]*?)\s*(?:\((?P<mods>[^()]*)\))?\s*(?P<zone>with(?:out)? time zone)?")


def split_type(pg_type: str) -> tuple[str, list[str]]:
    """`timestamp(3) with time zone` -> (`timestamp with time zone`, ["3"])."""
    match = _TYPE.fullmatch(pg_type.strip())
    if match is None:
        return pg_type, []
    base = " ".join(filter(None, (match["base"], match["zone"])))
    mods = [m.strip() for m in match["mods"].split(",")] if match["mods"] else []
    return base, mods


def sql_template(ctx: DrizzleContext, text: str) -> Tagged:
    """``sql`text` `` (drizzle's sql tag reads the template's cooked strings, so escape for them)."""
    ctx.imports.orm.add("sql")
    escaped = (text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
               .replace("\n", "\\n").replace("\r", "\\r"))
    return Tagged("sql", escaped)


class ColumnBuilder:
    """Builds the expression of one column; `for_view` leaves out keys and defaults."""

    def __init__(self, ctx: DrizzleContext):
        self.ctx = ctx

    def column(self, field: PrismaField, column: Column, *, key: str, primary_key: bool = False,
               for_view: bool = False) -> Node:
        node, spec = self.type_call(field, column, key, serial=not for_view)
        node = self._chain(node, "$type", type_args=self._json_type(field))
        if column.array:
            node = self._chain(node, "array")
        serial = spec is not None and self._is_serial(field, spec) and not for_view
        if primary_key:
            node = self._chain(node, "primaryKey")
        elif not column.nullable and not serial:
            node = self._chain(node, "notNull")
        if for_view:
            return node
        default = self.default(field, column, spec)
        if default is not None:
            node = self._chain(node, default[0], default[1])
        if field.updated_at:
            node = self._chain(node, "$onUpdate", Arrow([], self._now(spec)))
        return node

    @staticmethod
    def _chain(node: Node, method: str, *args: Node | None, type_args: str | None = None) -> Node:
        if method == "$type" and type_args is None:
            return node
        return Call(Member(node, method), [a for a in args if a is not None], type_args)

    # -- the type --------------------------------------------------------------------------------
    def type_call(self, field: PrismaField, column: Column, key: str, *, serial: bool = True) -> tuple[Call, DrizzleColumn | None]:
        """`varchar("db_name", { length: 120 })`: the builder of the column's type (db name only if it differs)."""
        name_arg: list[Node] = [Str(column.name)] if column.name != key else []
        if field.kind == "enum":
            return Call(Ident(self.ctx.enum_names[field.type]), name_arg), None
        base, mods = split_type(column.type)
        spec = DRIZZLE_BUILDERS.get(base)
        if spec is None or (spec.builder in NEEDS_TYPMOD and not mods):
            if field.kind != "unsupported":
                raise DrizzleTypeError(f"no Drizzle builder for the PostgreSQL type `{column.type}` of "
                                       f"{field.model.name}.{field.name}", help="add it to DRIZZLE_BUILDERS in tools/typemap.py")
            sql = " ".join(field.type.split())
            return Call(Ident(self.ctx.custom(sql, sql, "string")), name_arg), None
        options = self._options(spec, mods)
        builder = spec.serial if serial and self._is_serial(field, spec) else self.ctx.builder(spec)
        if builder == spec.serial:
            self.ctx.imports.core.add(builder)
            options = [p for p in options if p.key == "mode"]
        return Call(Ident(builder), name_arg + ([Obj(options)] if options else [])), spec

    @staticmethod
    def _is_serial(field: PrismaField, spec: DrizzleColumn) -> bool:
        default = field.default
        return spec.serial is not None and default is not None and default.function == "autoincrement"

    def _options(self, spec: DrizzleColumn, mods: list[str]) -> list[Prop]:
        props = [Prop(name, Num(value)) for name, value in zip(spec.typmod, mods)]
        props += [Prop(name, Bool(value) if isinstance(value, bool) else Str(str(value))) for name, value in spec.fixed]
        mode = self._mode(spec)
        if mode is not None:
            props.append(Prop("mode", Str(mode)))
        return props

    def _mode(self, spec: DrizzleColumn) -> str | None:
        """The `mode` option, written only where it differs from drizzle's default (or is required)."""
        options = self.ctx.options
        if spec.mode == "bigint":
            return options.bigint_mode  # required by bigint() and bigserial()
        if spec.mode == "decimal":
            return "number" if options.decimal_mode == "number" else None
        if spec.mode == "date":
            drizzle_default = "string" if spec.builder == "date" else "date"
            return options.date_mode if options.date_mode != drizzle_default else None
        return None

    def _json_type(self, field: PrismaField) -> str | None:
        annotation = json_annotation(field)
        if annotation is None or annotation.type_name is None:
            return None
        if self.ctx.options.json_types_module:
            self.ctx.imports.json_namespace = True
        return f"<{self.ctx.options.json_namespace}.{annotation.type_name}>"

    # -- defaults --------------------------------------------------------------------------------
    def default(self, field: PrismaField, column: Column, spec: DrizzleColumn | None) -> tuple[str, Node] | None:
        default = field.default
        if default is None:
            return None
        if default.kind == "function":
            if default.function == "autoincrement" and spec is not None and spec.serial:
                return None  # the serial type's sequence
            if default.client_side:
                return "$defaultFn", Arrow([], self._client_default(default))
            return ("default", sql_template(self.ctx, column.default_ddl)) if column.default_ddl else None
        literal = self._literal(field, default, spec)
        if literal is not None:
            return "default", literal
        return "default", sql_template(self.ctx, column.default_ddl or "")

    def _literal(self, field: PrismaField, default: DefaultValue, spec: DrizzleColumn | None) -> Node | None:
        """A JS literal that drizzle-kit writes exactly as Prisma's DDL does, when there is one."""
        if default.kind != "literal":
            return None
        if field.kind == "enum":
            value = self.ctx.schema.enums[field.type].value(default.value)
            return Str(value.db_name) if value is not None else None  # the database holds the @map
        kind = spec.literal if spec is not None else None
        if default.literal == "boolean" and kind == "boolean":
            return Bool(bool(default.value))
        if default.literal == "number" and kind == "number" and _JS_NUMBER.fullmatch(str(default.value)):
            return Num(str(default.value))
        if default.literal == "string" and kind == "string":
            return Str(default.value)
        return None

    def _client_default(self, default: DefaultValue) -> Call:
        version = default.args[0] if default.args and default.function in ("uuid", "cuid") else None
        package = CLIENT_DEFAULTS[(default.function, version)]  # type: ignore[index]
        self.ctx.imports.package(package.module, package.specifier, default=package.default_import)
        args: list[Node] = [Num(str(default.args[0]))] if default.function == "nanoid" and default.args else []
        return Call(Ident(package.name), args)

    def _now(self, spec: DrizzleColumn | None) -> Node:
        """What `@updatedAt` sets: the client's clock, in the column's TypeScript type."""
        if spec is not None and spec.builder == "time":
            return sql_template(self.ctx, "CURRENT_TIME")  # drizzle types time as a string of the time of day
        if self.ctx.options.date_mode == "string":
            return Call(Member(New("Date"), "toISOString"))
        return New("Date")
