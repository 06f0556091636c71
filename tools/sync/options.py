"""Options of `triple-orm sync` that change the generated files, from `[tool.triple-orm.sync]`.

    [tool.triple-orm.sync]
    runtime-enums = true          # Kysely: also `export const Role = { ... } as const`
    enum-arrays = "array"         # Kysely: Role[] (the app registers a pg parser) instead of text
    json-namespace = "PrismaJson" # where `/// [TypeName]` Json types live (prisma-json-types-generator's)
    json-types-module = "../../apps/api/src/json-types"   # import that namespace instead of the global
    drizzle-date-mode = "date"    # Drizzle: DateTime as Date or string; drizzle-bigint-mode,
                                  # drizzle-decimal-mode, drizzle-relations = "v1" | "v2"

Both generators (Drizzle and Kysely) receive the same `SyncOptions`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from tools.errors import ConfigError

ENUM_ARRAYS = ("text", "array")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@dataclass(frozen=True, slots=True)
class SyncOptions:
    # Kysely: emit a runtime object per enum beside its string-union type.
    runtime_enums: bool = False
    # Kysely: how arrays of types the `pg` driver has no parser for (enums, citext, bit, xml) are
    # typed. "text": what pg returns by default, the PostgreSQL array literal ("{A,B}");
    # "array": a JavaScript array, for applications that register a parser for those array types.
    enum_arrays: str = "text"
    # The TypeScript namespace that `/// [TypeName]` annotations name (prisma-json-types-generator
    # declares it globally as `PrismaJson`).
    json_namespace: str = "PrismaJson"
    # When set, the namespace is imported (`import type * as PrismaJson from "<module>"`) instead of
    # being the global one; the module exports the types by name.
    json_types_module: str | None = None
    # Drizzle: the column modes and the relations API (see tools.sync.drizzle_context.DrizzleOptions).
    drizzle_date_mode: str = "date"
    drizzle_bigint_mode: str = "bigint"
    drizzle_decimal_mode: str = "string"
    drizzle_relations: str = "v1"

    @classmethod
    def from_config(cls, section: dict[str, Any], source: object = None) -> "SyncOptions":
        """Options from `[tool.triple-orm.sync]` (keys with `-` or `_`); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        values = {}
        for key, value in section.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"unknown key `{key}` in [tool.triple-orm.sync] of {source}",
                                  help=f"known keys: {', '.join(sorted(k.replace('_', '-') for k in known))}")
            values[name] = value
        return cls(**values).validated(source)

    def validated(self, source: object = None) -> "SyncOptions":
        where = f" in [tool.triple-orm.sync] of {source}" if source else ""
        if not isinstance(self.runtime_enums, bool):
            raise ConfigError(f"`runtime-enums` must be true or false{where}")
        if self.enum_arrays not in ENUM_ARRAYS:
            raise ConfigError(f"`enum-arrays` must be one of {', '.join(ENUM_ARRAYS)}{where}, not {self.enum_arrays!r}")
        if not isinstance(self.json_namespace, str) or not _IDENTIFIER.fullmatch(self.json_namespace):
            raise ConfigError(f"`json-namespace` must be a TypeScript identifier{where}, not {self.json_namespace!r}")
        module = self.json_types_module
        if module is not None and (not isinstance(module, str) or not module or '"' in module or "\n" in module):
            raise ConfigError(f"`json-types-module` must be a module specifier{where}, not {module!r}")
        from tools.sync.drizzle_context import DrizzleOptions

        try:
            DrizzleOptions.from_sync(self)
        except ConfigError as error:
            raise ConfigError(error.message + where) from None
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
