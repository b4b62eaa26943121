"""Speed-ups of evidence extraction find exactly what the plain scans find."""

from __future__ import annotations

import random
import re
from email.parser import BytesHeaderParser
from email.policy import compat32

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privatrack.core.classify import Classifier, evidence, merchants
from privatrack.core.classify.evidence import _ngram
from privatrack.core.classify.merchants import MerchantEntry, MerchantIndex

URL_TEXTS = [
    "",
    "see https://shop.example/a?b=1 and www.jd.com, or t.cn/abc",
    "http://dotless/path then bar.com (http://x.org) 【京东】jd.com。more",
    "mail me at a.b@c.example; visit\u3000foo.co.uk\x1cbar.io\u2028baz.top",
    "end.with.dot. foo..bar .com a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p 1.2.3.4 sub-domain.example-site.net/x",
    "ＷＷＷ.EXAMPLE.COM HTTPS://UPPER.EXAMPLE/P \u212aelvin.com x_y.com _a.com é.com aé.com",
    "no dots here at all http://nodot https://another",
]


def _dotted_matches(text: str) -> list[str]:
    """The links with a dot, each once, in order (hosts come from these)."""
    return list(dict.fromkeys([m.group(0) for m in evidence._URL.finditer(text) if "." in m.group(0)]))


@pytest.mark.parametrize("text", URL_TEXTS + [" ".join(URL_TEXTS) * 50])
def test_url_scan_of_dotted_words_finds_the_same_links(text: str) -> None:
    # every host evidence keeps has a dot, so the links with one must be the same, in the same order
    assert len(evidence._dotted_words(text)) <= len(text)
    assert _dotted_matches(evidence._dotted_words(text)) == _dotted_matches(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab.-/:_ \n\t\u3000\x1cwhtps0é中【（)\"'<") + ["http://", "www.", ".com", ".cn"]),
                max_size=60).map("".join))
def test_url_scan_of_dotted_words_on_any_text(text: str) -> None:
    assert _dotted_matches(evidence._dotted_words(text)) == _dotted_matches(text)


CUE_TEXTS = [
    "【京东】您的订单已发货，回复td退订 点击链接验证身份 积分即将清零 退款请联系客服",
    "your account has been suspended. verify your identity now! click here to verify. reply stop to end",
    "to stop texts reply stop. i need to stop sleeping. txt stop to ##### or opt-out. unsubscribe here",
    "order #### has shipped, out for delivery; tracking number ###; refund of $5 was issued; 50% off sale, free",
    "your code is ####; one-time passcode; otp ####; security code: #####; ###### is your code",
    "",
]
GROUP_CASES = ["ab|c|ad", "a|ab|a", "a*b|ab|a", "x|(?:y)|x", "[ab]c|ac|b", r"\bab|ab|a", "ab?|a", "a{2}|aa|a",
               "a(?<!b)c|ac|a.|b", "汉字|汉|字|汉字"]


def _same_matches(compiled: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    assert compiled.findall(text) == plain.findall(text)
    got, want = compiled.search(text), plain.search(text)
    assert (got and got.span()) == (want and want.span())


@pytest.mark.parametrize("compiled,written", evidence.GROUPED, ids=lambda v: getattr(v, "pattern", v)[:20])
def test_grouped_cue_patterns_match_as_written(compiled: re.Pattern[str], written: str) -> None:
    plain = re.compile(written)
    assert compiled.pattern != written  # grouping did something
    mixed = " ".join(URL_TEXTS + CUE_TEXTS).lower()
    for text in CUE_TEXTS + [" ".join(CUE_TEXTS) * 3] + [mixed[i:] for i in range(0, 60, 7)]:
        _same_matches(compiled, plain, text)


@pytest.mark.parametrize("compiled,written", evidence.GROUPED, ids=lambda v: getattr(v, "pattern", v)[:20])
def test_every_cue_alternative_starts_with_a_plain_character(compiled: re.Pattern[str], written: str) -> None:
    # the engine skips text positions by the set of first characters; one alternative starting with a group, a class
    # or an escape takes that away from the whole pattern (the fraud cues once ran 4x slower on SMS for it)
    for alt in evidence._top_alternatives(compiled.pattern):
        assert evidence._PLAIN_CHAR.fullmatch(alt[:1]) and alt[1:2] not in ("*", "+", "?", "{"), alt


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(" ".join(CUE_TEXTS).split() + list("#.!: ") + ["t", "to", "回复", "点击"]),
                max_size=30).map(" ".join))
