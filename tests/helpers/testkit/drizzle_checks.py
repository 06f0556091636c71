"""Checks shared by the Drizzle generator's tests: compile, relations, json-type stubs.

- `json_type_stubs(text)`: a `declare global { namespace PrismaJson { ... } }` file declaring every
  `PrismaJson.X` a generated schema names, as `unknown`, standing in for the project's own
  declarations (prisma-json-types-generator's) so that tsc can check the schema itself.
- `relation_problems(files)`: runs drizzle-orm's own relation resolution (`normalizeRelation`, what
  `db.query.x.findMany({ with })` calls) over every relation of a schema with tsx, and returns what
  it refused (an ambiguous relationName, a one() it cannot pair) and how many it resolved.
- `run_with_drizzle_next(files, "tsc" | "tsx main.ts")`: the same toolchain against drizzle-orm 1.0
  (tests/toolchain/drizzle-next), for the `relations: "v2"` output (`defineRelations`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from testkit.toolchain import run_tsx

NORMALIZE_RELATIONS = """\
import { createTableRelationsHelpers, extractTablesRelationalConfig, normalizeRelation } from "drizzle-orm";
import * as schema from "./schema.ts";

const { tables, tableNamesMap } = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
let resolved = 0;
const problems: string[] = [];
for (const [tableName, config] of Object.entries(tables)) {
  for (const [name, relation] of Object.entries(config.relations)) {
    try {
      const pair = normalizeRelation(tables, tableNamesMap, relation);
      if (!pair.fields?.length || pair.fields.length !== pair.references.length) {
        problems.push(`${tableName}.${name}: no columns to join on`);
      }
      resolved++;
    } catch (error) {
      problems.push(`${tableName}.${name}: ${(error as Error).message}`);
    }
  }
}
console.log(JSON.stringify({ resolved, problems }));
"""


def json_type_stubs(text: str, namespace: str = "PrismaJson") -> str:
    names = sorted(set(re.findall(rf"\b{namespace}\.(\w+)", text)))
    members = "".join(f"    type {name} = unknown;\n" for name in names)
    return f"declare global {{\n  namespace {namespace} {{\n{members}  }}\n}}\nexport {{}};\n"


def relation_problems(files: dict[str, str]) -> tuple[int, list[str]]:
    """(relations resolved, problems) for the schema in files["schema.ts"]."""
    result = run_tsx(NORMALIZE_RELATIONS, files=files)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["resolved"], report["problems"]


# -- drizzle-orm 1.0 (release candidate), for the `relations: "v2"` output --------------------------

DRIZZLE_NEXT = "drizzle-next"  # tests/toolchain/drizzle-next: drizzle-orm 1.0.0-rc.5, pg, @types/node


def ensure_drizzle_next() -> Path:
    """The folder whose node_modules holds drizzle-orm 1.0 (installed once per lockfile, like the toolchain)."""
    from testkit.paths import CACHE
    from testkit.toolchain import SOURCE, _installed

    return _installed(SOURCE / DRIZZLE_NEXT, CACHE / "toolchain-drizzle-next")


def run_with_drizzle_next(files: dict[str, str], command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Stage `files` beside drizzle-orm 1.0 and run "tsc" (strict, the toolchain's TypeScript) or
    "tsx main.ts" there, so that `import … from "drizzle-orm"` is 1.0's."""
    from testkit.toolchain import TSCONFIG, bin_path

    root = ensure_drizzle_next() / "work"
    root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix="stage-") as scratch:
        folder = Path(scratch)
        for name, text in {**files, "package.json": '{ "type": "module" }\n'}.items():
            (folder / name).write_text(text)
        if command == "tsc":
            sources = sorted(n for n in files if n.endswith(".ts"))
            config = {"compilerOptions": {**TSCONFIG, "strict": True}, "files": sources}
            (folder / "tsconfig.json").write_text(json.dumps(config))
            args = [str(bin_path("tsc")), "-p", "tsconfig.json"]
        else:
            args = [str(bin_path("tsx")), *command.split()[1:]]
        return subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NO_COLOR": "1", **(env or {})}, stdin=subprocess.DEVNULL)
