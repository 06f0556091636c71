"""The files GitHub and pre-commit read at the repository's root: `action.yml` (a composite action
that runs `triple-orm review`) and `.pre-commit-hooks.yaml` (`lint` on migration SQL, `sync --check`
on .prisma files).

Each is parsed as its host parses it (YAML, the keys the host requires) and its command is run as the
host would run it: the action's review step through bash against conftest.FakeGitHub (a local HTTP
server that stands in for GitHub), each hook's entry on the example project with the files
pre-commit would pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from testkit.paths import EXAMPLE, REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
BIN = Path(sys.executable).parent  # the triple-orm script of this environment
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"


def test_action_is_a_composite_action_whose_expressions_name_its_inputs() -> None:
    assert {"name", "description", "runs"} <= set(ACTION) and ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert all(step["shell"] == "bash" for step in steps if "run" in step)  # composite run steps must name a shell
    used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", (REPO / "action.yml").read_text()))
    assert used == set(ACTION["inputs"])  # no input unused, none misspelt
    install = steps[1]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}" and '"$ACTION_PATH"' in install["run"]
    assert "${{" not in steps[2]["run"]  # inputs arrive as environment variables, never pasted into the script


def run_action_step(cwd: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess:
    """The action's review step, as the runner runs it: bash, its env with the inputs filled in."""
    step = ACTION["runs"]["steps"][2]
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for name, expression in step["env"].items():
        found = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", expression)
        env[name] = values[found[1]] if found else expression
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_action_review_step_posts_to_the_pull_request(github, project: Path) -> None:
    lines = (project / RISKY_PATH).read_text().splitlines()
    github.files = [{"filename": RISKY_PATH, "status": "added",
                     "patch": f"@@ -0,0 +1,{len(lines)} @@\n" + "\n".join("+" + line for line in lines)}]
    done = run_action_step(project, {"github-token": github.token, "drift": "off", "fail-on": "CRITICAL"})
    assert done.returncode == 0, done.stderr  # HIGH findings, failing only at CRITICAL
    assert "::error file=" in done.stdout and "title=HIGH ban-drop-column" in done.stdout  # --format github
    assert len(github.issue_comments) == 1 and github.review_comments
    assert all(r.authorization == f"Bearer {github.token}" for r in github.requests)
    failing = run_action_step(project, {"github-token": github.token, "drift": "off", "dry-run": "true"})
    assert failing.returncode == 1 and "dry run: nothing was posted" in failing.stderr
    assert len(github.issue_comments) == 1  # nothing more posted


def test_action_passes_the_name_of_the_live_databases_variable_never_its_value(github, project: Path, monkeypatch) -> None:
    """The workflow sets STAGING_DATABASE_URL from a secret in the step's env; the input names it."""
    lines = (project / RISKY_PATH).read_text().splitlines()
    github.files = [{"filename": RISKY_PATH, "status": "added",
                     "patch": f"@@ -0,0 +1,{len(lines)} @@\n" + "\n".join("+" + line for line in lines)}]
    monkeypatch.delenv("STAGING_DATABASE_URL", raising=False)
    inputs = {"github-token": github.token, "drift": "live", "database-url-env": "STAGING_DATABASE_URL"}
    unset = run_action_step(project, inputs)
    assert unset.returncode == 64 and "--drift live needs the live database's URL in $STAGING_DATABASE_URL" in unset.stderr
    assert github.requests == []
    monkeypatch.setenv("STAGING_DATABASE_URL", "postgresql://deploy:Act10n-s3cret@127.0.0.1:1/staging")
    unreachable = run_action_step(project, inputs | {"drift": "files"})
    assert unreachable.returncode == 2, unreachable.stderr  # the live check could not run
    summary = github.issue_comments[0]["body"]
    assert "❌ could not check the live database: cannot connect to postgresql://deploy:***@127.0.0.1:1/staging" in summary
    assert "Act10n-s3cret" not in unreachable.stdout + unreachable.stderr + summary


def test_hooks_are_what_pre_commit_requires() -> None:
    assert isinstance(HOOKS, list) and [h["id"] for h in HOOKS] == ["triple-orm-lint", "triple-orm-sync-check"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        re.compile(hook["files"])  # pre-commit matches paths with Python's re.search
    lint, sync = HOOKS
    assert re.search(lint["files"], "prisma/migrations/20240101000000_init/migration.sql")
    assert not re.search(lint["files"], "src/queries/report.sql") and not re.search(lint["files"], "schema.prisma")
    assert re.search(sync["files"], "apps/api/prisma/schema.prisma") and sync["pass_filenames"] is False


def run_hook(hook: dict, cwd: Path) -> subprocess.CompletedProcess:
    """The hook's entry with the files pre-commit would pass (every tracked path matching `files`)."""
    files = sorted(p.relative_to(cwd).as_posix() for p in cwd.rglob("*") if p.is_file()
                   and "node_modules" not in p.parts and re.search(hook["files"], p.relative_to(cwd).as_posix()))
    command = hook["entry"].split() + ([] if hook.get("pass_filenames") is False else files)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_hooks_run_on_the_example(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRIPLE_ORM_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "edfinance"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("node_modules"))
    lint, sync = HOOKS
    linted = run_hook(lint, project)
    assert linted.returncode in (0, 1), linted.stderr  # findings or none, not a usage error
    assert "20261103091200_behavior_logs_session_id/migration.sql" in linted.stdout
    assert run_hook(sync, project).returncode == 0  # the committed generated files are current
    schema = project / "apps/api/prisma/schema.prisma"
    schema.write_text(schema.read_text().replace("  videoUrl    String?\n", "  videoUrl    String?\n  subtitle    String?\n"))
    stale = run_hook(sync, project)
    assert stale.returncode == 1 and "+  subtitle: string | null;" in stale.stdout
