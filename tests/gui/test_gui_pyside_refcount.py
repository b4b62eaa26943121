"""Guard against a PySide6 build that drops references to None/True (6.12.0 on Python 3.11 did).

Such a build kills the app with "Fatal Python error: none_dealloc" after a few hundred page switches, so the
dependency range excludes it; this test catches any future build with the same defect.
"""

from __future__ import annotations

import sys

import pytest

from PySide6.QtCore import QObject, Signal

N = 3000


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12 on")
def test_void_calls_and_emit_keep_refcounts(qapp) -> None:
    class Holder(QObject):
        fired = Signal(object)

    obj = Holder()
    obj.fired.connect(obj.setObjectName)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(N):
        obj.setObjectName("x")  # a void C++ method returning None
        obj.fired.emit("y")  # emit returns True
    qapp.processEvents()
    assert sys.getrefcount(None) - none_before > -N // 2, "this PySide6 build leaks references to None"
    assert sys.getrefcount(True) - true_before > -N // 2, "this PySide6 build leaks references to True"
