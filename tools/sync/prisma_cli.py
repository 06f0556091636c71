"""`triple-orm sync --prisma`: run the project's own Prisma CLI before generating.

The Prisma CLI a project uses is the one its package manager installed (its version pinned in the
project's lockfile), so it is run through that package manager: `pnpm exec prisma`, `npm exec --
prisma`, `yarn prisma`, `bun x prisma`. The package manager is the one whose lockfile is nearest
above the schema (else the `packageManager` field of a package.json), and the commands run in the
nearest folder with a package.json, the package that depends on `prisma` in a monorepo.

The steps are `prisma migrate dev --name NAME` then `prisma generate`; their output is streamed as
it comes, and the first failure stops everything (PrismaStepFailed, exit 2) before any file is
generated.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tools.errors import ExitCode, TripleOrmError, UsageError

LOCKFILES = (("pnpm-lock.yaml", "pnpm"), ("bun.lock", "bun"), ("bun.lockb", "bun"), ("yarn.lock", "yarn"),
             ("package-lock.json", "npm"), ("npm-shrinkwrap.json", "npm"))
RUNNERS = {"pnpm": ("pnpm", "exec", "prisma"), "npm": ("npm", "exec", "--", "prisma"),
           "yarn": ("yarn", "prisma"), "bun": ("bun", "x", "prisma")}


class PrismaStepFailed(TripleOrmError):
    """A Prisma command of `sync --prisma` failed: nothing was generated (exit 2)."""

    exit_code = ExitCode.BLOCKED


class PackageManagerMissing(TripleOrmError):
    """The project's package manager is not installed here (exit 69)."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass(frozen=True)
class PackageManager:
    name: str  # pnpm | npm | yarn | bun
    evidence: Path  # the lockfile or package.json that says so

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "evidence": str(self.evidence)}


@dataclass
class PrismaStep:
    command: list[str]
    cwd: Path
    returncode: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "cwd": str(self.cwd), "returncode": self.returncode}


def find_package_manager(start: Path) -> PackageManager:
    """The package manager of the project around `start` (a folder), from the nearest lockfile."""
    for folder in (start, *start.parents):
        for lockfile, name in LOCKFILES:
            if (folder / lockfile).is_file():
                return PackageManager(name, folder / lockfile)
        declared = _declared_package_manager(folder / "package.json")
        if declared:
            return PackageManager(declared, folder / "package.json")
    raise UsageError(f"cannot tell which package manager runs Prisma: no lockfile above {start}",
                     help="sync --prisma runs the project's own Prisma CLI through pnpm, npm, yarn or bun, "
                          "found from pnpm-lock.yaml, package-lock.json, yarn.lock or bun.lock(b)")


def _declared_package_manager(package_json: Path) -> str | None:
    """`"packageManager": "pnpm@10.20.0"` (corepack's field), when the lockfile is not committed yet."""
    try:
        declared = json.loads(package_json.read_text(encoding="utf-8")).get("packageManager", "")
    except (OSError, ValueError, AttributeError):
        return None
    name = str(declared).split("@", 1)[0]
    return name if name in RUNNERS else None


def package_folder(schema_path: Path) -> Path:
    """The nearest folder at or above the schema with a package.json (where `prisma` is a dependency)."""
    start = schema_path if schema_path.is_dir() else schema_path.parent
    for folder in (start, *start.parents):
        if (folder / "package.json").is_file():
            return folder
    return start


def prisma_steps(manager: PackageManager, schema_path: Path, migration_name: str) -> list[PrismaStep]:
    cwd = package_folder(schema_path)
    schema_arg = os.path.relpath(schema_path, cwd)
    runner = list(RUNNERS[manager.name])
    return [PrismaStep([*runner, "migrate", "dev", "--name", migration_name, "--schema", schema_arg], cwd),
            PrismaStep([*runner, "generate", "--schema", schema_arg], cwd)]


def run_prisma_steps(steps: list[PrismaStep], out: TextIO) -> None:
    """Run each step, streaming its output to `out`; stop at the first that fails."""
    for step in steps:
        out.write(f"$ {' '.join(step.command)}  (in {step.cwd})\n")
        out.flush()
        step.returncode = _run_streaming(step, out)
        if step.returncode != 0:
            raise PrismaStepFailed(
                f"`{' '.join(step.command)}` failed (exit {step.returncode}); the Drizzle and Kysely files were not written",
                help="fix what Prisma reports above and run `triple-orm sync --prisma` again")


def _run_streaming(step: PrismaStep, out: TextIO) -> int:
    try:
        fileno = out.fileno()
    except (AttributeError, OSError, ValueError):
        fileno = None
    try:
        if fileno is not None:  # a real terminal or file: the child writes to it directly (colours, prompts)
            return subprocess.run(step.command, cwd=step.cwd, stdout=fileno, stderr=subprocess.STDOUT).returncode
        with subprocess.Popen(step.command, cwd=step.cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, bufsize=1) as process:
            for line in process.stdout:  # type: ignore[union-attr]
                out.write(line)
            return process.wait()
    except FileNotFoundError:
        raise PackageManagerMissing(f"`{step.command[0]}` is not installed or not on PATH",
                                    help=f"the project uses {step.command[0]} (from its lockfile); install it") from None
