"""``reclassify`` with a helper process that classifies while the vault is read and written: the same verdicts,
counts and kept corrections as in-process, and a cancel that keeps what was written and leaves no helper behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from privatrack.core import classify_files as cf
from privatrack.core.classify import Classifier
from privatrack.core.classify import vault_ops as ops
from privatrack.core.errors import Cancelled
from privatrack.core.importers import iter_items, procs
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import RawMessage
from privatrack.core.tasks import TaskContext

DATA = Path(__file__).resolve().parents[2] / "data"
TEXTS = ["【京东】您的订单已发货，快递单号 JD0012345678", "晚上一起吃饭吗？", "【美团】周末特惠，回T退订",
         "Your Amazon code is 482913", "WINNER!! Claim your £900 prize now: reply WIN", "see you at 6 x"]


def _messages() -> list[RawMessage]:
    out = [RawMessage(channel="sms", source="s.xml", item=str(i), raw=f"{i}:{t}".encode(), sender="10690000",
                      body_text=t) for i, t in enumerate(TEXTS * 3)]
    out += [m for m in iter_items(DATA / "classify") if isinstance(m, RawMessage)]
    return out


def _verdicts(db: Any) -> list[tuple[Any, ...]]:
    return db.execute("SELECT id, category, merchant_id, reasons, classifier FROM messages ORDER BY id").fetchall()


@pytest.fixture()
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ops, "BATCH", 4)
    monkeypatch.setattr(cf, "CHUNK_MESSAGES", 3)
    monkeypatch.setattr(cf, "AHEAD", 1)


def test_a_helper_gives_the_verdicts_of_in_process_reclassification(db: Any, small_batches: None,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    spawned: list[Any] = []

    def spawn_and_note(*args: Any) -> Any:
        spawned.append(real_spawn(*args))
        return spawned[-1]

    real_spawn = procs.spawn_pool
    monkeypatch.setattr(procs, "spawn_pool", spawn_and_note)
    ingest(db, _messages())  # stored without verdicts
    ops.correct(db, "2", "marketing")
    clf = Classifier.for_db(db)
    here = ops.reclassify(db, clf, workers=0)
    first = _verdicts(db)
    db.execute("UPDATE messages SET category = NULL, merchant_id = NULL, reasons = NULL, classifier = NULL "
               "WHERE id != 2")
    assert not spawned
    helped = ops.reclassify(db, clf, workers=1)
    assert len(spawned) == 1 and len(spawned[0].pids()) == 1  # (a real helper process classified)
    assert _verdicts(db) == first
    assert (helped.total, helped.kept_corrected, helped.failed) == (here.total, here.kept_corrected, []) == (
        len(_messages()), 1, [])
    assert helped.changed == here.changed > 0
    assert db.execute("SELECT category FROM messages WHERE id = 2").fetchone()[0] == "marketing"


class CancelAfter(TaskContext):
    def __init__(self, reports: int) -> None:
        super().__init__()
        self.left = reports

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        super().report(done, total, label)
        self.left -= 1
        if self.left <= 0:
            self.cancel()


def test_a_cancelled_reclassification_keeps_its_written_batches(db: Any, small_batches: None) -> None:
    ingest(db, _messages())
    with pytest.raises(Cancelled):
        ops.reclassify(db, Classifier.for_db(db), ctx=CancelAfter(3), workers=1)
    judged = db.execute("SELECT count(*) FROM messages WHERE category IS NOT NULL").fetchone()[0]
    assert judged == 2 * ops.BATCH  # the batches written before the cancel, and no more
