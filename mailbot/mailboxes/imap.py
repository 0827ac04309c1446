"""The `imap` inbox: any IMAP server, through imapclient.

One `ImapInbox` owns one connection (and, where it IDLEs, a second: the probe, below)
and is used from one thread.

- `fetch_new(checkpoint)` SELECTs the folder, compares UIDVALIDITY with the checkpoint's
  and UID SEARCHes for what is new; it FETCHes `BODY.PEEK[]` (never sets \\Seen) in
  batches of `batch_size`, so a backlog of thousands is never held in memory at once.
- `settle()` moves a message to `processed_folder` (MOVE, or COPY + \\Deleted + EXPUNGE
  where the server lacks MOVE), or flags it \\Seen when there is no processed folder;
  a quarantined message goes to `quarantine_folder`, left unread. Folders are created
  when missing. `settle_many()` does the same for a batch with one command.
- `quarantine()` moves messages settled earlier to `quarantine_folder`: the engine settles
  a message as soon as it is stored and learns it is to be quarantined only once it has
  read it. The message is found again by Message-ID (or size) and its very bytes.
- `wait(timeout)` IDLEs where the server offers it, polls every `poll_interval` otherwise.

Errors and reconnection (the choice made here): every public method retries by itself
after a network error (socket error, timeout, BYE, server restart) — drop the
connection, back off (tenacity: 0.1 s doubling, `retry_attempts` tries, about 1.5 s in
all by default), reconnect, re-SELECT, redo the step. If it still fails it raises
`TemporaryFailure` with the connection closed; the caller backs off and calls
`connect()` (or any method: they reconnect on demand). Bad credentials raise
`PermanentFailure`; a command the server answers NO/BAD raises `TemporaryFailure`
without retrying.

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

import imaplib
import logging
import re
import socket
import ssl
import threading
import time
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Callable, Iterator, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .base import Fetched, MailboxError, PermanentFailure, TemporaryFailure

log = logging.getLogger(__name__)

T = TypeVar("T")

SEEN = b"\\Seen"
DELETED = b"\\Deleted"

# Longest IDLE while the probe connection is unavailable (see the module docstring), and
# how long the probe rests after it failed before it is tried again.
UNPROBED_IDLE_SECONDS = 5.0
PROBE_REST_SECONDS = 60.0

_headers = BytesHeaderParser(policy=compat32)

# Errors that mean "the connection is gone or unusable": reconnect and try again.
NETWORK_ERRORS = (OSError, IMAPClientAbortError, imaplib.IMAP4.abort, EOFError)


class _UidValidityChanged(Exception):
    """The folder's UIDVALIDITY changed under a running fetch (folder recreated)."""


class _Closed(Exception):
    """close() was called (from another thread) while a step was running."""


