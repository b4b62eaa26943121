"""IMAP test fixtures: a real Dovecot per module (tests/dovecot.py) and helpers to compare vault states."""

from __future__ import annotations

from typing import Any

from tests.dovecot import dovecot, mailstore  # noqa: F401  (fixtures)


def stored(db: Any) -> list[tuple[Any, ...]]:
    """What an import leaves in the vault, independent of row ids and import time."""
    return sorted(
        db.execute(
            "SELECT m.dedupe_key, m.message_id, m.sha256, m.subject, m.source, r.sha256, r.storage "
            "FROM messages m LEFT JOIN raw_messages r ON r.id = m.raw_id"
        ).fetchall()
    )


def state(db: Any) -> list[tuple[Any, ...]]:
    return sorted(db.execute("SELECT account, mailbox, uidvalidity, last_uid FROM imap_state").fetchall())
