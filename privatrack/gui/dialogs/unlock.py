"""``UnlockDialog``: create a new vault, or unlock an existing one (keyring first, then the passphrase).

It never creates anything when a vault exists but will not open (P2): a damaged or newer vault shows the reason
and offers only Quit. The Argon2id derivation runs on a worker thread so the window stays responsive.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privatrack.core.errors import KeyringUnavailable, VaultCorrupted, VaultLocked, VaultTooNew, WrongPassphrase
from privatrack.core.secrets import keyring_status
from privatrack.core.store.vault import Vault
from privatrack.core.tasks import TaskContext
from privatrack.gui.errors import show_exception, user_message
from privatrack.gui.tasks import Op

log = logging.getLogger(__name__)
MIN_PASSPHRASE = 8


class UnlockDialog(QDialog):
    """After ``accept()``, ``vault`` holds the unlocked vault."""

    def __init__(self, vault_path: Path, parent: QWidget | None = None, *, try_keyring: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self.mode = "open" if self.vault_path.exists() else "create"
        self.fatal = False
        self.keyring_warning: str | None = None
        self._busy_op: Op | None = None

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)

        form = QFormLayout()
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.passphrase_edit)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = QLabel(self.tr("Repeat it:"))
        form.addRow(self.confirm_label, self.confirm_edit)
        layout.addLayout(form)

        self.keyring_box = QCheckBox(self.tr("Remember in my system keyring"))
        self.keyring_box.setObjectName("useKeyring")
        layout.addWidget(self.keyring_box)
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color: palette(placeholder-text);")
        self.keyring_note.setVisible(False)
        layout.addWidget(self.keyring_note)

        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.setWordWrap(True)
        self.status_label.setVisible(False)
        layout.addWidget(self.status_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keyring_button = QPushButton(self.tr("Use system keyring"))
        self.keyring_button.setObjectName("keyringButton")
        self.keyring_button.setVisible(False)
        self.buttons.addButton(self.keyring_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.ok_button.clicked.connect(self._submit)
        self.keyring_button.clicked.connect(self._try_keyring)
        self.cancel_button.clicked.connect(self.reject)

        self.keyring_button.setVisible(False)
        if self.mode == "create":
            self._setup_create()
        else:
            self._setup_open(try_keyring)
        # Sized by the layout, word-wrapped labels get their height-for-width instead of being clipped.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    # -- create --------------------------------------------------------------------------------------
    def _setup_create(self) -> None:
        self.setWindowTitle(self.tr("Create your PrivaTrack vault"))
        self.heading.setText(self.tr("Create your vault"))
        self.explanation.setText(
            self.tr("Everything PrivaTrack records is kept in one encrypted file:\n%1\n\n"
                    "Choose a passphrase. Without it (or the keyring, if you tick the box) the data cannot be "
                    "read by anyone, including you, so write it down somewhere safe.").replace(
                "%1", str(self.vault_path))
        )
        self.ok_button.setText(self.tr("Create vault"))
        self.keyring_box.setEnabled(False)
        self.keyring_note.setText(self.tr("Checking for a system keyring…"))
        self.keyring_note.setVisible(True)
        # The keyring probe may take up to a few seconds on a hanging Secret Service (P4): not on the GUI thread.
        Op(self, _probe_keyring, pool=QThreadPool.globalInstance()).success(self._keyring_probed).failure(
            self._keyring_probe_failed).run()

    def _keyring_probed(self, reason: object) -> None:
        if reason:
            self.keyring_box.setChecked(False)
            self.keyring_box.setEnabled(False)
            self.keyring_note.setText(str(reason))
            self.keyring_note.setVisible(True)
        else:
            self.keyring_box.setEnabled(True)
            self.keyring_note.setVisible(False)

    def _keyring_probe_failed(self, exc: BaseException) -> None:
        self._keyring_probed(user_message(exc) or type(exc).__name__)

    # -- open ----------------------------------------------------------------------------------------
    def _setup_open(self, try_keyring: bool) -> None:
        self.setWindowTitle(self.tr("Unlock PrivaTrack"))
        self.heading.setText(self.tr("Unlock your vault"))
        self.explanation.setText(self.tr("Vault: %1").replace("%1", str(self.vault_path)))
        self.ok_button.setText(self.tr("Unlock"))
        self.confirm_label.setVisible(False)
        self.confirm_edit.setVisible(False)
        self.keyring_box.setVisible(False)
        if try_keyring:
            self._try_keyring()
        else:
            self.keyring_button.setVisible(True)

    def _try_keyring(self) -> None:
        self._set_busy(self.tr("Trying the system keyring…"))
        Op(self, _open_with_keyring(self.vault_path)).success(self._opened).failure(self._keyring_failed).run()

    def _keyring_failed(self, exc: BaseException) -> None:
        self._set_idle()
        if isinstance(exc, VaultLocked):
            # No keyring slot, or the keyring cannot give it: the passphrase it is, quietly.
            self.passphrase_edit.setFocus()
            return
        self._failed(exc)

    # -- submit --------------------------------------------------------------------------------------
    def _submit(self) -> None:
        if self.fatal or self._busy_op is not None:
            return
        self.error_label.setVisible(False)
        passphrase = self.passphrase_edit.text()
        if self.mode == "create":
            if len(passphrase) < MIN_PASSPHRASE:
                self._error(self.tr("Use at least 8 characters; a few unrelated words are easy to remember."))
                return
            if passphrase != self.confirm_edit.text():
                self._error(self.tr("The two passphrases differ. Type the same one twice."))
                return
            use_keyring = self.keyring_box.isEnabled() and self.keyring_box.isChecked()
            self._set_busy(self.tr("Creating the vault…"))
            self._busy_op = Op(self, _create(self.vault_path, passphrase, use_keyring))
        else:
            if not passphrase:
                self._error(self.tr("Type your passphrase."))
                return
            self._set_busy(self.tr("Unlocking…"))
            self._busy_op = Op(self, _open_with_passphrase(self.vault_path, passphrase))
        self._busy_op.success(self._opened).failure(self._failed).run()

    def _opened(self, result: object) -> None:
        self._set_idle()
        vault, warning = result if isinstance(result, tuple) else (result, None)
        assert isinstance(vault, Vault)
        if self.result() == QDialog.DialogCode.Rejected and not self.isVisible():
            vault.lock()  # the user gave up meanwhile; do not leave a key in memory
            return
        self.vault = vault
        self.keyring_warning = warning
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_idle()
        if isinstance(exc, WrongPassphrase):
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            self._error(self.tr("Wrong passphrase. Nothing was changed; try again."))
        elif isinstance(exc, (VaultCorrupted, VaultTooNew)):
            # Never offer to create a new vault over a damaged one (P2).
            self.fatal = True
            self._error(str(exc))
            self.ok_button.setEnabled(False)
            self.keyring_button.setEnabled(False)
            self.passphrase_edit.setEnabled(False)
            self.cancel_button.setText(self.tr("Quit"))
        elif user_message(exc) is not None:
            self._error(user_message(exc) or "")
        elif isinstance(exc, OSError):
            # e.g. a vault folder that cannot be written: the user can fix that, it is not a bug
            self._error(self.tr("The vault file cannot be used: %1").replace("%1", str(exc)))
        else:
            show_exception(self, exc)

    def done(self, result: int) -> None:
        # Whatever happens, the typed passphrase does not linger in a hidden widget.
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        super().done(result)

    # -- helpers -------------------------------------------------------------------------------------
    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _set_busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(True)
        for w in (self.ok_button, self.keyring_button, self.passphrase_edit, self.confirm_edit):
            w.setEnabled(False)

    def _set_idle(self) -> None:
        self._busy_op = None
        self.status_label.setVisible(False)
        if not self.fatal:
            for w in (self.ok_button, self.keyring_button, self.passphrase_edit, self.confirm_edit):
                w.setEnabled(True)


# Work for the worker thread: plain functions of a TaskContext, never touching widgets.
def _probe_keyring(_ctx: TaskContext) -> str | None:
    return keyring_status()


def _open_with_keyring(path: Path):  # type: ignore[no-untyped-def]
    def run(_ctx: TaskContext) -> Vault:
        return Vault.open(path, None, use_keyring=True)

    return run


def _open_with_passphrase(path: Path, passphrase: str):  # type: ignore[no-untyped-def]
    def run(_ctx: TaskContext) -> Vault:
        return Vault.open(path, passphrase, use_keyring=False)

    return run


def _create(path: Path, passphrase: str, use_keyring: bool):  # type: ignore[no-untyped-def]
    def run(_ctx: TaskContext) -> tuple[Vault, str | None]:
        vault = Vault.create(path, passphrase)
        warning = None
        if use_keyring:
            try:
                vault.enable_keyring()
            except KeyringUnavailable as exc:
                warning = f"{exc}; using passphrase-only mode"
                log.info("keyring enrolment failed: %s", exc)
        return vault, warning

    return run
