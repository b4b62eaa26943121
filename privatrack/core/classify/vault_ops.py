"""Classifier operations on the vault: ``correct`` one message (stored in ``corrections``) and ``reclassify`` all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from privatrack.core import household as hh
from privatrack.core.errors import InvalidInput, NotFound
from privatrack.core.importers.mail import MAX_RAW
from privatrack.core.models import RawMessage
from privatrack.core.store import search
from privatrack.core.tasks import TaskContext

CATEGORIES = ("marketing", "transactional", "personal", "fraud")
BATCH = 500
# from this many messages on, a helper process classifies while this one reads and writes (it takes ~0.3-0.5 s to
# start; 2,000 mails take ~2 s to classify, 2,000 SMS ~0.2 s)
POOL_MIN_MESSAGES = 5000
_COLS = ("id, channel, direction, source, source_item, message_id, sender, sender_name, subject, body_text, headers, "
         "raw_id")


@dataclass
class ReclassifyReport:
    total: int = 0
    changed: int = 0
    kept_corrected: int = 0
    # messages the classifier failed on: they keep their earlier verdict ("message 12: ValueError: ...")
    failed: list[str] = field(default_factory=list)
    # HTML mails whose text was read again from the stored original because this version reads it differently
    reread: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "changed": self.changed, "kept_corrected": self.kept_corrected,
                "failed": len(self.failed), "reread": self.reread}


def find_message(db: Any, ref: str) -> int:
    """:return: the ``messages`` row id for ``ref``: a row id, or a mail Message-ID with or without ``<>``."""
    ref = ref.strip()
    if ref.isdigit():
        row = db.execute("SELECT id FROM messages WHERE id = ?", [int(ref)]).fetchone()
        if row:
            return int(row[0])
    bare = ref.strip("<>")
    row = db.execute(
        "SELECT id FROM messages WHERE message_id IN (?, ?, ?) ORDER BY id LIMIT 1", [ref, bare, f"<{bare}>"]
    ).fetchone()
    if row:
        return int(row[0])
    raise NotFound(f"no message {ref!r} (use the id from 'privatrack messages' or a Message-ID)")


def correct(db: Any, ref: str, category: str | None, merchant: str | None = None) -> dict[str, Any]:
    """Store the user's correction of message ``ref`` and apply it to that message.

    :param category: one of ``CATEGORIES`` (or ``None`` to correct only the merchant).
    :param merchant: a merchant name or alias; a built-in directory merchant is added to the vault on first use.
    """
    if category is None and merchant is None:
        raise InvalidInput("say what is right: --category and/or --merchant")
    if category is not None and category not in CATEGORIES:
        raise InvalidInput(f"unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    row_id = find_message(db, ref)
    merchant_id = hh.ensure_merchant(db, merchant) if merchant else None
    now = hh.now_iso()
    with hh.writing(db):
        db.execute("INSERT INTO corrections(message_row, category, merchant_id, created_at) VALUES (?, ?, ?, ?)",
                   [row_id, category, merchant_id, now])
        sets = ["confidence = 1.0", "reasons = ?", "classified_at = ?"]
        args: list[Any] = [json.dumps(["corrected by you"]), now]
        if category is not None:
            sets.append("category = ?")
            args.append(category)
        if merchant_id is not None:
            sets.append("merchant_id = ?")
            args.append(merchant_id)
        db.execute(f"UPDATE messages SET {', '.join(sets)} WHERE id = ?", [*args, row_id])
    return {"message": row_id, "category": category, "merchant": merchant, "merchant_id": merchant_id}


def vault_merchant_id(db: Any, cls: Any, cache: dict[str, int | None] | None = None) -> int | None:
    """:return: the vault id for a verdict's merchant, adding a built-in directory merchant on first use.

    ``Classifier`` does not write (it runs inside the import pipeline); callers that store verdicts use this.
    """
    if cls.merchant_id is not None or not cls.merchant:
        return cast(int | None, cls.merchant_id)
    if cache is not None and cls.merchant in cache:
        return cache[cls.merchant]
    try:
        mid: int | None = hh.ensure_merchant(db, cls.merchant)
    except NotFound:
        mid = None
    if cache is not None:
        cache[cls.merchant] = mid
    return mid


_HEAD = 256 * 1024  # of the original, for classifying: enough for the header block


def _original(db: Any, raw_id: int | None, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes of the stored original (b"" when not kept), and whether that is all of it."""
    row = db.execute("SELECT storage, data FROM raw_messages WHERE id = ?", [raw_id]).fetchone() if raw_id else None
    if not row or row[0] != "zlib" or row[1] is None:
        return b"", False
    try:
        d = zlib.decompressobj()
        data = d.decompress(row[1], limit)
    except zlib.error:
        return b"", False
    return data, d.eof and not d.unconsumed_tail


