"""The vault's promises: P1 no plaintext, P2 no silent recreation, P3 no key beside the DB, P6 KDF floor,
P9 tamper detection, P11 durability PRAGMAs, P12 consistent backups, P13 surfaced write failures."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privatrack.core import household as hh
from privatrack.core import keys
from privatrack.core.errors import (
    StorageError,
    VaultCorrupted,
    VaultExists,
    VaultNotFound,
    VaultTooNew,
    WeakKdf,
    WrongPassphrase,
)
from privatrack.core.paths import key_file_for
from privatrack.core.store.connection import connect
from privatrack.core.store.vault import Vault
from tests.conftest import TEST_PASSPHRASE, fast_kdf

MARKER_EMAIL = "zq-unique-marker-7731@example.org"
MARKER_NAME = "Zebulon Quartermaine-Marker"


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def _populate(vault: Vault) -> None:
    hh.add_person(vault.db, MARKER_NAME)
    hh.add_detail(vault.db, MARKER_NAME, "email", MARKER_EMAIL)
    hh.add_detail(vault.db, MARKER_NAME, "phone", "+86 139 1234 5678")
    hh.add_merchant(vault.db, "Marker Shop", domains=["marker-shop.example"])
    hh.disclose(vault.db, "Marker Shop", MARKER_EMAIL, "2024-01-01", "registration")


def _grep(directory: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for p in directory.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            hits += [f"{p.name}: {n!r}" for n in needles if n in data]
    return hits


def _needles(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def test_no_plaintext_at_rest_in_db_wal_shm_and_tmp(vault: Vault, tmp_path: Path, monkeypatch) -> None:  # P1
    tmpdir = tmp_path / "sqlite-tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmpdir))
    _populate(vault)
    # While the connection is open, the WAL and SHM exist and hold the latest pages.
    assert vault.path.with_name(vault.path.name + "-wal").exists()
    assert vault.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    needles = _needles(MARKER_EMAIL) + _needles(MARKER_NAME) + [b"+8613912345678"]
    assert _grep(vault.path.parent, needles) == []
    assert _grep(tmpdir, needles) == []
    assert vault.path.read_bytes()[:16] != b"SQLite format 3\x00"
    (tmp_path / "backups").mkdir()
    backup = vault.backup(tmp_path / "backups" / "b.db")
    assert _grep(backup.parent, needles) == []
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"


def test_durability_pragmas_on_every_open(vault: Vault) -> None:  # P11
    for db in (vault.db, vault.connect()):
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_wrong_passphrase_changes_nothing(vault: Vault) -> None:  # P2
    _populate(vault)
    vault.lock()
    before = _snapshot(vault.path.parent)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, "not the passphrase")
    assert _snapshot(vault.path.parent) == before


def test_corrupted_wrapped_key_refuses_and_keeps_files(vault: Vault) -> None:  # P2
    vault.lock()
    kp = key_file_for(vault.path)
    data = json.loads(kp.read_text())
    slot = data["slots"][0]
    raw = bytearray(__import__("base64").b64decode(slot["wrapped"]))
    raw[3] ^= 0x01
    slot["wrapped"] = __import__("base64").b64encode(bytes(raw)).decode()
    kp.write_text(json.dumps(data))
    before = _snapshot(vault.path.parent)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, TEST_PASSPHRASE)
    assert _snapshot(vault.path.parent) == before


def test_missing_or_damaged_key_file_never_recreates(vault: Vault) -> None:  # P2
    vault.lock()
    kp = key_file_for(vault.path)
    kp.write_text("{not json")
    before = _snapshot(vault.path.parent)
    with pytest.raises(VaultCorrupted):
        Vault.open(vault.path, TEST_PASSPHRASE)
    kp.unlink()
    with pytest.raises(VaultNotFound):
        Vault.open(vault.path, TEST_PASSPHRASE)
    after = _snapshot(vault.path.parent)
    before.pop(kp.name)
    assert after == before


def test_open_never_creates_a_vault(tmp_path: Path) -> None:  # P2
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nothing.db", TEST_PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_to_overwrite(vault: Vault) -> None:
    with pytest.raises(VaultExists):
        Vault.create(vault.path, "other", kdf=fast_kdf())


def test_key_never_beside_the_database(vault: Vault) -> None:  # P3
    _populate(vault)
    key = vault.key
    import base64

    forms = [key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key)]
    assert _grep(vault.path.parent, forms) == []
    slots = json.loads(key_file_for(vault.path).read_text())["slots"]
    assert {s["type"] for s in slots} == {"passphrase"}
    assert set(slots[0]) == {"type", "nonce", "wrapped", "kdf"}


def test_database_is_keyed_with_raw_key_not_passphrase(vault: Vault) -> None:  # P6
    from privatrack.core.store.connection import key_pragma

    assert key_pragma(b"\x01" * 32) == "PRAGMA key = \"x'" + "01" * 32 + "'\""
    vault.lock()
    # The raw key opens the file directly; the passphrase as a SQLCipher key does not.
    v = Vault.open(vault.path, TEST_PASSPHRASE)
    raw = connect(str(v.path), v.key, page_size=v.keyfile.page_size)
    assert raw.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    raw.close()
    import sqlcipher3

    c = sqlcipher3.connect(str(v.path))
    c.execute(f"PRAGMA key = '{TEST_PASSPHRASE}'")
    c.execute(f"PRAGMA cipher_page_size = {v.keyfile.page_size}")
    with pytest.raises(sqlcipher3.DatabaseError):
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
    c.close()
    v.lock()


def test_kdf_floor_and_stored_parameters(vault: Vault) -> None:  # P6
    kdf = json.loads(key_file_for(vault.path).read_text())["slots"][0]["kdf"]
    assert kdf["name"] == "argon2id"
    assert kdf["memory_kib"] >= 64 * 1024 and kdf["iterations"] >= 3
    with pytest.raises(WeakKdf):
        vault.change_passphrase("x" * 12, keys.KdfParams(salt=os.urandom(16), iterations=1, memory_kib=65536))
    with pytest.raises(WeakKdf):
        vault.change_passphrase("x" * 12, keys.KdfParams(salt=os.urandom(16), iterations=3, memory_kib=8192))
    # A refused re-wrap leaves the old passphrase working.
    vault.lock()
    Vault.open(vault.path, TEST_PASSPHRASE).lock()


def test_calibration_never_goes_below_the_floor() -> None:  # P6
    p = keys.calibrate(target_seconds=0.0001, memory_kib=1024)
    assert p.memory_kib >= keys.MIN_MEMORY_KIB and p.iterations >= keys.MIN_ITERATIONS
    p.check_floor()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wrong=st.text(min_size=1, max_size=40))
def test_any_other_passphrase_fails(vault: Vault, wrong: str) -> None:  # P6 (property)
    if wrong == TEST_PASSPHRASE:
        return
    with pytest.raises(WrongPassphrase):
        vault.keyfile.unlock_with_passphrase(wrong)


def test_passphrase_change_keeps_data(vault: Vault) -> None:
    _populate(vault)
    vault.change_passphrase("a brand new passphrase", fast_kdf())
    vault.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, TEST_PASSPHRASE)
    v = Vault.open(vault.path, "a brand new passphrase")
    assert [p["name"] for p in hh.list_people(v.db)] == [MARKER_NAME]
    assert v.integrity_problems() == []
    v.lock()


def test_tampered_page_is_detected_not_displayed(vault: Vault, tmp_path: Path) -> None:  # P9
    _populate(vault)
    for i in range(600):
        hh.add_person(vault.db, f"Filler {i} " + "x" * 200)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()
    copy = tmp_path / "tampered.db"
    page = vault.keyfile.page_size
    data = bytearray(vault.path.read_bytes())
    assert len(data) > page * 4
    data[page * 2 + 100] ^= 0x40  # one byte in page 3
    copy.write_bytes(bytes(data))
    key_file_for(vault.path).replace(key_file_for(copy))
    with pytest.raises(VaultCorrupted):
        v = Vault.open(copy, TEST_PASSPHRASE)
        # If the schema pages survived, reading the damaged page must fail rather than return rows.
        v.db.execute("SELECT * FROM people").fetchall()
        v.lock()


def test_cipher_integrity_check_lists_the_page(vault: Vault) -> None:  # P9
    _populate(vault)
    for i in range(400):
        hh.add_person(vault.db, f"Filler {i} " + "y" * 300)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    key, page = vault.key, vault.keyfile.page_size
    vault.lock()
    data = bytearray(vault.path.read_bytes())
    assert len(data) > page * 6
    data[page * 5 + 50] ^= 0x01
    vault.path.write_bytes(bytes(data))
    db = connect(str(vault.path), key, readonly=True, page_size=page)
    problems = db.execute("PRAGMA cipher_integrity_check").fetchall()
    db.close()
    assert any("6" in str(row[0]) for row in problems), problems


def test_backup_while_writing_is_consistent(vault: Vault, tmp_path: Path) -> None:  # P12
    hh.add_person(vault.db, "Writer")
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        w = vault.connect()
        try:
            i = 0
            while not stop.is_set():
                with w.atomic():
                    w.execute("INSERT INTO settings(key, value) VALUES (?, ?)", [f"k{i}", "v" * 100])
                i += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            w.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        dests = [vault.backup(tmp_path / f"b{i}.db") for i in range(3)]
    finally:
        stop.set()
        t.join()
    assert not errors
    for d in dests:
        b = Vault.open(d, TEST_PASSPHRASE)
        assert b.integrity_problems() == []
        assert [p["name"] for p in hh.list_people(b.db)] == ["Writer"]
        b.lock()
    assert not list(tmp_path.glob(".*partial"))


def test_write_failure_surfaces_and_rolls_back(vault: Vault) -> None:  # P13
    hh.add_person(vault.db, "Before")
    pages = vault.db.execute("PRAGMA page_count").fetchone()[0]
    vault.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now "full"
    with pytest.raises(StorageError):
        hh.add_merchant(vault.db, "Huge Merchant", aliases=[f"alias {i} " + "z" * 500 for i in range(200)])
    vault.db.execute("PRAGMA max_page_count = 1073741823")
    assert vault.db.execute("SELECT count(*) FROM merchants").fetchone()[0] == 0
    assert vault.db.execute("SELECT count(*) FROM merchant_identifiers").fetchone()[0] == 0
    assert [p["name"] for p in hh.list_people(vault.db)] == ["Before"]
    assert vault.integrity_problems() == []


def test_newer_schema_is_refused(vault: Vault) -> None:  # P23 (no downgrade)
    vault.db["_sqlite_migrations"].insert(
        {"migration_set": "privatrack", "name": "m999_from_the_future", "applied_at": "2030-01-01"}
    )
    vault.lock()
    with pytest.raises(VaultTooNew):
        Vault.open(vault.path, TEST_PASSPHRASE)


def test_lock_drops_connection_and_key(vault: Vault) -> None:  # P7 (core part)
    from privatrack.core.errors import VaultLocked

    vault.lock()
    assert vault.is_locked
    with pytest.raises(VaultLocked):
        vault.db.execute("SELECT 1")
    with pytest.raises(VaultLocked):
        _ = vault.key


def test_restore_replaces_contents_and_keeps_passphrase(vault: Vault, tmp_path: Path) -> None:  # P12
    hh.add_person(vault.db, "In Backup")
    backup = vault.backup(tmp_path / "b.db")
    hh.add_person(vault.db, "After Backup")
    vault.change_passphrase("newer passphrase", fast_kdf())
    vault.restore_from(backup, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(vault.db)] == ["In Backup"]
    assert vault.integrity_problems() == []
    vault.lock()
    Vault.open(vault.path, "newer passphrase").lock()  # the vault's own key file still rules


def test_restore_refuses_a_backup_of_another_vault(vault: Vault, tmp_path: Path) -> None:
    from privatrack.core.errors import InvalidInput

    other = Vault.create(tmp_path / "other" / "v.db", TEST_PASSPHRASE, kdf=fast_kdf())
    hh.add_person(other.db, "Stranger")
    b = other.backup(tmp_path / "other.db")
    other.lock()
    hh.add_person(vault.db, "Mine")
    with pytest.raises(InvalidInput):
        vault.restore_from(b, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(vault.db)] == ["Mine"]


def test_sigkill_during_restore_leaves_the_vault_as_it_was(vault: Vault, tmp_path: Path) -> None:  # P12
    import subprocess
    import sys

    hh.add_person(vault.db, "Original")
    for i in range(300):
        hh.add_person(vault.db, f"Backup filler {i} " + "b" * 400)
    backup = vault.backup(tmp_path / "big.db")
    with vault.db.atomic():
        vault.db.execute("DELETE FROM people WHERE name LIKE 'Backup filler%'")
    vault.lock()
    script = f"""
