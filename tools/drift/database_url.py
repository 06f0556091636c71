"""Prisma's connection strings, made fit for libpq: its own parameters taken out, `?schema=` kept.

`DATABASE_URL` is written for Prisma: `postgresql://u:p@host/db?schema=tenant&connection_limit=5`.
libpq refuses the parameters it does not know (`invalid URI query parameter: "schema"`), and
`schema` changes what the check compares: without `multiSchema`, Prisma puts every table, enum and
`_prisma_migrations` in that schema instead of `public`. `database_target(url)` returns the URL
libpq accepts and the schema Prisma would use; the password stays where it is and never leaves
through `redacted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from tools.database.connect import redact

# Query parameters of Prisma's PostgreSQL connector that libpq does not know (Prisma docs,
# "PostgreSQL connection URL arguments"); anything else is passed on, and libpq judges it.
PRISMA_ONLY_PARAMETERS = frozenset({
    "schema", "connection_limit", "pool_timeout", "socket_timeout", "pgbouncer", "statement_cache_size",
    "sslidentity", "sslpassword", "sslaccept", "max_connection_lifetime", "max_idle_connection_lifetime",
    "single_use_connections", "host_type",
})


@dataclass(frozen=True)
class DatabaseTarget:
    url: str  # for libpq
    schema: str | None  # Prisma's `?schema=`, None when the URL names none

    @property
    def redacted(self) -> str:
        return redact(self.url)


def database_target(url: str) -> DatabaseTarget:
    """Split a Prisma connection string into what libpq gets and the schema Prisma would use."""
    if "://" not in url or "?" not in url:
        return DatabaseTarget(url, None)
    base, _, query = url.partition("?")
    fragment = ""
    if "#" in query:
        query, _, fragment = query.partition("#")
    kept, schema = [], None
    for part in query.split("&"):
        key = part.split("=", 1)[0]
        if key.lower() in PRISMA_ONLY_PARAMETERS:
            if key.lower() == "schema":
                schema = dict(parse_qsl(part, keep_blank_values=True)).get(key) or None
            continue
        if part:
            kept.append(part)
    rebuilt = base + ("?" + "&".join(kept) if kept else "") + ("#" + fragment if fragment else "")
    return DatabaseTarget(rebuilt, schema)
