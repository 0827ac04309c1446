"""The connection under the `imap` inbox (imap.py): log in, SELECT the folder, retry and
reconnect, and wait for new mail — IDLE with a probe connection where the server offers
it, polling otherwise. One connection (and the probe) per inbox, used from one thread;
close() may come from any.

Errors and reconnection (the choice made here): every public method retries by itself
after a network error (socket error, timeout, BYE, server restart) — drop the
connection, back off (tenacity: 0.1 s doubling, `retry_attempts` tries, about 1.5 s in
all by default), reconnect, re-SELECT, redo the step. If it still fails it raises
`TemporaryFailure` with the connection closed; the caller backs off and calls
`connect()` (or any method: they reconnect on demand). Bad credentials raise
`LoginRefused` (a `PermanentFailure`), the server's reason whole; a command the server
answers NO/BAD raises `TemporaryFailure` without retrying.

Watchdog: every command has a socket timeout (`timeout`, default 30 s), so a server that
stops answering a command is detected within that time. An IDLE is ended and the
connection probed (DONE, then UID SEARCH, both under that timeout) at least every
`watchdog_timeout` seconds (and always before `idle_renew`, well inside RFC 2177's 29
minutes); a probe that gets no answer tears the connection down and builds a new one.
So a connection that died silently (NAT timeout, frozen peer) costs at most about
`watchdog_timeout + timeout` seconds, never a silent stall. TCP keepalive is on as well.

Mail that arrives between the last look (NOOP, UID SEARCH) and the server's "+ idling"
is not announced in that IDLE by every server: Dovecot 2.3 announces only what changes
after IDLE began, so such a message would wait for the next delivery or the end of the
IDLE. So once in IDLE the inbox asks a second connection (the *probe*: logged in, no
folder selected) for the folder's STATUS UIDNEXT, and leaves IDLE at once if a UID came
that it has not seen. Where the probe cannot be had, an IDLE lasts at most
`UNPROBED_IDLE_SECONDS`, which bounds the wait for such a message instead.

Never logged: message contents, passwords, tokens.
"""
from __future__ import annotations

import ast
import imaplib
import logging
import socket
import ssl
import threading
import time
from typing import Callable, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .base import LoginRefused, MailboxError, PermanentFailure, TemporaryFailure, server_text

log = logging.getLogger("mailbot.mailboxes.imap")    # the inbox's logger: one name for both

T = TypeVar("T")

# Longest IDLE while the probe connection is unavailable (see the module docstring), and
# how long the probe rests after it failed before it is tried again.
UNPROBED_IDLE_SECONDS = 5.0
PROBE_REST_SECONDS = 60.0

# Errors that mean "the connection is gone or unusable": reconnect and try again.
NETWORK_ERRORS = (OSError, IMAPClientAbortError, imaplib.IMAP4.abort, EOFError)


class _Closed(Exception):
    """close() was called (from another thread) while a step was running."""


