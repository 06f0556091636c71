"""The LLM's part, measured against a real model: how often its explanation passes the grounding
check (every rule id, table, column and file in the facts; no finding dropped or changed), and its
routing accuracy.

    OPENAI_API_KEY=local OPENAI_BASE_URL=http://127.0.0.1:8766/v1 TRIPLE_ORM_MODEL=qwen2.5-coder-1.5b \
        .venv/bin/python evals/llm_eval.py [--reports 30] [--routing 217]

Findings reports: corpus migrations linted by tools.lint (those with a MEDIUM or worse finding),
explained by the model with the explain prompt, checked by agent.graph.grounding. Without a model
configured it prints "not run: no model configured" — never a figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
ANSWERS = Path("/tmp/triple-orm-llm-eval-answers.jsonl")  # every answer with its check, to read them (--answers)
PROJECTS = ["umami-software__umami", "ghostfolio__ghostfolio", "spliit-app__spliit", "documenso__documenso", "lukevella__rallly"]


def findings_reports(wanted: int) -> list[dict]:
    """Lint facts of corpus migrations that have at least one MEDIUM+ finding, newest first per project."""
    from agent.graph.capabilities.lint import lint_facts
    from tools.lint.runner import lint_paths
    from tools.lint.settings import LintSettings

    reports = []
    for project in PROJECTS:
        root = CORPUS / project
        folder = next((p for p in root.rglob("migrations") if p.is_dir() and "node_modules" not in p.parts), None)
        if folder is None:
            continue
        report = lint_paths([folder], LintSettings(), base=root, use_cache=False)
        by_file: dict[str, list] = {}
        for finding in report.findings:
            by_file.setdefault(finding.location.file, []).append(finding)
        chosen = [f for f, fs in sorted(by_file.items(), reverse=True) if any(x.severity.value in ("CRITICAL", "HIGH", "MEDIUM") for x in fs)]
        for file in chosen[: max(1, wanted // len(PROJECTS) + 1)]:
            sub = type(report)(findings=by_file[file], files=[s for s in report.files if s.path == file])
            reports.append(lint_facts(sub, {"input": [file]}).to_dict())
    return reports[:wanted]


def grounding_rate(model, reports: list[dict], answers: Path = ANSWERS) -> None:
    from agent.graph.grounding import check_answer
    from agent.graph.nodes.explain import compact_facts, known_rule_ids
    from agent.llm.budget import CallBudget
    from agent.llm.client import LLMUnavailable
    from agent.llm.steps import explain

    rules = known_rule_ids()
    passed, reasons, tokens, started, down = 0, Counter(), [0, 0], time.perf_counter(), 0
    answers.write_text("", encoding="utf-8")
    for i, facts in enumerate(reports):
        compact, required = compact_facts(facts)
        budget = CallBudget(1)
        lang = "vi" if i % 3 == 2 else "en"  # a third asked in Vietnamese, as the team does
        question = "Migration này có an toàn không?" if lang == "vi" else "Is this migration safe to deploy?"
        try:
            text = explain(model, compact, question, lang, budget, None)
        except LLMUnavailable as exc:  # counted as a failure: the user would get the template answer
            print(f"  report {i + 1:2d}: the model did not answer ({exc})", flush=True)
            down += 1
            continue
        result = check_answer(text, facts, required, known_rules=rules)
        with answers.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"report": i + 1, "lang": lang, "findings": [f["rule"] + ":" + f["severity"] for f in required],
                                  "answer": text, "grounding": result.to_dict()}, ensure_ascii=False) + "\n")
        passed += result.passed
        tokens[0] += budget.input_tokens
        tokens[1] += budget.output_tokens
        for kind in ("unknown", "dropped", "changed"):
            reasons[kind] += bool(getattr(result, kind))
        print(f"  report {i + 1:2d} ({lang}, {len(required)} findings): {'pass' if result.passed else 'FAIL ' + result.reason()[:100]}"
              f"  — so far {passed}/{i + 1} pass", flush=True)
    n = len(reports)
    print(f"grounding rate: {passed}/{n} = {passed / n:.1%} of answers pass the check "
          f"(failures: named something not in the facts {reasons['unknown']}, dropped a finding {reasons['dropped']}, "
          f"changed/denied a severity {reasons['changed']}, no answer {down}); "
          f"{f'{tokens[0]} tokens in, {tokens[1]} out' if tokens[0] else 'token use not reported by this server'}, "
          f"{(time.perf_counter() - started) / n:.1f} s per answer")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--routing", type=int, default=0, help="also measure routing on this many labelled requests")
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="where every answer and its check is written")
    args = parser.parse_args()
    from agent.llm.client import make_chat_model
    from agent.llm.settings import llm_settings

    settings = llm_settings()
    if settings is None:
        print("LLM grounding rate: not run: no model configured (OPENAI_API_KEY unset)")
        print("LLM routing accuracy: not run: no model configured (OPENAI_API_KEY unset)")
        return 0
    model = make_chat_model(settings)
    print(f"model: {settings.describe()}", flush=True)
    if args.routing:
        sys.path.insert(0, str(REPO / "evals"))
        import routing_eval

        items = routing_eval.load(routing_eval.DATA) + routing_eval.load(routing_eval.HELDOUT)
        step = max(1, len(items) // args.routing)
        sample = items[::step][: args.routing]
        print(f"LLM routing on {len(sample)} of the {len(items)} labelled requests (every {step}th)", flush=True)
        routing_eval.with_model(sample)
        from agent.graph.router import route_request

        names = routing_eval.project_names()
        rules = sum(route_request(i["text"], names=names).route.value == i["route"] for i in sample)
        print(f"deterministic router on the same sample: {rules}/{len(sample)}", flush=True)
    reports = findings_reports(args.reports)
    print(f"{len(reports)} findings reports from corpus migrations", flush=True)
    if reports and args.reports:
        grounding_rate(model, reports, args.answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
