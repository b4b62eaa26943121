"""The learned text model: sparse linear heads over binary feature sets, stored as a plain ``.npz`` (no pickle).

Score of a head = bias + (sum of the weights of the message's features) / sqrt(number of its features), i.e. a
logistic regression on L2-normalised binary vectors; ``scripts/train_classifier.py`` writes the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_FILE = "resources/model/classifier.npz"
SEP = "\x00"
HEADS = ("spam", "fraud", "trans")


@dataclass
class Head:
    bias: float
    weights: dict[str, float]

    def logit(self, feats: set[str], norm: float) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in feats) * norm

    def top(self, feats: set[str], k: int = 3, positive: bool = True) -> list[str]:
        """:return: the ``k`` features pushing this head most in one direction (for reasons)."""
        get = self.weights.get
        scored = [(get(f, 0.0), f) for f in feats]
        scored = [x for x in scored if (x[0] > 0) == positive and x[0] != 0.0]
        scored.sort(reverse=positive)
        return [f for _, f in scored[:k]]


@dataclass
class TextModel:
    heads: dict[str, Head]
    version: str

    def logits(self, feats: set[str]) -> dict[str, float]:
        norm = 1.0 / math.sqrt(max(len(feats), 1))
        return {name: h.logit(feats, norm) for name, h in self.heads.items()}


def save_model(path: Path, heads: dict[str, tuple[float, list[str], list[float]]], version: str) -> None:
    """Write heads as UTF-8 key blobs + float32 weights, compressed, loadable with ``allow_pickle=False``."""
    arrays: dict[str, np.ndarray] = {"version": np.frombuffer(version.encode(), dtype=np.uint8)}
    for name, (bias, keys, weights) in heads.items():
        if any(SEP in k for k in keys):
            raise ValueError("feature keys must not contain NUL")
        arrays[f"{name}_keys"] = np.frombuffer(SEP.join(keys).encode("utf-8"), dtype=np.uint8)
        arrays[f"{name}_w"] = np.asarray(weights, dtype=np.float32)
        arrays[f"{name}_b"] = np.asarray([bias], dtype=np.float64)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def load_model(path: Path | None = None) -> TextModel:
    """Load the shipped model (or ``path``)."""
    if path is None:
        ref = resources.files("privatrack").joinpath(MODEL_FILE)
        with resources.as_file(ref) as p:
            return load_model(Path(p))
    with np.load(path, allow_pickle=False) as data:
        heads = {}
        for name in HEADS:
            if f"{name}_keys" not in data:
                continue
            keys = data[f"{name}_keys"].tobytes().decode("utf-8").split(SEP)
            weights = data[f"{name}_w"].tolist()
            heads[name] = Head(float(data[f"{name}_b"][0]), dict(zip(keys, weights, strict=True)))
        version = data["version"].tobytes().decode() if "version" in data else "?"
    return TextModel(heads, version)
