"""Where the checkout, the example project and `../shared` (corpus, oracles) are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "edfinance"
SHARED = Path(os.environ.get("TRIPLE_ORM_SHARED", REPO.parent / "shared")).resolve()
CORPUS = SHARED / "corpus"
ORACLE = SHARED / "oracles" / "prisma-diff"
CACHE = Path(os.environ.get("TRIPLE_ORM_TEST_CACHE", REPO / ".cache")).resolve()


def require_corpus() -> Path:
    """Skip (with the reason) where ../shared/corpus is absent, as in a user's clone."""
    if not (CORPUS / "INDEX.tsv").is_file():
        pytest.skip(f"../shared/corpus not found at {CORPUS} (present in CI; set TRIPLE_ORM_SHARED to point at it)")
    return CORPUS


def copy_example(tmp_path: Path, *leave_out: str) -> Path:
    """A private copy of the example project (`tmp_path/edfinance`), so caches, indexes and edits stay
    out of the checkout; without its node_modules and .triple-orm/, and without `leave_out`."""
    import shutil

    target = tmp_path / "edfinance"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("node_modules", ".triple-orm", *leave_out))
    return target
