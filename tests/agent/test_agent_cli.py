"""`triple-orm ask`, `chat` and `index` as a person runs them, on a copy of the example project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from testkit.paths import copy_example


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def triple_orm(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    return subprocess.run([sys.executable, "-m", "agent.cli", *args], cwd=project, input=stdin, text=True,
                          capture_output=True, env=env, timeout=300)


def test_ask_json_gives_route_facts_and_answer(project):
    done = triple_orm(project, "ask", "bảng nào tham chiếu tới User?", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["route"] == "schema_question" and out["answer_source"] == "template"
    assert out["facts"]["kind"] == "relations" and out["answer"].startswith("Có 7 quan hệ tham chiếu tới User")
    assert done.stderr.count("offline mode") == 1  # said once


def test_offline_lint_never_imports_the_llm_stack(project):
    code = ("import sys; from agent.cli import main; code = main(['ask', '/lint']); "
            "heavy = sorted(m for m in ('langgraph', 'langchain_core', 'langchain_openai', 'chromadb', 'openai') if m in sys.modules); "
            "print('HEAVY', heavy); sys.exit(code)")
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(("The most serious finding is", "BLOCKED"))
    assert "HEAVY []" in done.stdout


def test_ask_reports_a_broken_schema_with_its_exit_code(project):
    (project / "apps/api/prisma/schema.prisma").write_text("model X {\n  id Int @id\n}\n")
    done = triple_orm(project, "ask", "columns of X")
    assert done.returncode == 65 and "schema.prisma:1:1" in done.stdout


def test_index_is_incremental(project):
    first = json.loads(triple_orm(project, "index", "--embedding", "hashed", "--json").stdout)
    second = json.loads(triple_orm(project, "index", "--json").stdout)  # remembers the embedding
    assert first["added"] == first["total"] > 20 and second["unchanged"] == second["total"] == first["total"]
    assert second["embedding"] == "hashed"
    done = triple_orm(project, "ask", "where is metadata validated?")
    assert "apps/api/src/schemas/lesson-metadata.ts:4" in done.stdout


def test_chat_keeps_and_resumes_a_thread(project):
    done = triple_orm(project, "chat", "--no-color", "--thread", "demo", stdin="lint the latest migration\n/thread\n")
    assert done.returncode == 0, done.stderr
    assert "thread demo" in done.stdout and "ban-drop-column" in done.stdout
    resumed = triple_orm(project, "chat", "--no-color", "--thread", "demo", stdin="tại sao nó nghiêm trọng?\n")
    assert "(resumed)" in resumed.stdout
    # answered in Vietnamese from the thread's lint facts (whatever the worst severity is)
    assert "Lý do (Why):" in resumed.stdout and "ban-drop-column" in resumed.stdout
    threads = triple_orm(project, "chat", "--threads")
    assert "demo" in threads.stdout.split()


def test_chat_writes_generated_files_only_after_confirmation(project):
    drizzle = project / "packages/db/src/drizzle/schema.ts"
    for generated in (drizzle, project / "packages/db/src/kysely/types.ts"):
        generated.unlink()  # the example commits them; start from a project that has none yet
    refused = triple_orm(project, "chat", "--no-color", stdin="/write\nn\n")
    assert "nothing written" in refused.stdout and not drizzle.exists()
    accepted = triple_orm(project, "chat", "--no-color", stdin="/write\ny\n")
    assert "wrote packages/db/src/drizzle/schema.ts" in accepted.stdout and drizzle.is_file()


def test_ask_json_carries_route_facts_and_answer_for_scripts(project):
    done = triple_orm(project, "ask", "/lint", "--json")
    assert done.returncode == 0, done.stderr  # findings are the answer, not a failure of `ask`
    out = json.loads(done.stdout)  # stdout is exactly one JSON object; notes went to stderr
    assert {"route", "route_source", "decision", "facts", "answer", "answer_source", "notes", "usage", "grounding",
            "thread"} <= set(out)
    assert (out["route"], out["route_source"], out["facts"]["kind"]) == ("migration_validator", "slash", "lint")
    rules = {f["rule"] for f in out["facts"]["findings"]}
    assert "ban-drop-column" in rules and all(f["location"]["file"].endswith("migration.sql") for f in out["facts"]["findings"])
    # the answer is built from those facts: its verdict names the worst severity the facts hold
    assert out["answer"].startswith(f"The most serious finding is {out['facts']['summary']['worst']}.")
    assert "offline mode" in done.stderr and "offline mode" not in done.stdout


@pytest.mark.parametrize(("args", "code", "said"), [
    (("ask", "/lint apps/api/prisma/migrations/nope/migration.sql"), 66, "does not exist"),
    (("ask", "which tables reference User?", "--schema", "nope.prisma"), 66, "does not exist"),
    (("ask",), 64, "required: QUESTION"),
    (("ask", "/lint", "--format", "xml"), 64, "invalid choice"),
    (("ask", "/lint", "--require-model"), 69, "no model is configured"),
])
def test_ask_exit_codes(project, args, code, said):
    done = triple_orm(project, *args)
    assert done.returncode == code, done.stdout + done.stderr
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_ask_require_model_when_the_model_cannot_be_reached(project):
    import socket

    with socket.socket() as s:  # a local port nobody listens on: the model's server is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TRIPLE_ORM_"))}
    env.update(OPENAI_API_KEY="test-key", OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", TRIPLE_ORM_LLM_TIMEOUT="30")
    done = subprocess.run([sys.executable, "-m", "agent.cli", "ask", "which tables reference User?", "--json", "--require-model"],
                          cwd=project, text=True, capture_output=True, env=env, timeout=300)
    assert done.returncode == 69, done.stderr
    out = json.loads(done.stdout)  # the answer from the facts is still given
    assert out["answer_source"] == "template" and out["facts"]["kind"] == "relations"
    assert "the model could not be used" in done.stderr


@pytest.mark.parametrize(("command", "said"), [
    ("chat", ["/health", "/index", "chat_history", "Ctrl-C", "Exit codes: 0", "130"]),
    ("ask", ["--json", "route_source", "--require-model", "Exit codes: 0", "66 missing input", "69"]),
])
def test_help_of_chat_and_ask_is_their_documentation(project, command, said):
    done = triple_orm(project, command, "--help")
    assert done.returncode == 0
    for text in said:
        assert text in done.stdout, text


def test_a_health_question_in_words_reads_the_projects_thresholds(project):
    # the free-text route and `/health` both use [tool.triple-orm.health]: a bad threshold is
    # reported before any connection is tried (the URL points at nothing)
    config = project / "triple-orm.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[health]\nsequence-warn = "most"\n', encoding="utf-8")
    env_url = "postgresql://nobody@127.0.0.1:1/none"
    result = subprocess.run([sys.executable, "-m", "agent.cli", "ask", "check the database health", "--json"], cwd=project,
                            text=True, capture_output=True, timeout=300,
                            env={**{k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}, "DATABASE_URL": env_url})
    said = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}
    assert said.get("route") == "drift_health", result.stdout + result.stderr
    assert "thresholds must be numbers" in said.get("answer", "")
