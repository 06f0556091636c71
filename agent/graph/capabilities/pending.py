"""Type comparison (issue 6): wired, answering honestly until the tool lands.

Each capability names its seam — the module and function the agent will call. When that import
succeeds the route calls it and puts its report in the facts; until then the answer says the
capability is not available yet (never an invented comparison or recommendation).
"""

from __future__ import annotations

import importlib

from agent.graph.facts import Facts, findings_names, unavailable
from agent.graph.routes import Route

# route -> (what it does for people, "module:function" the agent calls)
SEAMS = {
    Route.TYPE_COMPARATOR.value: ("type comparison across Prisma, Drizzle and Kysely", "tools.types:compare_types"),
}


def seam_function(route: str):
    """The tool function behind a pending route, or None while it is not part of this installation."""
    module_name, function_name = SEAMS[route][1].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, function_name, None)


def pending_request(route: str, decision: dict, ctx) -> Facts:
    capability, seam = SEAMS[route]
    function = seam_function(route)
    if function is None:
        return unavailable(route, capability, seam, f"{capability} is not available yet in this installation")
    report = function(ctx.schema(), code=decision.get("code") or decision.get("text"), target=decision.get("target"))
    facts = Facts(route, "report", subject={"target": decision.get("target")})
    data = report.to_dict()
    facts.findings = list(data.get("findings", []))
    facts.rows = [r for r in data.get("rows", []) if isinstance(r, dict)]
    facts.summary = {k: v for k, v in data.items() if k not in ("findings", "rows")}
    findings_names(facts, facts.findings)
    return facts
