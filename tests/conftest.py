"""Shared fixtures: offscreen Qt, fast-but-floor-strength KDF, isolated data dirs, a fresh vault per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests use the KDF floor (64 MiB, 3 passes) instead of a 1 s calibration; the floor itself is tested.
os.environ.setdefault("PRIVATRACK_KDF_TARGET_SECONDS", "0.01")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

import privatrack.core  # noqa: E402,F401  (registers sqlcipher3 before sqlite_utils)
from privatrack.core import keys  # noqa: E402
from privatrack.core.store.vault import Vault  # noqa: E402

TEST_PASSPHRASE = "correct horse battery staple"
FAST_KDF_MEMORY = keys.MIN_MEMORY_KIB


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user's data dir, vault or keyring unless it asks to."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PRIVATRACK_HOME", str(home))
    monkeypatch.delenv("PRIVATRACK_VAULT", raising=False)
    monkeypatch.delenv("PRIVATRACK_PASSPHRASE", raising=False)
    monkeypatch.delenv("PRIVATRACK_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("PRIVATRACK_IMAP_PASSWORD", raising=False)
    if not os.environ.get("PRIVATRACK_REAL_KEYRING"):
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        import keyring.core

        monkeypatch.setattr(keyring.core, "_keyring_backend", None, raising=False)


def fast_kdf() -> keys.KdfParams:
    return keys.KdfParams(salt=os.urandom(16), iterations=keys.MIN_ITERATIONS, memory_kib=FAST_KDF_MEMORY)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "vault.db"


@pytest.fixture
def vault(vault_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, unlocked vault under tmp_path, keyed with ``TEST_PASSPHRASE``."""
    v = Vault.create(vault_path, TEST_PASSPHRASE, kdf=fast_kdf())
    yield v
    v.lock()


@pytest.fixture
def db(vault: Vault):  # type: ignore[no-untyped-def]
    return vault.db


@pytest.fixture
def cli_env(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for CLI tests: vault path and passphrase from the environment, like users' scripts."""
    monkeypatch.setenv("PRIVATRACK_VAULT", str(vault_path))
    monkeypatch.setenv("PRIVATRACK_PASSPHRASE", TEST_PASSPHRASE)
    return {"PRIVATRACK_VAULT": str(vault_path), "PRIVATRACK_PASSPHRASE": TEST_PASSPHRASE}


@pytest.fixture
def no_hang() -> Any:
    """``no_hang(fn, *args)``: ``fn(*args)`` in a forked child process, killed and failed after 10 s. A guard for
    hostile-input tests whose old, super-linear code ran for minutes (the fixed code takes milliseconds), not a speed
    target. A process, not a thread: one long regular-expression match holds the GIL (a thread's timeout would never
    fire), and the child runs ``fn`` on its main thread as the import helpers do (the parse deadline's SIGALRM)."""
    import multiprocessing

    def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)

        def child() -> None:
            try:
                send.send(("ok", fn(*args, **kwargs)))
            except BaseException as exc:  # noqa: BLE001 - reported to the test
                send.send(("error", f"{type(exc).__name__}: {exc}"))

        proc = ctx.Process(target=child)
        proc.start()
        try:
            if not receive.poll(10):
                pytest.fail(f"{getattr(fn, '__name__', fn)} did not finish within 10 s (a hang guard)")
            kind, value = receive.recv()
        finally:
            proc.kill()
            proc.join()
        if kind == "error":
            raise AssertionError(value)
        return value

    return run
