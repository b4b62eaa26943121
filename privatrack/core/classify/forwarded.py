"""Forwarded mail: the message someone passed on, read back from the header block their mail program quoted.

A family member forwards a scam to the household's auditor; a honeypot forwards what it caught. The outer mail is
from a person and reads like one; what it carries is the forwarded message, whose sender, subject and text
decide whether it was wanted. Gmail, Outlook, Apple Mail and Thunderbird quote the original's From, Date/Sent,
To and Subject lines, in the user's language, above the original text.
"""

from __future__ import annotations

import re

from privatrack.core.classify.evidence import FORWARDED_COPY, mail_headers
from privatrack.core.models import RawMessage

# "Fw:", "Fwd:", "ENC:" (pt), "TR:" (fr), "WG:" (de), "RV:" (es), "I:" (it), "PD:" (pl), "Doorst:" (nl),
# "VB:" (sv), "VL:" (fi), "转发:"; not "VS:", a forward in Danish and a reply in Finnish
_SUBJECT = re.compile(r"\s*(?:\[[^\]\n]{0,40}\]\s*)?(?:fwd?|enc|tr|wg|rv|i|pd|doorst|vb|vl|转发|轉寄|轉發)"
                      r"\s*[:：]", re.I)
# the line some programs put above the quoted headers ("---------- Forwarded message ---------"), found as plain
# substrings of the lower-cased head (a case-folding regex alternation cost 150 µs a mail, and "-{2,}" before it
# was quadratic in a run of dashes); not a reply's "-----Original Message-----": a reply is its writer's own message
_MARKERS = ("forwarded message", "mensagem encaminhada", "weitergeleitete nachricht", "message transféré",
            "message transfere", "messaggio inoltrato", "mensaje reenviado", "doorgestuurd bericht", "转发的邮件",
            "轉寄的郵件", "转发邮件信息", "пересылаемое сообщение")
_APPLE_MARKER = "begin forwarded message:"
# "Re:", "AW:" (de), "SV:" (sv), "R:" (it), "Odp:" (pl), "Ответ:" (ru), "YNT:" (tr), "VS:", "回复:": a reply is
# its writer's own message, whatever it quotes ("Odp: Fwd: DONATION" is someone saying it is a scam)
_REPLY = re.compile(r"\s*(?:\[[^\]\n]{0,40}\]\s*)?(?:re|aw|sv|antw|r|odp|ответ|ynt|vs|vá|回复|回覆|答复)"
                    r"\s*[:：]", re.I)
_FIELDS = {
    "from": ("from", "de", "von", "da", "van", "från", "fra", "od", "от", "发件人", "寄件者", "寄件人", "差出人"),
    "date": ("date", "sent", "enviado", "enviada", "gesendet", "datum", "inviato", "data", "envoyé", "fecha",
             "verzonden", "skickat", "sendt", "wysłano", "wysłane", "enviado el", "отправлено", "发送时间",
             "发送日期", "日期", "时间", "寄件日期", "送信日時"),
    "to": ("to", "para", "an", "a", "à", "aan", "till", "til", "do", "кому", "收件人", "收件者", "cc", "kopie", "抄送",
           "宛先"),
    "subject": ("subject", "assunto", "betreff", "oggetto", "objet", "asunto", "onderwerp", "ämne", "emne", "temat",
                "тема", "主题", "主旨", "件名"),
}
_FIELD_OF = {name: field for field, names in _FIELDS.items() for name in names}
_OTHER_FIELDS = frozenset({"reply-to", "bcc", "importance", "priority", "attachments", "anexos", "anhänge",
                           "antwort an", "responder a", "répondre à", "附件"})
# "De: X", "*From:* X", "> From: X"; the name is at most 20 characters, so a line costs linear time
_HEADER = re.compile(r"[ \t>*]{0,8}([^\W\d_][\w -]{0,19}?|[\u4e00-\u9fff]{2,4})[ \t*]{0,4}[:：][ \t*]{0,4}(.*)")
_ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
FORWARD_NOTE = "x-privatrack-forward-note-chars"  # in the forwarded copy's ``RawMessage.headers``
FORWARD_WARNS = "x-privatrack-forward-warns"  # ... "1" when the forwarder's note calls what it forwards a scam
# what a relative writes above a scam they pass on to warn you ("这个是诈骗邮件！！！你千万别点", "this is a scam, don't
# click anything")
_WARNS = re.compile(r"(?<!不是)(?:诈骗|骗子|骗局)|被骗|别点|不要点|别信|不要信|钓鱼"
                    r"|(?<!not a )(?<!isn't a )(?<!not )(?<!no )\b(?:scam|phishing|fraud|fake|betrug|arnaque|estafa"
                    r"|golpe|oplichting|truffa)"
                    r"|\bdon'?t (?:click|open|reply|answer)\b|\bdo not (?:click|open|reply|answer)\b|\bbe careful\b"
                    r"|nicht (?:klicken|antworten)|ne (?:cliquez|répondez) pas|no (?:hagas clic|respondas)")
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


