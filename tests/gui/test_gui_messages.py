"""Messages page: the lazy SQL model (qtmodeltester, filters, FTS, laziness) and the safe preview (P14/P15).

Rows are inserted with SQL directly, as the importer would leave them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.server
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow
from privatrack.gui.models.messages import (
    CACHE_ROWS,
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
    build_query,
)
from privatrack.gui.widgets.safe_browser import SafeTextBrowser, sanitize_html
from tests.gui.helpers import add_message

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile_html"
@pytest.fixture
def corpus(vault: Vault) -> dict[str, int]:
    db = vault.db
    jd = hh.add_merchant(db, "京东")
    acme = hh.add_merchant(db, "Acme")
    ids = {
        "jd_sms": add_message(db, channel="sms", sender="10690000", subject=None,
                              body_text="【京东】618 大促，全场满减，回TD退订", category="marketing", merchant_id=jd,
                              date="2024-06-01T09:00:00+08:00",
                              reasons='["signature 【京东】", "opt-out text 回TD退订"]', confidence=0.97),
        "acme_mail": add_message(db, sender="news@acme.example", subject="Your receipt", body_text="Order 42 total",
                                 category="transactional", merchant_id=acme, date="2023-12-24T18:30:00+00:00"),
        "fraud": add_message(db, sender="verify@jd-account-verify.top", subject="账户将被冻结",
                             body_text="请立即点击链接验证", category="fraud", date="2024-01-15T08:00:00+08:00"),
        "plain": add_message(db, sender="mum@example.com", subject="Dinner", body_text="see you at 7",
                             category=None, date="2022-05-05T19:00:00+02:00"),
    }
    return ids


def model_for(db) -> MessagesTableModel:  # type: ignore[no-untyped-def]
    model = MessagesTableModel(lambda: db)
    model.reload()
    return model


def test_model_passes_qtmodeltester(qtmodeltester, vault: Vault, corpus) -> None:
    for i in range(40):
        add_message(vault.db, subject=f"bulk {i}", date=f"2021-01-{(i % 28) + 1:02d}T00:00:00+00:00")
    model = model_for(vault.db)
    assert model.rowCount() == 44
    qtmodeltester.check(model)
    model.sort(COL_SENDER, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_filters_sort_and_search_run_in_sql(vault: Vault, corpus) -> None:
    db = vault.db
    model = model_for(db)

    def ids() -> list[int]:
        return [model.message_id(r) for r in range(model.rowCount())]

    # Newest first by default.
    assert ids() == [corpus["jd_sms"], corpus["fraud"], corpus["acme_mail"], corpus["plain"]]
    assert model.data(model.index(0, COL_MERCHANT)) == "京东"
    assert model.data(model.index(0, COL_CATEGORY)) == "Marketing"
    assert "opt-out text 回TD退订" in model.data(model.index(0, COL_CATEGORY), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, COL_SUBJECT)).startswith("【京东】618")  # SMS: the text stands in
    assert model.data(model.index(0, COL_DATE)) == "2024-06-01 09:00"

    jd = hh.find_merchant(db, "京东").id
    model.set_filter(MessageFilter(merchant_id=jd))
    assert ids() == [corpus["jd_sms"]]
    model.set_filter(MessageFilter(merchant_id=UNATTRIBUTED))
    assert set(ids()) == {corpus["fraud"], corpus["plain"]}
    model.set_filter(MessageFilter(channel="email", category="fraud"))
    assert ids() == [corpus["fraud"]]
    model.set_filter(MessageFilter(category="unclassified"))
    assert ids() == [corpus["plain"]]
    model.set_filter(MessageFilter(since="2023-12-24", until="2024-01-15"))
    assert ids() == [corpus["fraud"], corpus["acme_mail"]]
    # Full-text search (FTS5 trigram): Chinese substrings, English words, and sender addresses.
    model.set_filter(MessageFilter(search="全场满减"))
    assert ids() == [corpus["jd_sms"]]
    model.set_filter(MessageFilter(search="receipt"))
    assert ids() == [corpus["acme_mail"]]
    model.set_filter(MessageFilter(search="jd-account"))
    assert ids() == [corpus["fraud"]]
    model.set_filter(MessageFilter(search="冻结"))  # two characters: below the trigram size, LIKE instead
    assert ids() == [corpus["fraud"]]
    model.set_filter(MessageFilter(search='" OR NEAR( * AND'))  # operators are data, not syntax
    assert ids() == []
    model.set_filter(MessageFilter())
    model.sort(COL_SENDER, Qt.SortOrder.AscendingOrder)
    assert ids()[0] == corpus["jd_sms"]  # "10690000" sorts first
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert ids()[0] == corpus["plain"]


@pytest.mark.parametrize("col", [COL_SENDER, COL_TO, COL_CHANNEL, COL_CATEGORY])
def test_a_column_sort_walks_an_index_and_breaks_ties_by_date(vault: Vault, col: int) -> None:
    """Sorting a million messages by sender read the whole table (2.8 s); an index answers it (m007). Within one
    sender (or channel...), newest first when descending, as the page's date order."""
    db = vault.db
    day = "2024-03-{:02d}T10:00:00+00:00".format
    same = [add_message(db, channel="sms", sender="10690001", to_address="+8613800138000", category="marketing",
                        date=day(d)) for d in (5, 20, 1, 12)]
    other = add_message(db, channel="email", sender="a@shop.example", to_address="a@home.example",
                        category="fraud", date=day(9))
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        sql, args = build_query(MessageFilter(), col, order)
        plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall())
        assert "TEMP B-TREE" not in plan and "COVERING INDEX" in plan, plan
        got = [r[0] for r in db.execute(sql, args).fetchall()]
        by_date = sorted(same, key=lambda i: db.execute("SELECT date_ts FROM messages WHERE id = ?",
                                                        [i]).fetchone()[0])
        if order == Qt.SortOrder.DescendingOrder:
            by_date.reverse()
        assert [i for i in got if i != other] == by_date
    model = model_for(db)
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert [model.message_id(r) for r in range(model.rowCount()) if model.message_id(r) != other] == by_date[::-1]


