"""IMAP import against a real Dovecot on 127.0.0.1: P21 (idempotent, read-only) and P22 (bounded network faults)."""

from __future__ import annotations

import hashlib
import logging
import ssl
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import pytest

from privatrack.core.errors import InvalidInput
from privatrack.core.importers import imap as imapmod
from privatrack.core.importers.imap import (
    ImapAccount,
    ImapAuthError,
    ImapConnectionError,
    ImapError,
    ImapOptions,
    import_imap,
    is_loopback,
)
from privatrack.core.store.vault import Vault
from privatrack.core.tasks import TaskContext
from tests.conftest import TEST_PASSPHRASE, fast_kdf
from tests.core.imap.conftest import state, stored
from tests.core.imap.faultproxy import FaultProxy
from tests.dovecot import JUNK, Dovecot, Mailstore, make_message

pytestmark = pytest.mark.imap

FAST = ImapOptions(connect_timeout=2, read_timeout=2, backoff=0.05, backoff_max=0.2, max_retries=3)


def account(box: Mailstore, *folders: str, port: int | None = None) -> ImapAccount:
    return ImapAccount(box.host, port or box.port, box.user, "none", tuple(folders))


def run(db: Any, box: Mailstore, *folders: str, port: int | None = None, **kw: Any) -> Any:
    kw.setdefault("options", FAST)
    return import_imap(db, account(box, *folders, port=port), box.password, **kw)


