"""Fixtures for the advisor's tests: the example project's schema, its generated Drizzle and Kysely
files (written by `triple-orm sync`'s generators, in memory), names that import them the way the
staged TypeScript does (`./drizzle.ts`, `./kysely.ts`), and modules around the code the advisor
writes, ready for tsc and tsx."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.paths import EXAMPLE
from tools.advise.names import OrmNames
from tools.prisma import load_schema

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
JSON_TYPES = EXAMPLE / "apps" / "api" / "src" / "types" / "prisma-json.d.ts"
MIGRATIONS = EXAMPLE / "apps" / "api" / "prisma" / "migrations"

DRIZZLE_CLIENT = ('import type { NodePgDatabase } from "drizzle-orm/node-postgres";\n'
                  'import * as schema from "./drizzle.ts";\n')
KYSELY_CLIENT = 'import type { Kysely } from "kysely";\nimport type { DB } from "./kysely.ts";\n'
CLIENT_TYPES = {"drizzle": "NodePgDatabase<typeof schema>", "kysely": "Kysely<DB>"}


class Harness:
    """Generated files and modules for one schema."""

    def __repr__(self) -> str:
        return f"<Harness {self.schema.path}>"

    def __init__(self, schema, json_types: str | None = None):
        from tools.sync import plan_sync

        self.schema = schema
        plan = plan_sync(schema, Path("drizzle.ts"), Path("kysely.ts"))
        self.files = {f.path.name: f.content for f in plan.files}
        if json_types:
            self.files["prisma-json.d.ts"] = json_types
        elif any("PrismaJson." in text for text in self.files.values()):
            from testkit.drizzle_checks import json_type_stubs  # the project's Json types, as unknown

            self.files["prisma-json.d.ts"] = json_type_stubs("\n".join(self.files.values()))
        self.names = OrmNames(schema, drizzle_module="./drizzle.ts", kysely_module="./kysely.ts")

    @staticmethod
    def module(written, function: str = "query") -> str:
        """A compilable module around code the advisor wrote (client and parameters as arguments)."""
        header = DRIZZLE_CLIENT if written.orm == "drizzle" else KYSELY_CLIENT
        return header + written.module(CLIENT_TYPES[written.orm], function)


@pytest.fixture(scope="session")
def example_schema():
    return load_schema(SCHEMA)


@pytest.fixture(scope="session")
def example_harness(example_schema) -> Harness:
    return Harness(example_schema, JSON_TYPES.read_text())


@pytest.fixture(scope="session")
def harness_for():
    """`harness_for(schema)`: a Harness for any schema (corpus schemas in the compile test)."""
    return Harness