import os, signal
import privatrack.core
from privatrack.core.store.vault import Vault
v = Vault.open({str(vault.path)!r}, {TEST_PASSPHRASE!r})
calls = []
def progress(remaining, total):
    calls.append(remaining)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # midway through copying pages
v.restore_from({str(backup)!r}, {TEST_PASSPHRASE!r}, progress=progress, pages=4)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    v = Vault.open(vault.path, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Original"]
    assert v.integrity_problems() == []
    v.lock()


def test_restore_a_lost_vault_from_its_backup(vault: Vault, tmp_path: Path) -> None:
    hh.add_person(vault.db, "Saved")
    backup = vault.backup(tmp_path / "b.db")
    vault.lock()
    lost = tmp_path / "new-machine" / "vault.db"
    Vault.restore_missing(backup, lost)
    v = Vault.open(lost, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Saved"]
    v.lock()
    with pytest.raises(VaultExists):
        Vault.restore_missing(backup, lost)


def test_backup_never_overwrites_an_existing_key_file(vault: Vault, tmp_path: Path) -> None:
    precious = tmp_path / "b.db.keys"
    precious.write_text("the key file of an older backup")
    with pytest.raises(VaultExists):
        vault.backup(tmp_path / "b.db")
    assert precious.read_text() == "the key file of an older backup"
    assert not (tmp_path / "b.db").exists()


def test_page_size_is_recorded_and_kept_by_backup_and_restore(vault: Vault, tmp_path: Path) -> None:
    # new vaults use 16 KiB pages (bulk imports); the key file says so, since the encrypted file cannot
    assert vault.keyfile.page_size == 16384
    assert json.loads(key_file_for(vault.path).read_text())["page_size"] == 16384
    assert int(vault.db.execute("PRAGMA cipher_page_size").fetchone()[0]) == 16384
    assert int(vault.db.execute("PRAGMA page_size").fetchone()[0]) == 16384
    hh.add_person(vault.db, "Before")
    dest = vault.backup(tmp_path / "b.db")
    copy = Vault.open(dest, TEST_PASSPHRASE, use_keyring=False)
    assert int(copy.db.execute("PRAGMA page_size").fetchone()[0]) == 16384
    copy.lock()
    hh.add_person(vault.db, "After")
    vault.restore_from(dest, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(vault.db)] == ["Before"]
    # opened with another page size, the file does not decrypt: the recorded size matters
    with pytest.raises(VaultCorrupted):
        connect(str(vault.path), vault.key, readonly=True, page_size=4096)

