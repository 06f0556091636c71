"""The MCP resources: the configuration, the schema files, the generated files and the catalog.

Each is read when the client asks for it, so it shows the files as they are now. The catalog is
`tools.catalog`'s model as JSON (`Catalog.to_dict()`): `triple-orm://catalog` is the database
schema.prisma implies (what `prisma migrate` would create), `triple-orm://catalog/database` the live
database's, listed only when the server's environment has a database URL (read-only, the schemas
the Prisma schema manages, as `check` reads them). A failure is a resource error with the command
line's message, scrubbed of the password.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError

from agent.mcp.project import McpProject


def add_resources(server: MCPServer, project: McpProject) -> None:
    server.resource("triple-orm://project", name="project", mime_type="application/json",
                    description="the project's configuration: schema, migrations, generated files")(
        lambda: _project_json(project))
    for path in project.schema_files():
        shown = project.relative(path)
        server.resource(f"triple-orm://schema/{shown}", name=shown, mime_type="text/plain",
                        description="a file of the Prisma schema")(_reader(path))
    for kind, path in (("drizzle", project.agent.drizzle_out), ("kysely", project.agent.kysely_out)):
        if path is not None:
            server.resource(f"triple-orm://generated/{kind}", name=f"{kind} ({project.relative(path)})",
                            mime_type="text/x-typescript",
                            description=f"the {kind.capitalize()} file `triple-orm sync` writes")(_reader(Path(path)))
    server.resource("triple-orm://catalog", name="catalog (schema.prisma)", mime_type="application/json",
                    description="the database schema.prisma implies: tables, columns, keys, indexes, enums")(
        _guarded(project, lambda: _schema_catalog(project)))
    if project.database_url() is not None:
        server.resource("triple-orm://catalog/database", name="catalog (live database)", mime_type="application/json",
                        description="the live database's tables, columns, keys, indexes and enums (read-only)")(
            _guarded(project, lambda: _database_catalog(project)))


def _reader(path: Path) -> Callable[[], str]:
    def read() -> str:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ResourceNotFoundError(f"{path.name} does not exist yet (run `triple-orm sync` to write it)") from None

    return read


def _guarded(project: McpProject, read: Callable[[], str]) -> Callable[[], str]:
    """One read at a time with the tools (they share the schema cache); errors as resource errors."""
    from tools.database.connect import scrub
    from tools.errors import TripleOrmError

    def guarded() -> str:
        with project.lock:
            project.refresh()
            try:
                return read()
            except TripleOrmError as error:
                project.drain_notes()
                raise ResourceError(scrub(error.render().removeprefix("error: "), project.database_url())) from None

    return guarded


def _catalog_json(catalog, source: str) -> str:
    return json.dumps({"source": source, "default_schema": catalog.default_schema, **catalog.to_dict()}, indent=1)


def _expected(project: McpProject):
    """The catalog the schema implies, in the schema the URL's `?schema=` names (as Prisma would)."""
    from tools.drift.database import schema_catalog
    from tools.drift.database_url import database_target

    url = project.database_url()
    return schema_catalog(project.agent.schema(), database_target(url).schema if url else None)


def _schema_catalog(project: McpProject) -> str:
    return _catalog_json(_expected(project), project.relative(project.agent.schema().path))


def _database_catalog(project: McpProject) -> str:
    from tools.database.connect import connect
    from tools.drift.database import read_database
    from tools.drift.database_url import database_target

    expected = _expected(project)
    with connect(database_target(project.database_url()).url) as conn:
        return _catalog_json(read_database(conn, expected), "database")


def _project_json(project: McpProject) -> str:
    agent = project.agent
    config = project.cli.config
    shown: dict[str, Any] = {key: project.relative(value) if value else None for key, value in (
        ("schema", agent.schema_path), ("migrations", agent.migrations), ("drizzle_out", agent.drizzle_out),
        ("kysely_out", agent.kysely_out))}
    return json.dumps({"root": str(project.root), "configuration": str(config.source) if config.source else None, **shown,
                       "database_url_env": project.database_url_env(), "database_url_set": project.database_url() is not None,
                       "writes_allowed": project.allow_writes}, indent=2)
