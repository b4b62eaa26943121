"""Dialogs that write one record: add a merchant, record a disclosure, record a consent event.

Each dialog calls the core in ``submit`` and stays open with the error shown inline when the core refuses.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from privatrack.core import household as hh
from privatrack.gui import labels
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.views.base import error_label


def _split(text: str) -> list[str]:
    """Comma, semicolon, 、 or newline separated list → items."""
    for sep in (";", "、", "，", "\n"):
        text = text.replace(sep, ",")
    return [p.strip() for p in text.split(",") if p.strip()]


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class _Handled(Exception):  # noqa: N818 - internal control flow: the problem is already shown inline
    pass


class _RecordDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = error_label()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def submit(self) -> bool:
        self.error.setVisible(False)
        try:
            self.write()
        except _Handled:
            return False
        except Exception as exc:  # noqa: BLE001 - user-facing text inline, bugs to the traceback dialog
            show_exception(self, exc, inline=self.error)
            return False
        self.accept()
        return True

    def write(self) -> None:
        raise NotImplementedError


class AddMerchantDialog(_RecordDialog):
    """Create a merchant, or extend one (a name from the built-in directory starts from its entry)."""

    def __init__(self, session: Session, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(session, parent)
        self.setWindowTitle(self.tr("Add or extend a merchant"))
        self.name_edit = QLineEdit(name)
        self.aliases_edit = QLineEdit()
        self.aliases_edit.setPlaceholderText(self.tr("other names, in any language, comma separated"))
        self.domains_edit = QLineEdit()
        self.domains_edit.setPlaceholderText(self.tr("e.g. jd.com, jd.hk"))
        self.senders_edit = QLineEdit()
        self.senders_edit.setPlaceholderText(self.tr("SMS sender numbers and short codes, e.g. 95118"))
        self.signatures_edit = QLineEdit()
        self.signatures_edit.setPlaceholderText(self.tr("SMS signatures, e.g. 【京东】"))
        self.email_senders_edit = QLineEdit()
        self.email_senders_edit.setPlaceholderText(self.tr("exact addresses it mails from, e.g. shop88@qq.com"))
        self.jurisdiction_combo = QComboBox()
        self.jurisdiction_combo.addItem(self.tr("(unknown / keep)"), None)
        for key, text in labels.jurisdictions().items():
            self.jurisdiction_combo.addItem(f"{key} — {text}", key)
        self.privacy_email_edit = QLineEdit()
        self.postal_edit = QLineEdit()
        self.form.addRow(self.tr("Name:"), self.name_edit)
        self.form.addRow(self.tr("Aliases:"), self.aliases_edit)
        self.form.addRow(self.tr("Domains:"), self.domains_edit)
        self.form.addRow(self.tr("SMS senders:"), self.senders_edit)
        self.form.addRow(self.tr("Signatures:"), self.signatures_edit)
        self.form.addRow(self.tr("E-mail senders:"), self.email_senders_edit)
        self.form.addRow(self.tr("Jurisdiction:"), self.jurisdiction_combo)
        self.form.addRow(self.tr("Privacy contact e-mail:"), self.privacy_email_edit)
        self.form.addRow(self.tr("Privacy contact address:"), self.postal_edit)

    def write(self) -> None:
        hh.add_merchant(
            self.session.db,
            self.name_edit.text(),
            aliases=_split(self.aliases_edit.text()),
            domains=_split(self.domains_edit.text()),
            sms_senders=_split(self.senders_edit.text()),
            signatures=_split(self.signatures_edit.text()),
            email_senders=_split(self.email_senders_edit.text()),
            jurisdiction=self.jurisdiction_combo.currentData(),
            privacy_email=self.privacy_email_edit.text().strip() or None,
            postal_address=self.postal_edit.text().strip() or None,
        )
        self.session.changed("merchants")

    @property
    def merchant_name(self) -> str:
        return " ".join(self.name_edit.text().split())


def _detail_combo(session: Session, with_none: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("detailCombo")
    if with_none is not None:
        combo.addItem(with_none, None)
    kinds = labels.detail_kinds()
    for d in hh.list_details(session.db):
        combo.addItem(f"{d.value}  ({d.person}, {labels.label(kinds, d.kind)})", d.value)
    return combo


class DisclosureDialog(_RecordDialog):
    """Record that a detail was given to the merchant (when, in what context, with what evidence)."""

    def __init__(self, session: Session, merchant: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.merchant = merchant
        self.setWindowTitle(self.tr("Record what %1 holds").replace("%1", merchant))
        self.detail_combo = _detail_combo(session)
        self.date_edit = _date_edit()
        self.date_unknown = QCheckBox(self.tr("date unknown"))
        self.date_unknown.toggled.connect(lambda on: self.date_edit.setEnabled(not on))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_unknown)
        date_row.addStretch(1)
        self.context_combo = QComboBox()
        self.context_combo.setEditable(True)
        for ctx in (self.tr("registration"), self.tr("order"), self.tr("loyalty card"), self.tr("group-buying deal"),
                    self.tr("delivery")):
            self.context_combo.addItem(ctx)
        self.context_combo.setCurrentText("")
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setPlaceholderText(self.tr("order number, screenshot file, note..."))
        self.form.addRow(QLabel(self.tr("Merchant: %1").replace("%1", merchant)))
        self.form.addRow(self.tr("Detail given:"), self.detail_combo)
        self.form.addRow(self.tr("Date:"), date_row)
        self.form.addRow(self.tr("Context:"), self.context_combo)
        self.form.addRow(self.tr("Evidence:"), self.evidence_edit)
        if self.detail_combo.count() == 0:
            self.error.setText(self.tr("Add a detail on the People & details page first."))
            self.error.setVisible(True)

    def write(self) -> None:
        detail = self.detail_combo.currentData()
        if detail is None:
            self.error.setText(self.tr("Choose the detail that was given."))
            self.error.setVisible(True)
            raise _Handled
        hh.disclose(
            self.session.db,
            self.merchant,
            detail,
            date=None if self.date_unknown.isChecked() else self.date_edit.date().toString("yyyy-MM-dd"),
            context=self.context_combo.currentText().strip() or None,
            evidence=self.evidence_edit.text().strip() or None,
        )
        self.session.changed("disclosures")


class ConsentDialog(_RecordDialog):
    """Record a consent event: granted (explicitly or only by default), withdrawn, or refused."""

    def __init__(self, session: Session, merchant: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.merchant = merchant
        self.setWindowTitle(self.tr("Record a consent event for %1").replace("%1", merchant))
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("consentAction")
        for key, text in labels.consent_actions().items():
            self.action_combo.addItem(text, key)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("consentChannel")
        for key, text in labels.channels().items():
            self.channel_combo.addItem(text, key)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("consentKind")
        for key, text in labels.consent_kinds().items():
            self.kind_combo.addItem(text, key)
        self.detail_combo = _detail_combo(session, with_none=self.tr("(all my details on this channel)"))
        self.date_edit = _date_edit()
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setPlaceholderText(self.tr("e.g. \"replied TD on 2024-03-01\", screenshot of the form"))
        self.form.addRow(QLabel(self.tr("Merchant: %1").replace("%1", merchant)))
        self.form.addRow(self.tr("What happened:"), self.action_combo)
        self.form.addRow(self.tr("Channel:"), self.channel_combo)
        self.form.addRow(self.tr("How it was given:"), self.kind_combo)
        self.form.addRow(self.tr("For detail:"), self.detail_combo)
        self.form.addRow(self.tr("Date:"), self.date_edit)
        self.form.addRow(self.tr("Evidence:"), self.evidence_edit)
        self.action_combo.currentIndexChanged.connect(self._action_changed)

    def _action_changed(self) -> None:
        # Only a grant can be "by default"; a withdrawal or refusal is always the user's explicit act.
        is_grant = self.action_combo.currentData() == "grant"
        self.kind_combo.setEnabled(is_grant)
        if not is_grant:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData("explicit"))

    def set_choice(self, combo: QComboBox, key: str) -> None:
        combo.setCurrentIndex(combo.findData(key))

    def write(self) -> None:
        hh.record_consent(
            self.session.db,
            self.merchant,
            self.action_combo.currentData(),
            self.channel_combo.currentData(),
            detail=self.detail_combo.currentData(),
            date=self.date_edit.date().toString("yyyy-MM-dd"),
            kind=self.kind_combo.currentData(),
            evidence=self.evidence_edit.text().strip() or None,
        )
        self.session.changed("consents")


