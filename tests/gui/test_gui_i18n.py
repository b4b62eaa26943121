"""English by default; Simplified Chinese from the compiled .qm for zh* locales or PRIVATRACK_LANG=zh_CN."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from privatrack.gui.i18n import choose_language, install_translators, remove_translators, translations_dir
from privatrack.gui.main_window import MainWindow


def test_language_choice() -> None:
    assert choose_language({}, "en_US") == "en"
    assert choose_language({}, "zh_CN") == "zh_CN"
    assert choose_language({}, "zh_TW") == "zh_CN"  # the only Chinese UI we ship
    assert choose_language({"PRIVATRACK_LANG": "zh_CN"}, "en_GB") == "zh_CN"
    assert choose_language({"PRIVATRACK_LANG": "en"}, "zh_CN") == "en"


def test_main_window_in_simplified_chinese(qtbot, session, clock, monkeypatch) -> None:
    monkeypatch.setenv("PRIVATRACK_LANG", "zh_CN")
    app = QCoreApplication.instance()
    translators = install_translators(app, choose_language())
    try:
        assert translators, "privatrack_zh_CN.qm did not load"
        win = MainWindow(session, clock=clock, check_ms=1000)
        qtbot.addWidget(win)
        sidebar = [win.sidebar.item(i).text() for i in range(win.sidebar.count())]
        assert sidebar[:3] == ["家庭成员与个人信息", "商家", "数据地图"]
        assert sidebar[-1] == "设置"
        assert win.people_page.add_person_button.text() == "添加成员"
        win.autolocker.stop()
    finally:
        remove_translators(app, translators)
    win2 = MainWindow(session, clock=clock, check_ms=1000)
    qtbot.addWidget(win2)
    assert win2.sidebar.item(0).text() == "People & details"
    win2.autolocker.stop()


def test_every_string_is_translated() -> None:
    ts = Path(translations_dir()) / "privatrack_zh_CN.ts"
    root = ET.parse(ts).getroot()
    untranslated = [
        m.findtext("source")
        for m in root.iter("message")
        if (m.find("translation").get("type") in ("unfinished", "vanished", "obsolete"))
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert untranslated == []
    assert (Path(translations_dir()) / "privatrack_zh_CN.qm").stat().st_size > 1000
