"""A real Dovecot on 127.0.0.1 for tests: its own config, Maildir and logs in a temp dir (GUIDE pitfall 5)."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient import imap_utf7

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "s3cret-Imap-Pw!"  # Dovecot's static passdb accepts exactly this
JUNK = "垃圾邮件"

CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
debug_log_path = {base}/dovecot.log
instance_name = privatrack-test-{port}
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{base}/mail/%u/Maildir
mail_debug = no
imap_id_log = *
# No per-IP auth penalty (an unreachable anvil socket disables it), so one test's wrong password does not delay
# every later login from 127.0.0.1. No chroot (here and for imap-login): a non-root user cannot chroot, and this
# throw-away server needs none.
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = 0
  }}
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={base}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox {junk} {{
    special_use = \\Junk
    auto = subscribe
  }}
  mailbox Archive {{
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
"""


# As root (CI), Dovecot refuses to run its login process as root: use its own users and nobody for mail
# (GUIDE pitfall 5). As a normal user, everything runs as that user.
ROOT = os.geteuid() == 0
MAIL_USER = "nobody" if ROOT else pwd.getpwuid(os.geteuid()).pw_name
MAIL_GROUP = "nogroup" if ROOT else grp.getgrgid(os.getegid()).gr_name


def _accounts() -> dict[str, str]:
    if ROOT:
        return {"login_user": "dovenull", "internal_user": "dovecot", "internal_group": "dovecot",
                "mail_user": MAIL_USER, "mail_group": MAIL_GROUP}
    # Not root: every process and socket belongs to this user (Dovecot could not chown to its own group).
    return {"login_user": MAIL_USER, "internal_user": MAIL_USER, "internal_group": MAIL_GROUP,
            "mail_user": MAIL_USER, "mail_group": MAIL_GROUP}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dovecot:
    """Start/stop a private Dovecot. Any user name logs in with ``PASSWORD``; each has its own Maildir."""

    def __init__(self, base: Path, tls: bool = False) -> None:
        # Its own directory under /tmp, not inside pytest's: pytest resets its base directory to 0700 whenever
        # another pytest run starts, and the server's mail processes (nobody, when run as root) must walk the
        # path. ``base`` only names it. Removed when the object goes (or at exit).
        self.base = Path(tempfile.mkdtemp(prefix=f"privatrack-{base.name}-"))
        self.base.chmod(0o711)
        weakref.finalize(self, shutil.rmtree, str(self.base), True)
        self.tls = tls
        self.port = free_port()
        self.imaps_port = free_port() if tls else 0
        self.host = "127.0.0.1"
        self.password = PASSWORD
        self.conf = self.base / "dovecot.conf"
        self._users = 0

    @property
    def log(self) -> str:
        p = self.base / "dovecot.log"
        return p.read_text("utf-8", "replace") if p.exists() else ""

    def new_user(self) -> Mailstore:
        """A fresh account (own Maildir) on this server, so tests share one server without sharing mail."""
        self._users += 1
        return Mailstore(self, f"user{self._users}@example.com")

    def write_conf(self) -> None:
        for d in ("run", "state", "mail"):
            (self.base / d).mkdir(parents=True, exist_ok=True)
        ssl = "ssl = no"
        if self.tls:
            write_cert(self.base)
            ssl = f"ssl = yes\nssl_cert = <{self.base}/cert.pem\nssl_key = <{self.base}/key.pem"
        self.conf.write_text(
            CONF.format(base=self.base, port=self.port, imaps_port=self.imaps_port, ssl=ssl, password=self.password,
                        junk=JUNK, **_accounts()),
            "utf-8",
        )

    def start(self, timeout: float = 10.0) -> None:
        if not self.conf.exists():
            self.write_conf()
        chown_tree(self.base / "mail")
        # Daemon mode; its children keep any inherited pipe open, so send output to a file.
        for attempt in range(5):
            with open(self.base / "dovecot.stderr", "ab") as err:
                rc = subprocess.run([DOVECOT, "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=err,
                                    stdin=subprocess.DEVNULL, timeout=timeout).returncode
            if rc == 0:
                break
            time.sleep(0.2 * (attempt + 1))  # a killed predecessor's sockets may linger for a moment
        else:
            raise RuntimeError(f"dovecot failed to start:\n{(self.base / 'dovecot.stderr').read_text()[-2000:]}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not start:\n{self.log[-2000:]}")

    def pid(self) -> int | None:
        p = self.base / "run" / "master.pid"
        try:
            return int(p.read_text().strip())
        except (OSError, ValueError):
            return None

    def _children(self, pid: int) -> list[int]:
        out = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    out.append(int(d.name))
        return out

    def stop(self, timeout: float = 10.0) -> None:
        """Kill this server's master and its children by pid (a graceful stop takes ~2.5 s; tests want speed)."""
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGSTOP)  # freeze the master so it cannot spawn a child we would miss
        except ProcessLookupError:
            return
        children = self._children(pid)
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        for p in [pid, *children]:
            while time.monotonic() < deadline and _alive(p):
                time.sleep(0.02)
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                time.sleep(0.05)
            except OSError:
                break
        try:
            (self.base / "run" / "master.pid").unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie no longer holds sockets


