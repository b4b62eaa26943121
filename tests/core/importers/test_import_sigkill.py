"""P10: an import killed with SIGKILL leaves the vault consistent, and a re-run imports exactly the missing ones."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from privatrack.core.store.vault import Vault

TEST_PASSPHRASE = "correct horse battery staple"  # the conftest's vault passphrase

IMPORTER = r"""
import sys
from privatrack.core.importers import iter_items
from privatrack.core.importers.pipeline import ingest
from privatrack.core.store.vault import Vault
v = Vault.open(sys.argv[1], sys.argv[3], use_keyring=False)
print("started", flush=True)
w = int(sys.argv[5])
clf = None
if w:  # the real classifier, so the helper processes that classify the next batch run too
    from privatrack.core.classify import Classifier
    clf = Classifier.for_db(v.db)
r = ingest(v.db, iter_items(sys.argv[2], workers=w), batch_size=int(sys.argv[4]), workers=w, classifier=clf)
print("done", r.imported, r.already_present, len(r.rejected), flush=True)
v.lock()
"""


def _mbox(path: Path, n: int) -> set[str]:
    rng = random.Random(10)
    ids = set()
    with open(path, "wb") as fh:
        for i in range(n):
            mid = f"<kill-{i}@example.com>"
            ids.add(mid)
            body = " ".join(rng.choice(["order", "sale", "From", "hello", "订单"]) for _ in range(80))
            fh.write(f"From s@example.com Mon Jan  1 00:00:00 2024\nFrom: s{i % 50}@example.com\nTo: me@example.com\n"
                     f"Subject: message {i}\nMessage-ID: {mid}\nDate: Mon, 01 Jan 2024 00:00:00 +0000\n\n{body}\n\n"
                     .encode())
    return ids


def _run(vault_path: Path, mbox: Path, *, kill_after: float | None, workers: int = 0) -> str:
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(vault_path), str(mbox), TEST_PASSPHRASE, "50",
                             str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if kill_after is None:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        return out
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return ""


def _check(vault_path: Path, expected: set[str] | None) -> int:
    v = Vault.open(vault_path, TEST_PASSPHRASE, use_keyring=False)
    try:
        assert v.integrity_problems() == []
        ids = [r[0] for r in v.db.execute("SELECT message_id FROM messages")]
        assert len(ids) == len(set(ids)), "duplicates after a kill"
        orphans = v.db.execute("SELECT count(*) FROM messages WHERE raw_id IS NULL").fetchone()[0]
        assert orphans == 0
        if expected is not None:
            assert set(ids) == expected
        return len(ids)
    finally:
        v.lock()


def _kill_cycle(vault: Vault, tmp_path: Path, iterations: int, n: int, workers: int = 0) -> None:
    vault_path = vault.path
    vault.lock()
    mbox = tmp_path / "kill.mbox"
    expected = _mbox(mbox, n)
    rng = random.Random(int(time.time()))
    counts = []
    for _ in range(iterations):
        _run(vault_path, mbox, kill_after=rng.uniform(0.01, 0.3) + (1.0 if workers else 0), workers=workers)
        counts.append(_check(vault_path, None))
    out = _run(vault_path, mbox, kill_after=None, workers=workers)
    done = out.split()[1:]
    assert done[0] == "done"
    imported, already, rejected = map(int, done[1:])
    assert rejected == 0
    assert imported + already == n
    assert already == counts[-1]  # the re-run imported exactly the missing ones
    assert _check(vault_path, expected) == n


def test_sigkill_during_import_then_resume(vault: Vault, tmp_path: Path) -> None:
    _kill_cycle(vault, tmp_path, iterations=3, n=3000)


def test_sigkill_with_helper_processes_then_resume(vault: Vault, tmp_path: Path) -> None:
    pytest.importorskip("privatrack.core.classify")
    _kill_cycle(vault, tmp_path, iterations=2, n=3000, workers=1)


@pytest.mark.slow
def test_p10_harness_kill_at_a_random_time_then_resume(vault: Vault, tmp_path: Path) -> None:
    """RELIABILITY.md P10: import a 5,000-message mbox, SIGKILL it at a random time, re-run to completion; each time
    the vault passes both integrity checks and holds exactly the expected Message-IDs, once each.

    CI runs ``PRIVATRACK_P10_ITERATIONS`` (default 10) iterations; the full harness is 200:
    ``PRIVATRACK_P10_ITERATIONS=200 pytest tests/core/importers/test_import_sigkill.py -k harness``."""
    iterations = int(os.environ.get("PRIVATRACK_P10_ITERATIONS", "10"))
    template = vault.path
    vault.lock()
    files = [template, template.with_name(template.name + ".keys")]
    n = 5000
    mbox = tmp_path / "p10.mbox"
    expected = _mbox(mbox, n)
    # one clean import first: it checks the fixture and gives the span to pick kill times from
    clean = tmp_path / "clean" / template.name
    clean.parent.mkdir()
    for f in files:
        shutil.copy(f, clean.parent / f.name)
    t = time.perf_counter()
    _run(clean, mbox, kill_after=None)
    span = time.perf_counter() - t
    assert _check(clean, expected) == n
    rng = random.Random(int(time.time()))
    for i in range(iterations):
        target = tmp_path / f"it{i}" / template.name
        target.parent.mkdir()
        for f in files:
            shutil.copy(f, target.parent / f.name)
        _run(target, mbox, kill_after=rng.uniform(0, span))
        before = _check(target, None)
        done = _run(target, mbox, kill_after=None).split()
        assert done[:2] == ["started", "done"], done
        imported, already, rejected = map(int, done[2:])
        assert (rejected, already, imported + already) == (0, before, n), (i, done, before)
        assert _check(target, expected) == n
        shutil.rmtree(target.parent)
