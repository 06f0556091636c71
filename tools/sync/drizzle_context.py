"""What the parts of the Drizzle generator share: its options, the imports and custom types it
collects while building the file, and the names it gave each table, enum and schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tools.catalog.model import Catalog, Table
from tools.errors import ConfigError
from tools.prisma.schema import PrismaModel, PrismaSchema
from tools.sync.drizzle_names import Names, identifier
from tools.sync.tsprint import ts_string
from tools.typemap import DrizzleColumn

DATE_MODES = ("date", "string")
BIGINT_MODES = ("bigint", "number", "string")
DECIMAL_MODES = ("string", "number")
RELATION_APIS = ("v1", "v2")


@dataclass(frozen=True, slots=True)
class DrizzleOptions:
    """Choices the schema cannot make. The defaults give the TypeScript types Prisma Client gives."""

    # DateTime as a JS Date (Prisma's type) or as the ISO string PostgreSQL sends.
    date_mode: str = "date"
    # BigInt as a JS bigint (Prisma's type), a number (loses precision past 2^53) or a string.
    bigint_mode: str = "bigint"
    # Decimal as the exact string pg returns, or a number (Prisma returns Decimal.js objects).
    decimal_mode: str = "string"
    # relations() of drizzle-orm 0.45 (RQB v1), or defineRelations() of drizzle-orm 1.0 (RQB v2).
    relations: str = "v1"
    # Where `/// [TypeName]` Json types live (prisma-json-types-generator's global namespace), and
    # a module to import that namespace from instead.
    json_namespace: str = "PrismaJson"
    json_types_module: str | None = None

    @classmethod
    def from_sync(cls, options: Any) -> "DrizzleOptions":
        """The Drizzle options inside `triple-orm sync`'s options (shared keys and `drizzle_*` ones)."""
        if options is None:
            return cls()
        if isinstance(options, cls):
            return options.validated()
        values = {}
        for name in cls.__dataclass_fields__:
            for key in (f"drizzle_{name}", name):
                if hasattr(options, key):
                    values[name] = getattr(options, key)
                    break
        return cls(**values).validated()

    def validated(self) -> "DrizzleOptions":
        for name, allowed in (("date_mode", DATE_MODES), ("bigint_mode", BIGINT_MODES),
                              ("decimal_mode", DECIMAL_MODES), ("relations", RELATION_APIS)):
            if getattr(self, name) not in allowed:
                raise ConfigError(f"drizzle {name.replace('_', '-')} must be one of {', '.join(allowed)}, "
                                  f"not {getattr(self, name)!r}")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Imports:
    """What the file imports, collected while it is built (each set is printed sorted)."""

    orm: set[str] = field(default_factory=set)  # from "drizzle-orm"
    core: set[str] = field(default_factory=set)  # from "drizzle-orm/pg-core"
    core_types: set[str] = field(default_factory=set)  # `type X` from "drizzle-orm/pg-core"
    packages: dict[str, set[str]] = field(default_factory=dict)  # module -> named imports
    defaults: dict[str, str] = field(default_factory=dict)  # module -> default import
    json_namespace: bool = False

    def package(self, module: str, name: str, default: bool = False) -> None:
        if default:
            self.defaults[module] = name
        else:
            self.packages.setdefault(module, set()).add(name)


@dataclass(frozen=True)
class CustomType:
    """A `customType` the file declares: its name and the complete, prettier-formatted declaration."""

    name: str
    text: str


# drizzle-kit 0.31 writes a column type as given when it starts with one of these names, and in
# double quotes otherwise ("citext" works; "geography(Point,4326)" names no type).
KIT_UNQUOTED_TYPES = ("uuid", "smallint", "integer", "bigint", "boolean", "text", "varchar", "serial", "bigserial",
                      "decimal", "numeric", "real", "json", "jsonb", "time", "timestamp", "date", "interval",
                      "double precision", "char", "vector", "geometry", "halfvec", "sparsevec", "bit")
QUOTED_TYPE_NOTE = ("// drizzle-kit 0.31 writes this type in double quotes, as one name, which PostgreSQL rejects:\n"
                    "// create these columns in a custom migration (the schema still describes them exactly).\n")


def custom_type_text(name: str, data: str, sql: str, parametrised: bool) -> str:
    """The declaration of a customType for `sql` values typed `data` (with a length when parametrised)."""
    note = QUOTED_TYPE_NOTE if "(" in sql and not sql.startswith(KIT_UNQUOTED_TYPES) else ""
    return note + _custom_type_code(name, data, sql, parametrised)


def _custom_type_code(name: str, data: str, sql: str, parametrised: bool) -> str:
    if parametrised:
        return (f"const {name} = customType<{{ data: {data}; config: {{ length?: number }} }}>({{\n"
                f"  dataType(config) {{\n"
                f"    return config?.length ? `{sql}(${{config.length}})` : {ts_string(sql)};\n"
                f"  }},\n}});")
    return (f"const {name} = customType<{{ data: {data} }}>({{\n"
            f"  dataType() {{\n    return {ts_string(sql)};\n  }},\n}});")


@dataclass
class DrizzleContext:
    """The schema, the catalog Prisma creates from it, the options, and the names handed out."""

    schema: PrismaSchema
    catalog: Catalog
    options: DrizzleOptions
    imports: Imports = field(default_factory=Imports)
    table_names: dict[str, str] = field(default_factory=dict)  # catalog table key -> TS name
    view_names: dict[str, str] = field(default_factory=dict)  # model name -> TS name
    enum_names: dict[str, str] = field(default_factory=dict)  # Prisma enum name -> TS name
    schema_names: dict[str, str] = field(default_factory=dict)  # database schema -> TS name
    customs: dict[str, CustomType] = field(default_factory=dict)  # SQL type -> declaration
    models_by_table: dict[str, PrismaModel] = field(default_factory=dict)  # catalog table key -> model
    table_keys: dict[str, str] = field(default_factory=dict)  # model name -> catalog table key
    join_keys: dict[str, str] = field(default_factory=dict)  # implicit m2m join table name -> catalog key
    names: Names = field(default_factory=Names)

    def table_of(self, model: PrismaModel) -> Table:
        return self.catalog.tables[self.table_keys[model.name]]

    def model_var(self, model: PrismaModel) -> str:
        if model.kind == "view":
            return self.view_names[model.name]
        return self.table_names[self.table_of(model).key]

    def builder(self, spec: DrizzleColumn) -> str:
        """The name to call for a column of `spec`'s type (importing it, or declaring its customType)."""
        if spec.custom is None:
            self.imports.core.add(spec.builder)
            return spec.builder
        sql = spec.custom_sql or spec.builder
        return self.custom(sql, spec.builder, spec.custom, parametrised=bool(spec.typmod))

    def custom(self, sql: str, wanted: str, data: str, *, parametrised: bool = False) -> str:
        """The customType declared for values of SQL type `sql` (declared once, on first use)."""
        if sql not in self.customs:
            name = self.names.take(identifier(wanted)[:30], "Type")
            self.customs[sql] = CustomType(name, custom_type_text(name, data, sql, parametrised))
            self.imports.core.add("customType")
        return self.customs[sql].name
