"""The working pages, driven through their widgets and checked against the vault with core functions."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow
from privatrack.gui.views.base import table_texts
from tests.conftest import TEST_PASSPHRASE


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_sidebar_lists_every_section_and_placeholders_are_honest(window: MainWindow) -> None:
    texts = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert texts == ["People & details", "Merchants", "Data map", "Messages", "Import", "Unknown senders", "Flags",
                     "Letters", "Settings"]
    page = window.show_section("flags")
    assert window.stack.currentWidget() is page
    note = page.findChild(QLabel, "placeholderNote")
    assert note is not None and "coming in a later version" in note.text()


def test_add_person_and_detail_through_the_widgets(qtbot, window: MainWindow, vault: Vault) -> None:
    page = window.show_section("people")
    qtbot.keyClicks(page.person_name, "Alice  Wang")
    _click(qtbot, page.add_person_button)
    assert [p["name"] for p in hh.list_people(vault.db)] == ["Alice Wang"]
    assert page.selected_person() == "Alice Wang"

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("email"))
    qtbot.keyClicks(page.detail_value, "Alice+JD@Example.com")
    _click(qtbot, page.add_detail_button)
    assert not page.detail_error.isVisible()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("phone"))
    qtbot.keyClicks(page.detail_value, "138 0013 8000")
    qtbot.keyClick(page.detail_value, Qt.Key.Key_Return)

    details = {d.value: d for d in hh.list_details(vault.db, "Alice Wang")}
    assert set(details) == {"alice+jd@example.com", "alice@example.com", "+8613800138000"}
    assert details["alice+jd@example.com"].base == "alice@example.com"
    rows = table_texts(page.details_table)
    alias_row = next(r for r in rows if r[2] == "alice+jd@example.com")
    assert alias_row[0] == "Alice Wang" and alias_row[1] == "E-mail address" and alias_row[4] == "alice@example.com"
    assert hh.find_detail(vault.db, "+86 138-0013-8000").person == "Alice Wang"


def test_core_errors_show_inline_and_nothing_is_written(qtbot, window: MainWindow, vault: Vault) -> None:
    hh.add_person(vault.db, "Bob")
    page = window.show_section("people")
    page.select_person("Bob")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("email"))
    qtbot.keyClicks(page.detail_value, "not an address")
    _click(qtbot, page.add_detail_button)
    assert page.detail_error.isVisible() and page.detail_error.text()
    assert hh.list_details(vault.db) == []
    qtbot.keyClicks(page.person_name, "bob")  # names are unique regardless of case
    _click(qtbot, page.add_person_button)
    assert "already exists" in page.person_error.text()
    assert len(hh.list_people(vault.db)) == 1


def _seed(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Alice")
    hh.add_detail(db, "Alice", "phone", "13800138000")
    hh.add_detail(db, "Alice", "email", "alice+shop@example.com")
    hh.add_merchant(db, "Acme Shop", domains=["acme.example"], jurisdiction="EU", privacy_email="dpo@acme.example")
    hh.disclose(db, "Acme Shop", "13800138000", date="2024-01-15", context="registration")
    hh.record_consent(db, "Acme Shop", "grant", "sms", date="2024-01-15", kind="default",
                      evidence="pre-ticked box")


def test_merchant_page_shows_what_they_hold_and_consent(qtbot, window: MainWindow, vault: Vault) -> None:
    _seed(vault.db)
    page = window.show_section("merchants")
    names = [page.merchant_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.merchant_list.count())]
    assert "Acme Shop" in names
    assert len(names) > 1  # built-in directory merchants are listed too
    qtbot.keyClicks(page.filter_edit, "acme.ex")
    assert page.merchant_list.count() == 1
    assert page.select_merchant("Acme Shop")
    assert page.name_label.text() == "Acme Shop"
    assert page.info_values["privacy_email"].text() == "dpo@acme.example"
    assert page.info_values["domains"].text() == "acme.example"
    holds = table_texts(page.holds_table)
    assert holds == [["+8613800138000", "Phone number", "Alice", "2024-01-15", "registration", ""]]
    assert table_texts(page.state_table) == [
        ["SMS", "all details", "Only a default opt-in (not valid consent under PIPL art. 14 / GDPR)"]
    ]
    timeline = table_texts(page.timeline_table)
    assert timeline == [["2024-01-15", "SMS", "all details", "Granted", "by default", "pre-ticked box"]]

    # A withdrawal through the dialog lands in the vault and updates the state shown.
    dlg = page.open_consent_dialog()
    assert dlg is not None
    dlg.set_choice(dlg.action_combo, "withdraw")
    dlg.set_choice(dlg.channel_combo, "sms")
    assert not dlg.kind_combo.isEnabled()
    dlg.evidence_edit.setText("replied TD")
    _click(qtbot, dlg.buttons.button(dlg.buttons.StandardButton.Save))
    assert hh.merchant_record(vault.db, "Acme Shop")["consent_state"] == {"sms": "withdrawn"}
    assert table_texts(page.state_table)[0][2] == "Consent withdrawn"
    assert len(table_texts(page.timeline_table)) == 2


def test_add_merchant_and_record_disclosure_through_dialogs(qtbot, window: MainWindow, vault: Vault) -> None:
    _seed(vault.db)
    page = window.show_section("merchants")
    dlg = page.open_add_dialog()
    qtbot.keyClicks(dlg.name_edit, "Bright Bakery")
    dlg.signatures_edit.setText("【明亮面包】")
    dlg.jurisdiction_combo.setCurrentIndex(dlg.jurisdiction_combo.findData("CN"))
    _click(qtbot, dlg.buttons.button(dlg.buttons.StandardButton.Save))
    m = hh.find_merchant(vault.db, "Bright Bakery")
    assert m.signatures == ["明亮面包"] and m.jurisdiction == "CN"
    assert page.selected_merchant() == "Bright Bakery"

    d = page.open_disclosure_dialog()
    d.detail_combo.setCurrentIndex(d.detail_combo.findData("alice+shop@example.com"))
    d.context_combo.setCurrentText("loyalty card")
    _click(qtbot, d.buttons.button(d.buttons.StandardButton.Save))
    rec = hh.merchant_record(vault.db, "Bright Bakery")
    assert [(x["detail"], x["context"]) for x in rec["disclosures"]] == [("alice+shop@example.com", "loyalty card")]
    assert table_texts(page.holds_table)[0][0] == "alice+shop@example.com"

    bad = page.open_add_dialog()
    bad.name_edit.setText("Bad Domain Ltd")
    bad.privacy_email_edit.setText("not-an-email")
    assert bad.submit() is False
    assert bad.error.isVisible() and bad.isVisible()
    bad.reject()


def test_data_map_lists_merchants_that_received_a_detail(window: MainWindow, vault: Vault) -> None:
    _seed(vault.db)
    hh.add_merchant(vault.db, "Other Co")
    hh.disclose(vault.db, "Other Co", "alice+shop@example.com", context="order")
    page = window.show_section("datamap")
    page.choose("alice@example.com")  # the base address: its plus-alias counts too
    assert table_texts(page.table) == [["Other Co", "alice+shop@example.com", "unknown", "order"]]
    page.choose("+8613800138000")
    assert table_texts(page.table) == [["Acme Shop", "+8613800138000", "2024-01-15", "registration"]]
    assert "1 merchant" in page.summary.text()


def test_edits_from_another_connection_appear_on_refresh(qtbot, window: MainWindow, vault: Vault) -> None:
    page = window.show_section("people")
    assert page.people_list.count() == 1  # only "Everyone"
    cli_side = Vault.open(vault.path, TEST_PASSPHRASE, use_keyring=False)  # what `privatrack person add` does
    hh.add_person(cli_side.db, "Dana")
    cli_side.lock()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert [page.people_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.people_list.count())] == [
        None, "Dana"]


def test_settings_store_autolock_minutes_in_the_vault(qtbot, window: MainWindow, vault: Vault) -> None:
    page = window.show_section("settings")
    assert page.autolock_spin.value() == 5
    page.autolock_spin.setValue(12)
    _click(qtbot, page.save_autolock)
    assert hh.get_setting(vault.db, "autolock_minutes") == "12"
    assert window.autolocker.minutes == 12
    assert "passphrase-only" in page.keyring_label.text()
    assert not page.keyring_button.isEnabled()


def test_window_state_is_remembered_without_vault_data(qtbot, session, clock, vault: Vault) -> None:
    from privatrack.core.paths import data_dir

    hh.add_person(vault.db, "Secret Person")
    win = MainWindow(session, clock=clock, check_ms=1000)
    qtbot.addWidget(win)
    win.show()
    win.show_section("merchants")
    win.close()
    ini = data_dir() / "window.ini"
    assert ini.exists()
    text = ini.read_bytes()
    assert b"merchants" in text and b"Secret Person" not in text
    reopened = Vault.open(vault.path, TEST_PASSPHRASE, use_keyring=False)
    from privatrack.gui.signals import Session

    win2 = MainWindow(Session(reopened.path, reopened), clock=clock, check_ms=1000)
    qtbot.addWidget(win2)
    assert win2.sidebar.currentRow() == 1  # back on Merchants
    win2.close()


def test_change_passphrase_from_settings(qtbot, window: MainWindow, vault: Vault) -> None:
    from privatrack.core.errors import WrongPassphrase

    hh.add_person(vault.db, "Alice")
    page = window.show_section("settings")
    dlg = page.change_passphrase()
    assert dlg is not None
    dlg.current_edit.setText("not it")
    dlg.new_edit.setText("brand new passphrase")
    dlg.confirm_edit.setText("brand new passphrase")
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=10_000)
    assert dlg.error.isVisible() and "wrong" in dlg.error.text()
    dlg.current_edit.setText(TEST_PASSPHRASE)
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        dlg.submit()
    assert dlg.new_edit.text() == ""
    again = Vault.open(vault.path, "brand new passphrase", use_keyring=False)
    assert [p["name"] for p in hh.list_people(again.db)] == ["Alice"]
    again.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, TEST_PASSPHRASE, use_keyring=False)
