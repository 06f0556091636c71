"""The chat model: langchain-openai's ChatOpenAI, streaming, with its token use reported.

llama.cpp's server ignores `max_completion_tokens` (what langchain-openai sends for `max_tokens`),
so the limit also travels as `max_tokens` in the request body; OpenAI accepts it there too.
Routing and tool calls are plain requests (llama.cpp's server repeats a tool call's id and name in
every streamed chunk, which a streamed merge turns into a name that matches nothing); only the
explanation is streamed (`.stream()`, which streams because `streaming` is left unset), with its
usage in the last chunk.
"""

from __future__ import annotations

from agent.llm.settings import LLMSettings


class LLMUnavailable(Exception):
    """The model could not be reached or answered with an error: the turn goes on offline."""


def make_chat_model(settings: LLMSettings):
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.model, api_key=settings.api_key, base_url=settings.base_url, temperature=0,
                      stream_usage=True, timeout=settings.timeout_s, max_retries=0,
                      extra_body={"max_tokens": settings.max_tokens})


def is_unreachable(exc: BaseException) -> bool:
    """Connection refused, timeouts, HTTP errors from the server: reasons to fall back, not bugs."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"APIConnectionError", "APITimeoutError", "APIStatusError", "ConnectError", "TimeoutException",
                         "RemoteProtocolError", "ConnectionError", "OpenAIError"})
