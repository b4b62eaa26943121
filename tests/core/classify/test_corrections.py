"""Corrections are stored in the vault and later similar messages follow them; reclassify re-runs over the vault."""

from __future__ import annotations

import json

import pytest

from privatrack.core import household as hh
from privatrack.core.classify import Classifier
from privatrack.core.classify import vault_ops as ops
from privatrack.core.errors import InvalidInput, NotFound
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import RawMessage
from privatrack.core.tasks import TaskContext


def sms(i: int, body: str, sender: str) -> RawMessage:
    return RawMessage(channel="sms", source="test.xml", item=str(i), raw=f"{i}:{body}".encode(), sender=sender,
                      body_text=body)


def mail(i: int, subject: str, body: str, sender: str, message_id: str) -> RawMessage:
    raw = f"From: {sender}\nSubject: {subject}\nMessage-ID: {message_id}\n\n{body}".encode()
    return RawMessage(channel="email", source="test.mbox", item=str(i), raw=raw, sender=sender, subject=subject,
                      body_text=body, message_id=message_id)


def row(db, msg_id: int):  # type: ignore[no-untyped-def]
    return db.execute("SELECT category, merchant_id, confidence, reasons FROM messages WHERE id = ?",
                      [msg_id]).fetchone()


def test_correction_by_sender_changes_later_messages(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_merchant(db, "Corner Gym")
    # A gym's class reminders from a plain mobile number look personal to the model.
    first = sms(1, "Hi! Reminder: your spinning class is tomorrow at 7pm, see you there.", "+447700900123")
    ingest(db, [first], classifier=Classifier.for_db(db))
    mid = db.execute("SELECT id FROM messages").fetchone()[0]
    assert row(db, mid)[0] == "personal"

    result = ops.correct(db, str(mid), "transactional", "Corner Gym")
    gym = hh.find_merchant(db, "Corner Gym").id
    assert result["merchant_id"] == gym
    stored = db.execute("SELECT message_row, category, merchant_id FROM corrections").fetchall()
    assert stored == [(mid, "transactional", gym)]
    cat, merchant_id, conf, reasons = row(db, mid)
    assert (cat, merchant_id, conf) == ("transactional", gym, 1.0)
    assert json.loads(reasons) == ["corrected by you"]

    later = sms(2, "Hi! Reminder: your yoga class is on Friday at 6pm.", "+447700900123")
    c = Classifier.for_db(db).classify(later)
    assert (c.category, c.merchant, c.merchant_id) == ("transactional", "Corner Gym", gym)
    assert any("your correction" in r for r in c.reasons)


def test_correction_by_similar_text_from_another_sender(db) -> None:  # type: ignore[no-untyped-def]
    text = "Weekly digest: 12 new posts in the photography club, 3 events near you this week."
    ingest(db, [sms(1, text, "+447700900001")], classifier=Classifier.for_db(db))
    mid = db.execute("SELECT id FROM messages").fetchone()[0]
    ops.correct(db, str(mid), "marketing")
    similar = sms(2, "Weekly digest: 9 new posts in the photography club, 2 events near you this week.",
                  "+447700900002")
    c = Classifier.for_db(db).classify(similar)
    assert c.category == "marketing"
    assert any("similar to a message you corrected" in r for r in c.reasons)
    unrelated = sms(3, "Are we still on for lunch tomorrow?", "+447700900003")
    assert Classifier.for_db(db).classify(unrelated).category == "personal"


def test_correct_accepts_a_message_id_and_a_builtin_merchant(db) -> None:  # type: ignore[no-untyped-def]
    ingest(db, [mail(1, "Hello", "Lunch on Friday?", "friend@example.org", "<abc@example.org>")],
           classifier=Classifier.for_db(db))
    ops.correct(db, "abc@example.org", None, "京东")  # the directory merchant is added to the vault
    jd = hh.find_merchant(db, "京东")
    assert jd.id is not None
    assert db.execute("SELECT merchant_id FROM messages").fetchone()[0] == jd.id
    with pytest.raises(NotFound):
        ops.correct(db, "<nope@example.org>", "fraud")
    with pytest.raises(InvalidInput):
        ops.correct(db, "abc@example.org", "spam")


def test_reclassify_updates_messages_and_keeps_corrections(db) -> None:  # type: ignore[no-untyped-def]
    msgs = [sms(i, f"【京东】会员日全场满{i}00减50，回TD退订", "1069000111") for i in range(1, 4)]
    msgs.append(sms(9, "Dinner at 8?", "+8613800138000"))
    ingest(db, msgs)  # stored unclassified
    assert db.execute("SELECT count(*) FROM messages WHERE category IS NULL").fetchone()[0] == 4
    ops.correct(db, "4", "fraud")
    ctx = TaskContext()
    report = ops.reclassify(db, ctx=ctx)
    assert (report.total, report.kept_corrected) == (4, 1)
    cats = dict(db.execute("SELECT id, category FROM messages").fetchall())
    assert cats == {1: "marketing", 2: "marketing", 3: "marketing", 4: "fraud"}
    assert ctx.latest().done == 4
    reasons = json.loads(db.execute("SELECT reasons FROM messages WHERE id = 1").fetchone()[0])
    assert "signature 【京东】" in reasons
    # the built-in 京东 became a vault merchant so the messages point at it
    jd = hh.find_merchant(db, "京东").id
    assert jd is not None
    assert db.execute("SELECT count(*) FROM messages WHERE merchant_id = ?", [jd]).fetchone()[0] == 3
