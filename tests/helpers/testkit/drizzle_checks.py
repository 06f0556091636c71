"""Checks shared by the Drizzle generator's tests: compile, relations, json-type stubs.

- `json_type_stubs(text)`: a `declare global { namespace PrismaJson { ... } }` file declaring every
  `PrismaJson.X` a generated schema names, as `unknown`, standing in for the project's own
  declarations (prisma-json-types-generator's) so that tsc can check the schema itself.
- `relation_problems(files)`: runs drizzle-orm's own relation resolution (`normalizeRelation`, what
  `db.query.x.findMany({ with })` calls) over every relation of a schema with tsx, and returns what
  it refused (an ambiguous relationName, a one() it cannot pair) and how many it resolved.
"""

from __future__ import annotations

import json
import re

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
