"""Retrieval recall@5 of the schema index, for each embedding choice, on labelled schema questions.

Each corpus project in evals/data/agent/retrieval_questions.jsonl is indexed the way
`triple-orm index` indexes a project (its Prisma models and enums and its migrations), once per
embedding; a question counts as found when one of its expected entries is among the top 5.

    .venv/bin/python evals/retrieval_eval.py            # hashed and minilm; openai when OPENAI_API_KEY is set
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DATA = REPO / "evals" / "data" / "agent" / "retrieval_questions.jsonl"
K = 5


def corpus_entries(project: str):
    """Entries of one corpus project: schema models/enums and the migrations folder."""
    from agent.store.entries import migration_entries, prisma_entries
    from tools.prisma import load_schema

    root = CORPUS / project
    schema_file = next(p for p in sorted(root.rglob("schema.prisma")) if "node_modules" not in p.parts)
    schema = load_schema(schema_file, cwd=root)
    entries = prisma_entries(schema, root)
    migrations = schema_file.parent / "migrations"
    if migrations.is_dir():
        entries += migration_entries(migrations, root)
    return entries


def evaluate(embedding: str, questions: list[dict]) -> dict:
    from agent.store.index import SchemaIndex

    found, total, per_lang, seconds = 0, 0, defaultdict(lambda: [0, 0]), 0.0
    by_project = defaultdict(list)
    for q in questions:
        by_project[q["project"]].append(q)
    with tempfile.TemporaryDirectory() as tmp:
        for project, items in by_project.items():
            index = SchemaIndex(Path(tmp) / project, embedding)
            started = time.perf_counter()
            index.update(corpus_entries(project))
            seconds += time.perf_counter() - started
            for q in items:
                hits = [h.id for h in index.search(q["question"], k=K)]
                ok = any(e in hits for e in q["expected"])
                lang = "vi" if any(ord(c) > 127 for c in q["question"]) else "en"
                found += ok
                total += 1
                per_lang[lang][0] += ok
                per_lang[lang][1] += 1
    return {"recall": found / total, "found": found, "total": total, "index_seconds": seconds,
            "by_lang": {k: f"{v[0]}/{v[1]}" for k, v in per_lang.items()}}


def main() -> int:
    if not CORPUS.is_dir():
        print("not run: ../shared/corpus is absent")
        return 0
    questions = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    choices = ["hashed", "minilm"] + (["openai"] if os.environ.get("OPENAI_API_KEY") else [])
    print(f"retrieval recall@{K} on {len(questions)} schema questions over {len({q['project'] for q in questions})} corpus projects")
    for name in choices:
        try:
            result = evaluate(name, questions)
        except Exception as exc:  # an embedding that cannot run here is reported, not counted
            print(f"  {name:7s} not run: {type(exc).__name__}: {exc}")
            continue
        print(f"  {name:7s} recall@{K} = {result['recall']:.1%} ({result['found']}/{result['total']}; "
              f"en {result['by_lang'].get('en', '0/0')}, vi {result['by_lang'].get('vi', '0/0')}); "
              f"indexing {result['index_seconds']:.1f} s")
    if "openai" not in choices:
        print("  openai  not run: no model configured (OPENAI_API_KEY unset)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
