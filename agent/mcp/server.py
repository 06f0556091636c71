"""The MCP server: the answers of `agent.mcp.answers` as tools, plus resources and prompts.

Built on the official SDK's `MCPServer`. Every tool is read-only (as the crystaldba, Supabase and
Neon servers are by default) except `sync_write`, which exists only with `--allow-writes`. A tool
returns the facts as `structuredContent` and the answer as text; bad input (a `TripleOrmError`, an
argument the tool does not have) is a tool error carrying its message, never a traceback, and a
bug is one scrubbed line. Calls run one at a time: the tools share the schema cache and the linter
pauses the garbage collector while it works. Resources are in `resources`, prompts in `prompts`.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any, Callable

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from agent.mcp import answers
from agent.mcp.explain import explain_finding
from agent.mcp.project import McpProject
from agent.mcp.prompts import add_prompts
from agent.mcp.resources import add_resources
from agent.mcp.search import KINDS, MAX_RESULTS, search_schema

INSTRUCTIONS = """\
triple-orm checks a TypeScript project where Prisma's schema.prisma owns a PostgreSQL database and
Drizzle and Kysely files are generated from it. Each tool returns facts (findings with rule id,
severity, message, help, file/line location and, for migrations, the lock taken and what it blocks)
and a short answer. Cite rule ids and locations as given; do not invent findings. Use
explain_finding for the reason behind a rule and its safe alternative, and search_schema to find where
a model, column or value lives. The database URL is set where the server starts, never passed to a tool."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

Model = Annotated[str | None, Field(description="a model name (or its table name); omit for the whole schema")]


class TripleOrmServer(MCPServer):
    """The SDK's server, stricter with what a model sends: an argument a tool does not have is an error
    (pydantic would drop it silently, and a model that passes `database_url` must hear it is not used),
    and a prompt's missing argument or unknown name is "invalid params", not an internal error."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context=None):
        tool = self._tool_manager.get_tool(name)
        unknown = sorted(set(arguments) - set((tool.parameters or {}).get("properties", {}))) if tool else []
        if unknown:
            text = f"{name} has no argument {', '.join(map(repr, unknown))}"
            if any("url" in key.lower() or "dsn" in key.lower() or "connection" in key.lower() for key in unknown):
                text += "; the database URL comes only from the environment the server was started with"
            raise ToolError(text)
        return await super().call_tool(name, arguments, context)

    async def get_prompt(self, name: str, arguments: dict[str, Any] | None = None, context=None):
        try:
            return await super().get_prompt(name, arguments, context)
        except ValueError as error:  # the SDK's way of saying "unknown prompt" or "missing arguments"
            raise MCPError(INVALID_PARAMS, str(error)) from None


def build_server(project: McpProject) -> MCPServer:
    from tools import __version__

    server = TripleOrmServer("triple-orm", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    for fn, title in _tools(project):
        name = fn.__name__.removesuffix("_tool")
        server.add_tool(fn, name=name, title=title, annotations=WRITES if name == "sync_write" else READ_ONLY)
    add_resources(server, project)
    add_prompts(server, project)
    return server


def _call(project: McpProject, run: Callable[[], answers.Answer]) -> CallToolResult:
    """One tool call: serialised, errors a person can cause turned into tool errors (password scrubbed)."""
    from tools.database.connect import scrub
    from tools.errors import TripleOrmError

    with project.lock:
        project.refresh()
        try:
            result = run()
        except TripleOrmError as error:
            project.drain_notes()
            # the client shows "Error executing tool …: " before it; the render's own "error: " is noise
            raise ToolError(scrub(error.render().removeprefix("error: "), project.database_url())) from None
        except Exception as error:  # a bug: the SDK would log its traceback unscrubbed, and answer with its text
            project.drain_notes()
            line = scrub(f"internal error: {type(error).__name__}: {error}", project.database_url())
            sys.stderr.write(line + "\n")
            raise ToolError(line + " (a bug in triple-orm; please report it)") from None
    return CallToolResult(content=[TextContent(type="text", text=result.text)], structured_content=result.facts)


def _tools(project: McpProject) -> list[tuple[Callable[..., CallToolResult], str]]:
    tools = _checking_tools(project) + _schema_tools(project)
    return [t for t in tools if t[0].__name__ != "sync_write" or project.allow_writes]


def _checking_tools(project: McpProject) -> list[tuple[Callable[..., CallToolResult], str]]:
    """The checkers: lint, drift, health, types, the ORM advisor, and a rule's explanation."""

    def lint_migration(
        sql: Annotated[str | None, Field(description="the migration's SQL text (linted as one migration)")] = None,
        path: Annotated[str | None, Field(description="a .sql file or migrations folder of the project, relative to its root")] = None,
        runner: Annotated[str | None, Field(description="how the migration runs: prisma, drizzle, plain or auto (default: the configuration)")] = None,
    ) -> CallToolResult:
        """Lint migration SQL for locks, table rewrites, data loss and Prisma/drizzle-kit pitfalls. Give `sql` or `path`. Each finding names the rule, severity, the lock taken and what it blocks, and a verified fix when there is one."""
        return _call(project, lambda: answers.lint_migration(project, sql, path, runner))

    def check_drift(
        embedded: Annotated[bool | None, Field(description="replay the migrations on a throwaway PostgreSQL instead of reading the live database (default: the configuration)")] = None,
    ) -> CallToolResult:
        """Do schema.prisma, the database, the migrations folder and the Drizzle/Kysely files agree? The database URL comes from the server's environment only."""
        return _call(project, lambda: answers.check_drift(project, embedded))

    def health_check() -> CallToolResult:
        """The live database's health: unused, duplicate and invalid indexes, unindexed foreign keys, sequences near their end, NOT VALID constraints; each finding points at its schema.prisma line."""
        return _call(project, lambda: answers.health_check(project))

    def compare_types(
        model: Model = None,
        all_fields: Annotated[bool, Field(description="list every field, not only those with findings")] = False,
    ) -> CallToolResult:
        """Prisma Client, Drizzle and Kysely types of each field side by side: missing fields, types, nullability, enum values, values Prisma fills on insert, Json without a declared shape."""
        return _call(project, lambda: answers.compare_types(project, model, all_fields))

    def recommend_orm(
        query: Annotated[str, Field(description="a Prisma call, SQL, a Drizzle or Kysely snippet, or a sentence saying what the query does")],
    ) -> CallToolResult:
        """Which ORM should run this query (Prisma, Drizzle or Kysely), the reasons, and the query written in it."""
        return _call(project, lambda: answers.recommend_orm(project, query))

    def explain_finding_tool(
        rule: Annotated[str, Field(description="the rule id, e.g. ban-drop-column or column-type-drift")],
        finding: Annotated[dict[str, Any] | None, Field(description="the finding as a tool returned it (for its lock, table and help)")] = None,
        sql: Annotated[str | None, Field(description="or: the SQL the rule fired on (linted to find the finding)")] = None,
    ) -> CallToolResult:
        """Why a rule matters (which lock, what it blocks, what breaks), when it stays quiet, and its Bad and Good SQL examples."""
        return _call(project, lambda: explain_finding(project, rule, finding, sql))

    return [(lint_migration, "Lint migration SQL"), (check_drift, "Check drift"), (health_check, "Database health"),
            (compare_types, "Compare ORM types"), (recommend_orm, "Recommend an ORM for a query"),
            (explain_finding_tool, "Explain a finding")]


