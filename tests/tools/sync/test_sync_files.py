"""plan_sync / check_sync / write_sync: stale detection, hand-edit protection, atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from testkit.paths import EXAMPLE
from tools.errors import ExitCode, WriteError
from tools.prisma import load_schema
from tools.sync import GeneratedFileEdited, PlannedFile, SyncPlan, check_sync, plan_sync, write_sync
from tools.sync.stamp import content_hash, file_state, recorded_hash, stamped

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"


@pytest.fixture(scope="module")
def schema():
    return load_schema(SCHEMA)


def two_file_plan(folder: Path, first: str = "first", second: str = "second") -> SyncPlan:
    """A plan of two files (the writer does not care which generator made them)."""
    files = [PlannedFile("drizzle", folder / "a" / "schema.ts", stamped(f"// header\nexport const a = '{first}';\n")),
             PlannedFile("kysely", folder / "b" / "types.ts", stamped(f"// header\nexport type B = '{second}';\n"))]
    for planned in files:
        planned.current = planned.path.read_text() if planned.path.exists() else None
    return SyncPlan("schema.prisma", files)


# -- the stamp ---------------------------------------------------------------------------------------
def test_the_stamp_follows_the_header_and_holds_the_hash_of_the_rest():
    text = stamped("// one\n// two\n\nexport type A = 1;\n")
    lines = text.splitlines()
    assert lines[:2] == ["// one", "// two"] and lines[2].startswith("// triple-orm-sync: content-hash ")
    assert recorded_hash(text) == content_hash(text) == content_hash("// one\n// two\n\nexport type A = 1;\n")
    assert stamped(text) == text  # stamping twice changes nothing


def test_states_tell_our_untouched_output_from_edits_and_from_foreign_files():
    new = stamped("// h\nexport type A = 1;\n")
    old_ours = stamped("// h\nexport type A = 0;\n")
    assert file_state(None, new) == "missing"
    assert file_state(new, new) == "current"
    assert file_state(old_ours, new) == "stale"
    assert file_state(old_ours.replace("= 0", "= 2"), new) == "edited"
    assert file_state("export type A = 0;\n", new) == "foreign"


def test_formatting_by_the_projects_own_prettier_is_not_an_edit():
    new = stamped('// h\nexport interface A {\n  b: "x" | "y";\n  c: string;\n}\n')
    reformatted = new.replace('"', "'").replace(";\n", "\n").replace("  ", "\t")
    assert file_state(reformatted, new) == "current"
    assert file_state(reformatted.replace("c: string", "c: number"), new) == "edited"


# -- plan and check ----------------------------------------------------------------------------------
def test_check_reports_a_missing_file_then_nothing_after_writing(schema, tmp_path):
    out = tmp_path / "db" / "types.ts"
    plan = plan_sync(schema, kysely_out=out, source="apps/api/prisma/schema.prisma")
    [stale] = check_sync(plan, cwd=tmp_path)
    assert stale.state == "missing" and stale.diff.startswith("--- /dev/null\n+++ b/db/types.ts\n")
    result = write_sync(plan)
    assert [f.path for f in result.written] == [out]
    assert check_sync(plan_sync(schema, kysely_out=out, source="apps/api/prisma/schema.prisma")) == []
    assert "apps/api/prisma/schema.prisma describes." in out.read_text().splitlines()[0]


def test_a_stale_file_gets_a_unified_diff_of_the_change(schema, tmp_path):
    out = tmp_path / "types.ts"
    write_sync(plan_sync(schema, kysely_out=out, source="s"))
    old = out.read_text().replace("  name: string;\n}", "  name: string;\n  gone: number;\n}", 1)
    out.write_text(stamped(old))  # as an older sync would have written it
    [stale] = check_sync(plan_sync(schema, kysely_out=out, source="s"), cwd=tmp_path)
    assert stale.state == "stale"
    assert "\n-  gone: number;\n" in stale.diff and stale.diff.startswith("--- a/types.ts\n+++ b/types.ts\n")


def test_sync_is_idempotent(schema, tmp_path):
    out = tmp_path / "types.ts"
    write_sync(plan_sync(schema, kysely_out=out, source="s"))
    first = out.read_text()
    result = write_sync(plan_sync(schema, kysely_out=out, source="s"))
    assert result.written == [] and out.read_text() == first


# -- hand edits --------------------------------------------------------------------------------------
def test_a_hand_edited_file_is_not_overwritten_without_force(schema, tmp_path):
    out = tmp_path / "types.ts"
    write_sync(plan_sync(schema, kysely_out=out, source="s"))
    edited = out.read_text().replace("  name: string;", "  name: string; // kept by hand", 1).replace("slug: string", "slug: `${string}-x`")
    out.write_text(edited)
    plan = plan_sync(schema, kysely_out=out, source="s.prisma")  # the header changes: a write is due
    with pytest.raises(GeneratedFileEdited) as refused:
        write_sync(plan, cwd=tmp_path)
    assert refused.value.exit_code == ExitCode.CANNOT_WRITE
    assert "types.ts was edited by hand" in refused.value.message and "--force" in refused.value.help
    assert out.read_text() == edited  # nothing lost
    result = write_sync(plan, force=True)
    assert [f.path for f in result.overwritten_edits] == [out] and "kept by hand" not in out.read_text()


def test_a_file_triple_orm_did_not_write_is_not_overwritten(schema, tmp_path):
    out = tmp_path / "types.ts"
    out.write_text("// written by prisma-kysely\nexport type DB = {};\n")
    with pytest.raises(GeneratedFileEdited, match="not written by triple-orm"):
        write_sync(plan_sync(schema, kysely_out=out, source="s"))
    assert out.read_text().startswith("// written by prisma-kysely")


# -- atomic writes -----------------------------------------------------------------------------------
def test_all_files_are_written_and_keep_their_mode(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "types.ts").write_text(stamped("// header\nexport type B = 'old';\n"))
    os.chmod(tmp_path / "b" / "types.ts", 0o640)
    write_sync(two_file_plan(tmp_path))
    assert "'first'" in (tmp_path / "a" / "schema.ts").read_text()
    assert "'second'" in (tmp_path / "b" / "types.ts").read_text()
    assert stat.S_IMODE((tmp_path / "b" / "types.ts").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "schema.ts", "types.ts"]  # no temp files


def test_a_failure_writing_the_second_file_writes_nothing(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "schema.ts").write_text(before := stamped("// header\nexport const a = 'old';\n"))
    real_mkstemp, calls = __import__("tempfile").mkstemp, []

    def failing_mkstemp(*args, **kwargs):
        calls.append(kwargs.get("dir"))
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(tmp_path / "b" / "types.ts"))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr("tools.sync.writer.tempfile.mkstemp", failing_mkstemp)
    with pytest.raises(WriteError, match="No space left on device.*nothing was written"):
        write_sync(two_file_plan(tmp_path))
    assert (tmp_path / "a" / "schema.ts").read_text() == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "schema.ts"]  # folder b removed again


def test_a_failure_replacing_the_second_file_restores_the_first(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "schema.ts").write_text(before := stamped("// header\nexport const a = 'old';\n"))
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr("tools.sync.writer.os.replace", failing_replace)
    with pytest.raises(WriteError, match="Permission denied.*nothing was changed"):
        write_sync(two_file_plan(tmp_path))
    assert (tmp_path / "a" / "schema.ts").read_text() == before  # put back after it was replaced
    assert not (tmp_path / "b" / "types.ts").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "schema.ts"]


def test_an_output_path_that_is_a_folder_is_a_clear_error(schema, tmp_path):
    with pytest.raises(WriteError, match="is a folder"):
        plan_sync(schema, kysely_out=tmp_path, source="s")


# -- both generators -----------------------------------------------------------------------------------
def test_both_files_of_a_real_plan_or_neither(schema, tmp_path, monkeypatch):
    drizzle, kysely = tmp_path / "drizzle" / "schema.ts", tmp_path / "kysely" / "types.ts"
    plan = plan_sync(schema, drizzle, kysely, source="s")
    assert [f.kind for f in plan.files] == ["drizzle", "kysely"]
    assert all(recorded_hash(f.content) for f in plan.files)  # both stamped
    real_replace = os.replace

    def second_fails(src, dst):
        if Path(dst) == kysely:
            raise OSError(5, "Input/output error", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr("tools.sync.writer.os.replace", second_fails)
    with pytest.raises(WriteError, match="Input/output error"):
        write_sync(plan)
    assert not drizzle.exists() and not kysely.exists() and list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    write_sync(plan_sync(schema, drizzle, kysely, source="s"))
    assert "pgTable(" in drizzle.read_text() and "export interface DB {" in kysely.read_text()
    assert check_sync(plan_sync(schema, drizzle, kysely, source="s")) == []


def test_an_error_in_a_generator_writes_nothing(schema, tmp_path, monkeypatch):
    drizzle, kysely = tmp_path / "schema.ts", tmp_path / "types.ts"

    def broken(*args, **kwargs):
        raise RuntimeError("generator bug")

    monkeypatch.setattr("tools.sync.kysely.build_kysely", broken)
    with pytest.raises(RuntimeError, match="generator bug"):
        plan_sync(schema, drizzle, kysely, source="s")  # the Drizzle file was generated first, in memory
    assert list(tmp_path.iterdir()) == []
