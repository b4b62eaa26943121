"""``classify`` on large inputs: helper processes classify while the caller reads and prints, with the same verdicts
in the same order, and a helper that dies or a message the classifier fails on costs no other verdict."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from privatrack.core import classify_files as cf
from privatrack.core.classify import Classifier
from privatrack.core.importers import iter_items
from privatrack.core.importers.procs import in_worker
from privatrack.core.models import Classification, RawMessage, Rejected

DATA = Path(__file__).resolve().parents[1] / "data"


def _inputs() -> list[RawMessage | Rejected]:
    items: list[RawMessage | Rejected] = []
    for path in (DATA / "classify", DATA / "import" / "mail", DATA / "import" / "sms"):
        items += list(iter_items(path))
    items.insert(3, Rejected("broken.xml", "#9", "truncated"))
    assert sum(isinstance(i, RawMessage) for i in items) >= 20
    return items


def _view(verdict: object) -> object:
    if isinstance(verdict, Classification):
        return (verdict.category, verdict.merchant, verdict.confidence, verdict.reasons, verdict.suggestion)
    return verdict


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # many chunks in flight for a few test messages, as a large input has
    monkeypatch.setattr(cf, "CHUNK_MESSAGES", 2)
    monkeypatch.setattr(cf, "AHEAD", 1)


def test_helpers_give_the_verdicts_of_in_process_classification_in_input_order(small_chunks: None) -> None:
    items = _inputs()
    clf = Classifier.standalone()
    here = list(cf.classify_items(items, clf, workers=0))
    helped = list(cf.classify_items(items, clf, workers=2))
    assert [i for i, _ in helped] == items  # every item, in order, the rejected one in its place
    assert [_view(v) for _, v in helped] == [_view(v) for _, v in here]
    assert helped[3][1] is None
    assert all(isinstance(v, Classification) for i, v in helped if isinstance(i, RawMessage))
    assert {v.category for _, v in helped if isinstance(v, Classification)} >= {"marketing", "personal", "fraud"}


class FlakyClassifier:
    """The real classifier, except that it raises on "boom", and kills the helper process that classifies "die"."""

    def __init__(self) -> None:
        self.inner = Classifier.standalone()

    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        if msg.body_text == "boom":
            raise KeyError("boom")
        if msg.body_text == "die" and in_worker():
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.classify(msg, to_detail)


def _sms(i: int, text: str) -> RawMessage:
    return RawMessage(channel="sms", source="t.xml", item=f"#{i}", raw=text.encode(), sender="10690000",
                      body_text=text)


def test_a_dead_helper_or_a_failing_message_costs_no_other_verdict(small_chunks: None) -> None:
    texts = [f"【京东】会员日全场5折，戳 jd.com 回T退订 {i}" for i in range(12)]
    texts[4], texts[7] = "die", "boom"
    msgs = [_sms(i, t) for i, t in enumerate(texts)]
    got = list(cf.classify_items(msgs, FlakyClassifier(), workers=1))
    assert [m for m, _ in got] == msgs
    assert got[7][1] == cf.Failure("KeyError", "'boom'")  # named, as in-process classification names it
    verdicts = [v for _, v in got]
    assert all(isinstance(v, Classification) for k, v in enumerate(verdicts) if k != 7)
    # the chunk whose helper died was classified here (where "die" is an ordinary text), and so was every later one
    assert isinstance(verdicts[4], Classification) and verdicts[4].category == "personal"
    assert {v.category for k, v in enumerate(verdicts) if k not in (4, 7)} == {"marketing"}  # type: ignore[union-attr]


def test_small_inputs_are_classified_in_process_large_ones_by_helpers(tmp_path: Path) -> None:
    small = tmp_path / "small.xml"
    small.write_bytes(b"<smses>" + b"x" * 1000 + b"</smses>")
    assert cf.default_workers([small]) == 0
    big = tmp_path / "big"
    big.mkdir()
    for k in range(5):
        (big / f"{k}.eml").write_bytes(b"x" * (cf.POOL_MIN_BYTES // 4))
    assert cf.default_workers([big]) == (min((os.cpu_count() or 1) - 1, 2) if (os.cpu_count() or 1) >= 2 else 0)
    assert cf.input_bytes([small, big]) >= cf.POOL_MIN_BYTES


def test_a_classify_helper_loads_neither_the_importers_nor_the_storage_layer() -> None:
    # what a helper unpickles first: its initializer with the classifier, then a chunk task
    import pickle

    payload = pickle.dumps(((cf._init_helper, (Classifier.standalone(),)),
                            (cf._classify_chunk, ([(_sms(0, "hi"), None)],))))
    code = ("import pickle, sys; (init, args), (fn, fargs) = pickle.loads(sys.stdin.buffer.read()); init(*args); "
            "print(fn(*fargs)[0].category); "
            "print(sorted(m for m in sys.modules if m.startswith(('privatrack.core.importers', 'sqlite_utils', "
            "'numpy', 'privatrack.core.household'))))")
    out = subprocess.run([sys.executable, "-c", code], input=payload, capture_output=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.decode().split("\n")
    assert out[0] == "personal"
    assert out[1] == "[]"
