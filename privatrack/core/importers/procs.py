"""Worker processes for imports: spawned (never forked: the caller may hold SQLCipher connections and Qt threads)."""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import sys
import threading
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


class HelperDied(RuntimeError):
    """The helper process running a task died (killed, out of memory) before it answered: redo the task here."""


def _helper_main(tasks: Any, results: Any) -> None:
    """A helper's loop: the pickled ``(initializer, initargs)`` first, then each pickled ``(fn, args)`` from its task
    pipe; ``(ok, value)`` goes back on its result pipe."""
    try:
        initializer, initargs = pickle.loads(tasks.recv_bytes())
    except EOFError:  # the importer is gone before the helper started
        return
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            fn, args = pickle.loads(tasks.recv_bytes())
        except EOFError:  # the importer is gone or done
            break
        try:
            out = (True, fn(*args))
        except Exception as exc:  # noqa: BLE001 - the caller decides (it redoes the task in-process)
            out = (False, RuntimeError(f"{type(exc).__name__}: {exc}"))
        results.send(out)


class _Result:
    def __init__(self, cond: threading.Condition) -> None:
        self._cond = cond
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None

    def _set(self, value: Any = None, error: BaseException | None = None) -> None:  # with the lock held
        self._done, self._value, self._error = True, value, error
        self._cond.notify_all()

    def get(self) -> Any:
        """The task's value; raises its error, or ``HelperDied``. Never waits on a dead helper."""
        with self._cond:
            self._cond.wait_for(lambda: self._done)
        if self._error is not None:
            raise self._error
        return self._value


