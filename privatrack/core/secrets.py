"""The OS keyring, behind a time limit: a missing, locked or hanging Secret Service never blocks unlock (P4)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from privatrack.core.errors import KeyringUnavailable

log = logging.getLogger(__name__)
SERVICE = "privatrack"
KEYRING_TIMEOUT_S = 3.0
T = TypeVar("T")


def _with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run a keyring call on a daemon thread; abandon it after ``timeout`` seconds."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringUnavailable(f"the system keyring did not answer within {timeout:.0f} s")
    if "error" in box:
        exc = box["error"]
        # The backend's own message may echo what was stored; keep only the class name.
        raise KeyringUnavailable(f"the system keyring failed ({type(exc).__name__})")
    return box["value"]  # type: ignore[return-value]


def keyring_status(timeout: float = KEYRING_TIMEOUT_S) -> str | None:
    """:return: ``None`` when a usable keyring backend exists, else a one-line reason."""

    def probe() -> str | None:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
            return "no system keyring (Secret Service) is available; using passphrase-only mode"
        return None

    try:
        return _with_timeout(probe, timeout)
    except KeyringUnavailable as exc:
        return f"{exc}; using passphrase-only mode"


def get_secret(name: str, timeout: float = KEYRING_TIMEOUT_S) -> str | None:
    """:return: the stored secret, ``None`` when absent; raises ``KeyringUnavailable`` on backend failure."""

    def call() -> str | None:
        import keyring

        return keyring.get_password(SERVICE, name)

    return _with_timeout(call, timeout)


def set_secret(name: str, value: str, timeout: float = KEYRING_TIMEOUT_S) -> None:
    """Store a secret under the ``privatrack`` service."""

    def call() -> None:
        import keyring

        keyring.set_password(SERVICE, name, value)

    _with_timeout(call, timeout)


def delete_secret(name: str, timeout: float = KEYRING_TIMEOUT_S) -> None:
    """Delete a secret; absent is fine."""

    def call() -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            pass

    _with_timeout(call, timeout)