def _reread_html(raw: bytes, source: str, item: str) -> tuple[str, str | None] | None:
    """The text and the HTML of an HTML mail as this version reads them from its whole original. (Before 2026-12-07
    an HTML-only mail whose page named a charset in a <meta> tag, as Chinese GBK mail does, was decoded twice and
    stored as mojibake: reclassifying reads it again.) The vault keeps no HTML besides the original: without it the
    classifier would read the mail without its links' and tags' evidence, and judge it otherwise than at import."""
    from privatrack.core.importers.mail import parse_mail

    msg = parse_mail(raw, source=source, item=item)
    return (msg.body_text or "", msg.body_html) if isinstance(msg, RawMessage) else None


def message_from_row(db: Any, row: Any, raw: bytes | None = None) -> RawMessage:
    """:param raw: the original's head when the caller has read it already."""
    (_id, channel, direction, source, item, message_id, sender, sender_name, subject, body, headers, raw_id) = row
    try:
        hdrs = json.loads(headers) if headers else {}
    except ValueError:
        hdrs = {}
    if raw is None:
        raw = _original(db, raw_id, _HEAD)[0]
    return RawMessage(channel=channel, source=source or "", item=item or "", raw=raw, sender=sender,
                      sender_name=sender_name, subject=subject, body_text=body or "", message_id=message_id,
                      direction=direction or "in", headers=hdrs if isinstance(hdrs, dict) else {})


_STALE = ("category IS NOT NULL AND classifier IS NOT ? "
          "AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.message_row = messages.id)")


def stale_count(db: Any, version: str) -> int:
    """:return: how many messages a classifier other than ``version`` judged (the user's corrections aside)."""
    # the partial index holds every classified row's verdict version: a count that never reads message bodies
    return int(db.execute(f"SELECT count(*) FROM messages INDEXED BY messages_classifier WHERE {_STALE}",
                          [version]).fetchone()[0])


