"""Real mail servers on loopback for tests and benchmarks.

- `Dovecot`: a private Dovecot (IMAP, IMAPS, LMTP) in a temp dir, run as `nobody` when
  we are root (Dovecot refuses uid 0 for mail).
- `SmtpRelay`: an aiosmtpd server that relays every transaction to Dovecot's LMTP, so
  mail arrives as it would through a real MTA (unknown recipient → 550 at RCPT).
- `FreezingProxy`: a TCP proxy whose live connections can be frozen (no bytes either
  way, socket left open) to simulate a connection that has silently died.
- `deliver`, `make_message`: put mail in by SMTP.

Plain classes so `bench/` can use them; the pytest fixtures live in `servers_plugin.py`.
See ../shared/spec/TEST-BENCH.md for why each knob is set the way it is.
"""
from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import pwd
import grp
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

DOVECOT_BIN = shutil.which("dovecot") or "/usr/sbin/dovecot"


_running: set["Dovecot"] = set()


@atexit.register
def _stop_all() -> None:
    """A script that dies of an exception must not leave Dovecots running."""
    for server in list(_running):
        server.stop(graceful=False)
        if server.own_root:
            shutil.rmtree(server.root, ignore_errors=True)


def dovecot_available() -> bool:
    return os.access(DOVECOT_BIN, os.X_OK)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s")
            time.sleep(0.02)


