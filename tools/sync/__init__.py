"""Schema sync: the Drizzle schema and the Kysely types a Prisma schema implies, written together.

    plan = plan_sync(schema, drizzle_out=Path("db/schema.ts"), kysely_out=Path("db/types.ts"))
    stale = check_sync(plan)          # what `sync --check` reports: files that would change, with diffs
    result = write_sync(plan)         # every file written atomically, or none

`plan_sync` generates every file in memory first (so an error in either generator writes
nothing), stamps each with a content hash (`tools.sync.stamp`) and reads what is on disk now.
`write_sync` then refuses to overwrite a file that was edited by hand, or that triple-orm did not
write, unless forced: nothing a person had is replaced silently.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import ExitCode, TripleOrmError, WriteError
from tools.prisma.schema import PrismaSchema
from tools.sync.options import SyncOptions
from tools.sync.stamp import file_state, same_content, stamped
from tools.sync.writer import write_all

__all__ = ["SyncOptions", "PlannedFile", "SyncPlan", "StaleFile", "SyncResult", "GeneratedFileEdited",
           "plan_sync", "check_sync", "guard_edits", "write_sync", "STATE_TEXT"]

# why a file on disk differs, for people
STATE_TEXT = {
    "missing": "does not exist yet",
    "stale": "is out of date",
    "edited": "was edited by hand since triple-orm wrote it",
    "foreign": "was not written by triple-orm (no content hash in its header)",
}


class GeneratedFileEdited(WriteError):
    """A file to be overwritten holds changes that are not ours (exit 73, nothing written)."""


class GeneratorUnavailable(TripleOrmError):
    """A requested generator is missing from this installation (exit 69)."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass
class PlannedFile:
    """One output: which generator, where, the new content and what the file holds now."""

    kind: str  # "drizzle" | "kysely"
    path: Path
    content: str
    current: str | None = None

    @property
    def state(self) -> str:
        """missing | current | stale | edited | foreign (see tools.sync.stamp.file_state)."""
        return file_state(self.current, self.content)

    def display(self, cwd: Path | None = None) -> str:
        try:
            return os.path.relpath(self.path, cwd or Path.cwd())
        except ValueError:
            return str(self.path)

    def diff(self, cwd: Path | None = None) -> str:
        """A unified diff from the file on disk to the new content ("" when current)."""
        if self.current is not None and same_content(self.current, self.content):
            return ""
        name = self.display(cwd)
        before = (self.current or "").splitlines(keepends=True)
        lines = difflib.unified_diff(before, self.content.splitlines(keepends=True),
                                     fromfile="/dev/null" if self.current is None else f"a/{name}", tofile=f"b/{name}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": str(self.path), "state": self.state, "bytes": len(self.content.encode())}


@dataclass
class SyncPlan:
    """Everything `sync` would write, generated but not yet written."""

    schema: str  # the schema's path as shown in the headers
    files: list[PlannedFile]
    warnings: list[str] = field(default_factory=list)
    options: SyncOptions = field(default_factory=SyncOptions)

    def file(self, kind: str) -> PlannedFile | None:
        return next((f for f in self.files if f.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "files": [f.to_dict() for f in self.files], "warnings": list(self.warnings),
                "options": self.options.to_dict()}


@dataclass
class StaleFile:
    path: Path
    kind: str
    state: str
    diff: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "kind": self.kind, "state": self.state, "diff": self.diff}


@dataclass
class SyncResult:
    written: list[PlannedFile]
    unchanged: list[PlannedFile]
    overwritten_edits: list[PlannedFile] = field(default_factory=list)  # with force=True

    def to_dict(self) -> dict[str, Any]:
        return {"written": [str(f.path) for f in self.written], "unchanged": [str(f.path) for f in self.unchanged],
                "overwritten_edits": [str(f.path) for f in self.overwritten_edits]}


def plan_sync(schema: PrismaSchema, drizzle_out: Path | None = None, kysely_out: Path | None = None, *,
              source: str | None = None, options: SyncOptions | None = None) -> SyncPlan:
    """Generate every requested file in memory and read what the targets hold now."""
    options = (options or SyncOptions()).validated()
    source = source or schema.path
    files: list[PlannedFile] = []
    warnings: list[str] = []
    if drizzle_out is not None:
        files.append(PlannedFile("drizzle", Path(drizzle_out).absolute(), stamped(_drizzle(schema, source, options))))
    if kysely_out is not None:
        from tools.sync.kysely import build_kysely

        built = build_kysely(schema, source=source, options=options)
        warnings += built.warnings
        files.append(PlannedFile("kysely", Path(kysely_out).absolute(), stamped(built.text)))
    if len({f.path for f in files}) != len(files):
        raise WriteError("the Drizzle and the Kysely output are the same file", help="give each its own path")
    for planned in files:
        planned.current = _read_current(planned.path)
    return SyncPlan(source, files, warnings, options)


def _drizzle(schema: PrismaSchema, source: str, options: SyncOptions) -> str:
    try:
        from tools.sync.drizzle import generate_drizzle
    except ModuleNotFoundError as exc:
        if exc.name != "tools.sync.drizzle":
            raise
        raise GeneratorUnavailable("the Drizzle generator (tools.sync.drizzle) is not part of this installation",
                                   help="write only the Kysely types: pass --kysely-out without a drizzle-out") from None
    return generate_drizzle(schema, source=source, options=options)


def _read_current(path: Path) -> str | None:
    if path.is_dir():
        raise WriteError(f"{path} is a folder, not a file", help="give the path of the .ts file to write")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise WriteError(f"cannot read {path} to compare it with the new content: {reason} (nothing was written)") from None


def check_sync(plan: SyncPlan, cwd: Path | None = None) -> list[StaleFile]:
    """The files whose content on disk differs from what sync would write, with unified diffs."""
    return [StaleFile(f.path, f.kind, f.state, f.diff(cwd)) for f in plan.files if f.state != "current"]


def guard_edits(plan: SyncPlan, *, force: bool = False, cwd: Path | None = None) -> list[PlannedFile]:
    """The files whose content is not ours (edited by hand, or not written by triple-orm).

    Raises GeneratedFileEdited unless `force`: writing would lose that content.
    """
    guarded = [f for f in plan.files if f.state in ("edited", "foreign")]
    if guarded and not force:
        listing = "; ".join(f"{f.display(cwd)} {STATE_TEXT[f.state]}" for f in guarded)
        raise GeneratedFileEdited(
            f"not overwriting: {listing}",
            help="see the differences with `triple-orm sync --check`, move the change into schema.prisma "
                 "(or the sync options), then run `triple-orm sync --force` to replace the file")
    return guarded


def write_sync(plan: SyncPlan, *, force: bool = False, cwd: Path | None = None) -> SyncResult:
    """Write every file that changed, atomically; refuse (GeneratedFileEdited) to replace edits unless forced."""
    guarded = guard_edits(plan, force=force, cwd=cwd)
    changed = [f for f in plan.files if f.state != "current"]
    write_all([(f.path, f.content) for f in changed])
    for planned in changed:
        planned.current = planned.content
    return SyncResult(changed, [f for f in plan.files if all(f is not c for c in changed)], guarded)
