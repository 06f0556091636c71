"""The bundled example project (examples/edfinance) is what it claims to be.

Its migrations, applied in order to a real PostgreSQL, build exactly the database that Prisma's own
engine derives from its schema.prisma (Prisma would report no drift), it keeps exercising the
features the demo relies on, and its last migration really is the hazard the linter demo flags.
"""

from __future__ import annotations

import re
import tomllib

import psycopg
import pytest

from testkit.oracle import prisma_ddl
from testkit.paths import EXAMPLE
from tools.catalog.introspect import read_catalog
from tools.database.prepare import apply_ddl

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
MIGRATIONS = EXAMPLE / "apps" / "api" / "prisma" / "migrations"


def migration_folders() -> list:
    return sorted(p for p in MIGRATIONS.iterdir() if p.is_dir())


def test_project_layout_is_the_one_prisma_and_the_configuration_expect():
    lock = tomllib.loads((MIGRATIONS / "migration_lock.toml").read_text())
    assert lock == {"provider": "postgresql"}
    folders = migration_folders()
    assert len(folders) == 4
    assert all(re.fullmatch(r"\d{14}_[a-z0-9_]+", f.name) and (f / "migration.sql").is_file() for f in folders)
    config = tomllib.loads((EXAMPLE / "triple-orm.toml").read_text())
    assert (EXAMPLE / config["schema"]).resolve() == SCHEMA.resolve()
    assert (EXAMPLE / config["migrations"]).resolve() == MIGRATIONS.resolve()
    assert '"sync-triple-orm": "triple-orm sync"' in (EXAMPLE / "package.json").read_text()


def _apply_migrations(url: str, folders: list) -> None:
    with psycopg.connect(url) as conn:  # one transaction per migration, as `prisma migrate deploy`
        for folder in folders:
            conn.execute((folder / "migration.sql").read_text())
            conn.commit()


def _comparable(url: str) -> dict:
    """The catalog as a dict, columns sorted by name: Prisma's drift check ignores column order."""
    catalog = read_catalog(url).to_dict()
    for table in catalog["tables"]:
        table["columns"].sort(key=lambda column: column["name"])
    catalog["tables"].sort(key=lambda table: (table["schema"], table["name"]))
    catalog["extensions"] = sorted(e["name"] for e in catalog["extensions"])
    return catalog


@pytest.mark.postgres
@pytest.mark.node
def test_migrations_build_exactly_the_schema(fresh_db, pg_server):
    migrated = fresh_db("edf_migrated")
    _apply_migrations(migrated, migration_folders())
    expected = fresh_db("edf_schema")
    apply_ddl(expected, prisma_ddl(SCHEMA, pg_server.url()))
    got, want = _comparable(migrated), _comparable(expected)
    assert got["tables"] == want["tables"]
    assert got["enums"] == want["enums"]
    assert got["extensions"] == want["extensions"] == ["citext", "plpgsql", "vector"]


@pytest.mark.postgres
@pytest.mark.node
def test_schema_keeps_the_features_the_demo_relies_on(fresh_db, pg_server):
    url = fresh_db("edf_features")
    apply_ddl(url, prisma_ddl(SCHEMA, pg_server.url()))
    catalog = read_catalog(url)
    assert catalog.table("_CourseToTag") is not None  # implicit many-to-many
    assert catalog.table("Enrollment").primary_key.columns == ["userId", "courseId"]
    assert catalog.table("Lesson").column("embedding").type == "vector(1536)"
    assert catalog.table("users").column("email").type == "citext"
    assert catalog.enums["public.Role"].values[-1] == "finance_officer"  # an @map'ped enum value
    gin = [i for i in catalog.table("behavior_logs").indexes if i.method == "gin"]
    assert [c.opclass for i in gin for c in i.columns] == ["jsonb_path_ops"]
    issuer_fks = {fk.name for fk in catalog.table("invoices").foreign_keys if fk.ref_table == "users"}
    assert issuer_fks == {"invoices_user_id_fkey", "invoices_issued_by_id_fkey"}  # two relations, same models


@pytest.mark.postgres
def test_last_migration_fails_on_a_behaviour_log_that_has_rows(fresh_db):
    """The linter demo's hazard is real: NOT NULL without a default on a non-empty table fails."""
    url = fresh_db("edf_hazard")
    *earlier, last = migration_folders()
    _apply_migrations(url, earlier)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO locales (code, name) VALUES ('vi-VN', 'Tiếng Việt')")
        conn.execute("INSERT INTO users (id, email, full_name, updated_at) VALUES "
                     "('6f1c2d9e-0000-4000-8000-000000000001', 'an@example.vn', 'Nguyễn An', now())")
        conn.execute("INSERT INTO behavior_logs (user_id, event_type) VALUES "
                     "('6f1c2d9e-0000-4000-8000-000000000001', 'video_play')")
    with pytest.raises(psycopg.errors.NotNullViolation, match="session_id"):
        _apply_migrations(url, [last])