class ImapConnection:
    """One folder's connection, which ImapInbox's operations run on (see the module
    docstring): `security` "starttls" (STARTTLS on the plain port), "tls" (implicit TLS,
    port 993) or "plain" (loopback tests only); with `oauth2=True` the password is an
    OAuth2 access token and the login is XOAUTH2 (Microsoft 365, Gmail)."""

    def __init__(self, name: str, host: str, port: int, security: str, username: str,
                 password: str, folder: str = "INBOX", processed_folder: str | None = None,
                 quarantine_folder: str = "Quarantine", use_idle: bool = True,
                 poll_interval: float = 30.0, idle_renew: float = 25 * 60,
                 watchdog_timeout: float = 5 * 60, *, timeout: float = 30.0,
                 batch_size: int = 200, ssl_context: ssl.SSLContext | None = None,
                 oauth2: bool = False, use_move: bool = True, retry_attempts: int = 5,
                 retry_max_wait: float = 5.0):
        if security not in ("starttls", "tls", "plain"):
            raise ValueError(f"mailbox {name}: security must be starttls, tls or plain, not {security!r}")
        if idle_renew >= 29 * 60:
            raise ValueError(f"mailbox {name}: idle_renew must be under 29 minutes (RFC 2177)")
        self.name = name
        self.host, self.port, self.security = host, port, security
        self.username, self._password = username, password
        self.folder = folder
        self.processed_folder = processed_folder
        self.quarantine_folder = quarantine_folder
        self.use_idle = use_idle
        self.poll_interval = poll_interval
        self.idle_renew = idle_renew
        self.watchdog_timeout = watchdog_timeout
        self.timeout = timeout
        self.batch_size = batch_size
        self.ssl_context = ssl_context
        self.oauth2 = oauth2
        self.use_move = use_move
        self.retry_attempts = retry_attempts
        self.retry_max_wait = retry_max_wait

        self._client: IMAPClient | None = None
        self._probe: IMAPClient | None = None   # asks STATUS while _client is in IDLE
        self._probe_rests_until = 0.0
        self._capabilities: set[bytes] = set()
        self._uidvalidity: int | None = None     # of the selected folder
        self._uidnext: int | None = None
        self._watermark = 0                     # highest UID known not to be new
        self._known_folders: set[str] = set()
        self._last_poll = 0.0
        self._fresh = False                     # connected since the last look for new mail
        self._connected_once = False
        self._lock = threading.RLock()          # held while a step talks to the server
        self._generation = 0                    # bumped by close(): in-flight steps stop
        self._closed = threading.Event()        # set by close(): wakes a polling wait
        self.reconnects = 0                     # connections rebuilt since the first

    # ------------------------------------------------------------------ connection
    @property
    def connected(self) -> bool:
        return self._client is not None

    @property
    def uidvalidity(self) -> int | None:
        """UIDVALIDITY of the folder at the last SELECT (None before connecting)."""
        return self._uidvalidity

    def connect(self) -> None:
        """Open the connection, log in and SELECT the folder (one attempt).

        Raises TemporaryFailure (network, server unavailable) or PermanentFailure
        (credentials refused, TLS not offered)."""
        self._disconnect()
        self._closed.clear()
        try:
            self._open()
        except Exception as exc:
            raise self._failure(exc, f"connect to {self.host}:{self.port}", attempts=1) from None

    def _open(self) -> None:
        self._client = client = self._logged_in()
        self._capabilities = set(client.capabilities())
        self._select()
        self._fresh = True
        if self._connected_once:
            self.reconnects += 1
        self._connected_once = True
        log.info("mailbox %s: connected to %s:%s (%s), folder %s, UIDVALIDITY %s, IDLE %s",
                 self.name, self.host, self.port, self.security, self.folder,
                 self._uidvalidity, "yes" if self._can_idle() else "no")

    def _logged_in(self) -> IMAPClient:
        """A new connection, through STARTTLS where asked, logged in (no folder selected)."""
        client = IMAPClient(self.host, self.port, ssl=self.security == "tls",
                            ssl_context=self.ssl_context, timeout=self.timeout)
        try:
            return self._log_in(client)
        except BaseException:
            try:
                client.shutdown()
            except Exception:
                pass
            raise

    def _log_in(self, client: IMAPClient) -> IMAPClient:
        _tune_socket(client.socket())
        if self.security == "starttls":
            if not client.has_capability("STARTTLS"):
                raise PermanentFailure(f"mailbox {self.name}: {self.host}:{self.port} does not "
                                       "offer STARTTLS; use security: tls or a different port")
            client.starttls(self.ssl_context)
        if self.oauth2:
            token = self._password() if callable(self._password) else self._password
            try:
                client.oauth2_login(self.username, token)
            except LoginError:
                # a token refused (expired, revoked): renewed once before it counts as a failure
                if not (callable(self._password) and self._password.renew()):
                    raise
                client.oauth2_login(self.username, self._password())
        else:
            reply = client.login(self.username, self._password)
            if b"initialization failed" in (reply or b""):
                # Dovecot logs in but cannot open the mailbox (e.g. mail uid refused).
                raise TemporaryFailure(f"mailbox {self.name}: server could not open the mailbox "
                                       f"after login: {_text(reply)}")
        return client

    def _select(self) -> None:
        info = self._client.select_folder(self.folder)
        previous, self._uidvalidity = self._uidvalidity, int(info[b"UIDVALIDITY"])
        if previous is not None and previous != self._uidvalidity:
            self._watermark = 0  # UIDs of the old folder mean nothing here
        self._uidnext = int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None

    def _disconnect(self) -> None:
        self._drop_probe()
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.shutdown()  # no LOGOUT round trip: the connection may be dead
        except Exception:
            pass

    def _drop_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            try:
                probe.shutdown()
            except Exception:
                pass

    def close(self) -> None:
        """Log out politely if the connection still works; never raises.

        Safe to call from another thread (daemon shutdown, a watchdog): a wait() in
        progress there returns False at once, and a fetch or settle in progress raises
        TemporaryFailure, instead of reconnecting. Later calls reconnect as usual."""
        self._generation += 1
        self._closed.set()
        if not self._lock.acquire(blocking=False):
            # Another thread is mid-command or in IDLE: cut the socket under it; that
            # thread sees the new generation and drops the connection itself.
            for client in (self._client, self._probe):
                if client is not None:
                    try:
                        client.socket().shutdown(socket.SHUT_RDWR)
                    except Exception:
                        pass
            return
        try:
            self._drop_probe()
            client, self._client = self._client, None
            if client is None:
                return
            try:
                client.logout()
            except Exception:
                try:
                    client.shutdown()
                except Exception:
                    pass
        finally:
            self._lock.release()

    def _can_idle(self) -> bool:
        return self.use_idle and b"IDLE" in self._capabilities

    # ------------------------------------------------------------------ retry core
    def _run(self, what: str, step: Callable[[], T], generation: int | None = None) -> T:
        """Run `step` on a live connection, reconnecting with backoff after network errors.
        Raises _Closed if close() is called meanwhile (or since `generation`)."""
        generation = self._generation if generation is None else generation

        def retry(exc: BaseException) -> bool:
            return _is_network_error(exc) and self._generation == generation

        def before_sleep(state) -> None:
            exc = state.outcome.exception()
            log.warning("mailbox %s: %s failed (%s); reconnecting (attempt %d of %d)", self.name,
                        what, _describe(exc), state.attempt_number + 1, self.retry_attempts)
            self._disconnect()

        try:
            for attempt in Retrying(stop=stop_after_attempt(self.retry_attempts),
                                    wait=wait_exponential(multiplier=0.1, min=0.1, max=self.retry_max_wait),
                                    retry=retry_if_exception(retry),
                                    before_sleep=before_sleep, reraise=True):
                with attempt, self._lock:
                    if self._generation != generation:
                        raise _Closed()
                    if self._client is None:
                        self._open()
                    return step()
        except _Closed:
            raise
        except Exception as exc:
            if self._generation != generation:
                self._disconnect()
                raise _Closed() from None
            raise self._failure(exc, what, attempts=self.retry_attempts) from None
        raise AssertionError("unreachable")

    def _step(self, what: str, step: Callable[[], T]) -> T:
        """_run for fetch and settle: a close() from another thread is a TemporaryFailure."""
        try:
            return self._run(what, step)
        except _Closed:
            raise TemporaryFailure(f"mailbox {self.name}: closed during {what}") from None

    def _failure(self, exc: Exception, what: str, attempts: int) -> Exception:
        """The MailboxError to raise for `exc`; drops the connection unless it still works."""
        where = f"mailbox {self.name} ({self.username}@{self.host}:{self.port})"
        if isinstance(exc, MailboxError):
            self._disconnect()
            return exc
        if isinstance(exc, LoginError):
            self._disconnect()
            return LoginRefused(f"{where}: login refused ({_text(exc, whole=True)}); check the credentials")
        if isinstance(exc, ssl.SSLCertVerificationError):
            self._disconnect()
            return PermanentFailure(f"{where}: TLS certificate not trusted ({exc.verify_message}); "
                                    "fix the server certificate or the CA bundle")
        if _is_network_error(exc):
            self._disconnect()
            tries = f" after {attempts} attempts" if attempts > 1 else ""
            return TemporaryFailure(f"{where}: {what} failed{tries}: {_describe(exc)}")
        if isinstance(exc, IMAPClientError):  # NO / BAD: the connection itself is fine
            return TemporaryFailure(f"{where}: {what}: server said {_text(exc)}")
        raise exc

    # ------------------------------------------------------------------ waiting
    def wait(self, timeout: float) -> bool:
        """Block until new mail may be there or `timeout` seconds pass; True if there is.
        Returns False at once if close() is called from another thread meanwhile."""
        generation = self._generation
        self._closed.clear()
        try:
            return self._wait(timeout, generation)
        except _Closed:
            return False

    def _wait(self, timeout: float, generation: int) -> bool:
        deadline = time.monotonic() + timeout
        self._last_poll = time.monotonic()
        if self._run("look for new mail", self._has_new, generation):
            return True
        if self._can_idle():
            while deadline > time.monotonic():
                if self._run("IDLE", lambda: self._idle_once(deadline), generation):
                    return True
            return False
        while True:  # polling
            now = time.monotonic()
            next_poll = self._last_poll + self.poll_interval
            if now >= next_poll:
                self._last_poll = now
                if self._run("poll", self._has_new, generation):
                    return True
                next_poll = now + self.poll_interval
            if now >= deadline:
                return False
            self._closed.wait(max(0.0, min(next_poll, deadline) - now))
            if self._generation != generation:
                return False

    def _idle_once(self, deadline: float) -> bool:
        """One IDLE, until `deadline` at most and no longer than the watchdog allows; then
        leave IDLE and look for new UIDs (a notice that was pending as IDLE ended would
        otherwise wait for the next change)."""
        if self._fresh and self._has_new():  # reconnected: mail may have come meanwhile
            return True
        seconds = min(deadline - time.monotonic(), self.watchdog_timeout, self.idle_renew)
        if seconds <= 0 or not self._can_idle():
            return False
        client = self._client
        client.idle()
        try:
            missed = self._arrived_before_idle()
            if missed is None:
                seconds = min(seconds, UNPROBED_IDLE_SECONDS)
            responses = [] if missed else client.idle_check(timeout=seconds)
        finally:
            client.idle_done()  # under the socket timeout: a dead peer is caught here
        if any(r and r[0] == b"BYE" for r in responses):
            raise IMAPClientAbortError("server said BYE during IDLE")
        if missed is True:
            return True     # the folder was recreated: fetch_new SELECTs it afresh
        found = self._has_new()
        if missed and not found:    # what came is gone already (moved, deleted)
            self._watermark = max(self._watermark, missed - 1)
        return found

    def _arrived_before_idle(self) -> int | bool | None:
        """Asked once the server is in IDLE: did mail come after the last look and before
        IDLE began (which the IDLE may never announce)? The probe's UIDNEXT if a UID above
        the watermark came, True if the folder's UIDVALIDITY changed, 0 if nothing came,
        None if the probe could not be asked."""
        if self._probe is None:
            if time.monotonic() < self._probe_rests_until:
                return None
        try:
            if self._probe is None:
                self._probe = self._logged_in()
            status = self._probe.folder_status(self.folder, [b"UIDNEXT", b"UIDVALIDITY"])
        except Exception as exc:
            log.warning("mailbox %s: the probe connection failed (%s); IDLE is cut to %.0fs "
                        "for %.0fs", self.name, _describe(exc), UNPROBED_IDLE_SECONDS,
                        PROBE_REST_SECONDS)
            self._drop_probe()
            self._probe_rests_until = time.monotonic() + PROBE_REST_SECONDS
            return None
        if int(status[b"UIDVALIDITY"]) != self._uidvalidity:
            return True
        uidnext = int(status[b"UIDNEXT"])
        return uidnext if uidnext - 1 > self._watermark else 0

    def _has_new(self) -> bool:
        """Is there a message above the watermark? (Also serves as the keepalive probe.)"""
        self._fresh = False
        last = self._watermark
        # A SEARCH sees only messages the server has announced; NOOP makes it announce.
        self._client.noop()
        uids = self._client.search(["UID", f"{last + 1}:*", "NOT", "DELETED"])
        return any(u > last for u in uids)


# ---------------------------------------------------------------------- helpers

def _is_network_error(exc: BaseException) -> bool:
    return isinstance(exc, NETWORK_ERRORS) and not isinstance(exc, ssl.SSLCertVerificationError)


def _tune_socket(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if hasattr(socket, "TCP_KEEPIDLE"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 60)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 15)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 4)
    except OSError:
        pass


def _text(value, whole: bool = False) -> str:
    """A server's answer as one line of text. IMAPClient hands some (a refused login) on as
    the repr of the bytes the server sent, "b'[AUTHENTICATIONFAILED] ...'": read as those
    bytes, so that a person reads the server's words, not Python's."""
    if isinstance(value, BaseException):
        value = value.args[0] if value.args else str(value)
    if isinstance(value, str) and len(value) > 2 and value[0] == "b" and value[1] in "'\"" \
            and value[-1] == value[1]:
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            pass
    return server_text(value) if whole else server_text(value, 300)


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "no answer within the socket timeout"
    return f"{type(exc).__name__}: {_text(exc)}"
