"""The TypeScript toolchain the tests drive: tsc, drizzle-kit, prettier, tsx and kysely-codegen.

The pinned packages live in `tests/toolchain/package.json` (+ lockfile). `ensure_toolchain()`
installs them once with `npm ci` into `CACHE/toolchain` (a copy, so the checkout stays clean and
parallel pytest workers share one install under a file lock) and returns that folder.

Every helper stages its TypeScript in a scratch folder *inside* the toolchain folder
(`CACHE/toolchain/work/...`): Node's module resolution walks up from the file, so
`import ... from "drizzle-orm/pg-core"` resolves to the pinned packages without copying
`node_modules` or mapping paths, for tsc, tsx and drizzle-kit (which loads the schema through its
own require hook) alike. Paths in tool output are therefore relative to the staged folder
(`schema.ts(3,7): error TS...`).

The optional peers (`tests/toolchain/peers/`: the Prisma CLI, drizzle-prisma-generator,
prisma-kysely, used by benchmarks) install the same way with `ensure_peers()`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from testkit.oracle import _file_lock, _write_atomic
from testkit.paths import CACHE, REPO

SOURCE = REPO / "tests" / "toolchain"
PEERS_SOURCE = SOURCE / "peers"
INSTALL_FILES = ("package.json", "package-lock.json")

# What tsc checks generated code with: what a TypeScript team on a current toolchain would set.
# skipLibCheck is needed (and what drizzle's docs recommend): drizzle-orm's own .d.ts for the
# other dialects (gel, mysql2, ...) do not type-check without those drivers installed.
TSCONFIG = {
    "target": "es2022",
    "lib": ["es2023"],
    "module": "preserve",
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": True,
    "noEmit": True,
    "skipLibCheck": True,
    "types": ["node"],
}


class ToolchainError(RuntimeError):
    """A tool of the toolchain failed in a way that is not the test's verdict (install, crash)."""


def ensure_toolchain() -> Path:
    """The folder whose `node_modules` holds the pinned toolchain (installed once per lockfile)."""
    return _installed(SOURCE, CACHE / "toolchain")


def ensure_peers() -> Path:
    """The folder holding the Prisma CLI, drizzle-prisma-generator and prisma-kysely."""
    return _installed(PEERS_SOURCE, CACHE / "toolchain-peers")


def bin_path(name: str, root: Path | None = None) -> Path:
    """`node_modules/.bin/<name>` of the toolchain (or of `root`)."""
    return (root or ensure_toolchain()) / "node_modules" / ".bin" / name


@functools.cache
def _installed(source: Path, target: Path) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the TypeScript toolchain (tsc, drizzle-kit, prettier)")
    stamp = target / ".installed"
    wanted = _fingerprint(source)
    if stamp.is_file() and stamp.read_text() == wanted and (target / "node_modules").is_dir():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with _file_lock(CACHE / f"{target.name}.lock"):
        if stamp.is_file() and stamp.read_text() == wanted and (target / "node_modules").is_dir():
            return target  # another worker finished meanwhile
        target.mkdir(parents=True, exist_ok=True)
        for name in INSTALL_FILES:
            shutil.copyfile(source / name, target / name)
        # --ignore-scripts: nothing here needs an install script (esbuild ships its binary as an
        # optional dependency), and @prisma/engines' postinstall would try to download an engine.
        result = subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target, capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            raise ToolchainError(f"npm ci in {target} failed:\n{result.stderr[-3000:]}")
        _write_atomic(stamp, wanted)
    return target


def _fingerprint(source: Path) -> str:
    """The lockfile and the Node version: a new Node may need other optional binaries."""
    digest = hashlib.sha256()
    for name in INSTALL_FILES:
        digest.update((source / name).read_bytes())
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{digest.hexdigest()} node {node}"


@contextmanager
def staged(files: Mapping[str, str] | Path, *, keep: bool = False) -> Iterator[Path]:
    """A scratch folder inside the toolchain holding `files` (name -> text) or a copy of a folder.

    A `package.json` with `"type": "module"` is added unless given, so that tsx runs the files as
    ES modules (top-level await) as a current TypeScript project would.
    """
    root = ensure_toolchain() / "work"
    root.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root, prefix="stage-"))
    try:
        if isinstance(files, Path):
            shutil.copytree(files, folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("node_modules", ".git"))
        else:
            for name, text in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{ "type": "module" }\n')
        yield folder
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args: list[str], cwd: Path, env: Mapping[str, str] | None = None,
         timeout: int = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("NO_COLOR", "1")
    # stdin closed: a tool that would prompt (drizzle-kit's rename questions) fails instead of hanging
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=timeout, stdin=subprocess.DEVNULL)


def tsc_check(files: Mapping[str, str] | Path, *, strict: bool = True,
              options: Mapping[str, object] | None = None) -> subprocess.CompletedProcess:
    """Type-check TypeScript (name -> text, or a folder) with the pinned tsc; returncode 0 = clean.

    Diagnostics are in `stdout` (tsc writes them there), with paths relative to the files' folder.
    """
    with staged(files) as folder:
        sources = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ts")
                         if "node_modules" not in p.parts)
        if not sources:
            raise ToolchainError("tsc_check: no .ts file to check")
        config = {"compilerOptions": {**TSCONFIG, "strict": strict, **(options or {})}, "files": sources}
        (folder / "tsconfig.json").write_text(json.dumps(config, indent=2))
        return _run([bin_path("tsc"), "-p", "tsconfig.json"], cwd=folder)


