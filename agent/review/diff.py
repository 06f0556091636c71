"""What a pull request changes, and where a review comment may go.

GitHub accepts a review comment only on a line of the diff: on the right side (the new file), any
line inside one of the hunks, context lines included; a multi-line comment (and so a `suggestion`
that replaces several lines) must stay within one hunk. The hunks come from the `patch` of each
file in GitHub's list of the pull request's files, or from `git diff BASE` when run locally; GitHub
leaves the patch out for very large diffs, and such a file gets no inline comments.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tools.lint.gitdiff import _git  # git with its errors as UsageErrors, as `lint --since` runs it

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@", re.M)
REMOVED = "removed"


@dataclass
class ChangedFile:
    """One file of the pull request: its path in the new version, GitHub's status, the right-side hunks."""

    path: str
    status: str  # added | modified | removed | renamed | copied | changed
    hunks: list[tuple[int, int]] = field(default_factory=list)  # (first, last) new-side lines, inclusive

    @classmethod
    def from_patch(cls, path: str, status: str, patch: str | None) -> "ChangedFile":
        return cls(path, status, hunk_ranges(patch or ""))

    def commentable(self, first: int, last: int) -> bool:
        """Can one comment span lines first..last (all in one hunk)?"""
        return any(start <= first and last <= end for start, end in self.hunks)


def hunk_ranges(patch: str) -> list[tuple[int, int]]:
    """The new-side line range of each hunk of a unified diff (`@@ -a,b +c,d @@`: lines c..c+d-1)."""
    ranges = []
    for match in _HUNK.finditer(patch):
        start, count = int(match["start"]), int(match["count"] if match["count"] is not None else 1)
        if count > 0:  # a hunk that only deletes has no right-side line
            ranges.append((start, start + count - 1))
    return ranges


def from_github(files: list[dict]) -> list[ChangedFile]:
    """GitHub's `GET /repos/{owner}/{repo}/pulls/{number}/files` entries."""
    return [ChangedFile.from_patch(f["filename"], f.get("status", "modified"), f.get("patch")) for f in files]


def from_git(root: Path, base: str) -> list[ChangedFile]:
    """The files that differ from `base` in the working tree (committed or not), and files git does not
    track yet (whole-file hunks), as `lint --since BASE` sees them."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", what=f"unknown git ref {base!r}")
    text = _git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--find-renames", "-U3", base, "--")
    files = [_git_file(block) for block in re.split(r"^diff --git ", text, flags=re.M)[1:]]
    for name in _git(root, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if name:
            lines = _line_count(root / name)
            files.append(ChangedFile(name, "added", [(1, lines)] if lines else []))
    return [f for f in files if f is not None]


def _git_file(block: str) -> ChangedFile | None:
    header, _, _ = block.partition("\n@@")
    new_path = re.search(r"^\+\+\+ b/(.+)$", header, re.M)
    old_path = re.search(r"^--- a/(.+)$", header, re.M)
    if new_path is None:  # deleted (+++ /dev/null), or binary / mode-only changes: nothing to comment on
        return ChangedFile(old_path[1], REMOVED) if old_path else None
    status = "added" if "\nnew file mode" in header else "renamed" if "\nrename from" in header else "modified"
    return ChangedFile.from_patch(new_path[1].rstrip("\t"), status, block)


def _line_count(path: Path) -> int:
    try:
        return len(path.read_bytes().splitlines())
    except OSError:
        return 0


def repository_root(start: Path) -> Path:
    """The git work tree holding `start`, else `start` itself (GitHub's paths are relative to it)."""
    try:
        done = subprocess.run(["git", "-C", str(start), "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return start.resolve()
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else start.resolve()


def head_commit(root: Path) -> str:
    return _git(root, "rev-parse", "HEAD").strip()
