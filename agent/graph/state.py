"""The graph's state: plain JSON values, so the SQLite checkpointer can store and resume any thread.

One turn writes `request` and fills the rest: the route decision, the facts of the tool that ran
(typed results, as `Facts.to_dict()`), the answer and where it came from. `history` keeps the facts
of earlier turns (the newest last) for follow-ups; `messages` keeps the conversation's text.
Keys that accumulate across turns have a reducer; the others are replaced by each turn.
"""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

HISTORY_KEPT = 6  # facts of the last few turns are enough for "why is that critical?"


def keep_recent(old: list | None, new: list | None) -> list:
    """Append, keeping the last HISTORY_KEPT items (a long chat does not grow the checkpoint forever)."""
    return ((old or []) + (new or []))[-HISTORY_KEPT:]


def append(old: list | None, new: list | None) -> list:
    return (old or []) + (new or [])


class AgentState(TypedDict, total=False):
    request: str  # what the person typed this turn
    lang: str  # en | vi, the language to answer in
    decision: dict[str, Any]  # router.Decision.to_dict(): route, source, target, paths, code, followup
    facts: dict[str, Any]  # Facts.to_dict() of this turn
    answer: str
    answer_source: str  # template | llm | template-fallback
    grounding: dict[str, Any]  # the check of an LLM answer: passed, unknown names, dropped findings
    rejected_answer: str  # an LLM answer that failed the check (kept for --json and the evals)
    notes: list[str]  # said to the person once, beside the answer (offline mode, fallbacks)
    usage: dict[str, Any]  # LLM calls and tokens of this turn
    history: Annotated[list[dict[str, Any]], keep_recent]
    messages: Annotated[list[dict[str, str]], append]


def new_turn(request: str) -> dict[str, Any]:
    """The input of one turn: the request, and the per-turn keys reset (history/messages carry on)."""
    return {"request": request, "decision": {}, "facts": {}, "answer": "", "answer_source": "", "grounding": {}, "rejected_answer": "",
            "notes": [], "usage": {}}
