"""The live database in the review: what a deployed database (staging, production) says about a pull request.

A live database lags the pull request by design: it runs the base branch, and the pull request's
changes reach it only after the merge, through `prisma migrate deploy`. Comparing it with the
pull request's schema would flag every change not deployed yet, so the review asks two other
questions, over one read-only connection (`tools.database.connect`) with the drift check's own
comparisons (`tools.drift`):

1. database ⇄ schema.prisma at the base: drift already in the database, not made by this pull
   request (a hand-made `ALTER TABLE`, a failed deploy). Its findings sit on the schema's lines
   (mapped from the base's lines to the pull request's) and stay in the summary, never inline;
2. the pull request's migrations folder ⇄ `_prisma_migrations`: a migration the pull request adds
   and the database lacks is pending, as expected; one already on the base branch that the database
   lacks means the database is behind; an applied migration whose file the pull request edits is a
   HIGH finding on that file (inline when on the diff), because `prisma migrate deploy` skips a
   migration it has applied (silently since Prisma 3.12), so the edit never reaches the databases
   that ran the old text, while a fresh database gets the new one; failed and rolled-back
   attempts are findings as `triple-orm check` reports them.

The URL comes from an environment variable only, never from the command line, and its password is
scrubbed from everything the review prints or posts. A database that cannot be reached or read is
one clear line and makes the review exit 2 (a check that could not run).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from agent.review.checks import REMOVED, ReviewInput, _rooted, base_schema, schema_paths
from tools.errors import DatabaseError, SchemaError
from tools.findings import Finding, Location

BASE_DRIFT = "base-schema"  # data["live"] of drift already in the database (summary only)
HISTORY = "migrations"  # data["live"] of the migration history's findings
ADDED = ("added", "renamed", "copied")


@dataclass
class LiveDatabase:
    """What the review found in the live database (its password nowhere in it)."""

    env: str  # the environment variable holding the URL
    where: str = ""  # host:port/database
    status: str = "ran"  # ran | failed | skipped
    reason: str = ""  # why it failed or was skipped
    comparisons: list[dict[str, Any]] = field(default_factory=list)  # {title, status, reason, compared, findings}
    pending: list[str] = field(default_factory=list)  # migrations this pull request adds, not applied yet
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "failed" or any(c["status"] == "failed" for c in self.comparisons)

    def to_dict(self) -> dict[str, Any]:
        return {"env": self.env, "database": self.where, "status": self.status, "reason": self.reason,
                "comparisons": self.comparisons, "pending": self.pending, "notes": self.notes,
                "findings": [f.to_dict() for f in self.findings]}


def describe(url: str) -> str:
    """host:port/database of a connection string, without user or password."""
    from psycopg.conninfo import conninfo_to_dict

    from tools.database.connect import redact

    try:
        info = conninfo_to_dict(url)
    except Exception:  # psycopg.ProgrammingError: not a connection string; say no more than redact does
        return redact(url)
    host = info.get("host") or info.get("hostaddr") or "localhost"
    return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or '(default database)'}"


def check_live(given: ReviewInput, options, touched: set[str]) -> LiveDatabase:
    """Both comparisons over one read-only connection; trouble lands in the result, scrubbed."""
    from tools.database.connect import connect
    from tools.drift.database_url import database_target

    target = database_target(given.live_url)
    live = LiveDatabase(given.live_env or "", describe(target.url) + (f" (schema {target.schema})" if target.schema else ""))
    if "schema" in touched and given.base_file is None:
        return _failed(live, "the schema at the pull request's base cannot be read (no git ref, no GitHub): "
                             "the database was not compared", given)
    try:
        base, expected = _base_catalog(given, options, touched, target.schema)
    except SchemaError:
        return _failed(live, "the schema at the pull request's base does not parse: the database was not compared", given)
    try:
        conn = connect(target.url, statement_timeout_ms=options.statement_timeout_ms)
    except DatabaseError as error:
        return _failed(live, f"{error.message}" + (f" ({error.help})" if error.help else ""), given)
    try:
        if base is not None:
            _compare_catalog(live, conn, expected, options, given, touched)
        else:
            live.comparisons.append(_row(f"database ⇄ schema.prisma at {_base(given)}", "skipped",
                                         "the base branch has no schema.prisma"))
        if options.migrations is not None:
            _compare_history(live, conn, expected.default_schema if expected else (target.schema or "public"),
                             options, given)
        else:
            live.notes.append("no migrations folder configured: `_prisma_migrations` was not compared")
    finally:
        conn.close()
    return _scrubbed(live, given.live_url)


def _base(given: ReviewInput) -> str:
    return f"the base ({given.base_ref})" if given.base_ref else "the base"


def _failed(live: LiveDatabase, reason: str, given: ReviewInput) -> LiveDatabase:
    live.status, live.reason = "failed", reason
    return _scrubbed(live, given.live_url)


def _row(title: str, status: str, reason: str = "", compared: int = 0, findings: int = 0,
         unit: str = "objects") -> dict[str, Any]:
    return {"title": title, "status": status, "reason": reason, "compared": compared, "findings": findings, "unit": unit}


def _base_catalog(given: ReviewInput, options, touched: set[str], schema_name: str | None):
    """The base schema and its catalog. When the pull request leaves the schema alone, the base's is
    the working tree's (no read of the base needed)."""
    from tools.drift.database import schema_catalog
    from tools.prisma import load_schema

    if "schema" in touched:
        base = base_schema(given, schema_paths(given, options))
    else:
        base = load_schema(options.schema)
    return base, schema_catalog(base, schema_name) if base is not None else None


