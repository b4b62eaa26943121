"""``ImportPage``: bring in mail files and SMS backups (drag and drop), off the GUI thread with progress and Cancel.

The work is ``pipeline.import_paths`` (as in the CLI, with helper processes) on a connection of its own, run by an
``Op``; the result lists every rejected item with its file and reason (bad input is data, never a batch abort).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from privatrack.core import household as hh
from privatrack.core.errors import InvalidInput, KeyringUnavailable
from privatrack.core.importers import FORMATS
from privatrack.core.importers.imap import ImapAccount, import_imap, save_password, saved_password
from privatrack.core.importers.pipeline import import_paths
from privatrack.core.models import ImportReport
from privatrack.core.store.vault import Vault
from privatrack.core.tasks import TaskContext
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.tasks import Op
from privatrack.gui.views.base import Page, error_label, fill_table, heading, make_table, subheading

log = logging.getLogger(__name__)


def run_import(vault: Vault, paths: list[Path], fmt: str, to_detail: str | None, classify: bool,
               ctx: TaskContext, workers: int | None = None) -> ImportReport:
    """Import ``paths`` into ``vault`` from the calling (worker) thread, with its own connection.

    Runs ``import_paths`` as the CLI does: helper processes (spawned, never forked) parse mail and classify while
    this thread writes, so the GUI imports as fast as the command line. A separate connection keeps the GUI's own
    small writes out of the import's batch transactions.
    """
    db = vault.connect()
    try:
        classifier = None
        if classify:
            try:
                from privatrack.core.classify import Classifier

                classifier = Classifier.for_db(db)
            except ImportError:
                log.info("no classifier available; importing unclassified")
        labels = [f"{path.name} ({i}/{len(paths)})" for i, path in enumerate(paths, 1)]
        return import_paths(db, paths, ctx, fmt=fmt, to_detail=to_detail, classifier=classifier,
                            workers=workers, labels=labels)
    finally:
        db.close()


IMAP_ACCOUNTS_KEY = "imap_accounts"  # vault setting: accounts without passwords (those live in the keyring)


def run_imap_import(vault: Vault, account: ImapAccount, password: str | None, remember: bool, classify: bool,
                    ctx: TaskContext) -> ImportReport:
    """Import new mail from ``account`` (worker thread). The password comes from the form, else the keyring."""
    typed = bool(password)
    if not password:
        password = saved_password(account)
        if not password:
            raise InvalidInput(f"no password for {account.user}@{account.host}: type it (tick 'Remember' to keep "
                               "it in the system keyring)")
    db = vault.connect()
    try:
        classifier = None
        if classify:
            try:
                from privatrack.core.classify import Classifier

                classifier = Classifier.for_db(db)
            except ImportError:
                classifier = None
        report = import_imap(db, account, password, ctx, classifier=classifier)
    finally:
        db.close()
    if remember and typed:
        try:
            save_password(account, password)
        except KeyringUnavailable as exc:
            report.warnings.append(f"{exc}; the password was not saved")
    return report


def saved_accounts(db: Any) -> list[dict[str, Any]]:
    raw = hh.get_setting(db, IMAP_ACCOUNTS_KEY)
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [a for a in value if isinstance(a, dict) and a.get("host") and a.get("user")]


class ImportPage(Page):
    topics = ("details",)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.op: Op | None = None
        self.report: ImportReport | None = None
        self.setAcceptDrops(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(8)
        outer.addWidget(heading(self.tr("Import")))
        intro = QLabel(self.tr("Drop mail files (mbox, Maildir folders, .eml) and SMS backups (SMS Backup & Restore "
                               "XML, CSV, iPhone chat.db) here. Importing the same files again adds nothing twice."))
        intro.setWordWrap(True)
        outer.addWidget(intro)

        self.classify_box = QCheckBox(self.tr("Classify messages while importing"))
        self.classify_box.setChecked(True)
        outer.addWidget(self.classify_box)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        outer.addLayout(columns, 2)

        self.files_box = QGroupBox(self.tr("Files and backups"))
        fv = QVBoxLayout(self.files_box)
        self.file_list = QListWidget()
        self.file_list.setObjectName("importFiles")
        self.file_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        fv.addWidget(self.file_list, 1)
        row = QHBoxLayout()
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        fv.addLayout(row)
        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("importFormat")
        self.format_combo.addItem(self.tr("Detect automatically"), "auto")
        for name in FORMATS:
            self.format_combo.addItem(name, name)
        form.addRow(self.tr("Format:"), self.format_combo)
        self.to_combo = QComboBox()
        self.to_combo.setObjectName("importTo")
        form.addRow(self.tr("SMS were sent to:"), self.to_combo)
        fv.addLayout(form)
        self.import_button = QPushButton(self.tr("Import files"))
        self.import_button.setObjectName("runImport")
        self.import_button.setDefault(True)
        fv.addWidget(self.import_button)
        columns.addWidget(self.files_box, 1)

        self.imap_box = QGroupBox(self.tr("E-mail account (IMAP)"))
        self.imap_box.setObjectName("imapBox")
        iform = QFormLayout(self.imap_box)
        self.account_combo = QComboBox()
        self.account_combo.setObjectName("imapAccounts")
        iform.addRow(self.tr("Saved account:"), self.account_combo)
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("imapHost")
        self.host_edit.setPlaceholderText(self.tr("e.g. imap.163.com or imap.gmail.com"))
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("imapPort")
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText(self.tr("default"))
        hp = QHBoxLayout()
        hp.addWidget(self.host_edit, 1)
        hp.addWidget(QLabel(self.tr("Port:")))
        hp.addWidget(self.port_spin)
        iform.addRow(self.tr("Server:"), hp)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("imapUser")
        self.user_edit.setPlaceholderText(self.tr("usually your e-mail address"))
        iform.addRow(self.tr("User:"), self.user_edit)
        self.security_combo = QComboBox()
        self.security_combo.setObjectName("imapSecurity")
        self.security_combo.addItem(self.tr("TLS (recommended)"), "tls")
        self.security_combo.addItem(self.tr("STARTTLS"), "starttls")
        self.security_combo.addItem(self.tr("None (only to this computer)"), "none")
        iform.addRow(self.tr("Security:"), self.security_combo)
        self.folders_edit = QLineEdit()
        self.folders_edit.setObjectName("imapFolders")
        self.folders_edit.setPlaceholderText(self.tr("default: INBOX, junk and promotions"))
        iform.addRow(self.tr("Folders:"), self.folders_edit)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("imapPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("or authorisation code; empty = the one in the keyring"))
        iform.addRow(self.tr("Password:"), self.password_edit)
        self.remember_box = QCheckBox(self.tr("Remember the password in my system keyring"))
        self.remember_box.setObjectName("imapRemember")
        iform.addRow("", self.remember_box)
        self.imap_button = QPushButton(self.tr("Import new mail"))
        self.imap_button.setObjectName("runImapImport")
        iform.addRow(self.imap_button)
        columns.addWidget(self.imap_box, 1)
        self.error = error_label()
        outer.addWidget(self.error)

        outer.addWidget(subheading(self.tr("Result")))
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.rejects_table = make_table([self.tr("File"), self.tr("Item"), self.tr("Reason")])
        self.rejects_table.setObjectName("importRejects")
        outer.addWidget(self.rejects_table, 1)

        self.add_files_button.clicked.connect(self._choose_files)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        self.import_button.clicked.connect(self.start_import)
        self.imap_button.clicked.connect(self.start_imap_import)
        self.account_combo.currentIndexChanged.connect(self._account_chosen)

    # -- page ----------------------------------------------------------------------------------------
    def load(self) -> None:
        current = self.to_combo.currentData()
        self.to_combo.clear()
        self.to_combo.addItem(self.tr("(not an SMS backup, or not known)"), None)
        for d in hh.list_details(self.session.db):
            if d.kind == "phone":
                self.to_combo.addItem(f"{d.value}  ({d.person})", d.value)
        idx = self.to_combo.findData(current) if current is not None else 0
        self.to_combo.setCurrentIndex(max(idx, 0))
        self.account_combo.blockSignals(True)
        self.account_combo.clear()
        self.account_combo.addItem(self.tr("(new account)"), None)
        for acc in saved_accounts(self.session.db):
            self.account_combo.addItem(f"{acc['user']}@{acc['host']}", acc)
        self.account_combo.blockSignals(False)

    def clear(self) -> None:
        super().clear()
        if self.op is not None and self.op.running:
            self.op.cancel()  # a lock stops the import after its current batch; committed batches stay
        self.to_combo.clear()
        self.account_combo.clear()
        self.password_edit.clear()
        self.summary.clear()
        self.rejects_table.setRowCount(0)
        self.report = None

    # -- files ---------------------------------------------------------------------------------------
    def paths(self) -> list[Path]:
        return [Path(self.file_list.item(i).text()) for i in range(self.file_list.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for p in paths:
            if p not in known:
                self.file_list.addItem(str(p))
                known.add(p)

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose mail files or SMS backups"))
        self.add_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a Maildir or a folder of .eml files"))
        if folder:
            self.add_paths([Path(folder)])

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        urls: list[QUrl] = event.mimeData().urls()
        self.add_paths([Path(u.toLocalFile()) for u in urls if u.isLocalFile()])
        event.acceptProposedAction()

    # -- run -----------------------------------------------------------------------------------------
    def start_import(self) -> Op | None:
        self.error.setVisible(False)
        vault = self.session.vault
        paths = self.paths()
        if vault is None or vault.is_locked:
            return None
        if not paths:
            self.error.setText(self.tr("Add at least one file or folder first."))
            self.error.setVisible(True)
            return None
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            self.error.setText(self.tr("Not found: %1").replace("%1", ", ".join(missing)))
            self.error.setVisible(True)
            return None
        fmt = self.format_combo.currentData()
        to_detail = self.to_combo.currentData()
        classify = self.classify_box.isChecked()

        def work(ctx: TaskContext) -> ImportReport:
            return run_import(vault, paths, fmt, to_detail, classify, ctx)

        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing…"))
        self.op = Op(self, work).with_progress(self.tr("Importing messages"), cancellable=True)
        self.op.success(self._finished).failure(self._failed).run()
        return self.op

    def _account_chosen(self) -> None:
        acc = self.account_combo.currentData()
        if not isinstance(acc, dict):
            return
        self.host_edit.setText(str(acc.get("host", "")))
        self.port_spin.setValue(int(acc.get("port") or 0))
        self.user_edit.setText(str(acc.get("user", "")))
        self.security_combo.setCurrentIndex(max(0, self.security_combo.findData(acc.get("security", "tls"))))
        self.folders_edit.setText(", ".join(acc.get("folders") or []))
        self.password_edit.clear()

    def imap_account(self) -> ImapAccount:
        folders = tuple(f.strip() for f in self.folders_edit.text().split(",") if f.strip())
        account = ImapAccount(self.host_edit.text().strip(), self.port_spin.value() or None,
                              self.user_edit.text().strip(), self.security_combo.currentData(), folders)
        account.validate()  # refuses plain text to a remote host before any password leaves the form
        return account

    def start_imap_import(self) -> Op | None:
        self.error.setVisible(False)
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return None
        try:
            account = self.imap_account()
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc, inline=self.error)
            return None
        password = self.password_edit.text() or None
        self.password_edit.clear()  # the form never keeps it
        remember = self.remember_box.isChecked()
        classify = self.classify_box.isChecked()
        self._imap_account = account

        def work(ctx: TaskContext) -> ImportReport:
            return run_imap_import(vault, account, password, remember, classify, ctx)

        self.import_button.setEnabled(False)
        self.imap_button.setEnabled(False)
        self.summary.setText(self.tr("Importing…"))
        self.op = Op(self, work).with_progress(self.tr("Importing mail from %1").replace("%1", account.url()))
        self.op.success(self._imap_finished).failure(self._failed).run()
        return self.op

    def _imap_finished(self, report: Any) -> None:
        account = getattr(self, "_imap_account", None)
        if account is not None and not self.session.is_locked:
            entry = {"host": account.host, "port": account.port, "user": account.user,
                     "security": account.security, "folders": list(account.folders)}
            accounts = [a for a in saved_accounts(self.session.db)
                        if (a.get("host"), a.get("user")) != (account.host, account.user)]
            try:
                hh.set_setting(self.session.db, IMAP_ACCOUNTS_KEY, json.dumps([entry, *accounts]))
            except Exception as exc:  # noqa: BLE001 - the import itself succeeded
                log.warning("could not remember the IMAP account: %s", exc)
            self.refresh()
        self._finished(report)

    def _finished(self, report: Any) -> None:
        self.import_button.setEnabled(True)
        self.imap_button.setEnabled(True)
        assert isinstance(report, ImportReport)
        self.report = report
        text = self.tr("Imported %1, already present %2, rejected %3.").replace("%1", f"{report.imported:,}").replace(
            "%2", f"{report.already_present:,}").replace("%3", f"{len(report.rejected):,}")
        if report.cancelled:
            text += " " + self.tr("Cancelled: what was imported before the cancel is kept; run it again to finish.")
        if report.warnings:
            text += " " + self.tr("%n warning(s).", "", len(report.warnings))
        self.summary.setText(text)
        fill_table(self.rejects_table, [[r.source, r.item, r.reason] for r in report.rejected])
        self.session.changed("messages")

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self.imap_button.setEnabled(True)
        self.summary.clear()
        show_exception(self, exc, inline=self.error)


__all__ = ["ImportPage", "run_import"]