def test_grouped_cue_patterns_on_any_mix_of_cue_words(text: str) -> None:
    for compiled, written in evidence.GROUPED:
        _same_matches(compiled, re.compile(written), text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(GROUP_CASES), st.text(st.sampled_from(list("abcxy汉字 ")), max_size=30))
def test_grouping_keeps_the_order_of_alternatives(pattern: str, text: str) -> None:
    grouped = re.compile(evidence.grouped_pattern(pattern))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]


native = pytest.mark.skipif(_ngram is None, reason="the native _ngram module is not built")


@native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("abc中😀 ")), min_size=1, max_size=4), max_size=12),
       st.text(st.sampled_from(list("abc中😀 d")), max_size=40))
def test_literals_finds_exactly_the_needles_in_the_text(needles: list[str], text: str) -> None:
    assert _ngram.Literals(needles).found(text) == [i for i, n in enumerate(needles) if n in text]


@native
def test_literals_refuses_bad_needles() -> None:
    with pytest.raises(ValueError):
        _ngram.Literals(["a", ""])
    with pytest.raises(ValueError):
        _ngram.Literals(["a", 3])
    with pytest.raises(TypeError):
        _ngram.Literals(["a"]).found(b"a")
    assert _ngram.Literals([]).found("abc") == []


def test_literal_start_is_what_every_match_starts_with() -> None:
    assert evidence._literal_start("account (?:has|is)") == "account "
    assert evidence._literal_start("##*% off") == "#"
    assert evidence._literal_start("回复?td") == "回"
    assert evidence._literal_start(r"\bfoo") == evidence._literal_start("(?:a)") == evidence._literal_start("a?b") == ""
    assert evidence._literal_start("ab{2}") == "a"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(" ".join(CUE_TEXTS).split() + list("#.!: ") + ["t", "to", "回复", "点击", "pad" * 40]),
                min_size=20, max_size=120).map(" ".join))
def test_cut_cue_patterns_find_what_the_full_ones_find(text: str) -> None:
    text += " filler" * (evidence._PREFILTER_MIN_CHARS // 7)  # long enough to be cut
    evidence._CUES.patterns(text)  # a set of alternatives seen for the first time runs the full patterns
    cut = evidence._CUES.patterns(text)
    assert any(p not in evidence._CUES.full for p in cut)
    for pat, written in zip(cut, [evidence._WRITTEN[p] for p in evidence._CUES.full], strict=True):
        plain = re.compile(written)
        assert pat.findall(text) == plain.findall(text)
        got, want = pat.search(text), plain.search(text)
        assert (got and got.span()) == (want and want.span())


@pytest.mark.parametrize("text", ["", "###", "### ###", "call +## #### ### ####!", "a###-###-### b", "#" * 12,
                                  "x" * 50 + "#### ### ###", "##### ###-####", "_###-###-###", "+###########"])
def test_phone_search_from_the_first_core_finds_what_the_full_search_finds(text: str) -> None:
    for t in (text, "### " * 3 + text, text + " ###-###", "a" + text):
        assert evidence._has_phone(t) == bool(evidence._PHONE_IN_TEXT.search(t))


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("#### -+a_")), max_size=40))
def test_phone_search_on_any_text(text: str) -> None:
    assert evidence._has_phone(text) == bool(evidence._PHONE_IN_TEXT.search(text))


