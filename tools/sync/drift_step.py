"""The last step of `sync --prisma`: is the database now what schema.prisma says?

After `prisma migrate dev` the database should match the schema exactly; if it does not (a
migration edited by hand, a manual change in the database), the generated files describe a
database that does not exist, and the team should fix the drift before going on.

The comparison itself belongs to the drift check (`tools.drift`: the catalog the schema implies
against the live one, read-only). This module only plugs it in: when `tools.drift` is not part of
this installation, it says "drift check not available" rather than pretending the check passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tools.errors import ExitCode
from tools.prisma.schema import PrismaSchema


@dataclass
class DriftOutcome:
    status: str  # clean | drift | skipped (no database) | unavailable (no drift module) | failed
    summary: str
    details: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return {"drift": ExitCode.FINDINGS, "failed": ExitCode.BLOCKED}.get(self.status, ExitCode.OK)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "summary": self.summary, "details": list(self.details)}


def drift_after_sync(schema: PrismaSchema, database_url: str | None) -> DriftOutcome:
    if not database_url:
        return DriftOutcome("skipped", "drift check skipped: no database configured (DATABASE_URL or --database-url)")
    check = _drift_check()
    if check is None:
        return DriftOutcome("unavailable", "drift check not available: this installation has no tools.drift "
                                           "comparison of schema.prisma and the database yet")
    return check(schema, database_url)


def _drift_check() -> Callable[[PrismaSchema, str], DriftOutcome] | None:
    try:
        from tools.drift.database import compare_with_database, read_database, schema_catalog
        from tools.drift.database_url import database_target
    except ImportError:
        return None

    def check(schema: PrismaSchema, url: str) -> DriftOutcome:
        from tools.database.connect import connect
        from tools.errors import DatabaseError

        target = database_target(url)
        expected = schema_catalog(schema, target.schema)
        try:
            with connect(target.url) as conn:
                actual = read_database(conn, expected)
        except DatabaseError as error:
            return DriftOutcome("failed", f"drift check could not run: {error.message}")
        comparison = compare_with_database(expected, actual).finish()
        if comparison.status != "ran":
            return DriftOutcome("failed", f"drift check could not run: {comparison.reason}")
        if not comparison.findings:
            return DriftOutcome("clean", f"no drift: the database ({target.redacted}) is what schema.prisma describes")
        details = [f"{f.rule}: {f.message}" for f in comparison.findings]
        return DriftOutcome("drift", f"fix drift before proceeding: {len(details)} difference(s) between "
                                     f"schema.prisma and {target.redacted}", details)

    return check
