"""Routing accuracy on labelled requests written the ways users ask (English and Vietnamese).

    .venv/bin/python evals/routing_eval.py          # the deterministic router (no model)
    OPENAI_API_KEY=local OPENAI_BASE_URL=http://127.0.0.1:8766/v1 TRIPLE_ORM_MODEL=qwen2.5-coder-1.5b \
        .venv/bin/python evals/routing_eval.py [--model-sample 60]   # and the model's structured routing

Each set is printed on its own, because they do not mean the same thing (evals/data/agent/):

- `routing.jsonl`, development set 1 (169): written with the first router, which was tuned on it.
- `routing_dev2.jsonl`, development set 2 (212, issue 7): written by kinds of phrasing (locks,
  production incidents, CI failures, "is it safe to…", pasted code, negations, mixed Vietnamese and
  English, declarative statements and error messages) *before* the router's sentence features were
  written; the first 180 scored 75.6% with the old router, the last 32 93.8% with the new one before
  its last change. The features were then developed on it, so its figure now is a development figure.
- `routing_heldout.jsonl`, held-out set 1 (48): written after the first router; it scored 89.6%.
  The kinds of its misses (a change asked about with its effect, a change made by hand in
  production, value types, "should X use Kysely") were described in the issue and shaped the
  features, though its items were never tuned on: it is no longer a clean held-out figure.
- `routing_heldout2.jsonl`, development set 3 (66; held-out set 2 until commit 26941bd): written
  after the router's change c7d22ad by another method — paraphrases of real issue titles from the
  drizzle-orm, prisma, squawk and pg-index-health trackers (each item keeps its source), adapted to
  the V-EdFinance schema — and measured once as a held-out set: 86.4% (57/66; the router before
  issue 7 scored 80.3%). The kinds of its 9 misses (a failed deploy or applied migrations that
  differ from the local folder is drift; Prisma Migrate's own warnings and a required column on a
  table with rows are a migration review; the speed of an ORM operation or a bulk-load technique
  is ORM advice) were then written as features in 26941bd, tuned until it scored 100%: that is a
  development figure now, not a measure of generalisation.

- `routing_heldout3.jsonl`, development set 4 (82: 55 English, 27 Vietnamese; held-out set 3 until
  commit 099c79e): written after 26941bd by someone who never read the router's code, ran it or saw
  its misses, by paraphrasing real issues (prisma-kysely, kysely, kysely-codegen,
  prisma-generator-drizzle, strong_migrations, atlas, pg-index-health, drizzle-orm, prisma; each
  keeps its source). Measured once as a held-out set: 71/82 = 86.6% (en 46/55, vi 25/27). The kinds
  of its 11 misses (an index health finding asked about or questioned, a generated file only to be
  checked and sources asked whether they agree are drift; migrations recorded by a database that
  "aren't in" the folder; deploying while the old version runs; a request opening with generation
  whose value types are options; candidate lists and staying with the ORM in use as ORM choices; a
  join table as a schema question) were then written as general features in 099c79e, with unit
  tests in sentences of their own, never its sentences; it scores 100% since: a development figure,
  not a measure of generalisation. (e6a8365 before it: prose that starts with an SQL keyword in
  capitals is read as words; it changed no figure.)

- `routing_heldout4.jsonl`, development set 5 (97: 66 English, 31 Vietnamese; held-out set 4 until
  commit acc1eb4): written after 099c79e by someone who never read the router's code, ran it or saw
  its misses, from Q&A pages, blog posts and issues (each item keeps its source), terse requests as
  people type them among them. (A script of theirs loaded the earlier sets only to count exact
  duplicates: 0.) Measured once as a held-out set: 88/97 = 90.7% (en 62/66, vi 26/31). The kinds of
  its 9 misses (Vietnamese generation requests — a conversion "sang Drizzle", "cập nhật lại types
  Kysely", relations() to generate — not read as a sync; database health said in words — a table far
  bigger on disk than its rows, dead tuples, an index "không được dùng tới", a foreign key without an
  index with its symptom — read as a schema question; two generated files asked whether they are
  still "in line" with schema.prisma read as a sync; "compare the insert types" and a terse "types
  lệch ở X?" not read as a type comparison), and a question of what schema.prisma holds read as a
  sync, were then written as general features in acc1eb4, with unit tests in sentences of their own
  (e5616e7), never its sentences; it scores 100% since: a development figure, not a measure of
  generalisation.

- `routing_heldout5.jsonl`, held-out set 5 (99: 67 English, 32 Vietnamese): written after acc1eb4 by
  someone who never read the router's code, ran it, saw its misses or opened the earlier sets, as
  the team would type into the chat over a working week (standups, incidents, reviews, release
  day), each grounded in a real problem whose source it keeps. Measured once: 97/99 = 98.0% (en
  66/67, vi 31/32); both misses are "is the generated file still in line with schema.prisma?",
  which the router sends to sync rather than to the drift check. It is the current generalisation
  figure; do not tune on it (write set 6). The spread of the held-out figures measured once (86.4,
  86.6, 90.7, 98.0) says how much one set of about 90 requests can vary.

The router gets the example project's model and table names, as it does in `chat`.
Target: ≥ 95% without a model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "evals" / "data" / "agent" / "routing.jsonl"
DEV2 = REPO / "evals" / "data" / "agent" / "routing_dev2.jsonl"
HELDOUT = REPO / "evals" / "data" / "agent" / "routing_heldout.jsonl"
HELDOUT2 = REPO / "evals" / "data" / "agent" / "routing_heldout2.jsonl"
HELDOUT3 = REPO / "evals" / "data" / "agent" / "routing_heldout3.jsonl"
HELDOUT4 = REPO / "evals" / "data" / "agent" / "routing_heldout4.jsonl"
HELDOUT5 = REPO / "evals" / "data" / "agent" / "routing_heldout5.jsonl"
SETS = [("development set 1", DATA), ("development set 2 (issue 7)", DEV2),
        ("held-out set 1 (its kinds of misses shaped issue 7's features)", HELDOUT),
        ("development set 3 (held-out set 2 until 26941bd: 86.4% measured once, then tuned on)", HELDOUT2),
        ("development set 4 (held-out set 3 until 099c79e: 86.6% measured once, then tuned on)", HELDOUT3),
        ("development set 5 (held-out set 4 until acc1eb4: 90.7% measured once, then tuned on)", HELDOUT4),
        ("held-out set 5 (written unseen by the router's author, after acc1eb4; measured once)", HELDOUT5)]


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def project_names() -> list[str]:
    from agent.graph.context import AgentContext
    from tools.config import load_config

    return AgentContext.from_config(load_config(REPO / "examples" / "edfinance")).names()


def language(text: str) -> str:
    from agent.graph.text import language as detect

    return detect(text)


def report(title: str, items: list[dict], predicted: list[str | None], seconds: float) -> None:
    right = sum(p == i["route"] for p, i in zip(predicted, items))
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_route: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for p, item in zip(predicted, items):
        ok = p == item["route"]
        by_lang[language(item["text"])][0] += ok
        by_lang[language(item["text"])][1] += 1
        by_route[item["route"]][0] += ok
        by_route[item["route"]][1] += 1
        if not ok:
            misses.append((item["route"], p, item["text"].splitlines()[0][:80]))
    print(f"{title}: {right}/{len(items)} = {right / len(items):.1%}  ({seconds * 1000 / len(items):.1f} ms per request)")
    print("  by language: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_lang.items())))
    print("  by route:    " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_route.items())))
    for want, got, text in misses:
        print(f"  miss: {want} -> {got}: {text}")


def deterministic(items: list[dict], names: list[str], title: str = "deterministic router") -> list[str]:
    from agent.graph.router import route_request

    started = time.perf_counter()
    predicted = [route_request(i["text"], names=names).route.value for i in items]
    report(title, items, predicted, time.perf_counter() - started)
    return predicted


def evenly_spaced(items: list[dict], wanted: int) -> list[dict]:
    """`wanted` items spread over the whole list (every set and route represented, no choosing)."""
    if wanted >= len(items):
        return list(items)
    return [items[round(i * len(items) / wanted)] for i in range(wanted)]


def with_model(items: list[dict]) -> list[str | None] | None:
    from agent.llm.budget import CallBudget
    from agent.llm.client import LLMUnavailable, make_chat_model
    from agent.llm.settings import llm_settings
    from agent.llm.steps import choose_route
    from agent.graph.text import read_request

    settings = llm_settings()
    if settings is None:
        print("LLM router: not run: no model configured (OPENAI_API_KEY unset)")
        return
    model = make_chat_model(settings)
    predicted, started, invalid, down = [], time.perf_counter(), 0, 0
    for item in items:
        request = read_request(item["text"])
        try:
            route = choose_route(model, request.prose or item["text"], request.code_kind, request.code, CallBudget(1))
        except LLMUnavailable:
            route, down = None, down + 1
        invalid += route is None
        predicted.append(route.value if route else None)
    report(f"LLM router ({settings.describe()})", items, predicted, time.perf_counter() - started)
    print(f"  invalid or missing choices: {invalid} (unreachable: {down}); the deterministic router is the fallback for these")
    return predicted


def with_fallback(items: list[dict], by_model: list[str | None], names: list[str]) -> None:
    """The route a turn really takes with the model on: the model's, or the rules' when it gave none."""
    from agent.graph.router import route_request

    final = [p or route_request(i["text"], names=names).route.value for p, i in zip(by_model, items)]
    report("LLM router with the deterministic fallback", items, final, 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-sample", type=int, default=60,
                        help="requests (evenly spaced over all sets) the configured model routes; 0: all")
    args = parser.parse_args()
    names = project_names()
    everything: list[dict] = []
    for title, path in SETS:
        items = load(path)
        everything += items
        counts = Counter(language(i["text"]) for i in items)
        print(f"{title}: {len(items)} labelled requests ({counts['en']} English, {counts['vi']} Vietnamese)")
        deterministic(items, names)
    print(f"all {len(everything)} requests together:")
    deterministic(everything, names)
    sample = evenly_spaced(everything, args.model_sample or len(everything))
    if len(sample) < len(everything):
        print(f"model routing on {len(sample)} of the {len(everything)} requests, evenly spaced:")
    by_model = with_model(sample)
    if by_model is not None:
        with_fallback(sample, by_model, names)
        deterministic(sample, names, "deterministic router on the same requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