def _compare_catalog(live: LiveDatabase, conn, expected, options, given: ReviewInput, touched: set[str]) -> None:
    from tools.drift.database import compare_with_database, read_database

    title = f"database ⇄ schema.prisma at {_base(given)}"
    try:
        actual = read_database(conn, expected)
    except DatabaseError as error:
        conn.rollback()
        live.comparisons.append(_row(title, "failed", error.message + (f" ({error.help})" if error.help else "")))
        return
    comparison = compare_with_database(expected, actual, title=title, ignore_rules=options.ignore_rules,
                                       ignore_tables=options.ignore_tables).finish()
    lines = _line_maps(given, options) if "schema" in touched else {}
    found = [_on_head_line(_rooted(f, given.root), lines) for f in comparison.findings]
    found = [_tagged(f, BASE_DRIFT, "already in the database, not made by this pull request") for f in found]
    live.findings += found
    live.comparisons.append(_row(title, comparison.status, comparison.reason, comparison.total_compared, len(found)))
    live.notes += comparison.notes


def _compare_history(live: LiveDatabase, conn, schema: str, options, given: ReviewInput) -> None:
    from tools.drift.history import compare_history, read_applied_migrations
    from tools.drift.migrations_folder import read_migrations_folder

    title = "migrations folder of this pull request ⇄ _prisma_migrations"
    try:
        applied = read_applied_migrations(conn, schema)
    except DatabaseError as error:
        conn.rollback()
        live.comparisons.append(_row(title, "failed", error.message + (f" ({error.help})" if error.help else "")))
        return
    comparison = compare_history(read_migrations_folder(options.migrations), applied).finish()
    kept = []
    for finding in (_rooted(f, given.root) for f in comparison.findings):
        if finding.rule not in options.ignore_rules:
            judged = _judge(finding, given, live)
            kept += [judged] if judged is not None else []
    live.findings += kept
    live.comparisons.append(_row(title, comparison.status, comparison.reason, comparison.total_compared, len(kept),
                                 "migrations"))
    live.notes += comparison.notes


