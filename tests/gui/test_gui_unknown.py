"""Unknown senders: unattributed messages grouped by signature, number and domain; a merchant from a group."""

from __future__ import annotations

from PySide6.QtCore import Qt

from privatrack.core import household as hh
from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow
from privatrack.gui.models.unknown import group_unattributed, sms_signature
from privatrack.gui.views.base import table_texts
from tests.gui.helpers import add_message


def _seed(db) -> None:  # type: ignore[no-untyped-def]
    acme = hh.add_merchant(db, "Acme", domains=["acme.example"])
    add_message(db, channel="sms", sender="10691234", subject=None, body_text="【小明超市】周末鸡蛋特价 回T退订",
                category="marketing", date="2024-01-01T10:00:00+08:00")
    add_message(db, channel="sms", sender="10695678", subject=None, body_text="会员积分即将清零【小明超市】",
                category="marketing", date="2024-02-01T10:00:00+08:00")
    add_message(db, channel="sms", sender="95000", subject=None, body_text="Your code is 123456",
                category="transactional", date="2024-02-02T10:00:00+08:00")
    add_message(db, sender="deals@mail.promo.example", subject="Flash sale", category="marketing")
    add_message(db, sender="mum@family.example", subject="Dinner", category="personal")  # not a merchant
    add_message(db, sender="news@acme.example", subject="News", category="marketing", merchant_id=acme)


def test_signature_extraction() -> None:
    assert sms_signature("【京东】您的订单已发货") == "京东"
    assert sms_signature("验证码 1234，请勿泄露。[Apple]") == "Apple"
    assert sms_signature("no brackets here") is None


def test_grouping(vault: Vault) -> None:
    _seed(vault.db)
    groups = {(g.kind, g.key): g for g in group_unattributed(vault.db)}
    assert set(groups) == {("signature", "小明超市"), ("number", "95000"), ("domain", "promo.example")}
    sig = groups[("signature", "小明超市")]
    assert sig.count == 2 and sig.senders == {"10691234", "10695678"}
    assert sig.first.startswith("2024-01-01") and sig.last.startswith("2024-02-01")


def test_page_creates_a_merchant_from_a_group(qtbot, window: MainWindow, vault: Vault) -> None:
    _seed(vault.db)
    page = window.show_section("unknown")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    rows = table_texts(page.table)
    assert rows[0][:3] == ["SMS signature", "【小明超市】", "2"]
    assert len(rows) == 3
    assert not page.create_button.isEnabled()
    page.select_group("小明超市")
    assert page.create_button.isEnabled()
    dlg = page.create_from_selected()
    assert dlg.name_edit.text() == "小明超市" and dlg.signatures_edit.text() == "小明超市"
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    m = hh.find_merchant(vault.db, "小明超市")
    assert m.signatures == ["小明超市"] and set(m.sms_senders) == {"10691234", "10695678"}
    qtbot.waitUntil(lambda: not page.loading and not page.reclassifying, timeout=20_000)
    try:
        from privatrack.core.classify import vault_ops  # noqa: F401
    except ImportError:
        assert "reclassify" in page.status.text()
        return
    attributed = vault.db.execute(
        "SELECT count(*) FROM messages WHERE merchant_id = ?", [m.id]
    ).fetchone()[0]
    assert attributed == 2  # the group's messages now belong to the new merchant
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert "【小明超市】" not in [r[1] for r in table_texts(page.table)]


def test_lock_clears_the_groups(qtbot, window: MainWindow, vault: Vault) -> None:
    _seed(vault.db)
    page = window.show_section("unknown")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert page.table.rowCount() == 3
    window.session.lock()
    assert page.table.rowCount() == 0 and page.groups == []


def test_free_mail_senders_are_grouped_by_address_and_make_a_merchant_of_that_address(qtbot, window: MainWindow,
                                                                                      vault: Vault) -> None:
    # a merchant made from "gmail.com" would never be recognised (anyone has an address there): the address is
    for i in range(2):
        add_message(vault.db, sender="cheap.watches88@gmail.com", subject=f"Watches {i}", category="marketing")
    add_message(vault.db, sender="deals.daily@qq.com", subject="特价", category="marketing")
    groups = {(g.kind, g.key): g.count for g in group_unattributed(vault.db)}
    assert groups == {("address", "cheap.watches88@gmail.com"): 2, ("address", "deals.daily@qq.com"): 1}
    page = window.show_section("unknown")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert table_texts(page.table)[0][:3] == ["Free-mail address", "cheap.watches88@gmail.com", "2"]
    page.select_group("cheap.watches88@gmail.com")
    assert page.create_button.isEnabled()
    dlg = page.create_from_selected()
    assert dlg.email_senders_edit.text() == "cheap.watches88@gmail.com" and dlg.domains_edit.text() == ""
    dlg.name_edit.setText("Cheap Watches")
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert hh.find_merchant(vault.db, "Cheap Watches").email_senders == ["cheap.watches88@gmail.com"]
    qtbot.waitUntil(lambda: not page.loading and not page.reclassifying, timeout=20_000)
    # reclassified: its two messages now have their merchant; the other qq.com sender is still unknown
    assert [g.key for g in group_unattributed(vault.db)] == ["deals.daily@qq.com"]


def test_a_free_mail_address_named_like_a_brand_proposes_no_name_and_cannot_join_the_brand(qtbot, window: MainWindow,
                                                                                            vault: Vault) -> None:
    add_message(vault.db, sender="paypal@gmail.com", subject="Payment receipt", category="fraud")
    page = window.show_section("unknown")
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    page.select_group("paypal@gmail.com")
    dlg = page.create_from_selected()
    assert dlg.name_edit.text() == "" and dlg.email_senders_edit.text() == "paypal@gmail.com"
    dlg.name_edit.setText("PayPal")
    assert not dlg.submit()  # a built-in brand is recognised by its own domains, never by such an address
    assert "built-in merchant" in dlg.error.text()
    assert hh.find_merchant(vault.db, "PayPal").email_senders == []
