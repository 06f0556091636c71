"""Schema sync: what `triple-orm sync` would write, computed in memory — never written from here.

The facts list each generated file with its state (missing, stale, current, edited by hand) and
the diff; for a target model ("convert Lesson to Drizzle") the generated definition of that model,
and the project's existing Drizzle definition of it retrieved from the vector store with the
conventions it follows (see `agent.store.conventions`). Writing happens only through an explicit
command the person confirms (`triple-orm sync`, or `/write` in chat).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from agent.graph.facts import Facts
from agent.graph.routes import Route

ROUTE = Route.SCHEMA_SYNC.value
MAX_DIFF_LINES = 80


def plan_project_sync(ctx, with_drizzle: bool = True):
    """The sync plan for the project's configured outputs (Drizzle left out when its generator is missing)."""
    from tools.sync import GeneratorUnavailable, SyncOptions, plan_sync

    section = ctx.config.section("sync") if ctx.config is not None else {}
    options = SyncOptions.from_config(section, ctx.config.source if ctx.config is not None else None)
    schema = ctx.schema()
    source = _source_label(ctx)
    drizzle = ctx.drizzle_out if with_drizzle else None
    try:
        return plan_sync(schema, drizzle, ctx.kysely_out, source=source, options=options), None
    except GeneratorUnavailable as exc:
        if drizzle is None or ctx.kysely_out is None:
            raise
        plan = plan_sync(schema, None, ctx.kysely_out, source=source, options=options)
        return plan, exc.message


def _source_label(ctx) -> str:
    """The schema's path as `triple-orm sync` writes it into the headers (relative to the configuration)."""
    schema = ctx.schema()
    path = Path(schema.path)
    absolute = path if path.is_absolute() else ctx.root / path
    return Path(os.path.relpath(absolute.resolve(), ctx.root.resolve())).as_posix()


def sync_request(decision: dict, ctx) -> Facts:
    if ctx.drizzle_out is None and ctx.kysely_out is None:
        return Facts(ROUTE, "sync", notes=["no output configured: set drizzle-out and/or kysely-out in [tool.triple-orm]"])
    plan, missing = plan_project_sync(ctx)
    facts = Facts(ROUTE, "sync", subject={"schema": plan.schema, "target": decision.get("target")})
    for planned in plan.files:
        facts.rows.append({"kind": planned.kind, "file": ctx.relative(planned.path), "state": planned.state})
        facts.add_names("files", [ctx.relative(planned.path)])
        diff = planned.diff(ctx.root)
        if diff:
            lines = diff.splitlines()
            facts.artifacts[f"diff:{planned.kind}"] = "\n".join(lines[:MAX_DIFF_LINES]) + (
                f"\n… {len(lines) - MAX_DIFF_LINES} more lines" if len(lines) > MAX_DIFF_LINES else "")
    if missing:
        facts.notes.append(missing)
    facts.notes.extend(plan.warnings)
    stale = [r for r in facts.rows if r["state"] != "current"]
    facts.summary = {"files": len(plan.files), "stale": len(stale), "written": 0}
    target = decision.get("target")
    if target:
        _target_definitions(facts, plan, ctx, target)
    return facts


def _target_definitions(facts: Facts, plan, ctx, target: str) -> None:
    """The generated definitions of one model, and the project's existing Drizzle definition of it."""
    model = ctx.schema().model(target) or ctx.schema().model_by_table(target)
    if model is None:
        facts.notes.append(f"{target} is not a model of {plan.schema}")
        return
    facts.add_names("models", [model.name])
    facts.add_names("tables", [model.db_name])
    for planned in plan.files:
        block = generated_block(planned.content, planned.kind, model)
        if block:
            facts.artifacts[f"{planned.kind}:{model.name}"] = block
    from agent.store.conventions import ground_drizzle_conversion

    grounding = ground_drizzle_conversion(ctx, model, facts.artifacts.get(f"drizzle:{model.name}"))
    if grounding is not None:
        facts.rows.extend(grounding.rows())
        facts.add_names("files", [r["file"] for r in grounding.rows()])
        if grounding.restyled:
            facts.artifacts[f"drizzle:{model.name}:project-style"] = grounding.restyled
        facts.summary["conventions"] = grounding.summary()


def generated_block(content: str, kind: str, model) -> str | None:
    """The part of a generated file that defines `model`: its pgTable call, or its Kysely interface."""
    if kind == "drizzle":
        pattern = rf'^export const \w+ = pgTable\(\s*"{re.escape(model.db_name)}"'
    else:
        pattern = rf"^export (interface|type) {re.escape(model.name)}\b"
    match = re.search(pattern, content, re.M)
    if match is None:
        return None
    from agent.store.entries import statement_end

    end = statement_end(content, match.start())
    return content[match.start():end].rstrip()
