"""Conversation memory: LangGraph's SQLite checkpointer in the project's `.triple-orm/agent.sqlite`.

Each chat is a thread; `triple-orm chat --thread ID` (or `ask --thread ID`) resumes it with its
facts, so a follow-up days later still knows what "that" was.
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

DB_NAME = "agent.sqlite"


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
