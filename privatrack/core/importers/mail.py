"""Parse one RFC 822 message into a ``RawMessage`` (shared by mbox, Maildir, .eml and IMAP); never raises.

``parse_mail(raw, source=..., item=...)`` returns a ``RawMessage`` or a ``Rejected`` (P18): defects are recorded,
never raised; the body decodes through ``core.decode``; each parse has a time budget; messages over
``MAX_RAW`` bytes keep only their header block and a SHA-256 of the whole (P20).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import hashlib
import io
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any, BinaryIO

from privatrack.core.decode import decode_bytes, decode_header
from privatrack.core.importers import fastmime
from privatrack.core.models import RawMessage, Rejected

MAX_RAW = 25 * 1024 * 1024  # bigger messages are stored as metadata + SHA-256 only
HEAD_KEEP = 1024 * 1024  # how much of an oversized message is parsed (headers, first parts)
PARSE_BUDGET = 2.0  # seconds per message (P18)
MAX_PARTS = 1000
MAX_HEADER_VALUE = 4096  # stored per selected header
MAX_ADDRESS_HEADER = 64 * 1024  # address headers longer than this are cut before parsing (100k-token headers)
MAX_SUBJECT = 2000

SELECTED_HEADERS = (
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "List-Id",
    "Precedence",
    "Feedback-ID",
    "X-Mailer",
    "Return-Path",
    "Delivered-To",
    "X-Original-To",
    "Reply-To",
    "Auto-Submitted",
)
SELECTED_PREFIXES = ("x-simplelogin-", "x-anonaddy-")
# Where the receiving address is found, best first. Alias-service headers name the per-merchant alias, which is
# more specific than the real mailbox in Delivered-To (FORMATS.md "Mail forwarded by alias services").
RECIPIENT_HEADERS = (
    "x-simplelogin-envelope-to",
    "x-anonaddy-original-to",
    "delivered-to",
    "x-original-to",
    "to",
    "cc",
)


class _RawFetchPolicy(policy.EmailPolicy):
    """``policy.default`` (defects recorded, never raised) but header values are fetched unparsed.

    The header registry's structured parse costs about two thirds of a message's parse time and we decode the few
    headers we need ourselves (``decode_header`` joins split encoded-words, which the registry does not).
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


MAIL_POLICY = _RawFetchPolicy(raise_on_defect=False)
_PARSER = BytesParser(policy=MAIL_POLICY)
fastmime.install()  # the same parse, without compiling a regex per multipart message
_MID_RE = re.compile(rb"^message-id:[ \t]*(<[^>\r\n]{1,300}>)", re.I | re.M)
# The domain part is "[^=@]+\.[^=@]+" written so that it cannot backtrack (that was quadratic in a long one).
_ADDY_REPLY = re.compile(r"^[^+@]+\+(.+)=([^=@][^=@.]*\.[^=@]+)@", re.I)


class ParseTimeout(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[_Budget]:
    """A cooperative budget, plus a hard SIGALRM stop when we run on the main thread (C loops in ``re``)."""
    budget = _Budget(seconds)
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    old_handler: Any = None
    if use_alarm:
        try:
            old_handler = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        except (ValueError, OSError):
            use_alarm = False
    try:
        yield budget
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)


def _on_alarm(signum: int, frame: Any) -> None:
    raise ParseTimeout("time budget exceeded")


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ParseTimeout("time budget exceeded")


def message_id_hint(raw: bytes) -> str | None:
    """:return: the Message-ID found by a cheap scan of the header block, to name a rejected item."""
    m = _MID_RE.search(raw[:65536])
    return m.group(1).decode("ascii", "replace") if m else None


def header_block(raw: bytes) -> bytes:
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = raw.find(sep)
        if i >= 0:
            return raw[: i + len(sep)]
    return raw[:HEAD_KEEP]


