"""The vault: one SQLCipher file plus its wrapped-key file; create, unlock, lock, re-key and back up.

Unlocking never writes to the data (P2): the key is verified by AES-GCM before the database is touched, and a
vault is only ever created by an explicit ``Vault.create`` that refuses to overwrite anything.
"""

from __future__ import annotations

import logging
import os
import secrets as _random
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from privatrack.core import keys
from privatrack.core.errors import (
    InvalidInput,
    KeyringUnavailable,
    StorageError,
    VaultCorrupted,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
)
from privatrack.core.paths import key_file_for
from privatrack.core.store import search
from privatrack.core.store.connection import DatabaseError, connect, key_pragma
from privatrack.core.store.migrations import known_names, migrations

# New vaults use 16 KiB pages: bulk imports commit about twice as fast as with 4 KiB pages (fewer pages to encrypt
# and authenticate, fewer full-text index pages; measured with bench/bench_import.py and a store micro-benchmark).
NEW_VAULT_PAGE_SIZE = 16384

log = logging.getLogger(__name__)


class Vault:
    """An unlocked vault. ``db`` is the writer connection; ``connect()`` opens more (e.g. for a reader thread)."""

    def __init__(self, path: Path, keyfile: keys.KeyFile, key: bytes) -> None:
        self.path = Path(path)
        self.keyfile = keyfile
        self._key: bytes | None = key
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.RLock()

    # -- lifecycle ---------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        use_keyring: bool = False,
        kdf: keys.KdfParams | None = None,
    ) -> Vault:
        """Create a new vault with a random key wrapped by ``passphrase`` (and the keyring if asked).

        :raises VaultExists: if the vault or its key file already exists; nothing is overwritten.
        """
        path = Path(path)
        keypath = key_file_for(path)
        for p in (path, keypath, path.with_name(path.name + "-wal")):
            if p.exists():
                raise VaultExists(f"{p} already exists; refusing to overwrite it")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _random.token_bytes(keys.KEY_LEN)
        keyfile = keys.KeyFile(path=keypath, page_size=NEW_VAULT_PAGE_SIZE)
        keyfile.set_passphrase(key, passphrase, kdf)
        vault = cls(path, keyfile, key)
        try:
            vault._open_db(creating=True)
        except BaseException:
            for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                p.unlink(missing_ok=True)
            raise
        keyfile.save()
        if use_keyring:
            vault.enable_keyring()
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None, *, use_keyring: bool = True) -> Vault:
        """Unlock an existing vault with the keyring slot (if any and allowed) or the passphrase.

        :raises VaultNotFound: no vault at ``path`` (a new one is never created here).
        :raises WrongPassphrase: the passphrase does not unwrap the key; nothing was changed.
        :raises VaultCorrupted: the key is right but the database fails to decrypt (tampering or damage).
        """
        path = Path(path)
        if not path.exists():
            raise VaultNotFound(f"{path}: no vault here (create one with 'privatrack init')")
        keyfile = keys.KeyFile.load(key_file_for(path))
        key: bytes | None = None
        if use_keyring:
            try:
                key = keyfile.unlock_with_keyring()
            except KeyringUnavailable as exc:
                log.info("keyring unlock skipped: %s", exc)
        if key is None:
            if passphrase is None:
                raise VaultLocked("a passphrase is needed to unlock the vault")
            key = keyfile.unlock_with_passphrase(passphrase)
        vault = cls(path, keyfile, key)
        vault._open_db(creating=False)
        return vault

    @staticmethod
    def needs_passphrase(path: Path) -> bool:
        """:return: ``True`` unless the keyring alone can unlock the vault right now."""
        try:
            return keys.KeyFile.load(key_file_for(Path(path))).unlock_with_keyring() is None
        except (KeyringUnavailable, VaultNotFound, VaultCorrupted):
            return True

    def _open_db(self, *, creating: bool) -> None:
        db = connect(str(self.path), self.key, check_same_thread=False, page_size=self.keyfile.page_size)
        try:
            applied = [m.name for m in migrations.applied(db)]
            if not creating and not applied:
                raise VaultCorrupted(f"{self.path}: decrypts but holds no PrivaTrack schema")
            unknown = [n for n in applied if n not in known_names()]
            if unknown:
                raise VaultTooNew(
                    f"{self.path}: written by a newer PrivaTrack (schema {unknown[-1]}); update the app to open it"
                )
            migrations.apply(db)
            if search.pending(db):  # rows written without indexing them (an interrupted writer, a script)
                with db.atomic():
                    search.catch_up(db)
        except DatabaseError as exc:
            db.close()
            raise VaultCorrupted(f"{self.path}: the vault is damaged ({exc})") from None
        except BaseException:
            db.close()
            raise
        self._db = db

    @property
    def key(self) -> bytes:
        if self._key is None:
            raise VaultLocked("the vault is locked")
        return self._key

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise VaultLocked("the vault is locked")
        return self._db

    @property
    def is_locked(self) -> bool:
        return self._db is None

    def connect(self, *, readonly: bool = False) -> sqlite_utils.Database:
        """Open another connection with the same raw key (no KDF cost)."""
        return connect(str(self.path), self.key, check_same_thread=False, readonly=readonly,
                       page_size=self.keyfile.page_size)

    def lock(self) -> None:
        """Close the connection and drop the key reference (auto-lock, P7)."""
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                finally:
                    self._db = None
            self._key = None

    close = lock

    # -- keys --------------------------------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str, kdf: keys.KdfParams | None = None) -> None:
        """Re-wrap the same data key under a new passphrase: no data is rewritten, nothing can be lost."""
        self.keyfile.set_passphrase(self.key, new_passphrase, kdf)
        self.keyfile.save()

    def enable_keyring(self) -> None:
        """Also wrap the key with a secret kept in the OS keyring (raises ``KeyringUnavailable``)."""
        self.keyfile.enrol_keyring(self.key)
        self.keyfile.save()

    def disable_keyring(self) -> None:
        self.keyfile.remove_keyring()
        self.keyfile.save()

    @property
    def keyring_enrolled(self) -> bool:
        return self.keyfile.slot("keyring") is not None

    # -- checks and backup -------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """:return: problems reported by ``cipher_integrity_check`` and ``integrity_check`` (empty when sound)."""
        try:
            out = [f"page: {r[0]}" for r in self.db.execute("PRAGMA cipher_integrity_check").fetchall()]
            rows = self.db.execute("PRAGMA integrity_check").fetchall()
        except DatabaseError as exc:
            return [f"{exc}"]
        out += [str(r[0]) for r in rows if r[0] != "ok"]
        return out

    def backup(self, dest: Path) -> Path:
        """Write a consistent, encrypted copy to ``dest`` (plus ``dest.keys``), atomically.

        Uses ``sqlcipher_export`` inside one read transaction, so a writer may keep committing (P12). The copy is
        keyed with the same key and opens with the same passphrase.
        """
        dest = Path(dest).absolute()
        for p in (dest, key_file_for(dest)):
            if p.exists():
                raise VaultExists(f"{p} already exists; choose a new backup file")
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
        tmp.unlink(missing_ok=True)
        src = self.connect()
        try:
            src.conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{self.key.hex()}'\"", [str(tmp)])
            # the copy has the vault's page size, which its key file (a copy of ours) records
            src.conn.execute(f"PRAGMA backup.cipher_page_size = {int(self.keyfile.page_size)}")
            src.conn.execute("BEGIN")
            src.conn.execute("SELECT sqlcipher_export('backup')")
            src.conn.execute("COMMIT")
            src.conn.execute("DETACH DATABASE backup")
        except DatabaseError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(f"backup to {dest} failed: {exc}") from None
        finally:
            src.close()
        check = connect(str(tmp), self.key, readonly=True, page_size=self.keyfile.page_size)
        try:
            bad = check.execute("PRAGMA cipher_integrity_check").fetchall()
            if bad or check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StorageError(f"backup to {dest} failed its integrity check")
        finally:
            check.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        self.keyfile.save(key_file_for(dest))
        os.replace(tmp, dest)
        fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return dest

    def restore_from(self, backup: Path, backup_passphrase: str,
                     progress: Callable[[int, int], None] | None = None, pages: int = 1024) -> None:
        """Replace this vault's contents with a backup made by :meth:`backup`, atomically.

        The pages are copied with SQLite's backup API into this open vault as one write transaction: a crash or
        SIGKILL midway leaves the vault exactly as it was (P12). The vault keeps its own key file, so the current
        passphrase and keyring enrolment still unlock it.

        :param backup: the backup file (its ``.keys`` file beside it).
        :param backup_passphrase: the passphrase the backup was made under.
        :param progress: called with (remaining, total) pages after each step.
        :param pages: pages copied per step.
        :raises InvalidInput: the backup belongs to another vault (a different key).
        """
        src = Vault.open(Path(backup), backup_passphrase, use_keyring=False)
        try:
            if src.key != self.key:
                raise InvalidInput(f"{backup} is a backup of another vault; it cannot be restored into this one")
            problems = src.integrity_problems()
            if problems:
                raise VaultCorrupted(f"{backup} is damaged ({problems[0]}); nothing was restored")

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(remaining, total)

            with self._lock:
                try:
                    src.db.conn.backup(self.db.conn, pages=pages, progress=step)
                except DatabaseError as exc:
                    raise StorageError(f"restore from {backup} failed ({exc}); the vault is unchanged") from None
        finally:
            src.lock()

    @staticmethod
    def restore_missing(backup: Path, dest: Path) -> None:
        """Put a backup (and its key file) in place of a vault that no longer exists: temp files, fsync, rename."""
        dest = Path(dest)
        if dest.exists():
            raise VaultExists(f"{dest} exists; unlock it and restore into it instead")
        dest.parent.mkdir(parents=True, exist_ok=True)
        pairs = [(Path(backup), dest), (key_file_for(Path(backup)), key_file_for(dest))]
        for src, _ in pairs:
            if not src.exists():
                raise VaultNotFound(f"{src} not found")
        temps = []
        try:
            for src, target in pairs:
                tmp = target.with_name(f".{target.name}.{os.getpid()}.restoring")
                shutil.copyfile(src, tmp)
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                temps.append((tmp, target))
            # The key file goes last: a vault file without its key file is refused, never half-opened.
            for tmp, target in temps:
                os.replace(tmp, target)
        finally:
            for tmp, _ in temps:
                tmp.unlink(missing_ok=True)
        fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = ["Vault", "key_pragma"]
