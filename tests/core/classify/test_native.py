"""The native n-gram scorer (``_ngram.c``) gives exactly what the Python path gives, and survives hostile input."""

from __future__ import annotations

import gc
import os
import random
import sys
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privatrack.core.classify import Classifier, evidence, textmodel
from privatrack.core.classify.textmodel import Head, char_ngrams, load_model, word_tokens
from privatrack.core.models import RawMessage

_ngram = textmodel._ngram
native = pytest.mark.skipif(_ngram is None, reason="the native _ngram module is not built")

LONG_MAIL = ("Dear customer,\n\nYour order #1234 has shipped. 您的订单已发货，请注意查收。 "
             "Track it at https://example.com/t?id=##### \U0001F4E6\n") * 60
TEXTS = [
    "",
    "a",
    "ab",
    "abc",
    "free entry in # a wkly comp to win fa cup final tkts ##st may ####. text fa to ##### to receive entry",
    "【京东】您的订单已发货，回复td退订",
    "尊敬的用户您好，您的账户存在异常，请点击链接验证身份",
    "party tonight 🎉🎉🎉 bring 🍕? \U0001F600\U0001F601 ok",
    "é à ü ß ç — ‘quotes’ … 中文 and 😀 in one",
    "\x00\x01\x00\x01w:free \x01s:sms \x00",
    "\x01w:win \x01b:win big",  # its n-grams equal some of the extras below
    "aaaaaaaaaaaaaaaaaaaa",
    "abababababababab",
    "lone \ud800 surrogate \udfff and a pair \ud83d\ude00",
    "\U0010ffff\U0010fffe\uffff\U00010000",
    LONG_MAIL,
]
EXTRAS = [
    [],
    ["\x01w:win", "\x01b:win big", "\x01s:sms", "w", "\x01w", "\x01w:", "win", "\x01w:win"],  # repeats, n-gram twins
    ["\x01s:len0", "\x01c:free", "\x01n:08l11", "中文", "😀", "\ud800", ""],
]


def py_set(text: str, extras: list[str], words: str = "") -> set[str]:
    out = char_ngrams(text)
    out.update(extras)
    out.update(word_tokens(words))
    return out


def rich_head(text: str, extras: list[str], seed: int, words: str = "") -> Head:
    """A head that knows about half of the message's features plus unrelated keys, with tied weights."""
    rnd = random.Random(seed)
    feats = sorted(py_set(text, extras, words))
    keys = [f for f in feats if rnd.random() < 0.5] + [f"\x01z:{i}" for i in range(50)] + ["zzzz", "q", "\U0001F4E6x"]
    return Head(0.25, {k: rnd.choice([-1.5, -0.25, 0.0, 0.5, 0.5, 2.0, rnd.uniform(-3, 3)]) for k in keys})


def python_head(head: Head) -> Head:
    return Head(head.bias, head.weights, native=False, norm_known=head.norm_known)


def assert_same_scores(text: str, extras: list[str], heads: list[Head], words: str = "") -> None:
    nat = textmodel.features(text, extras, words)
    assert isinstance(nat, _ngram.Features)
    ref = py_set(text, extras, words)
    assert len(nat) == len(ref)
    assert nat.as_set() == ref
    norm = 1.0 / max(len(ref), 1) ** 0.5
    for head in heads:
        assert head.table is not None
        got, known = head.score(nat, norm)
        want, want_known = python_head(head).score(ref, norm)
        assert got == pytest.approx(want, abs=1e-9, rel=0)
        assert head.logit(nat, norm) == pytest.approx(want, abs=1e-9, rel=0)
        assert isinstance(known, _ngram.Known) and isinstance(want_known, textmodel.Known)
        # same features, same (model) order, same weights
        assert (known.feats, known.weights, len(known)) == (want_known.feats, want_known.weights, len(want_known))
        for positive in (True, False):
            for k in (3, 1, 0, 12, -2):
                assert head.top(known, k, positive) == head.top(want_known, k, positive)


@native
@pytest.mark.parametrize("extras", EXTRAS)
@pytest.mark.parametrize("text", TEXTS)
def test_native_features_and_scores_equal_the_python_sets(text: str, extras: list[str]) -> None:
    heads = [rich_head(text, extras, seed) for seed in range(3)]
    known_norm = rich_head(text, extras, 3)
    known_norm.norm_known = True
    assert_same_scores(text, extras, [*heads, known_norm])


