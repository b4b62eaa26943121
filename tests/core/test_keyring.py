"""Keyring unlock: P4 (works with no, failing or hanging Secret Service), P5 (a keyring change never locks the
user out), and a round trip against a real Secret Service (gnome-keyring under dbus-run-session in CI)."""

from __future__ import annotations

import os
import threading
import time

import keyring
import keyring.backend
import pytest

from privatrack.core import household as hh
from privatrack.core import secrets
from privatrack.core.errors import KeyringUnavailable, VaultLocked
from privatrack.core.store.vault import Vault
from tests.conftest import TEST_PASSPHRASE
from tests.keyrings import MemoryKeyring


class HangingKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(120)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(120)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(120)


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(previous)


def test_keyring_round_trip_unlocks_without_passphrase(vault: Vault, memory_keyring: MemoryKeyring) -> None:
    hh.add_person(vault.db, "Keyring User")
    vault.enable_keyring()
    # Only a random key-encryption key goes to the keyring, never the vault key itself.
    assert list(memory_keyring.store.values()) != [vault.key.hex()]
    assert all(vault.key.hex() not in v for v in memory_keyring.store.values())
    vault.lock()
    assert not Vault.needs_passphrase(vault.path)
    v = Vault.open(vault.path, None)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Keyring User"]
    v.lock()


def test_no_keyring_backend_means_passphrase_mode(vault: Vault) -> None:  # P4: fail backend (conftest default)
    reason = secrets.keyring_status()
    assert reason and "passphrase-only" in reason
    with pytest.raises(KeyringUnavailable):
        vault.enable_keyring()
    vault.lock()
    with pytest.raises(VaultLocked):
        Vault.open(vault.path, None)
    Vault.open(vault.path, TEST_PASSPHRASE).lock()


def test_no_dbus_session_means_passphrase_mode(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:  # P4
    from keyring.backends import SecretService

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(SecretService.Keyring())
    try:
        vault.lock()
        start = time.monotonic()
        v = Vault.open(vault.path, TEST_PASSPHRASE)
        assert time.monotonic() - start < 5
        v.lock()
    finally:
        keyring.set_keyring(previous)


def test_hanging_keyring_is_abandoned_within_5s(vault: Vault, memory_keyring: MemoryKeyring) -> None:  # P4
    vault.enable_keyring()
    vault.lock()
    hanging = HangingKeyring()
    keyring.set_keyring(hanging)
    try:
        start = time.monotonic()
        v = Vault.open(vault.path, TEST_PASSPHRASE)
        elapsed = time.monotonic() - start
        assert elapsed < 5, elapsed
        assert v.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
        v.lock()
    finally:
        hanging.release.set()
    # Nothing was written in plaintext as a fallback: only the vault, its WAL/SHM and the key file exist.
    names = {p.name for p in vault.path.parent.iterdir()}
    assert names <= {"vault.db", "vault.db-wal", "vault.db-shm", "vault.db.keys"}


def test_keyring_entry_deleted_passphrase_still_unlocks(vault: Vault, memory_keyring: MemoryKeyring) -> None:  # P5
    hh.add_person(vault.db, "Still Here")
    vault.enable_keyring()
    vault.lock()
    memory_keyring.store.clear()  # the user wiped the keyring, or the backend changed
    assert Vault.needs_passphrase(vault.path)
    v = Vault.open(vault.path, TEST_PASSPHRASE)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Still Here"]
    v.enable_keyring()  # re-enrol
    v.lock()
    Vault.open(vault.path, None).lock()


def test_keyring_backend_switched_passphrase_still_unlocks(vault: Vault, memory_keyring: MemoryKeyring) -> None:
    vault.enable_keyring()
    vault.lock()
    keyring.set_keyring(MemoryKeyring())  # a different, empty backend
    v = Vault.open(vault.path, TEST_PASSPHRASE)
    v.lock()


@pytest.fixture
def real_secret_service():  # type: ignore[no-untyped-def]
    """The real Secret Service (gnome-keyring) when a session bus offers one; CI requires it."""
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    required = os.environ.get("PRIVATRACK_REQUIRE_KEYRING") == "1"
    try:
        ok = bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")) and backend.priority > 0
        backend.set_password("privatrack-test", "probe", "x")
        backend.delete_password("privatrack-test", "probe")
    except Exception as exc:  # noqa: BLE001
        ok = False
        why = f"{type(exc).__name__}: {exc}"
    else:
        why = "no session bus"
    if not ok:
        if required:
            pytest.fail(f"a real Secret Service is required here but is unavailable ({why})")
        pytest.skip(f"no real Secret Service ({why}); run under dbus-run-session with gnome-keyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_real_secret_service_round_trip(vault: Vault, real_secret_service) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(vault.db, "Real Keyring")
    vault.enable_keyring()
    name = vault.keyfile.keyring_name
    assert real_secret_service.get_password(secrets.SERVICE, name)
    vault.lock()
    v = Vault.open(vault.path, None)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Real Keyring"]
    # P5 against the real backend: delete the item; the passphrase still unlocks and re-enrols.
    real_secret_service.delete_password(secrets.SERVICE, name)
    v.lock()
    v = Vault.open(vault.path, TEST_PASSPHRASE)
    v.disable_keyring()
    assert not v.keyring_enrolled
    v.lock()
