"""IMAP import: ``ImapAccount``, ``ImapOptions``, ``import_imap(db, account, password, ctx)``, ``default_folders``,
and ``saved_password``/``save_password`` (the OS keyring, via ``core.secrets``).

Read-only by construction (P21): mailboxes are opened with EXAMINE (``readonly=True``), bodies are fetched with
``BODY.PEEK[]`` and no STORE/EXPUNGE/COPY/MOVE is ever sent, so ``\\Seen`` and every other flag stay as they were.
Incremental by (account, mailbox, UIDVALIDITY, UID) through the ``imap_state`` table, which is updated inside the
pipeline's batch transaction, so a crash, a cancel or a dropped connection resumes from the last committed UID.
Every socket has connect/read timeouts and a dropped connection is retried with bounded backoff (P22).
The password is never logged and never appears in an exception message.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import imaplib
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from imapclient import IMAPClient, SocketTimeout, imap_utf7
from imapclient.exceptions import IMAPClientError, LoginError
from sqlite_utils import Database

from privatrack import __version__
from privatrack.core import secrets
from privatrack.core.errors import InvalidInput, KeyringUnavailable, UserFacingError
from privatrack.core.importers.mail import HEAD_KEEP, MAX_RAW, parse_mail
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import ImportReport, RawMessage, Rejected
from privatrack.core.tasks import Progress, TaskContext

log = logging.getLogger(__name__)

SECURITY_MODES = ("tls", "starttls", "none")
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}
JUNK_FLAGS = (b"\\Junk", b"\\Spam")  # RFC 6154 SPECIAL-USE, and Gmail's legacy XLIST name
# No flag marks a promotions folder; these are the names providers give it (NetEase: 广告邮件, "advertising mail").
PROMOTION_NAMES = ("promotions", "[gmail]/promotions", "广告邮件", "订阅邮件")
# Sent with the IMAP ID command (RFC 2971); nothing about the user or the machine.
CLIENT_ID = {"name": "PrivaTrack", "version": __version__, "vendor": "PrivaTrack"}
HASH_CHUNK = 4 * 1024 * 1024  # partial-fetch size when hashing an oversized message

Item = RawMessage | Rejected


class ImapError(UserFacingError):
    """A problem talking to the IMAP server (its text never contains the password)."""


class ImapAuthError(ImapError):
    pass


class ImapConnectionError(ImapError):
    """The server could not be reached or kept dropping the connection after every retry."""


@dataclass(frozen=True)
class ImapAccount:
    """Where to import from. The password is not part of it: the caller passes it to ``import_imap``.

    :param host: server name or address.
    :param port: ``None`` for the default of ``security`` (993 for TLS, 143 otherwise).
    :param user: login name (often the e-mail address; QQ/NetEase take an authorisation code as password).
    :param security: ``tls`` (implicit TLS), ``starttls`` (required, never downgraded) or ``none`` (loopback only).
    :param folders: mailbox names (Unicode); empty for the defaults from ``default_folders``.
    """

    host: str
    port: int | None
    user: str
    security: str = "tls"
    folders: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The account name in ``imap_state`` (the port is left out: a proxy or port change is the same mailbox)."""
        return f"{self.user}@{self.host}"

    @property
    def secret_name(self) -> str:
        """Name of the password in the OS keyring (``core.secrets``)."""
        return f"imap:{self.user}@{self.host}"

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS.get(self.security, 993)

    def url(self, mailbox: str | None = None) -> str:
        base = f"imap://{self.user}@{self.host}"
        return f"{base}/{mailbox}" if mailbox is not None else base

    def validate(self) -> None:
        """:raises InvalidInput: unknown security mode, or plain text to a host that is not loopback."""
        if self.security not in SECURITY_MODES:
            raise InvalidInput(f"unknown IMAP security {self.security!r} (one of {', '.join(SECURITY_MODES)})")
        if not self.host or not self.user:
            raise InvalidInput("an IMAP host and user are required")
        if self.security == "none" and not is_loopback(self.host):
            raise InvalidInput(
                f"refusing to send the password in plain text to {self.host}: use --security tls or starttls "
                "(plain IMAP is allowed only to this computer, e.g. a local bridge on 127.0.0.1)"
            )
        if self.port is not None and not 0 < self.port < 65536:
            raise InvalidInput(f"invalid port {self.port}")