HEADER_LINES = ["From x\n", "From: a@b.c\n", "A: b\n", " c\n", "\td\n", ":bad\n", "X\n", "\n", "\r\n", "\r", "Y: z\r\n",
                "From y\r", "\x0c", "\x0b", "\x1c", "B:\n", "not a header\n", "C:1", "A: \n", " \n", "B:\t x \r\n",
                "\t\r\n", "N@me!~: v", "Sp ace: v\n", "X-Long: " + "w " * 40 + "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HEADER_LINES), max_size=10).map("".join))
def test_ascii_header_split_matches_the_stdlib_parser_on_any_block(block: str) -> None:
    parsed = BytesHeaderParser(policy=compat32).parsebytes(block.encode("ascii"))
    assert evidence._ascii_headers(block.encode("ascii")) == [(k, str(v)) for k, v in parsed.items()]


EIGHT_BIT_LINES = [b"Subject: caf\xc3\xa9\n", b"From: \xe4\xba\xac\xe4\xb8\x9c <a@b.c>\n", b"X-\xff: v\n",
                   b" \xfe cont\n",
                   b"To: plain\r\n", b"\xe4: x\n", b"Subject: =?utf-8?b?w6k=?=\n", b"A: \x80\r\n\t\x81\r\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([line.encode() for line in HEADER_LINES] + EIGHT_BIT_LINES), max_size=10).map(b"".join))
def test_8bit_header_split_matches_the_stdlib_parser_on_any_block(block: bytes) -> None:
    parsed = BytesHeaderParser(policy=compat32).parsebytes(block)
    assert evidence._bytes_headers(block) == [(k, str(v)) for k, v in parsed.items()]


def test_grouped_alias_pattern_finds_what_the_plain_alternation_finds() -> None:
    index = Classifier.standalone().index
    names = sorted(index._aliases, key=len, reverse=True)
    plain = re.compile("|".join(re.escape(n) for n in names))
    assert index._alias_re is not None and index._alias_re.pattern != plain.pattern
    rnd = random.Random(5)
    for _ in range(300):
        text = " ".join(rnd.choice(names + ["x", "the", "订单", "a.b", "-", ""]) for _ in range(rnd.randrange(1, 12)))
        text = text.replace(" ", rnd.choice(["", " ", "."]), rnd.randrange(3))
        assert [m.span() for m in index._alias_re.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _lookalike_as_written(index: MerchantIndex, host: str) -> MerchantEntry | None:
    """MerchantIndex._lookalike before its speed-ups (a loop over every brand domain and label)."""
    reg = evidence.reg_domain(host)
    label = reg.split(".", 1)[0]
    if reg in index.by_domain or not label or label in index.by_label:
        return None
    norm = evidence.lookalike_label(label)
    if norm != label and norm in index.by_label:
        return index.by_label[norm]
    for d in index._reg_domains:
        if host.startswith(d + ".") or f".{d}." in host:
            return index.by_domain[d]
    parts = [p for p in merchants._SPLIT.split(label) if p]
    for b, e in index.by_label.items():
        if len(b) >= 6 and abs(len(label) - len(b)) <= 2:
            if evidence.edit_distance(label, b, 2) <= (1 if len(b) < 9 else 2):
                return e
        if len(b) >= 4 and b in label or b in parts:
            rest = [r for r in merchants._SPLIT.split(label.replace(b, "-")) if r]
            if rest and all(r in merchants.PHISH_WORDS for r in rest):
                return e
    return None


def test_lookalike_finds_what_the_plain_loops_find() -> None:
    index = Classifier.standalone().index
    rnd = random.Random(9)
    words = [*index._reg_domains, *index.by_label, "login", "secure", "x", "", "com", "co.uk", "xyz", "paypa1",
             "arnazon", "amazom", "support-center", "1", "a-b"]
    for _ in range(3000):
        host = ".".join(rnd.choice(words) for _ in range(rnd.randrange(1, 5))).lower()
        if host:
            assert index._lookalike(host) is _lookalike_as_written(index, host), host


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("ABCZabz019_ -!.é中٣\n")), max_size=40))
def test_number_runs_and_capital_words_match_the_patterns(text: str) -> None:
    assert evidence._number_runs(text) == evidence._NUM_RUN.findall(text)
    assert evidence._capital_words(text) == evidence._CAPS.findall(text)
    ascii_text = text.encode("ascii", "ignore").decode()
    assert evidence._number_runs(ascii_text) == evidence._NUM_RUN.findall(ascii_text)
    assert evidence._capital_words(ascii_text) == evidence._CAPS.findall(ascii_text)
