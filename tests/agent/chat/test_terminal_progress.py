"""Progress bars of the long commands, as a person sees them in a terminal: `triple-orm index`
(entries embedded) and `triple-orm health` (the check's steps). Off a terminal there is none, so a
script's output stays the result alone.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import psycopg
import pytest

pytestmark = pytest.mark.slow


def test_index_shows_a_bar_on_a_terminal_and_none_in_a_pipe(terminal, project):
    screen = terminal("index", "--embedding", "hashed")
    screen.wait_for(r"indexed (\d+) entries .* with hashed in [\d.]+ s: \1 new")
    assert screen.exit_code() == 0
    assert re.search(r"embedding\s+━+\s*(\d+)/\1", screen.text), "the bar ends full"

    piped = subprocess.run([sys.executable, "-m", "agent.cli", "index", "--json", "--rebuild"], cwd=project,
                           text=True, capture_output=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["embedding"] == "hashed" and "━" not in piped.stderr + piped.stdout


@pytest.mark.postgres
def test_health_shows_its_steps_on_a_terminal(terminal, project, fresh_db):
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    url = fresh_db("termhealth")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(prisma_to_catalog(load_schema(project / "apps/api/prisma/schema.prisma"))))
    screen = terminal("health", "--database-url", url)
    screen.wait_for(r"triple-orm health")
    code = screen.exit_code()
    assert code in (0, 1), screen.text[-2000:]  # healthy, or findings at MEDIUM and above
    for step in ("comparing schema.prisma, the database, the migrations and the generated files",
                 "reading the catalog", "reading the statistics", "checking"):
        assert re.search(rf"health: {re.escape(step)}\s+[━╸╺ ]+\d/5", screen.text), step
