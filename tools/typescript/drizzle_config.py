"""A project's drizzle.config.ts, read statically: `read_drizzle_config(path) -> DrizzleConfig`.

What `read_drizzle` needs to read a schema as drizzle-kit does lives there: where the schema is
(`schema`: a file, a folder or globs, relative to the config file), the `casing` that names columns
declared without a name, and the `schemaFilter`. The config is evaluated without running it
(`export default defineConfig({ … })`, `export default { … } satisfies Config`); a value computed
at run time (`process.env.DATABASE_URL`) is simply absent, and `dbCredentials` is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import InputNotFound
from tools.typescript.modules import Binding, Project
from tools.typescript.parse import ReadProblem, call_arguments
from tools.typescript.static_eval import Ctx, StaticEvaluator, Unknown

CONFIG_NAMES = ("drizzle.config.ts", "drizzle.config.mts", "drizzle.config.js", "drizzle.config.mjs")


@dataclass
class DrizzleConfig:
    path: str
    schema: list[str] = field(default_factory=list)  # as written (files, folders, globs)
    casing: str | None = None
    dialect: str | None = None
    out: str | None = None
    schema_filter: list[str] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)

    def schema_paths(self) -> list[Path]:
        """The schema files and folders `schema` names, resolved against the config's folder."""
        base = Path(self.path).parent
        out: list[Path] = []
        for pattern in self.schema:
            if any(ch in pattern for ch in "*?["):
                out += sorted(p for p in base.glob(pattern.removeprefix("./")) if p.is_file())
            else:
                out.append((base / pattern).resolve())
        return out

    def to_dict(self) -> dict:
        return {"path": self.path, "schema": list(self.schema), "casing": self.casing, "dialect": self.dialect,
                "out": self.out, "schema_filter": list(self.schema_filter),
                "problems": [p.to_dict() for p in self.problems]}


class _DefineConfig:
    """drizzle-kit's `defineConfig`: returns its argument."""


class _ConfigEvaluator(StaticEvaluator):
    def package_value(self, binding: Binding, node, ctx: Ctx) -> Any:
        if (binding.source or "").startswith("drizzle-kit") and binding.imported == "defineConfig":
            return _DefineConfig()
        return super().package_value(binding, node, ctx)

    def call_value(self, callee: Any, call, ctx: Ctx) -> Any:
        if isinstance(callee, _DefineConfig):
            arguments = call_arguments(call)
            return self.evaluate(arguments[0], ctx) if arguments else None
        return None


def find_drizzle_config(folder: str | Path) -> Path | None:
    """The drizzle config file in `folder`, if there is one."""
    return next((Path(folder) / n for n in CONFIG_NAMES if (Path(folder) / n).is_file()), None)


def read_drizzle_config(path: str | Path) -> DrizzleConfig:
    """Read drizzle.config.ts (or .js/.mts/.mjs) without running it."""
    if not Path(path).is_file():
        raise InputNotFound(f"{path}: no such file", help="point at the project's drizzle.config.ts")
    project = Project()
    module = project.load(path)
    config = DrizzleConfig(module.path, problems=list(module.source.problems))
    if module.default_export is None:
        config.problems.append(ReadProblem("unresolved", "drizzle config: no `export default`",
                                           module.source.span(module.source.root)))
        return config
    value = _ConfigEvaluator(project).evaluate(module.default_export, Ctx(module))
    if not isinstance(value, dict):
        reason = value.reason if isinstance(value, Unknown) else "not an object"
        config.problems.append(module.source.problem("unresolved", f"drizzle config: {reason}", module.default_export))
        return config
    config.schema = _strings(value.get("schema"))
    config.schema_filter = _strings(value.get("schemaFilter"))
    config.casing = value.get("casing") if isinstance(value.get("casing"), str) else None
    config.dialect = value.get("dialect") if isinstance(value.get("dialect"), str) else None
    config.out = value.get("out") if isinstance(value.get("out"), str) else None
    return config


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
