"""What every node may use and no node stores: the project's paths, the schema, the model, the store.

LangGraph hands it to nodes as `runtime.context` (the graph's context schema); the plain runner
passes the same object. It is built once per process from the command line's `Context`, and loads
the schema, the vector store and the chat model only when a node first asks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

STATE_DIR = ".triple-orm"


@dataclass
class AgentContext:
    root: Path  # the project's root: where the configuration is, else the current folder
    schema_path: Path | None = None  # None: located the way Prisma locates it
    migrations: Path | None = None
    drizzle_out: Path | None = None
    kysely_out: Path | None = None
    lint_section: dict[str, Any] = field(default_factory=dict)
    config: Any = None  # tools.config.Config, for the tools' own sections ([tool.triple-orm.sync] …)
    llm: Any = None  # a LangChain chat model, or None (offline)
    budget: Any = None  # agent.llm.budget.CallBudget when a model is configured
    on_token: Callable[[str], None] | None = None  # streaming sink for the explanation
    store_factory: Callable[[], Any] | None = None  # opens the vector store (None: no store)
    route_with_model: bool = True  # False: the rules route, the model only explains (TRIPLE_ORM_ROUTING=rules)
    llm_down: str | None = None  # why the model failed this turn: no more calls to it until the next turn
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def online(self) -> bool:
        return self.llm is not None and self.llm_down is None

    @classmethod
    def from_config(cls, config, **extra: Any) -> "AgentContext":
        """From `tools.config.Config` ([tool.triple-orm]): schema, migrations, drizzle-out, kysely-out."""
        schema = config.path("schema")
        migrations = config.path("migrations")
        if migrations is None and schema is not None:
            guess = (schema if schema.is_dir() else schema.parent) / "migrations"
            migrations = guess if guess.is_dir() else None
        return cls(root=config.root, schema_path=schema, migrations=migrations, drizzle_out=config.path("drizzle-out"),
                   kysely_out=config.path("kysely-out"), lint_section=config.section("lint"), config=config, **extra)

    def schema(self):
        """The project's Prisma schema, read once (SchemaError/InputNotFound propagate to the caller)."""
        if "schema" not in self._cache:
            from tools.prisma import load_schema

            self._cache["schema"] = load_schema(self.schema_path, cwd=self.root)
        return self._cache["schema"]

    def names(self) -> list[str]:
        """Model, enum and table names of the project (for targets like 'now do it for Lesson').

        Read from the schema's text with two patterns when the schema is not loaded yet: the reader
        costs a third of a second, and routing a request must not wait for it."""
        if "names" not in self._cache:
            quick = _scan_names(self.schema_path) if "schema" not in self._cache else None
            if quick is not None:
                self._cache["names"] = quick
                return quick
            try:
                schema = self.schema()
            except Exception:  # no schema: the router still works, with no targets to find
                self._cache["names"] = []
            else:
                names = list(schema.models) + list(schema.enums)
                names += [m.db_name for m in schema.models.values() if m.db_name not in names]
                self._cache["names"] = names
        return self._cache["names"]

    def store(self):
        """The vector store, opened on first use; None when there is none (not indexed, no factory)."""
        if "store" not in self._cache:
            self._cache["store"] = self.store_factory() if self.store_factory else None
        return self._cache["store"]

    def relative(self, path: str | Path) -> str:
        """A path as the person sees it: relative to the project root when inside it."""
        p = Path(path)
        try:
            return str(p.resolve().relative_to(self.root.resolve())) if p.is_absolute() else str(p)
        except ValueError:
            return str(p)


_BLOCK = re.compile(r"^\s*(?:model|enum|view)\s+(\w+)\s*\{", re.M)
_TABLE_MAP = re.compile(r"@@map\(\s*(?:name:\s*)?\"([^\"]+)\"")


def _scan_names(schema_path: Path | None) -> list[str] | None:
    """Model/enum names and mapped table names from the .prisma text, or None when it cannot be read."""
    if schema_path is None:
        return None
    files = sorted(schema_path.rglob("*.prisma")) if schema_path.is_dir() else [schema_path]
    try:
        text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    except (OSError, UnicodeDecodeError):
        return None
    names = _BLOCK.findall(text)
    names += [t for t in _TABLE_MAP.findall(text) if t not in names]
    return names
