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
