"""`advise --scan`: every Prisma, Drizzle and Kysely query in a project, checked against the matrix,
and the workflows the product forbids.

- A query whose ORM is not among those the matrix finds best is a finding with the reason and the
  query rewritten in the recommended ORM (a Prisma `create` in a loop becomes one Drizzle
  multi-row insert of the list the loop walks).
- `drizzle-kit push`/`migrate`/`generate`/`up`/`drop` in a package.json script or a CI file: Prisma
  owns the migrations, and drizzle-kit writing to the same database makes it drift from them.
- A file `triple-orm sync` generated whose content no longer matches the hash in its header was
  edited by hand; the next sync would overwrite the edit (or refuse to).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.advise.advisor import query_input_from, write_in
from tools.advise.found import FoundQuery, find_queries, parse_for_queries
from tools.advise.ir import Query, RowsFrom, Source, Unwritable
from tools.advise.matrix import DecisionMatrix, load_matrix
from tools.advise.names import OrmNames
from tools.advise.written import ORM_TITLES, Written
from tools.errors import InputNotFound, TripleOrmError
from tools.findings import Finding, Fix, Location, Severity
from tools.prisma.schema import PrismaSchema
from tools.typescript.parse import SourceFile

SKIPPED_DIRS = frozenset(("node_modules", ".git", "dist", "build", ".next", ".turbo", "coverage", ".cache", "out",
                          ".output", ".svelte-kit", ".vercel", "generated"))
TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
CI_FILES = (".gitlab-ci.yml", ".circleci/config.yml", "bitbucket-pipelines.yml", "azure-pipelines.yml",
            "Jenkinsfile", ".drone.yml", ".travis.yml")
DRIZZLE_KIT = re.compile(r"\bdrizzle-kit\s+(push|migrate|generate|up|drop)(?::\w+)?\b")
RULE_WORKFLOW = "ban-drizzle-kit-migrations"
RULE_EDITED = "hand-edited-generated-file"


@dataclass(slots=True)
class ScanReport:
    root: Path
    files: int = 0
    queries: list[dict[str, Any]] = field(default_factory=list)  # every query found, with its decision
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def to_dict(self) -> dict[str, Any]:
        return {"root": str(self.root), "files": self.files, "queries": self.queries,
                "findings": [f.to_dict() for f in self.findings], "problems": list(self.problems)}


def scan_project(root: Path, schema: PrismaSchema, *, names: OrmNames | None = None,
                 matrix: DecisionMatrix | None = None, display_base: Path | None = None,
                 project_root: Path | None = None) -> ScanReport:
    """Scan the TypeScript under `root`; workflows (package scripts, CI files) under `root` and at the
    top of `project_root` (the configuration's folder), where they usually live."""
    root = root.resolve()
    if not root.is_dir():
        raise InputNotFound(f"{root}: no such folder", help="give the folder of the project's TypeScript")
    names = names or OrmNames(schema)
    matrix = matrix or load_matrix()
    base = (display_base or Path.cwd()).resolve()
    report = ScanReport(root)
    for path in sorted(typescript_files(root)):
        shown = _display(path, base)
        try:
            source = parse_for_queries(path.read_text(encoding="utf-8"), shown)
        except (OSError, UnicodeDecodeError) as error:
            report.problems.append(f"{shown}: {error}")
            continue
        report.files += 1
        _edited(source, report)
        for found in find_queries(source, schema):
            _check_query(found, source, schema, names, matrix, report)
    report.findings += workflow_findings(root, base)
    top = project_root.resolve() if project_root is not None else None
    if top is not None and top != root and root.is_relative_to(top):
        report.findings += top_level_workflow_findings(top, base)
    report.findings.sort(key=lambda f: (f.location.file if f.location else "", f.location.line if f.location else 0))
    return report


def typescript_files(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(TS_SUFFIXES) and not name.endswith(".d.ts"):
                yield Path(folder) / name


def _display(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)


# -- queries ---------------------------------------------------------------------------------------

def _check_query(found: FoundQuery, source: SourceFile, schema: PrismaSchema, names: OrmNames,
                 matrix: DecisionMatrix, report: ScanReport) -> None:
    decision = matrix.decide(found.features)
    entry = {**found.to_dict(), "recommended": decision.orm, "acceptable": list(decision.acceptable)}
    report.queries.append(entry)
    if found.orm in decision.acceptable or found.features.operation == "unknown":
        return
    rewrite, note = _rewrite(found, source, schema, names, decision.orm)
    top = next(r for r in decision.reasons if decision.orm in r.orm)
    gap = decision.gap(found.orm)
    severity = Severity.HIGH if found.features.per_row_writes and found.features.high_frequency else \
        Severity.MEDIUM if gap >= 4 else Severity.LOW
    where = _location(found)
    help_text = f"write it with {ORM_TITLES[decision.orm]}" + (f":\n{rewrite.text()}" if rewrite else f" ({note})")
    report.findings.append(Finding(
        rule=f"prefer-{decision.orm}-for-{top.rule}", severity=severity,
        message=f"{ORM_TITLES[found.orm]} query where the decision matrix recommends {ORM_TITLES[decision.orm]}: "
                + "; ".join(r.text for r in decision.reasons if decision.orm in r.orm),
        help=help_text, location=where,
        fix=Fix(f"rewrite with {ORM_TITLES[decision.orm]}") if rewrite else None,
        data={"orm": found.orm, "recommended": decision.orm, "scores": decision.scores,
              "features": found.features.to_dict(), "rewrite": rewrite.to_dict() if rewrite else None,
              "not_rewritten": note}))
    entry["finding"] = True


def _location(found: FoundQuery) -> Location:
    span = found.span
    return Location(span.file, span.line, span.column, span.end_line, span.end_column)


def _rewrite(found: FoundQuery, source: SourceFile, schema: PrismaSchema, names: OrmNames,
             orm: str) -> tuple[Written | None, str | None]:
    """The query in `orm`, or why it could not be written."""
    query_input = query_input_from(found, source, schema)
    if found.features.per_row_writes and query_input.query is not None and query_input.query.kind == "insert":
        loop = _rows_from_loop(found, source, query_input.query)
        if loop is not None:
            query_input.query = loop
    try:
        return write_in(orm, query_input, names), None
    except Unwritable as why:
        return None, str(why)
    except TripleOrmError as error:
        return None, error.message


def _rows_from_loop(found: FoundQuery, source: SourceFile, query: Query) -> Query | None:
    """`for (const e of list) create({ data: {...e...} })` -> one insert of `list.map((e) => ({...}))`."""
    context = found.context
    if not context.loop_list or not context.loop_variable or len(query.rows) != 1:
        return None
    out = Query("insert", Source(query.source.model))
    out.rows_from = RowsFrom(context.loop_list, context.loop_variable, query.rows[0])
    return out


# -- workflows -------------------------------------------------------------------------------------

def workflow_findings(root: Path, base: Path) -> list[Finding]:
    findings = []
    for manifest in _package_manifests(root):
        findings += _package_scripts(manifest, base)
    for ci in _ci_files(root):
        findings += _ci_lines(ci, base)
    return findings


def top_level_workflow_findings(top: Path, base: Path) -> list[Finding]:
    """The project root's own package.json and CI files (not its subfolders)."""
    findings = _package_scripts(top / "package.json", base) if (top / "package.json").is_file() else []
    for ci in _ci_files(top):
        findings += _ci_lines(ci, base)
    return findings


def _package_manifests(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        if "package.json" in files:
            yield Path(folder) / "package.json"


def _package_scripts(manifest: Path, base: Path) -> list[Finding]:
    try:
        text = manifest.read_text(encoding="utf-8")
        scripts = json.loads(text).get("scripts") or {}
    except (OSError, ValueError, AttributeError):
        return []
    findings = []
    for name, command in scripts.items():
        match = DRIZZLE_KIT.search(command) if isinstance(command, str) else None
        if match:
            line = _line_of(text, f'"{name}"')
            findings.append(_workflow_finding(match.group(1), f'script "{name}": {command}',
                                              Location(_display(manifest, base), line, 1)))
    return findings


def _ci_files(root: Path):
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        yield from sorted(p for p in workflows.iterdir() if p.suffix in (".yml", ".yaml"))
    for name in CI_FILES:
        if (root / name).is_file():
            yield root / name


def _ci_lines(path: Path, base: Path) -> list[Finding]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    findings = []
    for number, line in enumerate(lines, 1):
        match = DRIZZLE_KIT.search(line)
        if match and not line.lstrip().startswith("#"):
            findings.append(_workflow_finding(match.group(1), line.strip(),
                                              Location(_display(path, base), number, match.start() + 1)))
    return findings


def _workflow_finding(command: str, where: str, location: Location) -> Finding:
    writes_db = command in ("push", "migrate", "up", "drop")
    consequence = ("changes the database outside Prisma's migrations, so `prisma migrate` sees drift and may "
                   "ask to reset it" if writes_db else
                   "writes a second migration history beside Prisma's; applying it makes the database drift "
                   "from prisma/migrations")
    return Finding(
        rule=RULE_WORKFLOW, severity=Severity.HIGH if writes_db else Severity.MEDIUM,
        message=f"`drizzle-kit {command}` in {where}: Prisma owns the migrations; drizzle-kit {command} {consequence}",
        help="change schema.prisma, run `prisma migrate dev`, then `triple-orm sync` to regenerate the Drizzle and "
             "Kysely files; remove the drizzle-kit step (drizzle-kit studio and check are fine)",
        location=location, data={"command": f"drizzle-kit {command}"})


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


# -- generated files edited by hand ---------------------------------------------------------------

def _edited(source: SourceFile, report: ScanReport) -> None:
    from tools.sync.stamp import content_hash, recorded_hash

    recorded = recorded_hash(source.text)
    if recorded is None or recorded == content_hash(source.text):
        return
    line = next((i for i, text in enumerate(source.text.splitlines(), 1) if "triple-orm-sync: content-hash" in text), 1)
    report.findings.append(Finding(
        rule=RULE_EDITED, severity=Severity.MEDIUM,
        message=f"{source.path} was generated by `triple-orm sync` and has been edited by hand since (its content "
                "no longer matches the hash in its header): the next sync overwrites the edit or refuses to run",
        help="make the change in schema.prisma (types of Json fields: a `/// [TypeName]` annotation) and run "
             "`triple-orm sync`; `triple-orm sync --check` shows what differs",
        location=Location(source.path, line, 1), data={"recorded_hash": recorded}))


# -- the project's client variables ----------------------------------------------------------------

_CLIENTS = {
    "kysely": re.compile(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*new\s+Kysely\b"),
    "drizzle": re.compile(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*drizzle\s*\("),
    "prisma": re.compile(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*new\s+PrismaClient\b"),
}


def infer_clients(root: Path) -> dict[str, str]:
    """The variable each ORM's client is declared as in the project (`export const kysely = new Kysely<DB>(…)`),
    so rewritten queries use the project's own names."""
    found: dict[str, str] = {}
    for path in sorted(typescript_files(root.resolve())):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for orm, pattern in _CLIENTS.items():
            match = pattern.search(text)
            if match and orm not in found:
                found[orm] = match.group(1)
        if len(found) == len(_CLIENTS):
            break
    return found
