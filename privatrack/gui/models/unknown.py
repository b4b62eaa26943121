"""``group_unattributed``: messages no merchant was found for, grouped by SMS signature, sender number, domain or
(free mail) address.

Plain Python over the vault (no Qt), run on a worker thread by the Unknown senders page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from privatrack.core import normalize as norm
from privatrack.core.tasks import TaskContext

try:
    from privatrack.core.classify.merchants import FREEMAIL
except ImportError:  # a build without the classifier
    FREEMAIL = frozenset()

_SIG_START = re.compile(r"^\s*[【\[［〔]([^【】\[\]［］〔〕\n]{1,24})[】\]］〕]")
_SIG_END = re.compile(r"[【\[［〔]([^【】\[\]［］〔〕\n]{1,24})[】\]］〕]\s*$")
MAX_IDS = 1000  # per group: enough to show examples, bounded memory on huge vaults


@dataclass
class SenderGroup:
    kind: str  # "signature" | "number" | "domain" | "address" (a free-mail address: its domain names no one)
    key: str
    count: int = 0
    first: str | None = None
    last: str | None = None
    example: str = ""
    senders: set[str] = field(default_factory=set)
    message_ids: list[int] = field(default_factory=list)


def sms_signature(text: str | None) -> str | None:
    """:return: the 【signature】 at the start or end of an SMS, without brackets."""
    if not text:
        return None
    m = _SIG_START.search(text) or _SIG_END.search(text.rstrip())
    return m.group(1).strip() if m else None


def group_key(channel: str, sender: str | None, body: str | None) -> tuple[str, str] | None:
    if channel == "sms":
        sig = sms_signature(body)
        if sig:
            return "signature", sig
        return ("number", sender) if sender else None
    if sender and "@" in sender:
        host = sender.rsplit("@", 1)[1].strip().strip(">").lower()
        if host:
            domain = norm.registrable_domain(host)
            if domain in FREEMAIL:
                return "address", sender.strip().strip("<>").lower()
            return "domain", domain
    return None


def group_unattributed(db: Any, ctx: TaskContext | None = None) -> list[SenderGroup]:
    """:return: groups of unattributed, non-personal messages, biggest first.

    :param db: a connection to the vault (the caller's own, on the worker thread).
    :param ctx: cancel between chunks.
    """
    groups: dict[tuple[str, str], SenderGroup] = {}
    cur = db.execute(
        "SELECT id, channel, sender, subject, substr(body_text, 1, 300), date FROM messages "
        "WHERE merchant_id IS NULL AND (category IS NULL OR category <> 'personal') ORDER BY date_ts"
    )
    while rows := cur.fetchmany(5000):
        if ctx is not None:
            ctx.raise_if_cancelled()
        for mid, channel, sender, subject, body, date in rows:
            key = group_key(channel, sender, body)
            if key is None:
                continue
            g = groups.get(key)
            if g is None:
                g = groups[key] = SenderGroup(key[0], key[1], first=date)
                g.example = " ".join((subject or body or "").split())[:120]
            g.count += 1
            g.last = date or g.last
            if sender and len(g.senders) < 20:
                g.senders.add(sender)
            if len(g.message_ids) < MAX_IDS:
                g.message_ids.append(int(mid))
    return sorted(groups.values(), key=lambda g: (-g.count, g.kind, g.key))
