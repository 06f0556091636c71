"""Talk to `triple-orm mcp` as an IDE does: start it as a subprocess and use the SDK's stdio client."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable

import anyio
import pytest

from testkit.paths import copy_example

SMALL_SCHEMA = """\
datasource db {
  provider = "postgresql"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
"""


def mcp_command() -> tuple[str, list[str]]:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    return (exe, ["mcp"]) if exe else (sys.executable, ["-m", "agent.cli", "mcp"])


def with_client(project: Path, body: Callable[[Any], Awaitable[Any]], *flags: str, env: dict | None = None) -> Any:
    """Start `triple-orm mcp --project PROJECT FLAGS` and run `body(client)` against it.

    The SDK passes the server only HOME, PATH and a few more variables, plus `env`: a DATABASE_URL
    of the test process never leaks into the server unless a test gives it."""
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    command, args = mcp_command()
    params = StdioServerParameters(command=command, args=[*args, "--project", str(project), *flags], env=env or {})

    async def main() -> Any:
        async with Client(params, read_timeout_seconds=240) as client:
            return await body(client)

    return anyio.run(main)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """The example monorepo, copied so that caches and edits stay out of the checkout."""
    return copy_example(tmp_path)


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """Two models, generated files configured but not written, no replay (no PostgreSQL started)."""
    root = tmp_path / "small"
    (root / "prisma" / "migrations" / "20240101000000_init").mkdir(parents=True)
    (root / "prisma" / "schema.prisma").write_text(SMALL_SCHEMA)
    (root / "prisma" / "migrations" / "20240101000000_init" / "migration.sql").write_text(
        'CREATE TABLE "Author" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "Author_pkey" PRIMARY KEY ("id"));\n')
    (root / "prisma" / "migrations" / "migration_lock.toml").write_text('provider = "postgresql"\n')
    (root / "triple-orm.toml").write_text(
        'schema = "prisma/schema.prisma"\nmigrations = "prisma/migrations"\n'
        'drizzle-out = "db/schema.ts"\nkysely-out = "db/types.ts"\n\n[check]\nreplay = false\n')
    return root


@pytest.fixture
def run_mcp() -> Callable[..., Any]:
    """`run_mcp(project, body, *flags, env=...)`: see `with_client`."""
    return with_client


@pytest.fixture
def mcp_argv() -> list[str]:
    """The command line that starts `triple-orm mcp` (the installed script, else `python -m agent.cli`)."""
    command, args = mcp_command()
    return [command, *args]