class HelperPool:
    """Spawned helper processes, each with its own task pipe and its own result pipe.

    ``multiprocessing.Pool`` never returns a task whose worker died, and a worker killed while writing its result
    leaves the pool's shared result lock taken (then even ``terminate()`` waits forever). Here each helper's results
    come on a pipe only it writes to, read by a thread of ours: a dead helper's pipe reads as closed (a result cut
    short too) and its unfinished tasks raise ``HelperDied``, so the caller can do them itself. Tasks are pickled
    and results unpickled in background threads, as ``Pool`` does, so that work overlaps the caller's database
    writes. Results of one helper come in the order its tasks were given.
    """

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._procs: list[Any] = []
        self._task_conns: list[Any] = []
        self._pending: list[list[_Result]] = []
        self._alive: list[bool] = []
        self._outbox: queue.SimpleQueue[tuple[int, Callable[..., Any], tuple[Any, ...], _Result] | None] = (
            queue.SimpleQueue())
        readers = []
        # The initializer's arguments (the importer's: the classifier, ~1.6 MB pickled) go on the task pipe, sent by
        # the sender thread, not with the process: a spawned process's arguments are written to it while it starts
        # its interpreter and imports, and with more than a pipe's buffer that held the caller ~0.35 s per helper,
        # one helper after the other, before its import could begin.
        self._init = pickle.dumps((initializer, initargs), protocol=pickle.HIGHEST_PROTOCOL)
        with _main_not_reimported():
            for _ in range(workers):
                task_r, task_w = ctx.Pipe(duplex=False)
                res_r, res_w = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_helper_main, args=(task_r, res_w), daemon=True)
                proc.start()
                task_r.close()  # the helper holds the only ends it uses: its death reads as end of file here
                res_w.close()
                self._procs.append(proc)
                self._task_conns.append(task_w)
                self._pending.append([])
                self._alive.append(True)
                readers.append(res_r)
        for i, conn in enumerate(readers):
            threading.Thread(target=self._receive, args=(i, conn), daemon=True, name=f"helper-{i}-results").start()
        self._closing = False
        self._sender = threading.Thread(target=self._send, daemon=True, name="helper-tasks")
        self._sender.start()

    def pids(self) -> list[int]:
        return [p.pid for p in self._procs]

    def apply_async(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> _Result:
        """Queue ``fn(*args)`` on the live helper with the fewest unfinished tasks (none left: ``HelperDied``)."""
        res = _Result(self._cond)
        with self._cond:
            live = [k for k in range(len(self._procs)) if self._alive[k]]
            if not live:
                res._set(error=HelperDied("no helper process left"))
                return res
            i = min(live, key=lambda k: len(self._pending[k]))
            self._pending[i].append(res)
        self._outbox.put((i, fn, args, res))
        return res

    def _send(self) -> None:
        for conn in self._task_conns:  # first on every helper's pipe, before any task
            try:
                conn.send_bytes(self._init)
            except OSError:  # the helper is gone: its reader fails what it is given
                pass
        self._init = b""
        while (job := self._outbox.get()) is not None:
            if self._closing:
                continue  # terminating: drop the backlog (its results come back as HelperDied) instead of pickling it
            i, fn, args, res = job
            try:
                data = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable argument: the caller does the task itself
                with self._cond:
                    if res in self._pending[i]:
                        self._pending[i].remove(res)
                        res._set(error=exc)
                continue
            try:
                self._task_conns[i].send_bytes(data)
            except OSError:  # the helper is gone: its reader fails what it had
                pass

    def _receive(self, i: int, conn: Any) -> None:
        while True:
            try:
                ok, value = conn.recv()
            except (EOFError, OSError):  # died (a result cut short reads as end of file too), or terminated
                break
            except Exception as exc:  # noqa: BLE001 - a result that does not unpickle: that task failed
                ok, value = False, RuntimeError(f"unreadable result from a helper ({type(exc).__name__})")
            with self._cond:
                if self._pending[i]:
                    res = self._pending[i].pop(0)
                    if ok:
                        res._set(value=value)
                    else:
                        res._set(error=value)
        conn.close()
        proc = self._procs[i]
        proc.join(timeout=1)
        with self._cond:
            self._alive[i] = False
            for res in self._pending[i]:
                res._set(error=HelperDied(f"helper process died (exit code {proc.exitcode})"))
            self._pending[i] = []

    def terminate(self) -> None:
        """Stop every helper now (unfinished tasks get ``HelperDied``)."""
        self._closing = True
        self._outbox.put(None)
        for proc in self._procs:
            if proc.is_alive():
                proc.kill()
        for proc in self._procs:
            proc.join(timeout=5)
        # the sender may be writing a task: with the helpers dead its writes fail at once; closing a connection
        # under it would crash it instead
        self._sender.join(timeout=5)
        for conn in self._task_conns:
            conn.close()

    def __enter__(self) -> HelperPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.terminate()


def spawn_pool(workers: int, initializer: Callable[..., None] | None = None,
               initargs: tuple[Any, ...] = ()) -> HelperPool | None:
    """:return: a ``HelperPool`` of spawned processes, or ``None`` inside a worker (pools never nest)."""
    if workers <= 0 or in_worker():
        return None
    return HelperPool(workers, initializer, initargs)


CHUNK_ITEMS = 256


def _produce(importer_name: str, path: str, queue: Any) -> None:
    """Child process: run one importer and stream its items back in chunks (None marks the end)."""
    from privatrack.core.importers import get_importer
    from privatrack.core.models import Rejected

    chunk: list[Any] = []
    try:
        for item in get_importer(importer_name).iter_items(__import__("pathlib").Path(path)):
            chunk.append(item)
            if len(chunk) >= CHUNK_ITEMS:
                _put(queue, chunk)
                chunk = []
    except Exception as exc:  # noqa: BLE001 - reported as one rejected item, like in-process
        chunk.append(Rejected(path, "-", f"import of this source stopped ({type(exc).__name__}: {str(exc)[:200]})"))
    _put(queue, chunk)
    _put(queue, None)


def _put(queue: Any, obj: Any) -> None:
    """Put with back-pressure, but never outlive a parent that was killed (nobody would drain the queue)."""
    import os
    import queue as queue_mod

    parent = multiprocessing.parent_process()
    while True:
        try:
            queue.put(obj, timeout=2)
            return
        except queue_mod.Full:
            if parent is not None and not parent.is_alive():
                os._exit(0)


def produce_in_child(importer_name: str, path: str) -> Iterator[Any]:
    """Run a streaming importer in a spawned child so parsing overlaps with the writer; memory stays bounded
    (at most 8 chunks queued). Falls back to in-process inside a worker."""
    from privatrack.core.importers import get_importer

    if in_worker():
        yield from get_importer(importer_name).iter_items(__import__("pathlib").Path(path))
        return
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue(maxsize=8)
    with _main_not_reimported():
        proc = ctx.Process(target=_produce, args=(importer_name, path, queue), daemon=True)
        proc.start()
    try:
        while True:
            try:
                chunk = queue.get(timeout=5)
            except Exception:  # noqa: BLE001 - queue.Empty: is the child still alive?
                if proc.is_alive():
                    continue
                from privatrack.core.models import Rejected

                yield Rejected(path, "-", f"the reader process died (exit code {proc.exitcode}); stopped here")
                return
            if chunk is None:
                return
            yield from chunk
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)
        queue.close()
