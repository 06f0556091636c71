"""The project's own checks on what a pull request changes; no check of its own.

- Migrations: `tools.lint` on the migration files the pull request adds or changes, each with the
  history before it (with `--since BASE` exactly as `triple-orm lint --since BASE` does; otherwise
  the files come from GitHub's list of the pull request's files).
- Schema, migrations, generated files: when the pull request touches any of them, `tools.drift`
  (`run_check`, options from [tool.triple-orm] and [tool.triple-orm.check] as `triple-orm check`
  reads them) and `sync --check` (`check_sync`: what `triple-orm sync` would change, as diffs).
  A pull request is not deployed yet, so these comparisons never read a live database: `embedded`
  replays the migrations on a throwaway PostgreSQL (did the schema change come with its migration?),
  `files` compares only the Drizzle and Kysely files with the schema.
- The live database (`live`): with a URL in the environment (`live_url`), the database is compared
  with the schema at the base and its `_prisma_migrations` with the pull request's migrations
  (`agent.review.live`: a live database lags the pull request by design).
- Schema changes: when the pull request edits schema.prisma, the schema before it (`base_file`
  reads each schema file at the pull request's base: `git show BASE:path`, or GitHub's contents
  API) is compared with the schema after it (`tools.prisma.diagram.schema_changes`), for the
  summary's entity-relationship diagram of the tables it touches.

Paths in the results are relative to the repository's root, as GitHub names files.
"""

from __future__ import annotations

import argparse
import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from agent.review.diff import REMOVED, ChangedFile
from tools.errors import SchemaError, UsageError
from tools.findings import Finding, Location, Severity

DRIFT_MODES = ("auto", "embedded", "files", "live", "off")
SCHEMA_INVALID = "schema-invalid"  # the Prisma reader's errors, shown as findings on the schema's lines


@dataclass
class ReviewInput:
    root: Path  # the repository's root
    changed: list[ChangedFile]
    since: str | None = None
    drift: str = "auto"
    base_file: Callable[[str], str | None] | None = None  # a repository path at the base (None: not there)
    base_ref: str | None = None  # the base, for people: `main`, or the base commit's short hash
    live_url: str | None = None  # the live database's URL (from the environment; None: not checked)
    live_env: str | None = None  # the environment variable it came from


@dataclass
class CheckResults:
    findings: list[Finding] = field(default_factory=list)
    linted: list[str] = field(default_factory=list)  # migration files linted
    comparisons: list[dict[str, Any]] = field(default_factory=list)  # drift comparisons that ran or failed
    stale: list[dict[str, str]] = field(default_factory=list)  # {path, kind, state, diff} of `sync --check`
    notes: list[str] = field(default_factory=list)
    schema_changes: dict[str, Any] | None = None  # SchemaChanges.to_dict() when the schema changed
    schema_diagram: str | None = None  # the Mermaid ER diagram of the tables it touches
    live: Any = None  # agent.review.live.LiveDatabase when a live database URL was given

    @property
    def failed(self) -> list[dict[str, Any]]:
        rows = list(self.comparisons)
        if self.live is not None:
            rows += self.live.comparisons
            if self.live.status == "failed":
                rows.append({"title": "live database", "status": "failed", "reason": self.live.reason})
        return [c for c in rows if c["status"] == "failed"]


def run_checks(given: ReviewInput, ctx) -> CheckResults:
    results = CheckResults()
    if given.base_file is not None:  # the diagram and the live check read the same files at the base
        given = replace(given, base_file=functools.cache(given.base_file))
    _lint(given, ctx, results)
    options = _check_options(ctx)
    touched = _touched(given, options)
    if touched:
        _drift(given, options, touched, results)
        _sync(given, options, touched, results)
    if "schema" in touched and given.base_file is not None:
        _schema_diagram(given, options, results)
    if given.live_url and given.drift != "off":
        _live(given, options, touched, results)
    return results


