"""Domain dataclasses shared by importers, the pipeline, the classifier and the UIs (no behaviour here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawMessage:
    """One message as an importer yields it: the original bytes plus the parsed fields the app needs.

    Importers never write to the vault; the pipeline stores these.
    """

    channel: str  # "email" | "sms"
    source: str  # file path, or "imap://user@host/MAILBOX"
    item: str  # index in the source, Message-ID or IMAP UID: what a rejection line names
    raw: bytes  # original bytes, kept as evidence (SMS: the XML element / CSV row / DB row serialised)
    sender: str | None = None  # address or number, normalised where possible
    sender_name: str | None = None
    recipients: list[str] = field(default_factory=list)  # candidate receiving addresses/numbers, best first
    date: dt.datetime | None = None  # timezone-aware
    subject: str | None = None
    body_text: str = ""
    body_html: str | None = None  # sanitised later for display; kept for classification cues
    message_id: str | None = None
    direction: str = "in"  # "in" | "out"
    headers: dict[str, str] = field(default_factory=dict)  # selected headers (List-Unsubscribe, ...)
    dedupe_key: str | None = None  # pipeline falls back to Message-ID, then SHA-256 of the raw bytes
    warnings: list[str] = field(default_factory=list)
    raw_truncated: bool = False  # True when the raw bytes were too large and only a hash is kept
    raw_sha256: str | None = None  # set by the importer when ``raw`` holds only a prefix


@dataclass
class Rejected:
    """An item an importer could not read; the import goes on."""

    source: str
    item: str
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    already_present: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "already_present": self.already_present,
            "rejected": [r.__dict__ for r in self.rejected],
            "warnings": self.warnings,
            "cancelled": self.cancelled,
        }


@dataclass
class Classification:
    """The classifier's verdict on one message, with the reasons in plain words."""

    category: str  # marketing | transactional | personal | fraud
    merchant: str | None  # merchant name, or None for "unknown sender"
    confidence: float
    reasons: list[str] = field(default_factory=list)
    merchant_id: int | None = None
    suggestion: str | None = None  # e.g. a signature/domain to create a merchant from
