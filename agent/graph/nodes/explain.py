"""The explain node: the template answer always; with a model, the model's explanation if it passes
the grounding check, else the template answer and a note saying why.

Kinds whose answer is code or a verbatim artifact (SQL, a diagram, a fix, generated files) and
honest refusals (a capability not available yet, an error) are never rewritten by the model.
The model sees a compact copy of the facts: the findings at MEDIUM and above one by one (at most
12), the rest counted per rule; each finding it sees must appear in its answer.
"""

from __future__ import annotations

from agent.graph.render import render_answer
from agent.graph.templates import fill, sections

TEMPLATE_ONLY = {"sql", "diagram", "error", "overview", "safe_version", "sync", "advice"}
SHOWN_ONE_BY_ONE = ("CRITICAL", "HIGH", "MEDIUM")
MAX_FINDINGS_TO_MODEL = 12


def compact_facts(facts: dict) -> tuple[dict, list[dict]]:
    """What the model is given, and the findings it must mention."""
    findings = facts.get("findings") or []
    listed = [f for f in findings if f["severity"] in SHOWN_ONE_BY_ONE][:MAX_FINDINGS_TO_MODEL]
    if not listed and len(findings) <= 5:
        listed = findings
    others: dict[str, int] = {}
    for f in findings:
        if f not in listed:
            others[f["rule"]] = others.get(f["rule"], 0) + 1
    shown = [{"rule": f["rule"], "severity": f["severity"], "message": f["message"], "help": f.get("help", ""),
              "where": f"{(f.get('location') or {}).get('file')}:{(f.get('location') or {}).get('line')}"} for f in listed]
    compact = {"kind": facts.get("kind"), "subject": facts.get("subject"), "summary": facts.get("summary"),
               "findings": shown, "rows": (facts.get("rows") or [])[:15]}
    if others:
        compact["other_findings_per_rule"] = others
    return compact, listed


def explain_node(state: dict, runtime) -> dict:
    ctx = runtime.context
    facts, lang = state["facts"], state.get("lang") or "en"
    template = render_answer(facts, lang)
    if not ctx.online or facts.get("kind") in TEMPLATE_ONLY:
        return {"answer": template, "answer_source": "template"}
    return _explain_with_model(state, ctx, facts, lang, template)


def _explain_with_model(state: dict, ctx, facts: dict, lang: str, template: str) -> dict:
    from agent.graph.grounding import check_answer
    from agent.llm.budget import BudgetExceeded
    from agent.llm.client import LLMUnavailable
    from agent.llm.steps import explain

    compact, required = compact_facts(facts)
    try:
        text = explain(ctx.llm, compact, state["request"], lang, ctx.budget, ctx.on_token)
    except (LLMUnavailable, BudgetExceeded) as exc:
        ctx.llm_down = str(exc)
        return {"answer": template, "answer_source": "template",
                "notes": [*state.get("notes", []), f"the model could not explain ({exc}); answered from the facts"]}
    grounding = check_answer(text, facts, required, known_rules=known_rule_ids(), project_names=set(ctx.names()))
    if grounding.passed:
        return {"answer": text, "answer_source": "llm", "grounding": grounding.to_dict()}
    note = fill(sections("answer/fallback.txt")[lang if lang in ("en", "vi") else "en"], {"reason": grounding.reason()})
    return {"answer": template, "answer_source": "template-fallback", "grounding": grounding.to_dict(),
            "notes": [*state.get("notes", []), note],
            "rejected_answer": text}


def known_rule_ids() -> set[str]:
    """Every rule id the checkers know (a rule id the answer invents is caught even if it looks plain)."""
    from tools.drift import rules as drift_rules
    from tools.lint.rules import REGISTRY

    ids = {cls.id for cls in REGISTRY}
    ids.update(v for k, v in vars(drift_rules).items() if k.isupper() and isinstance(v, str) and "-" in v)
    return ids
