"""`triple-orm ask` with a model: the JSON a script reads (route, facts, the model's answer and its
token use), and the answer streamed when a person runs it in a terminal.

The model is `FakeLLM` (conftest), a local HTTP server standing in for a hosted LLM.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_ask_json_with_a_model(project, fake_llm):
    fake_llm.say("Seven relations point at User, each listed in the facts.")
    done = subprocess.run([sys.executable, "-m", "agent.cli", "ask", "which tables reference User?", "--json",
                           "--require-model"], cwd=project, env=fake_llm.env(), text=True, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["route"], out["route_source"]) == ("schema_question", "keywords")
    assert out["answer_source"] == "llm" and out["answer"] == "Seven relations point at User, each listed in the facts."
    assert out["grounding"]["passed"] is True and out["usage"]["calls"] == 1
    assert out["facts"]["kind"] == "relations" and any(r.get("model") == "Enrollment" for r in out["facts"]["rows"])
    # what the model was given is those facts (it explains them; it does not find them)
    prompt = json.dumps(fake_llm.requests[0]["messages"], ensure_ascii=False)
    assert "Enrollment" in prompt and fake_llm.requests[0]["stream"] is True


def test_ask_streams_the_answer_in_a_terminal(terminal, fake_llm):
    fake_llm.say("Seven relations point at User, each listed in the facts.", pause=0.02)
    screen = terminal("ask", "which tables reference User?", env=fake_llm.env())
    screen.wait_for(r"Seven relations point at User, each listed in the facts\.\n")
    screen.wait_for(r"model: 1 calls, \d+ tokens in, \d+ out")
    assert screen.exit_code() == 0
    assert "No relation" not in screen.text and "offline mode" not in screen.text
