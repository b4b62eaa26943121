"""Worker processes for imports: spawned (never forked: the caller may hold SQLCipher connections and Qt threads)."""

from __future__ import annotations

import multiprocessing
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Spawned children normally re-run the parent's ``__main__``; ours only need importable privatrack modules.

    Hiding ``__main__`` while the pool starts keeps an unguarded script (or a GUI entry point) from running again
    in every worker.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def in_worker() -> bool:
    return multiprocessing.parent_process() is not None


def spawn_pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Any:
    """:return: a spawn-context ``Pool``, or ``None`` inside a worker (pools never nest)."""
    if workers <= 0 or in_worker():
        return None
    with _main_not_reimported():
        return multiprocessing.get_context("spawn").Pool(workers, initializer=initializer, initargs=initargs)


CHUNK_ITEMS = 256


def _produce(importer_name: str, path: str, queue: Any) -> None:
    """Child process: run one importer and stream its items back in chunks (None marks the end)."""
    from privatrack.core.importers import get_importer
    from privatrack.core.models import Rejected

    chunk: list[Any] = []
    try:
        for item in get_importer(importer_name).iter_items(__import__("pathlib").Path(path)):
            chunk.append(item)
            if len(chunk) >= CHUNK_ITEMS:
                _put(queue, chunk)
                chunk = []
    except Exception as exc:  # noqa: BLE001 - reported as one rejected item, like in-process
        chunk.append(Rejected(path, "-", f"import of this source stopped ({type(exc).__name__}: {str(exc)[:200]})"))
    _put(queue, chunk)
    _put(queue, None)


def _put(queue: Any, obj: Any) -> None:
    """Put with back-pressure, but never outlive a parent that was killed (nobody would drain the queue)."""
    import os
    import queue as queue_mod

    parent = multiprocessing.parent_process()
    while True:
        try:
            queue.put(obj, timeout=2)
            return
        except queue_mod.Full:
            if parent is not None and not parent.is_alive():
                os._exit(0)


def produce_in_child(importer_name: str, path: str) -> Iterator[Any]:
    """Run a streaming importer in a spawned child so parsing overlaps with the writer; memory stays bounded
    (at most 8 chunks queued). Falls back to in-process inside a worker."""
    from privatrack.core.importers import get_importer

    if in_worker():
        yield from get_importer(importer_name).iter_items(__import__("pathlib").Path(path))
        return
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue(maxsize=8)
    with _main_not_reimported():
        proc = ctx.Process(target=_produce, args=(importer_name, path, queue), daemon=True)
        proc.start()
    try:
        while True:
            try:
                chunk = queue.get(timeout=5)
            except Exception:  # noqa: BLE001 - queue.Empty: is the child still alive?
                if proc.is_alive():
                    continue
                from privatrack.core.models import Rejected

                yield Rejected(path, "-", f"the reader process died (exit code {proc.exitcode}); stopped here")
                return
            if chunk is None:
                return
            yield from chunk
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)
        queue.close()
