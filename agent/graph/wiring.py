"""The graph's topology, as data, and its LangGraph compilation.

    route ──► <capability tool node> ──► explain ──► answer
          └─► followup ────────────────┘

`NEXT_AFTER_ROUTE` decides the edge out of `route` from the decision alone, and both drivers use it:
LangGraph (`build_graph`, for chat threads with a checkpointer and for model turns) and the plain
runner (`agent.graph.runner`), which walks the same nodes for a one-shot offline turn without
paying LangGraph's import (about a second, the whole budget of an offline `ask`).
"""

from __future__ import annotations

from agent.graph.context import AgentContext
from agent.graph.nodes.answer import answer_node
from agent.graph.nodes.explain import explain_node
from agent.graph.nodes.followup import followup_node
from agent.graph.nodes.route import route_node
from agent.graph.nodes.tools import TOOL_NODES
from agent.graph.state import AgentState

NODES = {"route": route_node, "followup": followup_node, **TOOL_NODES, "explain": explain_node, "answer": answer_node}
EDGES = [("followup", "explain"), *[(name, "explain") for name in TOOL_NODES], ("explain", "answer")]


def next_after_route(state: dict) -> str:
    """Follow-ups that only reuse facts go to `followup`; everything else to its route's tool node."""
    decision = state["decision"]
    if decision.get("followup") in ("why", "safe"):
        return "followup"
    return decision["route"]


def build_graph(checkpointer=None):
    """The compiled LangGraph state machine (context: AgentContext, state: AgentState)."""
    from langgraph.graph import END, START, StateGraph

    graph = StateGraph(AgentState, context_schema=AgentContext)
    for name, node in NODES.items():
        graph.add_node(name, node)
    graph.add_edge(START, "route")
    graph.add_conditional_edges("route", next_after_route, {n: n for n in ["followup", *TOOL_NODES]})
    for source, target in EDGES:
        graph.add_edge(source, target)
    graph.add_edge("answer", END)
    return graph.compile(checkpointer=checkpointer)
