"""``MessagesTableModel``: a lazy table over the ``messages`` table that stays fast with a million rows.

Only the ordered id list is held (a compact ``array``); rows are fetched in pages inside ``data()`` into a bounded
cache (Anki's browser model). Sorting and filtering happen in SQL, full-text search through ``messages_fts``.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from privatrack.core.errors import Cancelled
from privatrack.core.store import search
from privatrack.core.store.connection import DatabaseError, OperationalError
from privatrack.gui import labels
from privatrack.gui.reasons import translate_reason

COL_DATE, COL_CHANNEL, COL_SENDER, COL_TO, COL_SUBJECT, COL_CATEGORY, COL_MERCHANT = range(7)
COLUMNS = 7
SortRole = Qt.ItemDataRole.UserRole
IdRole = Qt.ItemDataRole.UserRole + 1
PAGE = 200
CACHE_ROWS = 2000
UNATTRIBUTED = -1  # merchant filter value: messages no merchant was found for

# Sort keys are fixed SQL (never user text); the date, then the id, break ties so the order is stable.
_SORT_SQL = {
    COL_DATE: "m.date_ts",
    COL_CHANNEL: "m.channel",
    COL_SENDER: "m.sender",
    COL_TO: "m.to_address",
    COL_SUBJECT: "coalesce(m.subject, m.body_text)",
    COL_CATEGORY: "m.category",
    COL_MERCHANT: "(SELECT name FROM merchants WHERE id = m.merchant_id)",
}

_ROW_SQL = (
    "SELECT m.id, m.date, m.channel, m.sender, m.sender_name, coalesce(d.value, m.to_address), m.subject, "
    "substr(m.body_text, 1, 200), m.category, mm.name, m.confidence, m.reasons "
    "FROM messages m LEFT JOIN merchants mm ON mm.id = m.merchant_id LEFT JOIN details d ON d.id = m.to_detail_id "
    "WHERE m.id IN ({marks})"
)


@dataclass
class MessageFilter:
    """What the Messages page asks for; every field is optional."""

    merchant_id: int | None = None  # UNATTRIBUTED for "unknown sender"
    channel: str | None = None
    category: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    search: str = ""


def _day_ts(day: str, end: bool = False) -> float:
    d = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.max if end else dt.time.min, tzinfo=dt.UTC)
    return d.timestamp()


def build_query(flt: MessageFilter, sort_col: int, order: Qt.SortOrder) -> tuple[str, list[Any]]:
    """:return: SQL selecting the matching ids in display order, and its parameters."""
    direction = "DESC" if order == Qt.SortOrder.DescendingOrder else "ASC"
    key = _SORT_SQL.get(sort_col, "m.date_ts")
    if (sort_col == COL_CHANNEL and flt.channel) or (sort_col == COL_CATEGORY and flt.category) or (
            sort_col == COL_MERCHANT and flt.merchant_id is not None):
        key = "m.date_ts"  # the filter leaves one value in the sort column: the ties' order (by date) is the order
    where: list[str] = []
    args: list[Any] = []
    if flt.merchant_id == UNATTRIBUTED:
        where.append("m.merchant_id IS NULL")
    elif flt.merchant_id is not None:
        where.append("m.merchant_id = ?")
        args.append(flt.merchant_id)
    if flt.channel:
        where.append("m.channel = ?")
        args.append(flt.channel)
    if flt.category:
        if flt.category == "unclassified":
            where.append("m.category IS NULL")
        else:
            where.append("m.category = ?")
            args.append(flt.category)
    if flt.since:
        where.append("m.date_ts >= ?")
        args.append(_day_ts(flt.since))
    if flt.until:
        where.append("m.date_ts <= ?")
        args.append(_day_ts(flt.until, end=True))
    if flt.search.strip():
        # Words and Chinese character pairs through the full-text index (store.search); LIKE only for what it
        # cannot answer (a lone Chinese character, punctuation).
        cond, cond_args = search.where(flt.search, in_index_order=key == "m.date_ts")
        where.append(cond)
        args += cond_args
    sql = "SELECT m.id FROM messages m"
    if where and key != "m.date_ts" and not flt.search.strip():
        # Filtered and sorted by another column: collect the matching ids first (an index answers the filter),
        # then read their rows in id order, which is the table's order, for the sort key (a search's ids come from
        # the full-text index in id order already).
        # Read in the filter index's order instead, each lookup lands on another 16 KiB page: 200,000 fraud
        # messages of a million sorted by sender took 7.2 s that way, 1.7 s this way.
        sql += " WHERE m.id IN (SELECT m.id FROM messages m WHERE " + " AND ".join(where) + ")"
    elif where:
        sql += " WHERE " + " AND ".join(where)
    # Ties by date, newest first when descending: what a user expects within one sender, and the order of the
    # (column, date_ts) indexes, which answer the sort without reading the table (migration m007).
    tie = f", m.date_ts {direction}" if key != "m.date_ts" else ""
    sql += f" ORDER BY {key} {direction}{tie}, m.id {direction}"
    return sql, args


CANCEL_CHECK_STEPS = 2_000  # SQLite VM steps between two looks at ``cancelled``


def load_ids(db: Database, flt: MessageFilter, sort_col: int, order: Qt.SortOrder,
             cancelled: Callable[[], bool] | None = None) -> array:  # type: ignore[type-arg]
    """:return: the ids of the matching messages in display order (8 bytes each: a million rows is 8 MB).

    ``cancelled``: polled while the query runs; once it answers true the query stops and ``Cancelled`` is raised. A
    scan of a large vault (a search of punctuation alone reads every message: ~30 s on a million) must not hold a
    reader thread after the user has typed on."""
    sql, args = build_query(flt, sort_col, order)
    ids = array("q")
    if cancelled is not None:
        db.conn.set_progress_handler(lambda: 1 if cancelled() else 0, CANCEL_CHECK_STEPS)
    try:
        cur = db.execute(sql, args)
        while chunk := cur.fetchmany(50_000):
            ids.extend(r[0] for r in chunk)
    except OperationalError as exc:
        if cancelled is not None and cancelled() and "interrupt" in str(exc):
            raise Cancelled("a newer search replaced this one") from None
        raise
    finally:
        if cancelled is not None:
            db.conn.set_progress_handler(None, 0)
    return ids


class MessagesTableModel(QAbstractTableModel):
    """Read-only; ``db`` is a callable so the model never keeps a connection past a lock."""

    read_failed = Signal(object)  # a page fetch failed (damaged or tampered vault, P9); delivered queued

    def __init__(self, db: Callable[[], Database] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self.ids = array("q")
        self.filter = MessageFilter()
        self.sort_column = COL_DATE
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._cache: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
        self.fetches = 0  # page queries run (tests check laziness)
        self.loader: Callable[[], None] | None = None
        self.broken: BaseException | None = None

    # -- loading -------------------------------------------------------------------------------------
    def set_source(self, db: Callable[[], Database] | None, reload: bool = True) -> None:
        self._db = db
        if reload:
            self.reload()

    def set_filter(self, flt: MessageFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-run the id query: through ``loader`` (the page runs it off the GUI thread) or right here."""
        if self.loader is not None:
            self.loader()
            return
        self.set_ids(load_ids(self._db(), self.filter, self.sort_column, self.sort_order) if self._db else array("q"))

    def set_ids(self, ids: array) -> None:  # type: ignore[type-arg]
        self.beginResetModel()
        self.broken = None
        self._cache.clear()
        self.ids = ids
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self.beginResetModel()
        self._db = None
        self._cache.clear()
        self.ids = array("q")
        self.endResetModel()

    def forget(self, message_id: int) -> None:
        """Drop one cached row (after a correction) and tell the view to fetch it again."""
        self._cache.pop(message_id, None)
        row = self.row_of(message_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMNS - 1))

    def message_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_of(self, message_id: int) -> int | None:
        try:
            return self.ids.index(message_id)
        except ValueError:
            return None

    def _row(self, row: int) -> tuple[Any, ...] | None:
        mid = int(self.ids[row])
        hit = self._cache.get(mid)
        if hit is not None:
            self._cache.move_to_end(mid)
            return hit
        if self._db is None or self.broken is not None:
            return None
        # Fetch a page around the row: scrolling either way then hits the cache.
        start = max(0, row - PAGE // 4)
        page = [int(i) for i in self.ids[start:start + PAGE]]
        self.fetches += 1
        try:
            rows = self._db().execute(_ROW_SQL.format(marks=",".join("?" * len(page))), page).fetchall()
        except DatabaseError as exc:
            # Never raise inside a view's paint; show nothing more and let the page explain (queued).
            self.broken = exc
            self.read_failed.emit(exc)
            return None
        for r in rows:
            self._cache[int(r[0])] = tuple(r)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return self._cache.get(mid)

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_DATE: QCoreApplication.translate("MessagesTableModel", "Date"),
            COL_CHANNEL: QCoreApplication.translate("MessagesTableModel", "Channel"),
            COL_SENDER: QCoreApplication.translate("MessagesTableModel", "From"),
            COL_TO: QCoreApplication.translate("MessagesTableModel", "To"),
            COL_SUBJECT: QCoreApplication.translate("MessagesTableModel", "Subject / text"),
            COL_CATEGORY: QCoreApplication.translate("MessagesTableModel", "Category"),
            COL_MERCHANT: QCoreApplication.translate("MessagesTableModel", "Merchant"),
        }.get(section)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.ids)) or not (0 <= index.column() < COLUMNS):
            return None
        if role == IdRole:
            return int(self.ids[index.row()])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole):
            return None
        r = self._row(index.row())
        if r is None:
            return None
        _id, date, channel, sender, sender_name, to, subject, excerpt, category, merchant, confidence, reasons = r
        col = index.column()
        if col == COL_DATE:
            if role == SortRole:
                return date or ""
            return (date or "")[:16].replace("T", " ")
        if col == COL_CHANNEL:
            return labels.label(labels.channels(), channel)
        if col == COL_SENDER:
            text = sender or ""
            if sender_name and role != SortRole:
                text = f"{sender_name} <{sender}>" if sender else sender_name
            return text
        if col == COL_TO:
            return to or ""
        if col == COL_SUBJECT:
            text = subject if subject else " ".join((excerpt or "").split())
            return text if role != Qt.ItemDataRole.DisplayRole else text[:160]
        if col == COL_CATEGORY:
            if category is None:
                return "" if role != Qt.ItemDataRole.ToolTipRole else None
            shown = labels.label(labels.categories(), category)
            if role == Qt.ItemDataRole.ToolTipRole and reasons:
                try:
                    return shown + "\n" + "\n".join(f"• {translate_reason(str(x))}" for x in json.loads(reasons))
                except (ValueError, TypeError):
                    return shown
            return shown
        if col == COL_MERCHANT:
            return merchant or ""
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT_SQL:
            return
        self.sort_column, self.sort_order = column, order
        self.reload()