def test_every_filter_and_sort_gives_the_order_a_user_expects(vault: Vault) -> None:
    """Whatever SQL shape build_query picks (an index walk, ids first then rows in table order, a pinned column
    sorted by date), the rows come in the order of the sort column, then date, then id."""
    import random

    db = vault.db
    rng = random.Random(3)
    shop, bank = hh.add_merchant(db, "Shop"), hh.add_merchant(db, "Bank")
    for _ in range(60):
        add_message(db, channel=rng.choice(["sms", "email"]), sender=rng.choice(["10690001", "b@x.example", None]),
                    to_address=rng.choice(["+8613800138000", "a@home.example"]),
                    category=rng.choice(["marketing", "fraud", None]), merchant_id=rng.choice([shop, bank, None]),
                    subject=rng.choice(["Sale", None]), body_text=rng.choice(["order shipped", "hello"]),
                    date=f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}T10:00:00+00:00")
    rows = {r[0]: r[1:] for r in db.execute(
        "SELECT m.id, m.date_ts, m.channel, m.sender, m.to_address, coalesce(m.subject, m.body_text), m.category, "
        "(SELECT name FROM merchants WHERE id = m.merchant_id), m.merchant_id, m.body_text FROM messages m")}
    value = {COL_DATE: 0, COL_CHANNEL: 1, COL_SENDER: 2, COL_TO: 3, COL_SUBJECT: 4, COL_CATEGORY: 5, COL_MERCHANT: 6}
    filters = [MessageFilter(), MessageFilter(category="fraud"), MessageFilter(category="unclassified"),
               MessageFilter(channel="email"), MessageFilter(merchant_id=shop), MessageFilter(merchant_id=UNATTRIBUTED),
               MessageFilter(since="2024-03-01", until="2024-06-30"), MessageFilter(search="order"),
               MessageFilter(channel="sms", category="marketing")]

    def keep(i: int, f: MessageFilter) -> bool:
        date_ts, channel, _s, _t, _subj, category, _n, merchant_id, body = rows[i]
        day = dt.datetime.fromtimestamp(date_ts, dt.UTC).date().isoformat()
        return ((f.category is None or category == (None if f.category == "unclassified" else f.category))
                and (f.channel is None or channel == f.channel)
                and (f.merchant_id is None or merchant_id == (None if f.merchant_id == UNATTRIBUTED
                                                              else f.merchant_id))
                and (f.since is None or day >= f.since) and (f.until is None or day <= f.until)
                and (not f.search or f.search in body))

    for flt in filters:
        for col, k in value.items():
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                sql, args = build_query(flt, col, order)
                got = [r[0] for r in db.execute(sql, args).fetchall()]
                # SQLite sorts NULL first ascending; the date, then the id, break ties in the same direction
                want = sorted((i for i in rows if keep(i, flt)),
                              key=lambda i: (rows[i][k] is not None, rows[i][k] or "", rows[i][0], i),
                              reverse=order == Qt.SortOrder.DescendingOrder)
                assert got == want, (flt, col, order, sql)