def make_self_signed_cert(directory: str) -> tuple[str, str]:
    """A certificate for 127.0.0.1/localhost; returns (cert_path, key_path)."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )
    return cert, key


def client_tls_context(cert_path: str) -> ssl.SSLContext:
    """A client context that trusts exactly the test certificate."""
    return ssl.create_default_context(cafile=cert_path)


# --------------------------------------------------------------------------- Dovecot

@dataclass
class MailUser:
    address: str
    password: str


class Dovecot:
    """A private Dovecot with IMAP (plain + STARTTLS), IMAPS and LMTP on loopback ports.

    `Dovecot(users={"a@example.test": "pw"}).start()`; `add_user()` works while running
    (the passwd-file is re-read when it changes). `restart()` keeps the ports and the mail.
    `root` defaults to a fresh dir under /tmp (mode 755, so `nobody` can enter it); pass
    `root_parent="/dev/shm"` for benchmarks.
    """

    def __init__(self, root: str | None = None, users: dict[str, str] | None = None, *,
                 root_parent: str = "/tmp", mail_format: str = "sdbox", tls: bool = True,
                 idle_notify_interval: str = "2 mins"):
        self.own_root = root is None
        if root is None:
            root = tempfile.mkdtemp(prefix="mailbot-dovecot-", dir=root_parent)
        self.root = root
        os.chmod(root, 0o755)
        self.users: dict[str, str] = {a.lower(): p for a, p in (users or {}).items()}
        self.refusals: dict[str, str] = {}     # address -> why every login is refused (nologin)
        self.mail_format = mail_format
        self.tls = tls
        self.idle_notify_interval = idle_notify_interval
        self.host = "127.0.0.1"
        self.imap_port = free_port()
        self.imaps_port = free_port() if tls else 0
        self.lmtp_port = free_port()
        self.cert_path = self.key_path = None
        self.proc: subprocess.Popen | None = None
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        if os.geteuid() == 0:
            self.run_user, self.run_group = "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
        else:
            self.run_user = pwd.getpwuid(os.getuid()).pw_name
            self.run_group = grp.getgrgid(os.getgid()).gr_name

    # -- lifecycle
    @property
    def conf_path(self) -> str:
        return os.path.join(self.root, "dovecot.conf")

    @property
    def log_path(self) -> str:
        return os.path.join(self.root, "dovecot.log")

    def start(self) -> "Dovecot":
        if not dovecot_available():
            raise RuntimeError(f"Dovecot is not installed ({DOVECOT_BIN}); "
                               "apt-get install dovecot-imapd dovecot-lmtpd")
        for sub in ("run", "state", "home"):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)
        if self.tls and self.cert_path is None:
            self.cert_path, self.key_path = make_self_signed_cert(self.root)
        self._write_passwd()
        self._write_conf()
        self._chown_tree()
        kwargs = {}
        if os.geteuid() == 0:
            kwargs = {"user": self.run_user, "group": self.run_group, "extra_groups": []}
        self.proc = subprocess.Popen(
            [DOVECOT_BIN, "-F", "-c", self.conf_path],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.root, "stderr.log"), "ab"),
            start_new_session=True, **kwargs,
        )
        _running.add(self)
        try:
            for port in (self.imap_port, self.lmtp_port):
                wait_for_port(port)
        except TimeoutError:
            self.stop()
            raise RuntimeError("Dovecot did not start; see " + self.log_path + "\n" + self.log_tail())
        return self

    def stop(self, graceful: bool = True) -> None:
        """Stop Dovecot: SIGTERM and wait (about 1 s), or with graceful=False kill -9 the
        whole process group at once (a crash, and the fast way to clean up)."""
        proc, self.proc = self.proc, None
        _running.discard(self)
        if proc is None:
            return
        if graceful and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        # The master leaves its imap/log/stats children behind when it exits; end them as
        # a service manager would, so a restart really drops every client connection.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)

    def restart(self, graceful: bool = True) -> None:
        self.stop(graceful)
        self.start()

    def cleanup(self) -> None:
        """Stop and remove the directory (mail, logs) if this object created it."""
        self.stop(graceful=False)
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "Dovecot":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 30) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    # -- users
    def add_user(self, address: str, password: str) -> MailUser:
        with self._lock:
            self.users[address.lower()] = password
            if self.proc is not None:
                self._write_passwd()
        return MailUser(address, password)

    def change_password(self, address: str, password: str, *, refusal: str | None = None) -> MailUser:
        """An administrator sets the user's password (while running: the old one is refused
        from the next login on). With `refusal`, every login is refused, the right password
        too, and the server gives `refusal` as its reason (`NO [CONTACTADMIN] <refusal>`), as
        for an account whose password has expired or that is locked: Dovecot's passdb
        `nologin` and `reason` fields. Without, the account works with `password` again."""
        with self._lock:
            if refusal is None:
                self.refusals.pop(address.lower(), None)
            else:
                self.refusals[address.lower()] = refusal
        return self.add_user(address, password)

    def new_user(self, prefix: str = "user", domain: str = "example.test") -> MailUser:
        """A fresh user with a unique address."""
        n = next(self._counter)
        return self.add_user(f"{prefix}{n}-{uuid.uuid4().hex[:6]}@{domain}", uuid.uuid4().hex)

    def _write_passwd(self) -> None:
        # One passwd-file per user (args = .../users/%u): Dovecot re-reads a changed
        # passwd-file at most once a second, so users added in quick succession to one
        # shared file would be unknown for up to a second.
        os.makedirs(os.path.join(self.root, "users"), exist_ok=True)
        for address, password in self.users.items():
            user = address.lower()  # Dovecot lowercases user names (auth_username_format = %Lu)
            if "/" in user or user.startswith("."):
                raise ValueError(f"unusable test address {address!r}")
            p = os.path.join(self.root, "users", user)
            line = f"{user}:{{PLAIN}}{password}\n"
            if user in self.refusals:
                # passwd-file splits its extra fields at spaces: the reason's spaces go as tabs
                reason = "\t".join(self.refusals[user].split())
                line = f"{user}:{{PLAIN}}{password}::::::nologin reason={reason}\n"
            try:
                with open(p) as f:
                    if f.read() == line:
                        continue
                changed = True
            except FileNotFoundError:
                changed = False
            with open(p + ".tmp", "w") as f:
                f.write(line)
            os.chmod(p + ".tmp", 0o644)
            os.replace(p + ".tmp", p)
            self._make_inbox(user)
            if changed and self.proc is not None:
                # Dovecot re-reads a changed passwd-file at most once a second.
                time.sleep(1.1)

    def _make_inbox(self, user: str) -> None:
        """The user's INBOX, made on disk with the user, as a real mailbox exists before
        mail comes. Left to Dovecot, it is made at first use, and a first IMAP login that
        races a first delivery fails one of them now and then (SELECT: ALREADYEXISTS;
        LMTP: 451 "Mailbox already exists", which defers a reply by minutes)."""
        local, domain = user.split("@", 1)
        home = os.path.join(self.root, "home", domain, local)
        inbox = {"sdbox": ["mail/mailboxes/INBOX/dbox-Mails"],
                 "maildir": ["Maildir/cur", "Maildir/new", "Maildir/tmp"]}[self.mail_format]
        made = [os.path.join(self.root, "home", domain), home]
        for path in inbox:
            parts = path.split("/")
            made += [os.path.join(home, *parts[:i]) for i in range(1, len(parts) + 1)]
        for path in made:
            os.makedirs(path, mode=0o700, exist_ok=True)
        if os.geteuid() == 0:
            uid, gid = pwd.getpwnam(self.run_user).pw_uid, grp.getgrnam(self.run_group).gr_gid
            for path in made:
                os.chown(path, uid, gid)

    def _chown_tree(self) -> None:
        if os.geteuid() != 0:
            return
        uid, gid = pwd.getpwnam(self.run_user).pw_uid, grp.getgrnam(self.run_group).gr_gid
        for dirpath, dirnames, filenames in os.walk(self.root):
            os.chown(dirpath, uid, gid)
            for name in filenames:
                os.chown(os.path.join(dirpath, name), uid, gid)

    def _write_conf(self) -> None:
        r = self.root
        uid = pwd.getpwnam(self.run_user).pw_uid
        location = {"sdbox": "sdbox:~/mail", "maildir": "maildir:~/Maildir"}[self.mail_format]
        if self.tls:
            ssl_conf = f"ssl = yes\nssl_cert = <{self.cert_path}\nssl_key = <{self.key_path}\n"
        else:
            ssl_conf = "ssl = no\n"
        conf = f"""\
