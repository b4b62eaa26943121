"""``Session``: the current vault behind the window, with ``locked``/``unlocked``/``store_changed`` signals."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from PySide6.QtCore import QObject, Signal

from privatrack.core.errors import VaultLocked
from privatrack.core.store.vault import Vault


class Session(QObject):
    """Holds the unlocked vault; pages ask it for ``db`` each time so a lock is honoured at once (P7)."""

    locked = Signal()
    unlocked = Signal()
    store_changed = Signal(str)  # what changed: "people", "merchants", "settings", ...

    def __init__(self, vault_path: Path, vault: Vault | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self._vault = vault

    @property
    def vault(self) -> Vault | None:
        return self._vault

    @property
    def is_locked(self) -> bool:
        return self._vault is None or self._vault.is_locked

    @property
    def db(self) -> Database:
        if self._vault is None:
            raise VaultLocked("the vault is locked")
        return self._vault.db

    def set_vault(self, vault: Vault) -> None:
        """Adopt a freshly unlocked vault."""
        self._vault = vault
        self.unlocked.emit()

    def lock(self) -> None:
        """Close the connection and drop the key (``Vault.lock``), then tell every page to forget its data."""
        if self._vault is None or self._vault.is_locked:
            return
        self._vault.lock()
        self.locked.emit()

    def changed(self, what: str) -> None:
        self.store_changed.emit(what)