def parse_mail(
    raw: bytes,
    *,
    source: str,
    item: str,
    full_size: int | None = None,
    full_sha256: str | None = None,
    truncated: bool = False,
    budget: float = PARSE_BUDGET,
) -> RawMessage | Rejected:
    """Parse one message. Any failure, including a blown time budget, becomes a ``Rejected`` for this item only.

    :param raw: the message bytes (for an oversized message, its first ``HEAD_KEEP`` bytes).
    :param source: file path or IMAP URL, for reports.
    :param item: index or UID of the message in its source.
    :param full_size: size of the whole message when ``raw`` is only its head.
    :param full_sha256: SHA-256 of the whole message when ``raw`` is only its head.
    :param truncated: ``raw`` is a head of a bigger message.
    """
    try:
        with _deadline(budget) as b:
            return _parse(raw, source, item, full_size, full_sha256, truncated, b)
    except ParseTimeout:
        return Rejected(source, _name(item, raw), f"parsing took longer than {budget:g} s; skipped")
    except RecursionError:
        return Rejected(source, _name(item, raw), "MIME structure nested too deeply")
    except MemoryError:
        return Rejected(source, _name(item, raw), "out of memory while parsing this message")
    except Exception as exc:  # noqa: BLE001 - bad input is data (P18)
        return Rejected(source, _name(item, raw), f"unreadable message ({type(exc).__name__}: {str(exc)[:200]})")


def _name(item: str, raw: bytes) -> str:
    mid = message_id_hint(raw) if raw else None
    return f"{item} {mid}" if mid else item


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        out.setdefault(name.strip().lower(), []).append(str(value))
    return out


def _first(h: dict[str, list[str]], name: str) -> str | None:
    vals = h.get(name)
    return vals[0] if vals else None


# "Name <local@domain>" or "local@domain" with plain atoms: what ``email.utils.getaddresses`` returns for these is
# read off directly (tested equal), as its general parser costs ~25 µs a header and most headers look like this.
_ADDR_SPEC = r"[A-Za-z0-9_+=-]+(?:\.[A-Za-z0-9_+=-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_SIMPLE_ADDRESS = re.compile(rf"[ \t]*(?:([A-Za-z0-9]+(?: [A-Za-z0-9]+)*)[ \t]*<({_ADDR_SPEC})>|({_ADDR_SPEC}))[ \t]*")


def getaddresses(values: list[str]) -> list[tuple[str, str]]:
    """``email.utils.getaddresses``, with a fast path for plain single addresses."""
    out: list[tuple[str, str]] = []
    for v in values:
        m = _SIMPLE_ADDRESS.fullmatch(v)
        if m is None:
            return email.utils.getaddresses(values)
        out.append((m.group(1) or "", m.group(2) or m.group(3)))
    return out


def _addresses(values: list[str] | None) -> list[tuple[str, str]]:
    if not values:
        return []
    cut = [v[:MAX_ADDRESS_HEADER] for v in values]
    out = []
    for name, addr in getaddresses(cut):
        addr = _unescape(addr).strip().strip("<>").strip()
        if "@" in addr or addr.replace("+", "").isdigit():
            out.append((decode_header(name).strip(), addr.casefold()))
    return out


def _unescape(text: str) -> str:
    return decode_header(text) if not text.isascii() else text