# Generated by tests/servers.py for a private test instance.
instance_name = mailbot-test-{os.path.basename(r)}
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
default_internal_user = {self.run_user}
default_internal_group = {self.run_group}
default_login_user = {self.run_user}
first_valid_uid = {min(uid, 500) if uid else 500}
{ssl_conf}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = {location}
mail_fsync = never
hostname = mail.example.test
postmaster_address = postmaster@example.test
imap_idle_notify_interval = {self.idle_notify_interval}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = username_format=%u {r}/users/%u
}}
userdb {{
  driver = static
  args = home={r}/home/%d/%n
}}
protocol imap {{
  mail_max_userip_connections = 1000
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {self.lmtp_port}
  }}
}}
service anvil {{
  chroot =
  # No auth penalty (seconds of delay after failed logins from an IP): a test that
  # fails a login on purpose must not slow down the tests after it.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        with open(self.conf_path, "w") as f:
            f.write(conf)

    # -- looking into mailboxes (as a plain IMAP client, not through mailbot)
    def imap(self, address: str, password: str | None = None):
        from imapclient import IMAPClient

        client = IMAPClient(self.host, self.imap_port, ssl=False, timeout=30)
        client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client.login(address, password if password is not None else self.users[address.lower()])
        return client

    def read_mailbox(self, address: str, password: str | None = None,
                     folder: str = "INBOX") -> list[bytes]:
        """The raw messages in `folder`, oldest first ([] if the folder does not exist)."""
        with self.imap(address, password) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search(["NOT", "DELETED"])
            out: list[bytes] = []
            for i in range(0, len(uids), 500):
                data = client.fetch(uids[i:i + 500], ["BODY.PEEK[]"])
                out.extend(data[u][b"BODY[]"] for u in sorted(data))
            return out

    def message_count(self, address: str, folder: str = "INBOX") -> int:
        with self.imap(address) as client:
            if not client.folder_exists(folder):
                return 0
            return client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"]

    def wait_for_messages(self, address: str, n: int, timeout: float = 10.0,
                          folder: str = "INBOX") -> int:
        """Poll until `folder` holds at least `n` messages; returns the count.
        (Polling a real server from a test helper; never used to drive mailbot's clock.)"""
        deadline = time.monotonic() + timeout
        while True:
            count = self.message_count(address, folder)
            if count >= n or time.monotonic() > deadline:
                return count
            time.sleep(0.05)

    def append(self, address: str, messages: list[bytes], folder: str = "INBOX",
               batch: int = 200) -> None:
        """Put messages straight into a folder (IMAP MULTIAPPEND), creating it if needed."""
        with self.imap(address) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for i in range(0, len(messages), batch):
                client.multiappend(folder, messages[i:i + batch])


# --------------------------------------------------------------------------- SMTP relay

class _LmtpError(Exception):
    pass


class _Lmtp:
    """A minimal async LMTP client: one reply per accepted recipient after DATA."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.in_transaction = False

    @classmethod
    async def open(cls, host: str, port: int) -> "_Lmtp":
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
        lmtp = cls(reader, writer)
        await lmtp.reply()                       # greeting
        code, _ = await lmtp.command("LHLO relay.example.test")
        if code != 250:
            raise _LmtpError(f"LHLO refused: {code}")
        return lmtp

    async def reply(self) -> tuple[int, str]:
        lines = []
        while True:
            line = await asyncio.wait_for(self.reader.readline(), 60)
            if not line:
                raise _LmtpError("LMTP connection closed")
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            lines.append(text[4:])
            if len(text) < 4 or text[3] != "-":
                return int(text[:3]), "\n".join(lines)

    async def command(self, line: str) -> tuple[int, str]:
        self.writer.write(line.encode() + b"\r\n")
        await self.writer.drain()
        return await self.reply()

    def close(self) -> None:
        try:
            self.writer.close()
        except Exception:
            pass


def _reply(code: int, text: str) -> str:
    lines = text.splitlines() or [""]
    return "\r\n".join(f"{code}{'-' if i < len(lines) - 1 else ' '}{line}"
                       for i, line in enumerate(lines))


def _dot_stuff(content: bytes) -> bytes:
    lines = content.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    body = b"\r\n".join(b"." + l if l.startswith(b".") else l for l in lines)
    return body + b"\r\n.\r\n"


class _RelayHandler:
    def __init__(self, relay: "SmtpRelay"):
        self.relay = relay

    async def _lmtp(self, session) -> _Lmtp:
        lmtp = getattr(session, "lmtp", None)
        if lmtp is None:
            lmtp = session.lmtp = await _Lmtp.open(self.relay.lmtp_host, self.relay.lmtp_port)
        return lmtp

    async def _held(self, hold: dict) -> bool:
        """Wait until `together` transactions are at DATA at once (see SmtpRelay.hold_data)."""
        if "event" not in hold:
            hold["event"], hold["waiting"] = asyncio.Event(), 0
        hold["waiting"] += 1
        if hold["waiting"] >= hold["together"]:
            hold["event"].set()
            self.relay._hold = None       # once: later transactions go straight through
            self.relay.held_together = hold["waiting"]
        try:
            await asyncio.wait_for(hold["event"].wait(), hold["timeout"])
            return True
        except asyncio.TimeoutError:
            if self.relay._hold is hold:
                self.relay._hold = None   # once, even in vain
            return False

    def _drop(self, session) -> None:
        lmtp = getattr(session, "lmtp", None)
        session.lmtp = None
        if lmtp is not None:
            lmtp.close()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.relay._take_refusal():
            return "451 4.3.2 Relay refusing mail for now (test fault injection)"
        reverse_path = "<>" if address in ("<>", "") else f"<{address}>"
        # A pooled LMTP connection may be stale (Dovecot restarted): retry once on a new one.
        for attempt in (1, 2):
            try:
                lmtp = await self._lmtp(session)
                if lmtp.in_transaction:
                    await lmtp.command("RSET")
                code, text = await lmtp.command(f"MAIL FROM:{reverse_path}")
                if code == 421:  # a pooled connection Dovecot closed when it shut down
                    raise _LmtpError(text)
                break
            except (OSError, _LmtpError, asyncio.TimeoutError):
                self._drop(session)
                if attempt == 2:
                    return "451 4.4.1 Mailbox server (LMTP) unreachable, try again later"
        if code != 250:
            return _reply(code, text)
        lmtp.in_transaction = True
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.relay.refuse_recipients:
            return self.relay.refuse_recipients[address]
        try:
            lmtp = await self._lmtp(session)
            code, text = await lmtp.command(f"RCPT TO:<{address}>")
        except (OSError, _LmtpError, asyncio.TimeoutError):
            self._drop(session)
            return "451 4.4.1 Mailbox server (LMTP) unreachable, try again later"
        if code == 421:
            self._drop(session)
            return "451 4.4.1 Mailbox server (LMTP) is shutting down, try again later"
        if code == 250:
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(rcpt_options)
        return _reply(code, text)

    async def handle_RSET(self, server, session, envelope):
        lmtp = getattr(session, "lmtp", None)
        if lmtp is not None and lmtp.in_transaction:
            try:
                await lmtp.command("RSET")
                lmtp.in_transaction = False
            except (OSError, _LmtpError, asyncio.TimeoutError):
                self._drop(session)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        limit = self.relay.size_limit
        if limit is not None and len(envelope.original_content or envelope.content or b"") > limit:
            self.relay.refused_large += 1
            return "552 5.3.4 Message size exceeds fixed maximum message size (test limit)"
        if self.relay._hold is not None and not await self._held(self.relay._hold):
            return "451 4.3.2 Held for a transaction at once that never came (test fault injection)"
        try:
            lmtp = await self._lmtp(session)
            code, text = await lmtp.command("DATA")
            if code != 354:
                lmtp.in_transaction = False
                return _reply(code, text)
            lmtp.writer.write(_dot_stuff(envelope.original_content or envelope.content))
            await lmtp.writer.drain()
            replies = [await lmtp.reply() for _ in envelope.rcpt_tos]
            lmtp.in_transaction = False
        except (OSError, _LmtpError, asyncio.TimeoutError):
            self._drop(session)
            return "451 4.4.1 Mailbox server (LMTP) failed during delivery, try again later"
        self.relay.delivered += sum(1 for c, _ in replies if c == 250)
        if all(c == 250 for c, _ in replies):
            return "250 OK delivered"
        failed = [(c, t) for c, t in replies if c != 250]
        if len(failed) == len(replies):
            return _reply(*failed[0])
        return "250 OK delivered to some recipients"  # a real MTA would bounce the rest


try:
    from aiosmtpd.controller import Controller as _Controller
    from aiosmtpd.smtp import SMTP as _SMTP, AuthResult
except ImportError:  # pragma: no cover - aiosmtpd is a test dependency
    _Controller = object
    _SMTP = object


class _RelaySMTP(_SMTP):
    def connection_made(self, transport):
        super().connection_made(transport)
        self.relay_owner.connections += 1
        self.relay_owner._live.add(self)

    def connection_lost(self, error):
        # A client that vanishes without QUIT must not leave a Dovecot lmtp process behind.
        session = self.session
        lmtp = getattr(session, "lmtp", None)
        if lmtp is not None:
            session.lmtp = None
            lmtp.close()
        self.relay_owner._live.discard(self)
        super().connection_lost(error)


class _RelayController(_Controller):
    def __init__(self, relay: "SmtpRelay", **kwargs):
        self.relay = relay
        super().__init__(_RelayHandler(relay), **kwargs)

    def factory(self):
        smtp = _RelaySMTP(self.handler, **self.SMTP_kwargs)
        smtp.relay_owner = self.relay
        return smtp


class SmtpRelay:
    """SMTP on loopback relaying each transaction to Dovecot's LMTP.

    - unknown recipient → Dovecot's 550 at RCPT; LMTP unreachable → 451;
    - `refuse(count)` / `refuse(seconds=...)` → 451 at MAIL FROM for a while;
    - `auth_users={"user": "pw"}` offers AUTH PLAIN/LOGIN; `tls_cert=(cert, key)` offers
      STARTTLS; `implicit_tls=True` speaks TLS from the first byte instead;
    - `drop_connections()` closes every client connection (a server-side timeout);
    - `hold_data(n)` holds DATA until n transactions are there at once (concurrent senders);
    - `refuse_larger_than(size)` → 552 5.3.4 after DATA for a message over `size` bytes,
      as a server with a message size limit answers (None: no limit but aiosmtpd's own);
    - `refuse_recipients[address] = "550 5.7.1 ..."` refuses that recipient at RCPT so;
    Counters: `connections` (SMTP sessions opened), `delivered` (recipients delivered),
    `refused_large` (messages refused for their size).
    """

    def __init__(self, lmtp_port: int, lmtp_host: str = "127.0.0.1", *, port: int | None = None,
                 auth_users: dict[str, str] | None = None,
                 tls_cert: tuple[str, str] | None = None, implicit_tls: bool = False,
                 data_size_limit: int = 64 * 1024 * 1024):
        self.lmtp_host, self.lmtp_port = lmtp_host, lmtp_port
        self.host, self.port = "127.0.0.1", port or free_port()
        self.auth_users = auth_users
        self.tls_cert = tls_cert
        self.implicit_tls = implicit_tls
        self.data_size_limit = data_size_limit
        self.connections = 0
        self.delivered = 0
        self._live: set = set()
        self._refuse_count = 0
        self._refuse_until = 0.0
        self._hold: dict | None = None
        self.held_together = 0
        self.size_limit: int | None = None
        self.refused_large = 0
        # Recipients refused at RCPT with a reply of the test's own ("550 5.7.1 ..."), as a
        # server's policy refuses them, before Dovecot is asked.
        self.refuse_recipients: dict[str, str] = {}
        self._lock = threading.Lock()
        self.controller: _RelayController | None = None

    def start(self) -> "SmtpRelay":
        kwargs: dict = {"data_size_limit": self.data_size_limit, "enable_SMTPUTF8": True,
                        "hostname": self.host, "port": self.port}
        tls = None
        if self.tls_cert:
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(*self.tls_cert)
        if tls and self.implicit_tls:
            kwargs["ssl_context"] = tls
        elif tls:
            kwargs["tls_context"] = tls
        if self.auth_users is not None:
            users = self.auth_users

            def authenticator(server, session, envelope, mechanism, auth_data):
                login = auth_data.login.decode() if isinstance(auth_data.login, bytes) else auth_data.login
                password = auth_data.password.decode() if isinstance(auth_data.password, bytes) else auth_data.password
                return AuthResult(success=users.get(login) == password, handled=False)

            kwargs.update(authenticator=authenticator, auth_require_tls=False)
        self.controller = _RelayController(self, **kwargs)
        self.controller.start()
        self.connections = 0  # not counting aiosmtpd's own readiness probe
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> "SmtpRelay":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def refuse(self, count: int = 0, *, seconds: float = 0.0) -> None:
        """Answer 451 to the next `count` MAIL commands, and/or for `seconds` from now."""
        with self._lock:
            self._refuse_count = count
            self._refuse_until = time.monotonic() + seconds if seconds else 0.0

    def hold_data(self, together: int, timeout: float = 5.0) -> None:
        """Once: answer no DATA until `together` clients' transactions are at DATA at the
        same moment (proof that they send at once); a transaction still waiting after
        `timeout` seconds is answered 451, and the hold ends. `held_together` says whether it
        happened."""
        self.held_together = 0
        self._hold = {"together": together, "timeout": timeout}

    def refuse_larger_than(self, size: int | None) -> None:
        """Answer 552 to a message of more than `size` bytes (checked at the end of DATA:
        the SIZE the relay announces stays aiosmtpd's); None lifts the limit."""
        self.size_limit = size

    def _take_refusal(self) -> bool:
        with self._lock:
            if self._refuse_count > 0:
                self._refuse_count -= 1
                return True
            return time.monotonic() < self._refuse_until

    def drop_connections(self) -> None:
        """Close every open client connection, as a server's idle timeout would."""
        def close_all():
            for smtp in list(self._live):
                if smtp.transport is not None:
                    smtp.transport.close()
        loop = self.controller.loop
        done = threading.Event()
        loop.call_soon_threadsafe(lambda: (close_all(), done.set()))
        done.wait(5)


# --------------------------------------------------------------------------- helpers

def make_message(to: str | list[str], subject: str = "Test", body: str = "Hello.\n", *,
                 sender: str = "sender@example.test", message_id: str | None = None,
                 size: int = 0, headers: dict[str, str] | None = None) -> bytes:
    """A small RFC 5322 message (bytes, CRLF). `size` pads the body to about that many bytes."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to) if isinstance(to, list) else to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id or make_msgid(domain="example.test")
    for k, v in (headers or {}).items():
        msg[k] = v
    if size > len(body):
        body = body + ("x" * 76 + "\n") * ((size - len(body)) // 77 + 1)
    msg.set_content(body)
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def deliver(port: int, raw: bytes, recipients: list[str] | str, *,
            sender: str = "sender@example.test", host: str = "127.0.0.1") -> dict:
    """SMTP one message in (one connection). Returns smtplib's refused-recipients dict.
    A transient refusal (4xx) is tried again shortly, as a sending MTA would: Dovecot's
    LMTP answers 451 "Mailbox already exists" when it creates a new user's INBOX at the
    moment that user's first IMAP login does."""
    if isinstance(recipients, str):
        recipients = [recipients]
    for attempt in range(5):
        try:
            with smtplib.SMTP(host, port, timeout=30) as smtp:
                return smtp.sendmail(sender, recipients, raw)
        except smtplib.SMTPDataError as exc:
            if not 400 <= exc.smtp_code < 500 or attempt == 4:
                raise
        time.sleep(0.2)


def message_ids(raws: list[bytes]) -> list[str]:
    from email.parser import BytesHeaderParser

    parser = BytesHeaderParser()
    return [str(parser.parsebytes(r).get("Message-ID", "")).strip() for r in raws]


# --------------------------------------------------------------------------- fault proxy

class FreezingProxy:
    """TCP proxy to (host, port). `freeze()` stops moving bytes on the connections open
    now, without closing them: to the client the server has gone silent. New connections
    made after freeze() flow normally."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._conns: list[dict] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            state = {"frozen": False, "socks": (client, upstream)}
            self._conns.append(state)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b, state), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, state: dict) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                while state["frozen"] and not self._closed:
                    time.sleep(0.05)
                if self._closed:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            if not state["frozen"]:
                for s in state["socks"]:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

    def freeze(self) -> None:
        for state in self._conns:
            state["frozen"] = True

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        for state in self._conns:
            for s in state["socks"]:
                try:
                    s.close()
                except OSError:
                    pass
