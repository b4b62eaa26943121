"""A local TCP fault proxy (127.0.0.1 only, bounded): cut or stall the server's stream after N bytes (P22)."""

from __future__ import annotations

import socket
import threading


class FaultProxy:
    """Forward 127.0.0.1:``port`` to a target; the first ``faulty`` connections fail after ``after`` bytes.

    ``after`` may be a list: connection *i* fails after ``after[i]`` bytes (the last value for later ones).

    ``mode="cut"`` closes both sides once ``after`` bytes came from the server; ``mode="stall"`` stops forwarding
    but keeps the sockets open (a hung server), until ``close()``.
    """

    def __init__(
        self, target: tuple[str, int], *, mode: str, after: int | list[int], faulty: int = 1, record: bool = False
    ) -> None:
        assert mode in ("cut", "stall")
        assert target[0] in ("127.0.0.1", "localhost")
        self.target = target
        self.mode = mode
        self.after = after
        self.faulty = faulty
        self.record = record
        self.sent = bytearray()  # what clients sent, when ``record``
        self.connections = 0
        self.faults = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._accept_thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._accept_thread.start()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                index = self.connections
                self.connections += 1
                if self.connections > 50:  # bounded: a runaway client cannot make us spawn forever
                    client.close()
                    continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._socks += [client, upstream]
            faulty = index < self.faulty
            limit = self.after if isinstance(self.after, int) else self.after[min(index, len(self.after) - 1)]
            for src, dst, fault, rec in ((client, upstream, False, self.record), (upstream, client, faulty, False)):
                t = threading.Thread(target=self._pump, args=(src, dst, fault, rec, limit), daemon=True)
                t.start()
                self._threads.append(t)

    def _pump(self, src: socket.socket, dst: socket.socket, faulty: bool, record: bool, limit: int) -> None:
        sent = 0
        src.settimeout(0.2)
        try:
            while not self._stop.is_set():
                try:
                    data = src.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                if faulty and sent + len(data) >= limit:
                    dst.sendall(data[: max(0, limit - sent)])
                    with self._lock:
                        self.faults += 1
                    if self.mode == "stall":
                        self._stop.wait()  # hold both sockets open and silent until close()
                    break
                if record:
                    with self._lock:
                        self.sent += data
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._accept_thread.join(2)
        for t in self._threads:
            t.join(2)
        with self._lock:
            for s in self._socks:
                s.close()
