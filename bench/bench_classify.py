"""Classifier throughput on a realistic mix from ../shared/corpora (one core, CPU time), with an optional profile.

Prints SMS/s and mails/s for ``Classifier.classify`` one at a time and for ``Classifier.classify_many``, and the
model load time. ``--dump F`` writes every verdict (category, merchant, confidence, reasons) as JSON lines and
``--compare F`` reports verdicts that differ from such a dump: a speed-up must not change what users see.
``--python`` scores with the pure-Python path even when the native ``_ngram`` extension is built; ``--ngram``
times the feature set and spam-head scoring alone (Python sets vs native), per message.

``--synthetic N`` also times N synthetic ~8 KB multipart mails from ``bench/gen_corpus.py`` (what
``bench_import.py`` imports), parsed by the importer's ``parse_mail``.

Usage: python bench/bench_classify.py [--corpora DIR] [--sms N] [--mails N] [--profile] [--dump F | --compare F]
       [--python] [--ngram] [--synthetic N]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

import train_classifier as tc  # noqa: E402

from privatrack.core.classify import Classifier, textmodel  # noqa: E402
from privatrack.core.classify import evidence as evmod  # noqa: E402
from privatrack.core.classify.textmodel import load_model  # noqa: E402
from privatrack.core.models import RawMessage  # noqa: E402


def load_inputs(root: Path, n_sms: int, n_mails: int) -> tuple[list[RawMessage], list[RawMessage]]:
    sms: list[RawMessage] = []
    for loader in (tc.load_uci, tc.load_mishra, tc.load_chinese):
        sms.extend(it.msg for it in loader(root))
    # interleave the corpora (English and Chinese) rather than one after the other
    sms.sort(key=lambda m: tc.hashlib.md5(m.body_text.encode("utf-8", "replace")).digest())
    mails: list[RawMessage] = []
    for loader in (tc.load_spamassassin, tc.load_transactional, tc.load_phishing_pot):
        for i, it in enumerate(loader(root)):
            if i % 4 == 0:
                mails.append(it.msg)
    mails.sort(key=lambda m: tc.hashlib.md5(m.item.encode()).digest())
    return sms[:n_sms], mails[:n_mails]


def synthetic_mails(n: int) -> list[RawMessage]:
    """``n`` mails of ``bench/gen_corpus.py`` as the importer parses them."""
    import gen_corpus

    from privatrack.core.importers.mail import parse_mail

    out = [parse_mail(raw, source="bench", item=str(i)) for i, raw in enumerate(gen_corpus.mails(n))]
    return [m for m in out if isinstance(m, RawMessage)]


def batch(clf: Classifier):  # type: ignore[no-untyped-def]
    return getattr(clf, "classify_many", None) or (lambda ms: [clf.classify(m) for m in ms])


def verdicts(clf: Classifier, msgs: list[RawMessage]) -> list[dict[str, object]]:
    return [{"item": f"{m.source}/{m.item}", "category": c.category, "merchant": c.merchant,
             "confidence": c.confidence, "reasons": c.reasons, "suggestion": c.suggestion}
            for m, c in zip(msgs, batch(clf)(msgs), strict=True)]


def timed(fn, msgs: list[RawMessage], repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Messages per CPU second, best of ``repeat`` runs (the machine is shared: the best run is the least disturbed)."""
    if not msgs:
        return 0.0
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(msgs)
        best = min(best, time.process_time() - t0)
    return len(msgs) / max(best, 1e-9)