def _complete(fields: dict[str, str]) -> bool:
    return "from" in fields and len(fields) >= 3 and ("date" in fields or "subject" in fields)


def forwarded_message(msg: RawMessage) -> RawMessage | None:
    """:return: the message ``msg`` forwards (its sender, subject and text, under the forward's own headers), or
    ``None`` when ``msg`` is no forward or its quoted header block cannot be read."""
    if msg.channel != "email" or not is_forward(msg):
        return None
    body = msg.body_text or ""
    fields: dict[str, str] = {}
    offset = 0
    start = 0  # where the quoted header block starts: the forwarder's own note is before it
    end = None  # where the quoted header block ends
    last = None
    gap = 0  # blank lines after a complete block without its subject
    # a block of header lines in any order (Thunderbird starts with Subject:), with wrapped recipient lines
    for n, line in enumerate(body[:_HEAD_CHARS].splitlines(keepends=True)):
        if n >= _MAX_LINES:
            break
        offset += len(line)
        m = _HEADER.match(line.rstrip("\r\n"))
        name = m.group(1).strip().lower() if m else ""
        field = _FIELD_OF.get(name)
        if gap and field != "subject" and line.strip():
            break  # the text after the block, not its subject
        if m is not None and field is not None:
            if not fields:
                start = offset - len(line)
            fields.setdefault(field, m.group(2))
            last, end = field, offset
        elif fields and (name in _OTHER_FIELDS or (last == "to" and line.strip() and ("@" in line or ">" in line))):
            end = offset  # Reply-To:, Importance:, or a recipient list wrapped onto the next line
        elif fields:
            if _complete(fields):
                # QQ Mail puts a blank line between the recipients and 主题: look one blank line on for it
                if "subject" not in fields and not line.strip() and gap < 1:
                    gap += 1
                    continue
                break
            fields, last, end = {}, None, None  # "From: the garden centre" in the text is no header block: look on
    if end is None or not _complete(fields):
        return None
    who = fields["from"][:400]
    address = _ADDRESS.search(who)
    name = re.split(r"<|\[mailto:|\(", who, maxsplit=1)[0].strip(" \t*\"'") if address else who.strip(" \t*\"'")
    if address and name.lower() == address.group(0).lower():
        name = ""
    sender = address.group(0).lower() if address else None
    subject = fields.get("subject", "").strip(" \t*")[:500] or None
    return RawMessage(
        channel="email", source=msg.source, item=msg.item, raw=_copy_headers(msg, sender, name[:200], subject),
        sender=sender, sender_name=name[:200] or None, date=msg.date, subject=subject, body_text=body[end:].strip(),
        body_html=msg.body_html, message_id=msg.message_id,
        headers={FORWARDED_COPY: "1", FORWARD_NOTE: str(_note_chars(body[:start])),
                 FORWARD_WARNS: "1" if _WARNS.search(body[:start].lower()) else "0"},
    )


def _note_chars(note: str) -> int:
    """Letters and digits the forwarder wrote above the forward, without its marker line."""
    low = note.lower()
    kept = [line for line in low.splitlines()
            if not (_APPLE_MARKER in line or any(w in line for w in _MARKERS) or line.startswith("sent from"))]
    return sum(ch.isalnum() for ch in "".join(kept))


def note_chars(inner: RawMessage) -> int:
    """:return: how many letters and digits the forwarder wrote above what ``inner`` (read by
    ``forwarded_message``) forwards: none for a bare forward, as a honeypot or a spam report sends."""
    return int(inner.headers.get(FORWARD_NOTE, "0"))


def note_warns(inner: RawMessage) -> bool:
    """:return: whether the forwarder's note above what ``inner`` forwards warns that it is a scam."""
    return inner.headers.get(FORWARD_WARNS) == "1"


_DROPPED = (b"from", b"subject", b"reply-to", b"sender", b"message-id", b"list-", b"precedence",
            b"authentication-results", b"arc-", b"dkim-", b"received-spf", b"x-ms-exchange-organization-authas")


def _copy_headers(msg: RawMessage, sender: str | None, name: str, subject: str | None) -> bytes:
    """The header block of the forwarded copy: the forward's own headers (how mail reached this mailbox, which the
    model reads: with no headers at all it took ordinary forwarded mail for bulk mail) with the forwarded message's
    From and Subject, and none of the headers that speak about the forward's sender (authentication, lists)."""
    raw = msg.raw[:65536]
    cut = min([e for e in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if e >= 0] or [len(raw)])
    kept: list[bytes] = []
    dropping = False
    for line in raw[:cut].replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower().startswith(_DROPPED)
        if not dropping:
            kept.append(line)
    who = f"{name} <{sender}>" if name and sender else (sender or name)
    head = f"From: {who}\nSubject: {subject or ''}\n".encode("utf-8", "replace")
    return head + b"\n".join(kept) + b"\n\n"


def describe(inner: RawMessage) -> str:
    """``"Name <address>"`` of the forwarded message's sender, as shown in reasons."""
    if inner.sender_name and inner.sender:
        return f"{inner.sender_name} <{inner.sender}>"
    return inner.sender or inner.sender_name or "an unknown sender"
