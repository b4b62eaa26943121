"""Forwarded mail: the message someone passed on, read back from the header block their mail program quoted.

A family member forwards a scam to the household's auditor; a honeypot forwards what it caught. The outer mail is
from a person and reads like one; what it carries is the forwarded message, whose sender, subject and text
decide whether it was wanted. Gmail, Outlook, Apple Mail and Thunderbird quote the original's From, Date/Sent,
To and Subject lines, in the user's language, above the original text.
"""

from __future__ import annotations

import re

from privatrack.core.classify.evidence import mail_headers
from privatrack.core.models import RawMessage

# "Fw:", "Fwd:", "ENC:" (pt), "TR:" (fr), "WG:" (de), "RV:" (es), "Doorst:" (nl), "VS:" (fi), "转发:"
_SUBJECT = re.compile(r"\s*(?:\[[^\]\n]{0,40}\]\s*)?(?:fwd?|enc|tr|wg|rv|doorst|vs|vb|转发|轉寄|轉發)\s*[:：]", re.I)
# the line some programs put above the quoted headers ("---------- Forwarded message ---------"), found as plain
# substrings of the lower-cased head (a case-folding regex alternation cost 150 µs a mail, and "-{2,}" before it
# was quadratic in a run of dashes); not a reply's "-----Original Message-----": a reply is its writer's own message
_MARKERS = ("forwarded message", "mensagem encaminhada", "weitergeleitete nachricht", "message transféré",
            "message transfere", "messaggio inoltrato", "mensaje reenviado", "doorgestuurd bericht", "转发的邮件",
            "轉寄的郵件")
_APPLE_MARKER = "begin forwarded message:"
# "Re:", "AW:" (de), "SV:" (sv), "R:" (it), "回复:": a reply is its writer's own message, whatever it quotes
_REPLY = re.compile(r"\s*(?:\[[^\]\n]{0,40}\]\s*)?(?:re|aw|sv|antw|r|回复|回覆|答复)\s*[:：]", re.I)
_FIELDS = {
    "from": ("from", "de", "von", "da", "van", "från", "fra", "od", "发件人", "寄件者", "寄件人"),
    "date": ("date", "sent", "enviado", "enviada", "gesendet", "datum", "inviato", "data", "envoyé", "fecha",
             "verzonden", "skickat", "sendt", "wysłano", "发送时间", "日期", "时间", "寄件日期"),
    "to": ("to", "para", "an", "a", "à", "aan", "till", "til", "do", "收件人", "cc", "kopie", "抄送"),
    "subject": ("subject", "assunto", "betreff", "oggetto", "objet", "asunto", "onderwerp", "ämne", "emne", "temat",
                "主题", "主旨"),
}
_FIELD_OF = {name: field for field, names in _FIELDS.items() for name in names}
# "De: X", "*From:* X", "> From: X"; the name is at most 20 characters, so a line costs linear time
_HEADER = re.compile(r"[ \t>*]{0,8}([^\W\d_]{1,20}|[\u4e00-\u9fff]{2,4})[ \t*]{0,4}[:：][ \t*]{0,4}(.*)")
_ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_HEAD_CHARS = 4000  # where a forwarded header block may start: after a short note from the forwarder
_MARKER_CHARS = 1500  # where a marker line is looked for when the subject does not say "Fwd:" (every mail pays)
_MAX_LINES = 80


def is_forward(msg: RawMessage) -> bool:
    """Does ``msg`` say it forwards another message (by its subject or a marker line)? A reply does not, nor does a
    mailing-list post: what a list member forwards is their contribution to the discussion."""
    subject = msg.subject or ""
    if _REPLY.match(subject):
        return False
    if not (_SUBJECT.match(subject) or _has_marker((msg.body_text or "")[:_MARKER_CHARS])):
        return False
    return "list-id" not in mail_headers(msg)


def _has_marker(head: str) -> bool:
    """Is there a "-- Forwarded message --" line (dashes before the words) or Apple Mail's "Begin forwarded
    message:" at the start of a line in ``head``? Linear: each occurrence looks back at most 40 characters."""
    low = head.lower()
    for words in _MARKERS:
        i = low.find(words)
        while i >= 0:
            if low[max(0, i - 40) : i].rstrip(" \t").endswith("--"):
                return True
            i = low.find(words, i + len(words))
    i = low.find(_APPLE_MARKER)
    while i >= 0:
        before = low[max(0, i - 40) : i]
        line_start = before.rfind("\n")
        if (line_start >= 0 or i <= 40) and not before[line_start + 1 :].strip():
            return True
        i = low.find(_APPLE_MARKER, i + len(_APPLE_MARKER))
    return False


def forwarded_message(msg: RawMessage) -> RawMessage | None:
    """:return: the message ``msg`` forwards (its sender, subject and text; no headers of its own), or ``None``
    when ``msg`` is no forward or its quoted header block cannot be read."""
    if msg.channel != "email" or not is_forward(msg):
        return None
    body = msg.body_text or ""
    fields: dict[str, str] = {}
    offset = 0
    end = None  # where the quoted header block ends
    last = None
    for n, line in enumerate(body[:_HEAD_CHARS].splitlines(keepends=True)):
        if n >= _MAX_LINES:
            break
        offset += len(line)
        m = _HEADER.match(line.rstrip("\r\n"))
        field = _FIELD_OF.get(m.group(1).lower()) if m else None
        if not fields:
            if field == "from" and m is not None:
                fields["from"] = m.group(2)
                last, end = "from", offset
            continue
        if field is not None and m is not None:
            fields.setdefault(field, m.group(2))
            last, end = field, offset
        elif last == "to" and line.strip() and ("@" in line or ">" in line):
            end = offset  # a recipient list wrapped onto the next line
        else:
            if len(fields) < 3 or "date" not in fields and "subject" not in fields:
                fields, last, end = {}, None, None  # a "From:" line in the text, not a header block: look on
                continue
            break
    if end is None or len(fields) < 3 or ("date" not in fields and "subject" not in fields):
        return None
    who = fields["from"][:400]
    address = _ADDRESS.search(who)
    name = re.split(r"<|\[mailto:|\(", who, maxsplit=1)[0].strip(" \t*\"'") if address else who.strip(" \t*\"'")
    if address and name.lower() == address.group(0).lower():
        name = ""
    return RawMessage(
        channel="email", source=msg.source, item=msg.item, raw=b"",
        sender=address.group(0).lower() if address else None, sender_name=name[:200] or None,
        date=msg.date, subject=fields.get("subject", "").strip(" \t*")[:500] or None,
        body_text=body[end:].strip(), body_html=msg.body_html, message_id=msg.message_id,
    )


def describe(inner: RawMessage) -> str:
    """``"Name <address>"`` of the forwarded message's sender, as shown in reasons."""
    if inner.sender_name and inner.sender:
        return f"{inner.sender_name} <{inner.sender}>"
    return inner.sender or inner.sender_name or "an unknown sender"
