"""mbox (Gmail Takeout, Thunderbird, mutt): a streaming, mboxrd-aware splitter that never loads the whole file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.importers.mail import HEAD_KEEP, MAX_RAW, SMALL_SOURCE, ParseJob, parse_jobs
from privatrack.core.models import Rejected

CHUNK = 4 << 20
_FROM_AT_LINE_START = re.compile(rb"^From ", re.M)
# A separator carries a time and a year: "From sender Mon Jan  1 00:00:00 2024" (Gmail puts "+0000" before the
# year). Body lines that begin "From " (unescaped by mboxo writers) rarely do, and must follow a blank line too.
# The first time is the one to keep (atomic group): retrying each later one rescanned the line for a year, quadratic
# on a long body line of times (200 KB took a minute).
_FROM_TIME = re.compile(rb"^From \S*\s(?>.*?\d{1,2}:\d{2}).*\b\d{4}\b")
_FROM_STRICT = re.compile(rb"^From \S+ +\w{3} \w{3} [ \d]?\d \d{1,2}:\d{2}(?::\d{2})? (?:[+-]\d{4} )?\d{4}\s*$")
_ESCAPED = re.compile(rb"^>(>*From )", re.M)


def unescape(data: bytes) -> bytes:
    """mboxrd: every ``>From `` (any number of ``>``) at a line start loses one ``>``."""
    return _ESCAPED.sub(rb"\1", data) if b">From " in data else data


def _trim_end(msg: bytes) -> bytes:
    # The blank line before the next separator belongs to the mbox, not to the message.
    if msg.endswith(b"\r\n\r\n"):
        return msg[:-2]
    if msg.endswith(b"\n\n"):
        return msg[:-1]
    return msg


class _Overflow:
    """Hashes a message too big to hold (P20), keeping its head for parsing."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()
        self.head = bytearray()
        self.size = 0
        self.mid_line = False  # the last piece ended inside a line

        # the last bytes fed, not yet hashed: the blank line before the next separator is trimmed off the message's
        # end (``_trim_end``), and a read may have split that end across two pieces
        self.pending = b""

    def feed(self, piece: bytes, ends_mid_line: bool = False) -> None:
        if self.mid_line:  # its first line began in the last piece: not a line start, nothing to unescape there
            first, nl, rest = piece.partition(b"\n")
            piece = first + nl + unescape(rest)
        else:
            piece = unescape(piece)
        self.mid_line = ends_mid_line
        data = self.pending + piece
        self._take(data[:-4])
        self.pending = data[-4:]

    def finish(self, tail: bytes) -> None:
        """Feed the message's last piece (up to the next separator or the end of the file) and trim its end."""
        self.feed(tail)
        self._take(_trim_end(self.pending))
        self.pending = b""

    def _take(self, data: bytes) -> None:
        self.sha.update(data)
        self.size += len(data)
        if len(self.head) < HEAD_KEEP:
            self.head += data[: HEAD_KEEP - len(self.head)]


