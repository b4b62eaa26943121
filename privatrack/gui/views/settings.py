"""``SettingsPage``: auto-lock minutes (stored in the vault), language, and keyring enrolment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from privatrack.core import household as hh
from privatrack.core.secrets import keyring_status
from privatrack.gui.autolock import DEFAULT_MINUTES
from privatrack.gui.dialogs.passphrase import ChangePassphraseDialog
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.views.base import Page, error_label, heading, subheading

AUTOLOCK_KEY = "autolock_minutes"


def autolock_minutes(db) -> int:  # type: ignore[no-untyped-def]
    """:return: the stored auto-lock minutes (0 = off), default 5."""
    raw = hh.get_setting(db, AUTOLOCK_KEY, str(DEFAULT_MINUTES))
    try:
        return max(0, int(raw or DEFAULT_MINUTES))
    except ValueError:
        return DEFAULT_MINUTES


class SettingsPage(Page):
    topics = ("settings",)
    autolock_changed = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(10)
        outer.addWidget(heading(self.tr("Settings")))

        outer.addWidget(subheading(self.tr("Security")))
        form = QFormLayout()
        self.autolock_spin = QSpinBox()
        self.autolock_spin.setObjectName("autolockMinutes")
        self.autolock_spin.setRange(0, 240)
        self.autolock_spin.setSuffix(self.tr(" min"))
        self.autolock_spin.setSpecialValueText(self.tr("never"))
        row = QHBoxLayout()
        row.addWidget(self.autolock_spin)
        self.save_autolock = QPushButton(self.tr("Save"))
        self.save_autolock.setObjectName("saveAutolock")
        row.addWidget(self.save_autolock)
        row.addStretch(1)
        form.addRow(self.tr("Lock after idle time:"), row)
        self.passphrase_button = QPushButton(self.tr("Change passphrase…"))
        self.passphrase_button.setObjectName("changePassphrase")
        prow = QHBoxLayout()
        prow.addWidget(self.passphrase_button)
        prow.addStretch(1)
        form.addRow(self.tr("Passphrase:"), prow)
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self.vault_label = QLabel(str(session.vault_path))
        self.vault_label.setWordWrap(True)
        form.addRow(self.tr("Vault file:"), self.vault_label)
        outer.addLayout(form)
        self.autolock_note = QLabel(self.tr("The vault also locks when your desktop session locks. Text PrivaTrack "
                                            "copies to the clipboard is cleared after 10 seconds and on lock."))
        self.autolock_note.setWordWrap(True)
        outer.addWidget(self.autolock_note)

        outer.addWidget(subheading(self.tr("System keyring")))
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringState")
        self.keyring_label.setWordWrap(True)
        outer.addWidget(self.keyring_label)
        krow = QHBoxLayout()
        self.keyring_button = QPushButton()
        self.keyring_button.setObjectName("keyringToggle")
        krow.addWidget(self.keyring_button)
        krow.addStretch(1)
        outer.addLayout(krow)
        self.error = error_label()
        outer.addWidget(self.error)

        outer.addWidget(subheading(self.tr("Language")))
        lang = QLabel(self.tr("PrivaTrack follows your system language (English or Simplified Chinese). To choose, "
                              "start it with PRIVATRACK_LANG=zh_CN or PRIVATRACK_LANG=en."))
        lang.setWordWrap(True)
        outer.addWidget(lang)
        outer.addStretch(1)

        self.save_autolock.clicked.connect(self.save)
        self.keyring_button.clicked.connect(self.toggle_keyring)
        self.passphrase_button.clicked.connect(self.change_passphrase)

    def load(self) -> None:
        self.autolock_spin.setValue(autolock_minutes(self.session.db))
        self._show_keyring()

    def _show_keyring(self) -> None:
        vault = self.session.vault
        enrolled = bool(vault is not None and not vault.is_locked and vault.keyring_enrolled)
        reason = keyring_status() if not enrolled else None
        if enrolled:
            self.keyring_label.setText(self.tr("The vault key is also kept in your system keyring, so PrivaTrack "
                                               "opens without the passphrase at start. Your passphrase still works."))
            self.keyring_button.setText(self.tr("Forget the key in the keyring"))
            self.keyring_button.setEnabled(True)
        else:
            self.keyring_label.setText(
                self.tr("PrivaTrack asks for your passphrase at every start.")
                + (("\n" + reason) if reason else "")
            )
            self.keyring_button.setText(self.tr("Remember the key in my system keyring"))
            self.keyring_button.setEnabled(reason is None)

    def save(self) -> None:
        self.error.setVisible(False)
        try:
            hh.set_setting(self.session.db, AUTOLOCK_KEY, str(self.autolock_spin.value()))
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc, inline=self.error)
            return
        self.autolock_changed.emit(self.autolock_spin.value())
        self.session.changed("settings")

    def toggle_keyring(self) -> None:
        self.error.setVisible(False)
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return
        try:
            if vault.keyring_enrolled:
                vault.disable_keyring()
            else:
                vault.enable_keyring()
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc, inline=self.error)
        self._show_keyring()

    def change_passphrase(self) -> ChangePassphraseDialog | None:
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return None
        dlg = ChangePassphraseDialog(vault, self)
        self.passphrase_dialog = dlg
        dlg.open()
        return dlg

    def clear(self) -> None:
        super().clear()
        self.keyring_label.clear()
