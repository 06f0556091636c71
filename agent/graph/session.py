"""Setting up the agent for a command: the context from the configuration, the model when one is
configured (said once when there is none), and the vector store when the project is indexed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

OFFLINE_NOTE = ("offline mode: no OPENAI_API_KEY, so requests are routed by rules and answered from templates "
                "(set OPENAI_API_KEY, and OPENAI_BASE_URL for a local server, to explain with a model)")


def make_agent_context(config, *, schema: str | Path | None = None, with_model: bool = True,
                       on_token: Callable[[str], None] | None = None):
    """(AgentContext, note): the note is the one-time offline message, or None with a model."""
    from agent.graph.context import AgentContext

    ctx = AgentContext.from_config(config)
    if schema:
        ctx.schema_path = Path(schema).resolve()
    ctx.store_factory = lambda: _open_store(ctx.state_dir)
    ctx.on_token = on_token
    if not with_model:
        return ctx, None
    from agent.llm.settings import llm_settings

    settings = llm_settings()
    if settings is None:
        return ctx, OFFLINE_NOTE
    from agent.llm.budget import CallBudget
    from agent.llm.client import make_chat_model

    ctx.llm = make_chat_model(settings)
    ctx.budget = CallBudget(settings.max_calls)
    ctx.route_with_model = settings.routing == "model"
    return ctx, None


def _open_store(state_dir: Path):
    from agent.store.index import open_index

    return open_index(state_dir)


def agent_context(args, cli_ctx, *, with_model: bool = True, on_token=None):
    """For commands: from the command line's Context and a --schema flag."""
    ctx, note = make_agent_context(cli_ctx.config, schema=getattr(args, "schema", None), with_model=with_model,
                                   on_token=on_token)
    if note and with_model:
        cli_ctx.note(note)
    return ctx
