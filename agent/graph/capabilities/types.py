"""The type comparator: `tools.types.compare_types` on the project's Drizzle and Kysely files.

The facts are the comparator's report: per field the Prisma, Drizzle and Kysely types, and the
mismatches as findings; with a target model, only that model's fields and findings.
"""

from __future__ import annotations

from pathlib import Path

from agent.graph.facts import Facts, findings_names
from agent.graph.routes import Route

ROUTE = Route.TYPE_COMPARATOR.value
MAX_ROWS = 40


def types_request(decision: dict, ctx) -> Facts:
    from tools.types import compare_types, find_zod_schemas
    from tools.typescript.drizzle_reader import read_drizzle
    from tools.typescript.kysely_reader import read_kysely
    from tools.sync.options import SyncOptions

    drizzle = read_drizzle(ctx.drizzle_out) if ctx.drizzle_out and ctx.drizzle_out.exists() else None
    kysely = read_kysely(ctx.kysely_out) if ctx.kysely_out and ctx.kysely_out.exists() else None
    if drizzle is None and kysely is None:
        return Facts(ROUTE, "report", notes=["no Drizzle or Kysely file to compare with: run `triple-orm sync` first"])
    section = ctx.config.section("types") if ctx.config is not None else {}
    registry = section.get("json_schemas")
    zod = find_zod_schemas(ctx.root, (ctx.root / registry).resolve() if isinstance(registry, str) else None, display_base=ctx.root)
    options = SyncOptions.from_config(ctx.config.section("sync"), ctx.config.source) if ctx.config is not None else None
    report = compare_types(ctx.schema(), drizzle=drizzle, kysely=kysely, zod=zod, options=options)
    return _facts(report, decision.get("target"), ctx)


def _facts(report, target: str | None, ctx) -> Facts:
    model = (ctx.schema().model(target) or ctx.schema().model_by_table(target)) if target else None
    rows = [r.to_dict() for r in report.rows if model is None or r.model == model.name]
    findings = [f.to_dict() for f in report.findings if model is None or (f.data or {}).get("model") == model.name]
    facts = Facts(ROUTE, "report", subject={"model": model.name if model else None, "files": report.files},
                  findings=findings, rows=rows[:MAX_ROWS])
    facts.summary = {"fields": len(rows), "mismatches": len(findings)}
    findings_names(facts, findings)
    facts.add_names("models", sorted({r["model"] for r in rows}))
    facts.add_names("columns", [r["column"] for r in rows if r.get("column")])
    facts.add_names("files", [str(Path(p)) for p in report.files.values() if p])
    return facts