def saved_password(account: ImapAccount) -> str | None:
    """:return: the password stored in the OS keyring for ``account``, ``None`` when absent or no keyring works."""
    try:
        return secrets.get_secret(account.secret_name)
    except KeyringUnavailable:
        return None


def save_password(account: ImapAccount, password: str) -> None:
    """Store the password in the OS keyring (never anywhere else). :raises KeyringUnavailable: no usable keyring."""
    secrets.set_secret(account.secret_name, password)


def is_loopback(host: str) -> bool:
    """Only literal loopback addresses and ``localhost`` count; a DNS name could resolve anywhere."""
    h = host.strip().strip("[]").rstrip(".").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ImapOptions:
    """Tunables; the defaults are the production values, tests inject small ones.

    :param connect_timeout: seconds to establish the TCP/TLS connection.
    :param read_timeout: seconds any single read or write may block.
    :param batch_size: UIDs per FETCH, and messages per pipeline transaction.
    :param batch_bytes: a FETCH is cut earlier when its messages add up to this many bytes (bounded memory).
    :param max_retries: consecutive reconnect attempts after a dropped connection before giving up.
    :param backoff: first wait before reconnecting (doubled each attempt, capped by ``backoff_max``).
    :param workers: passed to ``pipeline.ingest`` (processes preparing later batches while one is written).
    """

    connect_timeout: float = 15.0
    read_timeout: float = 60.0
    batch_size: int = 200
    batch_bytes: int = 32 * 1024 * 1024
    max_retries: int = 5
    backoff: float = 1.0
    backoff_max: float = 30.0
    workers: int = 0


@dataclass
class _Box:
    """One mailbox's plan: what is new since the last committed UID."""

    name: str
    uidvalidity: int
    uids: list[int] = field(default_factory=list)


class _Dropped(Exception):
    """Internal: the connection failed in a way a reconnect can fix."""


# Errors that mean "the connection is gone or stuck", as opposed to a protocol answer such as NO/BAD.
_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # includes socket.timeout/TimeoutError, ConnectionResetError, BrokenPipeError, ssl.SSLError
    imaplib.IMAP4.abort,
    EOFError,
)
_RETRYABLE: tuple[type[BaseException], ...] = (_Dropped, *_NETWORK_ERRORS)


def read_state(db: Database, account: str) -> dict[str, tuple[int, int]]:
    """:return: ``{mailbox: (uidvalidity, last_uid)}`` committed for ``account``."""
    rows = db.execute("SELECT mailbox, uidvalidity, last_uid FROM imap_state WHERE account = ?", [account]).fetchall()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


def write_state(db: Database, account: str, mailbox: str, uidvalidity: int, last_uid: int) -> None:
    """Record progress; within one UIDVALIDITY the UID never goes back. Call inside the batch transaction."""
    db.execute(
        """
        INSERT INTO imap_state (account, mailbox, uidvalidity, last_uid) VALUES (?, ?, ?, ?)
        ON CONFLICT (account, mailbox) DO UPDATE SET
            last_uid = CASE WHEN imap_state.uidvalidity = excluded.uidvalidity
                            THEN max(imap_state.last_uid, excluded.last_uid) ELSE excluded.last_uid END,
            uidvalidity = excluded.uidvalidity
        """,
        [account, mailbox, uidvalidity, last_uid],
    )


