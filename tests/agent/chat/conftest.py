"""Fixtures for driving `triple-orm chat` as a person does: in a real pseudo-terminal (pexpect),
keystrokes in, the screen read back; and a slow OpenAI-compatible endpoint for the model.

`FakeLLM` is a tiny local HTTP server that stands in for a hosted LLM (OpenAI and the like cannot be
reached from here). It speaks the part of the OpenAI chat-completions API the agent uses, streaming
(server-sent events) included, and streams its answers one word at a time: an answer can be made
endless, so that a test can press Ctrl-C while it is being written whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from testkit.paths import copy_example

pexpect = pytest.importorskip("pexpect")

# Generous: the machine running the tests is shared and loaded; no test relies on anything being fast.
TIMEOUT = 180
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]|[\x01\x02]")


def plain(text: str) -> str:
    """What a person reads: escape sequences (colour, cursor moves, readline's markers) removed."""
    return _ANSI.sub("", text).replace("\r", "")


class Screen:
    """A chat running in a pseudo-terminal. `wait_for` reads what the terminal shows (escape codes
    removed) until a pattern appears after the last mark; `type` sends a line as keystrokes."""

    def __init__(self, child) -> None:
        self.child = child
        self.raw = ""
        self.mark = 0  # where the output of the current step starts, in `text`

    @property
    def text(self) -> str:
        return plain(self.raw)

    def since_mark(self) -> str:
        return self.text[self.mark:]

    def wait_for(self, pattern: str, timeout: float = TIMEOUT) -> re.Match:
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            found = regex.search(self.text, self.mark)
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} did not appear within {timeout} s; the screen shows:\n{self.since_mark()[-3000:]}")
            self._read()

    def _read(self) -> None:
        try:
            self.raw += self.child.read_nonblocking(size=65536, timeout=1)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            if not self.child.isalive():
                raise AssertionError(f"the chat ended; the screen shows:\n{self.since_mark()[-3000:]}") from None

    def prompt(self, timeout: float = TIMEOUT) -> str:
        """Wait for the next `you>` prompt; the output since the mark (without the prompt)."""
        found = self.wait_for(r"you> (?=[^\n]*\Z)", timeout)
        return self.text[self.mark:found.start()]

    def type(self, line: str) -> None:
        """Type a line and press Enter; what follows is read from this point on."""
        self.mark = len(self.text)
        self.child.sendline(line)

    def ctrl_c(self) -> None:
        self.mark = len(self.text)
        self._wait_until_blocked()
        self.child.sendintr()

    def _wait_until_blocked(self, timeout: float = 10.0) -> None:
        """Wait until the chat's main thread sleeps in select/poll (reading the keyboard or the model).

        CPython's readline prints the prompt, then enters select(); a SIGINT that lands in between
        only sets a flag, and select() then waits for a key (no person is that fast; a test is, on a
        loaded machine). Where /proc says nothing (another OS), a short pause stands in.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                wchan = Path(f"/proc/{self.child.pid}/wchan").read_text()
            except OSError:
                time.sleep(0.5)
                return
            if "poll" in wchan or "select" in wchan:
                return
            time.sleep(0.05)

    def ctrl_d(self) -> None:
        self.mark = len(self.text)
        self.child.sendeof()

    def exit_code(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            try:
                self.raw += self.child.read_nonblocking(size=65536, timeout=1)
            except (pexpect.TIMEOUT, pexpect.EOF):
                pass
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the bundled example (the chat keeps its threads in .triple-orm/ there)."""
    return copy_example(tmp_path)


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TRIPLE_ORM_")) and k != "DATABASE_URL"}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "50"})
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


@pytest.fixture
def terminal(project: Path):
    """terminal(*argv, env=None, **extra_env) -> Screen: `triple-orm ARGV` in a 140x50 pseudo-terminal
    in the project, with no model configured unless `env` says otherwise."""
    started: list[Screen] = []

    def start(*argv: str, env: dict[str, str] | None = None, **extra: str) -> Screen:
        child = pexpect.spawn(sys.executable, ["-m", "agent.cli", *argv], cwd=str(project),
                              env=env or offline_env(**extra), encoding="utf-8", codec_errors="replace",
                              dimensions=(50, 140), timeout=TIMEOUT)
        screen = Screen(child)
        started.append(screen)
        return screen

    yield start
    for screen in started:
        if screen.child.isalive():
            screen.child.terminate(force=True)


@pytest.fixture
def chat(terminal):
    """chat(*args, env=None, **extra_env) -> Screen: `triple-orm chat ARGS` in a pseudo-terminal."""
    return lambda *args, **kwargs: terminal("chat", *args, **kwargs)


@dataclass
class Reply:
    """One scripted answer: its words, the pause between them, and whether it ever ends."""

    text: str
    pause: float = 0.0
    endless: bool = False


@dataclass
class FakeLLM:
    """Stands in for a hosted LLM: an OpenAI-compatible endpoint on 127.0.0.1 answering from `replies`."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def say(self, text: str, pause: float = 0.0, endless: bool = False) -> None:
        """Script the next answer: `text` word by word, `pause` seconds apart; `endless` repeats it
        until the chat stops reading."""
        self.replies.append(Reply(text, pause, endless))

    def env(self) -> dict[str, str]:
        """The chat configured with a model at this endpoint. The rules route, so the only request is
        the explanation, streamed (as with TRIPLE_ORM_ROUTING=rules on a small local model)."""
        return offline_env(OPENAI_API_KEY="test-key", OPENAI_BASE_URL=self.url, TRIPLE_ORM_MODEL="fake-hosted-model",
                           TRIPLE_ORM_ROUTING="rules")

    def next_reply(self, body: dict) -> Reply:
        self.requests.append(body)
        return self.replies.pop(0) if self.replies else Reply("The facts above are the answer.")


def _handler(llm: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            reply = llm.next_reply(body)
            if body.get("stream"):
                self._stream(reply)
            else:
                self._whole(reply)

        def _whole(self, reply: Reply) -> None:
            payload = json.dumps({"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
                                  "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                                               "finish_reason": "stop"}],
                                  "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _event(self, data: dict | str) -> None:
            text = data if isinstance(data, str) else json.dumps(data)
            chunk = f"data: {text}\n\n".encode()
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.flush()

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for word in _words(reply, llm.stopped):
                    self._event(_chunk({"content": word}))
                    if reply.pause:
                        time.sleep(reply.pause)
                self._event(_chunk({}, finish="stop"))
                self._event({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
                             "choices": [], "usage": {"prompt_tokens": 300, "completion_tokens": 60, "total_tokens": 360}})
                self._event("[DONE]")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the chat stopped reading (Ctrl-C): the answer ends here

    return Handler


def _chunk(delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _words(reply: Reply, stopped: threading.Event):
    words = reply.text.split(" ")
    i = 0
    while not stopped.is_set() and (reply.endless or i < len(words)):
        yield words[i % len(words)] + ("" if i == len(words) - 1 and not reply.endless else " ")
        i += 1


@pytest.fixture
def fake_llm():
    """A running FakeLLM; `fake_llm.env()` is the environment that points the chat at it."""
    llm = FakeLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(llm))
    server.daemon_threads = True
    llm.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield llm
    llm.stopped.set()
    server.shutdown()
    server.server_close()

