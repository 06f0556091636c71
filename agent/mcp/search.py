"""`search_schema`: the project's schema store (agent/store, chromadb) searched with a question.

The index is the one `triple-orm index` builds in `.triple-orm/index/` (a cache beside lint's, never
a file of the project), brought up to date before each search: only entries that changed since are
embedded again, so a model edited a minute ago is found where it is now. The embedding is the
offline `hashed` one unless the project was indexed with MiniLM and MiniLM is installed; nothing
is downloaded. Entries whose file is a symlink leading out of the project are left out.
The answer is the agent's own search capability (`agent.graph.capabilities.schema.search`).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from agent.mcp.answers import Answer, answer
from agent.mcp.project import McpProject
from tools.errors import UsageError

KINDS = ("prisma-model", "prisma-enum", "drizzle-table", "kysely-table", "migration", "code")
MAX_RESULTS = 20


def search_schema(project: McpProject, query: str, limit: int = 5, kinds: list[str] | None = None) -> Answer:
    """The entries of the project nearest to `query`, each with its kind, file, line and an excerpt."""
    from agent.graph.capabilities.schema import search

    if not query or not query.strip():
        raise UsageError("the query is empty", help="say what you look for: a model, a column, where a value is validated")
    if not 1 <= limit <= MAX_RESULTS:
        raise UsageError(f"limit must be between 1 and {MAX_RESULTS}, not {limit}")
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise UsageError(f"unknown kind {', '.join(map(repr, unknown))}", help="kinds: " + ", ".join(KINDS))
    index, updated = fresh_index(project)
    facts = search(_Store(index, tuple(kinds or ())), query.strip(), k=limit)
    facts.subject["kinds"] = list(kinds or [])
    facts.summary["index"] = updated
    return answer(facts, project)


@dataclass
class _Store:
    """What the agent's search capability needs (`ctx.store()`), restricted to some kinds of entry."""

    index: object
    kinds: tuple[str, ...]

    def store(self):
        return self

    @property
    def embedding_name(self) -> str:
        return self.index.embedding_name

    def search(self, question: str, k: int = 5):
        return self.index.search(question, k=k, kinds=self.kinds)


def fresh_index(project: McpProject):
    """(the index, what updating it did): entries of the project embedded where they changed."""
    from agent.store.entries import project_entries

    index = project.cache.get("index")
    if index is None:
        index = project.cache["index"] = _open(project)
    entries = [e for e in project_entries(project.agent) if project.contains(project.root / e.file)]
    result = index.update(entries)
    return index, result.to_dict()


def _open(project: McpProject):
    from agent.store.index import SchemaIndex, index_folder, remember_embedding

    state = project.agent.state_dir
    embedding = _embedding(state)
    try:
        index = SchemaIndex(index_folder(state), embedding)
        remember_embedding(state, embedding)
        return index
    except OSError:  # a project folder the server may not write to: the index lives in the temp folder
        key = hashlib.blake2b(str(project.root).encode(), digest_size=6).hexdigest()
        return SchemaIndex(Path(tempfile.gettempdir()) / f"triple-orm-index-{key}", embedding)


def _embedding(state: Path) -> str:
    """`hashed`, or MiniLM when the project's index was built with it and it is installed (both offline)."""
    from agent.store.index import default_embedding, last_embedding

    if last_embedding(state) == "minilm" and default_embedding() == "minilm":
        return "minilm"
    return "hashed"
