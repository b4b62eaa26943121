"""``privatrack.gui.app.main``: the whole start-up path, create vault → main window → quit (locks the vault)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui import app as gui_app
from privatrack.gui.dialogs.unlock import UnlockDialog
from privatrack.gui.main_window import MainWindow

PASS = "my household passphrase"


def _visible(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_main_creates_the_vault_then_shows_the_window(qapp, vault_path: Path) -> None:
    seen: dict[str, object] = {}

    def drive() -> None:
        dialogs = _visible(UnlockDialog)
        if dialogs and "dialog" not in seen:
            dlg = dialogs[0]
            seen["dialog"] = dlg.mode
            dlg.passphrase_edit.setText(PASS)
            dlg.confirm_edit.setText(PASS)
            dlg.ok_button.click()
        windows = _visible(MainWindow)
        if windows:
            win = windows[0]
            seen["sidebar"] = win.sidebar.item(0).text()
            hh.add_person(win.session.db, "Alice")
            timer.stop()
            win.close()

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    QTimer.singleShot(15_000, qapp.quit)  # never hang the suite
    assert gui_app.main(vault_path) == 0
    timer.stop()
    assert seen == {"dialog": "create", "sidebar": "People & details"}
    v = Vault.open(vault_path, PASS, use_keyring=False)
    assert [p["name"] for p in hh.list_people(v.db)] == ["Alice"]
    v.lock()


def test_cancelled_unlock_creates_nothing(qapp, vault_path: Path) -> None:
    def cancel() -> None:
        for dlg in _visible(UnlockDialog):
            dlg.cancel_button.click()

    QTimer.singleShot(100, cancel)
    assert gui_app.main(vault_path) == 0
    assert not vault_path.exists() and not vault_path.parent.exists() or not any(vault_path.parent.iterdir())