def test_a_filtered_sort_by_another_column_reads_rows_in_table_order(vault: Vault) -> None:
    """Sorted by sender with a category filter: the ids come from the category index, then rows are read in id
    order (7.2 -> 1.6 s on a million messages); a filter that leaves one value in the sort column sorts by date."""
    db = vault.db
    add_message(db, category="fraud")
    desc = Qt.SortOrder.DescendingOrder

    def plan(flt: MessageFilter, col: int) -> str:
        sql, args = build_query(flt, col, desc)
        return " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall())

    p = plan(MessageFilter(category="fraud"), COL_SENDER)
    assert "LIST SUBQUERY" in p and "INTEGER PRIMARY KEY" in p and "COVERING INDEX messages_category" in p, p
    p = plan(MessageFilter(category="fraud"), COL_CATEGORY)
    assert "TEMP B-TREE" not in p and "messages_category" in p, p
    p = plan(MessageFilter(channel="sms"), COL_CHANNEL)
    assert "TEMP B-TREE" not in p, p


def test_rows_are_fetched_lazily_and_the_cache_is_bounded(vault: Vault) -> None:
    db = vault.db
    rows = [
        ("sms", "in", "bulk", str(i), f"bulk{i}", None, f"1069{i:06d}", None, None, None,
         "2020-01-01T00:00:00+00:00", 1577836800.0 + i, None, f"message number {i}", 0, None, "0" * 64, None,
         None, None, None, None, None, "2020-01-02T00:00:00+00:00")
        for i in range(6000)
    ]
    with hh.writing(db):
        db.conn.executemany(
            "INSERT INTO messages(channel, direction, source, source_item, dedupe_key, message_id, sender, "
            "sender_name, to_detail_id, to_address, date, date_ts, subject, body_text, has_html, headers, sha256, "
            "raw_id, category, merchant_id, confidence, reasons, classified_at, imported_at) "
            "VALUES (" + ",".join("?" * 24) + ")",
            rows,
        )
    model = model_for(db)
    assert model.rowCount() == 6000 and model.fetches == 0
    assert model.data(model.index(4000, COL_SUBJECT)) == "message number 1999"  # newest first
    assert model.fetches == 1
    model.data(model.index(4001, COL_SUBJECT))
    model.data(model.index(3999, COL_SUBJECT))
    assert model.fetches == 1  # neighbours came with the same page
    for r in range(0, 6000, 50):
        model.data(model.index(r, COL_SENDER))
    assert len(model._cache) <= CACHE_ROWS


PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG_1X1)))
        self.end_headers()
        self.wfile.write(PNG_1X1)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_counter() -> Iterator[tuple[int, list[str]]]:
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Counter.hits
    server.shutdown()
    server.server_close()


_OPENED: list[str] = []
_RECORD = threading.Event()


def _audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if _RECORD.is_set() and event == "open" and args and isinstance(args[0], str | bytes):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


def _fixtures(port: int) -> list[str]:
    return [p.read_text().replace("PORT", str(port)) for p in sorted(HOSTILE.glob("*.html"))]


