"""Where the vault lives: platformdirs default, overridden by ``--vault`` or ``PRIVATRACK_VAULT``."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "privatrack"


def data_dir() -> Path:
    """:return: the per-user data directory (``PRIVATRACK_HOME`` overrides platformdirs)."""
    home = os.environ.get("PRIVATRACK_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_vault_path() -> Path:
    """:return: the vault file used when neither ``--vault`` nor ``PRIVATRACK_VAULT`` is given."""
    env = os.environ.get("PRIVATRACK_VAULT")
    return Path(env).expanduser() if env else data_dir() / "vault.db"


def key_file_for(vault: Path) -> Path:
    """:return: the wrapped-key file that sits beside a vault (salt, KDF parameters, wrapped keys only)."""
    return vault.with_name(vault.name + ".keys")
