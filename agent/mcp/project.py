"""The project an MCP server acts on: configuration, agent context, and the server's guards.

A model drives the tools, and text in the project (a comment in a migration, a README) can carry
instructions to it. So the server never reads outside the project folder (a path argument that
leaves it is refused: `../../.ssh/id_rsa` linted as SQL would echo its lines in parse errors), and
the database URL is never an argument: it comes from the environment variable the configuration
names (`database-url-env` in [tool.triple-orm.check], default DATABASE_URL), and every answer is
scrubbed of its password before it leaves the process.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import InputNotFound, UsageError


@dataclass
class McpProject:
    """What every tool call gets. `cli` is the command line's Context with its output captured
    (stdout is the protocol's channel; notes the commands' helpers print are collected instead)."""

    cli: Any  # agent.cli.context.Context
    agent: Any  # agent.graph.context.AgentContext
    allow_writes: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)  # what lives as long as the server: the schema index, the model
    _seen: tuple = ()  # the schema files' (path, mtime, size) when the agent's cache was filled

    @classmethod
    def open(cls, config, *, allow_writes: bool = False) -> "McpProject":
        from agent.cli.context import Context
        from agent.graph.session import make_agent_context

        cli = Context(config=config, color=False, out=io.StringIO(), err=io.StringIO())
        agent, _ = make_agent_context(config, with_model=False)  # the IDE's own model explains
        return cls(cli, agent, allow_writes)

    @property
    def root(self) -> Path:
        return Path(self.agent.root).resolve()

    def inside(self, given: str, what: str = "path") -> Path:
        """`given` (relative to the project root, or absolute) if it exists inside the project."""
        if not given or not given.strip():
            raise UsageError(f"the {what} is empty")
        path = Path(given).expanduser()
        path = (path if path.is_absolute() else self.root / path).resolve()  # resolve(): a symlink counts where it points
        if not self.contains(path):
            raise UsageError(f"{given} is outside the project ({self.root})",
                             help="this server only reads files of the project it was started for (--project)")
        if not path.exists():
            raise InputNotFound(f"{given}: no such file or folder in {self.root}")
        if path.is_dir():
            self._no_link_out(path, given)
        elif self.contains(path.parent.parent) and path.name == "migration.sql":
            self._no_link_out(path.parent.parent, given, depth=2)  # the linter reads the history around it
        else:
            self._no_link_out(path.parent, given, depth=1)
        return path

    def contains(self, path: Path | str) -> bool:
        """Whether `path`, symlinks followed, is the project root or inside it."""
        resolved = Path(path).resolve()
        return resolved == self.root or self.root in resolved.parents

    def _no_link_out(self, folder: Path, given: str, depth: int | None = None) -> None:
        """A folder is read file by file, and a migration with the history beside it: a symlink there that
        leads out of the project is refused too (`migrations/x/migration.sql -> ~/.ssh/id_rsa` would be
        linted, and its lines echoed in parse errors)."""
        entries = folder.rglob("*") if depth is None else (e for d in range(1, depth + 1) for e in folder.glob("/".join(["*"] * d)))
        for entry in entries:
            if entry.is_symlink() and not self.contains(entry):
                raise UsageError(f"{given}: {entry.relative_to(self.root)} is a symlink that leads outside the project",
                                 help="this server only reads files of the project it was started for (--project)")

    def explaining_agent(self):
        """The agent's context with the chat model the environment configures (OPENAI_API_KEY, OPENAI_BASE_URL,
        TRIPLE_ORM_MODEL), or without one: only `explain_finding` uses it, the other tools return facts.
        It shares the schema cache of `agent`; the model is made once, its call budget reset per call."""
        import dataclasses

        if "explaining_agent" not in self.cache:
            from agent.llm.settings import llm_settings

            settings = llm_settings()
            ctx = dataclasses.replace(self.agent)
            if settings is not None:
                from agent.llm.budget import CallBudget
                from agent.llm.client import make_chat_model

                ctx.llm, ctx.budget = make_chat_model(settings), CallBudget(settings.max_calls)
            self.cache["explaining_agent"] = ctx
        ctx = self.cache["explaining_agent"]
        ctx.llm_down = None
        if ctx.budget is not None:
            ctx.budget.reset()
        return ctx

    def relative(self, path: Path | str) -> str:
        return self.agent.relative(path)

    def database_url_env(self) -> str:
        return str(self.cli.config.section("check").get("database_url_env", "DATABASE_URL"))

    def database_url(self) -> str | None:
        return os.environ.get(self.database_url_env()) or None

    def schema_files(self) -> list[Path]:
        """The schema's .prisma files ([] without a schema: the tools say why when called)."""
        from tools.errors import TripleOrmError
        from tools.prisma import locate_schema
        from tools.prisma.locate import schema_files

        try:
            return schema_files(self.agent.schema_path or locate_schema(self.root))
        except TripleOrmError:
            return []

    def refresh(self) -> None:
        """Forget the schema the agent read when a schema file changed since: the server lives as long as
        the IDE session, and the person edits schema.prisma meanwhile."""
        try:
            seen = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in self.schema_files())
        except OSError:
            seen = ()
        if seen != self._seen:
            for key in ("schema", "names"):
                self.agent._cache.pop(key, None)
            self._seen = seen

    def drain_notes(self) -> list[str]:
        """What the commands' helpers wrote to the captured streams since the last call."""
        notes = []
        for stream in (self.cli.out, self.cli.err):
            text = stream.getvalue()
            stream.seek(0)
            stream.truncate()
            notes += [line for line in text.splitlines() if line.strip()]
        return notes
