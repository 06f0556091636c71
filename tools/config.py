"""Configuration from `[tool.triple-orm]` in pyproject.toml, or from a `triple-orm.toml`.

Found by walking up from the current directory like ruff, pytest and black do, so a command run
from `apps/api/...` in a monorepo finds the configuration at its root. Paths in the configuration
are relative to the file that holds them.

    [tool.triple-orm]            # in triple-orm.toml the same keys sit at the top level
    schema = "apps/api/prisma/schema.prisma"
    drizzle-out = "packages/db/src/drizzle/schema.ts"
    kysely-out = "packages/db/src/kysely/types.ts"
    migrations = "apps/api/prisma/migrations"

    [tool.triple-orm.lint]
    fail-on = "HIGH"
    ...
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import ConfigError

CONFIG_FILES = ("triple-orm.toml", ".triple-orm.toml", "pyproject.toml")


@dataclass
class Config:
    """The merged configuration and the folder its relative paths start from."""

    root: Path
    source: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """A top-level value; `drizzle-out` and `drizzle_out` are the same key."""
        return _lookup(self.values, key, default)

    def section(self, name: str) -> dict[str, Any]:
        value = _lookup(self.values, name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"[tool.triple-orm.{name}] in {self.source} must be a table, not {type(value).__name__}")
        return {k.replace("-", "_"): v for k, v in value.items()}

    def path(self, key: str) -> Path | None:
        """A path-valued key resolved against the configuration's folder, or None when unset."""
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ConfigError(f"`{key}` in {self.source} must be a path string, not {value!r}")
        return (self.root / value).resolve()


def _lookup(values: dict[str, Any], key: str, default: Any) -> Any:
    for candidate in (key, key.replace("_", "-"), key.replace("-", "_")):
        if candidate in values:
            return values[candidate]
    return default


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file at or above `start` that holds triple-orm settings."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "triple-orm" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}", help="fix the TOML syntax of the configuration file") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration for a command run in `start` (default: the current directory)."""
    start = (start or Path.cwd()).resolve()
    path = explicit.resolve() if explicit else find_config_file(start)
    if path is None:
        return Config(root=start)
    if explicit and not path.is_file():
        raise ConfigError(f"configuration file {explicit} does not exist")
    data = _read_toml(path)
    values = data.get("tool", {}).get("triple-orm", {}) if path.name == "pyproject.toml" else data
    if not isinstance(values, dict):
        raise ConfigError(f"[tool.triple-orm] in {path} must be a table")
    return Config(root=path.parent, source=path, values=values)
