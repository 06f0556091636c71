"""The ORM selector: `tools.advise.advise` on the query the person gave (a Prisma call, SQL, Drizzle or
Kysely code, or a sentence), with the project's schema and `[tool.triple-orm.advise]` settings.

The facts are the advisor's decision as it made it: the recommended ORM, the acceptable ones, the
scores, the reasons (each a rule of its decision matrix) and the query written in the recommended
ORM; the answer shows the code verbatim.
"""

from __future__ import annotations

from agent.graph.facts import Facts
from agent.graph.routes import Route

ROUTE = Route.ORM_SELECTOR.value


def advise_request(decision: dict, ctx) -> Facts:
    from tools.advise.advisor import advise
    from tools.advise.matrix import load_matrix
    from tools.advise.names import project_names
    schema = ctx.schema()
    section = ctx.config.section("advise") if ctx.config is not None else {}
    text = decision.get("code") or decision.get("text") or ""
    advice = advise(text, schema, matrix=load_matrix(section), names=project_names(schema, ctx.config, section))
    data = advice.to_dict()
    facts = Facts(ROUTE, "advice", subject={"input_kind": data["input_kind"], "query": text})
    facts.summary = {"recommended": data["recommended"], "acceptable": data["acceptable"], "scores": data["scores"],
                     "ask": data.get("ask") or ""}
    facts.rows = [{"rule": r["rule"], "prefers": ", ".join(r["prefers"]), "weight": r["weight"], "text": r["text"]}
                  for r in data["reasons"]]
    for orm, written in data["code"].items():
        facts.artifacts[orm] = written["code"]
    facts.add_names("tables", data["features"].get("tables") or [])
    facts.add_names("rules", [r["rule"] for r in data["reasons"]])
    return facts
