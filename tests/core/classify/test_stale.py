"""After an upgrade, the messages an older classifier judged are known and can be reclassified alone."""

from __future__ import annotations

from typing import Any

from privatrack.core.classify import Classifier
from privatrack.core.classify import vault_ops as ops
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import RawMessage


class OlderClassifier(Classifier):
    """The same verdict code, under the name an earlier release gave its classifier."""

    @property
    def version(self) -> str:
        return "rules 2026-11-23; model 0123456789abcdef"


def sms(i: int, body: str) -> RawMessage:
    return RawMessage(channel="sms", source="s.xml", item=str(i), raw=f"{i}:{body}".encode(), sender="10690000",
                      body_text=body)


def versions(db: Any) -> list[str | None]:
    return [r[0] for r in db.execute("SELECT classifier FROM messages ORDER BY id")]


def test_each_verdict_records_the_classifier_and_reclassify_stale_redoes_only_older_ones(db: Any) -> None:
    current = Classifier.for_db(db)
    assert current.version.startswith("rules ") and current.model.digest[:16] in current.version
    ingest(db, [sms(1, "【京东】您的订单已发货"), sms(2, "晚上一起吃饭吗？")], classifier=OlderClassifier.for_db(db))
    ingest(db, [sms(3, "【美团】周末特惠，回T退订")], classifier=current)
    ingest(db, [sms(4, "no classifier for this one")])
    old = OlderClassifier.for_db(db).version
    assert versions(db) == [old, old, current.version, None]
    assert ops.stale_count(db, current.version) == 2  # never-classified messages are not stale
    # a message judged before the column existed (NULL) and then corrected by the user
    db.execute("UPDATE messages SET classifier = NULL WHERE id = 2")
    ops.correct(db, "2", "marketing")
    assert ops.stale_count(db, current.version) == 1

    report = ops.reclassify(db, current, stale=True)
    assert (report.total, report.kept_corrected) == (1, 0)
    assert ops.stale_count(db, current.version) == 0
    assert versions(db) == [current.version, None, current.version, None]
    assert db.execute("SELECT category FROM messages WHERE id = 2").fetchone()[0] == "marketing"  # kept

    full = ops.reclassify(db, current)  # the whole vault, as before
    assert (full.total, full.kept_corrected) == (4, 1)