def padded(i: int, folder: str = "inbox", size: int = 1500) -> bytes:
    """A message of about ``size`` bytes, so byte-counting faults land inside FETCH responses."""
    base = make_message(i, folder=folder)
    return base + (f"Line {i} of the offer text. " * (size // 28)).encode() + b"\r\n"


def mids(db: Any) -> set[str]:
    return {r[0] for r in db.execute("SELECT message_id FROM messages")}


def clean_import(tmp_path: Path, box: Mailstore, *folders: str) -> tuple[list[Any], list[Any]]:
    """A full import of the same mailbox into a second, fresh vault: what every faulty run must end equal to."""
    v = Vault.create(tmp_path / "clean" / "vault.db", TEST_PASSPHRASE, kdf=fast_kdf())
    try:
        run(v.db, box, *folders)
        return stored(v.db), state(v.db)
    finally:
        v.lock()


def flags(box: Mailstore, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    c = box.client()
    try:
        c.select_folder(folder, readonly=True)
        return {uid: tuple(sorted(d[b"FLAGS"])) for uid, d in c.fetch(c.search("ALL"), ["FLAGS"]).items()}
    finally:
        c.logout()


# -- P21: idempotent, incremental, read-only ---------------------------------------------------------------------
def test_default_folders_are_inbox_and_the_junk_folder_by_its_flag(db: Any, mailstore: Mailstore) -> None:
    for i in range(4):
        mailstore.deliver(make_message(i), seen=i % 2 == 0)
    mailstore.deliver(make_message(1, folder="junk", subject="中奖通知 你已获得大奖"), JUNK)
    mailstore.deliver(make_message(2, folder="junk"), JUNK)
    mailstore.deliver(make_message(1, folder="archive"), "Archive")  # not a default folder
    mailstore.deliver(make_message(1, folder="sent"), "Sent")  # \Sent: not a default folder either

    report = run(db, mailstore)

    assert (report.imported, report.already_present, report.rejected) == (6, 0, [])
    assert mids(db) == {f"<inbox-{i}@shop.example>" for i in range(4)} | {
        "<junk-1@shop.example>", "<junk-2@shop.example>"}
    junk_url = f"imap://{mailstore.user}@127.0.0.1/{JUNK}"
    row = db.execute("SELECT subject, source, sender, date FROM messages WHERE message_id = ?",
                     ["<junk-1@shop.example>"]).fetchone()
    assert row == ("中奖通知 你已获得大奖", junk_url, "news1@shop.example", "2026-03-02T10:01:00+08:00")
    assert {(m, last) for _a, m, _v, last in state(db)} == {("INBOX", 4), (JUNK, 2)}


def test_only_new_messages_come_and_nothing_twice(db: Any, mailstore: Mailstore) -> None:
    for i in range(5):
        mailstore.deliver(make_message(i))
    assert run(db, mailstore, "INBOX").imported == 5

    for i in range(5, 8):
        mailstore.deliver(make_message(i))
    second = run(db, mailstore, "INBOX")
    assert (second.imported, second.already_present, second.rejected) == (3, 0, [])

    # Nothing new: the server answers "UID last+1:*" with the last message (RFC 9051 §6.4.8), which must not
    # be fetched or counted again.
    c = mailstore.client()
    c.select_folder("INBOX", readonly=True)
    assert c.search(["UID", "9:*"]) == [8]
    c.logout()
    third = run(db, mailstore, "INBOX")
    assert (third.imported, third.already_present, third.rejected) == (0, 0, [])
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 8
    assert state(db) == [(f"{mailstore.user}@127.0.0.1", "INBOX", state(db)[0][2], 8)]


def test_n_star_quirk_when_the_newer_message_was_expunged(db: Any, mailstore: Mailstore) -> None:
    # UIDNEXT moved past our last UID, but the only newer message is gone: "UID 4:*" then returns UID 3, which
    # must be recognised as already imported rather than fetched again.
    for i in range(3):
        mailstore.deliver(make_message(i))
    assert run(db, mailstore, "INBOX").imported == 3
    c = mailstore.client()
    c.append("INBOX", make_message(99))
    c.select_folder("INBOX")
    c.delete_messages(c.search(["UID", "4"]))
    c.expunge()
    c.select_folder("INBOX", readonly=True)
    assert c.search(["UID", "4:*"]) == [3]
    c.logout()
    with FaultProxy(("127.0.0.1", mailstore.port), mode="cut", after=1 << 40, faulty=0, record=True) as proxy:
        report = run(db, mailstore, "INBOX", port=proxy.port)
    assert (report.imported, report.already_present, report.rejected) == (0, 0, [])
    assert b"BODY.PEEK" not in bytes(proxy.sent).upper()  # nothing was fetched


def test_server_flags_are_never_changed(db: Any, mailstore: Mailstore) -> None:
    for i in range(6):
        mailstore.deliver(make_message(i), seen=i < 2)
    before = flags(mailstore)
    assert sum(b"\\Seen" in f for f in before.values()) == 2

    # A pass-through recording proxy sees every command the importer sends.
    with FaultProxy(("127.0.0.1", mailstore.port), mode="cut", after=1 << 40, faulty=0, record=True) as proxy:
        assert run(db, mailstore, port=proxy.port).imported == 6
    sent = bytes(proxy.sent).upper()

    assert flags(mailstore) == before
    assert b"EXAMINE" in sent and b"BODY.PEEK[]" in sent
    for verb in (b" STORE ", b" EXPUNGE", b" COPY ", b" MOVE ", b" SELECT ", b" DELETE ", b" APPEND "):
        assert verb not in sent, verb


def test_uidvalidity_change_gives_zero_duplicates(db: Any, mailstore: Mailstore) -> None:
    c = mailstore.client()
    c.create_folder("Receipts")
    for i in range(4):
        c.append("Receipts", make_message(i, folder="receipts"))
    c.select_folder("Receipts", readonly=True)
    old_validity = c.folder_status("Receipts", [b"UIDVALIDITY"])[b"UIDVALIDITY"]
    c.close_folder()
    assert run(db, mailstore, "Receipts").imported == 4

    # Recreate the mailbox: same messages, new UIDVALIDITY, UIDs from 1 again, plus one new message.
    c.delete_folder("Receipts")
    c.create_folder("Receipts")
    for i in range(5):
        c.append("Receipts", make_message(i, folder="receipts"))
    new_validity = c.folder_status("Receipts", [b"UIDVALIDITY"])[b"UIDVALIDITY"]
    c.logout()
    assert new_validity != old_validity

    report = run(db, mailstore, "Receipts")
    assert (report.imported, report.already_present, report.rejected) == (1, 4, [])
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 5
    [(_acct, _mbox, validity, last)] = state(db)
    assert (validity, last) == (new_validity, 5)


def test_imap_id_is_sent(db: Any, dovecot: Dovecot, mailstore: Mailstore) -> None:
    mailstore.deliver(make_message(1))
    run(db, mailstore)
    lines = [ln for ln in dovecot.log.splitlines() if "ID sent" in ln and mailstore.user in ln]
    assert lines and "name=PrivaTrack" in lines[0], dovecot.log[-3000:]


def test_missing_folder_is_reported_and_the_rest_imported(db: Any, mailstore: Mailstore) -> None:
    mailstore.deliver(make_message(1))
    report = run(db, mailstore, "No Such Folder", "INBOX")
    assert report.imported == 1
    [rej] = report.rejected
    assert rej.source.endswith("/No Such Folder") and "cannot open this folder" in rej.reason


def test_oversized_message_keeps_head_and_hash_of_the_whole(
    db: Any, mailstore: Mailstore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imapmod, "MAX_RAW", 20_000)
    monkeypatch.setattr(imapmod, "HASH_CHUNK", 7_000)
    big = padded(1, size=60_000)
    mailstore.deliver(big)
    mailstore.deliver(make_message(2))
    assert run(db, mailstore).imported == 2
    row = db.execute("SELECT m.sha256, r.storage, m.subject FROM messages m JOIN raw_messages r ON r.id = m.raw_id "
                     "WHERE message_id = '<inbox-1@shop.example>'").fetchone()
    assert row == (hashlib.sha256(big).hexdigest(), "metadata_only", "Offer number 1 from inbox")


# -- resume and network faults (P22) ----------------------------------------------------------------------------
def test_server_stopped_mid_import_then_rerun_equals_clean_import(db: Any, tmp_path: Path) -> None:
    server = Dovecot(tmp_path / "own-dovecot")
    server.write_conf()
    box = server.new_user()
    for i in range(12):
        box.deliver(make_message(i))
    server.start()
    try:
        calls: list[int] = []

        def stop_after_first_batch(mailbox: str, first_uid: int) -> None:
            calls.append(first_uid)
            if first_uid > 4:  # batch 1 (UIDs 1-4) is committed by now
                server.stop()

        opts = ImapOptions(connect_timeout=1, read_timeout=2, batch_size=4, backoff=0.05, max_retries=2)
        t0 = time.monotonic()
        with pytest.raises(ImapConnectionError, match="run the import again"):
            run(db, box, "INBOX", options=opts, before_fetch=stop_after_first_batch)
        assert time.monotonic() - t0 < 5
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
        assert [r[3] for r in state(db)] == [4]

        server.start()
        report = run(db, box, "INBOX", options=opts)
        assert (report.imported, report.already_present) == (8, 0)
        assert (stored(db), state(db)) == clean_import(tmp_path, box, "INBOX")
    finally:
        server.stop()


def test_state_follows_commits_when_the_pipeline_reads_ahead(db: Any, tmp_path: Path) -> None:
    # With worker processes the pipeline pulls later batches before it writes the current one: the recorded
    # UID must still be that of the last *committed* message, or a crash would skip the read-ahead ones forever.
    server = Dovecot(tmp_path / "own-dovecot")
    server.write_conf()
    box = server.new_user()
    for i in range(20):
        box.deliver(make_message(i))
    server.start()
    try:
        def stop_late(mailbox: str, first_uid: int) -> None:
            if first_uid > 12:
                server.stop()

        opts = ImapOptions(connect_timeout=1, read_timeout=2, batch_size=4, backoff=0.05, max_retries=1, workers=1)
        with pytest.raises(ImapConnectionError):
            run(db, box, "INBOX", options=opts, before_fetch=stop_late)
        count = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        uids = [r[3] for r in state(db)]
        assert count < 12 and uids == ([count] if count else [])
        server.start()
        assert run(db, box, "INBOX").imported == 20 - count
        assert (stored(db), state(db)) == clean_import(tmp_path, box, "INBOX")
    finally:
        server.stop()


def test_connection_cut_mid_fetch_reconnects_and_equals_clean_import(
    db: Any, mailstore: Mailstore, tmp_path: Path
) -> None:
    for i in range(30):
        mailstore.deliver(padded(i))
    opts = ImapOptions(connect_timeout=2, read_timeout=2, batch_size=5, backoff=0.05, max_retries=3)
    with FaultProxy(("127.0.0.1", mailstore.port), mode="cut", after=12_000) as proxy:
        report = run(db, mailstore, "INBOX", port=proxy.port, options=opts)
    assert proxy.faults == 1 and proxy.connections >= 2
    assert (report.imported, report.already_present, report.rejected) == (30, 0, [])
    assert (stored(db), state(db)) == clean_import(tmp_path, mailstore, "INBOX")


def test_stalled_server_times_out_and_resumes(db: Any, mailstore: Mailstore, tmp_path: Path) -> None:
    for i in range(20):
        mailstore.deliver(padded(i))
    opts = ImapOptions(connect_timeout=1, read_timeout=0.8, batch_size=5, backoff=0.05, max_retries=3)
    t0 = time.monotonic()
    with FaultProxy(("127.0.0.1", mailstore.port), mode="stall", after=9_000) as proxy:
        report = run(db, mailstore, "INBOX", port=proxy.port, options=opts)
    assert time.monotonic() - t0 < 8
    assert proxy.faults == 1 and proxy.connections >= 2
    assert report.imported == 20
    assert (stored(db), state(db)) == clean_import(tmp_path, mailstore, "INBOX")


def test_server_that_always_stalls_fails_within_the_bound(db: Any, mailstore: Mailstore) -> None:
    for i in range(20):
        mailstore.deliver(padded(i))
    opts = ImapOptions(connect_timeout=0.5, read_timeout=0.6, batch_size=5, backoff=0.05, max_retries=2)
    t0 = time.monotonic()
    # The first connection stalls mid-fetch; every later one right after the greeting.
    with FaultProxy(("127.0.0.1", mailstore.port), mode="stall", after=[12_000, 100], faulty=99) as proxy:
        with pytest.raises(ImapConnectionError):
            run(db, mailstore, "INBOX", port=proxy.port, options=opts)
    # 3 connections x (read timeout + backoff) plus connect work: far below a hang.
    assert time.monotonic() - t0 < 6
    assert proxy.connections == 3
    # What came before the stall stays committed, and the state says so.
    count = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert 0 < count < 20 and state(db)[0][3] == count


def test_cancel_interrupts_a_blocked_read(db: Any, mailstore: Mailstore) -> None:
    for i in range(20):
        mailstore.deliver(padded(i))
    opts = ImapOptions(connect_timeout=5, read_timeout=60, batch_size=5)  # production-like read timeout
    ctx = TaskContext()
    with FaultProxy(("127.0.0.1", mailstore.port), mode="stall", after=9_000, faulty=99) as proxy:
        timer = threading.Timer(0.5, ctx.cancel)
        timer.start()
        t0 = time.monotonic()
        report = run(db, mailstore, "INBOX", port=proxy.port, options=opts, ctx=ctx)
        elapsed = time.monotonic() - t0
    assert proxy.faults >= 1
    assert report.cancelled and elapsed < 3
    assert ctx.latest().total == 20
    # A later run picks up where the cancelled one stopped.
    again = run(db, mailstore, "INBOX")
    assert again.imported + report.imported == 20 and again.already_present == 0


# -- security -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["imap.example.com", "10.0.0.1", "127.0.0.1.example.com", "0.0.0.0"])
def test_plain_text_to_a_remote_host_is_refused(db: Any, host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*a: Any, **k: Any) -> None:
        raise AssertionError("must refuse before connecting")

    monkeypatch.setattr(imapmod, "IMAPClient", no_network)
    with pytest.raises(InvalidInput, match="plain text"):
        import_imap(db, ImapAccount(host, 143, "u@example.com", "none"), "pw")
    assert is_loopback("localhost") and is_loopback("127.0.0.2") and is_loopback("::1")


def test_starttls_is_required_when_asked(db: Any, mailstore: Mailstore) -> None:
    acc = ImapAccount(mailstore.host, mailstore.port, mailstore.user, "starttls")
    with pytest.raises(ImapError, match="does not offer STARTTLS"):
        import_imap(db, acc, mailstore.password, options=FAST)


def test_password_never_in_logs_or_errors(db: Any, mailstore: Mailstore, caplog: pytest.LogCaptureFixture) -> None:
    mailstore.deliver(make_message(1))
    caplog.set_level(logging.DEBUG)
    assert run(db, mailstore).imported == 1  # DEBUG logging includes imapclient's protocol trace

    wrong = "Wr0ng-Pa$$word-zz9"
    errors: list[BaseException] = []
    with pytest.raises(ImapAuthError) as auth:
        import_imap(db, account(mailstore), wrong, options=FAST)
    errors.append(auth.value)
    with pytest.raises(ImapConnectionError) as unreachable:
        import_imap(db, ImapAccount("127.0.0.1", 1, mailstore.user, "none"), wrong,
                    options=ImapOptions(connect_timeout=0.5, backoff=0.01, max_retries=1))
    errors.append(unreachable.value)

    assert "LOGIN" in caplog.text  # the trace really was captured
    for secret in (mailstore.password, wrong):
        assert secret not in caplog.text
        for exc in errors:
            text = "".join(traceback.format_exception(exc))
            assert secret not in text and secret not in repr(exc.args)


def test_wrong_password_is_not_retried(db: Any, dovecot: Dovecot, mailstore: Mailstore) -> None:
    with pytest.raises(ImapAuthError, match="authorisation code"):
        import_imap(db, account(mailstore), "nope", options=FAST)
    time.sleep(0.2)  # let Dovecot write its log line
    failures = [ln for ln in dovecot.log.splitlines() if f"user=<{mailstore.user}>" in ln and "auth failed" in ln]
    assert len(failures) == 1, failures


# -- TLS and STARTTLS against a Dovecot with a test certificate ------------------------------------------------
@pytest.fixture
def tls_server(tmp_path: Path) -> Any:
    server = Dovecot(tmp_path / "tls-dovecot", tls=True)
    server.write_conf()
    box = server.new_user()
    for i in range(3):
        box.deliver(make_message(i))
    server.start()
    yield server, box
    server.stop()


def test_tls_and_starttls_verify_the_certificate(db: Any, tls_server: Any) -> None:
    server, box = tls_server
    trusted = ssl.create_default_context(cafile=str(server.base / "cert.pem"))
    tls = ImapAccount("127.0.0.1", server.imaps_port, box.user, "tls", ("INBOX",))
    assert import_imap(db, tls, box.password, options=FAST, ssl_context=trusted).imported == 3
    box.deliver(make_message(3))
    starttls = ImapAccount("localhost", server.port, box.user, "starttls", ("INBOX",))
    assert import_imap(db, starttls, box.password, options=FAST, ssl_context=trusted).imported == 1
    logins = [ln for ln in server.log.splitlines() if f"Login: user=<{box.user}>" in ln]
    assert len(logins) == 2 and all(", TLS," in ln for ln in logins)  # both sessions were encrypted

    # With the system's CAs the self-signed certificate is refused at once, without retries.
    t0 = time.monotonic()
    with pytest.raises(ImapError, match="certificate"):
        import_imap(db, tls, box.password, options=ImapOptions(backoff=5))
    assert time.monotonic() - t0 < 2
