"""``PeoplePage``: the household's people and their details (phone, e-mail incl. plus-aliases, address...)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from privatrack.core import household as hh
from privatrack.core.normalize import DETAIL_KINDS
from privatrack.gui import labels
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session
from privatrack.gui.views.base import Page, error_label, fill_table, heading, make_table, subheading

ALL = -1


class PeoplePage(Page):
    topics = ("people", "details")
    copy_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(heading(self.tr("People & details")))
        intro = QLabel(self.tr("Everyone in the household and the personal details they hand out. A plus-alias "
                               "(name+shop@example.com) is kept as its own detail and linked to its base address."))
        intro.setWordWrap(True)
        outer.addWidget(intro)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 8, 8, 0)
        lv.addWidget(subheading(self.tr("People")))
        self.people_list = QListWidget()
        self.people_list.setObjectName("peopleList")
        lv.addWidget(self.people_list, 1)
        row = QHBoxLayout()
        self.person_name = QLineEdit()
        self.person_name.setObjectName("personName")
        self.person_name.setPlaceholderText(self.tr("Name of a household member"))
        self.add_person_button = QPushButton(self.tr("Add person"))
        self.add_person_button.setObjectName("addPerson")
        row.addWidget(self.person_name, 1)
        row.addWidget(self.add_person_button)
        lv.addLayout(row)
        self.person_error = error_label()
        lv.addWidget(self.person_error)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 8, 0, 0)
        rv.addWidget(subheading(self.tr("Details")))
        self.details_table = make_table(
            [self.tr("Person"), self.tr("Kind"), self.tr("Value"), self.tr("As written"), self.tr("Alias of")]
        )
        self.details_table.setObjectName("detailsTable")
        self.details_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.details_table.customContextMenuRequested.connect(self._details_menu)
        rv.addWidget(self.details_table, 1)

        form = QGridLayout()
        form.addWidget(QLabel(self.tr("Add a detail to the selected person:")), 0, 0, 1, 3)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("detailKind")
        kinds = labels.detail_kinds()
        for k in DETAIL_KINDS:
            self.kind_combo.addItem(kinds[k], k)
        self.detail_value = QLineEdit()
        self.detail_value.setObjectName("detailValue")
        self.detail_value.setPlaceholderText(self.tr("e.g. +86 138 0013 8000 or name+shop@example.com"))
        self.add_detail_button = QPushButton(self.tr("Add detail"))
        self.add_detail_button.setObjectName("addDetail")
        form.addWidget(self.kind_combo, 1, 0)
        form.addWidget(self.detail_value, 1, 1)
        form.addWidget(self.add_detail_button, 1, 2)
        form.setColumnStretch(1, 1)
        rv.addLayout(form)
        self.detail_error = error_label()
        rv.addWidget(self.detail_error)
        splitter.addWidget(right)
        splitter.setSizes([260, 640])

        self.add_person_button.clicked.connect(self.add_person)
        self.person_name.returnPressed.connect(self.add_person)
        self.add_detail_button.clicked.connect(self.add_detail)
        self.detail_value.returnPressed.connect(self.add_detail)
        self.people_list.currentItemChanged.connect(self._person_selected)

    # -- data ----------------------------------------------------------------------------------------
    def load(self) -> None:
        db = self.session.db
        current = self.selected_person()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        everyone = QListWidgetItem(self.tr("Everyone"))
        everyone.setData(Qt.ItemDataRole.UserRole, None)
        self.people_list.addItem(everyone)
        select = everyone
        for p in hh.list_people(db):
            item = QListWidgetItem(self.tr("%1 (%2 details)").replace("%1", p["name"]).replace("%2", str(p["details"])))
            item.setData(Qt.ItemDataRole.UserRole, p["name"])
            self.people_list.addItem(item)
            if p["name"] == current:
                select = item
        self.people_list.setCurrentItem(select)
        self.people_list.blockSignals(False)
        self._load_details()

    def _load_details(self) -> None:
        person = self.selected_person()
        kinds = labels.detail_kinds()
        rows = [
            [d.person, labels.label(kinds, d.kind), d.value, d.display, d.base or ""]
            for d in hh.list_details(self.session.db, person)
        ]
        fill_table(self.details_table, rows)

    def clear(self) -> None:
        super().clear()
        self.people_list.clear()
        self.details_table.setRowCount(0)
        self.person_name.clear()
        self.detail_value.clear()
        self.person_error.setVisible(False)
        self.detail_error.setVisible(False)

    def selected_person(self) -> str | None:
        item = self.people_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole) or "") or None if item is not None else None

    def select_person(self, name: str) -> None:
        for i in range(self.people_list.count()):
            item = self.people_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.people_list.setCurrentItem(item)
                return

    def _person_selected(self, *_args: object) -> None:
        if not self.session.is_locked:
            self.refresh_details()

    def refresh_details(self) -> None:
        try:
            self._load_details()
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)

    # -- actions -------------------------------------------------------------------------------------
    def add_person(self) -> None:
        self.person_error.setVisible(False)
        name = self.person_name.text()
        try:
            hh.add_person(self.session.db, name)
        except Exception as exc:  # noqa: BLE001 - user-facing text goes inline, bugs to the dialog
            show_exception(self, exc, inline=self.person_error)
            return
        self.person_name.clear()
        self.refresh()
        self.select_person(" ".join(name.split()))
        self.session.changed("people")

    def add_detail(self) -> None:
        self.detail_error.setVisible(False)
        person = self.selected_person()
        if person is None:
            self.detail_error.setText(self.tr("Select a person first (or add one on the left)."))
            self.detail_error.setVisible(True)
            return
        try:
            hh.add_detail(self.session.db, person, self.kind_combo.currentData(), self.detail_value.text())
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc, inline=self.detail_error)
            return
        self.detail_value.clear()
        self.refresh()
        self.session.changed("details")

    def _details_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        item = self.details_table.itemAt(pos)
        if item is None:
            return
        cell = self.details_table.item(item.row(), 2)
        if cell is None:
            return
        value = cell.text()
        menu = QMenu(self)
        menu.addAction(self.tr("Copy value (cleared after 10 s)"), lambda: self.copy_requested.emit(value))
        menu.popup(self.details_table.viewport().mapToGlobal(pos))
