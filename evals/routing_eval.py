"""Routing accuracy on labelled requests written the ways users ask (English and Vietnamese).

    .venv/bin/python evals/routing_eval.py          # the deterministic router (no model)
    OPENAI_API_KEY=local OPENAI_BASE_URL=http://127.0.0.1:8766/v1 TRIPLE_ORM_MODEL=qwen2.5-coder-1.5b \
        .venv/bin/python evals/routing_eval.py      # and the configured model's structured routing

The requests are in evals/data/agent/routing.jsonl (a route label each). The router gets the
example project's model and table names, as it does in `chat`. Target: ≥ 95% without a model.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "evals" / "data" / "agent" / "routing.jsonl"
# written after the router's keywords were last changed, and never used to change them
HELDOUT = REPO / "evals" / "data" / "agent" / "routing_heldout.jsonl"


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


def deterministic(items: list[dict], names: list[str]) -> None:
    from agent.graph.router import route_request

    started = time.perf_counter()
    predicted = [route_request(i["text"], names=names).route.value for i in items]
    report("deterministic router", items, predicted, time.perf_counter() - started)


def with_model(items: list[dict]) -> None:
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


def main() -> int:
    names = project_names()
    for title, path in (("development set", DATA), ("held-out set", HELDOUT)):
        items = load(path)
        counts = Counter(language(i["text"]) for i in items)
        print(f"{title}: {len(items)} labelled requests ({counts['en']} English, {counts['vi']} Vietnamese), 6 routes")
        deterministic(items, names)
    items = load(DATA) + load(HELDOUT)
    print(f"all {len(items)} requests:")
    deterministic(items, names)
    with_model(items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
