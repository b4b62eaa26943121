"""Charset helpers for mail and SMS: an alias table, a decode fallback chain and RFC 2047 header decoding (P19).

``decode_bytes`` never raises: declared charset (through ``CHARSET_ALIASES``) → UTF-8 → detection with
charset-normalizer (its confidence is returned as a warning) → latin-1.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass, field

# Declared labels that lie in practice: the WHATWG encoding standard decodes gb2312/gbk as gb18030 (a strict
# superset), and Big5 mail from Hong Kong / Taiwan uses HKSCS or Microsoft cp950 characters.
CHARSET_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "euccn": "gb18030",
    "x-euc-cn": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "chinese": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-8-e": "iso-8859-8",
    "uft-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "unicode-1-1-utf-7": "utf-7",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "x-unknown": "",
    "unknown-8bit": "",
    "unknown": "",
    "x-user-defined": "",
    "default": "",
}
# When a strict decode with the resolved codec fails, these are tried before detection.
_SECOND_CHANCE: dict[str, tuple[str, ...]] = {
    "big5hkscs": ("cp950",),
    "cp1252": ("latin-1",),
    "utf-8": ("gb18030",),
}
DETECT_LIMIT = 64 * 1024  # charset detection looks at this many bytes; it is slow on megabytes


@dataclass
class Decoded:
    text: str
    charset: str  # the codec actually used
    warnings: list[str] = field(default_factory=list)


def resolve_charset(label: str | None) -> str | None:
    """:return: a Python codec name for a declared charset label, or ``None`` when unknown or empty."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if not name:
        return None
    name = CHARSET_ALIASES.get(name, name)
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # Python's own table maps a few labels to codecs with smaller repertoires; apply the aliases on the result too.
    canonical = CHARSET_ALIASES.get(info.name, info.name)
    return canonical or None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(data: bytes) -> tuple[str | None, float]:
    """Guess the charset of ``data`` with charset-normalizer. :return: (codec or None, confidence 0..1)."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:DETECT_LIMIT]).best()
    except Exception:  # noqa: BLE001 - detection is a best effort, never a failure
        return None, 0.0
    if best is None:
        return None, 0.0
    confidence = max(0.0, 1.0 - float(best.chaos))
    return resolve_charset(best.encoding) or best.encoding, confidence


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` through the fallback chain; never raises.

    :param data: the raw bytes (already transfer-decoded).
    :param declared: the charset label the sender declared, if any.
    """
    warnings: list[str] = []
    codec = resolve_charset(declared)
    if declared and codec is None:
        warnings.append(f"unknown charset {declared!r}")
    if codec:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec, warnings)
        for alt in _SECOND_CHANCE.get(codec, ()):
            text = _strict(data, alt)
            if text is not None:
                warnings.append(f"declared charset {declared!r} did not fit; decoded as {alt}")
                return Decoded(text, alt, warnings)
        # A few damaged bytes in a declared charset: keep the declaration rather than guess a new one.
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if bad and bad <= max(3, len(text) // 100):
            warnings.append(f"{bad} byte sequence(s) invalid in {codec} replaced")
            return Decoded(text, codec, warnings)
    if not data.isascii():
        text = _strict(data, "utf-8")
        if text is not None:
            if declared:
                warnings.append(f"declared charset {declared!r} did not fit; decoded as utf-8")
            return Decoded(text, "utf-8", warnings)
    else:
        return Decoded(data.decode("ascii"), codec or "ascii", warnings)
    guess, confidence = detect(data)
    if guess:
        text = _strict(data, guess)
        if text is None:
            try:
                text = data.decode(guess, errors="replace")
            except LookupError:
                text = None
        if text is not None:
            warnings.append(f"charset detected as {guess} (confidence {confidence:.2f})")
            return Decoded(text, guess, warnings)
    if codec:
        warnings.append(f"bytes invalid in {codec}; undecodable bytes replaced")
        return Decoded(data.decode(codec, errors="replace"), codec, warnings)
    warnings.append("charset unknown; decoded as latin-1")
    return Decoded(data.decode("latin-1"), "latin-1", warnings)


# -- RFC 2047 ----------------------------------------------------------------------------------------
_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([qQbB])\?([^?\s]*)\?=")


def _decode_word(enc: str, payload: str) -> bytes:
    if enc in "bB":
        data = re.sub(rb"[^A-Za-z0-9+/]", b"", payload.encode("ascii", "replace"))
        if len(data) % 4 == 1:  # a stray character: drop it rather than lose the word
            data = data[:-1]
        return base64.b64decode(data + b"=" * (-len(data) % 4))
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=False)


def decode_header(value: str | bytes | None) -> str:
    """Decode an RFC 2047 header value; adjacent encoded-words in the same charset are joined *before* decoding.

    That join repairs a multi-byte character split across two encoded-words (K-9 #2499). Raw 8-bit header bytes
    (surrogate-escaped by the ``email`` parser) are decoded through ``decode_bytes``.
    """
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", "surrogateescape")
    value = str(value)
    if "=?" not in value:
        return _unescape_8bit(_unfold(value))
    out: list[str] = []
    pending: bytearray = bytearray()
    pending_cs: str | None = None
    pos = 0

    def flush() -> None:
        nonlocal pending, pending_cs
        if pending_cs is not None:
            out.append(decode_bytes(bytes(pending), pending_cs).text)
        pending, pending_cs = bytearray(), None

    for m in _ENCODED_WORD.finditer(value):
        between = value[pos : m.start()]
        # Whitespace between two encoded-words is not part of the text (RFC 2047 §6.2).
        if between and not (pending_cs is not None and between.strip() == ""):
            flush()
            out.append(_unescape_8bit(_unfold(between)))
        cs = m.group(1).lower()
        try:
            data = _decode_word(m.group(2), m.group(3))
        except (binascii.Error, ValueError):
            data = m.group(0).encode("ascii", "replace")
        if pending_cs is not None and cs != pending_cs:
            flush()
        pending_cs = cs
        pending += data
        pos = m.end()
    flush()
    if pos < len(value):
        out.append(_unescape_8bit(_unfold(value[pos:])))
    return "".join(out)


def _unfold(text: str) -> str:
    return re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", "")


def _unescape_8bit(text: str) -> str:
    """Undo the parser's surrogateescape on raw 8-bit header bytes (undeclared UTF-8 or GBK)."""
    if text.isascii():
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text
    return decode_bytes(raw).text