def _schema_tools(project: McpProject) -> list[tuple[Callable[..., CallToolResult], str]]:
    """The schema as SQL, as a diagram and searched, and what sync would write (or writes, with --allow-writes)."""

    def schema_sql(model: Model = None) -> CallToolResult:
        """The SQL Prisma runs to create the database schema.prisma describes (or one model's table and indexes)."""
        return _call(project, lambda: answers.schema_sql(project, model))

    def schema_diagram(
        model: Model = None,
        depth: Annotated[int, Field(description="with a model: how many relations away to include (0-5)")] = 1,
    ) -> CallToolResult:
        """A Mermaid ER diagram of the schema, or of one model and its neighbours."""
        return _call(project, lambda: answers.schema_diagram(project, model, depth))

    def search_schema_tool(
        query: Annotated[str, Field(description="what you look for, in words or names: 'where is the invoice total stored', 'refund'")],
        limit: Annotated[int, Field(description=f"how many entries to return (1-{MAX_RESULTS})")] = 5,
        kinds: Annotated[list[str] | None, Field(description="only these kinds of entry: " + ", ".join(KINDS))] = None,
    ) -> CallToolResult:
        """Search the project's schema store (Prisma models and enums, Drizzle and Kysely tables, migrations, TypeScript code): the nearest entries with file, line and an excerpt. The index is brought up to date first."""
        return _call(project, lambda: search_schema(project, query, limit, kinds))

    def sync_plan() -> CallToolResult:
        """What `triple-orm sync` would write to the Drizzle schema and Kysely types, as unified diffs. Writes nothing."""
        return _call(project, lambda: answers.sync_plan(project))

    def sync_write() -> CallToolResult:
        """Write the Drizzle schema and Kysely types schema.prisma implies (refuses to overwrite a file edited by hand)."""
        return _call(project, lambda: answers.sync_write(project))

    return [(schema_sql, "Schema as SQL"), (schema_diagram, "Schema diagram (Mermaid)"),
            (search_schema_tool, "Search the schema store"), (sync_plan, "Sync plan (dry run)"), (sync_write, "Write the generated files")]
