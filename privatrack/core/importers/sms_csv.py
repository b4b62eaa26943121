"""SMS exported as CSV: the columns are found from the header row (English and Chinese names), see docs/formats.md.

Layouts recognised out of the box: SMS Backup & Restore-like (``address,date,type,body,…`` with epoch ms),
``address,date,body``, and Chinese exports (``号码,时间,内容`` with ``类型`` 接收/发送). A file with no header row
and three columns is read as ``address,date,body``; with one or two, as ``[label,]text`` (the layout of labelled SMS
lists such as the SMS Spam Collection: ``ham<TAB>text``). The encoding is sniffed (UTF-8 with or without BOM, else
GB18030, else detection); the delimiter is one of ``, ; TAB |``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from privatrack.core.decode import detect
from privatrack.core.importers.base import Importer, Item, sniff
from privatrack.core.importers.mail import MAX_RAW
from privatrack.core.importers.sms_xml import SMS_OUT_TYPES, _norm_addr, sms_dedupe_key
from privatrack.core.models import RawMessage, Rejected

# Header names (case-folded, spaces/underscores/hyphens removed) → field.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "address": ("address", "number", "phone", "phonenumber", "from", "sender", "tel", "mobile", "contactnumber",
                "号码", "手机号", "手机号码", "电话", "电话号码", "发送方", "发件人", "发信人", "对方号码",
                "联系人号码", "发送号码"),
    "date": ("date", "time", "timestamp", "datetime", "received", "sent", "receivedat", "sentat", "时间", "日期",
             "日期时间", "发送时间", "接收时间", "收到时间", "短信时间"),
    "readable_date": ("readabledate",),
    "body": ("body", "text", "message", "content", "msg", "sms", "messagetext", "内容", "短信内容", "信息内容",
             "正文", "消息内容", "短信"),
    "type": ("type", "direction", "folder", "box", "msgbox", "类型", "方向", "收发", "收发类型", "短信类型"),
    "name": ("contactname", "name", "contact", "联系人", "姓名", "联系人姓名"),
    "sub_id": ("subid", "sim", "simslot", "卡槽"),
    # labelled SMS lists (``LABEL,TEXT,...``): the label is kept in the original, never read as a field
    "label": ("label", "class", "category", "标签", "类别"),
}
IN_VALUES = {"1", "in", "inbox", "incoming", "received", "receive", "recv", "接收", "收到", "收件箱", "已接收", "收信"}
OUT_VALUES = {"2", "3", "4", "5", "6", "out", "outbox", "outgoing", "sent", "send", "draft", "failed", "queued",
              "发送", "已发送", "发件箱", "草稿", "发信"}
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%d %b %Y %H:%M:%S",
    "%b %d, %Y %I:%M:%S %p",
)


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.strip().strip("\ufeff").casefold())


_LOOKUP = {name: field for field, names in COLUMN_NAMES.items() for name in names}


def map_columns(header: list[str]) -> dict[str, int] | None:
    """:return: field → column index when ``header`` is a header row naming a body column and an address, date or
    label column, else None."""
    found: dict[str, int] = {}
    for i, col in enumerate(header):
        f = _LOOKUP.get(_key(col))
        if f and f not in found:
            found[f] = i
    if "body" in found and ("address" in found or "date" in found or "label" in found):
        return found
    return None


def parse_csv_date(value: str) -> tuple[dt.datetime | None, bool]:
    """:return: (aware datetime, whether the zone was assumed local)."""
    v = value.strip()
    if not v or v == "null":
        return None, False
    if re.fullmatch(r"\d{9,14}", v):
        n = int(v)
        secs = n / 1000 if n > 10**11 else n
        try:
            return dt.datetime.fromtimestamp(secs, dt.UTC), False
        except (OverflowError, OSError, ValueError):
            return None, False
    try:
        d = dt.datetime.fromisoformat(v.replace("/", "-").replace("Z", "+00:00"))
    except ValueError:
        d = None
        for fmt in _DATE_FORMATS:
            try:
                d = dt.datetime.strptime(v, fmt)
                break
            except ValueError:
                continue
    if d is None:
        return None, False
    if d.tzinfo is None:
        return d.astimezone(), True  # the exporter wrote local time without a zone
    return d, False


def sniff_encoding(head: bytes) -> tuple[str, str | None]:
    """:return: (codec, warning) for a CSV file from its first bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        dec.decode(head, final=False)
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030", "CSV is not UTF-8; read as GB18030"
    except UnicodeDecodeError:
        pass
    guess, conf = detect(head)
    if guess:
        return guess, f"CSV charset detected as {guess} (confidence {conf:.2f})"
    return "latin-1", "CSV charset unknown; read as latin-1"