def _parse(
    raw: bytes,
    source: str,
    item: str,
    full_size: int | None,
    full_sha256: str | None,
    truncated: bool,
    budget: _Budget,
) -> RawMessage:
    warnings: list[str] = []
    if truncated or len(raw) > MAX_RAW:
        if not truncated:
            full_size, full_sha256 = len(raw), hashlib.sha256(raw).hexdigest()
            raw = raw[:HEAD_KEEP]
        truncated = True
        warnings.append(
            f"message is {full_size or 0:,} bytes (over {MAX_RAW // (1024 * 1024)} MB): only its headers and SHA-256 "
            "are stored"
        )
    msg = fastmime.parse_bytes(raw, MAIL_POLICY) or _PARSER.parsebytes(raw)
    budget.check()
    h = _raw_headers(msg)
    if not h and not raw.strip():
        raise ValueError("empty message")
    if not h:
        # A saved body without its headers (some tools export only the MIME body): keep its text when it is
        # text, reject binary junk.
        body = raw.lstrip(b"\r\n")
        head = body[:4096]
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        if not head or controls > len(head) // 50:
            raise ValueError("no header found; not an e-mail message")
        bm = re.match(rb"--([^\r\n]{1,200})\r?\n", body)
        ctype = b'multipart/mixed; boundary="' + bm.group(1) + b'"' if bm else b"text/plain"
        msg = _PARSER.parsebytes(b"Content-Type: " + ctype + b"\n\n" + body)
        h = {}
        warnings.append("no header block: read as a body-only message")

    subject = decode_header(_first(h, "subject"))[:MAX_SUBJECT] if "subject" in h else None
    if subject is not None:
        subject = " ".join(subject.split())
    mid_raw = _first(h, "message-id")
    message_id = None
    if mid_raw:
        m = re.search(r"<[^<>\s]{1,900}>", mid_raw)
        message_id = m.group(0) if m else (mid_raw.strip()[:900] or None)

    # Sender: the original sender for mail forwarded by alias services.
    from_list = _addresses(h.get("from"))
    sender_name, sender = (from_list[0] if from_list else (None, None))
    selected: dict[str, str] = {}
    for name in SELECTED_HEADERS:
        vals = h.get(name.lower())
        if vals:
            selected[name] = ", ".join(decode_header(v).strip() for v in vals)[:MAX_HEADER_VALUE]
    for key, vals in h.items():
        if key.startswith(SELECTED_PREFIXES):
            canon = "-".join(p[:1].upper() + p[1:] for p in key.split("-"))
            selected[canon] = ", ".join(decode_header(v).strip() for v in vals)[:MAX_HEADER_VALUE]
    original = _addresses(h.get("x-simplelogin-original-from")) or _addresses(h.get("x-anonaddy-original-sender"))
    if original:
        if sender:
            selected.setdefault("X-Forwarded-From-Header", sender)
        sender_name, sender = original[0][0] or sender_name, original[0][1]
    elif any(k.startswith("x-anonaddy-") for k in h):
        for _n, addr in _addresses(h.get("reply-to")) + from_list:
            m = _ADDY_REPLY.match(addr)
            if m:
                sender = f"{m.group(1)}@{m.group(2)}"
                break

    recipients: list[str] = []
    for name in RECIPIENT_HEADERS:
        for _n, addr in _addresses(h.get(name)):
            if addr not in recipients:
                recipients.append(addr)
    budget.check()

    date = None
    date_raw = _first(h, "date")
    if date_raw:
        date = _parse_date(date_raw, warnings)
    if date is None:
        for rec in h.get("received", [])[:1]:
            if ";" in rec:
                date = _parse_date(rec.rsplit(";", 1)[1], warnings)
        if date is None:
            warnings.append("no usable Date header")

    body_text, body_html, atts = _bodies(msg, warnings, budget)
    if atts:
        selected["X-Privatrack-Attachments"] = "; ".join(atts)[:MAX_HEADER_VALUE]
    defects = _count_defects(msg)
    if defects:
        warnings.append(f"{defects} MIME defect(s) recorded")

    stored = header_block(raw) if truncated else raw
    return RawMessage(
        channel="email",
        source=source,
        item=item,
        raw=stored,
        sender=sender,
        sender_name=sender_name or None,
        recipients=recipients,
        date=date,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message_id=message_id,
        headers=selected,
        warnings=warnings,
        raw_truncated=truncated,
        raw_sha256=full_sha256 if truncated else None,
    )


def _parse_date(value: str, warnings: list[str]) -> dt.datetime | None:
    value = decode_header(value).strip()[:200]
    try:
        d = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if d is None:
        return None
    if d.tzinfo is None:
        warnings.append("date without time zone taken as UTC")
        d = d.replace(tzinfo=dt.UTC)
    return d


def _count_defects(msg: Message) -> int:
    n = 0
    for i, part in enumerate(msg.walk()):
        n += len(getattr(part, "defects", []))
        if i > MAX_PARTS:
            break
    return n


def _bodies(msg: Message, warnings: list[str], budget: _Budget) -> tuple[str, str | None, list[str]]:
    plains: list[str] = []
    htmls: list[str] = []
    atts: list[str] = []
    for i, part in enumerate(msg.walk()):
        if i > MAX_PARTS:
            warnings.append(f"more than {MAX_PARTS} MIME parts; the rest were skipped")
            break
        budget.check()
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disp = part.get_content_disposition()
        try:
            # get_filename reads a "filename" or "name" parameter (RFC 2231 forms included): none without "name"
            filename = part.get_filename() if "name" in _param_text(part) else None
        except Exception:  # noqa: BLE001
            filename = None
        payload = part.get_payload()
        size = len(payload) if isinstance(payload, str | bytes) else 0
        if ctype.startswith("multipart/") and isinstance(payload, str):
            ctype = "text/plain"  # a multipart without a usable boundary: its text is still worth keeping
            warnings.append("multipart without a usable boundary read as plain text")
        if disp == "attachment" or filename or ctype not in ("text/plain", "text/html"):
            if ctype.startswith("multipart/") or ctype == "message/rfc822":
                continue
            atts.append(f"{decode_header(filename) if filename else '-'} ({ctype}, {size:,} bytes encoded)")
            continue
        if size > MAX_RAW:
            atts.append(f"- ({ctype} body, {size:,} bytes encoded, not decoded)")
            warnings.append(f"a {ctype} body over {MAX_RAW // (1024 * 1024)} MB was not decoded")
            continue
        data = _payload_bytes(part, payload, warnings)
        charset = part.get_param("charset")
        if isinstance(charset, tuple):
            charset = email.utils.collapse_rfc2231_value(charset)
        dec = decode_bytes(data, str(charset) if charset else None)
        warnings.extend(dec.warnings)
        (htmls if ctype == "text/html" else plains).append(dec.text)
    html = "\n".join(htmls) if htmls else None
    if plains:
        text = "\n".join(plains)
    elif html:
        text = html_to_text(html)
    else:
        text = ""
    return text, html, atts


