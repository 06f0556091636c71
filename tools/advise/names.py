"""The names each ORM gives the project's tables and columns, and where the code imports them from.

- Prisma Client: `prisma.<model with a lower-case first letter>` (`BehaviorLog` -> `behaviorLog`),
  fields by their Prisma names.
- Drizzle: the table's export in the drizzle-out file and the column's key in `pgTable(...)`.
- Kysely: the `DB` interface's key (the table's database name, `schema.name` outside the default
  schema) and the column's database name.

By default the names follow what `triple-orm sync` writes; `OrmNames.learn_drizzle` takes the
real exports and keys from the project's Drizzle file when it has been read, so that a
hand-written or renamed schema is honoured. Import paths come from `drizzle-out`/`kysely-out`:
the package export that points at the file when a package.json maps one (`@edfinance/db/drizzle`),
else the path relative to the project root.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tools.prisma.schema import PrismaField, PrismaModel, PrismaSchema


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


@dataclass(slots=True)
class OrmNames:
    schema: PrismaSchema
    drizzle_module: str = "./drizzle/schema"
    kysely_module: str = "./kysely/types"
    clients: dict[str, str] = field(default_factory=lambda: {"prisma": "prisma", "drizzle": "db", "kysely": "db"})
    drizzle_tables: dict[str, str] = field(default_factory=dict)  # model name -> export
    drizzle_columns: dict[tuple[str, str], str] = field(default_factory=dict)  # (model, field) -> key
    drizzle_relations: dict[tuple[str, str], str] = field(default_factory=dict)  # (model, relation field) -> key

    # -- Prisma -----------------------------------------------------------------------------------
    def prisma_model(self, model: PrismaModel) -> str:
        return lower_first(model.name)

    # -- Drizzle ----------------------------------------------------------------------------------
    def drizzle_table(self, model: PrismaModel) -> str:
        return self.drizzle_tables.get(model.name) or lower_first(model.name)

    def drizzle_column(self, field_: PrismaField) -> str:
        return self.drizzle_columns.get((field_.model.name, field_.name)) or field_.name

    def drizzle_relation(self, field_: PrismaField) -> str:
        return self.drizzle_relations.get((field_.model.name, field_.name)) or field_.name

    def learn_drizzle(self, exports: dict[str, str], columns: dict[tuple[str, str], str]) -> None:
        """Use the real names of the project's Drizzle file (model -> export, (model, field) -> key)."""
        self.drizzle_tables.update(exports)
        self.drizzle_columns.update(columns)

    # -- Kysely -----------------------------------------------------------------------------------
    def kysely_table(self, model: PrismaModel) -> str:
        schema = model.schema or self.schema.datasource.default_schema
        return model.db_name if schema == self.schema.datasource.default_schema else f"{schema}.{model.db_name}"

    def kysely_column(self, field_: PrismaField) -> str:
        return field_.db_name


def module_specifier(target: Path | None, project_root: Path, fallback: str) -> str:
    """How application code imports `target`: a package export naming it, else a relative path."""
    if target is None:
        return fallback
    target = target.resolve()
    for folder in target.parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            name = _package_export(manifest, target)
            if name:
                return name
        if folder == project_root.resolve() or folder == folder.parent:
            break
    relative = os.path.relpath(target.with_suffix(""), project_root.resolve())
    return relative if relative.startswith(".") else "./" + relative


def _package_export(manifest: Path, target: Path) -> str | None:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name, exports = data.get("name"), data.get("exports")
    if not isinstance(name, str) or not isinstance(exports, dict):
        return None
    for key, value in exports.items():
        path = value if isinstance(value, str) else (value.get("import") or value.get("default")) if isinstance(value, dict) else None
        if isinstance(path, str) and (manifest.parent / path).resolve() == target:
            return name if key == "." else f"{name}/{key.removeprefix('./')}"
    return None


def project_names(schema: PrismaSchema, config, overrides: dict | None = None) -> OrmNames:
    """Names and import paths for a project, from its configuration (`drizzle-out`, `kysely-out`),
    with the table exports, column keys and relation names of its Drizzle file when there is one."""
    root = Path(config.root)
    names = OrmNames(schema,
                     drizzle_module=module_specifier(config.path("drizzle-out"), root, "./drizzle/schema"),
                     kysely_module=module_specifier(config.path("kysely-out"), root, "./kysely/types"))
    drizzle_out = config.path("drizzle-out")
    if drizzle_out is not None and drizzle_out.is_file():
        learn_from_drizzle_file(names, drizzle_out)
    for orm in ("prisma", "drizzle", "kysely"):
        value = (overrides or {}).get(f"{orm}_client") or (overrides or {}).get(f"{orm}-client")
        if isinstance(value, str) and value.isidentifier():
            names.clients[orm] = value
    return names


def learn_from_drizzle_file(names: OrmNames, path: Path) -> None:
    """Take the exports, keys and relation names the project's Drizzle file really uses."""
    from tools.typescript.drizzle_reader import read_drizzle

    file = read_drizzle(path)
    default = names.schema.datasource.default_schema
    for model in names.schema.tables:
        table = file.table(model.db_name, model.schema or default)
        if table is None or not table.variable:
            continue
        names.drizzle_tables[model.name] = table.variable
        for prisma_field in model.columns:
            column = table.column(prisma_field.db_name)
            if column is not None:
                names.drizzle_columns[(model.name, prisma_field.name)] = column.key
        known = {r.field for r in file.relations if r.table == table.variable}
        for prisma_field in model.relation_fields:
            if prisma_field.name in known:
                names.drizzle_relations[(model.name, prisma_field.name)] = prisma_field.name
