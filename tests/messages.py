"""Hand-made messages for classifier tests (core and GUI): an SMS, and a plain-text mail with its raw bytes."""

from __future__ import annotations

from pathlib import Path

from privatrack.core.models import RawMessage


def sms(body: str, sender: str | None = "10690000000") -> RawMessage:
    return RawMessage(channel="sms", source="test", item="0", raw=body.encode(), sender=sender, body_text=body)


def mail(body: str, subject: str = "", sender: str = "someone@example.org", name: str | None = None,
         headers: dict[str, str] | None = None, html: str | None = None) -> RawMessage:
    head = "".join(f"{k}: {v}\n" for k, v in (headers or {}).items())
    frm = f'"{name}" <{sender}>' if name else sender
    domain = sender.rsplit("@", 1)[-1]
    raw = (f"From: {frm}\nTo: me@example.com\nSubject: {subject}\nDate: Tue, 14 Nov 2023 10:00:00 +0000\n"
           f"Message-ID: <t1@{domain}>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n{head}\n{body}"
           ).encode()
    return RawMessage(channel="email", source="test", item="0", raw=raw, sender=sender, sender_name=name,
                      subject=subject, body_text=body, body_html=html, headers=dict(headers or {}))


def eml(path: Path) -> RawMessage:
    """A whole .eml file as the importer parses it."""
    from privatrack.core.importers.mail import parse_mail

    msg = parse_mail(path.read_bytes(), source=str(path), item=path.name)
    assert isinstance(msg, RawMessage), msg
    return msg
