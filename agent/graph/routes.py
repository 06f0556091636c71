"""The routes of the agent: one per capability, with the slash command that forces each.

The values are what the LLM's structured output chooses from (an enum), what the evals label and
what `--json` prints, so they are stable names, not display text.
"""

from __future__ import annotations

from enum import Enum


class Route(str, Enum):
    SCHEMA_SYNC = "schema_sync"
    MIGRATION_VALIDATOR = "migration_validator"
    DRIFT_HEALTH = "drift_health"
    TYPE_COMPARATOR = "type_comparator"
    ORM_SELECTOR = "orm_selector"
    SCHEMA_QUESTION = "schema_question"

    @classmethod
    def parse(cls, value: object) -> "Route | None":
        """The route named by `value` (its value or its slash command), None when it names none."""
        text = str(getattr(value, "value", value) or "").strip().lower().lstrip("/")
        for route in cls:
            if text in (route.value, SLASH_OF[route]):
                return route
        return None


# `/lint ...` in chat or `ask` forces the route, whatever the words around it say.
SLASH: dict[str, Route] = {
    "sync": Route.SCHEMA_SYNC,
    "lint": Route.MIGRATION_VALIDATOR,
    "check": Route.DRIFT_HEALTH,
    "types": Route.TYPE_COMPARATOR,
    "advise": Route.ORM_SELECTOR,
    "ask": Route.SCHEMA_QUESTION,
}
SLASH_OF: dict[Route, str] = {route: name for name, route in SLASH.items()}

# One line per route: shown in `chat`'s help and given to the model that chooses a route.
DESCRIPTIONS: dict[Route, str] = {
    Route.SCHEMA_SYNC: "generate or update the Drizzle schema / Kysely types from schema.prisma, convert a model",
    Route.MIGRATION_VALIDATOR: "lint migration SQL: locks, table rewrites, data loss, whether a migration is safe to deploy",
    Route.DRIFT_HEALTH: "compare schema.prisma, the live database, the migrations and the generated files; database health",
    Route.TYPE_COMPARATOR: "compare the TypeScript types a column gets in Prisma, Drizzle and Kysely",
    Route.ORM_SELECTOR: "advise which ORM (Prisma, Drizzle, Kysely, raw SQL) fits a query or piece of code",
    Route.SCHEMA_QUESTION: "answer a question about the schema: models, tables, columns, relations, SQL, ER diagrams, where things are",
}