def test_hostile_html_causes_no_request_and_no_file_read(qtbot, http_counter) -> None:
    port, hits = http_counter
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(600, 400)
    browser.show()
    _OPENED.clear()
    _RECORD.set()
    try:
        asked: list[str] = []
        for html in _fixtures(port):
            # Defence in depth: the raw hostile HTML straight into the widget, then the sanitised path.
            browser.setHtml(html)
            browser.grab()
            asked += browser.blocked
            browser.show_html(html)
            browser.grab()
            asked += browser.blocked
    finally:
        _RECORD.clear()
    qtbot.wait(300)  # give any stray request time to arrive
    assert hits == []
    assert any(f"127.0.0.1:{port}" in url for url in asked), "Qt did not even try: the test would prove nothing"
    assert any("hostname" in url for url in asked)
    assert browser.returned and all(r is None for r in browser.returned)  # loadResource never returned data
    assert not [p for p in _OPENED if "hostname" in p or p.endswith("/x") or "passwd" in p]


def test_sanitizer_keeps_text_and_safe_links_only() -> None:
    html = (HOSTILE / "local_files.html").read_text() + '<a href="https://shop.example/deal">deal</a>'
    clean = sanitize_html(html)
    for bad in ("<img", "file:", "<iframe", "<object", "<svg", "style=", "<script", "qrc:"):
        assert bad not in clean
    assert 'href="https://shop.example/deal"' in clean and "Account notice" in clean


def test_links_open_only_after_confirmation_showing_the_target(qtbot, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.show_html('<a href="https://jd-account-verify.top/login">京东官方</a>')
    browser.anchorClicked.emit(QUrl("https://jd-account-verify.top/login"))
    box = browser.confirm_box
    assert box is not None and box.isVisible()
    assert "https://jd-account-verify.top/login" in box.text()
    assert opened == []
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert opened == []
    browser.anchorClicked.emit(QUrl("https://jd-account-verify.top/login"))
    browser.confirm_box.button(QMessageBox.StandardButton.Open).click()
    assert opened == ["https://jd-account-verify.top/login"]
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert "file:///etc/passwd" in browser.confirm_box.text()
    browser.confirm_box.button(QMessageBox.StandardButton.Ok).click()
    assert opened == ["https://jd-account-verify.top/login"]


def test_messages_page_filters_previews_and_forgets_on_lock(qtbot, window: MainWindow, vault: Vault, corpus,
                                                            http_counter) -> None:
    port, hits = http_counter
    raw = (
        "From: Acme <news@acme.example>\r\nTo: me@example.com\r\nSubject: Summer\r\nMessage-ID: <h1@acme>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f'<p>Summer <b>sale</b><img src="http://127.0.0.1:{port}/track.gif"></p>\r\n'
    ).encode()
    with hh.writing(vault.db):
        rid = vault.db.execute(
            "INSERT INTO raw_messages(sha256, size, storage, data) VALUES (?,?,?,?)",
            [hashlib.sha256(raw).hexdigest(), len(raw), "zlib", zlib.compress(raw)],
        ).lastrowid
    html_id = add_message(vault.db, sender="news@acme.example", subject="Summer", body_text="plain version",
                          has_html=1, raw_id=rid, date="2024-07-01T00:00:00+00:00")
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)  # ids load on a worker thread
    assert page.model.rowCount() == 5
    assert page.count_label.text() == "5 message(s)"
    page.channel_combo.setCurrentIndex(page.channel_combo.findData("sms"))
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)
    page.select_row(0)
    assert page.meta_values["merchant"].text() == "京东"
    assert "signature 【京东】" in page.meta_values["category"].text()
    assert "回TD退订" in page.preview.toPlainText()
    page.channel_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)
    qtbot.keyClicks(page.search_edit, "Summer")
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)
    page.select_row(0)
    assert page.model.message_id(0) == html_id
    page.preview.grab()
    assert "Summer sale" in page.preview.toPlainText()  # rendered from the stored HTML part, not body_text
    assert "track.gif" not in page.preview.toHtml()  # nh3 removed the pixel before Qt saw it
    qtbot.wait(200)
    assert hits == []
    page.since_edit.setText("2024-13-01")
    page.apply_filter()
    assert page.filter_error.isVisible()

    window.session.lock()
    assert page.model.rowCount() == 0
    assert page._reader is None
    assert page.preview.toPlainText() == ""


