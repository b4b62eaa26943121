"""``MerchantsPage``: every merchant (the user's and the built-in directory) with what they hold and consent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from privatrack.core import household as hh
from privatrack.gui import labels
from privatrack.gui.dialogs.records import AddMerchantDialog, ConsentDialog, DisclosureDialog
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.views.base import Page, fill_table, heading, make_table, subheading


class MerchantsPage(Page):
    topics = ("merchants", "disclosures", "consents", "details", "messages")
    show_messages = Signal(int)  # merchant id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._merchants: list[hh.Merchant] = []
        self.record: dict[str, Any] | None = None
        self.dialog: AddMerchantDialog | DisclosureDialog | ConsentDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(heading(self.tr("Merchants")))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 8, 8, 0)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("merchantFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, alias, domain or signature"))
        self.filter_edit.setClearButtonEnabled(True)
        lv.addWidget(self.filter_edit)
        self.merchant_list = QListWidget()
        self.merchant_list.setObjectName("merchantList")
        self.merchant_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.merchant_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.merchant_list.setUniformItemSizes(True)
        lv.addWidget(self.merchant_list, 1)
        self.add_button = QPushButton(self.tr("Add merchant…"))
        self.add_button.setObjectName("addMerchant")
        lv.addWidget(self.add_button)
        splitter.addWidget(left)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail = QWidget()
        dv = QVBoxLayout(detail)
        dv.setContentsMargins(12, 8, 0, 0)
        dv.setSpacing(8)
        title_row = QHBoxLayout()
        self.name_label = heading("")
        self.name_label.setObjectName("merchantName")
        self.source_label = QLabel()
        self.source_label.setObjectName("merchantSource")
        self.source_label.setStyleSheet("color: palette(placeholder-text);")
        title_row.addWidget(self.name_label)
        title_row.addWidget(self.source_label)
        title_row.addStretch(1)
        self.disclose_button = QPushButton(self.tr("Record a detail they hold…"))
        self.disclose_button.setObjectName("recordDisclosure")
        self.consent_button = QPushButton(self.tr("Record a consent event…"))
        self.consent_button.setObjectName("recordConsent")
        self.messages_button = QPushButton(self.tr("Messages"))
        self.messages_button.setObjectName("merchantMessages")
        title_row.addWidget(self.messages_button)
        title_row.addWidget(self.disclose_button)
        title_row.addWidget(self.consent_button)
        dv.addLayout(title_row)

        self.info = QFormLayout()
        self.info.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.info_values: dict[str, QLabel] = {}
        for key, text in (
            ("aliases", self.tr("Also known as:")),
            ("domains", self.tr("Domains:")),
            ("sms_senders", self.tr("SMS senders:")),
            ("signatures", self.tr("Signatures:")),
            ("email_senders", self.tr("E-mail senders:")),
            ("jurisdiction", self.tr("Jurisdiction:")),
            ("privacy_email", self.tr("Privacy contact:")),
            ("postal_address", self.tr("Postal address:")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_values[key] = value
            self.info.addRow(text, value)
        dv.addLayout(self.info)

        dv.addWidget(subheading(self.tr("Consent now")))
        self.state_table = make_table([self.tr("Channel"), self.tr("Detail"), self.tr("State")], fit=True)
        self.state_table.setObjectName("consentStateTable")
        dv.addWidget(self.state_table)

        dv.addWidget(subheading(self.tr("What they hold")))
        self.holds_table = make_table(
            [self.tr("Detail"), self.tr("Kind"), self.tr("Person"), self.tr("Date"), self.tr("Context"),
             self.tr("Evidence")], fit=True
        )
        self.holds_table.setObjectName("holdsTable")
        dv.addWidget(self.holds_table)

        dv.addWidget(subheading(self.tr("Consent timeline")))
        self.timeline_table = make_table(
            [self.tr("Date"), self.tr("Channel"), self.tr("Detail"), self.tr("Event"), self.tr("How"),
             self.tr("Evidence")], fit=True
        )
        self.timeline_table.setObjectName("timelineTable")
        dv.addWidget(self.timeline_table)

        dv.addStretch(1)
        scroll.setWidget(detail)
        splitter.addWidget(scroll)
        splitter.setSizes([250, 750])
        splitter.setStretchFactor(1, 1)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.merchant_list.currentItemChanged.connect(self._merchant_selected)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.disclose_button.clicked.connect(self.open_disclosure_dialog)
        self.consent_button.clicked.connect(self.open_consent_dialog)
        self.messages_button.clicked.connect(self._show_messages)
        self._show_record(None)

    # -- data ----------------------------------------------------------------------------------------
    def load(self) -> None:
        current = self.selected_merchant()
        self._merchants = hh.list_merchants(self.session.db)
        self._apply_filter(keep=current)

    def clear(self) -> None:
        super().clear()
        self._merchants = []
        self.merchant_list.clear()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self._show_record(None)

    def _apply_filter(self, *_args: object, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.selected_merchant()
        needle = self.filter_edit.text().strip().casefold()
        self.merchant_list.blockSignals(True)
        self.merchant_list.clear()
        select = None
        for m in self._merchants:
            haystack = [m.name, *m.aliases, *m.domains, *m.signatures, *m.sms_senders, *m.email_senders]
            if needle and not any(needle in h.casefold() for h in haystack):
                continue
            text = m.name if not m.aliases else f"{m.name}  ·  {m.aliases[0]}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m.name)
            if m.source == "builtin":
                item.setToolTip(self.tr("From the built-in directory"))
                item.setForeground(self.palette().placeholderText())
            self.merchant_list.addItem(item)
            if m.name == keep:
                select = item
        self.merchant_list.blockSignals(False)
        if select is not None:
            self.merchant_list.setCurrentItem(select)
        else:
            self._show_record(None)

    def selected_merchant(self) -> str | None:
        item = self.merchant_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole) or "") or None if item is not None else None

    def select_merchant(self, name: str) -> bool:
        for i in range(self.merchant_list.count()):
            item = self.merchant_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.merchant_list.setCurrentItem(item)
                return True
        return False

    def _merchant_selected(self, *_args: object) -> None:
        name = self.selected_merchant()
        if name is None or self.session.is_locked:
            self._show_record(None)
            return
        try:
            self._show_record(hh.merchant_record(self.session.db, name))
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)

    def _show_record(self, rec: dict[str, Any] | None) -> None:
        self.record = rec
        for w in (self.disclose_button, self.consent_button):
            w.setEnabled(rec is not None)
        count = 0
        if rec is not None and rec.get("id") is not None and not self.session.is_locked:
            row = self.session.db.execute("SELECT count(*) FROM messages WHERE merchant_id = ?", [rec["id"]]).fetchone()
            count = int(row[0]) if row else 0
        self.messages_button.setEnabled(count > 0)
        self.messages_button.setText(self.tr("%n message(s)", "", count))
        if rec is None:
            self.name_label.setText(self.tr("Choose a merchant") if not self.session.is_locked else "")
            self.source_label.clear()
            for v in self.info_values.values():
                v.clear()
            for t in (self.state_table, self.holds_table, self.timeline_table):
                fill_table(t, [])
            return
        self.name_label.setText(rec["name"])
        self.source_label.setText(
            self.tr("built-in directory") if rec["source"] == "builtin" else self.tr("your record")
        )
        none = "—"
        self.info_values["aliases"].setText(", ".join(rec["aliases"]) or none)
        self.info_values["domains"].setText(", ".join(rec["domains"]) or none)
        self.info_values["sms_senders"].setText(", ".join(rec["sms_senders"]) or none)
        self.info_values["signatures"].setText(" ".join(f"【{s}】" for s in rec["signatures"]) or none)
        self.info_values["email_senders"].setText(", ".join(rec.get("email_senders") or []) or none)
        jur = rec["jurisdiction"]
        self.info_values["jurisdiction"].setText(
            f"{jur} — {labels.label(labels.jurisdictions(), jur)}" if jur else none
        )
        self.info_values["privacy_email"].setText(rec["privacy_email"] or none)
        self.info_values["postal_address"].setText(rec["postal_address"] or none)

        chans, states, actions, kinds = (labels.channels(), labels.consent_states(), labels.consent_actions(),
                                         labels.consent_kinds_short())
        state_rows, state_keys = [], []
        for key, state in rec["consent_state"].items():
            channel, _, detail = key.partition(":")
            state_rows.append([labels.label(chans, channel), detail or self.tr("all details"),
                               labels.label(states, state)])
            state_keys.append(state)
        if not state_rows:
            state_rows = [[labels.label(chans, "any"), self.tr("all details"), labels.label(states, "none")]]
            state_keys = ["none"]
        fill_table(self.state_table, state_rows)
        for r, state in enumerate(state_keys):
            cell = self.state_table.item(r, 2)
            if state == "invalid_default" and cell is not None:  # a pre-ticked box is not consent: stand out
                cell.setForeground(Qt.GlobalColor.darkRed)

        dkinds = labels.detail_kinds()
        fill_table(self.holds_table, [
            [d["detail"], labels.label(dkinds, d["kind"]), d["person"], d["date"] or self.tr("unknown"),
             d["context"] or "", d["evidence"] or ""]
            for d in rec["disclosures"]
        ])
        fill_table(self.timeline_table, [
            [c["date"] or "", labels.label(chans, c["channel"]), c["detail"] or self.tr("all details"),
             labels.label(actions, c["action"]), labels.label(kinds, c["kind"]), c["evidence"] or ""]
            for c in rec["consents"]
        ])

    def _show_messages(self) -> None:
        if self.record is not None and self.record.get("id") is not None:
            self.show_messages.emit(int(self.record["id"]))

    def reload_selected(self) -> None:
        name = self.selected_merchant()
        self.refresh()
        if name:
            self.select_merchant(name)
            self._merchant_selected()

    # -- dialogs -------------------------------------------------------------------------------------
    def open_add_dialog(self) -> AddMerchantDialog:
        dlg = AddMerchantDialog(self.session, self, name=self.filter_edit.text().strip())
        dlg.accepted.connect(self._merchant_added)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _merchant_added(self) -> None:
        dlg = self.dialog
        name = dlg.merchant_name if isinstance(dlg, AddMerchantDialog) else None
        self.filter_edit.clear()
        self.refresh()
        if name and not self.select_merchant(name):
            try:
                self.select_merchant(hh.find_merchant(self.session.db, name).name)
            except Exception:  # noqa: BLE001 - selection is a nicety
                pass

    def open_disclosure_dialog(self) -> DisclosureDialog | None:
        if self.record is None:
            return None
        dlg = DisclosureDialog(self.session, self.record["name"], self)
        dlg.accepted.connect(self.reload_selected)
        self.dialog = dlg
        dlg.open()
        return dlg

    def open_consent_dialog(self) -> ConsentDialog | None:
        if self.record is None:
            return None
        dlg = ConsentDialog(self.session, self.record["name"], self)
        dlg.accepted.connect(self.reload_selected)
        self.dialog = dlg
        dlg.open()
        return dlg
