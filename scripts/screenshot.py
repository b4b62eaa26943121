"""Render the main window with a few sample records to docs/screenshot-*.png (offscreen, no real vault touched).

Usage: python scripts/screenshot.py [--lang en|zh_CN|both]
"""

from __future__ import annotations

import argparse
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
    return v


def render(lang: str, out: Path, section: str = "merchants", merchant: str | None = "京东") -> None:
    app = QApplication.instance() or QApplication([])
    app.setFont(QFont("Noto Sans CJK SC", 10))
    translators = install_translators(app, lang)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            vault = sample_vault(Path(tmp), lang)
            win = MainWindow(Session(vault.path, vault))
            win.resize(1280, 800)
            win.statusBar().showMessage("~/.local/share/privatrack/vault.db")
            win.show()
            page = win.show_section(section)
            if merchant and section == "merchants":
                page.select_merchant(merchant)
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
    if args.lang in ("zh_CN", "both"):
        render("zh_CN", docs / "screenshot-merchants-zh.png")


if __name__ == "__main__":
    main()