def ngram_cost(clf: Classifier, msgs: list[RawMessage], label: str) -> None:
    """Microseconds per message to build the feature set and score the spam head: Python sets, then native."""
    if not msgs:
        return
    parts = []
    for m in msgs:
        ev = evmod.extract(m)
        parts.append((*evmod.feature_parts(ev), clf.model.heads[evmod.spam_head(ev, clf.model.heads)]))
    native = textmodel._ngram
    py_heads = {id(h): textmodel.Head(h.bias, h.weights, native=False, norm_known=h.norm_known) for *_, h in parts}

    def run_py(_: object) -> None:
        for text, extras, words, h in parts:
            feats = textmodel.char_ngrams(text)
            feats.update(extras)
            feats.update(textmodel.word_tokens(words))
            py_heads[id(h)].score(feats, 1.0 / max(len(feats), 1) ** 0.5)

    def run_native(_: object) -> None:
        for text, extras, words, h in parts:
            feats = textmodel.features(text, extras, words)
            h.score(feats, 1.0 / max(len(feats), 1) ** 0.5)

    def run_build(_: object) -> None:
        for text, extras, words, _h in parts:
            textmodel.features(text, extras, words)

    us = lambda fn: 1e6 / timed(fn, msgs)  # noqa: E731
    line = f"n-grams + spam head, {label}: Python sets {us(run_py):6.1f} us/msg"
    if native is not None:
        line += f", native {us(run_native):5.1f} us/msg (building the features: {us(run_build):4.1f} us)"
    print(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpora", type=Path, default=tc.DEFAULT_CORPORA)
    ap.add_argument("--sms", type=int, default=20000)
    ap.add_argument("--mails", type=int, default=1000)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--python", action="store_true", help="score without the native extension")
    ap.add_argument("--ngram", action="store_true", help="time the feature set and spam-head scoring alone")
    ap.add_argument("--synthetic", type=int, default=0, metavar="N", help="also time N synthetic 8 KB mails")
    ap.add_argument("--model", type=Path, help="time this classifier.npz instead of the shipped model")
    args = ap.parse_args(argv)
    if args.python:
        textmodel._ngram = None  # type: ignore[assignment]
        evmod._CUES.literals = None  # the cue patterns run in full, as without the extension
    print(f"n-gram scoring: {'native' if textmodel._ngram is not None else 'Python'}")

    t0 = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    clf = Classifier.standalone()
    standalone_s = time.perf_counter() - t0
    if args.model:
        clf.model = load_model(args.model)
    sms, mails = load_inputs(args.corpora, args.sms, args.mails)
    print(f"inputs: {len(sms)} SMS, {len(mails)} mails")
    for m in sms[:200] + mails[:20]:  # warm caches as a long import run would
        clf.classify(m)

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for m in sms:
            clf.classify(m)
        for m in mails:
            clf.classify(m)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)

    if args.ngram:
        ngram_cost(clf, sms, "SMS")
        ngram_cost(clf, mails, "mail")

    one = lambda ms: [clf.classify(m) for m in ms]  # noqa: E731
    print(f"classify():      {timed(one, sms):10,.0f} SMS/s  {timed(one, mails):8,.0f} mails/s")
    print(f"classify_many(): {timed(batch(clf), sms):10,.0f} SMS/s  {timed(batch(clf), mails):8,.0f} mails/s")
    if args.synthetic:
        synthetic = synthetic_mails(args.synthetic)
        one(synthetic)  # warm caches
        print(f"classify():      {timed(one, synthetic):8,.0f} synthetic 8 KB mails/s ({len(synthetic)} mails)")
    print(f"model load: {load_s * 1000:.0f} ms (Classifier.standalone: {standalone_s * 1000:.0f} ms)")

    if args.dump or args.compare:
        got = verdicts(clf, sms + mails)
        if args.dump:
            args.dump.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in got), "utf-8")
            print(f"wrote {len(got)} verdicts to {args.dump}")
        if args.compare:
            old = [json.loads(line) for line in args.compare.read_text("utf-8").splitlines()]
            diff = [(a, b) for a, b in zip(old, got, strict=False) if a != b]
            cats = sum(a["category"] != b["category"] for a, b in diff)
            print(f"compared {min(len(old), len(got))} verdicts: {len(diff)} differ ({cats} in category)")
            for a, b in diff[:10]:
                print(" was", json.dumps(a, ensure_ascii=False)[:300])
                print(" now", json.dumps(b, ensure_ascii=False)[:300])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
