"""Run one turn of the agent: through LangGraph, or — offline, one-shot — through the same nodes
in a plain loop.

The plain loop exists for speed only: an offline `triple-orm ask "/lint"` must print its first line
within a second as a whole process, and importing LangGraph alone takes most of that. It walks
`wiring.NODES` with `wiring.next_after_route`, exactly the topology LangGraph compiles, and applies
the state's reducers the same way (a test runs both drivers on the same requests and compares).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from agent.graph.state import append, keep_recent, new_turn

REDUCERS = {"history": keep_recent, "messages": append}


@dataclass
class TurnResult:
    answer: str
    answer_source: str
    facts: dict[str, Any]
    decision: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)
    grounding: dict[str, Any] = field(default_factory=dict)
    rejected_answer: str = ""
    thread: str | None = None

    @classmethod
    def from_state(cls, state: dict, thread: str | None) -> "TurnResult":
        return cls(state.get("answer", ""), state.get("answer_source", ""), state.get("facts") or {},
                   state.get("decision") or {}, list(state.get("notes") or []), state.get("usage") or {},
                   state.get("grounding") or {}, state.get("rejected_answer", ""), thread)

    def to_dict(self) -> dict[str, Any]:
        out = {"answer": self.answer, "answer_source": self.answer_source, "route": self.decision.get("route"),
               "route_source": self.decision.get("source"), "decision": self.decision, "facts": self.facts,
               "notes": self.notes, "usage": self.usage, "grounding": self.grounding, "thread": self.thread}
        if self.rejected_answer:
            out["rejected_answer"] = self.rejected_answer
        return out


def merge(state: dict, update: dict) -> dict:
    for key, value in update.items():
        state[key] = REDUCERS[key](state.get(key), value) if key in REDUCERS else value
    return state


def run_plain(request: str, ctx, state: dict | None = None) -> dict:
    """One turn through the nodes in order, no LangGraph; `state` carries history between calls."""
    from agent.graph.wiring import NODES, next_after_route

    runtime = SimpleNamespace(context=ctx)
    state = merge(dict(state or {}), new_turn(request))
    merge(state, NODES["route"](state, runtime))
    for name in (next_after_route(state), "explain", "answer"):
        merge(state, NODES[name](state, runtime))
    return state


def run_graph(request: str, ctx, graph, thread: str) -> dict:
    """One turn through the compiled LangGraph graph, in thread `thread` of its checkpointer."""
    return graph.invoke(new_turn(request), {"configurable": {"thread_id": thread}}, context=ctx)


def run_turn(request: str, ctx, *, graph=None, thread: str | None = None) -> TurnResult:
    """With a graph (chat, --thread, a model): LangGraph; otherwise the plain runner."""
    if ctx.budget is not None:
        ctx.budget.reset()
    ctx.llm_down = None
    if graph is None:
        return TurnResult.from_state(run_plain(request, ctx), None)
    return TurnResult.from_state(run_graph(request, ctx, graph, thread or "default"), thread)
