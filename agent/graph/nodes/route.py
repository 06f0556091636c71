"""The route node: the deterministic router, then (with a model) the model's choice and arguments.

Slash commands and follow-ups are never second-guessed by the model. Otherwise, with a model, the
route comes from its structured output; an invalid choice or an unreachable model falls back to the
rules' route, and the turn says so. The model then fills the chosen tool's arguments under a forced
tool choice; arguments that name nothing in the project (a model that does not exist, a file that
is not there) are dropped, so text in a request cannot steer a tool outside the project.
"""

from __future__ import annotations

from pathlib import Path

from agent.graph.router import route_request


def last_facts(state: dict) -> dict | None:
    history = state.get("history") or []
    return history[-1] if history else None


def route_node(state: dict, runtime) -> dict:
    ctx = runtime.context
    previous = last_facts(state)
    decision = route_request(state["request"], names=ctx.names, previous_route=previous["route"] if previous else None)
    notes: list[str] = []
    if decision.followup == "again" and previous:
        _repeat_with_target(decision, previous.get("decision") or {})
    if ctx.online and ctx.route_with_model and decision.source not in ("slash", "followup"):
        decision, notes = _with_model(decision, state["request"], ctx.names(), ctx)
    out = decision.to_dict()
    return {"decision": out, "lang": decision.lang, "notes": notes,
            "messages": [{"role": "user", "content": state["request"]}]}


def _repeat_with_target(decision, before: dict) -> None:
    """'Now do it for Lesson': the previous request's question, with the new target."""
    decision.text = before.get("text") or decision.text
    decision.intent = before.get("intent") or decision.intent
    decision.paths = before.get("paths") or []
    decision.code, decision.code_kind = before.get("code") or "", before.get("code_kind")
    if decision.intent is None and decision.route.value == "schema_question":
        from agent.graph.capabilities.schema import intent_of

        decision.intent = intent_of(decision.text, before.get("target") or decision.target)


def _with_model(decision, request: str, names: list[str], ctx):
    from agent.llm.budget import BudgetExceeded
    from agent.llm.client import LLMUnavailable
    from agent.llm.steps import choose_route, tool_arguments

    try:
        chosen = choose_route(ctx.llm, decision.text, decision.code_kind, decision.code, ctx.budget)
    except (LLMUnavailable, BudgetExceeded) as exc:
        ctx.llm_down = str(exc)
        return decision, [f"the model could not be used ({exc}); routed by rules"]
    if chosen is None:
        decision.source = "fallback"
        return decision, ["the model's route was not one of the routes; routed by rules"]
    decision.route, decision.source = chosen, "llm"
    try:
        args = tool_arguments(ctx.llm, chosen.value, decision.text, names, ctx.budget)
    except (LLMUnavailable, BudgetExceeded) as exc:
        return decision, [f"the model could not fill the tool's arguments ({exc}); used the request's words"]
    _merge_arguments(decision, args, names, ctx.root)
    return decision, []


def _merge_arguments(decision, args: dict, names: list[str], root: Path) -> None:
    """Take the model's arguments that check out against the project; keep the rules' values otherwise."""
    model = args.get("model")
    if isinstance(model, str) and model in names:
        decision.target = model
    path = args.get("path")
    if isinstance(path, str) and path and (root / path).exists() and path not in decision.paths:
        decision.paths = [*decision.paths, path]
    if args.get("latest_only") is True:
        decision.text = f"{decision.text} (latest migration)"
    if args.get("question") in ("references", "describe", "sql", "diagram", "count"):
        decision.intent = args["question"]  # "search" is the model's "I don't know": the rules' reading stands
    if args.get("check") == "health":
        decision.text = f"{decision.text} (health)"
