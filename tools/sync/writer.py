"""Write several files all at once or not at all.

Every file goes first to a temporary file in its own folder (so that the final rename stays on one
filesystem and is atomic); only when all of them are on disk are they renamed over their targets.
If a rename fails half-way, the files already replaced get their previous content back and new
ones are removed, so an error never leaves a Drizzle schema that disagrees with the Kysely types.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tools.errors import WriteError


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write each (path, text) pair; on any error nothing has changed and WriteError is raised."""
    created_dirs: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in files:
            _make_folder(target.parent, created_dirs)
            staged.append((_stage(target, text), target))
    except OSError as exc:
        _discard([tmp for tmp, _ in staged], created_dirs)
        raise WriteError(f"cannot write {exc.filename or 'an output file'}: {exc.strerror} (nothing was written)") from None
    _replace_all(staged, created_dirs)


def _stage(target: Path, text: str) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600: keep the mode the file had, or give a new one the usual 0644 (umask)
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace_all(staged: list[tuple[Path, Path]], created_dirs: list[Path]) -> None:
    done: list[tuple[Path, bytes | None]] = []
    try:
        for tmp, target in staged:
            previous = target.read_bytes() if target.exists() else None
            os.replace(tmp, target)
            done.append((target, previous))
    except OSError as exc:
        problems = _restore(done)
        _discard([tmp for tmp, _ in staged if tmp.exists()], created_dirs)
        detail = f"; could not restore {', '.join(problems)}" if problems else " (nothing was changed)"
        raise WriteError(f"cannot write {exc.filename or 'an output file'}: {exc.strerror}{detail}") from None


def _restore(done: list[tuple[Path, bytes | None]]) -> list[str]:
    """Put back what the already-replaced files held; returns the ones that could not be restored."""
    problems = []
    for target, previous in reversed(done):
        try:
            if previous is None:
                target.unlink()
            else:
                fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(previous)
                os.chmod(name, target.stat().st_mode & 0o7777)
                os.replace(name, target)
        except OSError:
            problems.append(str(target))
    return problems


def _make_folder(folder: Path, created: list[Path]) -> None:
    """Create `folder` and its missing parents, recording each in `created` (parents first)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _discard(temps: list[Path], created_dirs: list[Path]) -> None:
    for tmp in temps:
        tmp.unlink(missing_ok=True)
    for folder in reversed(created_dirs):
        try:
            folder.rmdir()
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
