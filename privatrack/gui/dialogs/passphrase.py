"""``ChangePassphraseDialog``: re-wrap the vault key under a new passphrase (the data is not rewritten)."""

from __future__ import annotations

import hmac

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from privatrack.core.errors import WrongPassphrase
from privatrack.core.store.vault import Vault
from privatrack.core.tasks import TaskContext
from privatrack.gui.dialogs.unlock import MIN_PASSPHRASE
from privatrack.gui.errors import show_exception
from privatrack.gui.tasks import Op
from privatrack.gui.views.base import error_label


class ChangePassphraseDialog(QDialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.busy = False
        self.setWindowTitle(self.tr("Change passphrase"))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Only the wrapping of the vault key changes; your records are not rewritten. The "
                              "keyring (if used) keeps working."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.current_edit = QLineEdit()
        self.new_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for w in (self.current_edit, self.new_edit, self.confirm_edit):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Current passphrase:"), self.current_edit)
        form.addRow(self.tr("New passphrase:"), self.new_edit)
        form.addRow(self.tr("Repeat it:"), self.confirm_edit)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if self.busy:
            return
        self.error.setVisible(False)
        current, new = self.current_edit.text(), self.new_edit.text()
        if len(new) < MIN_PASSPHRASE:
            self._error(self.tr("Use at least 8 characters; a few unrelated words are easy to remember."))
            return
        if not hmac.compare_digest(new.encode(), self.confirm_edit.text().encode()):
            self._error(self.tr("The two passphrases differ. Type the same one twice."))
            return
        vault = self.vault

        def work(_ctx: TaskContext) -> None:
            vault.keyfile.unlock_with_passphrase(current)  # proves the user knows the old one (Argon2id)
            vault.change_passphrase(new)

        self.busy = True
        self.buttons.setEnabled(False)
        Op(self, work, pool=QThreadPool.globalInstance()).success(self._changed).failure(self._failed).run()

    def _changed(self, _result: object) -> None:
        self.busy = False
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self._error(self.tr("The current passphrase is wrong. Nothing was changed."))
            self.current_edit.selectAll()
            self.current_edit.setFocus()
        else:
            show_exception(self, exc, inline=self.error)

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def done(self, result: int) -> None:
        for w in (self.current_edit, self.new_edit, self.confirm_edit):
            w.clear()
        super().done(result)