class SmsCsvImporter(Importer):
    name = "sms-csv"
    label = "SMS CSV export"
    extensions = (".csv", ".tsv")

    @classmethod
    def can_import(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        head = sniff(path, 4096)
        if path.suffix.lower() in cls.extensions:
            return True
        enc, _ = sniff_encoding(head)
        lines = head.decode(enc, "replace").splitlines()
        if not lines:
            return False
        for delim in (",", ";", "\t", "|"):
            if map_columns(next(csv.reader([lines[0]], delimiter=delim))):
                return True
        # A labelled SMS list without a header: every line "label<TAB>text". The sniff may cut the last line; a
        # file it read whole may hold a single message.
        whole = len(head) < 4096
        full = lines if whole or len(lines) == 1 else lines[:-1]
        if len(full) < (1 if whole else 2):
            return False
        return all(_LABELLED_LINE.match(ln) for ln in full) or all(_LABELLED_CSV_LINE.match(ln) for ln in full)

    @classmethod
    def iter_items(cls, path: Path, *, workers: int = 0) -> Iterator[Item]:
        source = str(path)
        try:
            head = sniff(path, 64 * 1024)
            enc, enc_warning = sniff_encoding(head)
            fh = open(path, encoding=enc, errors="replace", newline="")
        except OSError as exc:
            yield Rejected(source, "-", f"cannot open: {exc.strerror or exc}")
            return
        with fh:
            yield from _rows(fh, source, head.decode(enc, "replace"), enc_warning)


_LABELLED_LINE = re.compile(r"[\w-]{1,12}\t[^\t]+\Z")
# "1,text" / "spam,text" (the Chinese 80w list): only the labels such lists use, so a notes file is not taken for one
_LABELLED_CSV_LINE = re.compile(r"(?:0|1|ham|spam|smishing),.+\Z", re.I)
_SHORT_LABEL = re.compile(r"[\w-]{1,12}\Z")
_FLAGS = frozenset({"yes", "no", "true", "false", "y", "n"})


def _headerless(row: list[str]) -> dict[str, int] | None:
    """Columns of a file without a header row, from its first row: three are ``address,date,body``; one or two
    are ``[label,]text`` (a label is one short word: ``ham``, ``spam``, ``1``)."""
    if len(row) == 3:
        return {"address": 0, "date": 1, "body": 2}
    if len(row) == 1:
        return {"body": 0}
    if len(row) == 2 and _SHORT_LABEL.match(row[0].strip()):
        return {"label": 0, "body": 1}
    return None


def _rows(fh: io.TextIOBase, source: str, head_text: str, enc_warning: str | None) -> Iterator[Item]:
    first_line = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    delim = max((",", ";", "\t", "|"), key=lambda d: first_line.count(d))
    if _LABELLED_LINE.match(first_line):
        delim = "\t"  # "ham<TAB>Hi, how are you": the text's commas are not columns
    elif _LABELLED_CSV_LINE.match(first_line.lstrip("\ufeff")):
        delim = ","  # "1,text;more": the label's comma, whatever the text holds
    csv.field_size_limit(MAX_RAW)
    # Tab-separated lists are rarely quoted, and their texts hold stray quotes ('"Hey" said...'): read them as is.
    if delim == "\t" and not first_line.lstrip("\ufeff").startswith('"'):
        reader = csv.reader(fh, delimiter=delim, quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(fh, delimiter=delim)
    cols: dict[str, int] | None = None
    header: list[str] = []
    line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line += 1
            yield Rejected(source, f"row {reader.line_num}", f"bad CSV row ({exc})")
            continue
        line += 1
        if cols is None:
            cols = map_columns(row)
            if cols is not None:
                header = row
                continue
            cols = _headerless(row)
            if cols is not None:
                header = sorted(cols, key=cols.__getitem__)
            else:
                yield Rejected(source, "row 1", "no header row with a message/body column was recognised "
                               "(see docs/formats.md for the column names); nothing was read")
                return
        if not any(c.strip() for c in row):
            continue
        try:
            yield _row(row, cols, header, source, reader.line_num, enc_warning if line <= 2 else None, delim)
        except Exception as exc:  # noqa: BLE001 - one bad row never aborts the file
            yield Rejected(source, f"row {reader.line_num}", f"unreadable row ({type(exc).__name__}: {exc})")


def _get(row: list[str], cols: dict[str, int], f: str) -> str | None:
    i = cols.get(f)
    if i is None or i >= len(row):
        return None
    return row[i]


def _row(row: list[str], cols: dict[str, int], header: list[str], source: str, line: int,
         enc_warning: str | None, delim: str = ",") -> RawMessage:
    warnings = [enc_warning] if enc_warning else []
    body = _get(row, cols, "body") or ""
    if cols.get("label") == 0 and cols.get("body") == 1 and len(header) == 2 and len(row) > 2:
        body = delim.join(row[1:])  # an unquoted text holding the delimiter: the rest of the line is the text
    address = _get(row, cols, "address")
    # A "PHONE" column of Yes/No flags (whether the text holds a number, as in Mishra & Soni's list) is no sender.
    address = None if address is not None and address.strip().casefold() in _FLAGS else _norm_addr(address)
    tval = (_get(row, cols, "type") or "").strip().casefold()
    direction = "out" if tval in OUT_VALUES or tval in SMS_OUT_TYPES else "in"
    if tval and tval not in IN_VALUES and tval not in OUT_VALUES:
        warnings.append(f"unknown message type {tval!r}; taken as received")
    raw_date = _get(row, cols, "date") or ""
    date, local = parse_csv_date(raw_date)
    if date is None and (rd := _get(row, cols, "readable_date")):
        date, local = parse_csv_date(rd)
    if date is None:
        warnings.append(f"no usable date in {raw_date!r}")
    elif local:
        warnings.append("date without time zone taken as local time")
    raw = json.dumps(dict(zip(header, row, strict=False)), ensure_ascii=False).encode("utf-8", "surrogatepass")
    date_key = str(int(date.timestamp() * 1000)) if date else raw_date
    return RawMessage(
        channel="sms",
        source=source,
        item=f"row {line}",
        raw=raw,
        sender=address if direction == "in" else None,
        sender_name=(_get(row, cols, "name") or None) if direction == "in" else None,
        recipients=[address] if direction == "out" and address else [],
        date=date,
        body_text=body,
        direction=direction,
        dedupe_key=sms_dedupe_key(date_key, address, direction, body),
        warnings=warnings,
    )