BREAKPOINT = "--> statement-breakpoint"
NO_CHANGES = "No schema changes"


def drizzle_kit_generate(schema: str | Path, history: Path | None = None) -> str:
    """The SQL `drizzle-kit generate` writes for a Drizzle schema (its text, or a .ts file).

    With no `history` the migrations folder starts empty, so the result is the full CREATE script.
    Pass the same `history` folder again to generate against the snapshot of the previous run: the
    result is "" when drizzle-kit reports no changes (the idempotence check). Statements are
    separated by `--> statement-breakpoint` (`split_statements` splits them).

    drizzle-kit exits 0 even when it crashes (for instance on a BigInt literal default); a run
    that wrote no migration and did not say "No schema changes" raises ToolchainError.
    """
    text = schema if isinstance(schema, str) else Path(schema).read_text()
    with staged({"schema.ts": text}) as folder, _history(history) as out:
        before = set(out.glob("*.sql"))
        # a relative --out: drizzle-kit reads the previous snapshot from "./" + out, which breaks
        # an absolute path on the second run
        result = _run([bin_path("drizzle-kit"), "generate", "--dialect", "postgresql",
                       "--schema", "schema.ts", "--out", os.path.relpath(out, folder)], cwd=folder)
        written = sorted(set(out.glob("*.sql")) - before)
        if written:
            return written[-1].read_text()
        if result.returncode == 0 and NO_CHANGES in result.stdout:
            return ""
        raise ToolchainError(f"drizzle-kit generate failed (exit {result.returncode}):\n"
                             f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


@contextmanager
def _history(history: Path | None) -> Iterator[Path]:
    if history is not None:
        history.mkdir(parents=True, exist_ok=True)
        yield history.resolve()
        return
    folder = Path(tempfile.mkdtemp(prefix="drizzle-history-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def split_statements(sql: str) -> list[str]:
    """drizzle-kit's migration SQL as a list of statements (its breakpoint markers removed)."""
    return [part.strip() for part in sql.split(BREAKPOINT) if part.strip()]


def prettier_check(path: Path) -> subprocess.CompletedProcess:
    """`prettier --check` with prettier's defaults (no config or .editorconfig is consulted).

    returncode 0: formatted as prettier would; 1: not (the files are named in stderr/stdout).
    """
    path = Path(path).resolve()
    return _run([bin_path("prettier"), "--check", "--no-config", "--no-editorconfig", path],
                cwd=path if path.is_dir() else path.parent)


def prettier_format(text: str, filename: str = "file.ts") -> str:
    """`text` formatted by prettier with its defaults (the parser is chosen from `filename`)."""
    result = subprocess.run([str(bin_path("prettier")), "--no-config", "--no-editorconfig",
                             "--stdin-filepath", filename], input=text, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        raise ToolchainError(f"prettier could not format {filename}:\n{result.stderr[-3000:]}")
    return result.stdout


def run_tsx(script: str | Path, env: Mapping[str, str] | None = None,
            files: Mapping[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a TypeScript script (its text or a .ts file) with tsx, as an ES module.

    `files` (name -> text) are staged beside it so that it can import them (`./schema.ts`).
    """
    text = script if isinstance(script, str) else Path(script).read_text()
    with staged({**(files or {}), "main.ts": text}) as folder:
        return _run([bin_path("tsx"), "main.ts"], cwd=folder, env=env, timeout=timeout)


def kysely_codegen(database_url: str, *args: str) -> str:
    """The Kysely types `kysely-codegen` writes for the database at `database_url`.

    Extra `args` go to kysely-codegen as given (for example `--default-schema`, `--runtime-enums`).
    The output goes to a file: with `--print` kysely-codegen mixes its log lines into stdout.
    """
    with tempfile.TemporaryDirectory(prefix="kysely-codegen-") as scratch:
        out = Path(scratch) / "db.d.ts"
        result = _run([bin_path("kysely-codegen"), "--dialect", "postgres", "--url", database_url,
                       "--out-file", out, "--log-level", "error", *args], cwd=Path(scratch))
        if result.returncode != 0 or not out.exists():
            message = re.sub(r"postgres(ql)?://[^@\s]*@", "postgresql://***@", result.stderr[-3000:])
            raise ToolchainError(f"kysely-codegen failed (exit {result.returncode}):\n{message}")
        return out.read_text()


def prisma_generate(schema: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """`prisma generate` for `schema` with the peers' CLI and generators (benchmarks' comparison point).

    The Prisma CLI fetches its native schema engine when it starts, which cannot happen here;
    `generate` does not use it, so `PRISMA_SCHEMA_ENGINE_BINARY=/bin/false` stands in. The
    generators a schema names (`drizzle-prisma-generator`, `prisma-kysely`) are found on PATH.
    """
    peers = ensure_peers()
    bin_dir = peers / "node_modules" / ".bin"
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/false", "PRISMA_HIDE_UPDATE_MESSAGE": "1",
           "CHECKPOINT_DISABLE": "1"}
    return _run([bin_dir / "prisma", "generate", "--schema", Path(schema).resolve()],
                cwd=Path(schema).resolve().parent, env=env, timeout=timeout)
