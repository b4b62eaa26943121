"""Android "SMS Backup & Restore" XML: ``<sms>`` and the text parts of ``<mms>``, streamed (P16, P17).

Before lxml sees a byte: a DOCTYPE (and so any entity declaration or external DTD) is refused with the
defusedxml exception for it; surrogate-pair character references (``&#55357;&#56841;``) are repaired into the
real character and a lone surrogate becomes U+FFFD with a warning. lxml then runs with ``resolve_entities=False``,
``load_dtd=False`` and ``no_network=True`` as a second line. A truncated backup yields everything before the
damage, then a ``Rejected``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from lxml import etree

from privatrack.core.errors import InvalidInput
from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.importers.mail import MAX_RAW
from privatrack.core.models import RawMessage, Rejected
from privatrack.core.normalize import normalize_sms_sender

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # goes to the app's log when it has one, never straight to a CLI's stderr
CHUNK = 1 << 20
_expat_checked = False
PROLOG_LIMIT = 1 << 20  # the root element must start within this many bytes
SMS_OUT_TYPES = {"2", "3", "4", "5", "6"}  # sent, draft, outbox, failed, queued
MMS_OUT_BOXES = {"2", "3", "4"}
ADDR_FROM, ADDR_TO, ADDR_CC = "137", "151", "130"

# Character references lxml would reject: UTF-16 surrogates and C0 controls (not tab/LF/CR).
_REF = (
    rb"&#(?:(5[5-7]\d{3}|[0-8]|1[124-9]|2\d|3[01])"
    rb"|[xX]0*([dD][89a-fA-F][0-9a-fA-F]{2}|[0-8bBcCeEfF]|1[0-9a-fA-F]));"
)
_BAD_REF = re.compile(_REF)
_CTRL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DECL_ENCODING = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._-]+)\2")


def check_expat(minimum: tuple[int, int, int] = (2, 7, 2)) -> bool:
    """P16 start-up check: expat below 2.7.2 has known entity-expansion bugs. SMS backups are parsed with lxml
    behind a DOCTYPE refusal, but other XML in the process may use expat, so an old one is logged.

    :return: whether the linked expat is recent enough.
    """
    import pyexpat

    ok = tuple(pyexpat.version_info) >= minimum
    if not ok:
        log.warning(
            "expat %s is older than %s; XML is only parsed behind a DOCTYPE refusal", pyexpat.EXPAT_VERSION,
            ".".join(map(str, minimum)))
    return ok



class XmlRefused(DefusedXmlException):  # type: ignore[misc]
    """The backup was refused before parsing (bomb, external entity, DTD, not XML)."""


def _value(m: re.Match[bytes]) -> int:
    dec, hexa = m.group(1), m.group(2)
    return int(dec) if dec is not None else int(hexa, 16)


class RepairingReader(io.RawIOBase):
    """A byte stream over the backup that repairs bad character references on the fly, chunk by chunk."""

    def __init__(self, fh: BinaryIO, head: bytes) -> None:
        super().__init__()
        self.fh = fh
        self.pending = head  # not yet repaired
        self.out = b""
        self.eof = False
        self.lone_surrogates = 0
        self.bad_refs = 0

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        while not self.out and not (self.eof and not self.pending):
            if not self.eof:
                chunk = self.fh.read(CHUNK)
                if chunk:
                    self.pending += chunk
                else:
                    self.eof = True
            data = self.pending
            carry = b""
            if not self.eof:
                # Keep a possibly cut reference (and a surrogate half before it) for the next round.
                idx = data.rfind(b"&", max(0, len(data) - 16))
                while idx > 0:
                    prev = data.rfind(b"&", max(0, idx - 12), idx)
                    if prev >= 0 and _BAD_REF.fullmatch(data, prev, idx):
                        idx = prev
                    else:
                        break
                if idx >= 0:
                    data, carry = data[:idx], data[idx:]
            self.pending = carry
            self.out = self._repair(data)

    def _repair(self, data: bytes) -> bytes:
        if b"&#" in data and _BAD_REF.search(data):
            pieces: list[bytes] = []
            pos = 0
            matches = list(_BAD_REF.finditer(data))
            i = 0
            while i < len(matches):
                m = matches[i]
                pieces.append(data[pos : m.start()])
                v = _value(m)
                nxt = matches[i + 1] if i + 1 < len(matches) else None
                pair = nxt is not None and nxt.start() == m.end() and 0xDC00 <= _value(nxt) <= 0xDFFF
                if 0xD800 <= v <= 0xDBFF and pair and nxt is not None:
                    cp = 0x10000 + ((v - 0xD800) << 10) + (_value(nxt) - 0xDC00)
                    pieces.append(b"&#%d;" % cp)
                    pos = nxt.end()
                    i += 2
                    continue
                if 0xD800 <= v <= 0xDFFF:
                    self.lone_surrogates += 1
                    pieces.append(b"&#65533;")
                elif 55000 <= v < 0xD800 or 0xDFFF < v < 58000:
                    pieces.append(m.group(0))  # matched by the cheap pattern but a valid character
                else:
                    self.bad_refs += 1
                    pieces.append(b"&#65533;")
                pos = m.end()
                i += 1
            pieces.append(data[pos:])
            data = b"".join(pieces)
        return data.translate(None, _CTRL_BYTES)

    def readinto(self, b: Any) -> int:
        self._fill()
        n = min(len(b), len(self.out))
        b[:n] = self.out[:n]
        self.out = self.out[n:]
        return n

    def read(self, size: int = -1) -> bytes:
        self._fill()
        if size is None or size < 0 or size >= len(self.out):
            out, self.out = self.out, b""
        else:
            out, self.out = self.out[:size], self.out[size:]
        return out


# "\s+(?:%\s*)?", not "\s+%?\s*": splitting a run of blanks between the two was quadratic in its length
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+(?:%\s*)?([^\s>]+)", re.I)
_ENTITY_OPEN = re.compile(rb"<!ENTITY", re.I)
_EXTERNAL_ID = re.compile(rb"\s(SYSTEM|PUBLIC)\s", re.I)


def _external_entity(doctype: bytes) -> bool:
    r"""``re.search(rb"<!ENTITY[^>]*\s(SYSTEM|PUBLIC)\s", doctype, re.I)``, in linear time: that search rescanned to
    the next ">" from every "<!ENTITY" before it (a 200 KB head of them took 26 s), and a later one before the same ">"
    finds nothing the first did not."""
    pos = 0
    while m := _ENTITY_OPEN.search(doctype, pos):
        end = doctype.find(b">", m.end())
        end = len(doctype) if end < 0 else end
        if _EXTERNAL_ID.search(doctype, m.end(), end):
            return True
        pos = end
    return False


def check_prolog(head: bytes, source: str) -> None:
    """Refuse a DOCTYPE before the root element: entity bombs, external entities and DTD fetches all need one.

    :raises EntitiesForbidden | ExternalReferenceForbidden | DTDForbidden | XmlRefused:
    """
    root = _ROOT_START.search(head)
    # The whole head is searched, not only what precedes the first '<x': a comment such as '<!-- <a -->' must not
    # hide a DOCTYPE behind it. Message text never holds a raw '<!DOCTYPE' (it would be escaped as '&lt;').
    m = _DOCTYPE.search(head)
    if m is None:
        if root is None:
            raise XmlRefused(f"{source}: no XML root element in the first {len(head):,} bytes")
        return
    doctype = head[m.start() :]
    if b"<!ENTITY" in doctype.upper():
        ent = _ENTITY_NAME.search(doctype)
        name = ent.group(1).decode("ascii", "replace") if ent else "?"
        if _external_entity(doctype):
            raise ExternalReferenceForbidden(name, None, "external entity", None)
        raise EntitiesForbidden(name, None, None, None, None, None)
    if re.search(rb"\s(SYSTEM|PUBLIC)\s", doctype[:2048], re.I):
        raise DTDForbidden("doctype", "external DTD", None)
    raise DTDForbidden("doctype", None, None)


def _open_stream(path: Path) -> tuple[BinaryIO, bytes]:
    fh: BinaryIO = open(path, "rb")
    head = fh.read(64 * 1024)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 backups: transcode to UTF-8 so the byte-level repair works (rare; memory stays bounded).
        fh.seek(0)
        text = io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="")
        fh = _Utf8Encoder(text)  # type: ignore[assignment]
        head = fh.read(64 * 1024)
    while not _ROOT_START.search(head) and len(head) < PROLOG_LIMIT:
        more = fh.read(64 * 1024)
        if not more:
            break
        head += more
    m = _DECL_ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
    if m and m.group(3).lower() in (b"utf-16", b"utf-16le", b"utf-16be"):
        head = head.replace(m.group(0), m.group(1) + m.group(2) + b"UTF-8" + m.group(2), 1)
    return fh, head


class _Utf8Encoder:
    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text

    def read(self, n: int = -1) -> bytes:
        return self.text.read(n if n and n > 0 else CHUNK).encode("utf-8", "replace")

    def close(self) -> None:
        self.text.close()


def _contact(v: str | None) -> str | None:
    """The contact name, or ``None`` for the app's "(Unknown)" placeholder (FORMATS.md: not in contacts)."""
    v = _null(v)
    return None if v == "(Unknown)" else v


