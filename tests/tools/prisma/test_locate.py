"""Finding the schema as Prisma does: config file, package.json, default places, monorepo roots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.errors import InputNotFound, UsageError
from tools.prisma import load_schema, locate_schema

SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id Int @id\n}\n'


def write(path: Path, text: str = SCHEMA) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_default_location(tmp_path: Path) -> None:
    expected = write(tmp_path / "prisma" / "schema.prisma")
    assert locate_schema(tmp_path) == expected


def test_prisma_config_ts_wins(tmp_path: Path) -> None:
    write(tmp_path / "prisma" / "schema.prisma")
    chosen = write(tmp_path / "db" / "main.prisma")
    write(tmp_path / "prisma.config.ts", 'import { defineConfig } from "prisma/config";\nexport default defineConfig({\n  schema: "db/main.prisma",\n});\n')
    assert locate_schema(tmp_path) == chosen.resolve()


def test_prisma_config_with_path_join(tmp_path: Path) -> None:
    folder = tmp_path / "prisma" / "models"
    write(folder / "user.prisma")
    write(tmp_path / "prisma.config.ts", 'export default defineConfig({ schema: path.join("prisma", "models") })\n')
    assert locate_schema(tmp_path) == folder.resolve()


def test_package_json_prisma_schema(tmp_path: Path) -> None:
    chosen = write(tmp_path / "database" / "schema.prisma")
    write(tmp_path / "package.json", json.dumps({"name": "x", "prisma": {"schema": "database/schema.prisma"}}))
    assert locate_schema(tmp_path) == chosen.resolve()


def test_schema_folder(tmp_path: Path) -> None:
    write(tmp_path / "prisma" / "schema" / "a.prisma", 'datasource db {\n  provider = "postgresql"\n}\n')
    write(tmp_path / "prisma" / "schema" / "models" / "user.prisma", "model User {\n  id Int @id\n}\n")
    found = locate_schema(tmp_path)
    assert found == tmp_path / "prisma" / "schema"
    assert list(load_schema(found).models) == ["User"]


def test_monorepo_root_through_the_workspace(tmp_path: Path) -> None:
    write(tmp_path / "pnpm-workspace.yaml", "packages:\n  - 'apps/*'\n  - 'packages/*'\n")
    write(tmp_path / "packages" / "ui" / "package.json", "{}")
    chosen = write(tmp_path / "apps" / "api" / "prisma" / "schema.prisma")
    assert locate_schema(tmp_path) == chosen


def test_monorepo_root_without_workspace_file(tmp_path: Path) -> None:
    chosen = write(tmp_path / "services" / "billing" / "prisma" / "schema.prisma")
    write(tmp_path / "node_modules" / "pkg" / "prisma" / "schema.prisma")  # never searched
    assert locate_schema(tmp_path) == chosen


def test_several_schemas_are_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "a" / "prisma" / "schema.prisma")
    write(tmp_path / "b" / "prisma" / "schema.prisma")
    with pytest.raises(UsageError) as caught:
        locate_schema(tmp_path)
    assert "a/prisma/schema.prisma" in caught.value.message and "b/prisma/schema.prisma" in caught.value.message


def test_nothing_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as caught:
        locate_schema(tmp_path)
    assert "--schema" in (caught.value.help or "")


def test_empty_folder_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputNotFound):
        load_schema(tmp_path / "empty")
    with pytest.raises(InputNotFound):
        load_schema(tmp_path / "nope.prisma")


def test_paths_in_errors_are_relative_to_where_the_command_runs(tmp_path: Path) -> None:
    from tools.errors import SchemaError

    write(tmp_path / "prisma" / "schema.prisma", SCHEMA.replace("Int @id", "Int @id @oops"))
    with pytest.raises(SchemaError) as caught:
        load_schema(None, cwd=tmp_path)
    assert caught.value.span.file == "prisma/schema.prisma"
