"""The answer node: records the turn — the answer in the conversation, the facts in the history
(tool facts only: "why" about a "why" still points at the last report), the model's token use.
"""

from __future__ import annotations

DERIVED_KINDS = {"why", "safe_version", "error"}


def answer_node(state: dict, runtime) -> dict:
    ctx = runtime.context
    facts = state.get("facts") or {}
    out: dict = {"messages": [{"role": "assistant", "content": state.get("answer", "")}]}
    if facts and facts.get("kind") not in DERIVED_KINDS:
        out["history"] = [{**facts, "decision": state.get("decision") or {}}]
    if ctx.budget is not None:
        out["usage"] = ctx.budget.to_dict()
    return out
