"""Render the main window with a few sample records to docs/screenshot-*.png (offscreen, no real vault touched).

Usage: python scripts/screenshot.py [--lang en|zh_CN|both]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never touch the user's keyring

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from privatrack.core import household as hh  # noqa: E402
from privatrack.core import keys  # noqa: E402
from privatrack.core.store.vault import Vault  # noqa: E402
from privatrack.gui.i18n import install_translators, remove_translators  # noqa: E402
from privatrack.gui.main_window import MainWindow  # noqa: E402
from privatrack.gui.signals import Session  # noqa: E402


def sample_vault(folder: Path, lang: str = "en") -> Vault:
    zh = lang.startswith("zh")
    kdf = keys.KdfParams(salt=os.urandom(16), iterations=keys.MIN_ITERATIONS, memory_kib=keys.MIN_MEMORY_KIB)
    v = Vault.create(folder / "vault.db", "screenshot only", kdf=kdf)
    db = v.db
    hh.add_person(db, "王小明")
    hh.add_person(db, "Anna Müller")
    hh.add_detail(db, "王小明", "phone", "138 0013 8000")
    hh.add_detail(db, "王小明", "email", "xiaoming+jd@example.com")
    hh.add_detail(db, "王小明", "address", "上海市浦东新区世纪大道 100 号")
    hh.add_detail(db, "Anna Müller", "email", "anna@example.org")
    hh.add_detail(db, "Anna Müller", "phone", "+49 151 2345 6789")
    hh.add_merchant(db, "京东", privacy_email="privacy@jd.com")
    hh.disclose(db, "京东", "13800138000", date="2021-03-02", context="注册" if zh else "registration")
    hh.disclose(db, "京东", "xiaoming+jd@example.com", date="2021-03-02", context="注册" if zh else "registration")
    hh.disclose(db, "京东", "上海市浦东新区世纪大道 100 号", date="2023-11-11", context="下单" if zh else "order",
                evidence="订单 2311110042")
    hh.record_consent(db, "京东", "grant", "sms", date="2021-03-02", kind="default",
                      evidence="“注册即视为同意”")
    hh.record_consent(db, "京东", "grant", "email", date="2021-03-02", kind="explicit")
    hh.record_consent(db, "京东", "withdraw", "sms", date="2024-05-20",
                      evidence="回复 TD 退订" if zh else "replied TD to 10690000")
    hh.add_merchant(db, "Booking.com")
    hh.disclose(db, "Booking.com", "anna@example.org", date="2022-07-14", context="order")
    hh.record_consent(db, "Booking.com", "refuse", "email", date="2022-07-14", evidence="unticked the newsletter box")
    hh.set_setting(db, "autolock_minutes", "5")
    add_sample_messages(db)
    return v


def add_sample_messages(db) -> None:  # type: ignore[no-untyped-def]
    """A few messages as the importer would store them (written with SQL so the script needs no corpus)."""
    jd = hh.find_merchant(db, "京东").id
    booking = hh.find_merchant(db, "Booking.com").id
    phone = hh.find_detail(db, "13800138000").id
    alias = hh.find_detail(db, "xiaoming+jd@example.com").id
    anna = hh.find_detail(db, "anna@example.org").id
    samples = [
        ("sms", "10690000", None, phone, "2024-06-18T09:12:00+08:00", None,
         "【京东】618 狂欢最后一天！全场满 199 减 30，点击 3.cn/x 领取，回TD退订", "marketing", jd,
         '["signature 【京东】", "opt-out text 回TD退订", "sent after consent was withdrawn"]'),
        ("email", "newsletter@jd.com", "京东", alias, "2024-06-17T20:00:00+08:00", "京东 PLUS 会员专享：限时 5 折",
         "会员专享优惠", "marketing", jd, '["List-Unsubscribe header", "domain jd.com"]'),
        ("sms", "95118", None, phone, "2024-06-10T14:03:00+08:00", None,
         "【京东】您的订单 2311110042 已由顺丰发出，预计明日送达。", "transactional", jd, '["order/shipping pattern"]'),
        ("email", "verify@jd-account-verify.top", "京东客服", alias, "2024-05-30T03:41:00+08:00",
         "您的账户将被冻结，请立即验证", "请点击链接验证身份", "fraud", None,
         '["link to a look-alike domain jd-account-verify.top"]'),
        ("email", "deals@booking.com", "Booking.com", anna, "2024-05-02T07:00:00+00:00",
         "Last-minute deals for your next trip", "Deals picked for you", "marketing", booking,
         '["List-Unsubscribe header", "domain booking.com"]'),
        ("email", "mum@example.com", "Mum", anna, "2024-04-28T18:22:00+02:00", "Sunday lunch?",
         "Are you coming on Sunday?", "personal", None, '["personal correspondence"]'),
    ]
    with hh.writing(db):
        for i, (channel, sender, name, to, date, subject, body, category, merchant, reasons) in enumerate(samples):
            db.execute(
                "INSERT INTO messages(channel, source, source_item, dedupe_key, sender, sender_name, to_detail_id, "
                "date, date_ts, subject, body_text, sha256, category, merchant_id, confidence, reasons, "
                "imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [channel, "sample", str(i), f"sample-{i}", sender, name, to, date,
                 dt.datetime.fromisoformat(date).timestamp(), subject, body, "0" * 64, category, merchant, 0.95,
                 reasons, "2024-06-20T00:00:00+00:00"],
            )


def render(lang: str, out: Path, section: str = "merchants", merchant: str | None = "京东") -> None:
    app = QApplication.instance() or QApplication([])
    app.setFont(QFont("Noto Sans CJK SC", 10))
    translators = install_translators(app, lang)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["PRIVATRACK_HOME"] = tmp  # window state goes there, not into the user's data directory
            vault = sample_vault(Path(tmp), lang)
            win = MainWindow(Session(vault.path, vault))
            win.resize(1280, 800)
            win.statusBar().showMessage("~/.local/share/privatrack/vault.db")
            win.show()
            page = win.show_section(section)
            if merchant and section == "merchants":
                page.select_merchant(merchant)
            if section == "messages":
                page.select_row(0)
            app.processEvents()
            out.parent.mkdir(parents=True, exist_ok=True)
            win.grab().save(str(out))
            win.close()
            vault.lock()
    finally:
        remove_translators(app, translators)
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("en", "zh_CN", "both"), default="both")
    args = parser.parse_args()
    docs = ROOT / "docs"
    if args.lang in ("en", "both"):
        render("en", docs / "screenshot-merchants.png")
        render("en", docs / "screenshot-messages.png", section="messages")
    if args.lang in ("zh_CN", "both"):
        render("zh_CN", docs / "screenshot-merchants-zh.png")


if __name__ == "__main__":
    main()
