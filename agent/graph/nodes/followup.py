"""The follow-up node: "why is that critical?" and "show me the safe version" from earlier facts.

"Now do it for Lesson" is not handled here: the router sends it to the previous route's tool node
with the new target, because new facts are needed for a new model.
"""

from __future__ import annotations

from agent.graph.capabilities.followup import safe_facts, why_facts
from agent.graph.nodes.route import last_facts


def followup_node(state: dict, runtime) -> dict:
    decision = state["decision"]
    previous = last_facts(state) or {}
    if decision.get("followup") == "safe":
        facts = safe_facts(previous, state["request"], runtime.context.root)
    else:
        facts = why_facts(previous, state["request"])
    return {"facts": facts.to_dict()}
