"""The unlock dialog: create a vault, wrong passphrase and retry, a damaged vault refused without side effects."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt

from privatrack.core import household as hh
from privatrack.core.paths import key_file_for
from privatrack.core.store.vault import Vault
from privatrack.gui.dialogs.unlock import UnlockDialog
from tests.conftest import TEST_PASSPHRASE


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_create_vault_through_the_dialog(qtbot, vault_path: Path) -> None:
    dlg = UnlockDialog(vault_path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.mode == "create"
    assert dlg.confirm_edit.isVisible()
    # The test environment has no Secret Service: the box is off and says why in one line.
    qtbot.waitUntil(lambda: "passphrase-only" in dlg.keyring_note.text())
    assert not dlg.keyring_box.isEnabled()

    qtbot.keyClicks(dlg.passphrase_edit, "a long enough passphrase")
    qtbot.keyClicks(dlg.confirm_edit, "a long enough passphrase")
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.vault is not None and not dlg.vault.is_locked
    assert vault_path.exists() and key_file_for(vault_path).exists()
    hh.add_person(dlg.vault.db, "Alice")
    dlg.vault.lock()
    # The passphrase typed into the dialog is what protects the vault.
    reopened = Vault.open(vault_path, "a long enough passphrase", use_keyring=False)
    assert [p["name"] for p in hh.list_people(reopened.db)] == ["Alice"]
    reopened.lock()


def test_create_refuses_mismatched_or_short_passphrase(qtbot, vault_path: Path) -> None:
    dlg = UnlockDialog(vault_path)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.passphrase_edit, "first passphrase")
    qtbot.keyClicks(dlg.confirm_edit, "second passphrase")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.error_label.isVisible() and "differ" in dlg.error_label.text()
    dlg.passphrase_edit.setText("short")
    dlg.confirm_edit.setText("short")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert "8 characters" in dlg.error_label.text()
    assert dlg.vault is None
    assert not vault_path.exists() and not key_file_for(vault_path).exists()


def test_wrong_passphrase_shows_error_and_allows_retry(qtbot, vault: Vault) -> None:
    hh.add_person(vault.db, "Bob")
    vault.lock()
    before = _snapshot(vault.path.parent)

    dlg = UnlockDialog(vault.path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.mode == "open"
    assert not dlg.confirm_edit.isVisible()
    qtbot.waitUntil(lambda: dlg.ok_button.isEnabled())  # the silent keyring try has finished

    qtbot.keyClicks(dlg.passphrase_edit, "not the passphrase")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error_label.isVisible(), timeout=10_000)
    assert "Wrong passphrase" in dlg.error_label.text()
    assert dlg.vault is None and not dlg.fatal
    assert _snapshot(vault.path.parent) == before  # P2: nothing touched

    qtbot.waitUntil(lambda: dlg.ok_button.isEnabled())
    dlg.passphrase_edit.clear()
    qtbot.keyClicks(dlg.passphrase_edit, TEST_PASSPHRASE)
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert [p["name"] for p in hh.list_people(dlg.vault.db)] == ["Bob"]
    dlg.vault.lock()


def test_damaged_vault_is_refused_and_nothing_is_created(qtbot, vault: Vault) -> None:
    hh.add_person(vault.db, "Carol")
    vault.lock()
    data = bytearray(vault.path.read_bytes())
    for i in range(5000, 5064):  # inside the first page's encrypted payload
        data[i] ^= 0xFF
    vault.path.write_bytes(bytes(data))
    before = _snapshot(vault.path.parent)

    dlg = UnlockDialog(vault.path)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.ok_button.isEnabled())
    qtbot.keyClicks(dlg.passphrase_edit, TEST_PASSPHRASE)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.fatal, timeout=10_000)
    assert "damaged" in dlg.error_label.text()
    assert not dlg.ok_button.isEnabled()
    assert dlg.vault is None
    assert _snapshot(vault.path.parent) == before


def test_unwritable_folder_is_explained(qtbot, tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        target = Path("/proc/privatrack-test/vault.db")  # root can write anywhere else
    else:
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        target = locked / "sub" / "vault.db"
    dlg = UnlockDialog(target)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.passphrase_edit.setText("a long enough passphrase")
    dlg.confirm_edit.setText("a long enough passphrase")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error_label.isVisible(), timeout=10_000)
    assert "cannot be used" in dlg.error_label.text()
    assert dlg.vault is None and dlg.ok_button.isEnabled()


def test_cancel_forgets_the_typed_passphrase(qtbot, vault: Vault) -> None:
    vault.lock()
    dlg = UnlockDialog(vault.path, try_keyring=False)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.passphrase_edit, "half typed secret")
    dlg.reject()
    assert dlg.passphrase_edit.text() == ""
