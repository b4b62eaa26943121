"""Import benchmark: messages/s and peak RSS for mbox, Maildir and SMS XML into an encrypted vault.

    python bench/bench_import.py [--mails 10000] [--sms 100000] [--workdir DIR] [--no-classify-runs] [--store-stage]
                                 [--workers N] [--reimport] [--only mbox,Maildir] [--pairs N]

Each case runs ``import_paths`` (what the CLI's ``import`` runs) in its own process (so peak RSS is per case)
against a fresh vault, with and without the classifier when ``privatrack.core.classify`` is available; CPU/msg
is the CPU time of that process and its helpers per imported message; full-text indexing is always on.
``notmuch new`` (Debian package notmuch) is timed on the same Maildir and the ratio printed. The issue's full
size is ``--mails 100000 --sms 200000``. ``--store-stage`` also times the vault write path alone: items parsed
beforehand, then ``ingest`` in one process without classification (hashing, compression, rows, indexes, FTS).
``--pairs N`` times N more pairs of ``notmuch new`` and the Maildir import with classification back to back and
prints the median ratio: this shared machine's speed drifts by a third between runs a minute apart, so one pair
says little.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, os, resource, sys, time
from privatrack.core.importers.pipeline import import_paths
from privatrack.core.store.vault import Vault
vault_path, src, classify, workers, reimport = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4]), \
    sys.argv[5] == "1"
v = Vault.open(vault_path, os.environ["BENCH_PASSPHRASE"], use_keyring=False)
clf = None
if classify:
    from privatrack.core.classify import Classifier
    clf = Classifier.for_db(v.db)


def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


c, t = cpu(), time.perf_counter()
# What the CLI's import command runs (helper processes as it starts them).
r = import_paths(v.db, [src], classifier=clf, workers=None if workers < 0 else workers)
secs, cpu_secs = time.perf_counter() - t, cpu() - c
out = {"n": r.imported, "rejected": len(r.rejected), "secs": secs, "cpu_secs": cpu_secs}
if reimport:
    t = time.perf_counter()
    r2 = import_paths(v.db, [src], classifier=clf, workers=None if workers < 0 else workers)
    out.update(reimport_secs=time.perf_counter() - t, reimport_new=r2.imported, reimport_present=r2.already_present)
v.lock()
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
out["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps(out))
"""


def _new_vault(path: Path, passphrase: str) -> None:
    from privatrack.core import keys
    from privatrack.core.store.vault import Vault

    kdf = keys.KdfParams(salt=os.urandom(16), iterations=keys.MIN_ITERATIONS, memory_kib=keys.MIN_MEMORY_KIB)
    Vault.create(path, passphrase, kdf=kdf).lock()


