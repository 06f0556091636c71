"""`explain_finding` with a chat model configured the usual way (OPENAI_API_KEY, OPENAI_BASE_URL,
TRIPLE_ORM_MODEL in the server's environment): the agent's explain step runs, the model's answer is
used when it passes the grounding check, and the template answers when it does not or the model fails.

The model here is a small local HTTP server speaking the OpenAI chat-completions protocol (streamed,
as langchain-openai asks for an explanation): it stands in for a hosted model, which cannot be
reached from the test machines. It answers from a script and records each request it receives.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DROP = 'ALTER TABLE "users" DROP COLUMN "phone";\n'
GROUNDED = ("ban-drop-column (HIGH): dropping this column takes an ACCESS EXCLUSIVE lock on users only briefly, but "
            "the data is gone for good and the application version still running breaks. Stop reading the column "
            "in the code first, deploy, then drop it in a later migration.")
INVENTED = GROUNDED + " Copy it to `phone_backup` first."  # a column the facts do not have


class FakeModel(BaseHTTPRequestHandler):
    """POST /v1/chat/completions: the next scripted answer, streamed as server-sent events (or an HTTP 500)."""

    script: list = []
    requests: list = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        answer = type(self).script.pop(0)
        if answer is None:
            self.send_error(500, "the model crashed")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        words = answer.split(" ")
        pieces = [{"role": "assistant", "content": ""}] + [{"content": w + (" " if i < len(words) - 1 else "")}
                                                           for i, w in enumerate(words)]
        for delta in pieces:
            self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        self._event({"choices": [], "usage": {"prompt_tokens": 321, "completion_tokens": len(words), "total_tokens": 321 + len(words)}})
        self.wfile.write(b"data: [DONE]\n\n")

    def _event(self, chunk: dict) -> None:
        chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": body_model(self), **chunk}
        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())

    def log_message(self, *args) -> None:
        pass


def body_model(handler: FakeModel) -> str:
    return type(handler).requests[-1]["body"].get("model", "")


@pytest.fixture
def fake_model():
    FakeModel.script, FakeModel.requests = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeModel, f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_explain_finding_uses_the_configured_model(small_project: Path, run_mcp, fake_model) -> None:
    model, base_url = fake_model
    model.script = [GROUNDED, INVENTED, None]

    async def body(client):
        return [await client.call_tool("explain_finding", {"rule": "ban-drop-column", "sql": DROP}) for _ in range(3)]

    env = {"OPENAI_API_KEY": "fake-key", "OPENAI_BASE_URL": base_url, "TRIPLE_ORM_MODEL": "fake-model"}
    used, rejected, failed = run_mcp(small_project, body, env=env)
    texts = [r.content[0].text for r in (used, rejected, failed)]

    # the model's answer, then the rule's spec verbatim
    assert used.structured_content["summary"]["answer_source"] == "llm"
    assert texts[0].startswith(GROUNDED) and "Bad:\n```sql" in texts[0]
    assert used.structured_content["summary"]["grounding"]["passed"] is True
    # a name not in the facts: the template, and a note saying why
    assert rejected.structured_content["summary"]["answer_source"] == "template-fallback"
    assert "phone_backup" in rejected.structured_content["summary"]["grounding"]["unknown"]
    assert "phone_backup" not in texts[1] and "It takes a ACCESS EXCLUSIVE lock on users." in texts[1]
    assert any("phone_backup" in note for note in rejected.structured_content["notes"])
    # the model failing: the template, and the call still succeeds
    assert not failed.is_error and failed.structured_content["summary"]["answer_source"] == "template"
    assert any("could not explain" in note for note in failed.structured_content["notes"])
    assert texts[2] == texts[1]

    # what the model was sent: the facts of the finding the linter found, through the configured endpoint
    assert [r["path"] for r in model.requests] == ["/v1/chat/completions"] * 3
    sent = model.requests[0]
    assert sent["auth"] == "Bearer fake-key" and sent["body"]["model"] == "fake-model" and sent["body"]["stream"] is True
    prompt = "\n".join(m["content"] for m in sent["body"]["messages"])
    assert '"rule": "ban-drop-column"' in prompt and '"lock": "ACCESS EXCLUSIVE"' in prompt


def test_other_tools_never_call_the_model(small_project: Path, run_mcp, fake_model) -> None:
    """Tool results are facts for the IDE's own model: only explain_finding uses the configured one."""
    model, base_url = fake_model

    async def body(client):
        return [await client.call_tool(name, args) for name, args in (
            ("lint_migration", {"sql": DROP}), ("recommend_orm", {"query": "count posts per author"}),
            ("schema_sql", {}), ("search_schema", {"query": "author email"}))]

    results = run_mcp(small_project, body, env={"OPENAI_API_KEY": "fake-key", "OPENAI_BASE_URL": base_url})
    assert all(not r.is_error for r in results), [r.content[0].text for r in results]
    assert model.requests == []
