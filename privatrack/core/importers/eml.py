"""Single .eml files and folders of them (searched recursively)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.importers.mail import SMALL_SOURCE, ParseJob, parse_jobs, parse_mail_file

_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,76}:[ \t]?", re.M)


def looks_like_mail(head: bytes) -> bool:
    """Several RFC 822 header lines at the top, and From/Subject/Received/Message-ID among them."""
    top = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    names = {m.group(0).split(b":")[0].lower() for m in _HEADER_LINE.finditer(top)}
    return len(names) >= 2 and bool(names & {b"from", b"subject", b"received", b"message-id", b"date", b"to"})


class EmlImporter(Importer):
    name = "eml"
    label = ".eml file or folder"
    extensions = (".eml", ".msg822")

    @classmethod
    def can_import(cls, path: Path) -> bool:
        if path.is_dir():
            return any(True for _ in path.rglob("*.eml"))
        return path.suffix.lower() in cls.extensions or looks_like_mail(sniff(path))

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        if path.is_dir():
            files: list[ParseJob] = [("file", str(f), str(f.relative_to(path))) for f in sorted(path.rglob("*"))
                                     if f.suffix.lower() in cls.extensions and f.is_file()]
            yield from parse_jobs(iter(files), workers if len(files) >= SMALL_SOURCE else 0)
        else:
            yield parse_mail_file(path, item=path.name)