def reclassify(db: Any, classifier: Any = None, ctx: TaskContext | None = None,
               stale: bool = False, workers: int | None = None) -> ReclassifyReport:
    """Re-run the classifier over every message in batches; messages the user corrected keep the correction.
    An HTML mail's text is read again from its stored original first, and stored when this version reads it
    differently (see ``_reread_html``).

    :param classifier: defaults to ``Classifier.for_db(db)`` (current model, merchants and corrections).
    :param ctx: progress and cancel; committed batches stay when cancelled.
    :param stale: only the messages another classifier version judged (``stale_count``): after an upgrade.
    :param workers: helper processes that classify while this one reads and writes (``None``: one on a machine of
        2 cores or more for ``POOL_MIN_MESSAGES`` messages or more, else none; 0: none).
    """
    from privatrack.core.classify_files import Failure, classify_tagged

    if classifier is None:
        from privatrack.core.classify import Classifier

        classifier = Classifier.for_db(db)
    version = getattr(classifier, "version", None)
    report = ReclassifyReport()
    corrected = {int(r[0]) for r in db.execute("SELECT DISTINCT message_row FROM corrections").fetchall()}
    if stale:
        ids = sorted(int(r[0]) for r in db.execute(
            f"SELECT id FROM messages INDEXED BY messages_classifier WHERE {_STALE}", [version]))
        # ... and the HTML mails the user corrected that an older version read: their verdict stays, their text is
        # read again (then they are marked as seen by this version)
        ids = sorted(set(ids) | {int(r[0]) for r in db.execute(
            "SELECT id FROM messages WHERE channel = 'email' AND has_html = 1 AND classifier IS NOT ? "
            "AND id IN (SELECT message_row FROM corrections)", [version])})
    else:
        ids = [int(r[0]) for r in db.execute("SELECT id FROM messages ORDER BY id").fetchall()]
    report.total = len(ids)
    if workers is None:
        workers = 1 if (os.cpu_count() or 1) >= 2 and len(ids) >= POOL_MIN_MESSAGES else 0
    merchant_cache: dict[str, int | None] = {}

    def read() -> Iterator[tuple[tuple[int, Any, Any, bool, str | None], RawMessage | None, str | None]]:
        """Each message to classify as (its row's id, category, merchant id, HTML, text read again), the message
        and the detail it was sent to; a message the user corrected without one."""
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT {_COLS}, category, merchant_id, confidence, has_html, to_address "
                              f"FROM messages WHERE id IN ({marks})", chunk).fetchall()
            for row in rows:
                html = bool(row[15]) and row[1] == "email"
                text = None
                if html:  # the whole original, read once: its head to classify, all of it to read the text again
                    full, whole = _original(db, row[11], MAX_RAW + 1)
                    msg = message_from_row(db, row[:12], raw=full[:_HEAD])
                    reread = _reread_html(full, msg.source, msg.item) if whole and len(full) <= MAX_RAW else None
                    if reread is not None:
                        if reread[0] != msg.body_text:
                            text = reread[0]  # (stored, and indexed again)
                        msg = dataclasses.replace(msg, body_text=reread[0], body_html=reread[1])
                else:
                    msg = message_from_row(db, row[:12])
                tag = (int(row[0]), row[12], row[13], html, text)
                yield tag, None if row[0] in corrected else msg, row[16]

    updates: list[list[Any]] = []
    texts: list[list[Any]] = []
    seen: list[list[Any]] = []
    done = 0

    def write() -> None:
        with hh.writing(db):
            db.conn.executemany("UPDATE messages SET body_text = ? WHERE id = ?", texts)
            if texts:
                search.catch_up(db)  # the edited texts, dropped from the index by its trigger
            db.conn.executemany("UPDATE messages SET classifier = ? WHERE id = ?", seen)
            db.conn.executemany(
                "UPDATE messages SET category = ?, merchant_id = ?, confidence = ?, reasons = ?, classified_at = ?, "
                "classifier = ? WHERE id = ?",
                updates,
            )
        report.reread += len(texts)
        updates.clear()
        texts.clear()
        seen.clear()

    if ctx is not None:
        ctx.raise_if_cancelled()
        ctx.report(0, len(ids), "reclassifying")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for (row_id, category, merchant, html, text), cls in classify_tagged(read(), classifier, workers=workers):
        if text is not None:
            texts.append([text, row_id])
        if cls is None:  # corrected by the user: the verdict stays
            report.kept_corrected += 1
            if html:
                seen.append([version, row_id])  # (its text read by this version)
        elif isinstance(cls, Failure):  # one message the classifier chokes on must not stop the rest
            report.failed.append(f"message {row_id}: {cls.error}: {cls.detail}")
        else:
            merchant_id = vault_merchant_id(db, cls, merchant_cache)
            if (cls.category, merchant_id) != (category, merchant):
                report.changed += 1
            updates.append([cls.category, merchant_id, float(cls.confidence),
                            json.dumps(list(cls.reasons), ensure_ascii=False), now, version, row_id])
        done += 1
        if done % BATCH == 0 and done < len(ids):  # (the last batch is written below, however a cancel stands)
            write()
            if ctx is not None:
                ctx.report(done, len(ids), "reclassifying")
                ctx.raise_if_cancelled()
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write()
    if ctx is not None:
        ctx.report(len(ids), len(ids), "reclassified")
    return report
