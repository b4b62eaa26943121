"""Import page: files in (also by drag and drop), run off the GUI thread, rejects listed, re-run adds nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

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


def _run(qtbot, page, timeout: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and not page.op.running, timeout=timeout)


def _helper_watch():  # type: ignore[no-untyped-def]
    """A timer on the GUI thread recording how many helper processes run while an import goes on."""
    from PySide6.QtCore import QTimer

    seen: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(len(multiprocessing.active_children())))
    timer.start(20)
    return timer, seen


def _mixed_mbox(path: Path, n: int) -> None:
    with path.open("w") as fh:
        for i in range(n):
            kind = i % 3
            if kind == 0:
                head = ("From: Shop <news@shop.example>\nList-Unsubscribe: <https://shop.example/u>\n"
                        f"Subject: Spring sale {i}\n")
                body = f"Everything {i % 90}% off this weekend only. Unsubscribe: https://shop.example/u?i={i}"
            elif kind == 1:
                head = f"From: Mum <mum@example.com>\nSubject: Dinner {i}\n"
                body = f"See you at {i % 12} tonight, bring the photos from the trip please."
            else:
                head = f"From: JD <orders@jd.com>\nSubject: Your order {i} has shipped\n"
                body = f"Your order {100000 + i} has shipped and will arrive tomorrow. Track it in the app."
            fh.write(f"From x Mon Jan  1 00:00:00 2024\n{head}To: me@example.com\n"
                     f"Message-ID: <mix-{i}@example.com>\nDate: Mon, 01 Jan 2024 00:00:00 +0000\n\n{body}\n\n")


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


def test_a_large_import_runs_helper_processes_and_classifies_as_in_process(
        qtbot, window: MainWindow, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core.classify import Classifier
    from privatrack.core.importers import iter_items
    from privatrack.core.importers import mail as mail_mod

    monkeypatch.setattr(mail_mod, "default_workers", lambda: 1)  # one helper even on a single-core machine
    mbox = tmp_path / "takeout.mbox"
    _mixed_mbox(mbox, 2400)
    page = window.show_section("import")
    page.add_paths([mbox])
    page.classify_box.setChecked(True)
    watch, seen = _helper_watch()
    _run(qtbot, page, timeout=120_000)
    watch.stop()
    report = page.report
    assert report is not None and report.imported == 2400 and not report.rejected, page.summary.text()
    assert max(seen) >= 1  # parsed and classified by helper processes, as the CLI does
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)  # and none left running

    # Every verdict is the one this process gives the same message.
    stored = dict(vault.db.execute("SELECT message_id, category FROM messages").fetchall())
    here = Classifier.for_db(vault.db)
    expected = {m.message_id: here.classify(m).category for m in iter_items(mbox, "auto")}
    assert stored == expected
    assert len(set(expected.values())) >= 2  # not one verdict for all: the comparison means something


def test_cancel_stops_the_helper_processes_and_keeps_committed_batches(
        qtbot, window: MainWindow, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core.importers import mail as mail_mod

    monkeypatch.setattr(mail_mod, "default_workers", lambda: 1)
    backup = tmp_path / "sms-backup.xml"
    n = 40_000
    with backup.open("w", encoding="utf-8") as fh:
        fh.write(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n")
        for i in range(n):
            fh.write(f'<sms protocol="0" address="1069{i:06d}" date="{1690848000000 + i * 1000}" type="1" '
                     f'body="【商城{i % 50}】会员日全场{i % 9 + 1}折，戳 t.cn/A{i} 回T退订" read="1" />\n')
        fh.write("</smses>\n")
    page = window.show_section("import")
    page.add_paths([backup])
    page.classify_box.setChecked(True)
    watch, seen = _helper_watch()
    op = page.start_import()
    assert op is not None
    qtbot.waitUntil(lambda: (op.ctx.latest().done > 0 and max(seen, default=0) >= 1) or not op.running,
                    timeout=60_000)
    op.cancel()  # what the progress dialog's Cancel button calls
    qtbot.waitUntil(lambda: not op.running, timeout=30_000)
    watch.stop()
    assert max(seen) >= 1  # classify helpers ran
    assert op.ctx.cancelled and page.report is not None and page.report.cancelled
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)  # none outlives the cancel
    stored = vault.db.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert 0 < stored < n and stored == page.report.imported  # committed batches stay; a re-run adds the rest
    assert vault.db.execute("SELECT count(*) FROM messages WHERE category IS NULL").fetchone()[0] == 0


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
