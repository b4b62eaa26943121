"""The full-text index of messages (FTS5 trigram, external content): rows are indexed in bulk up to a watermark.

Writers insert messages and then call :func:`catch_up` in the same transaction (the importer does, per batch);
opening a vault calls it too, so a row inserted by any other means becomes searchable at the latest then.
"""

from __future__ import annotations

from sqlite_utils import Database

_INDEX = (
    "INSERT INTO messages_fts(rowid, subject, body_text, sender) SELECT id, subject, body_text, sender FROM messages "
    "WHERE id > ?"
)


def catch_up(db: Database) -> int:
    """Index every message above the watermark; call it inside the writer's transaction. :return: rows indexed."""
    upto = db.execute("SELECT indexed_upto FROM fts_state").fetchone()[0]
    top = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    if top <= upto:
        return 0
    cur = db.conn.execute(_INDEX, [upto])
    db.conn.execute("UPDATE fts_state SET indexed_upto = ?", [top])
    return int(cur.rowcount)


def pending(db: Database) -> bool:
    """:return: whether some messages are not in the index yet."""
    row = db.execute("SELECT (SELECT coalesce(max(id), 0) FROM messages) > indexed_upto FROM fts_state").fetchone()
    return bool(row and row[0])


__all__ = ["catch_up", "pending"]
