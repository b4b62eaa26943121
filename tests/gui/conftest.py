"""GUI fixtures: a Session over the per-test vault and a MainWindow driven by a fake clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from privatrack.core.store.vault import Vault
from privatrack.gui.main_window import MainWindow
from privatrack.gui.signals import Session


class FakeClock:
    """Monotonic seconds that only move when a test says so (KeePassXC's MockClock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(vault: Vault) -> Session:
    return Session(vault.path, vault)


@pytest.fixture
def window(qtbot, session: Session, clock: FakeClock) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(session, clock=clock, check_ms=20)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.autolocker.stop()
