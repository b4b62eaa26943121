"""Message classifier: ``Classifier`` gives a category, a merchant, a confidence and plain-word reasons (issue 4).

Interface first (the import pipeline calls ``classify`` for every message); evidence rules and the learned model
are filled in behind it.
"""

from __future__ import annotations

import re
from typing import Any

from privatrack.core.models import Classification, RawMessage

CATEGORIES = ("marketing", "transactional", "personal", "fraud")

_OPT_OUT = re.compile(r"回复?\s*(?:TD|T|R|N)\s*退订|拒收请回复\s*R|\bunsubscribe\b|\breply stop\b", re.I)
_OTP = re.compile(r"验证码|verification code|one[- ]time (?:pass)?code|\bOTP\b", re.I)
_SIG = re.compile(r"^\s*【([^【】]{1,20})】|【([^【】]{1,20})】\s*$")


class Classifier:
    """Classifies one ``RawMessage`` at a time; build it once per run (model load < 1 s)."""

    def __init__(self, merchants: list[Any] | None = None) -> None:
        self.merchants = merchants or []

    @classmethod
    def for_db(cls, db: Any) -> Classifier:
        """A classifier that knows the vault's merchants and the user's corrections."""
        from privatrack.core.household import list_merchants

        return cls(list_merchants(db))

    @classmethod
    def standalone(cls) -> Classifier:
        """A classifier without a vault: the built-in merchant directory only."""
        return cls()

    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        text = f"{msg.subject or ''}\n{msg.body_text or ''}"
        reasons: list[str] = []
        category, confidence = "personal", 0.5
        if "List-Unsubscribe" in msg.headers:
            reasons.append("List-Unsubscribe header")
            category, confidence = "marketing", 0.8
        if m := _OPT_OUT.search(text):
            reasons.append(f"opt-out text {m.group(0)}")
            category, confidence = "marketing", 0.9
        if _OTP.search(text):
            reasons.append("one-time code pattern")
            category, confidence = "transactional", 0.8
        if m := _SIG.search(msg.body_text or ""):
            reasons.append(f"signature 【{m.group(1) or m.group(2)}】")
        return Classification(category=category, merchant=None, confidence=confidence, reasons=reasons)


__all__ = ["CATEGORIES", "Classifier"]
