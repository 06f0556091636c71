"""Linting folders: histories, the content-hash cache (invalidation, concurrency, damage) and --since."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.errors import UsageError
from tools.lint.runner import lint_paths
from tools.lint.settings import LintSettings

MIGRATIONS = {
    "20240101000000_init": 'CREATE TABLE "User" ("id" TEXT NOT NULL, "name" VARCHAR(50));\nCREATE INDEX "User_name_idx" ON "User"("name");\n',
    "20240201000000_type": 'ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;\n',
    "20240301000000_drop": 'DROP INDEX "User_name_idx";\nALTER TABLE "User" DROP COLUMN "name";\n',
}


def project(root: Path, migrations=MIGRATIONS) -> Path:
    folder = root / "prisma" / "migrations"
    for name, sql in migrations.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "migration.sql").write_text(sql)
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    return folder


def run(folder: Path, cache: Path, **settings) -> object:
    return lint_paths([folder], LintSettings(cache_dir=cache, **settings), base=folder)


def test_history_informs_later_files(tmp_path: Path) -> None:
    folder = project(tmp_path)
    report = run(folder, tmp_path / "cache")
    rules = {(f.location.file.split("/")[0], f.rule) for f in report.findings}
    # varchar(50) -> text is binary-coercible: known only from the first migration
    assert ("20240201000000_type", "changing-column-type") not in rules
    assert ("20240301000000_drop", "ban-drop-column") in rules
    drop_index = [f for f in report.findings if f.rule == "require-concurrent-index-deletion"]
    assert drop_index and drop_index[0].data["table"] == "User"  # the index's table, from the history


def test_second_run_comes_from_the_cache_with_the_same_findings(tmp_path: Path) -> None:
    folder = project(tmp_path)
    first = run(folder, tmp_path / "cache")
    second = run(folder, tmp_path / "cache")
    assert not any(f.cached for f in first.files) and all(f.cached for f in second.files)
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
    assert (tmp_path / "cache" / ".gitignore").exists() or any((tmp_path / "cache").parent.rglob(".gitignore"))


def test_changing_an_earlier_migration_invalidates_the_later_ones(tmp_path: Path) -> None:
    folder = project(tmp_path)
    run(folder, tmp_path / "cache")
    (folder / "20240101000000_init" / "migration.sql").write_text('CREATE TABLE "User" ("id" TEXT NOT NULL, "name" INTEGER);\n')
    again = run(folder, tmp_path / "cache")
    assert not any(f.cached for f in again.files)
    rules = {(f.location.file.split("/")[0], f.rule) for f in again.findings}
    assert ("20240201000000_type", "changing-column-type") in rules  # integer -> text now rewrites


def test_settings_are_part_of_the_key(tmp_path: Path) -> None:
    folder = project(tmp_path)
    run(folder, tmp_path / "cache")
    other = run(folder, tmp_path / "cache", pg_version=10)
    assert not any(f.cached for f in other.files)


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    folder = project(tmp_path)
    run(folder, tmp_path / "cache")
    for pack in (tmp_path / "cache").glob("*.bin"):
        pack.write_bytes(b"\x00garbage")
    report = run(folder, tmp_path / "cache")
    assert report.findings and not any(f.cached for f in report.files)


def test_concurrent_runs_leave_a_usable_cache(tmp_path: Path) -> None:
    folder = project(tmp_path, {f"2024010100{n:04d}_m": f'ALTER TABLE "T{n}" ADD COLUMN "c" TEXT;\n' for n in range(40)})
    script = ("import sys; from pathlib import Path; from tools.lint.runner import lint_paths; "
              "from tools.lint.settings import LintSettings; "
              "r = lint_paths([Path(sys.argv[1])], LintSettings(cache_dir=Path(sys.argv[2])), base=Path(sys.argv[1])); "
              "print(len(r.findings))")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(folder), str(tmp_path / "cache")], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    counts = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert len(counts) == 1 and all(p.returncode == 0 for p in procs)
    assert not list((tmp_path / "cache").glob(".pack-*"))  # no temporary file left behind
    final = run(folder, tmp_path / "cache")
    assert all(f.cached for f in final.files) and str(len(final.findings)) in counts


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin"})


def test_since_lints_only_new_migrations_but_keeps_their_history(tmp_path: Path) -> None:
    folder = project(tmp_path, dict(list(MIGRATIONS.items())[:2]))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    (folder / "20240301000000_drop").mkdir()
    (folder / "20240301000000_drop" / "migration.sql").write_text(MIGRATIONS["20240301000000_drop"])
    report = lint_paths([folder], LintSettings(cache=False), base=folder, since="HEAD")
    assert [f.path for f in report.files] == ["20240301000000_drop/migration.sql"]
    assert any(f.rule == "require-concurrent-index-deletion" and f.data.get("table") == "User" for f in report.findings)
    with pytest.raises(UsageError, match="unknown git ref"):
        lint_paths([folder], LintSettings(cache=False), base=folder, since="no-such-branch")
