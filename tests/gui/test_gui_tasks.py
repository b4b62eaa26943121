"""``Op`` with a real worker thread: results to bound methods, polled progress, Cancel; the error router."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from privatrack.core.errors import Cancelled, InvalidInput
from privatrack.core.tasks import TaskContext
from privatrack.gui.errors import show_exception
from privatrack.gui.tasks import Op, db_pool


class Owner(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.errors: list[BaseException] = []

    def on_success(self, result: object) -> None:
        self.results.append((result, threading.current_thread() is threading.main_thread()))

    def on_failure(self, exc: BaseException) -> None:
        self.errors.append(exc)


def test_result_is_delivered_on_the_gui_thread(qtbot) -> None:
    owner = Owner()
    qtbot.addWidget(owner)
    seen: dict[str, bool] = {}

    def work(ctx: TaskContext) -> int:
        seen["worker_thread"] = threading.current_thread() is not threading.main_thread()
        return 42

    op = Op(owner, work).success(owner.on_success).failure(owner.on_failure).run()
    qtbot.waitUntil(lambda: bool(owner.results), timeout=5000)
    assert owner.results == [(42, True)] and seen["worker_thread"]
    assert not op.running and owner.errors == []
    assert db_pool().maxThreadCount() == 1


def test_progress_shows_after_delay_and_cancel_stops_the_work(qtbot) -> None:
    owner = Owner()
    qtbot.addWidget(owner)
    owner.show()
    steps: list[int] = []

    def work(ctx: TaskContext) -> str:
        for i in range(200):
            ctx.raise_if_cancelled()
            ctx.report(i, 200, f"message {i}")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    op = Op(owner, work).with_progress("Importing", cancellable=True)
    op.show_after_ms = 150
    op.success(owner.on_success).failure(owner.on_failure).run()
    assert op.progress_dialog is None  # nothing flashes up for short work
    qtbot.waitUntil(lambda: op.progress_dialog is not None and op.progress_dialog.value() > 0, timeout=3000)
    assert op.progress_dialog.maximum() == 200
    assert "message" in op.progress_dialog.labelText()
    cancel = op.progress_dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(owner.errors), timeout=3000)
    assert isinstance(owner.errors[0], Cancelled)
    assert owner.results == [] and len(steps) < 200
    assert op.progress_dialog is None


def test_closed_owner_gets_no_callback(qtbot) -> None:
    owner = Owner()
    gate = threading.Event()
    calls: list[object] = []

    class Sink(QWidget):
        def on_success(self, result: object) -> None:
            calls.append(result)

    sink = Sink(owner)
    Op(owner, lambda ctx: gate.wait(5) and "late").success(sink.on_success).run()
    owner.deleteLater()
    qtbot.wait(20)
    gate.set()
    qtbot.wait(200)
    assert calls == []


def test_failure_without_handler_is_routed_to_a_message_box(qtbot) -> None:
    owner = Owner()
    qtbot.addWidget(owner)
    owner.show()

    def work(ctx: TaskContext) -> None:
        raise InvalidInput("that file is not a mailbox")

    op = Op(owner, work).run()
    qtbot.waitUntil(lambda: not op.running, timeout=5000)
    box = owner.findChild(QMessageBox, "errorBox")
    assert box is not None and box.text() == "that file is not a mailbox"


def test_error_router_tiers(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert show_exception(parent, Cancelled("x")) is None
    assert parent.findChild(QMessageBox) is None
    label = QLabel()
    assert show_exception(parent, InvalidInput("bad date"), inline=label) is None
    assert label.text() == "bad date"
    try:
        raise RuntimeError("bug")
    except RuntimeError as exc:
        box = show_exception(parent, exc)
    assert box is not None and box.icon() == QMessageBox.Icon.Critical
    assert "RuntimeError: bug" in box.detailedText()
    box.close()


def test_database_damage_is_explained_not_a_traceback(qtbot) -> None:
    from privatrack.core.store.connection import DatabaseError

    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_exception(parent, DatabaseError("file is not a database"))
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert "could not be read" in box.text() and "privatrack check" in box.text()
    assert not box.detailedText()
    box.close()


def test_whoever_sees_the_op_finished_sees_its_callbacks_done(qtbot) -> None:
    # Code that waits for ``running`` to turn False (tests, the import page's re-runs) must find the result there.
    for i in range(20):
        owner = Owner()
        qtbot.addWidget(owner)
        ok = Op(owner, lambda _ctx, i=i: i).success(owner.on_success).run()
        bad = Op(owner, lambda _ctx: (_ for _ in ()).throw(InvalidInput("bad"))).failure(owner.on_failure).run()
        qtbot.waitUntil(lambda ok=ok, bad=bad: not ok.running and not bad.running, timeout=5000)
        assert owner.results == [(i, True)] and len(owner.errors) == 1

