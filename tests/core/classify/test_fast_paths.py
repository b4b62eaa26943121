"""The classifier's fast paths give exactly what the slower, obvious code gives."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import compat32

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_PIECES = st.sampled_from(["zero", "one", "two", "seven", "nine", " ", ", ", "-", "零", "〇", "一", "七", "九",
                           "new ", "phone", "send money", "新号", "换号了", "急需用钱", "transfer", "#", "a", "b",
                           "京东", "amazon", "paypal", "淘宝", "jd", "x"])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


_ZH_RUN = st.lists(st.sampled_from("零〇一二七九"), min_size=5, max_size=12).map("".join)
_SPELLED_RUN = st.tuples(st.lists(st.sampled_from(["zero", "one", "two", "seven", "nine"]), min_size=5, max_size=10),
                         st.sampled_from([" ", ", ", "-"])).map(lambda t: t[1].join(t[0]))
_NUMBERISH = st.lists(st.one_of(_ZH_RUN, _SPELLED_RUN, _PIECES), max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NUMBERISH)
def test_evasive_number_guard_finds_what_the_pattern_finds(text: str) -> None:
    from privatrack.core.classify import _EVASIVE_NUMBER, _evasive_number

    got, want = _evasive_number(text), _EVASIVE_NUMBER.search(text)
    assert (got and got.span()) == (want and want.span())


_PITCH_PIECES = st.lists(st.sampled_from([
    "no-obligation", "no obligation", "free quote", "free market analysis", "free  trial", "save you around $##",
    "save up to £#", "unsave $#", "book a call", "book a  demo", "here's my calendar", "heres my calendar",
    "worth a quick ##-min call", "worth a chat", "bumping this", "not the right person", "quick call",
    "circling back", "happy to set up", "reaching out to", "free", "save", "book", "worth", "calendar", "obligation",
    "hello", "#", " ", "\n", "-", "min", "a",
]), max_size=30).map("".join)


@pytest.mark.parametrize("offer", ["a no-obligation chat", "free estimate", "save you over $###", "book a meeting",
                                   "here's my calendar", "worth a ##-minute chat", "bumping this",
                                   "not the right person"])
def test_each_kind_of_offer_passes_the_word_guard(offer: str) -> None:
    from privatrack.core.classify import _cold_pitch

    assert _cold_pitch(f"hi sam, {offer}. circling back on my note.")


@settings(max_examples=400, deadline=None)
@given(_PITCH_PIECES)
def test_cold_pitch_word_guard_decides_as_the_patterns_alone(text: str) -> None:
    from privatrack.core.classify import _PITCH_ANY, _PITCH_OFFER, _cold_pitch

    head = text[:3000]
    plain = _PITCH_OFFER.search(head) is not None and len({m.group(0) for m in _PITCH_ANY.finditer(head)}) >= 2
    assert _cold_pitch(text) == plain


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_new_number_words_found_natively_as_by_python(text: str) -> None:
    lits = evidence._NEW_NUMBER_LITS
    native = evidence._new_number_money(text)
    try:
        evidence._NEW_NUMBER_LITS = None
        assert evidence._new_number_money(text) == native
    finally:
        evidence._NEW_NUMBER_LITS = lits


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    from privatrack.core.classify import Classifier

    return Classifier.standalone().index


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_alias_prefilter_keeps_every_alias_found(index, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    import copy

    aliases = st.sampled_from(sorted(index._aliases))
    text = data.draw(st.lists(st.one_of(aliases, _PIECES), max_size=8).map(" ".join))
    assert index._alias_lits is not None or evidence._ngram is None
    plain = copy.copy(index)
    plain._alias_lits = None
    assert index.alias_in(text) is plain.alias_in(text)
    assert index.display_claim(text) is plain.display_claim(text)


@pytest.mark.parametrize("text", ["", "call 0800 123 456", "中文 123 abc", "x" * 5000 + "9", "١٢٣ 12"])
def test_digits_hashed_as_by_the_pattern(text: str) -> None:
    assert evidence._hash_digits(text) == evidence._ASCII_DIGIT.sub("#", text)


def test_the_merchant_index_pickles_for_helper_processes_and_keeps_its_native_finder(index) -> None:  # type: ignore[no-untyped-def]
    import pickle

    copy = pickle.loads(pickle.dumps(index))
    assert (copy._alias_lits is None) == (evidence._ngram is None)
    for name in sorted(index._aliases)[:200]:
        text = f"offer from {name} today"
        want, got = index.alias_in(text), copy.alias_in(text)
        assert (want and want.name) == (got and got.name), name
