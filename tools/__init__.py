"""triple-orm's deterministic core: Prisma reader, catalog model, generators, linter, drift checks.

Nothing here imports `agent/`, LangChain, LangGraph, chromadb or an LLM SDK (a test enforces it).
Every public function returns a typed result that `to_dict()` turns into JSON.
"""

__triple_orm__ = True
__version__ = "0.1.0"
