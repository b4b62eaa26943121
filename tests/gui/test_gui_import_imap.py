"""Import page, IMAP part, against a real Dovecot (tests/dovecot.py): import, re-run, saved account, refusals."""

from __future__ import annotations

import json
import shutil

import pytest

from PySide6.QtCore import Qt

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow
from tests import dovecot as _dovecot
from tests.dovecot import JUNK, Mailstore, make_message

pytestmark = pytest.mark.skipif(not shutil.which(_dovecot.DOVECOT) and not shutil.which("dovecot"),
                                reason="Dovecot is not installed")
dovecot = _dovecot.dovecot
mailstore = _dovecot.mailstore


def _run(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.imap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and not page.op.running, timeout=30_000)


def _fill(page, box: Mailstore, password: str = "") -> None:  # type: ignore[no-untyped-def]
    page.host_edit.setText(box.host)
    page.port_spin.setValue(box.port)
    page.user_edit.setText(box.user)
    page.security_combo.setCurrentIndex(page.security_combo.findData("none"))
    page.password_edit.setText(password)


def test_imap_import_from_the_page(qtbot, window: MainWindow, vault: Vault, mailstore: Mailstore,
                                   dovecot) -> None:  # type: ignore[no-untyped-def]
    for i in range(2):
        mailstore.deliver(make_message(i))
    mailstore.deliver(make_message(7, folder="junk"), JUNK)
    page = window.show_section("import")
    page.classify_box.setChecked(False)
    _fill(page, mailstore, mailstore.password)
    _run(qtbot, page)
    assert page.report is not None and page.report.imported == 3, (
        f"{page.summary.text()} {page.error.text()} {page.report and page.report.rejected}\n{dovecot.log[-1500:]}"
    )
    assert page.password_edit.text() == ""  # the form does not keep the password
    ids = {r[0] for r in vault.db.execute("SELECT message_id FROM messages")}
    assert ids == {"<inbox-0@shop.example>", "<inbox-1@shop.example>", "<junk-7@shop.example>"}

    # The account (never its password) is remembered in the vault and offered next time.
    saved = json.loads(hh.get_setting(vault.db, "imap_accounts"))
    assert saved == [{"host": mailstore.host, "port": mailstore.port, "user": mailstore.user,
                      "security": "none", "folders": []}]
    assert mailstore.password not in hh.get_setting(vault.db, "imap_accounts")
    assert page.account_combo.count() == 2

    # A re-run with one new message imports only that one.
    mailstore.deliver(make_message(9))
    page.account_combo.setCurrentIndex(1)
    assert page.host_edit.text() == mailstore.host and page.user_edit.text() == mailstore.user
    page.password_edit.setText(mailstore.password)
    _run(qtbot, page)
    assert page.report.imported == 1


def test_no_password_and_plain_text_to_remote_hosts_are_refused(qtbot, window: MainWindow,
                                                                mailstore: Mailstore) -> None:
    page = window.show_section("import")
    _fill(page, mailstore)  # no password typed, none in the (failing) keyring
    _run(qtbot, page)
    assert page.error.isVisible() and "no password" in page.error.text()
    page.host_edit.setText("imap.example.com")
    page.password_edit.setText("secret")
    assert page.start_imap_import() is None
    assert "plain text" in page.error.text()