@native
@pytest.mark.parametrize("text", TEXTS)
def test_native_scores_of_the_shipped_heads_equal_python(text: str) -> None:
    model = load_model()
    assert_same_scores(text, EXTRAS[1], list(model.heads.values()))


@native
@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=60),
       st.lists(st.text(st.characters(min_codepoint=0, max_codepoint=0x2FF, exclude_categories=()), max_size=6),
                max_size=8))
def test_native_equals_python_on_any_text(text: str, extras: list[str]) -> None:
    assert_same_scores(text, extras, [rich_head(text, extras, 7)])


WORD_TEXTS = [
    "",
    "hello",
    "hello world hello world hello",
    "can't won't 'quoted' a''b '' ' -x- $5 £10 €20 #### ##st ab#c$d £€$#",
    "Upper CASE é ü ß ﬁ 中文 mixed\tand\nlines, commas; win big win big",
    "\x01w:win \x01b:win big w: b: \x01",  # words that spell the extras below
    LONG_MAIL.lower(),
]


@native
@pytest.mark.parametrize("words", WORD_TEXTS)
@pytest.mark.parametrize("extras", EXTRAS)
def test_native_word_features_equal_python(words: str, extras: list[str]) -> None:
    for text in ("", TEXTS[4], words[:40]):
        assert_same_scores(text, extras, [rich_head(text, extras, seed, words) for seed in range(2)], words)


@native
@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("abz#$£€' -\x01:wé中A0\n")), max_size=80),
       st.lists(st.sampled_from(["\x01w:a", "\x01b:a a", "\x01w:", "a", "\x01w:#$"]), max_size=4))
def test_native_word_features_on_any_text(words: str, extras: list[str]) -> None:
    assert_same_scores(words[:10], extras, [rich_head(words[:10], extras, 5, words)], words)
    for bits in (3, 64):
        f = _ngram.Features(words[:10], extras, words, hash_bits=bits)
        assert f.as_set() == py_set(words[:10], extras, words) and len(f) == len(py_set(words[:10], extras, words))