def default_folders(client: IMAPClient) -> list[str]:
    """INBOX, every folder flagged ``\\Junk`` (or Gmail's ``\\Spam``), and a promotions folder where one exists.

    Flags come from SPECIAL-USE (RFC 6154) in LIST, or from XLIST on servers that only have that; names arrive
    decoded from modified UTF-7 (imapclient), so a Chinese 垃圾邮件 folder is found by its flag, not its name.
    """
    caps = client.capabilities()
    listing = list(client.list_folders())
    if b"XLIST" in caps and b"SPECIAL-USE" not in caps:
        try:
            listing = list(client.xlist_folders())
        except IMAPClientError:
            pass
    out = ["INBOX"]
    for flags, delim, raw_name in listing:
        name = imap_utf7.decode(raw_name) if isinstance(raw_name, bytes) else str(raw_name)
        low = {f.lower() for f in flags}
        if b"\\noselect" in low or b"\\nonexistent" in low or name.upper() == "INBOX":
            continue
        sep = delim.decode("ascii", "replace") if isinstance(delim, bytes) else (delim or "")
        leaf = name.rsplit(sep, 1)[-1] if sep else name
        if any(j.lower() in low for j in JUNK_FLAGS) or name.lower() in PROMOTION_NAMES or (
            leaf.lower() in PROMOTION_NAMES
        ):
            if name not in out:
                out.append(name)
    return out


