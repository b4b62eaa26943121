"""UI language: English by default, Simplified Chinese for a zh* system locale or ``PRIVATRACK_LANG=zh_CN``."""

from __future__ import annotations

import logging
import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SUPPORTED = ("en", "zh_CN")


def choose_language(env: dict[str, str] | None = None, system_locale: str | None = None) -> str:
    """:return: ``"zh_CN"`` or ``"en"``; ``PRIVATRACK_LANG`` wins over the system locale."""
    env = dict(os.environ) if env is None else env
    wanted = env.get("PRIVATRACK_LANG", "").strip()
    if wanted:
        return "zh_CN" if wanted.lower().replace("-", "_").startswith("zh") else "en"
    name = system_locale if system_locale is not None else QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def translations_dir() -> str:
    return str(resources.files("privatrack") / "resources" / "translations")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install PrivaTrack's and Qt's own translators for ``language``; keep the returned list alive.

    :return: the installed translators (empty for English).
    """
    if language == "en":
        return []
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"privatrack_{language}", translations_dir()):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation for %s in %s", language, translations_dir())
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)
    QLocale.setDefault(QLocale.system())