def test_page_loads_off_thread_and_drops_stale_results(qtbot, window: MainWindow, vault: Vault, corpus) -> None:
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    # Two quick changes: only the last one's result may land.
    page.category_combo.setCurrentIndex(page.category_combo.findData("fraud"))
    page.category_combo.setCurrentIndex(page.category_combo.findData("marketing"))
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    qtbot.wait(100)
    assert [page.model.message_id(r) for r in range(page.model.rowCount())] == [corpus["jd_sms"]]
    page.category_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 4, timeout=5000)
    # A click on a column header sorts in SQL, also off the GUI thread.
    page.table.sortByColumn(COL_SENDER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert page.model.message_id(0) == corpus["jd_sms"]
    assert page.count_label.text() == "4 message(s)"


def test_one_click_correction_is_stored_and_shown(qtbot, window: MainWindow, vault: Vault, corpus) -> None:
    pytest.importorskip("privatrack.core.classify.vault_ops")
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert page.correct_row.isVisible()
    row = page.model.row_of(corpus["fraud"])
    page.select_row(row)
    assert page.correct_row.isEnabled()
    page.correct_category.setCurrentIndex(page.correct_category.findData("marketing"))
    page.correct_merchant.setEditText("京东")
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    assert not page.correct_error.isVisible(), page.correct_error.text()
    stored = vault.db.execute(
        "SELECT m.category, mm.name FROM messages m LEFT JOIN merchants mm ON mm.id = m.merchant_id WHERE m.id = ?",
        [corpus["fraud"]],
    ).fetchone()
    assert tuple(stored) == ("marketing", "京东")
    assert vault.db.execute("SELECT count(*) FROM corrections WHERE message_row = ?",
                            [corpus["fraud"]]).fetchone()[0] == 1
    assert page.model.data(page.model.index(row, COL_CATEGORY)) == "Marketing"
    assert page.model.data(page.model.index(row, COL_MERCHANT)) == "京东"
    assert page.meta_values["merchant"].text() == "京东"


def test_tampered_vault_shows_a_corruption_message_and_no_rows(qtbot, window: MainWindow, vault: Vault) -> None:
    for i in range(300):
        add_message(vault.db, subject=f"offer {i}", body_text="x" * 400)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    data = bytearray(vault.path.read_bytes())
    page_size = vault.keyfile.page_size
    for p in range(len(data) // page_size // 2, len(data) // page_size):  # the later pages hold the messages
        data[p * page_size + 100] ^= 0xFF
    vault.path.write_bytes(bytes(data))
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    if page.model.rowCount():  # the ids may come from an intact index; reading the rows must then fail
        assert page.model.data(page.model.index(0, COL_SUBJECT)) is None
    qtbot.waitUntil(lambda: page.filter_error.isVisible(), timeout=5000)
    assert "could not be read" in page.filter_error.text()
    assert page.model.rowCount() == 0  # no partial rows (P9)


def test_merchant_page_leads_to_its_messages(qtbot, window: MainWindow, vault: Vault, corpus) -> None:
    merchants = window.show_section("merchants")
    assert merchants.select_merchant("京东")
    assert merchants.messages_button.isEnabled() and merchants.messages_button.text() == "1 message(s)"
    qtbot.mouseClick(merchants.messages_button, Qt.MouseButton.LeftButton)
    page = window.messages_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)
    assert page.model.message_id(0) == corpus["jd_sms"]
    assert page.merchant_combo.currentText() == "京东"


def _html_message(db, port: int, name: str) -> int:  # type: ignore[no-untyped-def]
    raw = (
        f"From: Shop <news@shop.example>\r\nTo: me@example.com\r\nSubject: {name}\r\nMessage-ID: <{name}@shop>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f'<p>{name} <img src="http://127.0.0.1:{port}/{name}.png" alt="logo">'
        f'<span style="background:url(http://127.0.0.1:{port}/{name}-css.png)">x</span></p>\r\n'
    ).encode()
    with hh.writing(db):
        rid = db.execute("INSERT INTO raw_messages(sha256, size, storage, data) VALUES (?,?,?,?)",
                         [hashlib.sha256(raw).hexdigest(), len(raw), "zlib", zlib.compress(raw)]).lastrowid
    return add_message(db, subject=name, body_text=name, has_html=1, raw_id=rid)


def test_images_load_only_on_request_and_only_for_that_message(qtbot, window: MainWindow, vault: Vault,
                                                               http_counter) -> None:
    port, hits = http_counter
    a = _html_message(vault.db, port, "alpha")
    b = _html_message(vault.db, port, "beta")
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 2, timeout=5000)
    page.select_row(page.model.row_of(a))
    page.preview.grab()
    assert page.images_bar.isVisible() and "1 remote image(s) blocked" in page.images_label.text()
    qtbot.wait(100)
    assert hits == []
    qtbot.mouseClick(page.load_images_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading_images, timeout=10_000)
    page.preview.grab()
    assert hits == ["/alpha.png"]  # that message's image, and never its CSS url()
    assert any(r is not None for r in page.preview.returned)
    page.select_row(page.model.row_of(b))
    page.preview.grab()
    qtbot.wait(100)
    assert hits == ["/alpha.png"]  # the next message is blocked again
    assert page.images_bar.isVisible()


