"""Window state (geometry, last section) in an INI file in the data directory: never vault data, never keys."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from privatrack.core.paths import data_dir


def window_settings() -> QSettings:
    """:return: QSettings beside the vault's data directory (``PRIVATRACK_HOME`` moves it, as in tests)."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)