@native
@pytest.mark.parametrize("bits", [1, 2, 5])
def test_hash_collisions_never_merge_features_or_lend_weights(bits: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a few hash bits nearly every feature collides: results must still be exact.
    for text in TEXTS:
        for extras in EXTRAS:
            f = _ngram.Features(text, extras, hash_bits=bits)
            assert f.as_set() == py_set(text, extras)
            assert len(f) == len(py_set(text, extras))
            f = _ngram.Features(text, extras, text.lower(), hash_bits=bits)
            assert f.as_set() == py_set(text, extras, text.lower())
    # Two keys sharing a hash are refused; the head then scores in Python, with the same results.
    with pytest.raises(ValueError, match="collision"):  # more keys than hash values
        _ngram.Table([f"k{i}" for i in range(40)], [1.0] * 40, hash_bits=bits)
    monkeypatch.setattr(textmodel, "_HASH_BITS", bits)
    text, extras = TEXTS[4], EXTRAS[1]
    head = rich_head(text, extras, 1)
    assert head.table is None
    feats = textmodel.features(text, extras)
    assert isinstance(feats, _ngram.Features)
    ref = py_set(text, extras)
    got, known = head.score(feats, 0.5)
    want, want_known = head.score(ref, 0.5)
    assert isinstance(known, textmodel.Known)
    assert (got, known) == (want, want_known) and len(feats) == len(ref)


@native
def test_a_table_without_collisions_still_checks_each_match() -> None:
    # 8 hash bits: features collide with keys they are not; only equal strings may count.
    keys = ["ab", "\x01w:ab", "b"]
    table = _ngram.Table(keys, [1.0, 10.0, 100.0], hash_bits=8)
    for text in TEXTS:
        f = _ngram.Features(text, ["\x01w:ab"] if "a" in text else [], hash_bits=8)
        ref = py_set(text, ["\x01w:ab"] if "a" in text else [])
        total, known = table.score(f)
        assert known.feats == [k for k in keys if k in ref]
        assert total == sum(w for k, w in zip(keys, [1.0, 10.0, 100.0], strict=True) if k in ref)


@native
def test_bad_arguments_are_errors_not_crashes() -> None:
    with pytest.raises(TypeError):
        _ngram.Features(b"bytes", [])
    with pytest.raises(TypeError):
        _ngram.Features("text", ["ok", 3])
    with pytest.raises(TypeError):
        _ngram.Features("text", None)
    with pytest.raises(ValueError):
        _ngram.Features("text", [], hash_bits=0)
    with pytest.raises(ValueError):
        _ngram.Table(["a"], [1.0, 2.0])
    with pytest.raises(ValueError, match="duplicate"):
        _ngram.Table(["a", "a"], [1.0, 2.0])
    with pytest.raises(TypeError):
        _ngram.Table([1], [1.0])
    with pytest.raises(TypeError):
        _ngram.Table(["a"], ["1.0"])
    table = _ngram.Table(["a"], [1])
    with pytest.raises(TypeError):
        table.score({"a"})
    with pytest.raises(ValueError):
        table.score(_ngram.Features("a", [], hash_bits=32))
    with pytest.raises(ValueError, match="NaN"):
        _ngram.Table(["a"], [float("nan")])
    total, known = table.score(_ngram.Features("a", []))
    assert (total, known.feats, known.weights) == (1.0, ["a"], [1.0])
    with pytest.raises(TypeError):
        known.top("3")
    empty = _ngram.Table([], [])
    total, known = empty.score(_ngram.Features("abc", ["x"]))
    assert len(empty) == 0 and (total, known.feats, known.top(3), known.top(3, False)) == (0.0, [], [], [])


@native
@pytest.mark.parametrize("weights", [
    [2.0, -1.0, 2.0, 0.5, -3.0, 0.0, -0.0, 2.0, -1.0, 0.0],
    [0.0, -0.0, 0.0, -0.0],
    [1e-300, -1e-300, 5e300, -5e300, 1.0, 1.0],
])
def test_native_top_picks_what_python_picks(weights: list[float]) -> None:
    keys = [chr(ord("a") + i) for i in range(len(weights))]
    head = Head(0.0, dict(zip(keys, weights, strict=True)))
    feats = textmodel.features("".join(keys), [])
    _, known = head.score(feats, 1.0)
    _, want = python_head(head).score(set(keys), 1.0)
    assert isinstance(known, _ngram.Known)
    for positive in (True, False):
        for k in range(-len(keys) - 1, len(keys) + 2):
            assert known.top(k, positive=positive) == head.top(want, k, positive), (k, positive)


@native
def test_long_and_repetitive_texts() -> None:
    # memory follows the unique features: 8 here, whatever the length
    f = _ngram.Features("ab" * 2_000_000, [])
    assert len(f) == 8 and f.as_set() == {"a", "b", "ab", "ba", "aba", "bab", "abab", "baba"}
    rnd = random.Random(3)
    text = "".join(chr(rnd.choice([rnd.randrange(32, 127), rnd.randrange(0x4E00, 0x9FFF), 0x1F600, 0xD800]))
                   for _ in range(30_000))
    f = _ngram.Features(text, ["x"] * 1000)
    assert f.as_set() == py_set(text, ["x"])
    words = " ".join(rnd.choice(["win", "big", "£5", "can't", "a", "free" * 50]) for _ in range(50_000))
    f = _ngram.Features("ab", [], words)
    assert len(f) == len(py_set("ab", [], words)) and f.as_set() == py_set("ab", [], words)


@native
def test_no_references_or_memory_leak() -> None:
    text, extras = TEXTS[5] + TEXTS[7], EXTRAS[1] + EXTRAS[2]
    head = rich_head(text, extras, 2)
    assert head.table is not None
    key = next(iter(head.weights))
    extra = extras[0]
    refs = sys.getrefcount(key), sys.getrefcount(extra), sys.getrefcount(head.weights[key])

    def run() -> None:
        for _ in range(300):
            f = textmodel.features(text, extras, LONG_MAIL.lower())
            _, known = head.score(f, 1.0)
            head.top(known, 3, True)
            head.top(known, 20, False)
            assert known.feats and known.weights
            head.logit(f, 1.0)
            f.as_set()
            assert _ngram.Literals([extra, "订单", "party"]).found(text) == [1, 2]

    run()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    run()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 20_000
    assert (sys.getrefcount(key), sys.getrefcount(extra), sys.getrefcount(head.weights[key])) == refs


def _messages() -> list[RawMessage]:
    sms = [t for t in TEXTS if t] + ["您的验证码是123456，5分钟内有效【招商银行】",
                                     "URGENT! You have won a £1000 prize. Call 09061701461"]
    out = [RawMessage(channel="sms", source="t", item=str(i), raw=t.encode("utf-8", "surrogatepass"),
                      sender="10690000", body_text=t) for i, t in enumerate(sms)]
    for i, t in enumerate([LONG_MAIL, "Hi Bob,\nlunch tomorrow?\nAlice", TEXTS[9]]):
        raw = f"From: Shop <news@shop.example>\nSubject: Hello\nList-Unsubscribe: <mailto:u@shop.example>\n\n{t}"
        out.append(RawMessage(channel="email", source="t", item=f"m{i}", raw=raw.encode("utf-8", "surrogatepass"),
                              sender="news@shop.example", subject="Hello", body_text=t,
                              headers={"list-unsubscribe": "<mailto:u@shop.example>"}))
    # a mail scam's script (found through the native word finder, or by plain look-ups without it)
    t = ("Your Norton 360 plan was renewed for $399.99. If you did not authorize this renewal, call us at "
         "+1 (808) 555-0143. Senha de acesso: 123")
    out.append(RawMessage(channel="email", source="t", item="m9", raw=t.encode(), sender="billing.desk@gmail.com",
                          subject="Renewal", body_text=t))
    return out


@native
def test_classifier_verdicts_are_the_same_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    msgs = _messages()
    fast = Classifier.standalone()
    assert isinstance(fast.model.features("x", []), _ngram.Features)
    got = [fast.classify(m) for m in msgs]
    monkeypatch.setattr(textmodel, "_ngram", None)
    monkeypatch.setattr(evidence._CUES, "literals", None)  # what evidence does without the extension
    monkeypatch.setattr(evidence, "_MAIL_LITS", None)
    slow = Classifier([], model=load_model())
    slow.index = fast.index
    assert all(h.table is None for h in slow.model.heads.values())
    assert isinstance(slow.model.features("x", []), textmodel.Features)
    assert [slow.classify(m) for m in msgs] == got


def test_the_features_the_classifier_scores_are_the_training_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    # scripts/train_classifier.py learns from evidence.tokens(); the classifier scores features(*token_parts())
    evs = [evidence.extract(m) for m in _messages()]
    for ev in evs:
        assert textmodel.features(*evidence.token_parts(ev)).as_set() == evidence.tokens(ev)
        assert textmodel.features(*evidence.feature_parts(ev)).as_set() == evidence.tokens(ev)
    monkeypatch.setattr(textmodel, "_ngram", None)
    for ev in evs:
        assert textmodel.features(*evidence.token_parts(ev)).as_set() == evidence.tokens(ev)
        assert textmodel.features(*evidence.feature_parts(ev)).as_set() == evidence.tokens(ev)


def test_the_python_path_alone_matches_the_token_set(monkeypatch: pytest.MonkeyPatch) -> None:
    # what runs on a machine without a compiler
    monkeypatch.setattr(textmodel, "_ngram", None)
    for text in TEXTS:
        for extras in EXTRAS:
            f = textmodel.features(text, extras)
            assert isinstance(f, textmodel.Features)
            assert f.as_set() == py_set(text, extras) and len(f) == len(py_set(text, extras))
            f = textmodel.features(text, extras, text.lower())
            assert f.as_set() == py_set(text, extras, text.lower())


@pytest.mark.skipif(not os.environ.get("PRIVATRACK_REQUIRE_NATIVE"), reason="PRIVATRACK_REQUIRE_NATIVE is not set")
def test_native_module_is_built_and_in_use() -> None:
    # CI sets PRIVATRACK_REQUIRE_NATIVE=1: a build that failed silently (the extension is optional) fails here.
    assert _ngram is not None, "privatrack/core/classify/_ngram.c was not built (gcc and python3-dev installed?)"
    model = Classifier.standalone().model
    assert isinstance(model.features("abc", ["x"]), _ngram.Features)
    assert all(h.table is not None for h in model.heads.values())
