"""The learned text model: sparse linear heads over binary feature sets, stored as a plain ``.npz`` (no pickle).

Score of a head = bias + (sum of the weights of the message's features) / sqrt(number of its features), i.e. a
logistic regression on L2-normalised binary vectors; ``scripts/train_classifier.py`` writes the file.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    import numpy as np

try:
    from privatrack.core.classify import _ngram
except ImportError:  # not built (no C compiler at install time): the Python path gives the same results, slower
    _ngram = None  # type: ignore[assignment]

MODEL_FILE = "resources/model/classifier.npz"
SEP = "\x00"
HEADS = ("spam_en", "spam_en_biz", "spam_zh", "spam_mail", "fraud", "trans")
NATIVE = _ngram is not None
_HASH_BITS = 64  # tests lower it to force hash collisions


@dataclass
class Known:
    """The features of one message a head knows, with their weights (same order), for ``Head.top``."""

    feats: list[str]
    weights: list[float]

    def __len__(self) -> int:
        return len(self.feats)


# The words of the word uni/bi-gram features; _ngram.c splits words the same way (change both together).
WORD = re.compile(r"[a-z#$£€][a-z#'$£€]*")


def char_ngrams(text: str) -> set[str]:
    """The char 1-4-grams of ``text``."""
    n = len(text)
    return {text[i : i + k] for k in (1, 2, 3, 4) for i in range(n - k + 1)}


def word_tokens(text: str) -> set[str]:
    """The word features of ``text``: ``\\x01w:`` + each word, ``\\x01b:`` + each two neighbouring words."""
    words = WORD.findall(text)
    feats = {"\x01w:" + w for w in words}
    feats.update("\x01b:" + a + " " + b for a, b in zip(words, words[1:], strict=False))
    return feats


class Features:
    """A message's features for the Python path: ``char_ngrams(text) | set(extras) | word_tokens(words)``."""

    __slots__ = ("feats",)

    def __init__(self, text: str, extras: Iterable[str], words: str = "") -> None:
        self.feats = char_ngrams(text)
        self.feats.update(extras)
        if words:
            self.feats.update(word_tokens(words))

    def __len__(self) -> int:
        return len(self.feats)

    def as_set(self) -> set[str]:
        return self.feats


FeatureSet = Union[Features, "_ngram.Features", Collection[str]]


def features(text: str, extras: Iterable[str], words: str = "") -> Features | _ngram.Features:
    """The feature set of a message: its text's char 1-4-grams, the ``extras`` tokens and the ``word_tokens`` of
    ``words``, built once per message and scored by every head. Native (no str per n-gram or word) when the
    extension is built, same set either way."""
    if _ngram is not None:
        return _ngram.Features(text, extras, words, hash_bits=_HASH_BITS)
    return Features(text, extras, words)


