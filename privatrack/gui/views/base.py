"""``Page``: the base of every sidebar page (``refresh`` reads from the vault, ``clear`` forgets on lock)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from privatrack.core.errors import VaultLocked
from privatrack.gui.errors import show_exception
from privatrack.gui.signals import Session


class Page(QWidget):
    """A section of the main window. Subclasses fill ``refresh`` and ``clear``."""

    #: store_changed topics that make this page reload when it is shown
    topics: tuple[str, ...] = ()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stale = True

    def refresh(self) -> None:
        """Reload everything from the vault; a locked vault leaves the page empty."""
        if self.session.is_locked:
            self.clear()
            return
        try:
            self.load()
            self.stale = False
        except VaultLocked:
            self.clear()
        except Exception as exc:  # noqa: BLE001 - routed to the user, never swallowed
            self.clear()  # no partial rows from a failed read (P9)
            show_exception(self, exc)

    def load(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Forget every record shown (called on lock)."""
        self.stale = True


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("inlineError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setVisible(False)
    return label


def make_table(headers: list[str], fit: bool = False) -> QTableWidget:
    """:param fit: grow to show every row (for short tables inside a scroll area) instead of scrolling."""
    table = QTableWidget(0, len(headers))
    table.setProperty("fitRows", fit)
    if fit:
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):
        table.setColumnWidth(c, min(max(table.columnWidth(c), 80), 280))
    if table.property("fitRows"):
        fit_height(table)


def fit_height(table: QTableWidget, min_rows: int = 1) -> None:
    rows = max(table.rowCount(), min_rows)
    row_h = table.verticalHeader().defaultSectionSize()
    height = table.horizontalHeader().sizeHint().height() + rows * row_h + 2 * table.frameWidth() + 2
    table.setFixedHeight(height)


def table_texts(table: QTableWidget) -> list[list[str]]:
    """:return: the cell texts, row by row (what the user sees; used by tests too)."""
    out = []
    for r in range(table.rowCount()):
        cells = [table.item(r, c) for c in range(table.columnCount())]
        out.append([item.text() if item is not None else "" for item in cells])
    return out


class PlaceholderPage(Page):
    """A section that a later version fills; says so honestly instead of showing made-up data."""

    def __init__(self, session: Session, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading(title))
        note = QLabel(what + "\n\n" + self.tr("This section is coming in a later version of PrivaTrack."))
        note.setObjectName("placeholderNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def load(self) -> None:
        pass