def _live(given: ReviewInput, options, touched: set[str], results: CheckResults) -> None:
    """The live database, when the pull request touches what it holds (the schema or the migrations)."""
    from agent.review.live import LiveDatabase, check_live, describe
    from tools.drift.database_url import database_target

    if not touched & {"schema", "migrations"}:
        results.live = LiveDatabase(given.live_env or "", describe(database_target(given.live_url).url), "skipped",
                                    "this pull request changes neither the schema nor the migrations")
        return
    results.live = check_live(given, options, touched)
    results.findings += results.live.findings


def _lint(given: ReviewInput, ctx, results: CheckResults) -> None:
    from agent.cli import cmd_lint
    from tools.lint.runner import lint_paths, lint_set
    from tools.lint.settings import settings_from_config
    from tools.lint.sources import discover

    settings = settings_from_config(ctx.config.section("lint"), ctx.config.root)
    try:
        paths = cmd_lint._paths(argparse.Namespace(paths=[]), ctx, settings)
    except UsageError:
        results.notes.append("no migrations folder configured (`migrations` in [tool.triple-orm]): no migration was linted")
        return
    if given.since:
        report = lint_paths(paths, settings, base=given.root, project_root=ctx.config.root, since=given.since)
    else:
        found = discover(paths, settings.exclude)
        wanted = {os.path.abspath(given.root / f.path) for f in given.changed if f.status != REMOVED}
        found.targets = {t for t in found.targets if str(t) in wanted}
        report = lint_set(found, settings, base=given.root, project_root=ctx.config.root)
    results.findings += report.findings
    results.linted = [f.path for f in report.files]
    results.notes += report.notes
    outside = [f.path for f in given.changed if f.path.endswith(".sql") and f.status != REMOVED and f.path not in results.linted]
    if outside:
        results.notes.append("changed SQL outside the configured migrations, not linted: " + ", ".join(sorted(outside)))


def _check_options(ctx):
    """CheckOptions as `triple-orm check` builds them, without a live database (nothing is deployed yet)."""
    from agent.cli import cmd_check

    args = argparse.Namespace(schema=None, database_url=None, migrations=None, drizzle=None, kysely=None,
                              embedded=False, replay=False, statement_timeout=None)
    options, _ = cmd_check.check_options(args, ctx)
    options.database_url = None
    return options


def _touched(given: ReviewInput, options) -> set[str]:
    """Which of schema / migrations / generated the pull request changes."""
    from tools.errors import TripleOrmError
    from tools.prisma import locate_schema
    from tools.prisma.locate import schema_files

    changed = {Path(os.path.abspath(given.root / f.path)) for f in given.changed}
    try:
        schema = {Path(os.path.abspath(p)) for p in schema_files(options.schema or locate_schema(Path.cwd()))}
    except TripleOrmError:
        return set()  # no schema in this repository: nothing to compare
    touched = {"schema"} if changed & schema else set()
    if options.migrations is not None and any(Path(options.migrations) in p.parents for p in changed):
        touched.add("migrations")
    if changed & {Path(os.path.abspath(p)) for p in (options.drizzle, options.kysely) if p is not None}:
        touched.add("generated")
    return touched


def _drift(given: ReviewInput, options, touched: set[str], results: CheckResults) -> None:
    from tools.drift.check import run_check
    from tools.drift.database import PRISMA_DATABASE

    mode = "auto" if given.drift == "live" else given.drift  # live: auto, the live database required
    if mode == "auto":
        mode = "embedded" if touched & {"schema", "migrations"} and options.migrations is not None else "files"
    if mode == "off":
        return
    options = replace(options, embedded=mode == "embedded")
    try:
        report = run_check(options)
    except SchemaError as error:
        results.findings += [_schema_finding(p, given.root) for p in error.problems]
        return
    for comparison in report.comparisons:
        if comparison.status == "skipped" or (comparison.name == PRISMA_DATABASE and mode == "files"):
            continue  # nothing to read: no live database on purpose
        results.comparisons.append({"title": comparison.title, "status": comparison.status, "reason": comparison.reason,
                                    "compared": comparison.total_compared, "findings": len(comparison.findings)})
        results.findings += [_rooted(f, given.root) for f in comparison.findings]


