"""The importer interface: a class per format with ``name``, ``extensions``, ``can_import`` and ``iter_items``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from privatrack.core.models import RawMessage, Rejected

Item = RawMessage | Rejected


class Importer:
    """Reads one format. Importers only yield items; they never write to the vault (GUIDE convention 4)."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    label: ClassVar[str] = ""

    @classmethod
    def can_import(cls, path: Path) -> bool:
        """:return: whether ``path`` looks like this format (cheap: a few KB are read at most)."""
        raise NotImplementedError

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        """Yield a ``RawMessage`` per message and a ``Rejected`` per unreadable item, streaming.

        :param workers: parse processes for formats that benefit (mail); others ignore it.
        """
        raise NotImplementedError


def sniff(path: Path, n: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""