@dataclass
class Head:
    bias: float
    weights: dict[str, float]
    native: bool = True  # False: always score in Python (tests, benchmarks)
    # Normalise by the number of features the head knows, not all of the message's: a message mostly in words the
    # head never learned (Chinese mail for a head trained mostly on English mail) then scores by what it does know
    # instead of falling back to the bias. Trained the same way (scripts/train_classifier.py).
    norm_known: bool = False
    keys: frozenset[str] = field(init=False, repr=False)
    _table: _ngram.Table | None = field(init=False, repr=False, default=None)
    _pending: bool = field(init=False, repr=False, default=False)
    _rank: dict[str, int] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        # A set of the keys as well: intersecting two sets probes one table per feature, where a dict probes its
        # index and then its entries; the tables are large, so each probe is a cache miss (2x faster scoring).
        self.keys = frozenset(self.weights)
        self._pending = self.native and _ngram is not None  # built on first use: loading the model stays fast

    def __getstate__(self) -> dict[str, object]:
        # The native table does not pickle: a worker process (the importer's classify helpers) builds its own.
        state = self.__dict__.copy()
        state["_table"] = None
        state["_pending"] = self.native and _ngram is not None
        return state

    @property
    def table(self) -> _ngram.Table | None:
        """The native table of the weights, or ``None`` (not built, or two keys share a hash: score in Python)."""
        if self._pending:
            self._pending = False
            try:
                self._table = _ngram.Table(self.weights.keys(), self.weights.values(), hash_bits=_HASH_BITS)
            except ValueError:  # two keys share a 64-bit hash (never seen with the shipped model)
                self._table = None
        return self._table

    def rank(self) -> dict[str, int]:
        """Each key's position in the model (known features are listed in that order: ties in ``top`` are stable
        across runs, where a set's order changes with the string hash seed)."""
        if self._rank is None:
            self._rank = {k: i for i, k in enumerate(self.weights)}
        return self._rank

    def logit(self, feats: FeatureSet, norm: float) -> float:
        table = self.table
        if table is not None and isinstance(feats, _ngram.Features) and not self.norm_known:
            return self.bias + table.total(feats) * norm
        return self.score(feats, norm)[0]

    def score(self, feats: FeatureSet, norm: float) -> tuple[float, Known | _ngram.Known]:
        """:return: the log-odds and the features the head knows (for ``top``), in model order.

        :param norm: 1/sqrt(number of the message's features); unused with ``norm_known``."""
        table = self.table
        if table is not None and isinstance(feats, _ngram.Features):
            total, native_known = table.score(feats)  # no str or float per known feature until asked
            if self.norm_known:
                norm = 1.0 / math.sqrt(max(len(native_known), 1))
            return self.bias + total * norm, native_known
        if isinstance(feats, Features):
            feats = feats.feats
        elif _ngram is not None and isinstance(feats, _ngram.Features):
            feats = feats.as_set()
        known = sorted(self.keys.intersection(feats), key=self.rank().__getitem__)
        weights = list(map(self.weights.__getitem__, known))
        if self.norm_known:
            norm = 1.0 / math.sqrt(max(len(known), 1))
        return self.bias + sum(weights) * norm, Known(known, weights)

    def top(self, known: Known | _ngram.Known, k: int = 3, positive: bool = True) -> list[str]:
        """:return: the ``k`` known features pushing this head most in one direction (for reasons)."""
        if not isinstance(known, Known):
            return known.top(k, positive)  # native: the same features in the same order, the same ties
        w = known.weights
        # sorting plain floats is much faster than sorting indices by a key; ties keep the known order
        out: list[str] = []
        start: dict[float, int] = {}
        for v in sorted(w, reverse=positive)[:k]:
            if (v > 0) != positive:
                break
            i = w.index(v, start.get(v, 0))
            start[v] = i + 1
            out.append(known.feats[i])
        return out


@dataclass
class TextModel:
    heads: dict[str, Head]
    version: str
    digest: str = ""  # SHA-256 of the model file: which model judged a message (``Classifier.version``)

    @staticmethod
    def features(text: str, extras: Iterable[str], words: str = "") -> Features | _ngram.Features:
        """See ``features``: build them once per message, then score each head."""
        return features(text, extras, words)

    def logit(self, head: str, feats: FeatureSet) -> float:
        """The head's log-odds for ``feats`` (0.0 when the model has no such head)."""
        h = self.heads.get(head)
        return h.logit(feats, 1.0 / math.sqrt(max(len(feats), 1))) if h is not None else 0.0

    def score(self, head: str, feats: FeatureSet) -> tuple[float, Known | _ngram.Known]:
        h = self.heads.get(head)
        return h.score(feats, 1.0 / math.sqrt(max(len(feats), 1))) if h is not None else (0.0, Known([], []))


def save_model(path: Path, heads: dict[str, tuple[float, list[str], list[float]]], version: str,
               norm_known: Iterable[str] = ()) -> None:
    """Write heads as UTF-8 key blobs + float32 weights, compressed, loadable with ``allow_pickle=False``.

    :param norm_known: the heads trained with ``Head.norm_known``."""
    import numpy as np  # (only here and in load_model: import helpers that get a loaded model need no numpy)

    arrays: dict[str, np.ndarray] = {"version": np.frombuffer(version.encode(), dtype=np.uint8)}
    for name, (bias, keys, weights) in heads.items():
        if any(SEP in k for k in keys):
            raise ValueError("feature keys must not contain NUL")
        if name in norm_known:
            arrays[f"{name}_normknown"] = np.asarray([1], dtype=np.uint8)
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
    import numpy as np

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with np.load(path, allow_pickle=False) as data:
        heads = {}
        for name in HEADS:
            if f"{name}_keys" not in data:
                continue
            keys = data[f"{name}_keys"].tobytes().decode("utf-8").split(SEP)
            weights = data[f"{name}_w"].tolist()
            heads[name] = Head(float(data[f"{name}_b"][0]), dict(zip(keys, weights, strict=True)),
                               norm_known=f"{name}_normknown" in data)
        version = data["version"].tobytes().decode() if "version" in data else "?"
    return TextModel(heads, version, digest)
