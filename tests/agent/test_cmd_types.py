"""`triple-orm types` as a person runs it: the readable table, --json, the CI formats, exit 1 on
mismatches only, --model, flags over the configuration, and errors with messages and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from testkit.paths import EXAMPLE

DRIZZLE = EXAMPLE / "packages" / "db" / "src" / "drizzle" / "schema.ts"


def triple_orm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "agent.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd or EXAMPLE,
                          env={**os.environ, "NO_COLOR": "1"})


def test_synced_example_passes_with_untyped_json_listed() -> None:
    result = triple_orm("types", "--no-color")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "73 fields compared: 0 mismatch(es), 3 Json field(s) without a declared shape" in out
    assert "json-field-without-shape" in out and "userSettingsSchema" in out
    assert re.search(r"│id\s+│ bigint\s+│ bigint\s+│ string\s+│ note", out)


def test_json_lists_every_field_side_by_side() -> None:
    data = json.loads(triple_orm("types", "--json").stdout)
    assert data["summary"] == {"fields": 73, "mismatches": 0, "json_without_shape": 3}
    row = next(f for f in data["fields"] if (f["model"], f["field"]) == ("Invoice", "issuedOn"))
    assert row["prisma"]["select"] == "Date" and row["drizzle"]["detail"] == {"builder": "date", "mode": "date"}
    assert row["kysely"]["select"] == "Date" and row["kysely"]["insert"] == "Date | string | undefined"


def test_a_hand_edited_drizzle_file_fails_with_the_mismatch(tmp_path: Path) -> None:
    edited = tmp_path / "schema.ts"
    edited.write_text(DRIZZLE.read_text().replace('bigserial({ mode: "bigint" })', 'bigserial({ mode: "number" })'))
    result = triple_orm("types", "--drizzle", str(edited), "--model", "BehaviorLog", "--no-color")
    assert result.returncode == 1
    assert "types-disagree" in result.stdout and "BehaviorLog.id: Prisma Client reads `bigint`" in result.stdout
    sarif = json.loads(triple_orm("types", "--drizzle", str(edited), "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results if r["ruleId"] != "json-field-without-shape"] == ["types-disagree"]


def test_errors_have_messages_and_exit_codes(tmp_path: Path) -> None:
    missing = triple_orm("types", "--kysely", "nope.ts")
    assert missing.returncode == 66 and "nope.ts: no such file" in missing.stderr
    unknown = triple_orm("types", "--model", "Nobody")
    assert unknown.returncode == 64 and "no model called `Nobody`" in unknown.stderr
    (tmp_path / "schema.prisma").write_text((EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma").read_text())
    (tmp_path / "triple-orm.toml").write_text('schema = "schema.prisma"\n')
    nothing = triple_orm("types", cwd=tmp_path)
    assert nothing.returncode == 64 and "no Drizzle or Kysely file" in nothing.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr + nothing.stderr
