"""`advise --scan`: the example project's queries that belong in another ORM (and nothing else),
drizzle-kit migrations in package scripts and CI files, and generated files edited by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from testkit.paths import EXAMPLE
from tools.advise.names import OrmNames
from tools.advise.scan import infer_clients, scan_project
from tools.findings import Severity


def test_the_example_project(example_schema) -> None:
    report = scan_project(EXAMPLE, example_schema, display_base=EXAMPLE)
    got = [(f.rule, f.severity, f.location.file, f.location.line) for f in report.findings]
    assert got == [
        ("prefer-kysely-for-deep-include", Severity.MEDIUM, "apps/api/src/routes/courses.ts", 36),
        ("prefer-drizzle-for-per-row-writes", Severity.HIGH, "apps/api/src/routes/tracking.ts", 26),
        ("prefer-kysely-for-complex-joins", Severity.MEDIUM, "apps/api/src/services/analytics.ts", 16),
    ]
    sources = [p for p in EXAMPLE.rglob("*.ts") if not p.name.endswith(".d.ts") and "node_modules" not in p.parts]
    assert report.files == len(sources) and len(report.queries) == 11
    loop = report.findings[1]
    rewrite = loop.data["rewrite"]["code"]
    assert ".insert(behaviorLog)" in rewrite and "batch.events.map((event) =>" in rewrite
    raw = report.findings[2].data["rewrite"]["code"]
    assert '.innerJoin("users as u", "u.id", "b.user_id")' in raw and "now() AT TIME ZONE" in raw
    assert "eb.fn.count<string>(\"b.user_id\").distinct()" in raw
    # the queries already in the right ORM are listed without a finding
    assert sum(1 for q in report.queries if not q.get("finding")) == 8


def test_the_project_s_own_client_names_are_used(example_schema) -> None:
    clients = infer_clients(EXAMPLE)
    assert clients == {"drizzle": "db", "kysely": "kysely", "prisma": "prisma"}
    names = OrmNames(example_schema)
    names.clients.update(clients)
    report = scan_project(EXAMPLE / "apps" / "api" / "src", example_schema, names=names)
    assert any(f.data["rewrite"]["code"].startswith("await kysely") for f in report.findings if f.data.get("rewrite"))


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_drizzle_kit_in_scripts_and_ci(tmp_path: Path, example_schema) -> None:
    root = project(tmp_path, {
        "package.json": json.dumps({"scripts": {"db:push": "drizzle-kit push --force", "studio": "drizzle-kit studio",
                                                "build": "tsc"}}, indent=2),
        "packages/db/package.json": json.dumps({"scripts": {"gen": "drizzle-kit generate && echo done"}}),
        ".github/workflows/deploy.yml": "jobs:\n  deploy:\n    steps:\n      # drizzle-kit push was here\n"
                                        "      - run: npx drizzle-kit migrate\n",
        "node_modules/x/package.json": json.dumps({"scripts": {"p": "drizzle-kit push"}}),
    })
    report = scan_project(root, example_schema, display_base=root)
    got = sorted((f.location.file, f.location.line, f.severity, f.data["command"]) for f in report.findings)
    assert got == [
        (".github/workflows/deploy.yml", 5, Severity.HIGH, "drizzle-kit migrate"),
        ("package.json", 3, Severity.HIGH, "drizzle-kit push"),
        ("packages/db/package.json", 1, Severity.MEDIUM, "drizzle-kit generate"),
    ]
    assert all(f.rule == "ban-drizzle-kit-migrations" and "prisma migrate dev" in f.help for f in report.findings)


def test_generated_file_edited_by_hand(tmp_path: Path, example_schema) -> None:
    from tools.sync import plan_sync

    plan = plan_sync(example_schema, tmp_path / "db" / "schema.ts", tmp_path / "db" / "types.ts")
    drizzle, kysely = (f.content for f in plan.files)
    root = project(tmp_path, {"db/schema.ts": drizzle.replace('varchar({ length: 64 })', 'varchar({ length: 80 })'),
                              "db/types.ts": kysely.replace("\n\n", "\n")})  # reformatted only: not an edit
    report = scan_project(root, example_schema, display_base=root)
    assert [(f.rule, f.location.file) for f in report.findings] == [("hand-edited-generated-file", "db/schema.ts")]


def test_a_clean_project_has_no_findings(tmp_path: Path, example_schema) -> None:
    root = project(tmp_path, {
        "src/a.ts": 'await prisma.user.findUnique({ where: { id } });\n'
                    'await db.insert(behaviorLog).values(rows.map((r) => ({ ...r })));\n'
                    'await kysely.selectFrom("payments as p").innerJoin("invoices as i", "i.id", "p.invoice_id")'
                    '.innerJoin("users as u", "u.id", "i.user_id").selectAll().execute();\n',
        "package.json": json.dumps({"scripts": {"db:migrate": "prisma migrate dev"}}),
    })
    report = scan_project(root, example_schema, display_base=root)
    assert report.findings == [] and len(report.queries) == 3


def test_files_outside_the_sources_are_skipped(tmp_path: Path, example_schema) -> None:
    shutil.copytree(EXAMPLE / "apps" / "api" / "src" / "routes", tmp_path / "dist")
    shutil.copytree(EXAMPLE / "apps" / "api" / "src" / "routes", tmp_path / "node_modules" / "x")
    (tmp_path / "types.d.ts").write_text("declare const x: number;\n")
    assert scan_project(tmp_path, example_schema).files == 0
