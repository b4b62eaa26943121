"""Classifying a stream of messages in their order, by helper processes when there are many (``classify``,
``reclassify``).

A helper classifies chunks of messages with a copy of the caller's classifier while this process reads the next
ones and prints or stores the verdicts, so both cores work on a large input. A small input is classified here: a
helper takes ~0.3-0.5 s to start and load the model, longer than classifying a few thousand SMS. Helpers import
neither the importers nor the storage layer.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from privatrack.core.models import Classification, RawMessage, Rejected

# Classification costs ~0.3-0.5 µs of CPU per input byte (an SMS XML element or an 8 KB mail alike): from 4 MB on,
# a second or more of work, which helpers started in parallel shorten.
POOL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_MESSAGES = 256  # a chunk is a helper's task: small enough that the first verdicts come soon
CHUNK_BYTES = 1024 * 1024  # ... and at most about this much of messages (large mails: memory stays bounded)
AHEAD = 3  # chunks in flight per helper: each has the next one queued while the caller prints


class Failure(NamedTuple):
    """The classifier failed on a message (the others go on): the error's name and what it said."""

    error: str
    detail: str


Verdict = Classification | Failure | None  # None: a Rejected item, which has no verdict
T = TypeVar("T")

_HELPER_CLASSIFIER: Any = None


def _init_helper(classifier: Any) -> None:
    global _HELPER_CLASSIFIER
    _HELPER_CLASSIFIER = classifier


def _classify_chunk(work: list[tuple[RawMessage, str | None]]) -> list[Classification | Failure]:
    return _classify_all(_HELPER_CLASSIFIER, work)


def _classify_all(classifier: Any, work: list[tuple[RawMessage, str | None]]) -> list[Classification | Failure]:
    out: list[Classification | Failure] = []
    for msg, to_detail in work:
        try:
            out.append(classifier.classify(msg, to_detail=to_detail))
        except Exception as exc:  # noqa: BLE001  (one message the classifier chokes on must not stop the run)
            out.append(Failure(type(exc).__name__, str(exc)[:200]))
    return out


def input_bytes(paths: Iterable[str | os.PathLike[str]], stop_at: int = POOL_MIN_BYTES) -> int:
    """The size of the files at ``paths`` (folders walked), counted up to ``stop_at``."""
    total = 0
    for p in paths:
        path = Path(p)
        files = [path] if not path.is_dir() else (f for f in path.rglob("*") if f.is_file())
        for f in files:
            try:
                total += f.stat().st_size
            except OSError:
                continue
            if total >= stop_at:
                return total
    return total


def default_workers(paths: Iterable[str | os.PathLike[str]]) -> int:
    """Helpers for classifying ``paths``: one per core beyond this process's, at most 2; none on one core or for a
    small input.

    On 2 cores one helper beats two (``classify --json``, 1,067 phishing_pot mails: 3.7-3.9 s in-process, 2.3-2.4 s
    with one helper, 2.6-3.0 s with two; 20,000 corpus SMS as XML: 2.6-2.8, 2.1-2.2 and 2.5 s): this process, which
    reads the files and prints, is the third busy process. Beyond 2 helpers that process is the limit (not measured).
    """
    cores = os.cpu_count() or 1
    if cores < 2 or input_bytes(paths) < POOL_MIN_BYTES:
        return 0
    return min(cores - 1, 2)


def classify_items(items: Iterable[RawMessage | Rejected], classifier: Any, *, to_detail: str | None = None,
                   workers: int = 0) -> Iterator[tuple[RawMessage | Rejected, Verdict]]:
    """Each item with its verdict, in the order of ``items``: a ``Classification``, a ``Failure`` when the
    classifier failed on that message, or ``None`` for a ``Rejected``.

    :param classifier: what classifies (copied to each helper: it must pickle).
    :param workers: helper processes; 0 classifies in this process. A helper that dies (killed, out of memory)
        costs nothing: its chunks are classified here.
    """
    tagged = ((item, None if isinstance(item, Rejected) else item, to_detail) for item in items)
    yield from classify_tagged(tagged, classifier, workers=workers)


def classify_tagged(work: Iterable[tuple[T, RawMessage | None, str | None]], classifier: Any, *,
                    workers: int = 0) -> Iterator[tuple[T, Verdict]]:
    """``classify_items`` for ``(tag, message, detail it was sent to)``: each tag with its message's verdict, in
    order (``None`` for a tag without a message). The tags stay in this process."""
    pool = None
    if workers > 0:
        from privatrack.core.importers.procs import spawn_pool

        try:
            pool = spawn_pool(workers, _init_helper, (classifier,))
        except Exception:  # noqa: BLE001 - e.g. no way to spawn processes here: classify in-process
            pool = None
    if pool is None:
        for tag, msg, to in work:
            yield tag, None if msg is None else _classify_all(classifier, [(msg, to)])[0]
        return
    try:
        yield from _pipelined(pool, work, classifier, workers)
    finally:
        pool.terminate()


def _pipelined(pool: Any, work: Iterable[tuple[T, RawMessage | None, str | None]], classifier: Any,
               workers: int) -> Iterator[tuple[T, Verdict]]:
    from privatrack.core.importers.procs import HelperDied

    pending: deque[tuple[list[tuple[T, RawMessage | None, str | None]], Any]] = deque()

    def drain_one() -> Iterator[tuple[T, Verdict]]:
        chunk, future = pending.popleft()
        msgs = [(m, to) for _t, m, to in chunk if m is not None]
        try:
            verdicts: list[Classification | Failure] = future.get() if msgs else []
        except HelperDied:
            verdicts = _classify_all(classifier, msgs)
        except Exception:  # noqa: BLE001 - failed as a whole (in the helper, or unpicklable): each message here
            verdicts = _classify_all(classifier, msgs)
        got = iter(verdicts)
        for tag, m, _to in chunk:
            yield tag, None if m is None else next(got)

    def submit(chunk: list[tuple[T, RawMessage | None, str | None]]) -> None:
        msgs = [(m, to) for _t, m, to in chunk if m is not None]
        pending.append((chunk, pool.apply_async(_classify_chunk, (msgs,)) if msgs else None))

    chunk: list[tuple[T, RawMessage | None, str | None]] = []
    size = 0
    for entry in work:
        chunk.append(entry)
        if (m := entry[1]) is not None:  # (what the chunk holds: reclassify reads HTML mails' whole text and page)
            size += len(m.raw) + len(m.body_text or "") + len(m.body_html or "")
        if len(chunk) >= CHUNK_MESSAGES or size >= CHUNK_BYTES:
            submit(chunk)
            chunk, size = [], 0
            if len(pending) > AHEAD * workers:
                yield from drain_one()
    if chunk:
        submit(chunk)
    while pending:
        yield from drain_one()