class ImapInbox:
    """An IMAP folder as an `Inbox` (see mailbot/mailboxes/base.py).

    security: "starttls" (STARTTLS on the plain port), "tls" (implicit TLS, port 993)
    or "plain" (loopback tests only). With `oauth2=True` the password is an OAuth2
    access token and the login is XOAUTH2 (Microsoft 365, Gmail).
    """

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

    def __repr__(self) -> str:
        return f"ImapInbox({self.name!r}, {self.username}@{self.host}:{self.port}/{self.folder})"

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
            client.oauth2_login(self.username, self._password)
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
            return PermanentFailure(f"{where}: login refused ({_text(exc)}); check the credentials")
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

    # ------------------------------------------------------------------ fetching
    def fetch_new(self, checkpoint: tuple[int, int | str] | None) -> Iterator[Fetched]:
        """Messages not yet seen, oldest first, fetched `batch_size` at a time.

        With a checkpoint (uidvalidity, last uid) whose UIDVALIDITY still holds: UIDs
        above the last. Otherwise (no checkpoint, or the folder was recreated): every
        message left in the folder — all not \\Deleted when settled mail is moved away,
        all UNSEEN when settling only flags \\Seen. Pass `None` once at start-up to sweep
        up messages committed but not settled before a crash (the caller dedupes)."""
        after = checkpoint
        while True:
            validity, uids = self._step("search for new mail", lambda: self._search_new(after))
            try:
                for start in range(0, len(uids), self.batch_size):
                    chunk = uids[start:start + self.batch_size]
                    batch = self._step("fetch", lambda: self._fetch_batch(chunk, validity))
                    for uid in sorted(batch):
                        raw = batch.pop(uid)
                        self._watermark = max(self._watermark, uid)
                        yield Fetched(validity, uid, raw)
                        after = (validity, uid)
                return
            except _UidValidityChanged:
                log.warning("mailbox %s: UIDVALIDITY of %s changed during a fetch; fetching the "
                            "folder again", self.name, self.folder)
                after = None

    def _search_new(self, after) -> tuple[int, list[int]]:
        self._select()  # a fresh view, and the current UIDVALIDITY / UIDNEXT
        validity = self._uidvalidity
        client = self._client
        if after is not None and int(after[0]) == validity:
            last = int(after[1])
            if self._uidnext is not None and self._uidnext <= last + 1:
                uids = []
            else:
                # `UID n:*` always matches the highest UID, even when it is below n.
                uids = [u for u in client.search(["UID", f"{last + 1}:*", "NOT", "DELETED"]) if u > last]
        else:
            if after is not None:
                log.warning("mailbox %s: UIDVALIDITY of %s is %s, checkpoint has %s; fetching "
                            "everything still in the folder", self.name, self.folder, validity, after[0])
            criteria = ["NOT", "DELETED"] if self.processed_folder else ["UNSEEN", "NOT", "DELETED"]
            uids = client.search(criteria)
        uids.sort()
        self._fresh = False
        if self._uidnext and not uids:
            self._watermark = max(self._watermark, self._uidnext - 1)
        return validity, uids

    def _fetch_batch(self, uids: list[int], validity: int) -> dict[int, bytes]:
        if self._uidvalidity != validity:  # reconnected to a recreated folder
            raise _UidValidityChanged()
        data = self._client.fetch(uids, ["BODY.PEEK[]"])
        wanted = set(uids)
        # The server may add unsolicited FETCH responses (flag changes): keep bodies only.
        return {uid: item[b"BODY[]"] for uid, item in data.items()
                if uid in wanted and b"BODY[]" in item}

    # ------------------------------------------------------------------ settling
    def settle(self, fetched: Fetched, quarantined: bool = False) -> None:
        """Move (or flag) one message once its record is committed. Idempotent: settling
        a message that is already gone does nothing."""
        target = self.quarantine_folder if quarantined else self.processed_folder
        self._step("settle", lambda: self._settle_once([fetched], target))

    def settle_many(self, batch: list[Fetched]) -> None:
        """settle() for a batch of messages (none quarantined), with one MOVE (or one
        COPY + STORE + EXPUNGE, or one STORE) for the whole batch."""
        if batch:
            self._step("settle", lambda: self._settle_once(batch, self.processed_folder))

    def _settle_once(self, batch: list[Fetched], target: str | None) -> None:
        uids = []
        for fetched in batch:
            if fetched.uidvalidity != self._uidvalidity:
                # The folder was recreated: that UID means nothing now. The message will be
                # fetched again under its new UID; the caller dedupes it by Message-ID.
                log.warning("mailbox %s: not settling UID %s: UIDVALIDITY is now %s, not %s",
                            self.name, fetched.uid, self._uidvalidity, fetched.uidvalidity)
            else:
                uids.append(int(fetched.uid))
        if not uids:
            return
        if target is None:
            self._client.add_flags(uids, [SEEN], silent=True)
            return
        self._move(uids, target)

    def _move(self, uids: list[int], target: str) -> None:
        """Move messages of the selected folder to `target` (created when missing)."""
        client = self._client
        self._ensure_folder(target)
        if self.use_move and b"MOVE" in self._capabilities:
            client.move(uids, target)
        else:
            client.copy(uids, target)
            client.add_flags(uids, [DELETED], silent=True)
            if b"UIDPLUS" in self._capabilities:
                client.uid_expunge(uids)
            else:
                client.expunge()

    def quarantine(self, kept: list[Fetched]) -> set[int | str]:
        """Move messages settled earlier to `quarantine_folder`, unread. Each is found again
        where settling left it: in `processed_folder` by its Message-ID (by its size when it
        has none), or in the folder itself by its UID when settling only flagged it \\Seen;
        and only a message with the very bytes fetched is moved."""
        if not kept:
            return set()
        return self._step("quarantine", lambda: self._quarantine_once(kept))

    def _quarantine_once(self, kept: list[Fetched]) -> set[int | str]:
        client = self._client
        source = self.processed_folder or self.folder
        if source != self.folder:
            if not client.folder_exists(source):
                return set()
            client.select_folder(source)
        try:
            found: dict[int, int | str] = {}     # UID in `source` → UID when fetched
            for fetched in kept:
                uid = self._find_again(fetched, source, set(found))
                if uid is not None:
                    found[uid] = fetched.uid
            if found:
                uids = sorted(found)
                if source == self.folder:
                    client.remove_flags(uids, [SEEN], silent=True)
                self._move(uids, self.quarantine_folder)
        finally:
            if source != self.folder:
                self._select()
        return set(found.values())

    def _find_again(self, fetched: Fetched, source: str, taken: set[int]) -> int | None:
        """The UID in the selected folder `source` of a message with `fetched`'s bytes."""
        client = self._client
        if source == self.folder and fetched.uidvalidity == self._uidvalidity:
            candidates = [int(fetched.uid)]
        else:
            message_id = _message_id(fetched.raw)
            size = len(fetched.raw)
            candidates = client.search(["HEADER", "Message-ID", message_id, "NOT", "DELETED"]
                                       if message_id else
                                       ["LARGER", str(size - 1), "SMALLER", str(size + 1), "NOT", "DELETED"])
        candidates = [u for u in sorted(candidates) if u not in taken][:20]
        if not candidates:
            return None
        sizes = client.fetch(candidates, ["RFC822.SIZE"])
        same_size = [u for u in candidates if sizes.get(u, {}).get(b"RFC822.SIZE") == len(fetched.raw)]
        for uid in same_size:
            body = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]")
            if body == fetched.raw:
                return uid
        return None

    def _ensure_folder(self, folder: str) -> None:
        if folder in self._known_folders:
            return
        if not self._client.folder_exists(folder):
            log.info("mailbox %s: creating folder %s", self.name, folder)
            try:
                self._client.create_folder(folder)
            except IMAPClientError:
                if not self._client.folder_exists(folder):  # lost a race: fine if it exists now
                    raise
            try:
                self._client.subscribe_folder(folder)
            except IMAPClientError:
                pass
        self._known_folders.add(folder)

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

def _message_id(raw: bytes) -> str | None:
    """The Message-ID header of raw bytes, from the head alone."""
    head = re.split(rb"\r?\n\r?\n", raw[:262144], maxsplit=1)[0]
    value = _headers.parsebytes(head, headersonly=True).get("Message-ID")
    if value is None:
        return None
    return " ".join(str(value).split()) or None


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


def _text(value) -> str:
    if isinstance(value, BaseException):
        value = value.args[0] if value.args else str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value)[:300]


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "no answer within the socket timeout"
    return f"{type(exc).__name__}: {_text(exc)}"
