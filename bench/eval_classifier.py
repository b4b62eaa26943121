"""Evaluate the classifier on the fixed test split of ../shared/corpora, side by side with bogofilter (issue 4).

Prints precision/recall/F1 of "marketing or fraud" against the rest per corpus, per-category figures, the same
binary figures for bogofilter trained on the same training split, throughput (SMS/s on one core) and model load time.

The shipped model learns from the test split too, so by default this script first fits a model the same way on
the training split only (``train_classifier.py --split-only``, ~3 min) and evaluates that; ``--model F`` evaluates
a saved model instead, ``--shipped`` the shipped one (its test figures are not a measure: it has seen the test split).

Usage: python bench/eval_classifier.py [--corpora DIR] [--no-bogofilter] [--errors N] [--model F | --shipped]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_classifier as tc  # noqa: E402

from privatrack.core.classify import CATEGORIES, Classifier  # noqa: E402
from privatrack.core.classify.textmodel import load_model  # noqa: E402

GROUPS = {  # reported groups: the e-mail corpora together, as the targets are stated
    "uci_sms": ["uci_sms"], "smishing_sms": ["smishing_sms"], "chinese_sms": ["chinese_sms"],
    "email (spamassassin+transactional)": ["spamassassin", "transactional_email"],
    "email incl. phishing_pot (eval only)": ["spamassassin", "transactional_email", "phishing_pot"],
    "spamassassin": ["spamassassin"], "transactional_email": ["transactional_email"], "phishing_pot": ["phishing_pot"],
}


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float, int]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, len(gold)


def as_mail(item: tc.Item) -> bytes:
    """An item as one mbox entry for bogofilter (SMS become a header-less body)."""
    if item.msg.channel == "email":
        body = item.msg.raw
    else:
        body = b"Subject: \n\n" + item.msg.body_text.encode("utf-8")
    lines = [(b">" + ln if ln.startswith(b"From ") else ln) for ln in body.replace(b"\r\n", b"\n").split(b"\n")]
    return b"From bench@localhost Thu Jan  1 00:00:00 2000\n" + b"\n".join(lines) + b"\n\n"


def bogofilter(train: list[tc.Item], test: list[tc.Item]) -> list[tuple[str, float]] | None:
    """Train one bogofilter word list per corpus (its best case) on the training split; classify the test split."""
    exe = shutil.which("bogofilter") or "/usr/bin/bogofilter"
    if not os.path.exists(exe):
        return None
    result: dict[int, tuple[str, float]] = {}
    corpora = {it.corpus for it in test}
    for corpus in sorted(corpora):
        # phishing_pot is never trained on: score it with the e-mail word list, like our model
        source = "spamassassin" if corpus in ("phishing_pot", "transactional_email") else corpus
        pool = [it for it in train if it.corpus in (source, "transactional_email" if source == "spamassassin" else "")]
        with tempfile.TemporaryDirectory() as tmp:
            for flag, wanted in (("-s", True), ("-n", False)):
                data = b"".join(as_mail(it) for it in pool if it.unwanted == wanted)
                subprocess.run([exe, "-C", "-d", tmp, flag], input=data, check=True)
            files: dict[str, int] = {}
            for i, it in enumerate(test):
                if it.corpus == corpus:
                    p = Path(tmp) / f"m{i:06d}"
                    p.write_bytes(as_mail(it).split(b"\n", 1)[1])
                    files[str(p)] = i
            out = subprocess.run([exe, "-C", "-d", tmp, "-T", "-b"], input="\n".join(files).encode(),
                                 capture_output=True, check=False).stdout.decode()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] in files:
                result[files[parts[0]]] = (parts[1], float(parts[2]))
    return [result.get(i, ("H", 0.0)) for i in range(len(test))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpora", type=Path, default=tc.DEFAULT_CORPORA)
    ap.add_argument("--no-bogofilter", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified test items per corpus")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path,
                       help="a classifier.npz to evaluate (default: fit one on the training split)")
    which.add_argument("--shipped", action="store_true", help="evaluate the shipped model (it has seen the test split)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - t0  # the shipped model's load time, whichever model is evaluated
    t0 = time.perf_counter()
    clf = Classifier.standalone()
    standalone_s = time.perf_counter() - t0

    items = tc.load_all(args.corpora)
    if args.model:
        clf.model = load_model(args.model)
    elif not args.shipped:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "split.npz"
            tc.main(["--corpora", str(args.corpora), "--split-only", "--out", str(out)])
            clf.model = load_model(out)
    print(f"model: {clf.model.version}")
    test = [it for it in items if not it.train_ok or tc.is_test(tc.split_key(it))]
    train = [it for it in items if it.train_ok and not tc.is_test(tc.split_key(it))]
    print(f"items: {len(items)}  train: {len(train)}  test: {len(test)}")

    preds = []
    for it in test:
        preds.append(clf.classify(it.msg))
    ours = [p.category in ("marketing", "fraud") for p in preds]
    bogo = None if args.no_bogofilter else bogofilter(train, test)

    print("\n\"marketing or fraud\" vs rest on the test split")
    print(f"{'corpus':40s} {'n':>6s} | {'P':>6s} {'R':>6s} {'F1':>6s} | {'bogo P':>6s} {'bogo R':>6s} {'bogo F1':>7s}")
    for group, corpora in GROUPS.items():
        idx = [i for i, it in enumerate(test) if it.corpus in corpora]
        if not idx:
            continue
        gold = [test[i].unwanted for i in idx]
        p, r, f, n = prf(gold, [ours[i] for i in idx])
        line = f"{group:40s} {n:6d} | {p:6.4f} {r:6.4f} {f:6.4f}"
        if bogo is not None:
            # bogofilter's best case of two readings: its own verdict (S = spam, Unsure = not) or spamicity >= 0.5
            verdict = prf(gold, [bogo[i][0] == "S" for i in idx])
            score = prf(gold, [bogo[i][1] >= 0.5 for i in idx])
            bp, br, bf, _ = max(verdict, score, key=lambda x: x[2])
            line += f" | {bp:6.4f} {br:6.4f} {bf:7.4f} ({'verdict' if bf == verdict[2] else 'score'})"
        print(line)

    print("\nper category (gold categories from the corpus labels; SMS ham counts as personal)")
    for cat in CATEGORIES:
        gold = [it.category == cat for it in test]
        p, r, f, _ = prf(gold, [pr.category == cat for pr in preds])
        print(f"{cat:14s} P {p:6.4f}  R {r:6.4f}  F1 {f:6.4f}  (gold {sum(gold)})")

    print("\nconfusion per corpus (rows: gold category, columns: verdict)")
    for corpus in sorted({it.corpus for it in test}):
        idx = [i for i, it in enumerate(test) if it.corpus == corpus]
        print(f"{corpus:24s} " + " ".join(f"{c[:8]:>8s}" for c in CATEGORIES))
        for gold_cat in CATEGORIES:
            row = [sum(1 for i in idx if test[i].category == gold_cat and preds[i].category == c) for c in CATEGORIES]
            if any(row):
                print(f"  {gold_cat:22s} " + " ".join(f"{v:8d}" for v in row))

    if args.errors:
        shown: dict[str, int] = defaultdict(int)
        for it, pr, o in zip(test, preds, ours, strict=True):
            if o != it.unwanted and shown[it.corpus] < args.errors:
                shown[it.corpus] += 1
                text = (it.msg.subject or "") + " | " + it.msg.body_text[:160].replace("\n", " ")
                print(f"[{it.corpus} gold={it.category} got={pr.category} {pr.confidence}] {it.msg.item} {text}")

    # Throughput: one core, SMS from the three SMS corpora, the classifier as the pipeline calls it.
    sms = [it.msg for it in items if it.msg.channel == "sms"][:20000]
    t0 = time.process_time()
    for m in sms:
        clf.classify(m)
    sms_s = time.process_time() - t0
    mails = [it.msg for it in test if it.msg.channel == "email"][:1000]
    t0 = time.process_time()
    for m in mails:
        clf.classify(m)
    mail_s = time.process_time() - t0
    print(f"\nthroughput: {len(sms) / sms_s:,.0f} SMS/s, {len(mails) / mail_s:,.0f} mails/s (CPU time, one core)")
    print(f"model load: {load_s * 1000:.0f} ms (Classifier.standalone: {standalone_s * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
