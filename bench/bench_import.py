"""Import benchmark: messages/s and peak RSS for mbox, Maildir and SMS XML into an encrypted vault.

    python bench/bench_import.py [--mails 10000] [--sms 100000] [--workdir DIR] [--no-classify-runs] [--store-stage]

Each case runs in its own process (so peak RSS is per case) against a fresh vault, with and without the
classifier when ``privatrack.core.classify`` is available; full-text indexing is always on (it is a trigger).
``notmuch new`` (Debian package notmuch) is timed on the same Maildir and the ratio printed. The issue's full
size is ``--mails 100000 --sms 200000``. ``--store-stage`` also times the vault write path alone: items parsed
beforehand, then ``ingest`` in one process without classification (hashing, compression, rows, indexes, FTS).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, os, resource, sys, time
from privatrack.core.importers import iter_items
from privatrack.core.importers.pipeline import ingest
from privatrack.core.store.vault import Vault
vault_path, src, classify = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
parse_workers, prep_workers = int(sys.argv[4]), int(sys.argv[5])
v = Vault.open(vault_path, os.environ["BENCH_PASSPHRASE"], use_keyring=False)
clf = None
if classify:
    from privatrack.core.classify import Classifier
    clf = Classifier.for_db(v.db)
t = time.perf_counter()
from privatrack.core.importers import estimate_count
from privatrack.core.importers.pipeline import EARLY_WORKERS_BYTES
total = estimate_count(src)  # as import_paths (the CLI and the app) passes it
early = total is None and os.path.getsize(src) > EARLY_WORKERS_BYTES
r = ingest(v.db, iter_items(src, workers=parse_workers), classifier=clf, workers=prep_workers, total=total,
           early_workers=early)
secs = time.perf_counter() - t
v.lock()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"n": r.imported, "rejected": len(r.rejected), "secs": secs, "rss_mb": rss, "worker_rss_mb": kids}))
"""


def _new_vault(path: Path, passphrase: str) -> None:
    from privatrack.core import keys
    from privatrack.core.store.vault import Vault

    kdf = keys.KdfParams(salt=os.urandom(16), iterations=keys.MIN_ITERATIONS, memory_kib=keys.MIN_MEMORY_KIB)
    Vault.create(path, passphrase, kdf=kdf).lock()


def run_case(work: Path, name: str, src: Path, classify: bool, workers: tuple[int, int]) -> dict[str, float]:
    passphrase = "bench passphrase"
    vault = work / f"vault-{name}-{int(classify)}-{workers[0]}-{workers[1]}.db"
    for p in (vault, Path(str(vault) + ".keys")):
        p.unlink(missing_ok=True)
    _new_vault(vault, passphrase)
    env = dict(os.environ, BENCH_PASSPHRASE=passphrase)
    out = subprocess.run([sys.executable, "-c", CHILD, str(vault), str(src), "1" if classify else "0",
                          str(workers[0]), str(workers[1])],
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
    ap.add_argument("--parse-workers", type=int, default=-1, help="mail parse processes (-1: the CLI default)")
    ap.add_argument("--prepare-workers", type=int, default=-1,
                    help="processes that classify/hash while the writer writes (-1: the CLI default)")
    ap.add_argument("--no-classify-runs", action="store_true", help="skip the runs with classification")
    ap.add_argument("--store-stage", action="store_true", help="also time the vault write path alone")
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

        can_classify = not a.no_classify_runs
    except ImportError:
        can_classify = False
    from privatrack.core.importers.mail import default_workers

    pw = a.parse_workers if a.parse_workers >= 0 else default_workers()
    qw = a.prepare_workers if a.prepare_workers >= 0 else default_workers()
    print(f"parse workers {pw}, prepare workers {qw}, {os.cpu_count()} cores")
    cases = [("mbox", corpus / "bench.mbox"), ("Maildir", corpus / "Maildir"), ("SMS XML", corpus / "sms.xml")]
    print(f"{'input':<8} {'classify':<9} {'messages':>9} {'seconds':>8} {'msg/s':>8} {'peak RSS':>9}")
    rates: dict[tuple[str, bool], float] = {}
    for name, src in cases:
        for classify in ([False, True] if can_classify else [False]):
            # As the CLI does: parse workers always, prepare (classify) workers only when classifying.
            r = run_case(work, name.replace(" ", "_"), src, classify, (pw, qw if classify else 0))
            rate = r["n"] / r["secs"]
            rates[(name, classify)] = rate
            rss = max(r["rss_mb"], r["worker_rss_mb"])
            print(f"{name:<8} {'yes' if classify else 'no':<9} {int(r['n']):>9,} {r['secs']:>8.1f} {rate:>8,.0f} "
                  f"{rss:>6} MB")
    nm = notmuch_rate(corpus / "Maildir", work)
    if nm:
        best = rates.get(("Maildir", True), rates[("Maildir", False)])
        print(f"notmuch new: {nm:,.0f} msg/s; PrivaTrack Maildir import is {best / nm:.2f}x notmuch "
              f"({'with' if ('Maildir', True) in rates else 'without'} classification; target >= 1.5x)")
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
