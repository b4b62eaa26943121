"""P23: a vault written by every past schema generation opens, migrates and keeps its rows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from privatrack.core import household as hh
from privatrack.core.store.migrations import known_names, migrations
from privatrack.core.store.vault import Vault

FIXTURES = Path(__file__).parent.parent / "fixtures"
PASSPHRASE = "fixture passphrase"


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    for name in ("vault.db", "vault.db.keys"):
        shutil.copy(FIXTURES / "vault_m001" / name, tmp_path / name)
    return tmp_path / "vault.db"


def test_m001_vault_migrates_and_keeps_rows(old_vault: Path) -> None:
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert v.integrity_problems() == []
        # made before 16 KiB pages: no page size in its key file, SQLCipher's 4 KiB default
        assert v.keyfile.page_size == 4096 and int(v.db.execute("PRAGMA page_size").fetchone()[0]) == 4096
        counts = {t: v.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("people", "details", "merchants", "disclosures", "consent_events")}
        assert counts == {"people": 1, "details": 1, "merchants": 1, "disclosures": 1, "consent_events": 1}
        rec = hh.merchant_record(v.db, "Fixture Shop")
        assert rec["disclosures"][0]["detail"] == "+8613800138000"
        assert rec["consent_state"] == {"sms": "invalid_default"}
        # New tables from later migrations are usable.
        assert v.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    finally:
        v.lock()


def test_migration_killed_midway_leaves_old_vault_openable(old_vault: Path) -> None:
    """SIGKILL inside the second migration: the file still opens and the migration completes later."""
    script = f"""
import os, signal
import privatrack.core
from privatrack.core.store import migrations as m
from privatrack.core.store.vault import Vault
orig = m.migrations._migrations[1].fn
def killer(db):
    orig(db)  # the migration's statements ran inside its transaction ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before COMMIT
m.migrations._migrations[1].fn = killer
Vault.open({str(old_vault)!r}, {PASSPHRASE!r})
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert v.integrity_problems() == []
        assert v.db.execute("SELECT count(*) FROM people").fetchone()[0] == 1
    finally:
        v.lock()


def test_fresh_vault_has_every_migration(vault: Vault) -> None:
    assert [m.name for m in migrations.applied(vault.db)] == known_names()


def test_m002_vault_with_messages_moves_to_the_watermark_index(old_vault: Path) -> None:
    # the vault as the previous release left it: m002, messages indexed by the insert trigger
    from privatrack.core import keys
    from privatrack.core.importers.pipeline import ingest
    from privatrack.core.models import RawMessage
    from privatrack.core.paths import key_file_for
    from privatrack.core.store import search
    from privatrack.core.store.connection import connect

    key = keys.KeyFile.load(key_file_for(old_vault)).unlock_with_passphrase(PASSPHRASE)
    db = connect(str(old_vault), key)
    migrations.apply(db, stop_before="m003_fts_watermark")
    with db.conn:
        for i in range(3):
            db.execute("INSERT INTO messages(channel, source, dedupe_key, body_text, sha256, imported_at) "
                       "VALUES ('sms', 'old', ?, ?, 'x', '2024-01-01')", [f"old{i}", f"旧消息 old message {i}"])
    db.close()

    def hits(d: Any, text: str) -> int:
        expr = search.term_expression(text)
        return d.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", [expr]).fetchone()[0]

    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert v.db.execute("SELECT indexed_upto FROM fts_state").fetchone()[0] == 3 and not search.pending(v.db)
        assert hits(v.db, "旧消息") == 3
        ingest(v.db, [RawMessage(channel="sms", source="new", item="#1", raw=b"<sms/>", body_text="新消息 new one",
                                 dedupe_key="new1")])
        assert hits(v.db, "新消息") == 1 and hits(v.db, "old message 1") == 1
        v.db.execute("DELETE FROM messages WHERE dedupe_key = 'old0'")
        assert hits(v.db, "旧消息") == 2
        v.db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        v.lock()


