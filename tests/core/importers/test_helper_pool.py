"""Helper processes that die (killed, out of memory) never hang an import: the task comes back as HelperDied and the
caller does it itself."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from privatrack.core.importers.pipeline import ingest
from privatrack.core.importers.procs import HelperDied, HelperPool, in_worker
from privatrack.core.models import Classification, RawMessage


def _square(x: int) -> int:
    return x * x


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _big(n: int) -> bytes:
    return b"x" * n


def _fail() -> None:
    raise ValueError("bad input")


def within(seconds: float, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a thread; fail (instead of hanging the suite) when it takes longer than ``seconds``."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still waiting after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out.get("value")


class _WaitsForFlag:
    """Unpickles (in the helper) only once ``flag`` exists, or after 30 s."""

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def __reduce__(self) -> tuple[Any, ...]:
        return (_wait_for_flag, (self.flag,))


def _wait_for_flag(flag: str) -> str:
    deadline = time.monotonic() + 30
    while not os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.05)
    return "saw the flag" if os.path.exists(flag) else "gave up"


_INIT: dict[str, str] = {}


def _remember(waited: str, payload: bytes) -> None:
    _INIT["value"] = f"{waited}, {len(payload)} bytes"


def _initialized() -> str:
    return _INIT["value"]


def test_starting_helpers_does_not_wait_for_them_to_read_a_large_initializer(tmp_path: Any) -> None:
    """The importer's classifier (~1.6 MB pickled) reaches each helper after the pool is built: building the pool
    used to block on writing it, while each helper started its interpreter, one helper after the other. Here the
    helper stops reading before 2 MB that no pipe holds, until the pool is built."""
    flag = str(tmp_path / "flag")
    pool = within(20, lambda: HelperPool(2, _remember, (_WaitsForFlag(flag), b"x" * (2 * 1024 * 1024))))
    try:
        open(flag, "w").close()  # only now may the helpers read on
        results = [pool.apply_async(_initialized, ()) for _ in range(4)]
        assert [r.get() for r in results] == ["saw the flag, 2097152 bytes"] * 4
    finally:
        pool.terminate()


def test_results_come_back_and_a_task_error_is_the_callers() -> None:
    with HelperPool(2) as pool:
        results = [pool.apply_async(_square, (i,)) for i in range(20)]
        assert [r.get() for r in results] == [i * i for i in range(20)]
        with pytest.raises(RuntimeError, match="ValueError: bad input"):
            pool.apply_async(_fail, ()).get()
        assert pool.apply_async(_square, (7,)).get() == 49  # the helper is still there


def test_a_helper_killed_while_working_raises_helper_died_and_the_other_goes_on() -> None:
    with HelperPool(2) as pool:
        dead = pool.apply_async(_die, ())
        with pytest.raises(HelperDied):
            within(20, dead.get)
        # later tasks go to the helper that is left
        assert within(20, lambda: [pool.apply_async(_square, (i,)).get() for i in range(5)]) == [0, 1, 4, 9, 16]


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_a_helper_killed_around_sending_a_large_result_never_hangs_the_reader(delay: float) -> None:
    # Killed before, during or after writing 128 MB: the result arrives whole or the task raises HelperDied.
    with HelperPool(1) as pool:
        res = pool.apply_async(_big, (128 << 20,))
        time.sleep(delay)
        os.kill(pool.pids()[0], signal.SIGKILL)
        try:
            assert len(within(30, res.get)) == 128 << 20
        except HelperDied:
            pass
        with pytest.raises(HelperDied):  # no helper left: the caller is told at once
            within(10, pool.apply_async(_square, (2,)).get)


class KillerClassifier:
    """Kills the helper process that classifies "die"; in the importing process it classifies normally."""

    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        if msg.body_text == "die" and in_worker():
            os.kill(os.getpid(), signal.SIGKILL)
        return Classification(category="personal", merchant=None, confidence=1.0, reasons=[str(os.getpid())],
                              merchant_id=None)


def test_an_import_whose_classify_helper_is_killed_stores_everything(db: Any) -> None:
    items = [RawMessage(channel="sms", source="s.xml", item=f"#{i}", raw=b"<sms/>%d" % i, sender="95588",
                        body_text="die" if i == 150 else f"code {i}", dedupe_key=f"k-{i}") for i in range(300)]
    report = within(120, lambda: ingest(db, items, classifier=KillerClassifier(), workers=1, batch_size=100,
                                        total=300))
    assert (report.imported, report.rejected) == (300, [])
    pids = {json.loads(r[0])[0] for r in db.execute("SELECT reasons FROM messages")}
    assert str(os.getpid()) in pids  # the dead helper's chunk was classified here
    assert len(pids) >= 2  # the rest in helpers


@pytest.mark.parametrize("after", [0, 300])
def test_a_maildir_import_whose_parse_helper_is_killed_stores_everything(db: Any, tmp_path: Any,
                                                                          after: int) -> None:
    import multiprocessing

    from privatrack.core.importers import iter_items

    n = 1500  # above mail.SMALL_SOURCE: parsed by a helper process
    md = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    for i in range(n):
        (md / "cur" / f"{1700000000 + i}.M{i}P1.host:2,S").write_bytes(
            f"From: friend{i}@example.org\nTo: me@example.com\nSubject: note {i}\nMessage-ID: <note-{i}@example.org>\n"
            f"Date: Tue, 14 Nov 2023 10:00:00 +0000\n\nbody {i}\n".encode())
    killed: list[int] = []

    def kill_helper() -> None:
        for child in multiprocessing.active_children():
            try:
                os.kill(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            killed.append(child.pid)

    def killer() -> None:  # SIGKILL the parse helper as soon as it exists, before it has parsed anything
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            kill_helper()
            time.sleep(0.002)

    def items() -> Any:  # or once the helper has delivered `after` messages: chunks are still queued for it
        for i, item in enumerate(iter_items(md, "maildir", workers=1)):
            if after and i == after:
                kill_helper()
            yield item

    if not after:
        threading.Thread(target=killer, daemon=True).start()
    report = within(120, lambda: ingest(db, items(), source_label=str(md)))
    assert killed, "the parse helper never ran"
    assert (report.imported, report.rejected) == (n, [])
    ids = {r[0] for r in db.execute("SELECT message_id FROM messages")}
    assert ids == {f"<note-{i}@example.org>" for i in range(n)}


def test_a_classify_helper_loads_neither_the_storage_layer_nor_the_importers(db: Any) -> None:
    # What a classify helper unpickles first: its initializer and the preparer with the classifier. sqlite-utils
    # (which loads numpy) and the importers cost a helper ~0.2 s of CPU to import, for nothing it runs.
    import pickle
    import subprocess
    import sys

    from privatrack.core.classify import Classifier
    from privatrack.core.importers import pipeline

    blob = pickle.dumps((pipeline._init_worker, (pipeline.Preparer(pipeline.RecipientMatcher.load(db),
                                                                    Classifier.for_db(db)),)), protocol=5)
    code = ("import pickle, sys; fn, args = pickle.loads(sys.stdin.buffer.read()); fn(*args); "
            "print(sorted(m for m in ('sqlite_utils', 'numpy', 'privatrack.core.importers', "
            "'privatrack.core.household') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, check=True, timeout=60)
    assert out.stdout.decode().strip() == "[]", out.stderr.decode()[-2000:]
