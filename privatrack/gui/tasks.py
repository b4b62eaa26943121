"""``Op``: run a core function off the GUI thread with polled progress and Cancel (GUIDE "Threading").

``Op(parent, fn).with_progress(label).success(cb).failure(cb).run()`` runs ``fn(ctx)`` on ``DB_POOL`` (one thread,
so writes are serialised). Progress is read from ``ctx.latest()`` every 100 ms and shown after 600 ms; Cancel
calls ``ctx.cancel()``. Results reach the GUI thread through a ``QObject`` holder whose signals are connected to
bound methods, so a closed window gets no callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from privatrack.core.tasks import TaskContext
from privatrack.gui.errors import show_exception

POLL_MS = 100
SHOW_AFTER_MS = 600

_db_pool: QThreadPool | None = None


def db_pool() -> QThreadPool:
    """The single-writer pool; its thread (and any connection it holds) stays alive between tasks."""
    global _db_pool
    if _db_pool is None:
        _db_pool = QThreadPool()
        _db_pool.setMaxThreadCount(1)
        _db_pool.setExpiryTimeout(-1)
    return _db_pool


_read_pool: QThreadPool | None = None


def read_pool() -> QThreadPool:
    """Pool for read-only queries on their own connections (they never wait behind an import's writes)."""
    global _read_pool
    if _read_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(2)
    return _read_pool


class _Holder(QObject):
    """Carries the result from the worker thread to the GUI thread (QRunnable is not a QObject)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], ctx: TaskContext, holder: _Holder) -> None:
        super().__init__()
        self.fn, self.ctx, self.holder = fn, ctx, holder
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.ctx)
        except BaseException as exc:  # noqa: BLE001 - delivered to the failure callback
            self.holder.failed.emit(exc)
        else:
            self.holder.succeeded.emit(result)


class Op(QObject):
    """One background operation owned by ``parent``; destroyed with it."""

    finished = Signal()

    def __init__(self, parent: QWidget, fn: Callable[[TaskContext], Any], pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self.fn = fn
        self.ctx = TaskContext()
        self.pool = pool if pool is not None else db_pool()
        self.label: str | None = None
        self.cancellable = True
        self.show_after_ms = SHOW_AFTER_MS
        self.progress_dialog: QProgressDialog | None = None
        self.running = False
        self._holder = _Holder()
        self._holder.succeeded.connect(self._on_succeeded)
        self._holder.failed.connect(self._on_failed)
        # Called from _on_succeeded/_on_failed, not connected to the holder: each connected slot would be its own
        # queued event, and code waiting for ``running`` to turn False could run between them and see no result.
        self._success_cbs: list[Callable[[Any], Any]] = []
        self._failure_cbs: list[Callable[[BaseException], Any]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._started = 0.0

    def with_progress(self, label: str, cancellable: bool = True) -> Op:
        self.label, self.cancellable = label, cancellable
        return self

    def success(self, callback: Callable[[Any], Any]) -> Op:
        """:param callback: a bound method of a QObject, called in the GUI thread with the result."""
        self._success_cbs.append(callback)
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> Op:
        """:param callback: a bound method called with the exception (default: ``show_exception``)."""
        self._failure_cbs.append(callback)
        return self

    def run(self) -> Op:
        self.running = True
        self._started = time.monotonic()
        if self.label is not None:
            self._timer.start()
        self.pool.start(_Runnable(self.fn, self.ctx, self._holder))
        return self

    def cancel(self) -> None:
        self.ctx.cancel()

    # -- internals ---------------------------------------------------------------------------------
    def _poll(self) -> None:
        if not self.running:
            return
        elapsed_ms = (time.monotonic() - self._started) * 1000
        if self.progress_dialog is None:
            if elapsed_ms < self.show_after_ms:
                return
            dlg = QProgressDialog(self.label or "", self.tr("Cancel") if self.cancellable else "", 0, 0,
                                  self._parent_widget)
            dlg.setObjectName("opProgress")
            dlg.setMinimumDuration(0)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            if not self.cancellable:
                dlg.setCancelButton(None)
            dlg.canceled.connect(self.cancel)
            dlg.show()
            self.progress_dialog = dlg
        p = self.ctx.latest()
        dlg = self.progress_dialog
        if p.total:
            dlg.setMaximum(p.total)
            dlg.setValue(min(p.done, p.total))
        else:
            dlg.setMaximum(0)
        text = self.label or ""
        if p.label:
            text = f"{text}\n{p.label}"
        if self.ctx.cancelled:
            cancelling = self.tr("Cancelling…")
            text = f"{text}\n{cancelling}"
        dlg.setLabelText(text)

    def _close_progress(self) -> None:
        self._timer.stop()
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _done(self) -> None:
        """After the callbacks: whoever sees ``running`` False also sees what they did."""
        self.running = False
        self.finished.emit()

    @staticmethod
    def _alive(callback: Callable[..., Any]) -> bool:
        owner = getattr(callback, "__self__", None)
        return not isinstance(owner, QObject) or shiboken6.isValid(owner)

    def _on_succeeded(self, result: object) -> None:
        self._close_progress()
        try:
            for cb in self._success_cbs:
                if self._alive(cb):
                    cb(result)
        finally:
            self._done()

    def _on_failed(self, exc: object) -> None:
        self._close_progress()
        try:
            if not self._failure_cbs:
                if isinstance(exc, BaseException):
                    show_exception(self._parent_widget, exc)
            for cb in self._failure_cbs:
                if self._alive(cb) and isinstance(exc, BaseException):
                    cb(exc)
        finally:
            self._done()