def test_m005_rebuilds_merchant_identifiers_keeping_rows_and_rules(old_vault: Path) -> None:
    # the vault as m004 left it, with identifiers of every old kind
    from privatrack.core import keys
    from privatrack.core.paths import key_file_for
    from privatrack.core.store.connection import connect

    key = keys.KeyFile.load(key_file_for(old_vault)).unlock_with_passphrase(PASSPHRASE)
    db = connect(str(old_vault), key)
    migrations.apply(db, stop_before="m005_merchant_email_senders")
    mid = hh.add_merchant(db, "Tuan Deals", aliases=["团购网"], domains=["tuandeals.example"], sms_senders=["10690001"],
                          signatures=["团购网"])
    before = db.execute("SELECT id, merchant_id, kind, value FROM merchant_identifiers ORDER BY id").fetchall()
    # a row whose merchant was deleted while foreign keys were off: left behind, not a reason to refuse the vault
    db.execute("PRAGMA foreign_keys = OFF")
    with db.conn:
        db.execute("INSERT INTO merchant_identifiers(merchant_id, kind, value) VALUES (999, 'alias', 'orphan')")
    db.execute("PRAGMA foreign_keys = ON")
    db.close()
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        rows = v.db.execute("SELECT id, merchant_id, kind, value FROM merchant_identifiers ORDER BY id").fetchall()
        assert rows == before and len(rows) >= 4
        hh.add_merchant(v.db, "Tuan Deals", email_senders=["Deals@QQ.com"])
        assert hh.find_merchant(v.db, "Tuan Deals").email_senders == ["deals@qq.com"]
        with pytest.raises(Exception, match="CHECK"):  # the CHECK still refuses unknown kinds
            v.db.execute("INSERT INTO merchant_identifiers(merchant_id, kind, value) VALUES (?, 'bogus', 'x')", [mid])
        assert [r[1] for r in v.db.execute("PRAGMA index_list(merchant_identifiers)").fetchall()].count(
            "merchant_identifiers_lookup") == 1
        with v.db.conn:
            v.db.execute("DELETE FROM disclosures WHERE merchant_id = ?", [mid])
            v.db.execute("DELETE FROM consent_events WHERE merchant_id = ?", [mid])
            v.db.execute("DELETE FROM merchants WHERE id = ?", [mid])  # ON DELETE CASCADE still holds
        assert v.db.execute("SELECT count(*) FROM merchant_identifiers WHERE merchant_id = ?", [mid]).fetchone()[0] == 0
        assert v.integrity_problems() == []
    finally:
        v.lock()


def test_m006_replaces_the_trigram_index_and_indexes_every_message_again(old_vault: Path) -> None:
    # the vault as m005 left it: messages in the trigram index, one of them edited since
    from privatrack.core import keys
    from privatrack.core.paths import key_file_for
    from privatrack.core.store import search
    from privatrack.core.store.connection import connect

    key = keys.KeyFile.load(key_file_for(old_vault)).unlock_with_passphrase(PASSPHRASE)
    db = connect(str(old_vault), key)
    migrations.apply(db, stop_before="m006_fts_words")
    with db.conn:
        for i, body in enumerate(["您的订单已发货 order shipped", "晚上一起吃饭吗", "Café receipt №7"]):
            db.execute("INSERT INTO messages(channel, source, dedupe_key, sender, body_text, sha256, imported_at) "
                       "VALUES ('sms', 'old', ?, ?, ?, 'x', '2024-01-01')", [f"old{i}", f"+861381234567{i}", body])
        search_before = db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"吃饭吗\"'").fetchall()
    db.close()
    assert search_before == []  # (the old index catches up on open; it was never opened as a vault here)

    def found(d: Any, text: str) -> list[int]:
        cond, args = search.where(text)
        return [r[0] for r in d.execute(f"SELECT m.id FROM messages m WHERE {cond} ORDER BY m.id", args)]

    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert not search.pending(v.db)
        assert v.db.execute("SELECT count(*) FROM messages_fts").fetchone()[0] >= 3
        ids = [r[0] for r in v.db.execute("SELECT id FROM messages WHERE source = 'old' ORDER BY id")]
        assert found(v.db, "吃饭") == [ids[1]] and found(v.db, "cafe receipt") == [ids[2]]
        assert found(v.db, "已发货") == [ids[0]] and found(v.db, "812345670") == [ids[0]]
        v.db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        v.lock()


def test_m007_adds_the_sort_indexes_to_an_old_vault(old_vault: Path) -> None:
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        indexes = {r[0]: r[1] for r in v.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'")}
        for name, col in (("messages_sender", "sender"), ("messages_to", "to_address"),
                          ("messages_channel", "channel")):
            assert f"({col}, date_ts)" in indexes[name]
        assert v.integrity_problems() == []
    finally:
        v.lock()
