"""Helpers for GUI tests: rows in ``messages`` written with SQL, as the importer would leave them."""

from __future__ import annotations

import datetime as dt

from privatrack.core import household as hh
from privatrack.core.store import search

_n = 0


def add_message(db, **kw) -> int:  # type: ignore[no-untyped-def]
    global _n
    _n += 1
    date = kw.pop("date", "2024-03-01T10:00:00+08:00")
    row = {
        "channel": "email", "direction": "in", "source": "test", "source_item": str(_n), "dedupe_key": f"k{_n}",
        "message_id": f"<{_n}@test>", "sender": "news@shop.example", "sender_name": None, "to_detail_id": None,
        "to_address": "me@example.com", "date": date, "date_ts": dt.datetime.fromisoformat(date).timestamp(),
        "subject": f"subject {_n}", "body_text": "body", "has_html": 0, "headers": None, "sha256": "0" * 64,
        "raw_id": None, "category": None, "merchant_id": None, "confidence": None, "reasons": None,
        "classified_at": None, "imported_at": "2024-03-02T00:00:00+00:00",
    }
    row.update(kw)
    cols = ", ".join(row)
    with hh.writing(db):
        cur = db.execute(f"INSERT INTO messages({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        search.catch_up(db)
    return int(cur.lastrowid)