def run_case(work: Path, name: str, src: Path, classify: bool, workers: int, reimport: bool) -> dict[str, float]:
    passphrase = "bench passphrase"
    vault = work / f"vault-{name}-{int(classify)}-{workers}.db"
    for p in (vault, Path(str(vault) + ".keys")):
        p.unlink(missing_ok=True)
    _new_vault(vault, passphrase)
    env = dict(os.environ, BENCH_PASSPHRASE=passphrase)
    out = subprocess.run([sys.executable, "-c", CHILD, str(vault), str(src), "1" if classify else "0", str(workers),
                          "1" if reimport else "0"],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{name} failed:\n{out.stderr[-3000:]}")
    res: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return res


STAGE_CHILD = r"""
import os, sys, time
from privatrack.core.importers import iter_items
from privatrack.core.importers.pipeline import ingest
from privatrack.core.store.vault import Vault
items = list(iter_items(sys.argv[2], workers=0))
v = Vault.open(sys.argv[1], os.environ["BENCH_PASSPHRASE"], use_keyring=False)
t = time.perf_counter()
r = ingest(v.db, items)
print(f"{r.imported / (time.perf_counter() - t):.0f}")
v.lock()
"""


def store_stage_rate(work: Path, name: str, src: Path) -> float:
    """msg/s of ``ingest`` alone on pre-parsed items (the vault write path), in a fresh vault."""
    passphrase = "bench passphrase"
    vault = work / f"vault-stage-{name}.db"
    for p in (vault, Path(str(vault) + ".keys")):
        p.unlink(missing_ok=True)
    _new_vault(vault, passphrase)
    out = subprocess.run([sys.executable, "-c", STAGE_CHILD, str(vault), str(src)], capture_output=True, text=True,
                         env=dict(os.environ, BENCH_PASSPHRASE=passphrase), check=False)
    if out.returncode != 0:
        raise SystemExit(f"store stage {name} failed:\n{out.stderr[-3000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def notmuch_rate(maildir: Path, work: Path) -> float | None:
    if not shutil.which("notmuch"):
        return None
    copy = work / "notmuch-Maildir"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(maildir, copy)
    cfg = work / "notmuch-config"
    cfg.write_text(f"[database]\npath={copy}\n[user]\nname=Bench\nprimary_email=bench@example.com\n"
                   "[new]\ntags=inbox;\n[maildir]\nsynchronize_flags=false\n")
    n = sum(1 for _ in (copy / "cur").iterdir())
    t = time.perf_counter()
    subprocess.run(["notmuch", "new", "--quiet"], env=dict(os.environ, NOTMUCH_CONFIG=str(cfg)), check=True,
                   capture_output=True)
    return n / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mails", type=int, default=10_000)
    ap.add_argument("--sms", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=-1, help="helper processes, as the CLI's --jobs (-1: its default)")
    ap.add_argument("--reimport", action="store_true", help="also time importing each source again (nothing new)")
    ap.add_argument("--only", default="", help="comma-separated cases to run (mbox, Maildir, SMS XML)")
    ap.add_argument("--no-classify-runs", action="store_true", help="skip the runs with classification")
    ap.add_argument("--store-stage", action="store_true", help="also time the vault write path alone")
    ap.add_argument("--pairs", type=int, default=0,
                    help="also time N back-to-back pairs of `notmuch new` and the Maildir import with "
                         "classification, and print the median ratio (the machine's speed drifts between runs)")
    a = ap.parse_args()
    os.environ.setdefault("PRIVATRACK_KDF_TARGET_SECONDS", "0.01")
    import gen_corpus

    work = a.workdir or Path(tempfile.mkdtemp(prefix="privatrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if not (corpus / "sms.xml").exists():
        corpus.mkdir(exist_ok=True)
        t = time.perf_counter()
        gen_corpus.write_mbox(corpus / "bench.mbox", a.mails)
        gen_corpus.write_maildir(corpus / "Maildir", a.mails)
        gen_corpus.write_sms_xml(corpus / "sms.xml", a.sms)
        print(f"generated {a.mails:,} mails and {a.sms:,} SMS in {time.perf_counter() - t:.0f} s under {corpus}")
    try:
        import privatrack.core.classify  # noqa: F401

        have_classifier = True
    except ImportError:
        have_classifier = False
    can_classify = have_classifier and not a.no_classify_runs
    print(f"workers {'default' if a.workers < 0 else a.workers}, {os.cpu_count()} cores")
    cases = [("mbox", corpus / "bench.mbox"), ("Maildir", corpus / "Maildir"), ("SMS XML", corpus / "sms.xml")]
    if a.only:
        cases = [c for c in cases if c[0] in a.only.split(",")]
    print(f"{'input':<8} {'classify':<9} {'messages':>9} {'seconds':>8} {'msg/s':>8} {'CPU/msg':>8} {'peak RSS':>9}"
          f"{'  re-import s' if a.reimport else ''}")
    rates: dict[tuple[str, bool], float] = {}
    for name, src in cases:
        for classify in ([False, True] if can_classify else [False]):
            r = run_case(work, name.replace(" ", "_"), src, classify, a.workers, a.reimport)
            rate = r["n"] / r["secs"]
            rates[(name, classify)] = rate
            rss = max(r["rss_mb"], r["worker_rss_mb"])
            cpu_us = r["cpu_secs"] / max(1, r["n"]) * 1e6
            again = f"  {r['reimport_secs']:>6.1f} ({int(r['reimport_new'])} new)" if a.reimport else ""
            print(f"{name:<8} {'yes' if classify else 'no':<9} {int(r['n']):>9,} {r['secs']:>8.1f} {rate:>8,.0f} "
                  f"{cpu_us:>6.0f}us {rss:>6} MB{again}", flush=True)
    nm = notmuch_rate(corpus / "Maildir", work) if ("Maildir", False) in rates else None
    if nm:
        best = rates.get(("Maildir", True), rates[("Maildir", False)])
        print(f"notmuch new: {nm:,.0f} msg/s; PrivaTrack Maildir import is {best / nm:.2f}x notmuch "
              f"({'with' if ('Maildir', True) in rates else 'without'} classification; target >= 1.5x)")
    if a.pairs and have_classifier and shutil.which("notmuch"):
        ratios = []
        for k in range(a.pairs):
            # alternate which runs first: a drift in the machine's speed then favours neither side
            if k % 2 == 0:
                nm_rate = notmuch_rate(corpus / "Maildir", work) or 0.0
                r = run_case(work, "Maildir", corpus / "Maildir", True, a.workers, False)
            else:
                r = run_case(work, "Maildir", corpus / "Maildir", True, a.workers, False)
                nm_rate = notmuch_rate(corpus / "Maildir", work) or 0.0
            ours = r["n"] / r["secs"]
            ratios.append(ours / nm_rate)
            print(f"pair {k + 1}: notmuch new {nm_rate:,.0f} msg/s, Maildir with classification {ours:,.0f} msg/s: "
                  f"{ratios[-1]:.2f}x", flush=True)
        print(f"median of {len(ratios)} pairs: {statistics.median(ratios):.2f}x notmuch (target >= 1.5x); "
              f"range {min(ratios):.2f}-{max(ratios):.2f}x")
    if ("SMS XML", False) in rates:
        sms = rates.get(("SMS XML", True), rates[("SMS XML", False)])
        print(f"SMS XML: {sms:,.0f} msg/s (target >= 30,000)")
    if a.store_stage:
        for name, src in cases:
            if name != "Maildir":  # same mails as the mbox
                rate = store_stage_rate(work, name.replace(" ", "_"), src)
                print(f"store stage (ingest alone, no classification), {name}: {rate:,.0f} msg/s")
    print(f"work dir: {work} (delete it when done)")


if __name__ == "__main__":
    main()
