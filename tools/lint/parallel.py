"""Lint many uncached files on several processes (a cold run over a long migration history).

Linting is CPU-bound Python, so threads do not help; processes do. Each history is a task (the
biggest first, so that the small ones fill the gaps at the end); only a history bigger than a
worker's share is split, and a piece of it first rebuilds the schema state of the files before it
(parse and apply, no rules). Workers are forked
after the files are read and the rules imported, so they start with all of that in memory. Where
`fork` is not available (Windows, macOS' default), or for a few files, everything runs here.
"""

from __future__ import annotations

import os
from typing import Any

MIN_CHUNK = 200  # a history is split only into pieces at least this big (each replays what precedes it)
PARALLEL_FROM = 150  # fewer uncached files than this: forking costs more than it saves
MAX_WORKERS = 8

_JOBS: list[Any] = []
_SETTINGS: Any = None
_BASE: Any = None
_LINTER: Any = None


def chunks(indices: list[int], total: int) -> list[list[int]]:
    """The history's files to lint, in pieces no bigger than one worker's share of `total`."""
    size = max(MIN_CHUNK, -(-total // max(1, workers_for(total))))
    return [indices[i:i + size] for i in range(0, len(indices), size)]


def workers_for(files: int) -> int:
    """How many processes to use: TRIPLE_ORM_LINT_WORKERS, else one per CPU once there is enough work."""
    forced = os.environ.get("TRIPLE_ORM_LINT_WORKERS", "")
    if forced.isdigit() and int(forced) >= 1:
        return min(int(forced), MAX_WORKERS) if files > 1 else 1
    if files < PARALLEL_FROM:
        return 1
    try:
        import multiprocessing

        multiprocessing.get_context("fork")
    except (ImportError, ValueError):
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, MAX_WORKERS))


def run(tasks: list[tuple[int, list[int]]], jobs: list[Any], settings: Any, base: Any) -> list[tuple[int, list]]:
    """[(job number, [(index, entry, exemptions)...])] for every task, in any order."""
    global _JOBS, _SETTINGS, _BASE, _LINTER
    from tools.lint.engine import Linter

    _JOBS, _SETTINGS, _BASE, _LINTER = jobs, settings, base, Linter(settings)
    workers = workers_for(sum(len(chunk) for _, chunk in tasks))
    try:
        if workers == 1:
            return [_work(task) for task in tasks]
        import multiprocessing

        ordered = sorted(tasks, key=lambda t: -len(t[1]))  # biggest first: the last ones fill the gaps
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return list(pool.imap_unordered(_work, ordered))
    finally:
        _JOBS, _LINTER = [], None


def _work(task: tuple[int, list[int]]) -> tuple[int, list]:
    from tools.lint.runner import lint_chunk

    number, indices = task
    return number, lint_chunk(_JOBS[number], indices, _LINTER, _BASE)
