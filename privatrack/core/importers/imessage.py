"""iPhone / macOS Messages ``chat.db``, opened read-only and immutable with the stdlib sqlite3 (never SQLCipher).

``message.date`` is Apple time: nanoseconds (seconds on old systems) since 2001-01-01 UTC. Text missing from
``message.text`` is recovered from the ``attributedBody`` typedstream. ``destination_caller_id`` names which of
the user's numbers or addresses received the message.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import phonenumbers

from privatrack.core.errors import InvalidInput
from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.models import RawMessage, Rejected
from privatrack.core.normalize import DEFAULT_REGION, normalize_sms_sender

APPLE_EPOCH = 978307200  # 2001-01-01T00:00:00Z in Unix time
SQLITE_MAGIC = b"SQLite format 3\x00"


log = logging.getLogger(__name__)

def apple_time(value: int | float | None) -> dt.datetime | None:
    if not value:
        return None
    v = float(value)
    secs = v / 1e9 if abs(v) > 1e11 else v  # ns since High Sierra, seconds before
    try:
        return dt.datetime.fromtimestamp(APPLE_EPOCH + secs, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def normalize_handle(value: str | None, country: str | None = None) -> str | None:
    """A handle is an e-mail address or a number, often international without the ``+`` (``447775455555``)."""
    if not value or not value.strip():
        return None
    v = value.strip()
    if "@" in v:
        return v.casefold()
    if v.isdigit() and len(v) >= 11 and not v.startswith("0"):
        try:
            num = phonenumbers.parse("+" + v)
            if phonenumbers.is_valid_number(num):
                return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    try:
        return normalize_sms_sender(v, (country or DEFAULT_REGION).upper())
    except InvalidInput:
        return v


def typedstream_text(blob: bytes | None) -> str | None:
    """The NSString inside an ``attributedBody`` typedstream (the first string after the ``NSString`` class)."""
    if not blob:
        return None
    i = blob.find(b"NSString")
    if i < 0:
        return None
    j = blob.find(b"+", i + 8)
    if j < 0 or j - i > 32:
        return None
    j += 1
    if j >= len(blob):
        return None
    n = blob[j]
    j += 1
    if n == 0x81:
        n, j = int.from_bytes(blob[j : j + 2], "little"), j + 2
    elif n == 0x82:
        n, j = int.from_bytes(blob[j : j + 4], "little"), j + 4
    return blob[j : j + n].decode("utf-8", "replace")


def _connect(path: Path) -> sqlite3.Connection:
    base = "file:" + urllib.parse.quote(str(path.resolve()))
    if path.with_name(path.name + "-wal").exists():
        # Recent messages often sit only in chat.db-wal, which immutable=1 would ignore; plain read-only mode
        # reads it (SQLite may add its own -shm beside it; the data files are not written).
        try:
            conn = sqlite3.connect(base + "?mode=ro", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error:
            log.warning("%s: its -wal file could not be read (read-only folder?); recent messages may be missing",
                        path)
    return sqlite3.connect(base + "?mode=ro&immutable=1", uri=True)


class IMessageImporter(Importer):
    name = "imessage"
    label = "iPhone/macOS Messages chat.db"
    extensions = (".db",)

    @classmethod
    def can_import(cls, path: Path) -> bool:
        if not path.is_file() or not sniff(path, 16).startswith(SQLITE_MAGIC):
            return False
        try:
            conn = _connect(path)
            try:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return {"message", "handle"} <= names

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        source = str(path)
        try:
            conn = _connect(path)
            cols = {r[1] for r in conn.execute("PRAGMA table_info(message)")}
        except sqlite3.Error as exc:
            yield Rejected(source, "-", f"not a readable Messages database ({exc})")
            return
        if not cols:
            conn.close()
            yield Rejected(source, "-", "no 'message' table: not a Messages chat.db")
            return
        want = ["ROWID", "guid", "text", "attributedBody", "date", "is_from_me", "service", "subject",
                "destination_caller_id", "account", "cache_roomnames"]
        present = [c for c in want if c in cols]
        sel = ", ".join(f"m.{c}" for c in present)
        try:
            cur = conn.execute(
                f"SELECT {sel}, h.id, h.country FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id "
                "ORDER BY m.ROWID"
            )
            for row in cur:
                rec = dict(zip([*present, "handle", "country"], row, strict=True))
                try:
                    yield _message(rec, source)
                except Exception as exc:  # noqa: BLE001
                    yield Rejected(source, f"ROWID {rec.get('ROWID')}", f"unreadable row ({type(exc).__name__}: {exc})")
        except sqlite3.Error as exc:
            yield Rejected(source, "-", f"database read failed, stopped here ({exc})")
        finally:
            conn.close()


def _message(rec: dict[str, Any], source: str) -> RawMessage:
    warnings: list[str] = []
    text = rec.get("text")
    if not text:
        text = typedstream_text(rec.get("attributedBody"))
        if text is None and rec.get("attributedBody"):
            warnings.append("message text could not be read from attributedBody")
    text = (text or "").replace("\ufffc", "").strip()  # U+FFFC marks an attachment position
    out = bool(rec.get("is_from_me"))
    country = rec.get("country")
    handle = normalize_handle(rec.get("handle"), country)
    me = normalize_handle(rec.get("destination_caller_id"), country) or normalize_handle(
        (rec.get("account") or "").partition(":")[2] or None, country
    )
    serial = {k: (base64.b64encode(v).decode() if isinstance(v, bytes) else v) for k, v in rec.items()}
    date = apple_time(rec.get("date"))
    return RawMessage(
        channel="sms",
        source=source,
        item=f"ROWID {rec.get('ROWID')}",
        raw=json.dumps(serial, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass"),
        sender=None if out else handle,
        recipients=([handle] if handle else []) if out else ([me] if me else []),
        date=date,
        subject=rec.get("subject") or None,
        body_text=text,
        direction="out" if out else "in",
        message_id=rec.get("guid"),
        headers={"service": str(rec.get("service") or "")},
        dedupe_key=f"imessage:{rec.get('guid') or rec.get('ROWID')}",
        warnings=warnings,
    )
