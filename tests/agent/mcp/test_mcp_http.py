"""`triple-orm mcp --transport http`: a real server process on a free port of 127.0.0.1, talked to with
the SDK's streamable HTTP client (`Client("http://…/mcp")`), and the flags' errors.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import anyio
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_http(argv: list[str], project: Path, port: int, *flags: str, env: dict | None = None) -> subprocess.Popen:
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENAI_API_KEY")}, **(env or {})}
    return subprocess.Popen([*argv, "--project", str(project), "--transport", "http", "--port", str(port), *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_listening(process: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.communicate()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not listen in time")


@pytest.fixture
def http_server(small_project: Path, mcp_argv: list[str]):
    port = free_port()
    process = start_http(mcp_argv, small_project, port)
    try:
        wait_listening(process, port)
        yield f"http://127.0.0.1:{port}/mcp", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_streamable_http_lists_calls_and_survives_errors(http_server) -> None:
    from mcp import Client

    url, process = http_server

    async def main():
        async with Client(url, read_timeout_seconds=120) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            prompts = {p.name for p in (await client.list_prompts()).prompts}
            bad = await client.call_tool("schema_diagram", {"model": "Post", "depth": 9})
            good = await client.call_tool("schema_sql", {"model": "Author"})
            schema = (await client.read_resource("triple-orm://schema/prisma/schema.prisma")).contents[0].text
            return tools, prompts, bad, good, schema

    tools, prompts, bad, good, schema = anyio.run(main)
    assert {"lint_migration", "check_drift", "search_schema", "explain_finding", "sync_plan"} <= tools
    assert "sync_write" not in tools and prompts == {"review_migration", "check_schema_sync"}
    assert bad.is_error and "depth must be between 0 and 5" in bad.content[0].text
    assert not good.is_error and good.structured_content["artifacts"]["sql"].startswith('CREATE TABLE "Author"')
    assert "model Author {" in schema
    assert process.poll() is None  # still serving after the client left


def test_http_listens_on_localhost_only_by_default(small_project: Path, mcp_argv: list[str]) -> None:
    port = free_port()
    process = start_http(mcp_argv, small_project, port)
    try:
        wait_listening(process, port)
        listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    # /proc/net/tcp: local address as hex IP:port, state 0A = LISTEN; 0100007F is 127.0.0.1
    ours = [line.split()[1] for line in listening if line.split()[3] == "0A" and line.split()[1].endswith(f":{port:04X}")]
    assert ours == [f"0100007F:{port:04X}"]
    assert f"streamable HTTP at http://127.0.0.1:{port}/mcp" in err and "warning" not in err


def test_port_in_use_and_bad_port_are_usage_errors(small_project: Path, mcp_argv: list[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*mcp_argv, "--project", str(small_project), "--transport", "http", "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 64 and f"cannot listen on 127.0.0.1:{port}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    done = subprocess.run([*mcp_argv, "--transport", "http", "--port", "70000"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 64 and "not a port number" in done.stderr


def test_the_password_is_in_no_log_line(small_project: Path, mcp_argv: list[str]) -> None:
    """Calls that fail on the database (nothing listens on port 1) with a password in the URL: the
    server's own output (stderr, where the SDK and uvicorn log) never shows it."""
    from mcp import Client
    from mcp.shared.exceptions import MCPError

    secret = "pw-LOG-9931"
    port = free_port()
    process = start_http(mcp_argv, small_project, port, env={"DATABASE_URL": f"postgresql://app:{secret}@127.0.0.1:1/app"})

    async def main():
        async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=120) as client:
            results = [await client.call_tool("health_check", {}), await client.call_tool("check_drift", {})]
            try:
                await client.read_resource("triple-orm://catalog/database")
            except MCPError as error:
                results.append(error.message)
            return results

    try:
        wait_listening(process, port)
        health, drift, catalog_error = anyio.run(main)
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert health.is_error and "127.0.0.1" in health.content[0].text and "127.0.0.1" in catalog_error
    assert secret not in out + err + health.content[0].text + drift.content[0].text + json.dumps(drift.structured_content)