def _null(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip()
    return None if v == "" or v == "null" else v


def _norm_addr(v: str | None) -> str | None:
    return _norm_addr_cached(v) if v is not None else None


@functools.lru_cache(maxsize=65536)
def _norm_addr_cached(v: str | None) -> str | None:  # phonenumbers costs ~50 µs; backups repeat their numbers
    v = _null(v)
    if v is None:
        return None
    if "@" in v:
        return v.casefold()
    try:
        return normalize_sms_sender(v)
    except InvalidInput:
        return v


def _date(ms: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(ms or "") / 1000, dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def sms_dedupe_key(date_ms: str | int | None, address: str | None, direction: str, body: str) -> str:
    """The cross-backup identity of an SMS: (date, address, direction, body hash), as HPI does."""
    h = hashlib.sha256(f"{date_ms}|{address}|{direction}|{body}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"sms:{h[:40]}"


def _serialise(elem: Any) -> tuple[bytes, bool, str | None]:
    raw: bytes = etree.tostring(elem)
    if len(raw) <= MAX_RAW:
        return raw, False, None
    sha = hashlib.sha256(raw).hexdigest()
    for part in elem.iter("part"):
        if part.get("data"):
            part.set("data", f"[{len(part.get('data')):,} bytes of base64 not stored]")
    return etree.tostring(elem), True, sha


def _sms(elem: Any, source: str, index: int) -> RawMessage:
    a = elem.attrib
    direction = "out" if a.get("type") in SMS_OUT_TYPES else "in"
    address = _norm_addr(a.get("address"))
    body = a.get("body") or ""
    if body == "null":
        body = ""
    raw, truncated, sha = _serialise(elem)
    msg = RawMessage(
        channel="sms",
        source=source,
        item=f"#{index}",
        raw=raw,
        sender=address if direction == "in" else None,
        sender_name=_contact(a.get("contact_name")) if direction == "in" else None,
        recipients=[address] if direction == "out" and address else [],
        date=_date(a.get("date")),
        subject=_null(a.get("subject")),
        body_text=body,
        direction=direction,
        dedupe_key=sms_dedupe_key(a.get("date"), address, direction, body),
        raw_truncated=truncated,
        raw_sha256=sha,
    )
    sub_id = _null(a.get("sub_id"))
    if sub_id is not None:
        msg.headers["sub_id"] = sub_id
    return msg


def _mms(elem: Any, source: str, index: int) -> RawMessage:
    a = elem.attrib
    direction = "out" if a.get("msg_box") in MMS_OUT_BOXES else "in"
    texts = []
    attachments = []
    for part in elem.iter("part"):
        if part.get("seq") == "-1" or part.get("ct") == "application/smil":
            continue
        ct = (part.get("ct") or "").lower()
        if ct.startswith("text/plain") and _null(part.get("text")) is not None:
            texts.append(part.get("text"))
        else:
            attachments.append(f"{_null(part.get('name')) or _null(part.get('cl')) or '-'} ({ct or '?'})")
    sender = None
    to: list[str] = []
    for addr in elem.iter("addr"):
        value = _norm_addr(addr.get("address"))
        if value is None or value.casefold() == "insert-address-token":
            continue
        if addr.get("type") == ADDR_FROM:
            sender = sender or value
        elif addr.get("type") in (ADDR_TO, ADDR_CC) and value not in to:
            to.append(value)
    address = _null(a.get("address"))
    if sender is None and direction == "in" and address and "~" not in address:
        sender = _norm_addr(address)
    body = "\n".join(texts)
    raw, truncated, sha = _serialise(elem)
    msg = RawMessage(
        channel="sms",
        source=source,
        item=f"#{index}",
        raw=raw,
        sender=sender if direction == "in" else None,
        sender_name=_contact(a.get("contact_name")) if direction == "in" else None,
        recipients=to,
        date=_date(a.get("date")),
        subject=_null(a.get("sub")),
        body_text=body,
        direction=direction,
        message_id=_null(a.get("m_id")),
        dedupe_key=sms_dedupe_key(a.get("date"), address, direction, body),
        raw_truncated=truncated,
        raw_sha256=sha,
    )
    msg.headers["mms"] = "1"
    if attachments:
        msg.headers["X-Privatrack-Attachments"] = "; ".join(attachments)[:4096]
    return msg


class SmsXmlImporter(Importer):
    name = "sms-xml"
    label = "SMS Backup & Restore XML"
    extensions = (".xml",)

    @classmethod
    def can_import(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        head = sniff(path, 8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", "replace").encode("utf-8")
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return False
        if b"<smses" in head:
            return True
        # Any other .xml that is not a call log goes to this importer, which refuses DTDs with a clear reason.
        return path.suffix.lower() == ".xml" and (b"<sms " in head or (b"<!DOCTYPE" in head and b"<calls" not in head))

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        global _expat_checked
        if not _expat_checked:
            _expat_checked = True
            check_expat()
        source = str(path)
        try:
            fh, head = _open_stream(path)
        except OSError as exc:
            yield Rejected(source, "-", f"cannot open: {exc.strerror or exc}")
            return
        try:
            try:
                check_prolog(head, source)
            except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
                yield Rejected(source, "-", f"refused: the file declares a DTD or entities ({type(exc).__name__}); "
                               "SMS backups never do, so this is treated as an XML attack and nothing was read")
                return
            except XmlRefused as exc:
                yield Rejected(source, "-", f"not an SMS backup: {exc}")
                return
            yield from _parse(RepairingReader(fh, head), source)
        finally:
            fh.close()


def _parse(reader: RepairingReader, source: str) -> Iterator[Item]:
    parser = etree.iterparse(
        reader,
        events=("end",),
        tag=("sms", "mms"),
        huge_tree=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    index = 0
    lone_seen = 0
    try:
        for _event, elem in parser:
            index += 1
            try:
                msg = _sms(elem, source, index) if elem.tag == "sms" else _mms(elem, source, index)
                if reader.lone_surrogates > lone_seen and "\ufffd" in (msg.body_text + (msg.subject or "")):
                    lone_seen = reader.lone_surrogates
                    msg.warnings.append("a lone UTF-16 surrogate character reference was replaced by U+FFFD")
                yield msg
            except Exception as exc:  # noqa: BLE001 - one bad element never aborts the backup
                yield Rejected(source, f"#{index}", f"unreadable <{elem.tag}> ({type(exc).__name__}: {exc})")
            finally:
                elem.clear(keep_tail=True)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}" if getattr(exc, "lineno", None) else "the end"
        yield Rejected(
            source,
            f"after #{index}",
            f"the backup is truncated or damaged at {where} ({exc.msg if hasattr(exc, 'msg') else exc}); "
            f"the {index} message(s) before it were read",
        )
    except OSError as exc:
        yield Rejected(source, f"after #{index}", f"read error: {exc.strerror or exc}")
