"""Importers: ``IMPORTERS``, ``detect_format(path)`` and ``iter_items(path, fmt)`` (stable API, GUIDE convention 4).

``iter_items`` yields ``RawMessage`` for every message it can read and ``Rejected`` for every item it cannot, and
never raises for bad input; ``importers.pipeline.ingest`` stores them. The classifier's stand-alone ``classify``
command uses ``iter_items`` too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from privatrack.core.errors import InvalidInput
from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.importers.eml import EmlImporter
from privatrack.core.importers.imessage import IMessageImporter
from privatrack.core.importers.maildir import MaildirImporter
from privatrack.core.importers.mbox import MboxImporter
from privatrack.core.importers.sms_csv import SmsCsvImporter
from privatrack.core.importers.sms_xml import SmsXmlImporter
from privatrack.core.models import RawMessage, Rejected

# Order matters for detection: the most specific signatures first.
IMPORTERS: tuple[type[Importer], ...] = (
    IMessageImporter,
    MaildirImporter,
    SmsXmlImporter,
    MboxImporter,
    SmsCsvImporter,
    EmlImporter,
)
FORMATS: tuple[str, ...] = tuple(i.name for i in IMPORTERS)
# SMS formats: single streams that parse in a child process (overlapping with the writer) when workers are allowed.
SMS_FORMATS = ("sms-xml", "sms-csv", "imessage")
_CHILD_MIN_BYTES = 4 << 20
_BY_NAME = {i.name: i for i in IMPORTERS}


def get_importer(fmt: str) -> type[Importer]:
    try:
        return _BY_NAME[fmt]
    except KeyError:
        raise InvalidInput(f"unknown format {fmt!r} (one of auto, {', '.join(FORMATS)})") from None


def detect_format(path: str | os.PathLike[str]) -> str | None:
    """:return: the format name of ``path`` (a file or folder), or ``None`` when no importer recognises it.

    A folder that is not a Maildir returns ``None``: ``iter_items`` then imports each file in it by its own format.
    """
    p = Path(path)
    for imp in IMPORTERS:
        if p.is_dir() and imp is EmlImporter:
            continue
        try:
            if imp.can_import(p):
                return imp.name
        except OSError:
            continue
    return None


def estimate_count(path: str | os.PathLike[str], fmt: str = "auto") -> int | None:
    """:return: how many items ``path`` probably holds, cheaply (for a progress bar), or ``None`` when unknown.

    Maildir and .eml folders count files, SMS backups read their ``count`` attribute, chat.db counts rows; mbox
    and CSV files would need a full read and return ``None``.
    """
    import re
    import sqlite3

    p = Path(path)
    name = detect_format(p) if fmt == "auto" else fmt
    try:
        if name == "maildir":
            from privatrack.core.importers.maildir import maildir_folders

            return sum(len(os.listdir(f / sub)) for f in maildir_folders(p) for sub in ("cur", "new"))
        if name == "eml":
            return sum(1 for f in p.rglob("*.eml")) if p.is_dir() else 1
        if name == "sms-xml":
            m = re.search(rb"<smses[^>]*\scount=[\"'](\d+)", sniff(p, 8192))
            return int(m.group(1)) if m else None
        if name == "imessage":
            from privatrack.core.importers.imessage import _connect

            conn = _connect(p)
            try:
                return int(conn.execute("SELECT count(*) FROM message").fetchone()[0])
            finally:
                conn.close()
    except (OSError, sqlite3.Error, ValueError):
        return None
    return None


def iter_items(
    path: str | os.PathLike[str], fmt: str = "auto", *, workers: int = 0
) -> Iterator[RawMessage | Rejected]:
    """Yield every message in ``path`` as a ``RawMessage`` and every unreadable item as a ``Rejected``.

    :param path: a file, a Maildir, or a folder (each file in it is detected on its own).
    :param fmt: ``"auto"`` or one of ``FORMATS``.
    :param workers: mail parse processes (``mail.default_workers()`` uses the spare cores); 0 parses in-process.
    :raises InvalidInput: only for an unknown ``fmt`` name; bad input is reported as ``Rejected``.
    """
    p = Path(path)
    if fmt != "auto":
        importer = get_importer(fmt)
        if not p.exists():
            yield Rejected(str(p), "-", "no such file or folder")
            return
        yield from _guarded(importer, p, workers)
        return
    if not p.exists():
        yield Rejected(str(p), "-", "no such file or folder")
        return
    name = detect_format(p)
    if name is not None:
        yield from _guarded(_BY_NAME[name], p, workers)
        return
    if p.is_dir():
        for f in sorted(p.rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                yield from iter_items(f, "auto", workers=workers)
        return
    head = sniff(p, 4096)
    if b"<calls" in head:
        yield Rejected(str(p), "-", "an SMS Backup & Restore call log: it holds calls, not messages; skipped")
        return
    yield Rejected(str(p), "-", "format not recognised (use --format to name it)")


def _guarded(importer: type[Importer], path: Path, workers: int = 0) -> Iterator[Item]:
    """An importer bug must not abort the whole import: it becomes one Rejected for the rest of the source."""
    try:
        big = path.is_file() and path.stat().st_size > _CHILD_MIN_BYTES
        if workers > 0 and importer.name in SMS_FORMATS and big:
            from privatrack.core.importers.procs import produce_in_child

            yield from produce_in_child(importer.name, str(path))
        else:
            yield from importer.iter_items(path, workers=workers)
    except Exception as exc:  # noqa: BLE001
        yield Rejected(str(path), "-", f"import of this source stopped ({type(exc).__name__}: {str(exc)[:200]})")


__all__ = [
    "FORMATS", "IMPORTERS", "SMS_FORMATS", "Importer", "RawMessage", "Rejected", "detect_format", "estimate_count",
    "get_importer", "iter_items",
]