class Mailstore:
    """One user's mail on the server: drop messages straight into its Maildir."""

    def __init__(self, server: Dovecot, user: str) -> None:
        self.server = server
        self.user = user
        self.maildir = server.base / "mail" / user / "Maildir"
        self._seq = 0

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def password(self) -> str:
        return self.server.password

    def folder_dir(self, mailbox: str) -> Path:
        if mailbox.upper() == "INBOX":
            return self.maildir
        # Dovecot's Maildir++ layout stores names in modified UTF-7 with a leading dot.
        return self.maildir / ("." + imap_utf7.encode(mailbox).decode("ascii").replace("/", "."))

    def deliver(self, raw: bytes, mailbox: str = "INBOX", seen: bool = False) -> None:
        """Drop one message into a mailbox (the server picks it up on the next SELECT)."""
        d = self.folder_dir(mailbox)
        for sub in ("cur", "new", "tmp"):
            (d / sub).mkdir(parents=True, exist_ok=True)
        self._seq += 1
        name = f"{time.time_ns()}.P{os.getpid()}Q{self._seq}.privatrack-test"
        tmp = d / "tmp" / name
        tmp.write_bytes(raw)
        tmp.rename(d / "cur" / (name + ":2,S") if seen else d / "new" / name)
        chown_tree(self.server.base / "mail")

    def client(self):  # type: ignore[no-untyped-def]
        """A second, independent client (to check flags the importer must not have touched)."""
        from imapclient import IMAPClient

        c = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        c.login(self.user, self.password)
        return c


def write_cert(base: Path) -> None:
    """A self-signed certificate for localhost/127.0.0.1; ``cert.pem`` doubles as the test's CA file."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    (base / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (base / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
    (base / "key.pem").chmod(0o600)


def chown_tree(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        for n in [dirpath, *(os.path.join(dirpath, f) for f in dirnames + filenames)]:
            try:
                shutil.chown(n, MAIL_USER, MAIL_GROUP)
            except (PermissionError, LookupError):
                pass


def start_dovecot(base: Path) -> Dovecot:
    if not os.path.exists(DOVECOT):
        reason = f"Dovecot is not installed ({DOVECOT}); install the Debian package dovecot-imapd"
        if os.environ.get("PRIVATRACK_REQUIRE_DOVECOT") == "1":  # CI (run-tests.sh): a skip would hide the tests
            pytest.fail(reason)
        pytest.skip(reason)
    server = Dovecot(base)
    server.start()
    return server


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    """One Dovecot per test module; tests isolate themselves with ``mailstore`` (a fresh user each)."""
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailstore(dovecot: Dovecot) -> Mailstore:
    return dovecot.new_user()


def make_message(i: int, *, folder: str = "inbox", subject: str | None = None, to: str = "alice@example.com") -> bytes:
    subj = subject or f"Offer number {i} from {folder}"
    return (
        f"From: Shop {i} <news{i}@shop.example>\r\n"
        f"To: {to}\r\n"
        f"Subject: {subj}\r\n"
        f"Date: Mon, 2 Mar 2026 10:{i % 60:02d}:00 +0800\r\n"
        f"Message-ID: <{folder}-{i}@shop.example>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        f"Hello, this is message {i} in {folder}. Buy now!\r\n"
    ).encode()