def _judge(finding: Finding, given: ReviewInput, live: LiveDatabase) -> Finding | None:
    """What a history finding means for this pull request (None: pending, as expected)."""
    changed = {f.path: f for f in given.changed}
    path = finding.location.file if finding.location else None
    name = finding.data.get("migration", "")
    if finding.rule == "migration-not-applied" and path in changed and changed[path].status in ADDED:
        live.pending.append(name)
        return None
    if finding.rule == "migration-not-applied":
        finding = replace(finding, message=f"migration {name} is on the base branch but not applied to the database: "
                          "the database is behind the base branch",
                          help="deploy the base branch first (`prisma migrate deploy`), or expect its migrations to "
                               "go out together with this pull request's")
    elif finding.rule == "migration-edited" and path in changed and changed[path].status != REMOVED:
        finding = _edited_here(finding, changed[path], given)
    elif finding.rule == "migration-missing-locally" and _removed_here(name, changed):
        finding = replace(finding, message=f"this pull request deletes migration {name}, which is applied to the database",
                          help="keep applied migrations in the folder: `prisma migrate dev` and `migrate status` "
                               "report a history that diverged, and a new database is built without it")
    return _tagged(finding, HISTORY, None)


def _edited_here(finding: Finding, where, given: ReviewInput) -> Finding:
    """An applied migration the pull request edits: on the first line it changes, so it goes inline."""
    name = finding.data.get("migration", "")
    line = where.hunks[0][0] if where.hunks else 1
    return replace(
        finding, location=Location(finding.location.file, line, 1),
        message=f"this pull request edits migration {name}, which is already applied to the database "
                f"(${given.live_env}): `prisma migrate deploy` skips applied migrations, so the edit never reaches "
                "the databases that ran the old text while a new database runs the new one; "
                "`prisma migrate dev` will ask to reset",
        help=f"restore the applied text (`git checkout {given.since or '<base>'} -- {finding.location.file}`) and put "
             "the change in a new migration")


def _removed_here(name: str, changed: dict) -> bool:
    return any(f.status == REMOVED and f.path.endswith(f"/{name}/migration.sql") for f in changed.values())


def _tagged(finding: Finding, kind: str, note: str | None) -> Finding:
    data = {**(finding.data or {}), "live": kind}
    if note:
        data["live_note"] = note
    return replace(finding, data=data)


def _line_maps(given: ReviewInput, options) -> dict[str, dict[int, int]]:
    """base line → pull request line of each schema file, from a line diff of the two texts."""
    maps = {}
    for path in schema_paths(given, options):
        before = given.base_file(path)
        try:
            after = (given.root / path).read_text(encoding="utf-8-sig")
        except OSError:
            continue  # deleted by the pull request: the base's lines are all there is
        if before is not None:
            maps[path] = _line_map(before.splitlines(), after.splitlines())
    return maps


def _line_map(before: list[str], after: list[str]) -> dict[int, int]:
    """1-based: unchanged lines map exactly; a changed or deleted line maps to where its hunk now starts."""
    out = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        for offset, i in enumerate(range(i1, i2)):
            out[i + 1] = j1 + offset + 1 if tag == "equal" else min(j1 + 1, max(len(after), 1))
    return out


def _on_head_line(finding: Finding, maps: dict[str, dict[int, int]]) -> Finding:
    loc = finding.location
    lines = maps.get(loc.file) if loc else None
    if not lines:
        return finding
    line = lines.get(loc.line, loc.line)
    end = lines.get(loc.end_line, line) if loc.end_line else None
    return replace(finding, location=replace(loc, line=line, end_line=max(end, line) if end else None))


def _scrubbed(live: LiveDatabase, url: str | None) -> LiveDatabase:
    """Every text of the result with the URL's password (and PGPASSWORD) replaced by ***."""
    from tools.database.connect import scrub

    def clean(text: str) -> str:
        return scrub(text, url) if text else text

    live.reason, live.where = clean(live.reason), clean(live.where)
    live.notes = [clean(n) for n in live.notes]
    live.comparisons = [{**c, "reason": clean(c["reason"])} for c in live.comparisons]
    live.findings = [replace(f, message=clean(f.message), help=clean(f.help)) for f in live.findings]
    return live
