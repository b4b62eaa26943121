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
    """The rows the full-text index alone finds for ``text`` (never the LIKE scan)."""
    expr = search.term_expression(text)
    assert expr is not None, text
    return [r[0] for r in db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid",
                                      [expr]).fetchall()]


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


def found(db: Any, text: str) -> list[int]:
    """What the app's search (GUI and ``messages --search``) finds for ``text``, index or LIKE."""
    cond, args = search.where(text)
    return [r[0] for r in db.execute(f"SELECT m.id FROM messages m WHERE {cond} ORDER BY m.id", args)]


def test_search_finds_words_word_starts_chinese_pairs_and_parts_of_numbers(db: Any) -> None:
    texts = [
        ("+8613812345678", "【京东】您的订单已发货，请注意查收"),
        ("shop@mail.acme.example", "Your receipt from Café Olé: order #A-1001 shipped"),
        ("10690000", "晚上一起吃饭吗？ 回T退订"),
        ("friend@example.org", "東京駅で会いましょう。서울에서 만나요 ร้านกาแฟ"),
        ("95588", "账户 6222 **** 1234 转入 500 元"),
    ]
    ingest(db, [
        RawMessage(channel="sms", source="b.xml", item=f"#{i}", raw=f"<sms n='{i}'/>".encode(), sender=sender,
                   body_text=body, date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dedupe_key=f"s:{i}")
        for i, (sender, body) in enumerate(texts, 1)
    ])
    ids = {sender: i for i, sender in db.execute("SELECT id, sender FROM messages")}
    jd, acme, dinner, tokyo, bank = (ids[s] for s, _ in texts)
    # two-character Chinese words and any longer run go through the index (trigrams needed three characters)
    for text in ("订单", "已发货", "单已发", "注意查收", "吃饭", "退订"):
        assert search.term_expression(text) is not None
    assert found(db, "订单") == [jd] and found(db, "单已发") == [jd] and found(db, "退订") == [dinner]
    assert found(db, "订单 退订") == []  # every term must occur
    assert found(db, "京东 查收") == [jd]
    # one Chinese character goes through the index too, wherever it stands in a run
    for text, expected in (("货", [jd]), ("订", [jd, dinner]), ("收", [jd]), ("吗", [dinner]), ("发货，", [jd]),
                           ("货，请", [jd]), ("京", [jd, tokyo]), ("东】您", [jd]), ("元", [bank])):
        assert search.term_expression(text) is not None and found(db, text) == expected, text
    # words: case and accents folded, the last word may be the start of a longer one, punctuation is no word
    assert found(db, "RECEIPT") == [acme] and found(db, "cafe ole") == [acme] and found(db, "receip") == [acme]
    assert found(db, "a-1001") == [acme] and found(db, '"order #A-1001 shipped"') == [acme]
    assert found(db, '"shipped order"') == [] and found(db, "shipped order") == [acme]  # a phrase keeps its order
    assert found(db, "mail.acme") == [acme] and found(db, "shop@mail") == [acme]
    # Japanese, Korean and Thai words inside longer runs
    assert found(db, "東京") == [tokyo] and found(db, "서울") == [tokyo] and found(db, "กาแฟ") == [tokyo]
    # any part of a sender's number, written with or without separators
    for part in ("13812345678", "138 1234 5678", "138-1234", "5678", "+86 138", "95588", "558"):
        assert (jd in found(db, part)) == (part != "95588" and part != "558"), part
    assert found(db, "95588") == [bank] and found(db, "6222") == [bank]
    # FTS syntax is data: no error, and no match unless the words occur
    assert found(db, '" OR NEAR( * AND') == [] and found(db, "NOT") == [] and found(db, "^%_\\") == []
    assert found(db, "") == [jd, acme, dinner, tokyo, bank]


def test_an_edited_text_is_searched_as_it_now_reads(db: Any) -> None:
    ingest(db, [sms(1, "first words 第一条消息"), sms(2, "other words")])
    db.execute("UPDATE messages SET body_text = 'edited words 已修改' WHERE id = 1")
    assert search.pending(db) and found(db, "第一条") == [] and found(db, "edited") == []
    with db.atomic():
        assert search.catch_up(db) == 1
    assert not search.pending(db)
    assert found(db, "已修改") == [1] and found(db, "edited") == [1] and found(db, "words") == [1, 2]
    # an edit of a row not indexed yet, and a delete of an edited one, leave nothing stale behind
    db.execute("UPDATE messages SET body_text = 'again 再次' WHERE id = 2")
    db.execute("DELETE FROM messages WHERE id = 2")
    assert db.execute("SELECT count(*) FROM fts_stale").fetchone()[0] == 0
    assert found(db, "other") == [] and found(db, "再次") == [] and found(db, "words") == [1]
    db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")