def _param_text(part: Message) -> str:
    """The Content-Disposition and Content-Type values ``get_param`` reads (the first of each), lower-cased."""
    return f"{part.get('content-disposition', '')} {part.get('content-type', '')}".lower()


def _payload_bytes(part: Message, payload: Any, warnings: list[str]) -> bytes:
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64" and isinstance(payload, str):
        raw = payload.encode("ascii", "replace")
        try:
            return base64.b64decode(raw, validate=False) if not _BAD_B64.search(raw) else _lenient_b64(raw, warnings)
        except binascii.Error:
            return _lenient_b64(raw, warnings)
    if isinstance(payload, str) and not part.is_multipart() and part.get_content_maintype() == "multipart":
        return payload.encode("utf-8", "surrogateescape")
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        data = str(payload).encode("utf-8", "surrogateescape")
    return data


_BAD_B64 = re.compile(rb"[^A-Za-z0-9+/=\s]")


def _lenient_b64(raw: bytes, warnings: list[str]) -> bytes:
    """Decode damaged base64 line by line, keeping every line that still decodes (P18)."""
    warnings.append("invalid base64 body repaired; damaged lines may be garbled")
    out = bytearray()
    for line in raw.splitlines():
        clean = re.sub(rb"[^A-Za-z0-9+/]", b"", line)
        if len(clean) % 4 == 1:
            clean = clean[:-1]
        try:
            out += base64.b64decode(clean + b"=" * (-len(clean) % 4))
        except binascii.Error:
            continue
    return bytes(out)


_CONTROL_CHARS = {c: None for c in range(32) if c not in (9, 10, 13)}
_BLOCK_TAGS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr"}


def html_to_text(html: str) -> str:
    """Plain text from HTML with lxml (no network, no scripts): block elements become line breaks."""
    import lxml.html
    from lxml import etree

    html = html.translate(_CONTROL_CHARS)  # libxml2 refuses NUL and C0 controls
    try:
        # The text is decoded already (by the MIME charset): lxml must not decode its bytes again by the page's own
        # <meta charset="GBK">, which turned every HTML-only GBK or GB2312 mail into mojibake
        doc = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"),
                                            parser=lxml.html.HTMLParser(encoding="utf-8"))
        for bad in doc.xpath("//script|//style|//head"):
            bad.drop_tree()
        for el in doc.iter():
            if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
        text = str(doc.text_content())
    except (etree.ParserError, ValueError, etree.XMLSyntaxError, UnicodeError):
        text = re.sub(r"<[^<>]*>", " ", html)  # stops at the next "<": linear on unclosed runs
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_capped(fh: BinaryIO) -> tuple[bytes, int, str | None, bool]:
    """Read a message file: all of it when under ``MAX_RAW``, else its head plus a streamed SHA-256.

    :return: (bytes, full size, sha256 of the whole when truncated else None, truncated)
    """
    # read(n) allocates n bytes before reading: ask for what the file holds (plus one, to see it grow), not for
    # MAX_RAW + 1 (a 25 MB allocation per message cost 30 µs a Maildir file).
    try:
        expect = min(os.fstat(fh.fileno()).st_size, MAX_RAW)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        expect = MAX_RAW
    head = fh.read(expect + 1)
    if len(head) > expect:  # grew since, or no size known (a pipe): read on up to the cap
        head += fh.read(MAX_RAW + 1 - len(head))
    if len(head) <= MAX_RAW:
        return head, len(head), None, False
    h = hashlib.sha256(head)
    size = len(head)
    while chunk := fh.read(1 << 20):
        h.update(chunk)
        size += len(chunk)
    return head[:HEAD_KEEP], size, h.hexdigest(), True


