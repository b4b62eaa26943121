"""``translate_reason``/``translate_reasons``: the classifier's English reasons shown in the UI language.

The core stores its reasons in English (they are also the CLI's JSON contract), so they are translated only where
the GUI shows them. Each reason the core writes is matched against a table of anchored regexes; the values inside it
(domains, names, signatures, quoted words, percentages) go into the translated template unchanged. A string no
entry matches is shown as it is, so nothing is ever lost.

Stored reasons may carry text an attacker wrote (display names, opt-out text, look-alike words): every pattern is
matched with ``fullmatch`` and runs in linear time. A value followed by more template text is matched up to the
first occurrence of that text inside an atomic group, so a failed match never backtracks into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Reasons"
MAX_DEPTH = 3  # reasons nest ("suspicious: From address of X, but <forged From reason>"): at most this deep

# (pattern, English template with %1.. for its groups, the groups that are reasons themselves). The template
# mirrors the core's wording; more specific patterns come before the general ones sharing their start.
_TABLE: list[tuple[str, object, tuple[int, ...]]] = [  # object: QT_TRANSLATE_NOOP's stub type
    # Headers of bulk mail (evidence.BULK_HEADERS and the x-mailgun-*, x-ses-... families).
    (r"List-Unsubscribe-Post header \(one-click unsubscribe\)",
     QT_TRANSLATE_NOOP("Reasons", "List-Unsubscribe-Post header (one-click unsubscribe)"), ()),
    (r"Feedback-ID header \(bulk sender\)", QT_TRANSLATE_NOOP("Reasons", "Feedback-ID header (bulk sender)"), ()),
    (r"List-Id header \(mailing list\)", QT_TRANSLATE_NOOP("Reasons", "List-Id header (mailing list)"), ()),
    (r"bulk-mail header", QT_TRANSLATE_NOOP("Reasons", "bulk-mail header"), ()),
    (r"bulk-mail header (.+)", QT_TRANSLATE_NOOP("Reasons", "bulk-mail header %1"), ()),
    # "List-Unsubscribe header", "Mailgun header", "Amazon SES header": a header or its sender's service
    (r"([A-Z][A-Za-z0-9 .-]{0,60}) header", QT_TRANSLATE_NOOP("Reasons", "%1 header"), ()),
    # "Mailchimp header X-MC-User"
    (r"([A-Z][A-Za-z0-9 .-]{0,60}) header ([A-Za-z0-9-]{1,80})", QT_TRANSLATE_NOOP("Reasons", "%1 header %2"), ()),
    (r"Precedence: (.+)", QT_TRANSLATE_NOOP("Reasons", "Precedence: %1"), ()),
    # Who sent it (merchants.MerchantIndex.attribute) and look-alikes.
    (r"suspicious: (.+)", QT_TRANSLATE_NOOP("Reasons", "suspicious: %1"), (1,)),
    (r"From address of (?>(.+?), but )(.+)", QT_TRANSLATE_NOOP("Reasons", "From address of %1, but %2"), (2,)),
    (r"display name (?>(.+?) but sender domain )(?>(.+?) \()(.+)\)",
     QT_TRANSLATE_NOOP("Reasons", "display name %1 but sender domain %2 (%3)"), ()),
    (r"display name (?>(.+?) but sender domain )(.+)",
     QT_TRANSLATE_NOOP("Reasons", "display name %1 but sender domain %2"), ()),
    (r"display name (?>(.+?) imitates )(.+)", QT_TRANSLATE_NOOP("Reasons", "display name %1 imitates %2"), ()),
    (r"signature 【(?>(.+?)】 of )(?>(.+?) from a personal mobile number )(.+)",
     QT_TRANSLATE_NOOP("Reasons", "signature 【%1】 of %2 from a personal mobile number %3"), ()),
    (r"signature 【(?>(.+?)】 of )(?>(.+?), but a contact elsewhere: )(.+)",
     QT_TRANSLATE_NOOP("Reasons", "signature 【%1】 of %2, but a contact elsewhere: %3"), ()),
    (r"names (?>(.+?) but links to )(.+)", QT_TRANSLATE_NOOP("Reasons", "names %1 but links to %2"), ()),
    (r"names (.+)", QT_TRANSLATE_NOOP("Reasons", "names %1"), ()),
    (r"link to a look-alike domain (?>(.+?) \(imitates )(.+)\)",
     QT_TRANSLATE_NOOP("Reasons", "link to a look-alike domain %1 (imitates %2)"), ()),
    (r"sender domain (.+) failed its DMARC check: the From address is forged",
     QT_TRANSLATE_NOOP("Reasons", "sender domain %1 failed its DMARC check: the From address is forged"), ()),
    (r"sender domain (?>(.+?) failed DMARC and the mail links to )(.+): not its owner's mail",
     QT_TRANSLATE_NOOP("Reasons", "sender domain %1 failed DMARC and the mail links to %2: not its owner's mail"), ()),
    (r"sender domain (?>(.+?) imitates )(.+)", QT_TRANSLATE_NOOP("Reasons", "sender domain %1 imitates %2"), ()),
    (r"sender domain (?>(.+?) \(a )(.+) site\)", QT_TRANSLATE_NOOP("Reasons", "sender domain %1 (a %2 site)"), ()),
    (r"sender domain (.+)", QT_TRANSLATE_NOOP("Reasons", "sender domain %1"), ()),
    # Forged From addresses (evidence._forged_from).
    (r"sender address has no real domain: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "sender address has no real domain: %1"), ()),
    (r"sender address names a bare IP address: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "sender address names a bare IP address: %1"), ()),
    (r"the receiving server could not authenticate sender domain (.+) \(compauth=fail\)",
     QT_TRANSLATE_NOOP("Reasons", "the receiving server could not authenticate sender domain %1 (compauth=fail)"),
     ()),
    (r"sender (?>(.+?) is )(.+)", QT_TRANSLATE_NOOP("Reasons", "sender %1 is %2"), ()),
    (r"sender name (.+) \(easily forged\)", QT_TRANSLATE_NOOP("Reasons", "sender name %1 (easily forged)"), ()),
    (r"sent to your alias (.+)", QT_TRANSLATE_NOOP("Reasons", "sent to your alias %1"), ()),
    (r"unknown sender", QT_TRANSLATE_NOOP("Reasons", "unknown sender"), ()),
    (r"forwards a message from (.+) with a warning about it",
     QT_TRANSLATE_NOOP("Reasons", "forwards a message from %1 with a warning about it"), ()),
    (r"forwarded message from (.+)", QT_TRANSLATE_NOOP("Reasons", "forwarded message from %1"), ()),
    # Disguised letters and links that lie.
    (r"text written in look-alike mathematical letters \((\d+)\)",
     QT_TRANSLATE_NOOP("Reasons", "text written in look-alike mathematical letters (%1)"), ()),
    (r"words mixing Latin with Cyrillic or Greek look-alike letters: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "words mixing Latin with Cyrillic or Greek look-alike letters: %1"), ()),
    (r"web page attached: (.+)", QT_TRANSLATE_NOOP("Reasons", "web page attached: %1"), ()),
    (r"file disguised by a double extension: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "file disguised by a double extension: %1"), ()),
    (r"words split by invisible characters: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "words split by invisible characters: %1"), ()),
    (r"display name words mixing Latin with Cyrillic or Greek look-alike letters: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "display name words mixing Latin with Cyrillic or Greek look-alike letters: %1"), ()),
    (r"display name words split by invisible characters: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "display name words split by invisible characters: %1"), ()),
    (r"link or sender on free page hosting: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "link or sender on free page hosting: %1"), ()),
    (r"link shows one address and goes to another: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "link shows one address and goes to another: %1"), ()),
    (r"replies go to (?>(.+?), not to the sender's domain )(.+)",
     QT_TRANSLATE_NOOP("Reasons", "replies go to %1, not to the sender's domain %2"), ()),
    (r"asks to be paid by wire transfer service or gift card: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "asks to be paid by wire transfer service or gift card: %1"), ()),
    (r"a number written to slip past filters: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "a number written to slip past filters: %1"), ()),
    (r"demands payment to a cryptocurrency wallet by a deadline or with a threat: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "demands payment to a cryptocurrency wallet by a deadline or with a threat: %1"), ()),
    (r"bulk mail \(List-Unsubscribe\) with notice wording: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "bulk mail (List-Unsubscribe) with notice wording: %1"), ()),
    (r"bulk mail \(List-Unsubscribe\) from a sender, not a person",
     QT_TRANSLATE_NOOP("Reasons", "bulk mail (List-Unsubscribe) from a sender, not a person"), ()),
    (r"display name shows (?>(.+?), but the mail comes from )(.+)",
     QT_TRANSLATE_NOOP("Reasons", "display name shows %1, but the mail comes from %2"), ()),
    (r"notice from the merchant's own domain: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "notice from the merchant's own domain: %1"), ()),
    (r"statement or bill from the merchant's own domain",
     QT_TRANSLATE_NOOP("Reasons", "statement or bill from the merchant's own domain"), ()),
    (r"a premium-rate or personal number, costly to call: (.+)",
     QT_TRANSLATE_NOOP("Reasons", "a premium-rate or personal number, costly to call: %1"), ()),
    (r"a link to (.+) shared from a personal mobile",
     QT_TRANSLATE_NOOP("Reasons", "a link to %1 shared from a personal mobile"), ()),
    (r"bank details to share a cost, from a personal mobile",
     QT_TRANSLATE_NOOP("Reasons", "bank details to share a cost, from a personal mobile"), ()),
    (r"new bank details for a payment, texted from a mobile \(payment diversion\)",
     QT_TRANSLATE_NOOP("Reasons", "new bank details for a payment, texted from a mobile (payment diversion)"), ()),
    (r"cannot take a call and asks you to add a new QQ or WeChat or to pay now \(someone posing as your boss\)",
     QT_TRANSLATE_NOOP("Reasons", "cannot take a call and asks you to add a new QQ or WeChat or to pay now "
                                  "(someone posing as your boss)"), ()),
    (r"payment notice from the merchant's own domain",
     QT_TRANSLATE_NOOP("Reasons", "payment notice from the merchant's own domain"), ()),
    (r"a new number asking for money \(someone posing as family or a friend\)",
     QT_TRANSLATE_NOOP("Reasons", "a new number asking for money (someone posing as family or a friend)"), ()),
    # SMS structure and wording.
    (r"signature 【(.+)】", QT_TRANSLATE_NOOP("Reasons", "signature 【%1】"), ()),
    (r"opt-out text (.+)", QT_TRANSLATE_NOOP("Reasons", "opt-out text %1"), ()),
    (r"one-time code pattern", QT_TRANSLATE_NOOP("Reasons", "one-time code pattern"), ()),
    (r"order/shipping/payment wording", QT_TRANSLATE_NOOP("Reasons", "order/shipping/payment wording"), ()),
    (r"payment, bill or appointment notice", QT_TRANSLATE_NOOP("Reasons", "payment, bill or appointment notice"), ()),
    (r"sign-in or password notice from the merchant's own domain",
     QT_TRANSLATE_NOOP("Reasons", "sign-in or password notice from the merchant's own domain"), ()),
    (r"notice linking only to the sender's own site (.+)",
     QT_TRANSLATE_NOOP("Reasons", "notice linking only to the sender's own site %1"), ()),
    (r"notice without links from the sender's own domain (.+) \(DMARC passed\)",
     QT_TRANSLATE_NOOP("Reasons", "notice without links from the sender's own domain %1 (DMARC passed)"), ()),
    (r"fraud wording (.+)", QT_TRANSLATE_NOOP("Reasons", "fraud wording %1"), ()),
    (r"promotional wording (.+)", QT_TRANSLATE_NOOP("Reasons", "promotional wording %1"), ()),
    (r"signed loyalty-programme wording (.+)", QT_TRANSLATE_NOOP("Reasons", "signed loyalty-programme wording %1"),
     ()),
    (r"shortened link (.+)", QT_TRANSLATE_NOOP("Reasons", "shortened link %1"), ()),
    (r"bulk SMS port (.+)", QT_TRANSLATE_NOOP("Reasons", "bulk SMS port %1"), ()),
    (r"short code sender (.+)", QT_TRANSLATE_NOOP("Reasons", "short code sender %1"), ()),
    # The text model.
    (r"text model alone: (\d{1,3}%) unwanted \(outweighed by the evidence above\)",
     QT_TRANSLATE_NOOP("Reasons", "text model alone: %1 unwanted (outweighed by the evidence above)"), ()),
    (r"text model (\d{1,3}%) unwanted: (.+)", QT_TRANSLATE_NOOP("Reasons", "text model %1 unwanted: %2"), ()),
    (r"text model (\d{1,3}%) unwanted", QT_TRANSLATE_NOOP("Reasons", "text model %1 unwanted"), ()),
    (r"text model (\d{1,3}%) wanted: (.+)", QT_TRANSLATE_NOOP("Reasons", "text model %1 wanted: %2"), ()),
    (r"text model (\d{1,3}%) wanted", QT_TRANSLATE_NOOP("Reasons", "text model %1 wanted"), ()),
    # The user's corrections (corrections.Corrections.match, vault_ops.correct).
    (r"your correction of a message signed 【(.+)】",
     QT_TRANSLATE_NOOP("Reasons", "your correction of a message signed 【%1】"), ()),
    (r"your correction of a message from (.+)",
     QT_TRANSLATE_NOOP("Reasons", "your correction of a message from %1"), ()),
    (r"similar to a message you corrected \((\d{1,3}%) alike\)",
     QT_TRANSLATE_NOOP("Reasons", "similar to a message you corrected (%1 alike)"), ()),
    (r"corrected by you", QT_TRANSLATE_NOOP("Reasons", "corrected by you"), ()),
]

# DOTALL: a value may hold a line break (a hostile display name); it is kept like any other character.
TEMPLATES: list[tuple[re.Pattern[str], str, tuple[int, ...]]] = [
    (re.compile(pattern, re.DOTALL), str(source), nested) for pattern, source, nested in _TABLE
]
_PLACEHOLDER = re.compile(r"%(\d)")


def _fill(template: str, values: list[str]) -> str:
    """``template`` with ``%1``.. replaced in one pass (a value holding "%2" is not substituted again)."""

    def value(m: re.Match[str]) -> str:
        i = int(m.group(1)) - 1
        return values[i] if 0 <= i < len(values) else m.group(0)

    return _PLACEHOLDER.sub(value, template)


def translate_reason(text: str, _depth: int = 0) -> str:
    """:return: ``text``, one reason the classifier wrote, in the UI language (unchanged when it is not known)."""
    if _depth >= MAX_DEPTH:
        return text
    for pattern, source, nested in TEMPLATES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        translated = QCoreApplication.translate(CONTEXT, source)
        if translated == source:
            return text  # English, or no translation for it: the core's own words
        values = [translate_reason(v, _depth + 1) if i in nested else v for i, v in enumerate(m.groups(), 1)]
        return _fill(translated, values)
    return text


def translate_reasons(reasons: Iterable[str]) -> list[str]:
    """:return: each reason in ``reasons`` through ``translate_reason``, in order."""
    return [translate_reason(r) for r in reasons]
