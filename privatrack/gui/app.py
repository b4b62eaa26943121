"""``main(vault)``: start the desktop app (translations, unlock or create the vault, then the main window)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from privatrack.core.paths import default_vault_path
from privatrack.gui.dialogs.unlock import UnlockDialog
from privatrack.gui.i18n import choose_language, install_translators
from privatrack.gui.main_window import MainWindow
from privatrack.gui.signals import Session
from privatrack.gui.tasks import db_pool, read_pool

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("PrivaTrack")
    app.setOrganizationName("PrivaTrack")
    app.setApplicationDisplayName("PrivaTrack")
    return app


def main(vault: Path | None = None) -> int:
    """Run the app on ``vault`` (default: ``default_vault_path()``); :return: the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    path = Path(vault) if vault is not None else default_vault_path()
    app = application()
    translators = install_translators(app, choose_language())  # noqa: F841 - kept alive for the app's lifetime

    dlg = UnlockDialog(path)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.vault is None:
        return 0 if not dlg.fatal else 2
    session = Session(path, dlg.vault)
    window = MainWindow(session)
    window.autolocker.watch_desktop_session()
    window.show()
    if dlg.keyring_warning:
        QMessageBox.information(window, window.windowTitle(), dlg.keyring_warning)
    try:
        return int(app.exec())
    finally:
        session.lock()  # pages cancel their running work on lock; let it stop at a batch boundary
        for pool in (db_pool(), read_pool()):
            pool.waitForDone(30_000)
