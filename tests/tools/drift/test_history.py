"""Migrations folder ⇄ `_prisma_migrations`, on every corpus schema's real migration history.

The database (built from the schema) gets a `_prisma_migrations` table recording every migration of
the schema's real folder with its real checksum, inside a transaction that is rolled back; each test
then changes one thing, in the table with SQL or in a copy of the folder on disk, and the history
comparison must name exactly that migration with the right rule, and nothing else.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from testkit.drift_seeds import record_folder, record_migration
from tools.drift.checksum import migration_checksum
from tools.drift.history import compare_history, read_applied_migrations
from tools.drift.migrations_folder import read_migrations_folder

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]


@functools.cache
def _folder(path: Path):
    return read_migrations_folder(path)


def _history(corpus_db, change_sql=None, folder=None, *, record: bool = True):
    """Record the folder in the database, run `change_sql`, compare; all rolled back."""
    original = _folder(corpus_db.migrations)
    with corpus_db.connect() as conn, conn.transaction(force_rollback=True):
        if record:
            record_folder(conn, original)
        if change_sql:
            change_sql(conn, original) if callable(change_sql) else conn.execute(change_sql)
        applied = read_applied_migrations(conn, corpus_db.expected.default_schema)
    return compare_history(folder or original, applied), original


def _named(comparison) -> list[tuple[str, str]]:
    return sorted((f.rule, f.data.get("migration", "")) for f in comparison.findings)


def _linked_copy(source: Path, target: Path, replace: dict[str, str]) -> Path:
    """A migrations folder whose directories link to `source`'s, except those in `replace`
    (name -> new migration.sql text), which are real directories with the new text."""
    target.mkdir()
    for entry in source.iterdir():
        if entry.name in replace:
            (target / entry.name).mkdir()
            (target / entry.name / "migration.sql").write_bytes(replace[entry.name].encode("utf-8"))
        else:
            os.symlink(entry, target / entry.name)
    return target


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_faithfully_recorded_history_agrees(corpus_db):
    comparison, folder = _history(corpus_db)
    assert comparison.findings == []
    assert comparison.compared["migrations"] == len(folder.migrations) > 0


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_unapplied_migrations_are_named(corpus_db):
    folder = _folder(corpus_db.migrations)
    last, middle = folder.migrations[-1].name, folder.migrations[len(folder.migrations) // 2].name
    comparison, _ = _history(corpus_db, lambda conn, f: conn.execute(
        'DELETE FROM "_prisma_migrations" WHERE migration_name = ANY(%s)', [[last, middle]]))
    assert _named(comparison) == sorted({("migration-not-applied", last), ("migration-not-applied", middle)})


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_failed_migration_blocks_deploy(corpus_db):
    last = _folder(corpus_db.migrations).migrations[-1].name
    comparison, _ = _history(corpus_db, lambda conn, f: conn.execute(
        "UPDATE \"_prisma_migrations\" SET finished_at = NULL, logs = 'ERROR: relation exists' "
        "WHERE migration_name = %s", [last]))
    assert _named(comparison) == [("migration-failed", last)]
    assert comparison.findings[0].severity.value == "HIGH" and "relation exists" in comparison.findings[0].data["logs"]


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_rolled_back_migration_is_not_applied(corpus_db):
    first = _folder(corpus_db.migrations).migrations[0].name
    comparison, _ = _history(corpus_db, lambda conn, f: conn.execute(
        'UPDATE "_prisma_migrations" SET finished_at = NULL, rolled_back_at = now() WHERE migration_name = %s', [first]))
    assert _named(comparison) == [("migration-rolled-back", first)]


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_failure_rolled_back_and_fixed_is_not_an_edit(corpus_db):
    """prisma/prisma#16927: the first attempt's checksum is not the one to compare with."""
    migration = _folder(corpus_db.migrations).migrations[-1]

    def fix(conn, folder):
        conn.execute('DELETE FROM "_prisma_migrations" WHERE migration_name = %s', [migration.name])
        record_migration(conn, migration.name, migration_checksum("-- the broken first version"), finished=False,
                         rolled_back=True, offset_s=10_000)
        record_migration(conn, migration.name, migration.checksum, offset_s=10_001)

    comparison, _ = _history(corpus_db, fix)
    assert comparison.findings == []


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_an_applied_migration_edited_on_disk_is_found(corpus_db, tmp_path):
    folder = _folder(corpus_db.migrations)
    edited = folder.migrations[len(folder.migrations) // 2]
    copy = _linked_copy(corpus_db.migrations, tmp_path / "migrations",
                        {edited.name: edited.script + "\n-- a fix made after deploying\n"})
    comparison, _ = _history(corpus_db, folder=read_migrations_folder(copy))
    assert _named(comparison) == [("migration-edited", edited.name)]
    finding = comparison.findings[0]
    assert finding.data["applied_checksum"] == edited.checksum != finding.data["file_checksum"]
    assert finding.location.file.endswith(f"{edited.name}/migration.sql")


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_line_endings_changed_by_git_are_not_an_edit(corpus_db, tmp_path):
    """Prisma's tolerance: a checkout with CRLF line endings matches the LF checksum (and back)."""
    folder = _folder(corpus_db.migrations)
    converted = {m.name: m.script.replace("\r\n", "\n").replace("\n", "\r\n") for m in folder.migrations[:3]}
    copy = _linked_copy(corpus_db.migrations, tmp_path / "migrations", converted)
    comparison, _ = _history(corpus_db, folder=read_migrations_folder(copy))
    assert comparison.findings == []
    assert all(m.checksum != folder.by_name()[m.name].checksum for m in read_migrations_folder(copy).migrations
               if m.name in converted and "\n" in m.script)


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_unpadded_checksums_of_old_engines_still_match(corpus_db):
    """prisma/prisma-engines#1887: old engines wrote each byte without its leading zero."""
    migration = _folder(corpus_db.migrations).migrations[0]
    digest = bytes.fromhex(migration.checksum)
    unpadded = "".join(f"{b:x}" for b in digest)

    def old_engine(conn, folder):
        conn.execute('UPDATE "_prisma_migrations" SET checksum = %s WHERE migration_name = %s', [unpadded, migration.name])

    comparison, _ = _history(corpus_db, old_engine)
    assert comparison.findings == []


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_a_migration_applied_from_another_branch_is_missing_locally(corpus_db):
    folder = _folder(corpus_db.migrations)
    last = folder.migrations[-1].name

    def diverge(conn, f):
        conn.execute('DELETE FROM "_prisma_migrations" WHERE migration_name = %s', [last])
        record_migration(conn, "20991231000000_hotfix_from_another_branch", migration_checksum("SELECT 1;"), offset_s=20_000)
        # a rolled-back attempt of a migration since deleted was never applied: not "missing"
        record_migration(conn, "20991231000001_abandoned", migration_checksum("x"), finished=False, rolled_back=True,
                         offset_s=20_001)

    comparison, _ = _history(corpus_db, diverge)
    assert _named(comparison) == sorted([("migration-missing-locally", "20991231000000_hotfix_from_another_branch"),
                                         ("migration-not-applied", last)])
    common = folder.migrations[-2].name if len(folder.migrations) > 1 else None
    assert any("diverged" in note and (common is None or common in note) for note in comparison.notes)


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_no_migrations_table_is_one_finding(corpus_db):
    comparison, folder = _history(corpus_db, record=False)
    assert [f.rule for f in comparison.findings] == ["migrations-table-missing"]
    assert str(len(folder.migrations)) in comparison.findings[0].message


def test_folder_problems_are_found(tmp_path):
    folder = tmp_path / "migrations"
    (folder / "20240101000000_init").mkdir(parents=True)
    (folder / "20240101000000_init" / "migration.sql").write_text("CREATE TABLE a (id int);\n")
    (folder / "20240102000000_empty").mkdir()
    (folder / "migration_lock.toml").write_text('provider = "mysql"\n')
    (folder / "README.md").write_text("not a migration")
    read = read_migrations_folder(folder)
    assert [m.name for m in read.migrations] == ["20240101000000_init", "20240102000000_empty"]
    comparison = compare_history(read, [])
    rules = sorted((f.rule, f.data.get("migration", "")) for f in comparison.findings)
    assert ("migration-lock-provider-mismatch", "") in rules
    assert ("migration-folder-invalid", "20240102000000_empty") in rules
    assert ("migration-not-applied", "20240101000000_init") in rules


def test_checksum_is_prismas():
    """The value Prisma's engine records (its own unit test: sha256 of "hello", zero-padded)."""
    from tools.drift.checksum import script_matches_checksum

    assert migration_checksum("hello") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    for a, b in (("ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab"), ("ab\ncd\n", "ab\r\ncd\r\n")):
        assert script_matches_checksum(a, migration_checksum(b)) and script_matches_checksum(b, migration_checksum(a))
    assert not script_matches_checksum("abc", migration_checksum("abcd"))
    assert not script_matches_checksum("abc\n", migration_checksum("abc"))
