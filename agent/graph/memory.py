"""Conversation memory: LangGraph's SQLite checkpointer in the project's `.triple-orm/agent.sqlite`.

Each chat is a thread; `triple-orm chat --thread ID` (or `ask --thread ID`) resumes it with its
facts, so a follow-up days later still knows what "that" was. The lines typed into the chat are kept
beside it (`.triple-orm/chat_history`, readline's format), so the up arrow reaches earlier sessions.
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

DB_NAME = "agent.sqlite"
INPUT_HISTORY = "chat_history"
INPUT_HISTORY_LINES = 1000
CANCELLED = "(cancelled)"


def open_checkpointer(state_dir: Path):
    """A SqliteSaver on `<state_dir>/agent.sqlite` (the folder is created; it is git-ignored)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    state_dir.mkdir(parents=True, exist_ok=True)
    _ignore_folder(state_dir)
    connection = sqlite3.connect(str(state_dir / DB_NAME), check_same_thread=False)
    saver = SqliteSaver(connection)
    saver.setup()
    return saver


def _ignore_folder(state_dir: Path) -> None:
    """`.triple-orm/` holds caches and conversations, never something to commit."""
    marker = state_dir / ".gitignore"
    if not marker.exists():
        marker.write_text("*\n", encoding="utf-8")


def new_thread_id() -> str:
    return secrets.token_hex(4)


def known_threads(state_dir: Path) -> list[str]:
    """Thread ids stored in the project's conversation database, newest first."""
    path = state_dir / DB_NAME
    if not path.is_file():
        return []
    with sqlite3.connect(str(path)) as connection:
        try:
            rows = connection.execute("SELECT thread_id, MAX(rowid) FROM checkpoints GROUP BY thread_id ORDER BY 2 DESC").fetchall()
        except sqlite3.OperationalError:
            return []
    return [r[0] for r in rows]


def input_history_path(state_dir: Path) -> Path:
    """Where the chat keeps the lines typed in it, across sessions and threads."""
    return state_dir / INPUT_HISTORY


def _config(thread: str) -> dict:
    return {"configurable": {"thread_id": thread}}


def earlier_messages(graph, thread: str, last: int = 6) -> list[dict]:
    """The last messages of a thread ({'role': 'user'|'assistant', 'content': ...}), oldest first."""
    values = graph.get_state(_config(thread)).values or {}
    return list(values.get("messages") or [])[-last:]


def mark_cancelled(graph, thread: str) -> bool:
    """After Ctrl-C in the middle of a turn: close the turn in the thread as cancelled.

    The checkpoint then holds the request with "(cancelled)" as its answer and no pending node, so
    the next turn starts clean and a resumed thread reads honestly. The facts of earlier turns (what
    follow-ups use) are untouched: only the answer node adds to them, and it did not run."""
    messages = earlier_messages(graph, thread, last=1)
    if not messages or messages[-1].get("role") != "user":
        return False  # the turn was stopped before the request was recorded: nothing to close
    graph.update_state(_config(thread), {"answer": CANCELLED, "answer_source": "cancelled",
                                         "messages": [{"role": "assistant", "content": CANCELLED}]}, as_node="answer")
    return True
