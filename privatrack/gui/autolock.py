"""``AutoLocker``: lock the vault after N idle minutes or when the desktop session locks (promise P7).

User activity is seen by an application-wide event filter; a ``QTimer`` compares the idle time against an
injectable monotonic clock, so tests can advance time without waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import SLOT, QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

from privatrack.gui.signals import Session

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 5
CHECK_MS = 5_000
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.Shortcut,
}


class AutoLocker(QObject):
    """Calls ``session.lock()`` after ``minutes`` without input, or on ``on_session_locked()``."""

    lock_triggered = Signal(str)  # "idle" or "session"

    def __init__(
        self,
        session: Session,
        minutes: float = DEFAULT_MINUTES,
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.minutes = float(minutes)
        self.last_activity = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        self._installed = False

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.touch()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def set_minutes(self, minutes: float) -> None:
        """:param minutes: idle time before locking; 0 turns auto-lock off."""
        self.minutes = float(minutes)

    def touch(self) -> None:
        self.last_activity = self.clock()

    def idle_seconds(self) -> float:
        return self.clock() - self.last_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY:
            self.last_activity = self.clock()
        return False

    @Slot()
    def check(self) -> None:
        if self.minutes <= 0 or self.session.is_locked:
            return
        if self.idle_seconds() >= self.minutes * 60:
            log.info("auto-lock after %.0f idle minutes", self.minutes)
            self._lock("idle")

    @Slot()
    def on_session_locked(self) -> None:
        """The desktop session was locked (screen saver, login1 Lock): lock at once."""
        if not self.session.is_locked:
            log.info("auto-lock: the desktop session was locked")
            self._lock("session")

    @Slot(bool)
    def on_screensaver_active(self, active: bool) -> None:
        if active:
            self.on_session_locked()

    def _lock(self, why: str) -> None:
        self.session.lock()
        self.lock_triggered.emit(why)

    def watch_desktop_session(self, session_bus=None, system_bus=None) -> bool:  # type: ignore[no-untyped-def]
        """Follow org.freedesktop.ScreenSaver / org.gnome.ScreenSaver ``ActiveChanged`` and login1 ``Lock``.

        :param session_bus: a ``QDBusConnection`` (default: the user's session bus); tests pass a private one.
        :param system_bus: a ``QDBusConnection`` for logind (default: the system bus).
        :return: whether at least one D-Bus subscription was made (none on a headless box; that is fine).
        """
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus ships with PySide6-Essentials
            return False
        ok = False
        bus = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        if bus.isConnected():
            for iface, path in (("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                                ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver")):
                ok |= bus.connect("", path, iface, "ActiveChanged", self, SLOT("on_screensaver_active(bool)"))  # type: ignore[call-overload]
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        if system.isConnected():
            ok |= system.connect("org.freedesktop.login1", "", "org.freedesktop.login1.Session", "Lock", self,
                                 SLOT("on_session_locked()"))  # type: ignore[call-overload]
        return ok