def split_mbox(fh: BinaryIO, chunk_size: int = CHUNK) -> Iterator[tuple[int, bytes, _Overflow | None]]:
    """Yield ``(index, message bytes, overflow)``; ``overflow`` is set (and bytes empty) for oversized messages.

    Memory is bounded by ``MAX_RAW`` plus one chunk whatever the file size. Index ``0`` is data before the first
    separator (yielded only when it is not blank).
    """
    buf = b""
    start: int | None = None  # offset in buf where the current message begins
    scan = 0
    index = 0
    eof = False
    over: _Overflow | None = None
    bof = True
    junk_reported = False
    while True:
        if not eof:
            chunk = fh.read(chunk_size)
            if chunk:
                buf += chunk
            else:
                eof = True
        while True:
            m = _FROM_AT_LINE_START.search(buf, scan)
            if m is None:
                scan = max(scan, len(buf) - 5)
                break
            p = m.start()
            line_end = buf.find(b"\n", p)
            if line_end < 0:
                if eof:
                    line_end = len(buf)
                elif len(buf) - p <= MAX_RAW:
                    scan = p  # wait for the rest of the line
                    break
                else:
                    scan = p + 1  # a line longer than a message kept whole is body text, not a separator
                    continue
            line = buf[p:line_end].rstrip(b"\r")
            blank_before = (bof and p == 0) or buf[max(0, p - 2) : p] == b"\n\n" or buf[max(0, p - 3) : p] == b"\n\r\n"
            if (start is None and p == 0 and bof) or (blank_before and _FROM_TIME.match(line)) or _FROM_STRICT.match(
                line
            ):
                if start is None:
                    if p > 0 and buf[:p].strip() and not junk_reported:
                        yield 0, buf[:p], None
                elif over is not None:
                    over.finish(buf[start:p])
                    index += 1
                    yield index, b"", over
                    over = None
                else:
                    index += 1
                    yield index, unescape(_trim_end(buf[start:p])), None
                start = line_end + 1
            scan = line_end + 1
        if eof:
            break
        if start is None:
            if len(buf) > max(2 * chunk_size, 1 << 20):  # no separator yet (junk at the top): stay bounded
                if not junk_reported:
                    junk_reported = True
                    yield 0, buf[:1024], None
                cut = buf.rfind(b"\n") + 1 or len(buf)
                buf, scan, bof = buf[max(cut - 2, 0) :], 0, False
            continue
        # Trim what was already yielded, keeping two bytes of context for the blank-line test.
        if len(buf) - start > MAX_RAW:
            over = over or _Overflow()
            cut = buf.rfind(b"\n", start, len(buf) - 1) + 1
            mid_line = cut <= start + 2
            if mid_line:
                # one line longer than MAX_RAW: cut inside it, or the buffer grows with it (and each read copies it:
                # quadratic, 400 MB took 18 s)
                cut = min(scan, len(buf) - 1)
            if cut > start + 2:
                over.feed(buf[start:cut], mid_line)
                buf, scan, start = buf[cut - 2 :], max(scan - (cut - 2), 2), 2
        elif start > 2:
            off = start - 2
            buf, scan, start = buf[off:], max(scan - off, 0), 2
        bof = False
    if start is None:
        if buf.strip() and not junk_reported:
            yield 0, buf[:1024], None
        return
    if over is not None:
        over.finish(buf[start:])
        yield index + 1, b"", over
        return
    tail = _trim_end(buf[start:])
    if tail.strip():
        yield index + 1, unescape(tail), None


class MboxImporter(Importer):
    name = "mbox"
    label = "mbox file"
    extensions = (".mbox", ".mbx", ".mbs")

    @classmethod
    def can_import(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        head = sniff(path, 1024)
        return head.startswith(b"From ") or (path.suffix.lower() in cls.extensions and not head.strip())

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        source = str(path)
        try:
            fh = open(path, "rb")
            size = path.stat().st_size
        except OSError as exc:
            yield Rejected(source, "-", f"cannot open: {exc.strerror or exc}")
            return
        if size < SMALL_SOURCE * 16 * 1024:
            workers = 0
        errors: list[Rejected] = []
        with fh:
            yield from parse_jobs(_jobs(fh, source, errors), workers)
        yield from errors


def _jobs(fh: BinaryIO, source: str, errors: list[Rejected]) -> Iterator[ParseJob]:
    try:
        for index, data, over in split_mbox(fh):
            if index == 0:
                errors.append(Rejected(source, "#0", "data before the first 'From ' line is not a message; skipped"))
            elif over is not None:
                yield ("raw", bytes(over.head), source, f"#{index}", over.size, over.sha.hexdigest(), True)
            else:
                yield ("raw", data, source, f"#{index}", None, None, False)
    except OSError as exc:
        errors.append(Rejected(source, "-", f"read error, stopped here: {exc.strerror or exc}"))
