"""The migration linter: PostgreSQL's own parser, lock-aware rules, Prisma and drizzle-kit runners.

    from tools.lint import lint_sql
    report = lint_sql('ALTER TABLE "User" ADD COLUMN "id2" SERIAL;', runner="prisma")

`lint_sql` lints a string (tests, docstring examples, the agent); `lint_paths` (tools.lint.runner)
lints files and folders with their history, the cache, --since, a database and --trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.lint.history import SchemaState
    from tools.lint.results import LintReport
    from tools.lint.settings import LintSettings


def lint_sql(text: str, *, path: str = "migration.sql", runner: str = "plain", settings: "LintSettings | None" = None,
             state: "SchemaState | None" = None, history: list[str] | None = None) -> "LintReport":
    """Lint SQL text as one migration; `history` holds the SQL of earlier migrations, oldest first."""
    from tools.lint.engine import Linter, replay_into
    from tools.lint.history import SchemaState
    from tools.lint.results import FileSummary, LintReport, pack_finding, unpack_finding
    from tools.lint.settings import LintSettings

    settings = settings or LintSettings()
    state = state if state is not None else SchemaState()
    for earlier in history or ():
        replay_into(earlier, state)
    result = Linter(settings).lint_text(text, path, runner, state)
    report = LintReport()
    report.findings = [unpack_finding(pack_finding(f, result.sql), path) for f in result.findings]
    report.files.append(FileSummary(path, runner, result.statements, len(result.findings), False))
    report.exemptions = [{"rule": e.rule, "statement": e.statement + 1, "reason": e.reason} for e in result.exemptions]
    return report
