"""Progress and cancellation for long core work, polled by the GUI (no signal per item)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from privatrack.core.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    label: str


class TaskContext:
    """Passed to long-running core functions: ``report`` progress, ``raise_if_cancelled`` between batches."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest = Progress(0, None, "")

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        with self._lock:
            self._latest = Progress(done, total, label)

    def latest(self) -> Progress:
        with self._lock:
            return self._latest

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled")
