"""Full-text index after imports: the importer indexes each batch in bulk; rows written otherwise are caught up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from privatrack.core.errors import StorageError
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import RawMessage
from privatrack.core.store import search
from privatrack.core.store.vault import Vault
from tests.conftest import TEST_PASSPHRASE


def sms(i: int, body: str) -> RawMessage:
    return RawMessage(channel="sms", source="backup.xml", item=f"#{i}", raw=f"<sms n='{i}'/>".encode(),
                      sender=f"1069{i:08d}", body_text=body, date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                      dedupe_key=f"sms:{i}")


def hits(db: Any, text: str) -> list[int]:
    q = '"' + text.replace('"', '""') + '"'
    return [r[0] for r in db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid",
                                      [q]).fetchall()]


def test_every_imported_message_is_searchable_across_batches(db: Any) -> None:
    items = [sms(i, f"【京东】订单{i:05d}已发货 order-{i:05d} shipped") for i in range(1, 124)]
    report = ingest(db, items, batch_size=10)  # 13 batches, the last one partial
    assert report.imported == 123
    ids = [r[0] for r in db.execute("SELECT id FROM messages ORDER BY id").fetchall()]
    assert hits(db, "已发货") == ids  # a Chinese substring in every message
    for i in (1, 10, 11, 120, 123):  # first/last of batches
        assert hits(db, f"订单{i:05d}") == [ids[i - 1]]
        assert hits(db, f"ORDER-{i:05d}") == [ids[i - 1]]  # case-insensitive
        assert hits(db, f"1069{i:08d}") == [ids[i - 1]]  # the sender column
    assert hits(db, "订单00124") == []
    assert not search.pending(db)
    # the index agrees with the content table
    db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    # a re-run adds nothing twice to the index
    ingest(db, items, batch_size=10)
    assert len(hits(db, "已发货")) == 123


def test_rows_inserted_outside_the_importer_are_indexed_by_catch_up_and_on_open(vault: Any) -> None:
    db = vault.db
    ingest(db, [sms(1, "first message 第一条")])
    db.execute(
        "INSERT INTO messages(channel, source, dedupe_key, sender, body_text, sha256, imported_at) "
        "VALUES ('sms', 'manual', 'k2', '10690000', 'typed by hand 手工录入', 'x', '2024-01-01')"
    )
    assert search.pending(db) and hits(db, "手工录入") == []
    with db.atomic():
        assert search.catch_up(db) == 1
    assert len(hits(db, "手工录入")) == 1 and len(hits(db, "第一条")) == 1
    db.execute("DELETE FROM messages WHERE dedupe_key = 'k2'")
    assert hits(db, "手工录入") == []
    # SQLite hands the deleted top id out again: the new row must still be indexed, once
    db.execute(
        "INSERT INTO messages(channel, source, dedupe_key, body_text, sha256, imported_at) "
        "VALUES ('sms', 'manual', 'k3', 'reused id 重用', 'x', '2024-01-01')"
    )
    # an edit of an indexed row re-indexes it; of a not yet indexed row, leaves it to the catch-up
    db.execute("UPDATE messages SET body_text = 'first message edited 已修改' WHERE dedupe_key LIKE 'sms:%'")
    db.execute("UPDATE messages SET body_text = 'reused id edited 重用' WHERE dedupe_key = 'k3'")
    path = vault.path
    vault.lock()
    again = Vault.open(path, TEST_PASSPHRASE, use_keyring=False)
    try:
        db = again.db
        assert hits(db, "已修改") == [1] and hits(db, "第一条") == []
        assert len(hits(db, "reused id edited")) == 1 and not search.pending(db)
        db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        again.lock()


def test_a_failed_batch_leaves_neither_rows_nor_index_entries(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db, [sms(1, "kept message")])

    def broken(*_a: Any) -> None:
        raise StorageError("disk full")

    with pytest.raises(StorageError):
        ingest(db, [sms(2, "lost message")], in_transaction=broken)
    assert hits(db, "lost message") == [] and len(hits(db, "kept message")) == 1
    assert not search.pending(db)
    # the next import indexes its own rows as before
    ingest(db, [sms(3, "after the failure")])
    assert len(hits(db, "after the failure")) == 1 and not search.pending(db)
    db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
