"""Maildir and Maildir++ folders (cur/ and new/; tmp/ holds unfinished deliveries and is skipped)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from privatrack.core.importers.base import Importer, Item
from privatrack.core.importers.mail import SMALL_SOURCE, ParseJob, parse_jobs


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def maildir_folders(path: Path) -> list[Path]:
    """The Maildir itself plus Maildir++ subfolders (``.Sent``, ``.Spam``…) and nested Maildirs."""
    out = [path] if _is_maildir(path) else []
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError:
        return out
    for e in entries:
        if e.is_dir(follow_symlinks=False) and e.name not in ("cur", "new", "tmp"):
            sub = Path(e.path)
            if _is_maildir(sub):
                out.append(sub)
            elif not out or e.name.startswith("."):
                out.extend(maildir_folders(sub))
    return out


class MaildirImporter(Importer):
    name = "maildir"
    label = "Maildir folder"
    extensions = ()

    @classmethod
    def can_import(cls, path: Path) -> bool:
        return path.is_dir() and bool(maildir_folders(path))

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        files: list[ParseJob] = []
        for folder in maildir_folders(path):
            for sub in ("new", "cur"):
                try:
                    names = sorted(n for n in os.listdir(folder / sub) if not n.startswith("."))
                except OSError:
                    continue
                # plain strings: three pathlib objects per file cost ~40 µs of the writer's process each
                base, rel = str(folder / sub), str((folder / sub).relative_to(path))
                files.extend(("file", os.path.join(base, n), os.path.join(rel, n)) for n in names)
        yield from parse_jobs(iter(files), workers if len(files) >= SMALL_SOURCE else 0)
