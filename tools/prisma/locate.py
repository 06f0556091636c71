"""Finding a project's Prisma schema the way Prisma does, from the project folder or a monorepo root.

Prisma looks at `prisma.config.ts` (`schema: …`), then `package.json` (`"prisma": {"schema": …}`),
then `prisma/schema.prisma`, `schema.prisma` and the `prisma/schema/` folder. From a monorepo root
none of those exist, so the workspace packages (pnpm-workspace.yaml, package.json workspaces) are
searched the same way; exactly one schema found is taken, several are an error that lists them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tools.errors import InputNotFound, UsageError

_CONFIG_SCHEMA = re.compile(r"""\bschema\s*:\s*(?:(['"`])([^'"`]+)\1|path\.(?:join|resolve)\(([^)]*)\))""")
_SKIP = {"node_modules", ".git", "dist", "build", ".next", ".turbo", ".venv", "coverage"}


def _from_prisma_config(folder: Path) -> Path | None:
    for name in ("prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs", ".config/prisma.ts"):
        config = folder / name
        if not config.is_file():
            continue
        match = _CONFIG_SCHEMA.search(config.read_text(encoding="utf-8", errors="replace"))
        if not match:
            continue
        if match.group(2):
            return (folder / match.group(2)).resolve()
        parts = [p.strip().strip("'\"`") for p in match.group(3).split(",")]
        parts = [p for p in parts if p and p not in ("__dirname", "process.cwd()", "import.meta.dirname")]
        return folder.joinpath(*parts).resolve()
    return None


def _from_package_json(folder: Path) -> Path | None:
    package = folder / "package.json"
    if not package.is_file():
        return None
    try:
        data = json.loads(package.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    schema = (data.get("prisma") or {}).get("schema") if isinstance(data.get("prisma"), dict) else None
    return (folder / schema).resolve() if isinstance(schema, str) else None


def find_in_folder(folder: Path) -> Path | None:
    """The schema of the project in `folder` by Prisma's own rules, or None."""
    for candidate in (_from_prisma_config(folder), _from_package_json(folder)):
        if candidate is not None:
            return candidate
    for relative in ("prisma/schema.prisma", "schema.prisma"):
        if (folder / relative).is_file():
            return folder / relative
    folder_schema = folder / "prisma" / "schema"
    if folder_schema.is_dir() and any(folder_schema.rglob("*.prisma")):
        return folder_schema
    return None


def _workspace_folders(root: Path) -> list[Path]:
    """Package folders of a pnpm/npm/yarn workspace rooted at `root`."""
    patterns: list[str] = []
    pnpm = root / "pnpm-workspace.yaml"
    if pnpm.is_file():
        patterns += re.findall(r"^\s*-\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", pnpm.read_text(encoding="utf-8"), re.M)
    package = root / "package.json"
    if package.is_file():
        try:
            workspaces = json.loads(package.read_text(encoding="utf-8")).get("workspaces")
        except ValueError:
            workspaces = None
        if isinstance(workspaces, dict):
            workspaces = workspaces.get("packages")
        if isinstance(workspaces, list):
            patterns += [w for w in workspaces if isinstance(w, str)]
    folders = []
    for pattern in patterns:
        if pattern.startswith("!"):
            continue
        folders += [p for p in sorted(root.glob(pattern.rstrip("/"))) if p.is_dir() and not _SKIP & set(p.parts)]
    return folders


def _search(root: Path, depth: int = 4) -> list[Path]:
    found: list[Path] = []

    def walk(folder: Path, level: int) -> None:
        hit = find_in_folder(folder) if level else None
        if hit is not None:
            found.append(hit)
            return
        if level >= depth:
            return
        try:
            children = sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in _SKIP and not p.name.startswith("."))
        except OSError:
            return
        for child in children:
            walk(child, level + 1)

    walk(root, 0)
    return found


def locate_schema(start: Path) -> Path:
    """The schema for a command run in `start` with no path given."""
    direct = find_in_folder(start)
    if direct is not None:
        return direct
    candidates = [hit for folder in _workspace_folders(start) if (hit := find_in_folder(folder)) is not None]
    if not candidates:
        candidates = _search(start)
    unique = sorted(set(candidates))
    if len(unique) == 1:
        return unique[0]
    if not unique:
        raise InputNotFound(
            f"no Prisma schema found in {start}",
            help="pass --schema PATH, set `schema` in [tool.triple-orm], or run from the project folder "
                 "(Prisma looks for prisma/schema.prisma, schema.prisma and prisma/schema/)",
        )
    listing = ", ".join(str(p.relative_to(start)) if p.is_relative_to(start) else str(p) for p in unique)
    raise UsageError(f"several Prisma schemas found under {start}: {listing}",
                     help="choose one with --schema PATH or `schema` in [tool.triple-orm]")


def schema_files(path: Path) -> list[Path]:
    """The `.prisma` files of a schema: the file itself, or every file below a folder, sorted."""
    if path.is_dir():
        # In the order Prisma's engine is given them: relative paths sorted as strings (UTF-16 code units,
        # JavaScript's default sort), so `a.prisma` comes before `a/b.prisma`. Models and enums take
        # this order, and with them the tables of the DDL.
        found = (p for p in path.rglob("*.prisma") if p.is_file() and not _SKIP & set(p.relative_to(path).parts))
        files = sorted(found, key=lambda p: p.relative_to(path).as_posix().encode("utf-16-be"))
        if not files:
            raise InputNotFound(f"the folder {path} holds no .prisma files", help="point at a schema file or a folder of .prisma files")
        return files
    if path.is_file():
        return [path]
    raise InputNotFound(f"the Prisma schema {path} does not exist", help="check the path given with --schema or in [tool.triple-orm]")
