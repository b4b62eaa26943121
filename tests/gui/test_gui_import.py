"""Import page: files in (also by drag and drop), run off the GUI thread, rejects listed, re-run adds nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow

MBOX = """From a@example.com Mon Jan  1 00:00:00 2024
From: Shop <news@shop.example>
To: me@example.com
Subject: Spring sale
Message-ID: <gui-1@shop.example>
Date: Mon, 01 Jan 2024 00:00:00 +0000

Everything 50% off. Unsubscribe: https://shop.example/u

From b@example.com Tue Jan  2 00:00:00 2024
From: Mum <mum@example.com>
To: me@example.com
Subject: Dinner
Message-ID: <gui-2@example.com>
Date: Tue, 02 Jan 2024 18:00:00 +0100

See you at 7.
"""

SMS_XML = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2">
  <sms protocol="0" address="10690000" date="1690848000000" type="1" body="【京东】会员日全场5折 回T退订" read="1" />
  <sms protocol="0" address="95118" date="1690851600000" type="1" body="【京东】您的订单已发货" read="1" />
</smses>
"""


def _run(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and not page.op.running, timeout=20_000)


def test_import_files_through_the_page(qtbot, window: MainWindow, vault: Vault, tmp_path: Path) -> None:
    hh.add_person(vault.db, "Alice")
    hh.add_detail(vault.db, "Alice", "email", "me@example.com")
    hh.add_detail(vault.db, "Alice", "phone", "13800138000")
    mbox = tmp_path / "takeout.mbox"
    mbox.write_text(MBOX)
    sms = tmp_path / "sms-backup.xml"
    sms.write_text(SMS_XML, encoding="utf-8")

    page = window.show_section("import")
    assert page.to_combo.findData("+8613800138000") > 0
    # Drag and drop, as a user would bring the files in.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(mbox)), QUrl.fromLocalFile(str(sms))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    page.dropEvent(drop)
    assert page.paths() == [mbox, sms]
    page.to_combo.setCurrentIndex(page.to_combo.findData("+8613800138000"))
    page.classify_box.setChecked(False)
    _run(qtbot, page)

    report = page.report
    assert report is not None and report.imported == 4, page.summary.text()
    assert "Imported 4" in page.summary.text()
    rows = vault.db.execute(
        "SELECT m.channel, d.value FROM messages m LEFT JOIN details d ON d.id = m.to_detail_id ORDER BY m.id"
    ).fetchall()
    assert sorted(r[0] for r in rows) == ["email", "email", "sms", "sms"]
    assert {r[1] for r in rows if r[0] == "sms"} == {"+8613800138000"}  # the GUI choice of receiving number
    assert all(r[1] == "me@example.com" for r in rows if r[0] == "email")

    # Again: nothing twice.
    _run(qtbot, page)
    assert page.report.imported == 0 and page.report.already_present == 4
    assert vault.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 4

    # The Messages page sees them.
    messages = window.show_section("messages")
    qtbot.waitUntil(lambda: not messages.loading and messages.model.rowCount() == 4, timeout=5000)


def test_rejected_items_are_listed_and_the_rest_goes_in(qtbot, window: MainWindow, vault: Vault,
                                                       tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(SMS_XML.replace("</smses>\n", '<sms address="1" date="1690851600000" body="x'),
                      encoding="utf-8")
    page = window.show_section("import")
    page.add_paths([broken])
    page.classify_box.setChecked(False)
    _run(qtbot, page)
    report = page.report
    assert report is not None and report.imported >= 2
    assert report.rejected and page.rejects_table.rowCount() == len(report.rejected)
    assert page.rejects_table.item(0, 0).text().endswith("broken.xml")
    assert page.rejects_table.item(0, 2).text()


def test_import_needs_files(qtbot, window: MainWindow) -> None:
    page = window.show_section("import")
    assert page.start_import() is None
    assert page.error.isVisible()


def test_lock_during_an_import_stops_it_and_keeps_committed_batches(qtbot, window: MainWindow, vault: Vault,
                                                                     tmp_path: Path) -> None:
    from tests.conftest import TEST_PASSPHRASE

    mbox = tmp_path / "big.mbox"
    with mbox.open("w") as fh:
        for i in range(6000):
            fh.write(f"From x Mon Jan  1 00:00:00 2024\nFrom: s{i}@shop.example\nTo: me@example.com\n"
                     f"Subject: offer {i}\nMessage-ID: <big-{i}@shop.example>\n\nbody {i}\n\n")
    page = window.show_section("import")
    page.add_paths([mbox])
    page.classify_box.setChecked(False)
    import time

    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(time.monotonic()))
    probe.start(20)
    op = page.start_import()
    assert op is not None
    qtbot.waitUntil(lambda: op.ctx.latest().done > 0 or not op.running, timeout=20_000)
    window.session.lock()
    qtbot.waitUntil(lambda: not op.running, timeout=20_000)
    probe.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) >= 2 and max(gaps) < 1.0  # the event loop kept turning while the worker imported
    assert op.ctx.cancelled
    reopened = Vault.open(vault.path, TEST_PASSPHRASE, use_keyring=False)
    try:
        stored = reopened.db.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        reopened.lock()
    assert 0 < stored < 6000  # stopped early; what was committed stays and a re-run adds the rest
