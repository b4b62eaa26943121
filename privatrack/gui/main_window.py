"""``MainWindow``: the sidebar of sections, the pages, Refresh (F5), Lock (Ctrl+L) and auto-lock."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from privatrack.gui.autolock import CHECK_MS, AutoLocker
from privatrack.gui.clipboard import CLEAR_AFTER_MS, ClipboardGuard
from privatrack.gui.dialogs.unlock import UnlockDialog
from privatrack.gui.settings import window_settings
from privatrack.gui.signals import Session
from privatrack.gui.views.base import Page, PlaceholderPage, heading
from privatrack.gui.views.datamap import DataMapPage
from privatrack.gui.views.import_page import ImportPage
from privatrack.gui.views.merchants import MerchantsPage
from privatrack.gui.views.messages import MessagesPage
from privatrack.gui.views.people import PeoplePage
from privatrack.gui.views.settings import SettingsPage, autolock_minutes
from privatrack.gui.views.unknown import UnknownSendersPage

SECTIONS = ("people", "merchants", "datamap", "messages", "import", "unknown", "flags", "letters", "settings")


class LockedPage(QWidget):
    """What the window shows while locked: no data, one button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = heading(self.tr("PrivaTrack is locked"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        note = QLabel(self.tr("The vault was closed and its key dropped from memory."))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.unlock_button.setObjectName("unlockButton")
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: Session,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = CHECK_MS,
        clear_clipboard_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(self.tr("PrivaTrack"))
        self.resize(1180, 760)
        self.unlock_dialog: UnlockDialog | None = None
        self._closing = False

        self.clipboard = ClipboardGuard(self, clear_clipboard_ms if clear_clipboard_ms is not None else CLEAR_AFTER_MS)
        self.clipboard.watch_app_copies()
        self.autolocker = AutoLocker(session, clock=clock, check_ms=check_ms, parent=self)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(210)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { border: none; background: palette(alternate-base); padding-top: 12px; }"
            "QListWidget#sidebar::item { padding: 9px 14px; }"
            "QListWidget#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        )
        layout.addWidget(self.sidebar)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.pages: dict[str, Page] = {}
        self.people_page = PeoplePage(session)
        self.merchants_page = MerchantsPage(session)
        self.datamap_page = DataMapPage(session)
        self.settings_page = SettingsPage(session)
        self.messages_page = MessagesPage(session)
        self.import_page = ImportPage(session)
        self.unknown_page = UnknownSendersPage(session)
        titles = self.section_titles()
        placeholders = {
            "flags": self.tr("Possible violations: marketing without valid consent, after a withdrawal, or to a "
                             "detail the sender never received."),
            "letters": self.tr("Ready-to-send requests and complaints under PIPL, the GDPR and the CCPA."),
        }
        working: dict[str, Page] = {
            "people": self.people_page, "merchants": self.merchants_page, "datamap": self.datamap_page,
            "messages": self.messages_page, "import": self.import_page, "unknown": self.unknown_page,
            "settings": self.settings_page,
        }
        for key in SECTIONS:
            page = working.get(key) or PlaceholderPage(session, titles[key], placeholders[key])
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        self.locked_page = LockedPage()
        self.stack.addWidget(self.locked_page)

        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh_current)
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.session.lock)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        vault_menu = self.menuBar().addMenu(self.tr("&Vault"))
        vault_menu.addAction(self.lock_action)
        vault_menu.addSeparator()
        vault_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu(self.tr("V&iew"))
        view_menu.addAction(self.refresh_action)
        self.addAction(self.refresh_action)
        self.addAction(self.lock_action)
        self.statusBar().showMessage(str(session.vault_path))

        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.session.locked.connect(self._on_locked)
        self.session.unlocked.connect(self._on_unlocked)
        self.session.store_changed.connect(self._on_store_changed)
        self.people_page.copy_requested.connect(self.clipboard.copy)
        self.merchants_page.show_messages.connect(self.show_merchant_messages)
        self.settings_page.autolock_changed.connect(self.autolocker.set_minutes)
        self.locked_page.unlock_button.clicked.connect(self.show_unlock_dialog)

        state = window_settings()
        geometry = state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        last = str(state.value("main/section", "people"))
        self.sidebar.setCurrentRow(SECTIONS.index(last) if last in SECTIONS else 0)
        if session.is_locked:
            self._on_locked()
        else:
            self._on_unlocked()

    def section_titles(self) -> dict[str, str]:
        return {
            "people": self.tr("People & details"),
            "merchants": self.tr("Merchants"),
            "datamap": self.tr("Data map"),
            "messages": self.tr("Messages"),
            "import": self.tr("Import"),
            "unknown": self.tr("Unknown senders"),
            "flags": self.tr("Flags"),
            "letters": self.tr("Letters"),
            "settings": self.tr("Settings"),
        }

    # -- navigation ----------------------------------------------------------------------------------
    def show_section(self, key: str) -> Page:
        row = SECTIONS.index(key)
        if self.sidebar.currentRow() == row:
            self._section_changed(row)
        else:
            self.sidebar.setCurrentRow(row)
        return self.pages[key]

    def show_merchant_messages(self, merchant_id: int) -> None:
        self.show_section("messages")
        self.messages_page.show_merchant(merchant_id)

    def current_page(self) -> Page | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, Page) else None

    def _section_changed(self, row: int) -> None:
        if row < 0 or self.session.is_locked:
            return
        page = self.pages[SECTIONS[row]]
        self.stack.setCurrentWidget(page)
        # The CLI may have written to the same vault meanwhile: reload what is shown.
        page.refresh()

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    def _on_store_changed(self, what: str) -> None:
        for p in self.pages.values():
            if what in p.topics:
                p.stale = True
        page = self.current_page()
        if page is not None and page.stale and what in page.topics:
            page.refresh()

    # -- locking -------------------------------------------------------------------------------------
    def _on_locked(self) -> None:
        self.clipboard.clear()
        for page in self.pages.values():
            page.clear()
        self.sidebar.setEnabled(False)
        self.refresh_action.setEnabled(False)
        self.lock_action.setEnabled(False)
        self.stack.setCurrentWidget(self.locked_page)
        for w in self.findChildren(QDialog):
            # Record dialogs and message boxes may show vault data; the unlock dialog is the only one to stay.
            if w is not self.unlock_dialog:
                w.reject()
        if self.isVisible() and not self._closing:
            self.show_unlock_dialog()

    def _on_unlocked(self) -> None:
        self.sidebar.setEnabled(True)
        self.refresh_action.setEnabled(True)
        self.lock_action.setEnabled(True)
        try:
            self.autolocker.set_minutes(autolock_minutes(self.session.db))
        except Exception:  # noqa: BLE001 - fall back to the default rather than stay unlocked forever
            pass
        self.autolocker.start()
        self._section_changed(self.sidebar.currentRow())

    def show_unlock_dialog(self) -> UnlockDialog:
        if self.unlock_dialog is not None:
            if self.unlock_dialog.isVisible():
                return self.unlock_dialog
            self.unlock_dialog.deleteLater()
        # After an auto-lock the keyring is not tried silently: that would make the lock pointless.
        dlg = UnlockDialog(self.session.vault_path, self, try_keyring=False)
        dlg.accepted.connect(self._unlock_accepted)
        self.unlock_dialog = dlg
        dlg.open()
        return dlg

    def _unlock_accepted(self) -> None:
        dlg = self.unlock_dialog
        if dlg is not None and dlg.vault is not None:
            self.session.set_vault(dlg.vault)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._closing = True
        state = window_settings()
        state.setValue("main/geometry", self.saveGeometry())
        row = self.sidebar.currentRow()
        state.setValue("main/section", SECTIONS[row] if 0 <= row < len(SECTIONS) else "people")
        state.sync()
        self.autolocker.stop()
        self.clipboard.clear()
        self.session.lock()
        super().closeEvent(event)
