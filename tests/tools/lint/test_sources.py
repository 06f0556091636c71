"""Finding migrations: Prisma folders, drizzle-kit journals, plain SQL; unreadable input is exit 66."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.errors import ExitCode, InputNotFound
from tools.lint.sources import detect_prisma_version, discover, read_text


def prisma_folder(root: Path, names=("20240101000000_init", "20240201000000_add")) -> Path:
    folder = root / "prisma" / "migrations"
    for name in names:
        (folder / name).mkdir(parents=True)
        (folder / name / "migration.sql").write_text(f"-- {name}\nCREATE TABLE \"{name[-4:]}\" (\"id\" TEXT);\n")
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    return folder


def test_prisma_folder_in_name_order(tmp_path: Path) -> None:
    folder = prisma_folder(tmp_path, ("20240201000000_b", "20240101000000_a"))
    found = discover([tmp_path])
    (history,) = found.histories
    assert history.runner == "prisma" and [p.parent.name for p in history.files] == ["20240101000000_a", "20240201000000_b"]
    assert found.targets == set(history.files)
    assert history.folder == folder


def test_a_single_file_brings_its_history(tmp_path: Path) -> None:
    folder = prisma_folder(tmp_path)
    target = folder / "20240201000000_add" / "migration.sql"
    found = discover([target])
    (history,) = found.histories
    assert found.targets == {target} and len(history.files) == 2


def test_drizzle_journal_order(tmp_path: Path) -> None:
    folder = tmp_path / "drizzle"
    (folder / "meta").mkdir(parents=True)
    for name in ("0000_first", "0001_second"):
        (folder / f"{name}.sql").write_text("SELECT 1;")
    journal = {"entries": [{"idx": 1, "tag": "0001_second"}, {"idx": 0, "tag": "0000_first"}]}
    (folder / "meta" / "_journal.json").write_text(json.dumps(journal))
    (history,) = discover([folder]).histories
    assert history.runner == "drizzle" and [p.stem for p in history.files] == ["0000_first", "0001_second"]


def test_plain_folder_and_exclude(tmp_path: Path) -> None:
    for name in ("001.sql", "002.sql", "seed.sql"):
        (tmp_path / name).write_text("SELECT 1;")
    found = discover([tmp_path], exclude=("seed.sql",))
    assert {p.name for p in found.targets} == {"001.sql", "002.sql"}
    assert found.histories[0].runner == "plain"


def test_missing_path_is_no_input(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as caught:
        discover([tmp_path / "nope"])
    assert caught.value.exit_code == ExitCode.NO_INPUT


def test_non_utf8_file_is_no_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.sql"
    path.write_bytes(b"SELECT '\xff\xfe';")
    with pytest.raises(InputNotFound, match="not UTF-8"):
        read_text(path)


def test_prisma_version_from_package_json(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text(json.dumps({"devDependencies": {"prisma": "^7.4.1"}}))
    folder = prisma_folder(tmp_path)
    assert detect_prisma_version(folder) == (7, 4)
