"""The three model calls of a turn: choose the route, fill the tool's arguments, explain the facts.

Route first, then call: small local models write automatic tool calls as JSON text instead of real
`tool_calls` (measured 0/10 with Qwen2.5-Coder-1.5B), while structured routing (an enum through
function calling) worked 7/8 and forced tool calls 10/10; hosted models do both. So the route is a
structured output, and the tool's arguments come from a call with the tool choice forced.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Literal, Optional

from pydantic import BaseModel, Field, create_model

from agent.graph.routes import DESCRIPTIONS, Route
from agent.graph.templates import fill, sections
from agent.llm.client import LLMUnavailable, is_unreachable

RouteName = Literal["schema_sync", "migration_validator", "drift_health", "type_comparator", "orm_selector", "schema_question"]


class RouteChoice(BaseModel):
    """The route for the request."""

    route: RouteName = Field(description="one of the routes listed in the instructions")


def _messages(name: str, slots: dict) -> list:
    from langchain_core.messages import HumanMessage, SystemMessage

    parts = sections(f"llm/{name}.md")
    return [SystemMessage(fill(parts["system"], slots)), HumanMessage(fill(parts["user"], slots))]


def _call(budget, step: str, fn: Callable[[], Any]) -> Any:
    budget.spend(step)
    try:
        return fn()
    except Exception as exc:
        if is_unreachable(exc):
            raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
        raise


def choose_route(llm, request: str, code_kind: str | None, code: str, budget) -> Route | None:
    """The route the model chooses, or None when its answer is not one of the routes."""
    routes = "\n".join(f"- {r.value}: {DESCRIPTIONS[r]}" for r in Route)
    given = fill(sections("llm/route.md")["given"], {"kind": code_kind, "lines": len(code.splitlines())}) if code_kind else ""
    structured = llm.with_structured_output(RouteChoice, method="function_calling", include_raw=True)
    result = _call(budget, "route", lambda: structured.invoke(_messages("route", {"routes": routes, "request": request, "given": given})))
    budget.record(result.get("raw"))
    parsed = result.get("parsed")
    return Route.parse(parsed.route) if parsed is not None else None


# The arguments each route's tool takes: what the deterministic router finds from the words.
_TOOL_FIELDS: dict[str, dict[str, Any]] = {
    Route.SCHEMA_SYNC.value: {"model": (Optional[str], Field(None, description="the model to convert, if one is named"))},
    Route.MIGRATION_VALIDATOR.value: {
        "path": (Optional[str], Field(None, description="the migration file or folder the person named")),
        "latest_only": (bool, Field(False, description="true when only the newest migration is asked about"))},
    Route.DRIFT_HEALTH.value: {"check": (Literal["drift", "health"], Field("drift", description="drift or database health"))},
    Route.TYPE_COMPARATOR.value: {"model": (Optional[str], Field(None, description="the model whose types to compare"))},
    Route.ORM_SELECTOR.value: {"model": (Optional[str], Field(None, description="the model the query is about"))},
    Route.SCHEMA_QUESTION.value: {
        "question": (Literal["references", "describe", "sql", "diagram", "count", "search"],
                     Field("search", description="references: what points at a model; describe: its columns; sql: its DDL; "
                                                 "diagram: an ER diagram; count: list/count models; search: anything else")),
        "model": (Optional[str], Field(None, description="the model or table the question is about"))},
}
TOOL_NAMES = {route: f"triple_orm_{route}" for route in _TOOL_FIELDS}


def tool_schema(route: str) -> type[BaseModel]:
    model = create_model(TOOL_NAMES[route], **_TOOL_FIELDS[route])
    model.__doc__ = DESCRIPTIONS[Route(route)]
    return model


def tool_arguments(llm, route: str, request: str, names: list[str], budget) -> dict[str, Any]:
    """The tool's arguments from a call whose tool choice is forced (the only call small models get right)."""
    schema = tool_schema(route)
    bound = llm.bind_tools([schema], tool_choice=TOOL_NAMES[route])
    slots = {"tool": TOOL_NAMES[route], "names": ", ".join(names[:120]) or "(none)", "request": request}
    message = _call(budget, "tool", lambda: bound.invoke(_messages("tool", slots)))
    budget.record(message)
    calls = getattr(message, "tool_calls", None) or []
    return dict(calls[0].get("args") or {}) if calls else {}


def answer_shape(findings: list[dict], language: str) -> str:
    """The answer's skeleton: one bullet per finding, its first words given, for the model to complete.

    A small model asked to "mention every finding by its rule id" still paraphrases them away
    (Qwen2.5-Coder-1.5B named the rule ids of 0 of 12 reports' findings); given the first words of
    each bullet, it completes them. A verdict line given to it as well ended the answer: the model
    wrote the verdict and stopped (measured on 6 of 12 reports), so none is given.
    """
    if not findings:
        return ""
    outline = "\n".join(f"- `{f['rule']}` ({', '.join(_label(f))}):" for f in findings)
    return fill(sections("llm/explain.md")["shape"], {"language": language, "outline": outline})


def _label(finding: dict) -> list[str]:
    where = finding.get("where") or ""
    return [finding["severity"]] + ([where] if where and "None" not in where else [])


def explain(llm, facts_for_model: dict, request: str, lang: str, budget, on_token: Callable[[str], None] | None) -> str:
    """The model's explanation of the facts, streamed to `on_token` as it is written."""
    slots = {"language": "Vietnamese" if lang == "vi" else "English", "max_words": 220,
             "facts": json.dumps(facts_for_model, ensure_ascii=False, indent=1), "request": request}
    slots["shape"] = answer_shape(facts_for_model.get("findings") or [], slots["language"])
    messages = _messages("explain", slots)

    def stream() -> str:
        merged = None
        for chunk in llm.stream(messages):
            merged = chunk if merged is None else merged + chunk
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text and on_token is not None:
                on_token(text)
        budget.record(merged)
        return (merged.content if merged is not None and isinstance(merged.content, str) else "").strip()

    return _call(budget, "explain", stream)
