"""Fixtures for the agent's tests: a copy of the example project, agent contexts, and a scripted
fake chat model.

The fake stands in for a hosted model (OpenAI and the like cannot be reached from here): it
returns scripted messages, tool calls included, and records what it was asked. The real client's
HTTP path is covered by the vcrpy cassettes recorded against a real local model (test_cassettes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

from testkit.paths import copy_example


class ScriptedChatModel(BaseChatModel):
    """A fake chat model standing in for a hosted one: answers from a script, records each call."""

    script: list[Any] = []
    calls: list[dict] = []

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def _next(self, messages, kwargs) -> AIMessage:
        self.calls.append({"messages": messages, "kwargs": kwargs})
        if not self.script:
            raise AssertionError("the fake model was called more often than scripted")
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages, kwargs))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages, kwargs)
        words = message.content.split(" ")
        for i, word in enumerate(words):
            last = i == len(words) - 1
            yield ChatGenerationChunk(message=AIMessageChunk(
                content=word + ("" if last else " "),
                usage_metadata=message.usage_metadata if last and message.usage_metadata else None))

    def bind_tools(self, tools, tool_choice=None, **kwargs):
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], tool_choice=tool_choice, **kwargs)


def tool_call(name: str, args: dict, tokens: tuple[int, int] = (50, 10)) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{name}", "type": "tool_call"}],
                     usage_metadata={"input_tokens": tokens[0], "output_tokens": tokens[1], "total_tokens": sum(tokens)})


def said(text: str, tokens: tuple[int, int] = (300, 60)) -> AIMessage:
    return AIMessage(content=text, usage_metadata={"input_tokens": tokens[0], "output_tokens": tokens[1], "total_tokens": sum(tokens)})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the example project (the agent may create .triple-orm/ in it)."""
    return copy_example(tmp_path)


@pytest.fixture
def agent_ctx(project: Path):
    from agent.graph.context import AgentContext
    from tools.config import load_config

    return AgentContext.from_config(load_config(project))


def with_model(ctx, script: list, max_calls: int = 4):
    """`ctx` wired to a scripted fake model (and a call budget), like a configured hosted model."""
    from agent.llm.budget import CallBudget

    model = ScriptedChatModel(script=list(script), calls=[])
    ctx.llm, ctx.budget = model, CallBudget(max_calls)
    return model


@pytest.fixture
def fake():
    """Helpers to script the fake model: fake.attach(ctx, [...]), fake.tool_call(name, args), fake.said(text)."""
    from types import SimpleNamespace

    return SimpleNamespace(attach=with_model, tool_call=tool_call, said=said, Model=ScriptedChatModel)
