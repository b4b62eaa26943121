"""The classifier's fast paths give exactly what the slower, obvious code gives."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import compat32

import pytest

from privatrack.core.classify import evidence
from privatrack.core.classify.textmodel import Head, Known


@pytest.mark.parametrize("block", [
    b"From: a@b.com\nTo: c@d.com\nSubject: hi\n there\nList-Unsubscribe: <mailto:x@y>",
    b"From someone Mon Jan 1\nFrom: a@b.com\r\nSubject: x\r\n\tfolded\r\nX-Mailer: y",
    b"From foo\nA: b\n c\nB:x\r\nC: y\rD:z\n:bad\n\tcont\nFrom x\nE: 1\nnot a header\nF: 2",
    b" continuation first\nA: 1\nFrom last",
    b"A:1\nFrom last\n",
    b"X-Empty:\nSubject:   spaced  \n",
    b"Received: from x\n\tby y\nReceived: from z\nSubject: two received",
])
def test_ascii_header_split_matches_the_stdlib_parser(block: bytes) -> None:
    parsed = BytesHeaderParser(policy=compat32).parsebytes(block)
    assert evidence._ascii_headers(block) == [(k, str(v)) for k, v in parsed.items()]


@pytest.mark.parametrize("text", [
    "Call NOW to WIN a FREE prize", "xABC ABC1 _ABC_ 中ABC中 ABCD efg HIJ!", "AB CD", "ÀABC ABCÀ A.BCD.E",
])
def test_capital_words_match_the_word_boundary_pattern(text: str) -> None:
    out: list[str] = []
    evidence._shape_tokens(text, out)
    assert [t[3:] for t in out if t.startswith("\x01c:")] == [w.lower() for w in evidence._CAPS.findall(text)]


def test_top_features_keep_the_sorted_order_and_sign() -> None:
    head = Head(0.0, {"a": 2.0, "b": -1.0, "c": 2.0, "d": 0.5, "e": -3.0})
    _, known = head.score({"a", "b", "c", "d", "e", "zz"}, 1.0)
    by_weight = sorted(known.feats, key=head.weights.__getitem__, reverse=True)
    assert head.top(known, 3, positive=True) == [f for f in by_weight[:3] if head.weights[f] > 0]
    assert head.top(known, 3, positive=False) == ["e", "b"]  # only two features push that way
    assert head.top(Known([], []), 3) == []
