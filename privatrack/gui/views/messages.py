"""``MessagesPage``: every imported message in a lazy, SQL-sorted table with filters, search and a safe preview."""

from __future__ import annotations

import json
import logging
import zlib
from array import array
from typing import Any

from sqlite_utils import Database

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from privatrack.core import household as hh
from privatrack.core.errors import Cancelled, InvalidInput
from privatrack.core.tasks import TaskContext
from privatrack.gui import labels
from privatrack.gui.errors import show_exception
from privatrack.gui.models.messages import (
    COL_CATEGORY,
    COL_CHANNEL,
    COL_DATE,
    COL_MERCHANT,
    COL_SENDER,
    COL_SUBJECT,
    COL_TO,
    UNATTRIBUTED,
    MessageFilter,
    MessagesTableModel,
    load_ids,
)
from privatrack.gui.reasons import translate_reasons
from privatrack.gui.signals import Session
from privatrack.gui.tasks import Op, read_pool
from privatrack.gui.views.base import Page, error_label, heading
from privatrack.gui.widgets.safe_browser import SafeTextBrowser, fetch_images

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 250


class MessagesPage(Page):
    topics = ("messages", "merchants")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._reader: Database | None = None
        self._generation = 0
        self.loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(heading(self.tr("Messages")))

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("messageSearch")
        self.search_edit.setPlaceholderText(self.tr("Search subject, text and sender"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(self.tr('Finds the messages that hold every word, or its start; "quote" a phrase.'))
        filters.addWidget(self.search_edit, 2)
        self.merchant_combo = QComboBox()
        self.merchant_combo.setObjectName("messageMerchant")
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("messageChannel")
        self.channel_combo.addItem(self.tr("All channels"), None)
        chans = labels.channels()
        for key in ("email", "sms"):
            self.channel_combo.addItem(chans[key], key)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("messageCategory")
        self.category_combo.addItem(self.tr("All categories"), None)
        for key, text in labels.categories().items():
            self.category_combo.addItem(text, key)
        self.category_combo.addItem(self.tr("Not classified yet"), "unclassified")
        self.since_edit = QLineEdit()
        self.since_edit.setObjectName("messageSince")
        self.since_edit.setPlaceholderText(self.tr("from YYYY-MM-DD"))
        self.until_edit = QLineEdit()
        self.until_edit.setObjectName("messageUntil")
        self.until_edit.setPlaceholderText(self.tr("to YYYY-MM-DD"))
        for w in (self.merchant_combo, self.channel_combo, self.category_combo):
            filters.addWidget(w, 1)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.until_edit)
        outer.addLayout(filters)
        self.filter_error = error_label()
        outer.addWidget(self.filter_error)
        self.count_label = QLabel()
        self.count_label.setObjectName("messageCount")
        outer.addWidget(self.count_label)
        # After an upgrade: the verdicts an older classifier gave, with a button to redo just those.
        self.stale_banner = QWidget()
        self.stale_banner.setObjectName("staleBanner")
        sb = QHBoxLayout(self.stale_banner)
        sb.setContentsMargins(0, 0, 0, 0)
        self.stale_label = QLabel()
        self.stale_label.setObjectName("staleLabel")
        self.stale_label.setWordWrap(True)
        self.stale_button = QPushButton(self.tr("Reclassify them"))
        self.stale_button.setObjectName("staleReclassify")
        self.stale_button.clicked.connect(self.reclassify_stale)
        sb.addWidget(self.stale_label, 1)
        sb.addWidget(self.stale_button)
        self.stale_banner.setVisible(False)
        self.stale_count = 0
        self._stale_op: Op | None = None
        outer.addWidget(self.stale_banner)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = MessagesTableModel(None, self)
        self.model.loader = self._start_load  # a million ids take a second or two: never on the GUI thread
        self.table = QTableView()
        self.table.setObjectName("messagesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col, width in ((COL_DATE, 130), (COL_CHANNEL, 64), (COL_SENDER, 200), (COL_TO, 150),
                           (COL_CATEGORY, 110), (COL_MERCHANT, 110)):
            self.table.setColumnWidth(col, width)
        splitter.addWidget(self.table)

        preview = QWidget()
        pv = QVBoxLayout(preview)
        pv.setContentsMargins(0, 6, 0, 0)
        self.meta = QFormLayout()
        self.meta_values: dict[str, QLabel] = {}
        for key, text in (("from", self.tr("From:")), ("to", self.tr("To:")), ("date", self.tr("Date:")),
                          ("subject", self.tr("Subject:")), ("category", self.tr("Category:")),
                          ("merchant", self.tr("Merchant:"))):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)  # sender-controlled text is never rich text
            self.meta_values[key] = value
            self.meta.addRow(text, value)
        pv.addLayout(self.meta)
        # One-click correction (issue 4): the classifier learns from it for later messages.
        self.correct_row = QWidget()
        cr = QHBoxLayout(self.correct_row)
        cr.setContentsMargins(0, 0, 0, 0)
        cr.addWidget(QLabel(self.tr("Correct:")))
        self.correct_category = QComboBox()
        self.correct_category.setObjectName("correctCategory")
        self.correct_category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.correct_category.addItem(self.tr("(keep category)"), None)
        for key, text in labels.categories().items():
            self.correct_category.addItem(text, key)
        self.correct_merchant = QComboBox()
        self.correct_merchant.setObjectName("correctMerchant")
        self.correct_merchant.setEditable(True)
        self.correct_merchant.setMinimumWidth(180)
        edit = self.correct_merchant.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("merchant (keep)"))
        self.correct_button = QPushButton(self.tr("Apply correction"))
        self.correct_button.setObjectName("applyCorrection")
        cr.addWidget(self.correct_category)
        cr.addWidget(self.correct_merchant)
        cr.addWidget(self.correct_button)
        cr.addStretch(1)
        self.correct_row.setVisible(_corrections_available())
        self.correct_row.setEnabled(False)
        pv.addWidget(self.correct_row)
        self.correct_error = error_label()
        pv.addWidget(self.correct_error)
        self.correct_button.clicked.connect(self.apply_correction)
        self.current_message: int | None = None
        self.images_bar = QWidget()
        ib = QHBoxLayout(self.images_bar)
        ib.setContentsMargins(0, 0, 0, 0)
        self.images_label = QLabel()
        self.images_label.setObjectName("imagesBlocked")
        self.load_images_button = QPushButton(self.tr("Load images for this message"))
        self.load_images_button.setObjectName("loadImages")
        self.load_images_button.setToolTip(self.tr("The sender may learn that you opened the message."))
        ib.addWidget(self.images_label)
        ib.addWidget(self.load_images_button)
        ib.addStretch(1)
        self.images_bar.setVisible(False)
        pv.addWidget(self.images_bar)
        self.load_images_button.clicked.connect(self.load_images)
        self.loading_images = False
        self.preview = SafeTextBrowser()
        self.preview.setObjectName("messagePreview")
        pv.addWidget(self.preview, 1)
        splitter.addWidget(preview)
        splitter.setSizes([420, 300])
        outer.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        for combo in (self.merchant_combo, self.channel_combo, self.category_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.since_edit.editingFinished.connect(self.apply_filter)
        self.until_edit.editingFinished.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._model_reset)
        self.model.read_failed.connect(self._read_failed, Qt.ConnectionType.QueuedConnection)

    # -- data ----------------------------------------------------------------------------------------
    def _db(self) -> Database:
        if self._reader is None:
            vault = self.session.vault
            if vault is None:
                raise InvalidInput("the vault is locked")
            # A connection of our own: reads never see an import's uncommitted batch (datasette's read side).
            self._reader = vault.connect()
        return self._reader

    def load(self) -> None:
        current = self.merchant_combo.currentData()
        self.merchant_combo.blockSignals(True)
        self.merchant_combo.clear()
        self.merchant_combo.addItem(self.tr("All merchants"), None)
        self.merchant_combo.addItem(self.tr("Unknown sender"), UNATTRIBUTED)
        self.correct_merchant.clear()
        self.correct_merchant.addItem("", None)
        for m in hh.list_merchants(self.session.db, include_builtin=False):
            self.merchant_combo.addItem(m.name, m.id)
        for m in hh.list_merchants(self.session.db):
            self.correct_merchant.addItem(m.name, m.name)
        idx = self.merchant_combo.findData(current) if current is not None else 0
        self.merchant_combo.setCurrentIndex(max(idx, 0))
        self.merchant_combo.blockSignals(False)
        self._db()
        self.apply_filter()
        self._check_stale()

    # -- verdicts of an older classifier -------------------------------------------------------------
    def _check_stale(self) -> None:
        vault = self.session.vault
        if vault is None or vault.is_locked or (self._stale_op is not None and self._stale_op.running):
            return
        gen = self._generation

        def work(_ctx: TaskContext) -> tuple[int, int]:
            from privatrack.core.classify import classifier_version, vault_ops

            db = vault.connect()
            try:
                return gen, vault_ops.stale_count(db, classifier_version())
            finally:
                db.close()

        Op(self, work, pool=read_pool()).success(self._stale_counted).failure(self._stale_count_failed).run()

    def _stale_count_failed(self, exc: BaseException) -> None:
        log.warning("could not count the messages an older classifier judged: %s", type(exc).__name__)

    def _stale_counted(self, result: tuple[int, int]) -> None:
        gen, n = result
        if gen != self._generation or self.session.is_locked:
            return
        self.stale_count = n
        self.stale_label.setText(self.tr(
            "%n message(s) were classified by an older version of the classifier; newer rules may judge them "
            "differently.", "", n))
        self.stale_button.setEnabled(True)
        self.stale_banner.setVisible(n > 0)

    def reclassify_stale(self) -> Op | None:
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return None

        def work(ctx: TaskContext) -> Any:
            from privatrack.core.classify import vault_ops

            db = vault.connect()
            try:
                return vault_ops.reclassify(db, ctx=ctx, stale=True)
            finally:
                db.close()

        self.stale_button.setEnabled(False)
        self._stale_op = Op(self, work).with_progress(self.tr("Reclassifying messages"))
        self._stale_op.success(self._stale_done).failure(self._stale_failed).run()
        return self._stale_op

    def _stale_done(self, _report: Any) -> None:
        self.stale_banner.setVisible(False)
        self.stale_count = 0
        self.session.changed("messages")

    def _stale_failed(self, exc: BaseException) -> None:
        self.stale_button.setEnabled(True)
        if not self.session.is_locked:
            show_exception(self, exc, inline=self.filter_error)

    def show_merchant(self, merchant_id: int) -> None:
        """Filter to one merchant's messages (from the Merchants page)."""
        idx = self.merchant_combo.findData(merchant_id)
        if idx >= 0:
            self.merchant_combo.setCurrentIndex(idx)

    def current_filter(self) -> MessageFilter:
        since = self.since_edit.text().strip() or None
        until = self.until_edit.text().strip() or None
        for value in (since, until):
            hh.parse_date(value)  # raises InvalidInput with a clear message
        return MessageFilter(
            merchant_id=self.merchant_combo.currentData(),
            channel=self.channel_combo.currentData(),
            category=self.category_combo.currentData(),
            since=since,
            until=until,
            search=self.search_edit.text(),
        )

    def apply_filter(self) -> None:
        if self.session.is_locked:
            return
        self.filter_error.setVisible(False)
        try:
            flt = self.current_filter()
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc, inline=self.filter_error)
            return
        self.model.set_source(self._db, reload=False)
        self.model.filter = flt
        self.model.reload()

    def _start_load(self) -> None:
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return
        self._generation += 1
        gen = self._generation
        flt, col, order = self.model.filter, self.model.sort_column, self.model.sort_order

        def stale() -> bool:  # (read from the reader thread: an int and a flag, set on the GUI thread)
            return gen != self._generation or vault.is_locked

        def work(_ctx: TaskContext) -> tuple[int, Any]:
            db = vault.connect()
            try:
                return gen, load_ids(db, flt, col, order, cancelled=stale)
            except Cancelled:
                return gen, None  # dropped by _ids_loaded: a newer filter or a lock came in
            finally:
                db.close()

        self.loading = True
        self.count_label.setText(self.tr("Searching…"))
        Op(self, work, pool=read_pool()).success(self._ids_loaded).failure(self._ids_failed).run()

    def _ids_loaded(self, result: Any) -> None:
        gen, ids = result
        if gen != self._generation or self.session.is_locked or ids is None:
            return  # a newer filter, or a lock, came in meanwhile
        self.loading = False
        self.model.set_ids(ids)

    def _ids_failed(self, exc: BaseException) -> None:
        self.loading = False
        if not self.session.is_locked:
            show_exception(self, exc, inline=self.filter_error)

    def _read_failed(self, exc: BaseException) -> None:
        self.model.set_ids(array("q"))  # no partial rows (P9)
        show_exception(self, exc, inline=self.filter_error)

    def _model_reset(self) -> None:
        self.count_label.setText(self.tr("%n message(s)", "", self.model.rowCount()))
        self._show_message(None)

    def clear(self) -> None:
        super().clear()
        if self._stale_op is not None and self._stale_op.running:
            self._stale_op.cancel()  # on lock: stop after the current batch, close its connection
        self.stale_banner.setVisible(False)
        self._generation += 1  # results of queries still running are dropped
        self.loading = False
        self._search_timer.stop()
        self.model.clear()
        if self._reader is not None:
            try:
                self._reader.close()
            finally:
                self._reader = None
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.count_label.clear()
        self._show_message(None)

    # -- preview -------------------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_message(self.model.message_id(current.row()) if current.isValid() else None)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _show_message(self, message_id: int | None) -> None:
        self.current_message = message_id
        self.correct_error.setVisible(False)
        self.correct_row.setEnabled(message_id is not None)
        if message_id is None:
            for v in self.meta_values.values():
                v.clear()
            self.preview.show_text("")
            self.images_bar.setVisible(False)
            return
        try:
            self._fill_preview(message_id)
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)

    def _fill_preview(self, message_id: int) -> None:
        db = self._db()
        row = db.execute(
            "SELECT m.sender, m.sender_name, coalesce(d.value, m.to_address), m.date, m.subject, m.body_text, "
            "m.has_html, m.category, m.reasons, m.confidence, mm.name, r.storage, r.data, m.channel "
            "FROM messages m LEFT JOIN details d ON d.id = m.to_detail_id "
            "LEFT JOIN merchants mm ON mm.id = m.merchant_id LEFT JOIN raw_messages r ON r.id = m.raw_id "
            "WHERE m.id = ?",
            [message_id],
        ).fetchone()
        if row is None:
            self._show_message(None)
            return
        (sender, sender_name, to, date, subject, body, has_html, category, reasons, confidence, merchant, storage,
         data, channel) = row
        self.meta_values["from"].setText(f"{sender_name} <{sender}>" if sender_name else (sender or ""))
        self.meta_values["to"].setText(to or "")
        self.meta_values["date"].setText((date or "").replace("T", " "))
        self.meta_values["subject"].setText(subject or "")
        cat = labels.label(labels.categories(), category) if category else self.tr("not classified yet")
        if category and confidence is not None:
            cat += f" ({confidence:.0%})"
        reason_list = translate_reasons(_reasons(reasons))
        if reason_list:
            cat += " — " + self.tr("; ", "between two reasons").join(reason_list)
        self.meta_values["category"].setText(cat)
        self.meta_values["merchant"].setText(merchant or self.tr("unknown sender"))
        html = _html_of(data, storage, message_id) if has_html and channel == "email" else None
        if html:
            self.preview.show_html(html)
        else:
            self.preview.show_text(body or "")
        count = len(self.preview.remote_image_urls)
        self.images_bar.setVisible(count > 0)
        self.load_images_button.setEnabled(True)
        self.images_label.setText(self.tr("%n remote image(s) blocked.", "", count))


    def load_images(self) -> Op | None:
        """Download this message's images only, on a worker thread, because the user asked (P14's opt-in)."""
        message_id, urls = self.current_message, list(self.preview.remote_image_urls)
        if message_id is None or not urls:
            return None

        def work(_ctx: TaskContext) -> tuple[int, dict[str, bytes]]:
            return message_id, fetch_images(urls)

        self.loading_images = True
        self.load_images_button.setEnabled(False)
        op = Op(self, work, pool=QThreadPool.globalInstance()).success(self._images_loaded).failure(
            self._images_failed)
        return op.run()

    def _images_loaded(self, result: Any) -> None:
        self.loading_images = False
        message_id, images = result
        if message_id != self.current_message or self.session.is_locked:
            return  # another message is shown now: its images stay blocked
        self.preview.show_images(images)
        self.images_label.setText(self.tr("%n image(s) loaded for this message.", "", len(images)))

    def _images_failed(self, exc: BaseException) -> None:
        self.loading_images = False
        self.load_images_button.setEnabled(True)
        show_exception(self, exc)

    def apply_correction(self) -> None:
        """Store the user's correction through the core (it also teaches the classifier), then show it."""
        message_id = self.current_message
        if message_id is None or self.session.is_locked:
            return
        self.correct_error.setVisible(False)
        category = self.correct_category.currentData()
        merchant = self.correct_merchant.currentText().strip() or None
        try:
            from privatrack.core.classify import vault_ops

            vault_ops.correct(self.session.db, str(message_id), category, merchant)
        except Exception as exc:  # noqa: BLE001 - user-facing text inline, bugs to the dialog
            show_exception(self, exc, inline=self.correct_error)
            return
        self.model.forget(message_id)
        self.correct_category.setCurrentIndex(0)
        self.correct_merchant.setCurrentIndex(0)
        self._show_message(message_id)
        self.session.changed("corrections")


def _corrections_available() -> bool:
    try:
        from privatrack.core.classify import vault_ops  # noqa: F401
    except ImportError:
        return False
    return True


def _reasons(raw: Any) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return [str(raw)]
    return [str(x) for x in value] if isinstance(value, list) else [str(value)]


def _html_of(data: bytes | None, storage: str | None, message_id: int) -> str | None:
    """:return: the HTML part of the stored original, re-parsed by the core's mail parser (``None`` if absent)."""
    if not data or storage != "zlib":
        return None
    from privatrack.core.importers.mail import parse_mail  # only needed for HTML mail
    from privatrack.core.models import RawMessage

    try:
        raw = zlib.decompress(data)
    except zlib.error:
        log.warning("message %s: stored original does not decompress", message_id)
        return None
    parsed = parse_mail(raw, source="vault", item=str(message_id))
    return parsed.body_html if isinstance(parsed, RawMessage) else None
