"""One function per MCP tool: call tools/ the way the command line does, return facts and a short text.

The facts are the agent's `Facts` (findings in `Finding.to_dict()` shape, rows, artifacts, summary),
built by the agent's capabilities where one exists (`lint_facts`, `drift_facts`, `health_request`,
`advise_request`, `model_sql`, `diagram`); options come from the project's configuration through
the commands' own helpers (`cmd_check.check_options`, `tools.health.settings`, `cmd_types._read_files`),
so an IDE gets what `triple-orm check` or `types` would print. The text is the agent's template
answer (`agent.graph.render`): no model runs here, since the IDE's own model reads the facts.

Bad input raises a `TripleOrmError`; the server turns it into a tool error with its message.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Callable

from agent.graph.facts import Facts, findings_names
from agent.mcp.project import McpProject
from tools.errors import UsageError

RUNNERS = ("plain", "prisma", "drizzle")


@dataclass
class Answer:
    """What a tool returns: structured facts and the text a person would read."""

    facts: dict[str, Any]
    text: str


def answer(facts: Facts, project: McpProject, text: str | None = None) -> Answer:
    """Facts and their answer (`text`, else the template's), scrubbed of the database password (whatever the route)."""
    from agent.graph.render import render_answer
    from tools.database.connect import scrub

    facts.notes.extend(project.drain_notes())
    url = project.database_url()
    data = scrub_strings(facts.to_dict(), lambda value: scrub(value, url))
    return Answer(data, scrub(render_answer(data) if text is None else text, url))


def scrub_strings(value: Any, scrub: Callable[[str], str]) -> Any:
    """Every string in `value` scrubbed (not its JSON text: JSON escapes a password's quotes and backslashes)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: scrub_strings(item, scrub) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_strings(item, scrub) for item in value]
    return value


def lint_migration(project: McpProject, sql: str | None = None, path: str | None = None,
                   runner: str | None = None) -> Answer:
    """Lint SQL text as one migration, or a .sql file or migrations folder of the project with its history."""
    from agent.graph.capabilities.lint import lint_facts

    if sql is not None and path is not None:
        raise UsageError("give `sql` or `path`, not both")
    if sql is None and path is None:
        raise UsageError("give `sql` (a migration's text) or `path` (a .sql file or migrations folder of the project)")
    settings = _lint_settings(project, runner)
    if sql is not None:
        from tools.lint import lint_sql

        if not sql.strip():
            raise UsageError("the SQL is empty")
        pasted_runner = settings.runner if settings.runner in RUNNERS else "plain"
        report = lint_sql(sql, path="pasted.sql", runner=pasted_runner, settings=settings)
        return answer(lint_facts(report, {"input": "pasted SQL", "runner": pasted_runner, "sql": sql}), project)
    from tools.lint.runner import lint_paths

    target = project.inside(path, "path")
    report = lint_paths([target], settings, base=project.root, project_root=project.root)
    return answer(lint_facts(report, {"input": [project.relative(target)]}), project)


def _lint_settings(project: McpProject, runner: str | None):
    from tools.errors import ConfigError
    from tools.lint.settings import parse_runner, settings_from_config

    settings = settings_from_config(project.cli.config.section("lint"), project.root)
    if runner:
        try:
            settings = settings.with_(runner=parse_runner(runner))
        except ConfigError as error:
            raise UsageError(error.message, help=error.help) from None
    return settings


def check_drift(project: McpProject, embedded: bool | None = None) -> Answer:
    """`triple-orm check` on the configured project (the database URL from the environment only)."""
    from agent.cli import cmd_check
    from agent.graph.capabilities.drift import drift_facts
    from tools.drift.check import run_check

    args = argparse.Namespace(schema=None, database_url=None, migrations=None, drizzle=None, kysely=None,
                              embedded=embedded, replay=None, statement_timeout=None)
    options, _ = cmd_check.check_options(args, project.cli)
    facts = drift_facts(run_check(options), options.embedded)
    if not options.embedded and options.database_url is None:
        facts.notes.append(f"no database: set ${project.database_url_env()} where the server starts, "
                           "or call check_drift with embedded=true to replay the migrations on a throwaway PostgreSQL")
    return answer(facts, project)


def health_check(project: McpProject) -> Answer:
    """The live database's statistics: unused/duplicate/invalid indexes, unindexed keys, sequences."""
    from agent.graph.capabilities.drift import health_request
    from tools.health.settings import configured_thresholds

    url = project.database_url()
    if url is None:
        raise UsageError(f"a health check reads a live database's statistics, and ${project.database_url_env()} is not set",
                         help="set it in the environment the MCP server starts with (read-only access is enough)")
    thresholds = configured_thresholds(project.cli.config)
    return answer(health_request(url, project.agent, thresholds), project)


def compare_types(project: McpProject, model: str | None = None, all_fields: bool = False) -> Answer:
    """Prisma Client, Drizzle and Kysely types of each field side by side (`triple-orm types`)."""
    from agent.cli import cmd_types
    from tools.sync.options import SyncOptions
    from tools.types import compare_types as compare

    schema = project.agent.schema()
    drizzle, kysely = cmd_types._read_files(argparse.Namespace(drizzle=None, kysely=None), project.cli)
    if drizzle is None and kysely is None:
        raise UsageError("no Drizzle or Kysely file to compare with", help="set drizzle-out / kysely-out in [tool.triple-orm]")
    config = project.cli.config
    report = compare(schema, drizzle=drizzle, kysely=kysely, zod=cmd_types._zod(project.cli),
                     options=SyncOptions.from_config(config.section("sync"), config.source))
    if model:
        cmd_types._only_models(report, [_model(schema, model).name], schema)
    facts = Facts("type_comparator", "report", subject={"schema": report.schema, "model": model,
                                                        "files": {k: v and project.relative(v) for k, v in report.files.items()}})
    facts.findings = [f.to_dict() for f in report.findings]
    facts.rows = [r.to_dict() for r in report.rows if all_fields or r.rules or r.notes]
    facts.summary = report.to_dict()["summary"]
    findings_names(facts, facts.findings)
    return answer(facts, project)


def recommend_orm(project: McpProject, query: str) -> Answer:
    """Which ORM should run a query (a Prisma call, SQL, Drizzle/Kysely code or a sentence), and the code."""
    from agent.graph.capabilities.advise import advise_request

    if not query or not query.strip():
        raise UsageError("the query is empty", help="give a Prisma call, SQL, a Drizzle or Kysely snippet, or a sentence")
    return answer(advise_request({"text": query}, project.agent), project)


def schema_sql(project: McpProject, model: str | None = None) -> Answer:
    """The DDL Prisma runs to create the schema's database (or one model's table)."""
    from agent.graph.capabilities.schema import model_sql

    schema = project.agent.schema()
    return answer(model_sql(schema, _model(schema, model) if model else None), project)


def schema_diagram(project: McpProject, model: str | None = None, depth: int = 1) -> Answer:
    """A Mermaid ER diagram of the schema, or of one model and its neighbours `depth` relations away."""
    from agent.graph.capabilities.schema import diagram
    from tools.prisma.diagram import neighbourhood, schema_to_mermaid

    if not 0 <= depth <= 5:
        raise UsageError(f"depth must be between 0 and 5, not {depth}")
    schema = project.agent.schema()
    found = _model(schema, model) if model else None
    facts = diagram(schema, found)
    if found is not None and depth != 1:  # the chat's diagram is one relation deep
        facts.artifacts["mermaid"] = schema_to_mermaid(schema, found.name, depth)
        shown = neighbourhood(schema, found.name, depth)
        facts.names["models"] = []
        facts.add_names("models", shown)
        facts.subject["depth"] = depth
        facts.summary = {"models": len(shown)}
    return answer(facts, project)


def _model(schema, name: str):
    found = schema.model(name) or schema.model_by_table(name)
    if found is None:
        raise UsageError(f"no model or table called {name!r} in {schema.path}",
                         help="models: " + ", ".join(schema.models))
    return found


def sync_plan(project: McpProject) -> Answer:
    """What `triple-orm sync` would write, as unified diffs; nothing is written."""
    from tools.sync import check_sync

    plan, missing = _plan(project)
    stale = {item.path: item for item in check_sync(plan, project.root)}
    facts = _sync_facts(plan, project, missing)
    for item in stale.values():
        facts.artifacts[f"diff:{item.kind}"] = item.diff
    facts.summary = {"files": len(plan.files), "stale": len(stale), "written": 0}
    return answer(facts, project)


def sync_write(project: McpProject) -> Answer:
    """Write the generated files (only with --allow-writes); a file edited by hand is never overwritten."""
    from tools.sync import write_sync

    if not project.allow_writes:
        raise UsageError("this server is read-only", help="start it with `triple-orm mcp --allow-writes` to let it write files")
    plan, missing = _plan(project)
    result = write_sync(plan)
    facts = _sync_facts(plan, project, missing)
    facts.summary = {"files": len(plan.files), "stale": 0, "written": len(result.written),
                     "written_files": [project.relative(f.path) for f in result.written]}
    return answer(facts, project)


def _plan(project: McpProject):
    from agent.graph.capabilities.sync import plan_project_sync

    if project.agent.drizzle_out is None and project.agent.kysely_out is None:
        raise UsageError("no output configured", help="set drizzle-out and/or kysely-out in [tool.triple-orm]")
    return plan_project_sync(project.agent)


def _sync_facts(plan, project: McpProject, missing: str | None) -> Facts:
    facts = Facts("schema_sync", "sync", subject={"schema": plan.schema})
    for planned in plan.files:
        shown = project.relative(planned.path)
        facts.rows.append({"kind": planned.kind, "file": shown, "state": planned.state})
        facts.add_names("files", [shown])
    facts.notes.extend(([missing] if missing else []) + plan.warnings)
    return facts
