"""Process hardening at start-up: no core dumps that could hold the vault key (promise P8)."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import resource
import sys

log = logging.getLogger(__name__)
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> None:
    """Set RLIMIT_CORE to 0 and, on Linux, mark the process non-dumpable.

    Python strings cannot be scrubbed from memory; this only keeps them out of core files (see SECURITY.md).
    """
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as exc:  # pragma: no cover - platform dependent
        log.warning("could not disable core dumps: %s", exc)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:  # pragma: no cover
            log.warning("prctl(PR_SET_DUMPABLE) failed: errno %d", ctypes.get_errno())


def is_dumpable() -> int:
    """Return prctl(PR_GET_DUMPABLE) (Linux only; -1 elsewhere)."""
    if not sys.platform.startswith("linux"):
        return -1
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return int(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