def _sync(given: ReviewInput, options, touched: set[str], results: CheckResults) -> None:
    """`sync --check`: the generated files that `triple-orm sync` would change, with the diff."""
    from tools.prisma import load_schema
    from tools.sync import check_sync, plan_sync

    if (options.drizzle is None and options.kysely is None) or not touched & {"schema", "generated"}:
        return
    try:
        schema = load_schema(options.schema)
    except SchemaError as error:
        if not any(f.rule == SCHEMA_INVALID for f in results.findings):  # the drift step did not run
            results.findings += [_schema_finding(p, given.root) for p in error.problems]
        return
    plan = plan_sync(schema, options.drizzle, options.kysely, source=options.sync_source, options=options.sync_options)
    results.stale = [{"path": _relative(s.path, given.root), "kind": s.kind, "state": s.state, "diff": s.diff}
                     for s in check_sync(plan, given.root)]


def _schema_finding(problem, root: Path) -> Finding:
    span = problem.span
    return Finding(SCHEMA_INVALID, Severity.CRITICAL, problem.message, problem.help or "",
                   Location(_relative(Path(span.file), root), span.line, span.column, span.end_line or span.line,
                            max(span.column, (span.end_column or span.column) - 1)))


def _rooted(finding: Finding, root: Path) -> Finding:
    if finding.location is None:
        return finding
    return replace(finding, location=replace(finding.location, file=_relative(Path(finding.location.file), root)))


def _relative(path: Path, root: Path) -> str:
    """A path (relative to the working folder, or absolute) relative to the repository's root."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


MAX_DIAGRAM = 50_000  # Mermaid's default maxTextSize: a longer diagram is not drawn, GitHub shows an error


def schema_paths(given: ReviewInput, options) -> list[str]:
    """The schema's files, relative to the repository's root: those of the pull request, then the
    .prisma files it deletes from the schema's folder (they were part of the schema at the base)."""
    from tools.prisma.locate import schema_files

    paths = [_relative(p, given.root) for p in schema_files(Path(options.schema))]
    folder = _relative(Path(options.schema), given.root) if Path(options.schema).is_dir() else None
    gone = [f.path for f in given.changed if f.status == REMOVED and f.path.endswith(".prisma")
            and folder is not None and f.path.startswith(folder.rstrip("/") + "/")]
    return paths + sorted(gone)


def base_schema(given: ReviewInput, paths: list[str]):
    """The schema at the pull request's base, parsed from the text `base_file` reads (no file is
    written); None when the base has none of its files. Raises SchemaError when it does not parse."""
    from tools.prisma.ast import SourceFile
    from tools.prisma.parser import parse_sources
    from tools.prisma.resolve import resolve_schema

    sources = [SourceFile(path, text) for path in paths if (text := given.base_file(path)) is not None]
    return resolve_schema(parse_sources(sources), sources[0].path) if sources else None


def _schema_diagram(given: ReviewInput, options, results: CheckResults) -> None:
    """The tables the pull request's schema change touches, before and after, as a Mermaid ER diagram."""
    from tools.prisma import load_schema
    from tools.prisma.diagram import changes_to_mermaid, schema_changes

    try:
        head = load_schema(options.schema)
        paths = schema_paths(given, options)
    except SchemaError:
        return  # the broken schema is a finding already
    try:
        base = base_schema(given, paths)
    except SchemaError:
        results.notes.append("the schema at the pull request's base does not parse: no diagram of the change")
        return
    changes = schema_changes(base, head)
    if not changes:
        return
    results.schema_changes = changes.to_dict()
    diagram = changes_to_mermaid(base, head, changes)
    if len(diagram) > MAX_DIAGRAM:
        results.notes.append(f"the diagram of the schema change ({len(diagram):,} characters) is longer than "
                             f"Mermaid draws ({MAX_DIAGRAM:,}): the table below lists the changes")
        return
    results.schema_diagram = diagram