def test_verdicts_of_an_older_classifier_are_offered_a_reclassify(qtbot, window: MainWindow, vault: Vault,
                                                                  corpus) -> None:
    from privatrack.core.classify import classifier_version

    current = classifier_version()
    # the corpus rows were judged before the classifier recorded its version; one is up to date
    with hh.writing(vault.db):
        vault.db.execute("UPDATE messages SET classifier = ? WHERE id = ?", [current, corpus["acme_mail"]])
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: page.stale_banner.isVisible(), timeout=5000)
    assert page.stale_count == 2
    assert page.stale_label.text().startswith("2 message(s) were classified by an older version")
    qtbot.mouseClick(page.stale_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.stale_banner.isVisible() and not page._stale_op.running, timeout=10000)
    rows = dict(vault.db.execute("SELECT id, classifier FROM messages").fetchall())
    assert rows[corpus["jd_sms"]] == rows[corpus["fraud"]] == current
    assert rows[corpus["plain"]] is None  # never classified: not an older verdict
    assert vault.db.execute("SELECT category FROM messages WHERE id = ?", [corpus["jd_sms"]]).fetchone()[0] \
        == "marketing"
    qtbot.wait(300)  # the recount after the change finds nothing
    assert not page.stale_banner.isVisible()


def test_a_replaced_search_stops_its_scan_and_leaves_the_connection_as_it_was(vault: Vault) -> None:
    from privatrack.core.errors import Cancelled
    from privatrack.gui.models.messages import load_ids

    rows = [("sms", "bulk", f"k{i}", "10690000", f"message {i} !!!" if i % 2 else f"message {i}", "x", "2024-01-01")
            for i in range(5000)]
    with vault.db.atomic():
        vault.db.conn.executemany("INSERT INTO messages(channel, source, dedupe_key, sender, body_text, sha256, "
                                  "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    punctuation = MessageFilter(search="!!!")  # no word for the index: a LIKE scan of every message
    asked: list[int] = []

    def replaced() -> bool:
        asked.append(1)
        return True

    with pytest.raises(Cancelled):
        load_ids(vault.db, punctuation, COL_DATE, Qt.SortOrder.DescendingOrder, cancelled=replaced)
    assert asked
    assert len(load_ids(vault.db, punctuation, COL_DATE, Qt.SortOrder.DescendingOrder)) == 2500
    assert len(load_ids(vault.db, punctuation, COL_DATE, Qt.SortOrder.DescendingOrder, cancelled=lambda: False)) == 2500
