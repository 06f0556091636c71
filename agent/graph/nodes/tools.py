"""One tool node per capability: each turns the decision into typed facts, and builds no prose.

An error a person can cause (a schema with a mistake, a file that is not there) becomes facts of
kind `error` with its message and exit code, so the chat goes on; anything else is a bug and
propagates.
"""

from __future__ import annotations

from typing import Callable

from agent.graph.facts import Facts
from agent.graph.routes import Route


def _guarded(route: Route, run: Callable[[dict, object], Facts]) -> Callable[[dict, object], dict]:
    def node(state: dict, runtime) -> dict:
        from tools.errors import TripleOrmError

        try:
            facts = run(state["decision"], runtime.context)
        except TripleOrmError as exc:
            facts = Facts(route.value, "error", subject={"error": type(exc).__name__},
                          summary={"message": exc.render(), "exit_code": exc.exit_code})
        return {"facts": facts.to_dict()}

    node.__name__ = f"{route.value}_node"
    return node


def _sync(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.sync import sync_request

    return sync_request(decision, ctx)


def _lint(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.lint import lint_request

    return lint_request(decision, ctx)


def _drift(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.drift import drift_request

    return drift_request(decision, ctx)


def _types(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.types import types_request

    return types_request(decision, ctx)


def _advise(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.advise import advise_request

    return advise_request(decision, ctx)


def _question(decision: dict, ctx) -> Facts:
    from agent.graph.capabilities.schema import answer_schema_question

    return answer_schema_question(decision, ctx)


TOOL_NODES: dict[str, Callable[[dict, object], dict]] = {
    Route.SCHEMA_SYNC.value: _guarded(Route.SCHEMA_SYNC, _sync),
    Route.MIGRATION_VALIDATOR.value: _guarded(Route.MIGRATION_VALIDATOR, _lint),
    Route.DRIFT_HEALTH.value: _guarded(Route.DRIFT_HEALTH, _drift),
    Route.TYPE_COMPARATOR.value: _guarded(Route.TYPE_COMPARATOR, _types),
    Route.ORM_SELECTOR.value: _guarded(Route.ORM_SELECTOR, _advise),
    Route.SCHEMA_QUESTION.value: _guarded(Route.SCHEMA_QUESTION, _question),
}
