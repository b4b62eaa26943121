"""A parsed message's rows for the vault: hashing, compression, recipient matching and classification.

What import helper processes run (``Preparer``, ``_init_worker``, ``_prepare_in_worker``): it imports neither the
storage layer (sqlite-utils, which loads numpy) nor the importers, so that a classify helper starts in ~0.18 s of
CPU instead of ~0.36-0.40 s. ``privatrack.core.importers.pipeline`` writes the rows.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from privatrack.core import normalize as norm
from privatrack.core.errors import InvalidInput
from privatrack.core.models import Classification, RawMessage, Rejected

if TYPE_CHECKING:
    from sqlite_utils import Database

_isal_compress: Callable[[bytes, int], bytes] | None
try:
    from isal.isal_zlib import compress as _isal_compress
except ImportError:  # an optional accelerator: the same zlib streams come from the standard library
    _isal_compress = None

ZLIB_LEVEL = 1  # evidence bytes compress ~3x already at level 1, at a third of the CPU of level 6
SMALL_RAW = 4096  # up to this size, zlib state sized to the original (see ``compress``)
TINY_RAW = 1024  # under this size, stored as level-0 zlib
CATEGORIES = ("marketing", "transactional", "personal", "fraud")
# json.dumps(..., ensure_ascii=False) builds an encoder per call; one shared encoder is several times cheaper.
_JSON = json.JSONEncoder(ensure_ascii=False)


def compress(raw: bytes) -> bytes:
    """A zlib stream of ``raw`` (``zlib.decompress`` reads every form below).

    ISA-L (``isal``) writes the same zlib format 3-6x faster than zlib at level 1, with the same or a better ratio
    (mail: ~180 -> ~40 us; measured in docs/formats.md); without it, zlib. zlib.compress sets up 256 KiB of state
    per call, five times the cost of compressing an SMS (65 us vs 10 us), so a small original gets state sized to
    it; one under 1 KiB is stored without deflating (level 0: ~1 us, for ~15% more bytes on a 300-byte SMS)."""
    if len(raw) < TINY_RAW:
        c = zlib.compressobj(0, zlib.DEFLATED, max(9, len(raw).bit_length()), 2)
        return c.compress(raw) + c.flush()
    if _isal_compress is not None:
        return _isal_compress(raw, ZLIB_LEVEL)
    if len(raw) > SMALL_RAW:
        return zlib.compress(raw, ZLIB_LEVEL)
    c = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, max(9, len(raw).bit_length()), 2)
    return c.compress(raw) + c.flush()



@dataclass
class RecipientMatcher:
    """Matches a message's candidate recipients against the household's details.

    Exact e-mail first, then the plus-alias base (``me+shop@x.com`` → ``me@x.com``), then catch-all domains
    (setting ``catchall_domains``, comma-separated: any address there is the user's). Numbers compare in E.164.
    """

    emails: dict[str, int] = field(default_factory=dict)
    phones: dict[str, int] = field(default_factory=dict)
    domain_detail: dict[str, int] = field(default_factory=dict)
    catchall: set[str] = field(default_factory=set)
    phone_tails: set[str] = field(default_factory=set)  # last 7 digits of each phone detail
    region: str = norm.DEFAULT_REGION

    @classmethod
    def load(cls, db: Database) -> RecipientMatcher:
        from privatrack.core import household as hh  # (the storage layer, which import helpers never load)

        m = cls(region=hh.default_region(db))
        for did, kind, value in db.execute("SELECT id, kind, value FROM details WHERE kind IN ('email','phone') "
                                           "ORDER BY base_id IS NOT NULL, id"):
            if kind == "email":
                m.emails.setdefault(value, did)
                m.domain_detail.setdefault(value.rpartition("@")[2], did)
            else:
                m.phones.setdefault(value, did)
                m.phone_tails.add(_NOT_DIGIT.sub("", value)[-7:])
        raw = hh.get_setting(db, "catchall_domains") or ""
        for d in raw.split(","):
            d = d.strip().casefold().lstrip("@")
            if d:
                m.catchall.add(d)
        return m

    def match_one(self, candidate: str) -> int | None:
        c = candidate.strip().casefold()
        if "@" in c:
            if c in self.emails:
                return self.emails[c]
            base = norm.email_base(c)
            if base and base in self.emails:
                return self.emails[base]
            domain = c.rpartition("@")[2]
            if domain in self.catchall:
                return self.domain_detail.get(domain)
            return None
        if c in self.phones:
            return self.phones[c]
        if not self.phones:
            return None
        if _PLAIN_NUMBER.fullmatch(c):
            # A plain number can only be one of ours if it ends in the same 7 digits: skip the parse (slow) for
            # the other party of every SMS, which is almost never the household's.
            digits = _NOT_DIGIT.sub("", c)
            if len(digits) >= 7 and digits[-7:] not in self.phone_tails:
                return None
        phone = _phone(c, self.region)
        return self.phones.get(phone) if phone else None

    def match(self, candidates: Iterable[str]) -> tuple[int | None, str | None]:
        """:return: (detail id, receiving address) for the first candidate that is one of the household's."""
        first = None
        for c in candidates:
            if not c:
                continue
            first = first or c
            did = self.match_one(c)
            if did is not None:
                return did, c
        return None, first




_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_NUMBER = re.compile(r"[0-9 \t+().-]+")  # digits and punctuation only: no letters (vanity), no extension
_NOT_DIGIT = re.compile(r"[^0-9]")


@functools.lru_cache(maxsize=65536)
def _phone(value: str, region: str) -> str | None:
    try:
        return norm.normalize_phone(value, region)
    except InvalidInput:
        return None


def _clean(text: str | None) -> str | None:
    """SQLite stores UTF-8: lone surrogates (from undecodable bytes) become U+FFFD instead of failing the batch."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def dedupe_key(msg: RawMessage, sha: str) -> str:
    """The importer's key, else Message-ID + date + sender for mail, else ``sha:<SHA-256 of the original>``.

    The same mail from an mbox, a Maildir and IMAP shares all three; spam that reuses a Message-ID (it happens,
    see the phishing corpora) does not, and both stay as evidence.
    """
    if msg.dedupe_key:
        return msg.dedupe_key
    if msg.message_id and msg.channel == "email":
        when = int(msg.date.timestamp()) if msg.date else ""
        return f"mid:{msg.message_id}|{when}|{msg.sender or ''}"
    return f"sha:{sha}"


def _key_of(m: RawMessage) -> str:
    """``dedupe_key`` hashing the original only when the key needs it (and once: ``rows`` reuses the hash)."""
    if m.dedupe_key or (m.message_id and m.channel == "email"):
        return dedupe_key(m, "")
    if not m.raw_sha256:
        m.raw_sha256 = hashlib.sha256(m.raw).hexdigest()
    return dedupe_key(m, m.raw_sha256)




# source, item, warnings, raw row, message row, dedupe key, built-in merchant name still to resolve in the vault
Prepared = tuple[str, str, list[str], tuple[Any, ...], tuple[Any, ...], str, str | None]
_MSG_MERCHANT = 19  # index of merchant_id in the message row


@dataclass
class Preparer:
    """Turns a ``RawMessage`` into its two rows: hashing, compression, recipient matching and classification.

    Pure data plus the classifier, so it can run in worker processes while the main process writes.
    """

    matcher: RecipientMatcher
    classifier: Any = None
    to_detail: tuple[int, str] | None = None

    def rows(self, m: RawMessage, now: str) -> Prepared:
        if m.channel not in ("email", "sms"):
            raise ValueError(f"unknown channel {m.channel!r}")
        warnings = list(m.warnings)
        sha = m.raw_sha256 or hashlib.sha256(m.raw).hexdigest()
        key = dedupe_key(m, sha)
        storage = "metadata_only" if m.raw_truncated else "zlib"
        raw_row = (sha, len(m.raw), storage, compress(m.raw) if m.raw else None)
        detail_id: int | None
        to_addr: str | None
        if m.channel == "sms" and m.direction == "in" and self.to_detail is not None:
            detail_id, to_addr = self.to_detail
        else:
            detail_id, to_addr = self.matcher.match(m.recipients)
            # --to names the number SMS backups do not record; for mail it only stands in for an e-mail detail.
            if (detail_id is None and self.to_detail is not None and m.direction == "in"
                    and (m.channel == "sms" or "@" in str(self.to_detail[1]))):
                detail_id, to_addr = self.to_detail
        cls: Classification | None = None
        if self.classifier is not None:
            try:
                cls = self.classifier.classify(m, to_detail=to_addr)
            except Exception as exc:  # noqa: BLE001 - a classifier bug leaves the message unclassified, not lost
                warnings.append(f"not classified ({type(exc).__name__}: {exc})")
        date = m.date
        msg_row = (
            m.channel,
            m.direction if m.direction in ("in", "out") else "in",
            _clean(m.source),
            _clean(m.item),
            _clean(key),
            _clean(m.message_id),
            _clean(m.sender),
            _clean(m.sender_name),
            detail_id,
            _clean(to_addr),
            date.isoformat() if date else None,
            date.timestamp() if date else None,
            _clean(m.subject),
            _clean(m.body_text),
            1 if m.body_html else 0,
            _clean(_JSON.encode(m.headers)) if m.headers else None,
            sha,
            None,  # raw_id, filled in once the raw row exists
            cls.category if cls and cls.category in CATEGORIES else None,
            cls.merchant_id if cls else None,
            float(cls.confidence) if cls else None,
            _JSON.encode(list(cls.reasons)) if cls else None,
            now if cls else None,
            now,
            getattr(self.classifier, "version", None) if cls else None,
        )
        # A built-in directory merchant has no vault id yet; workers cannot write, so the writer resolves it.
        pending = cls.merchant if cls and cls.merchant and cls.merchant_id is None else None
        return m.source, m.item, warnings, raw_row, msg_row, key, pending

    def batch(self, msgs: list[RawMessage], now: str) -> list[Prepared | Rejected]:
        out: list[Prepared | Rejected] = []
        for m in msgs:
            try:
                out.append(self.rows(m, now))
            except Exception as exc:  # noqa: BLE001
                out.append(Rejected(m.source, m.item, f"could not be stored ({type(exc).__name__}: {exc})"))
        return out


_WORKER_PREPARER: Preparer | None = None


def _init_worker(preparer: Preparer) -> None:
    global _WORKER_PREPARER
    _WORKER_PREPARER = preparer


def _prepare_in_worker(msgs: list[RawMessage], now: str) -> list[Prepared | Rejected]:
    assert _WORKER_PREPARER is not None
    return _WORKER_PREPARER.batch(msgs, now)


