"""The corpus schemas listed in ../shared/corpus/INDEX.tsv, as pytest parameters."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from testkit.paths import CORPUS


@dataclass(frozen=True)
class CorpusSchema:
    id: str  # e.g. "cal.com" or "amplication/gpt-gateway"
    dir: str
    schema: Path  # a file, or a folder for multi-file schemas
    migrations: Path
    row: dict

    @property
    def models(self) -> int:
        return int(self.row["models"])


def corpus_schemas() -> list[CorpusSchema]:
    """Every schema of the corpus, smallest first (empty when the corpus is absent)."""
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return []
    out = []
    with index.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    repeated = {r["dir"] for r in rows if sum(1 for s in rows if s["dir"] == r["dir"]) > 1}
    for row in rows:
        project = row["dir"].split("__", 1)[1]
        schema_path = row["schema_path_in_repo"].rstrip("/")
        name = project
        if row["dir"] in repeated:
            name = f"{project}/{schema_path.split('/')[1]}"
        out.append(CorpusSchema(
            id=name,
            dir=row["dir"],
            schema=CORPUS / row["dir"] / schema_path,
            migrations=CORPUS / row["dir"] / row["migrations_dir"],
            row=row,
        ))
    return sorted(out, key=lambda s: s.models)


def corpus_params():
    """pytest.param per corpus schema (ids are the project names); one skipped param when absent."""
    import pytest

    schemas = corpus_schemas()
    if not schemas:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus not found (present in CI)"), id="no-corpus")]
    return [pytest.param(s, id=s.id) for s in schemas]
