"""Everything that talks to a person or a program: command line, chat, LangGraph agent, MCP, PR bot.

It calls `tools/` for facts and renders them. Heavy imports (LangChain, chromadb) stay lazy so that
commands that need no LLM start fast.
"""

__triple_orm__ = True
