"""`--since REF`: the migrations added or changed since a git ref (committed, staged, or not yet).

Applied migrations never change, so a pull request only needs its new migrations linted; the
earlier files are still read for the schema history, just not reported on.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tools.errors import UsageError


def changed_since(ref: str, targets: set[Path], paths: list[Path]) -> set[Path]:
    """The subset of `targets` that differs from `ref` (plus files git does not track yet)."""
    if not targets:
        return targets
    anchor = next(iter(targets)).parent
    root = Path(_git(anchor, "rev-parse", "--show-toplevel").strip())
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what=f"unknown git ref {ref!r}")
    changed = _git(root, "diff", "--name-only", "--diff-filter=ACMR", "-z", ref, "--").split("\0")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    touched = {(root / name).resolve() for name in changed + untracked if name}
    return {t for t in targets if t.resolve() in touched}


def _git(cwd: Path, *args: str, what: str | None = None) -> str:
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise UsageError("--since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError("git did not answer within 60 s") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {' '.join(args)} failed"
        if "not a git repository" in detail:
            raise UsageError(f"--since needs a git repository, and {cwd} is not in one")
        raise UsageError(what or detail, help="give a branch, tag or commit, e.g. --since origin/main")
    return done.stdout
