"""Opening a SQLCipher database with a raw key, with the PRAGMAs every open must set (P1, P11)."""

from __future__ import annotations

import sqlite_utils

from privatrack.core.errors import VaultCorrupted
from privatrack.core.store._sqlcipher import dbapi2

DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError


def key_pragma(key: bytes) -> str:
    """:return: the ``PRAGMA key`` statement for a raw 256-bit key (no SQLCipher PBKDF2 on top)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


# SQLCipher 4's default, and what every vault made before 16 KiB pages has (the key file records the size).
DEFAULT_PAGE_SIZE = 4096


def connect(path: str, key: bytes, *, check_same_thread: bool = True, readonly: bool = False,
            page_size: int = DEFAULT_PAGE_SIZE) -> sqlite_utils.Database:
    """Open (or create) a SQLCipher 4 database keyed with ``key``.

    :param path: database file.
    :param key: 32 raw key bytes.
    :param check_same_thread: pass ``False`` for a connection handed to a worker thread.
    :param readonly: open with ``mode=ro`` (used by integrity checks on copies).
    :param page_size: the file's page size (fixed when the file is created; an encrypted file cannot tell it, so
        the vault's key file records it).
    :raises VaultCorrupted: when the key does not open the file (tampering or damage; the key itself was verified).
    """
    uri = f"file:{path}?mode=ro" if readonly else path
    conn = dbapi2.connect(uri, uri=readonly, check_same_thread=check_same_thread, isolation_level=None, timeout=30)
    try:
        conn.execute(key_pragma(key))
        conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        # Temp tables, sorts and FTS merges stay in memory: nothing decrypted lands in a temp file.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise VaultCorrupted(f"{path}: could not switch to WAL journal mode")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32000")
    except DatabaseError as exc:
        conn.close()
        raise VaultCorrupted(f"{path}: the vault could not be decrypted or is damaged ({exc})") from None
    return sqlite_utils.Database(conn)