def import_imap(
    db: Database,
    account: ImapAccount,
    password: str,
    ctx: TaskContext | None = None,
    *,
    options: ImapOptions | None = None,
    classifier: Any = None,
    to_detail: Any = None,
    ssl_context: ssl.SSLContext | None = None,
    before_fetch: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Import new messages from ``account`` into the vault.

    :param db: the vault's writer connection.
    :param account: server, user, security and folders.
    :param password: the password or provider authorisation code (never stored or logged here).
    :param ctx: progress and cancellation; a cancel also interrupts a blocked network read.
    :param options: timeouts, batch sizes and retry policy.
    :param classifier: passed on to ``pipeline.ingest``.
    :param to_detail: passed on to ``pipeline.ingest``.
    :param ssl_context: for ``tls``/``starttls``; default: the system's verified context.
    :param before_fetch: test hook, called with (mailbox, first UID) before each FETCH.
    :raises InvalidInput: bad account settings (e.g. plain text to a remote host); nothing is sent.
    :raises ImapAuthError: the server refused the login.
    :raises ImapConnectionError: the server stayed unreachable after every retry; committed batches are kept.
    :raises Cancelled: ``ctx`` was cancelled while still connecting. A cancel during the import returns the
        report with ``cancelled=True``; committed batches are kept either way.
    """
    account.validate()
    run = _ImapRun(db, account, password, ctx or TaskContext(), options or ImapOptions(), ssl_context, before_fetch)
    return run.execute(classifier=classifier, to_detail=to_detail)


class _ImapRun:
    """One import of one account: connection management, planning, fetching and state."""

    def __init__(
        self,
        db: Database,
        account: ImapAccount,
        password: str,
        ctx: TaskContext,
        opts: ImapOptions,
        ssl_context: ssl.SSLContext | None,
        before_fetch: Callable[[str, int], None] | None,
    ) -> None:
        self.db = db
        self.account = account
        self._password = password
        self.ctx = ctx
        self.opts = opts
        self.ssl_context = ssl_context
        self.before_fetch = before_fetch
        self.client: IMAPClient | None = None
        self.state = read_state(db, account.key)
        # Last UID handed to the pipeline per mailbox (to re-plan a mailbox within this run).
        self._yielded: dict[str, tuple[int, int]] = {}
        # What the state may record once the first ``seq`` items are committed: (seq, mailbox, uidvalidity, uid).
        # Batches are contiguous runs of the items in yield order, but the pipeline may pull later batches before
        # it writes this one, so the high-water mark is derived from the batch count, not from what was yielded.
        self._seq = 0
        self._marks: deque[tuple[int, str, int, int]] = deque()
        self._batch: Sequence[Any] | None = None
        self._target = 0
        self._applied = 0
        self._done = 0
        self._total = 0
        self._stop_watch = threading.Event()

    # -- secrets -----------------------------------------------------------------------------------
    def _scrub(self, text: str) -> str:
        """Remove the password (and the encodings it travels in) from any text bound for a message or log."""
        pw = self._password
        if not pw:
            return text
        forms = {pw, repr(pw)[1:-1], pw.replace("\\", "\\\\").replace('"', '\\"')}
        for extra in (f"\0{self.account.user}\0{pw}", f"{self.account.user}\0{pw}"):
            forms.add(base64.b64encode(extra.encode("utf-8", "replace")).decode("ascii"))
        forms.add(base64.b64encode(pw.encode("utf-8", "replace")).decode("ascii"))
        for f in sorted(forms, key=len, reverse=True):
            if f:
                text = text.replace(f, "***")
        return text

    def _describe(self, exc: BaseException) -> str:
        return self._scrub(f"{type(exc).__name__}: {exc}")[:300]

    # -- connection --------------------------------------------------------------------------------
    def connect(self) -> IMAPClient:
        acc = self.account
        timeout = SocketTimeout(connect=self.opts.connect_timeout, read=self.opts.read_timeout)
        context = self.ssl_context or ssl.create_default_context()
        log.info("connecting to %s:%s (%s) as %s", acc.host, acc.effective_port, acc.security, acc.user)
        try:
            client = IMAPClient(
                acc.host, port=acc.effective_port, ssl=acc.security == "tls", ssl_context=context, timeout=timeout
            )
        except ssl.SSLCertVerificationError as exc:
            raise self._cert_error(exc) from None
        except _NETWORK_ERRORS as exc:
            raise _Dropped(self._describe(exc)) from None
        try:
            pre_caps = client.capabilities()
            if acc.security == "starttls":
                if b"STARTTLS" not in pre_caps:
                    raise ImapError(f"{acc.host} does not offer STARTTLS; refusing to log in without encryption")
                client.starttls(context)
                pre_caps = client.capabilities()
            try:
                client.login(acc.user, self._password)
            except LoginError as exc:
                raise ImapAuthError(
                    f"the IMAP server {acc.host} refused the login for {acc.user} ({self._describe(exc)}); "
                    "QQ Mail and NetEase need an authorisation code, not the web password"
                ) from None
            # NetEase answers SELECT with "Unsafe Login" unless the client identifies itself (RFC 2971).
            if b"ID" in pre_caps or client.has_capability("ID"):
                try:
                    client.id_(CLIENT_ID)
                except IMAPClientError as exc:
                    log.warning("the server rejected the IMAP ID command: %s", self._describe(exc))
        except ImapError:
            _close(client)
            raise
        except ssl.SSLCertVerificationError as exc:
            _close(client)
            raise self._cert_error(exc) from None
        except _NETWORK_ERRORS as exc:
            _close(client)
            raise _Dropped(self._describe(exc)) from None
        except IMAPClientError as exc:
            _close(client)
            raise ImapError(f"IMAP error from {acc.host}: {self._describe(exc)}") from None
        self.client = client
        return client

    def _cert_error(self, exc: ssl.SSLCertVerificationError) -> ImapError:
        # Not retried: a certificate that fails now fails the same way in a second.
        reason = exc.verify_message or self._describe(exc)
        return ImapError(f"the TLS certificate of {self.account.host} could not be verified ({reason}); not connecting")

    def disconnect(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            _close(client, logout=True)

    def _reconnect(self, attempt: int, why: str, initial: bool) -> None:
        """Wait (with backoff, cancellable), then connect again; raise when out of attempts."""
        self.disconnect()
        self.ctx.raise_if_cancelled()
        if attempt > self.opts.max_retries:
            where = f"{self.account.host}:{self.account.effective_port}"
            if initial:
                raise ImapConnectionError(f"cannot reach the IMAP server {where} ({why})")
            raise ImapConnectionError(
                f"lost the connection to {where} and could not resume after {self.opts.max_retries} attempts "
                f"({why}); what was imported is kept, run the import again to continue"
            )
        delay = min(self.opts.backoff * (2 ** (attempt - 1)), self.opts.backoff_max)
        log.warning("IMAP connection problem (%s); reconnecting in %.1f s (attempt %d)", why, delay, attempt)
        end = time.monotonic() + delay
        while time.monotonic() < end:
            self.ctx.raise_if_cancelled()
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))
        self.connect()

    def _reconnect_or_fail(self, attempt: int, exc: BaseException, initial: bool = False) -> IMAPClient:
        """Reconnect until it works or ``max_retries`` consecutive attempts have failed."""
        why = exc.args[0] if isinstance(exc, _Dropped) and exc.args else self._describe(exc)
        while True:
            try:
                self._reconnect(attempt, why, initial)
            except _Dropped as again:
                attempt += 1
                why = str(again)
                continue
            assert self.client is not None
            return self.client

    def _connected(self) -> IMAPClient:
        """The current connection, or a new one with the same bounded retries (the server may be restarting)."""
        if self.client is not None:
            return self.client
        try:
            return self.connect()
        except _Dropped as exc:
            return self._reconnect_or_fail(1, exc, initial=True)

    def _watch_cancel(self) -> None:
        """Unblock a network read when the user cancels, so Cancel never waits for the read timeout."""
        while not self._stop_watch.wait(0.1):
            if self.ctx.cancelled:
                client = self.client
                if client is not None:
                    try:
                        client.socket().shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return

    # -- the run -----------------------------------------------------------------------------------
    def execute(self, *, classifier: Any, to_detail: Any) -> ImportReport:
        watcher = threading.Thread(target=self._watch_cancel, name="imap-cancel-watch", daemon=True)
        watcher.start()
        try:
            self._connected()
            return ingest(
                self.db,
                self.items(),
                _MergedProgress(self.ctx, self),
                classifier=classifier,
                to_detail=to_detail,
                batch_size=self.opts.batch_size,
                in_transaction=self.commit_state,
                source_label=self.account.url(),
                workers=self.opts.workers,
            )
        finally:
            self._stop_watch.set()
            self.disconnect()

    def commit_state(self, db: Database, batch: Sequence[Any]) -> None:
        """``in_transaction`` hook: record the UIDs of this batch's messages, atomically with them.

        The pipeline may call it twice for one batch (a rolled-back batch is redone row by row), so it is
        idempotent per batch; a new batch means the previous one committed.
        """
        if batch is not self._batch:
            self._batch = batch
            self._target += len(batch)
            for _ in range(self._applied):
                self._marks.popleft()  # written with the previous batch, which has committed
        self._applied = 0
        frontier: dict[str, tuple[int, int]] = {}
        for seq, mailbox, uidvalidity, uid in self._marks:
            if seq > self._target:
                break
            self._applied += 1
            if mailbox in frontier and frontier[mailbox][0] != uidvalidity:
                write_state(db, self.account.key, mailbox, *frontier[mailbox])
            frontier[mailbox] = (uidvalidity, uid)
        for mailbox, (uidvalidity, uid) in frontier.items():
            write_state(db, self.account.key, mailbox, uidvalidity, uid)

    def items(self) -> Iterator[Item]:
        """Yield every new message of every folder, surviving dropped connections."""
        folders: list[str] = list(self.account.folders) or self._with_retry(default_folders)
        log.info("IMAP folders: %s", ", ".join(folders))
        boxes: list[_Box] = []
        for name in folders:
            box = self._with_retry(functools.partial(self._plan, mailbox=name))
            if isinstance(box, Rejected):
                self._seq += 1
                yield box
                continue
            boxes.append(box)
        self._total = sum(len(b.uids) for b in boxes)
        self.ctx.report(0, self._total, "IMAP")
        for box in boxes:
            yield from self._fetch_box(box)

    def _with_retry(self, fn: Callable[[IMAPClient], Any]) -> Any:
        attempt = 0
        while True:
            self.ctx.raise_if_cancelled()
            try:
                return fn(self._connected())
            except _RETRYABLE as exc:
                attempt += 1
                self._reconnect_or_fail(attempt, exc)

    def _plan(self, client: IMAPClient, mailbox: str) -> _Box | Rejected:
        """EXAMINE the mailbox and list the UIDs above the last committed one."""
        try:
            info = client.select_folder(mailbox, readonly=True)
        except IMAPClientError as exc:
            if isinstance(exc, imaplib.IMAP4.abort):
                raise
            return Rejected(self.account.url(mailbox), "-", f"cannot open this folder: {self._describe(exc)}")
        uidvalidity = int(info.get(b"UIDVALIDITY", 0))
        exists = int(info.get(b"EXISTS", 0))
        uidnext = info.get(b"UIDNEXT")
        prev = self._yielded.get(mailbox) or self.state.get(mailbox)
        last = prev[1] if prev and prev[0] == uidvalidity else 0
        if prev and prev[0] != uidvalidity:
            log.warning("UIDVALIDITY of %s changed; reading the whole folder again (duplicates are skipped)", mailbox)
        box = _Box(mailbox, uidvalidity)
        if exists == 0 or (uidnext is not None and int(uidnext) <= last + 1):
            return box
        # "last+1:*" always matches the highest UID even when it is <= last (RFC 9051 §6.4.8): filter it out.
        box.uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
        return box

    def _fetch_box(self, box: _Box) -> Iterator[Item]:
        source = self.account.url(box.name)
        pending = box.uids
        attempt = 0
        selected = False  # (re)select after every reconnect and check UIDVALIDITY again
        while pending:
            self.ctx.raise_if_cancelled()
            chunk = pending[: self.opts.batch_size]
            try:
                client = self._connected()
                if not selected:
                    info = client.select_folder(box.name, readonly=True)
                    if int(info.get(b"UIDVALIDITY", 0)) != box.uidvalidity:
                        # Recreated while we were away: plan it again from scratch (dedupe keeps 0 duplicates).
                        self.state.pop(box.name, None)
                        self._yielded.pop(box.name, None)
                        fresh = self._plan(client, box.name)
                        if isinstance(fresh, Rejected):
                            self._seq += 1
                            yield fresh
                            return
                        self._total += len(fresh.uids) - len(pending)
                        box, pending = fresh, fresh.uids
                        continue
                    selected = True
                if self.before_fetch is not None:
                    self.before_fetch(box.name, chunk[0])
                fetched = self._fetch_chunk(client, box, chunk, source)
            except _RETRYABLE as exc:
                attempt += 1
                selected = False
                self._reconnect_or_fail(attempt, exc)
                continue
            except IMAPClientError as exc:
                # A NO/BAD for this batch: fetch its messages one by one so one bad message costs only itself.
                log.warning("FETCH failed in %s (%s); retrying one message at a time", box.name, self._describe(exc))
                try:
                    fetched = self._fetch_singly(self._connected(), box, chunk, source)
                except _RETRYABLE as exc2:
                    attempt += 1
                    selected = False
                    self._reconnect_or_fail(attempt, exc2)
                    continue
            attempt = 0  # the retry budget is for consecutive failures; this batch made progress
            for uid, item in fetched:
                self._yielded[box.name] = (box.uidvalidity, uid)
                self._done += 1
                self._seq += 1
                self._marks.append((self._seq, box.name, box.uidvalidity, uid))
                yield item
            # Messages expunged since the search count as done too.
            self._yielded[box.name] = (box.uidvalidity, chunk[-1])
            self._marks.append((self._seq, box.name, box.uidvalidity, chunk[-1]))
            pending = pending[len(chunk) :]
            self.ctx.report(self._done, self._total, box.name)

    def _fetch_chunk(self, client: IMAPClient, box: _Box, chunk: list[int], source: str) -> list[tuple[int, Item]]:
        """Fetch one batch: sizes first, then bodies in sub-batches bounded by ``batch_bytes``."""
        sizes_resp = client.fetch(chunk, [b"RFC822.SIZE"])
        sizes = {u: int(sizes_resp[u].get(b"RFC822.SIZE", 0)) for u in chunk if u in sizes_resp}
        out: list[tuple[int, Item]] = []
        group: list[int] = []
        group_bytes = 0

        def flush() -> None:
            nonlocal group, group_bytes
            if group:
                resp = client.fetch(group, [b"BODY.PEEK[]"])
                for u in group:
                    raw = resp.get(u, {}).get(b"BODY[]")
                    if raw is None:
                        log.info("UID %s of %s vanished before it could be fetched", u, box.name)
                        continue
                    out.append((u, parse_mail(bytes(raw), source=source, item=f"UID {u}")))
            group, group_bytes = [], 0

        for u in chunk:
            if u not in sizes:
                continue  # expunged since the search
            size = sizes[u]
            if size > MAX_RAW:
                flush()
                out.append((u, self._fetch_huge(client, u, size, source)))
                continue
            if group and group_bytes + size > self.opts.batch_bytes:
                flush()
            group.append(u)
            group_bytes += size
        flush()
        out.sort(key=lambda t: t[0])
        return out

    def _fetch_singly(self, client: IMAPClient, box: _Box, chunk: list[int], source: str) -> list[tuple[int, Item]]:
        out: list[tuple[int, Item]] = []
        for uid in chunk:
            try:
                out.extend(self._fetch_chunk(client, box, [uid], source))
            except IMAPClientError as exc:
                if isinstance(exc, imaplib.IMAP4.abort):
                    raise
                reason = f"the server refused to send this message: {self._describe(exc)}"
                out.append((uid, Rejected(source, f"UID {uid}", reason)))
        return out

    def _fetch_huge(self, client: IMAPClient, uid: int, size: int, source: str) -> Item:
        """Stream an oversized message in partial fetches: keep its head, hash the whole (bounded memory, P20)."""
        digest = hashlib.sha256()
        head = b""
        offset = 0
        while offset < size:
            self.ctx.raise_if_cancelled()
            part = f"BODY.PEEK[]<{offset}.{HASH_CHUNK}>".encode()
            resp = client.fetch([uid], [part])
            data = next((v for k, v in resp.get(uid, {}).items() if k.startswith(b"BODY[]")), None)
            if not data:
                break
            data = bytes(data)
            digest.update(data)
            if len(head) < HEAD_KEEP:
                head += data[: HEAD_KEEP - len(head)]
            offset += len(data)
        return parse_mail(
            head, source=source, item=f"UID {uid}", full_size=offset, full_sha256=digest.hexdigest(), truncated=True
        )


def _close(client: IMAPClient, logout: bool = False) -> None:
    try:
        if logout:
            client.logout()
        else:
            client.shutdown()
    except Exception:  # noqa: BLE001 - the connection is being dropped anyway
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            pass


class _MergedProgress(TaskContext):
    """The context handed to the pipeline: its per-batch counts become the label of our determinate progress."""

    def __init__(self, outer: TaskContext, run: _ImapRun) -> None:
        super().__init__()
        self._outer = outer
        self._run = run

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        self._outer.report(self._run._done, self._run._total or None, label)

    def latest(self) -> Progress:
        return self._outer.latest()

    def cancel(self) -> None:
        self._outer.cancel()

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    def raise_if_cancelled(self) -> None:
        self._outer.raise_if_cancelled()


__all__ = [
    "CLIENT_ID",
    "ImapAccount",
    "ImapAuthError",
    "ImapConnectionError",
    "ImapError",
    "ImapOptions",
    "default_folders",
    "import_imap",
    "is_loopback",
    "read_state",
    "save_password",
    "saved_password",
    "write_state",
]

