"""``DataMapPage``: pick one of the household's details and see every merchant that received it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from privatrack.core import household as hh
from privatrack.gui import labels
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.views.base import Page, fill_table, heading, make_table


class DataMapPage(Page):
    topics = ("details", "disclosures", "merchants", "people")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(heading(self.tr("Data map")))
        intro = QLabel(self.tr("Which merchants received a detail, directly or through one of its plus-aliases."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Detail:")))
        self.detail_combo = QComboBox()
        self.detail_combo.setObjectName("dataMapDetail")
        self.detail_combo.setMinimumWidth(320)
        row.addWidget(self.detail_combo, 1)
        outer.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("dataMapSummary")
        outer.addWidget(self.summary)
        self.table = make_table([self.tr("Merchant"), self.tr("Given as"), self.tr("Date"), self.tr("Context")])
        self.table.setObjectName("dataMapTable")
        outer.addWidget(self.table, 1)
        self.detail_combo.currentIndexChanged.connect(self._detail_chosen)

    def load(self) -> None:
        current = self.detail_combo.currentData()
        kinds = labels.detail_kinds()
        self.detail_combo.blockSignals(True)
        self.detail_combo.clear()
        for d in hh.list_details(self.session.db):
            self.detail_combo.addItem(f"{d.value}  ({d.person}, {labels.label(kinds, d.kind)})", d.value)
        idx = self.detail_combo.findData(current) if current is not None else 0
        self.detail_combo.setCurrentIndex(max(idx, 0) if self.detail_combo.count() else -1)
        self.detail_combo.blockSignals(False)
        self._detail_chosen()

    def choose(self, value: str) -> None:
        self.detail_combo.setCurrentIndex(self.detail_combo.findData(value))

    def _detail_chosen(self, *_args: object) -> None:
        value = self.detail_combo.currentData()
        if value is None or self.session.is_locked:
            self.table.setRowCount(0)
            self.summary.setText(self.tr("No details recorded yet.") if value is None else "")
            return
        try:
            result = hh.data_map(self.session.db, value)
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)
            return
        rows = [[m["merchant"], m["via"], m["date"] or self.tr("unknown"), m["context"] or ""]
                for m in result["merchants"]]
        fill_table(self.table, rows)
        count = len({m["merchant"] for m in result["merchants"]})
        self.summary.setText(self.tr("%n merchant(s) received this detail.", "", count))

    def clear(self) -> None:
        super().clear()
        self.detail_combo.blockSignals(True)
        self.detail_combo.clear()
        self.detail_combo.blockSignals(False)
        self.table.setRowCount(0)
        self.summary.clear()
