"""The deterministic core never reaches for the agent or an LLM stack, and the installed package is ours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import agent
import tools

FORBIDDEN = ("agent", "langchain", "langchain_core", "langchain_openai", "langgraph", "chromadb", "openai", "mcp")


def test_tools_imports_nothing_from_the_agent_side() -> None:
    """Import every module of tools/ in a fresh interpreter where the agent-side packages are blocked."""
    root = Path(tools.__file__).parent
    modules = sorted("tools." + ".".join(p.relative_to(root).with_suffix("").parts)
                     for p in root.rglob("*.py") if p.name != "__init__.py")
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {FORBIDDEN!r}: raise ImportError('tools/ must not import ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(modules) > 15


def test_imported_packages_are_triple_orms() -> None:
    assert getattr(tools, "__triple_orm__", False) and getattr(agent, "__triple_orm__", False)