def test_a_huge_text_is_indexed_up_to_a_bound_in_bounded_memory(db: Any) -> None:
    import tracemalloc

    body = "尊敬的客户您好" * 700_000 + " 结尾的暗号"  # 4.9 million characters, one run of Chinese
    tracemalloc.start()
    try:
        indexed = search.index_text(body) or ""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(indexed) <= 3 * search.MAX_INDEXED_CHARS and peak < 60_000_000, peak
    ingest(db, [sms(1, body), sms(2, "暗号 in a short one")])
    assert found(db, "客户您好") == [1] and found(db, "暗号") == [2]  # the end of the huge one is past the bound


def test_no_search_text_fails_and_odd_scripts_match_what_they_should(vault: Any) -> None:
    db = vault.db
    bodies = ["ทองคำราคาขึ้น", "ที่นี่ดีมาก", "ดาวดวงใหม่", "ｱﾏｿﾞﾝｼﾞﾔﾊﾟﾝ ｶｰﾄﾞ", "ＡＢＣ１２３ full width", "my_file.txt",
              "Room 1999 booked"]
    ingest(db, [sms(i, b) for i, b in enumerate(bodies, 1)])
    # Thai marks belong to their letters: "ที่" is not any pair that starts with "ท"
    assert found(db, "ที่") == [2] and found(db, "ดี") == [2] and found(db, "ราคา") == [1]
    # half-width katakana and full-width Latin as their usual forms, either way round
    assert found(db, "ｼﾞﾔﾊﾟﾝ") == [4] and found(db, "ジヤパン") == [4] and found(db, "abc123") == [5]
    assert found(db, "ＡＢＣ") == [5]
    assert found(db, "_") == [6] and found(db, "my_file") == [6]
    assert found(db, "19.99") == [] and found(db, "1999") == [7]  # digits alone match the sender's, not the text's
    # texts that once raised (FTS5 string ends at NUL, SQLite's expression depth and LIKE pattern limits)
    for text in ("a\x00b", "\x00", "! " * 1000, "货" + "!" * 60000, "caf\udce9", "x" * 100_000, "\x7f\x1b[0m"):
        found(db, text)
    assert found(db, "\x00") == found(db, "") and found(db, "ทอง\x00คำ") == [1]
    # a BLOB body written by another tool is not indexed, and the vault still opens and imports
    db.execute("INSERT INTO messages(channel, source, dedupe_key, body_text, sha256, imported_at) "
               "VALUES ('sms', 'script', 'blob', X'e8aea2e58d95', 'x', '2024-01-01')")
    path = vault.path
    vault.lock()
    again = Vault.open(path, TEST_PASSPHRASE, use_keyring=False)
    try:
        assert not search.pending(again.db)
        ingest(again.db, [sms(99, "after the blob 之后")])
        assert found(again.db, "之后") == [9]
    finally:
        again.lock()


def test_any_piece_of_a_chinese_run_is_found_and_nothing_else() -> None:
    """Property: with the index's tokenizer, a term matches a text exactly when the text holds the term (for
    terms of unspaced-script characters), whatever its length and wherever it stands in a run."""
    import inspect

    import sqlcipher3
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from privatrack.core.store import migrations

    tokenizer = "unicode61 remove_diacritics 2 categories ''L* N* Co Mn Mc''"
    assert tokenizer in inspect.getsource(migrations.m006_fts_words)  # the vault's
    conn = sqlcipher3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body_text, content='', tokenize='{tokenizer}')")
    runs = st.text(alphabet="订单已发货京东", min_size=1, max_size=8)
    texts = st.lists(runs, min_size=1, max_size=4).map(lambda rs: "，".join(rs))

    @settings(max_examples=300, deadline=None)
    @given(texts, runs)
    def check(text: str, term: str) -> None:
        conn.execute("INSERT INTO t(t) VALUES ('delete-all')")
        conn.execute("INSERT INTO t(rowid, body_text) VALUES (1, ?)", [search.index_text(text)])
        expr = search.term_expression(term)
        hit = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expr]).fetchone()[0] == 1
        assert hit == (term in text), (text, term, expr)

    check()
