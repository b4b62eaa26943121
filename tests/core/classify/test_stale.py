"""After an upgrade, the messages an older classifier judged are known and can be reclassified alone."""

from __future__ import annotations

import json
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


def html_mail(sender: str, charset: str, text: str) -> RawMessage:
    """An HTML-only mail whose page names its charset in <meta>, as Chinese senders write them."""
    import base64

    from privatrack.core.importers.mail import parse_mail

    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>'
            f"<p>{text}</p></body></html>")
    raw = (f"From: {sender}\nTo: me@example.com\nSubject: notice\nMessage-ID: <{charset}@example.com>\n"
           f"MIME-Version: 1.0\nContent-Type: text/html; charset={charset}\nContent-Transfer-Encoding: base64\n\n"
           ).encode() + base64.encodebytes(page.encode(charset))
    msg = parse_mail(raw, source="inbox.mbox", item="1")
    assert isinstance(msg, RawMessage) and msg.body_text == text
    return msg


def as_an_older_version_stored_it(db: Any, row: int, text: str) -> None:
    db.execute("UPDATE messages SET body_text = ? WHERE id = ?", [text.encode().decode("gbk", "replace"), row])


def test_reclassifying_reads_an_html_mail_again_when_its_stored_text_was_mojibake(db: Any) -> None:
    # Before 2026-12-07 an HTML-only GBK mail that named its charset in <meta> was decoded twice: "灏婃暚鐨" for
    # "尊敬的". Its original bytes are kept, so reclassifying after the upgrade reads its text again.
    from privatrack.core.store import search

    good = "尊敬的李女士：您已成功购买G1373次列车车票，票款553.0元。"
    ingest(db, [html_mail("12306 <12306@rails.com.cn>", "GBK", good), sms(2, "晚上一起吃饭吗？")],
           classifier=OlderClassifier.for_db(db))
    as_an_older_version_stored_it(db, 1, good)
    db.execute("UPDATE messages SET body_text = 'left as stored' WHERE id = 2")
    search.catch_up(db)

    def found(word: str) -> list[int]:
        expr = search.term_expression(word)
        return [r[0] for r in db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?", [expr])]

    assert found("尊敬的李女士") == []
    report = ops.reclassify(db, Classifier.for_db(db), stale=True)
    assert (report.total, report.reread) == (2, 1) and report.to_json()["reread"] == 1
    texts = [r[0] for r in db.execute("SELECT body_text FROM messages ORDER BY id")]
    assert texts == [good, "left as stored"]  # an SMS (no original to re-read as mail) is left alone
    assert found("尊敬的李女士") == [1]  # and search finds it
    assert ops.reclassify(db, Classifier.for_db(db)).reread == 0  # read once: nothing left to change


def test_a_corrected_html_mail_keeps_the_correction_and_gets_its_text_read_again(db: Any) -> None:
    # the app only offers "reclassify stale", which leaves corrected messages out of the verdicts: their text is
    # still repaired, once
    good = "招商银行信用卡电子账单：本期应还 3,204.50 元。"
    ingest(db, [html_mail("cmb <ccsvc@message.cmbchina.com>", "gb2312", good)], classifier=OlderClassifier.for_db(db))
    as_an_older_version_stored_it(db, 1, good)
    ops.correct(db, "1", "marketing")
    current = Classifier.for_db(db)
    report = ops.reclassify(db, current, stale=True)
    assert (report.reread, report.kept_corrected) == (1, 1)
    assert db.execute("SELECT body_text, category FROM messages").fetchone() == (good, "marketing")
    assert ops.reclassify(db, current, stale=True).reread == 0 and ops.stale_count(db, current.version) == 0


def test_reclassifying_reads_an_html_mail_as_the_import_did(db: Any) -> None:
    # Its evidence is in its HTML (a link that shows paypal.com and goes elsewhere; a multipart mail whose text part
    # says nothing of it): reclassified without the HTML, it was judged on its text alone and changed its verdict.
    from privatrack.core.importers.mail import parse_mail

    raw = ("From: Service <service@notices-example.net>\r\nTo: me@example.com\r\nSubject: Account review\r\n"
           "Date: Tue, 14 Nov 2023 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
           'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
           "Content-Type: text/plain; charset=utf-8\r\n\r\n"
           "Dear customer, please review your account details today.\r\n--b\r\n"
           "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Dear customer, please review your account "
           'details today: <a href="https://paypal-review.example.top/login">https://www.paypal.com/signin</a></p>'
           "</body></html>\r\n--b--\r\n")
    msg = parse_mail(raw.encode(), source="m.eml", item="0")
    assert isinstance(msg, RawMessage) and msg.body_html
    clf = Classifier.for_db(db)
    at_import = clf.classify(msg)
    ingest(db, [msg], classifier=clf)
    report = ops.reclassify(db, clf)
    assert report.changed == 0
    row = db.execute("SELECT category, reasons FROM messages").fetchone()
    assert row[0] == at_import.category == "fraud"
    assert json.loads(row[1]) == at_import.reasons