def parse_mail_file(path: Path, item: str | None = None) -> RawMessage | Rejected:
    """Parse one message file (.eml or Maildir entry)."""
    name = item or path.name
    try:
        with open(path, "rb") as fh:
            data, size, sha, truncated = read_capped(fh)
    except OSError as exc:
        return Rejected(str(path), name, f"cannot read: {exc.strerror or exc}")
    return parse_mail(data, source=str(path), item=name, full_size=size, full_sha256=sha, truncated=truncated)


# -- parallel parsing -------------------------------------------------------------------------------
# A job is ("file", path, item) or ("raw", bytes, source, item, full_size, full_sha256, truncated).
ParseJob = tuple[Any, ...]
CHUNK_JOBS = 32
CHUNK_BYTES = 2 * 1024 * 1024
INFLIGHT_CHUNKS = 24  # per helper
INFLIGHT_BYTES = 8 * 1024 * 1024
SMALL_SOURCE = 300  # below this many messages a worker process costs more than it saves


def parse_job(job: ParseJob) -> RawMessage | Rejected:
    if job[0] == "file":
        return parse_mail_file(Path(job[1]), item=job[2])
    _, raw, source, item, size, sha, truncated = job
    return parse_mail(raw, source=source, item=item, full_size=size, full_sha256=sha, truncated=truncated)


def _parse_chunk(jobs: list[ParseJob]) -> list[RawMessage | Rejected]:
    return [parse_job(j) for j in jobs]


def default_workers() -> int:
    """Parse processes to use beside the writer: one per spare core, at most 2."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def _job_bytes(job: ParseJob) -> int:
    """The original's size: what a job costs in memory while in flight (a file's from its size on disk)."""
    if job[0] == "file":
        try:
            return min(os.stat(job[1]).st_size, MAX_RAW)
        except OSError:
            return 0
    return len(job[1])


def parse_jobs(jobs: Iterator[ParseJob], workers: int = 0) -> Iterator[RawMessage | Rejected]:
    """Parse jobs in order, in ``workers`` spawned processes when > 0 (the writer keeps the main process busy).

    Chunks of at most ``CHUNK_JOBS`` jobs or ``CHUNK_BYTES`` of originals go to the helpers, and at most
    ``INFLIGHT_CHUNKS`` per helper or ``INFLIGHT_BYTES`` of originals are in flight, so memory stays bounded however
    long the source is (a plain ``Pool.imap`` would read the whole source ahead). The bound is about two of
    the writer's batches (4 MB of mail): with less, the helper stopped while the writer wrote a batch and the writer
    then waited for the next one (a third of the time of an import without classification). Processes are spawned,
    never forked: the caller may hold SQLCipher connections and Qt threads.
    """
    if workers <= 0:
        for j in jobs:
            yield parse_job(j)
        return
    from collections import deque

    from privatrack.core.importers.procs import spawn_pool

    it = iter(jobs)
    pool = spawn_pool(workers)
    if pool is None:
        for j in it:
            yield parse_job(j)
        return
    with pool:
        pending: deque[tuple[list[ParseJob], int, Any]] = deque()
        inflight = 0

        def submit() -> bool:
            nonlocal inflight
            chunk: list[ParseJob] = []
            size = 0
            for job in it:
                chunk.append(job)
                size += _job_bytes(job)
                if len(chunk) >= CHUNK_JOBS or size >= CHUNK_BYTES:
                    break
            if chunk:
                pending.append((chunk, size, pool.apply_async(_parse_chunk, (chunk,))))
                inflight += size
            return bool(chunk)

        def fill() -> None:
            while (not pending or (len(pending) < INFLIGHT_CHUNKS * workers and inflight < INFLIGHT_BYTES)) \
                    and submit():
                pass

        fill()
        while pending:
            chunk, size, res = pending.popleft()
            inflight -= size
            try:
                out = res.get()
            except Exception:  # noqa: BLE001 - the helper failed or died (HelperDied): parse the chunk here
                out = _parse_chunk(chunk)
            fill()
            yield from out


__all__ = ["MAX_RAW", "html_to_text", "parse_mail", "parse_jobs", "parse_mail_file", "read_capped"]
