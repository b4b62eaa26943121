"""Keyring in the GUI with an in-memory backend: silent unlock, create with "remember", enrol/forget in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from PySide6.QtCore import Qt

from privatrack.core.store.vault import Vault
from privatrack.gui.dialogs.unlock import UnlockDialog
from privatrack.gui.main_window import MainWindow
from tests.keyrings import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_keyring_unlocks_silently_at_start(qtbot, vault: Vault, memory_keyring: MemoryKeyring) -> None:
    vault.enable_keyring()
    vault.lock()
    dlg = UnlockDialog(vault.path)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        dlg.show()
    assert dlg.vault is not None and not dlg.vault.is_locked
    dlg.vault.lock()
    # After an auto-lock the keyring is not used silently (that would defeat the lock), only on request.
    again = UnlockDialog(vault.path, try_keyring=False)
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(200)
    assert again.vault is None and again.keyring_button.isVisible()
    with qtbot.waitSignal(again.accepted, timeout=10_000):
        qtbot.mouseClick(again.keyring_button, Qt.MouseButton.LeftButton)
    again.vault.lock()


def test_create_with_remember_in_keyring(qtbot, vault_path: Path, memory_keyring: MemoryKeyring) -> None:
    dlg = UnlockDialog(vault_path)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.keyring_box.isEnabled(), timeout=5000)
    assert not dlg.keyring_note.isVisible()
    dlg.keyring_box.setChecked(True)
    qtbot.keyClicks(dlg.passphrase_edit, "a long enough passphrase")
    qtbot.keyClicks(dlg.confirm_edit, "a long enough passphrase")
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.vault.keyring_enrolled and memory_keyring.store
    dlg.vault.lock()
    Vault.open(vault_path, None).lock()  # the keyring alone opens it now


def test_settings_enrol_and_forget(qtbot, window: MainWindow, vault: Vault, memory_keyring: MemoryKeyring) -> None:
    page = window.show_section("settings")
    assert page.keyring_button.isEnabled() and not vault.keyring_enrolled
    qtbot.mouseClick(page.keyring_button, Qt.MouseButton.LeftButton)
    assert vault.keyring_enrolled and "also kept in your system keyring" in page.keyring_label.text()
    qtbot.mouseClick(page.keyring_button, Qt.MouseButton.LeftButton)
    assert not vault.keyring_enrolled


class HangingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        import threading

        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None


def test_hanging_keyring_falls_back_to_the_passphrase_and_the_window_stays_live(qtbot, vault: Vault) -> None:
    import time

    from PySide6.QtCore import QTimer

    from tests.conftest import TEST_PASSPHRASE

    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    vault.enable_keyring()
    vault.lock()
    hanging = HangingKeyring()
    keyring.set_keyring(hanging)
    try:
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(50)
        start = time.monotonic()
        dlg = UnlockDialog(vault.path)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.ok_button.isEnabled(), timeout=6000)  # P4: within 5 s
        assert time.monotonic() - start < 5.5
        assert len(ticks) > 20  # the event loop kept running while the keyring hung
        timer.stop()
        qtbot.keyClicks(dlg.passphrase_edit, TEST_PASSPHRASE)
        with qtbot.waitSignal(dlg.accepted, timeout=10_000):
            qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        dlg.vault.lock()
    finally:
        hanging.release.set()
        keyring.set_keyring(previous)
