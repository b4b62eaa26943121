"""``ClipboardGuard``: copy text for the user and clear it again after 10 s and on lock (P7)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 10_000


class ClipboardGuard(QObject):
    """Only text this app put on the clipboard is ever cleared; what the user copied elsewhere is left alone."""

    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)
        self._watching = False

    def watch_app_copies(self) -> None:
        """Also treat text copied from any of our widgets (Ctrl+C in a table or the preview) as ours.

        A copy made while one of our windows has focus (or that we own, on X11) came from PrivaTrack.
        """
        if not self._watching:
            QGuiApplication.clipboard().dataChanged.connect(self._clipboard_changed)
            self._watching = True

    def _clipboard_changed(self) -> None:
        cb = QGuiApplication.clipboard()
        text = cb.text()
        if not text or text == self._ours:
            return
        if cb.ownsClipboard() or QGuiApplication.focusWindow() is not None:
            self._ours = text
            self._timer.start()

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._ours = text
        self._timer.start()

    def clear(self) -> None:
        """Clear the clipboard if it still holds what we put there."""
        self._timer.stop()
        if self._ours is None:
            return
        cb = QGuiApplication.clipboard()
        if cb.text() == self._ours:
            cb.clear()
        self._ours = None
