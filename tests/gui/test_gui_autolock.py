"""Auto-lock (P7): idle timeout on a fake clock, desktop session lock, and the clipboard cleared."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from privatrack.core import household as hh
from privatrack.core.errors import VaultLocked
from privatrack.core.store.vault import Vault
from privatrack.gui.clipboard import ClipboardGuard
from privatrack.gui.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE


def _assert_locked_and_cleared(window: MainWindow, vault: Vault) -> None:
    assert vault.is_locked
    with pytest.raises(VaultLocked):
        vault.db.execute("SELECT count(*) FROM people")
    with pytest.raises(VaultLocked):
        _ = vault.key
    with pytest.raises(VaultLocked):
        window.session.db  # noqa: B018
    assert window.people_page.people_list.count() == 0
    assert window.people_page.details_table.rowCount() == 0
    assert window.stack.currentWidget() is window.locked_page
    assert not window.sidebar.isEnabled()


def test_idle_timeout_locks_and_unlock_brings_data_back(qtbot, window: MainWindow, vault: Vault, clock) -> None:
    hh.add_person(vault.db, "Alice")
    hh.add_detail(vault.db, "Alice", "phone", "13800138000")
    window.show_section("people")
    assert window.people_page.details_table.rowCount() == 1

    clock.advance(4 * 60)
    qtbot.wait(60)
    assert not vault.is_locked  # 4 of 5 minutes
    qtbot.keyClick(window.people_page.person_name, Qt.Key.Key_A)  # activity resets the idle time
    clock.advance(4 * 60)
    qtbot.wait(60)
    assert not vault.is_locked

    clock.advance(61)
    qtbot.waitUntil(lambda: vault.is_locked, timeout=2000)
    _assert_locked_and_cleared(window, vault)

    dlg = window.unlock_dialog
    assert dlg is not None and dlg.isVisible() and dlg.mode == "open"
    qtbot.keyClicks(dlg.passphrase_edit, TEST_PASSPHRASE)
    with qtbot.waitSignal(window.session.unlocked, timeout=10_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert window.session.vault is not vault and not window.session.is_locked
    assert window.sidebar.isEnabled()
    assert window.stack.currentWidget() is window.people_page
    assert window.people_page.details_table.rowCount() == 1


def test_stored_minutes_are_honoured(qtbot, vault: Vault, session, clock) -> None:
    hh.set_setting(vault.db, "autolock_minutes", "1")
    win = MainWindow(session, clock=clock, check_ms=20)
    qtbot.addWidget(win)
    win.show()
    assert win.autolocker.minutes == 1
    clock.advance(61)
    qtbot.waitUntil(lambda: vault.is_locked, timeout=2000)
    win.autolocker.stop()


def test_session_lock_signal_locks_at_once(qtbot, window: MainWindow, vault: Vault) -> None:
    hh.add_person(vault.db, "Bob")
    window.show_section("people")
    with qtbot.waitSignal(window.autolocker.lock_triggered) as blocker:
        window.autolocker.on_screensaver_active(True)
    assert blocker.args == ["session"]
    _assert_locked_and_cleared(window, vault)


def test_lock_clears_clipboard_text_the_app_set(qtbot, window: MainWindow, vault: Vault) -> None:
    cb = QGuiApplication.clipboard()
    window.clipboard.copy("+8613800138000")
    assert cb.text() == "+8613800138000"
    window.session.lock()
    assert cb.text() == ""


def test_clipboard_cleared_after_timeout_but_foreign_text_kept(qtbot) -> None:
    cb = QGuiApplication.clipboard()
    guard = ClipboardGuard(clear_after_ms=50)
    guard.copy("alice@example.com")
    qtbot.waitUntil(lambda: cb.text() == "", timeout=2000)
    guard.copy("secret detail")
    cb.setText("something the user copied elsewhere")
    qtbot.wait(120)
    assert cb.text() == "something the user copied elsewhere"


@pytest.mark.skipif(not shutil.which("dbus-daemon") or not shutil.which("dbus-send"), reason="needs D-Bus tools")
def test_screensaver_signal_on_a_real_dbus_locks(qtbot, window: MainWindow, vault: Vault, tmp_path) -> None:
    from PySide6.QtDBus import QDBusConnection

    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = daemon.stdout.readline().strip()
        bus = QDBusConnection.connectToBus(address, "privatrack-test-bus")
        assert bus.isConnected()
        assert window.autolocker.watch_desktop_session(session_bus=bus, system_bus=bus)
        subprocess.run(["dbus-send", f"--bus={address}", "--type=signal", "/org/freedesktop/ScreenSaver",
                        "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"], check=True, timeout=10)
        qtbot.waitUntil(lambda: vault.is_locked, timeout=5000)
        _assert_locked_and_cleared(window, vault)
        QDBusConnection.disconnectFromBus("privatrack-test-bus")
    finally:
        daemon.terminate()
        daemon.wait(5)


def test_text_copied_from_our_widgets_is_cleared_on_lock(qtbot, window: MainWindow, vault: Vault) -> None:
    hh.add_person(vault.db, "Alice")
    hh.add_detail(vault.db, "Alice", "phone", "13800138000")
    page = window.show_section("people")
    window.activateWindow()
    page.details_table.setFocus()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=2000)
    page.detail_value.setText("+8613800138000")
    page.detail_value.selectAll()
    page.detail_value.copy()  # what Ctrl+C does in any line edit or table
    cb = QGuiApplication.clipboard()
    qtbot.waitUntil(lambda: cb.text() == "+8613800138000", timeout=2000)
    window.session.lock()
    assert cb.text() == ""
