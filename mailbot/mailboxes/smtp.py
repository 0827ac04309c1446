"""The `smtp` sender: any SMTP submission server, through smtplib.

One `SmtpSender` keeps one connection open and reuses it for every message; a
connection idle for more than `probe_after` seconds is checked with NOOP first and
rebuilt if the server has dropped it. Used from one thread. `SmtpSenders` holds several
(`connections:` in the config) for threads that send at once: each send takes a free
connection, so a backlog goes out as fast as the server takes it on all of them.

What a failure raises (the caller retries TemporaryFailure with backoff):
- connection refused / dropped / timed out, TLS handshake errors, any 4xx reply
  → TemporaryFailure;
- our login or our right to send refused (AUTH answered 5xx; 530, 534, 535, 538 or a
  5.7.x authentication status at any step) → `LoginRefused`, a PermanentFailure that is no
  fault of the message: the outbox keeps the message and tries again later;
- any other 5xx reply (sender refused, unknown recipient, message refused),
  an untrusted certificate, STARTTLS not offered → PermanentFailure; a message refused
  for its size (552, or 5.3.4) → `MessageTooLarge`, a PermanentFailure;
- some recipients accepted and others refused → `RecipientsRefused` (a PermanentFailure):
  the message went to the others, so sending it again would duplicate it.
Error messages carry the server's reply, never the message body or the password.
"""
from __future__ import annotations

import logging
import queue
import smtplib
import socket
import ssl
import time

from .base import LoginRefused, MessageTooLarge, PermanentFailure, TemporaryFailure, server_text

log = logging.getLogger(__name__)


class RecipientsRefused(PermanentFailure):
    """Delivered to some recipients, refused by others; `refused` maps address → (code, reply)."""

    def __init__(self, message: str, refused: dict[str, tuple[int, str]]):
        super().__init__(message)
        self.refused = refused


class SmtpSender:
    """A `Sender` (see mailbot/mailboxes/base.py) over SMTP.

    security: "starttls" (port 587/25), "tls" (implicit TLS, port 465) or "plain"
    (loopback tests only). Logs in when `username` is given; with `oauth2=True` the
    password is an OAuth2 access token and the login is XOAUTH2.
    """

    def __init__(self, name: str, host: str, port: int, security: str = "starttls",
                 username: str | None = None, password: str | None = None, timeout: float = 30,
                 *, ssl_context: ssl.SSLContext | None = None, oauth2: bool = False,
                 local_hostname: str | None = None, probe_after: float = 5.0):
        if security not in ("starttls", "tls", "plain"):
            raise ValueError(f"mailbox {name}: security must be starttls, tls or plain, not {security!r}")
        self.name = name
        self.host, self.port, self.security = host, port, security
        self.username, self._password = username, password
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.oauth2 = oauth2
        self.local_hostname = local_hostname
        self.probe_after = probe_after
        self._smtp: smtplib.SMTP | None = None
        self._last_used = 0.0
        self.connections = 0  # connections opened so far (reuse is visible in tests)

    def __repr__(self) -> str:
        return f"SmtpSender({self.name!r}, {self.host}:{self.port}, {self.security})"

    @property
    def _where(self) -> str:
        return f"sender {self.name} ({self.host}:{self.port})"

    # ------------------------------------------------------------------ connection
    def connect(self) -> None:
        """Open the connection now (send() also opens it on demand)."""
        self.close()
        try:
            self._smtp = self._open()
        except Exception as exc:
            self._drop()
            raise self._failure(exc, "connect") from None

    def _open(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, local_hostname=self.local_hostname,
                                    timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, local_hostname=self.local_hostname,
                                timeout=self.timeout)
        self._smtp = smtp
        try:
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        smtp.ehlo()
        if self.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise PermanentFailure(f"{self._where}: server does not offer STARTTLS; "
                                       "use security: tls or a different port")
            smtp.starttls(context=context)
            smtp.ehlo()
        if self.username:
            if self.oauth2:
                self._xoauth2(smtp)
            else:
                smtp.login(self.username, self._password or "")
        self.connections += 1
        log.info("%s: connected (%s)", self._where, self.security)
        return smtp

    def _xoauth2(self, smtp: smtplib.SMTP) -> None:
        """AUTH XOAUTH2 with the current token; a refused token is renewed once and tried again."""
        def auth(secret: str) -> None:
            token = f"user={self.username}\x01auth=Bearer {secret}\x01\x01"
            # given the error challenge, answer "" (else the token goes again: M365.md)
            smtp.auth("XOAUTH2", lambda challenge=None: token if challenge is None else "",
                      initial_response_ok=True)
        source = self._password
        try:
            auth(source() if callable(source) else source)
        except smtplib.SMTPAuthenticationError:
            if not (callable(source) and source.renew()):
                raise
            auth(source())

    def _live(self) -> smtplib.SMTP:
        """The open connection, checked with NOOP if it sat idle; or a new one."""
        if self._smtp is not None and time.monotonic() - self._last_used > self.probe_after:
            try:
                code, _ = self._smtp.noop()
                if code != 250:
                    raise smtplib.SMTPServerDisconnected(f"NOOP answered {code}")
            except (smtplib.SMTPException, OSError):
                log.info("%s: idle connection was dropped by the server; reconnecting", self._where)
                self._drop()
        if self._smtp is None:
            self._smtp = self._open()
        return self._smtp

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.close()
            except Exception:
                pass

    def close(self) -> None:
        """QUIT if the connection still works; never raises."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:
            try:
                smtp.close()
            except Exception:
                pass

    # ------------------------------------------------------------------ sending
    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Deliver one message to every recipient, or raise."""
        if not recipients:
            raise PermanentFailure(f"{self._where}: message has no recipients")
        try:
            smtp = self._live()
            refused = smtp.sendmail(sender or "", list(recipients), raw)
        except Exception as exc:
            self._drop()  # whatever state the session is in, start the next one clean
            raise self._failure(exc, "send", sender) from None
        self._last_used = time.monotonic()
        if refused:
            detail = "; ".join(f"{addr}: {code} {server_text(reply)}" for addr, (code, reply) in refused.items())
            raise RecipientsRefused(
                f"{self._where}: delivered to {len(recipients) - len(refused)} of {len(recipients)} "
                f"recipients; refused {detail}",
                {addr: (code, server_text(reply)) for addr, (code, reply) in refused.items()})

    def _failure(self, exc: Exception, what: str, sender: str | None = None) -> Exception:
        where = self._where
        if isinstance(exc, (TemporaryFailure, PermanentFailure)):
            return exc
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            refused = exc.recipients
            detail = "; ".join(f"{addr}: {code} {server_text(reply)}" for addr, (code, reply) in refused.items())
            temporary = all(400 <= code < 500 for code, _ in refused.values())
            kind = TemporaryFailure if temporary else PermanentFailure
            return kind(f"{where}: every recipient refused: {detail}")
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            # The server's advice (a help URL, "SmtpClientAuthentication is disabled", …)
            # is kept whole (server_text): a person acts on it.
            message = (f"{where}: login as {self.username} refused: {exc.smtp_code} "
                       f"{server_text(exc.smtp_error)}; check the credentials")
            return TemporaryFailure(message) if 400 <= exc.smtp_code < 500 else LoginRefused(message)
        if isinstance(exc, smtplib.SMTPResponseException) and _refuses_login(exc):
            return LoginRefused(f"{where}: {what}: our login or right to send refused: "
                                f"{exc.smtp_code} {server_text(exc.smtp_error)}; check the "
                                "credentials and the account's right to send")
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return _by_code(exc.smtp_code, f"{where}: sender <{sender}> refused: "
                                           f"{exc.smtp_code} {server_text(exc.smtp_error)}")
        if isinstance(exc, smtplib.SMTPResponseException):  # DATA refused, connect refused, …
            return _by_code(exc.smtp_code, f"{where}: {what}: server replied "
                                           f"{exc.smtp_code} {server_text(exc.smtp_error)}")
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return PermanentFailure(f"{where}: {what}: {exc}")
        if isinstance(exc, ssl.SSLCertVerificationError):
            return PermanentFailure(f"{where}: TLS certificate not trusted ({exc.verify_message}); "
                                    "fix the server certificate or the CA bundle")
        if isinstance(exc, (smtplib.SMTPException, OSError)):
            reason = "no answer within the timeout" if isinstance(exc, (socket.timeout, TimeoutError)) \
                else f"{type(exc).__name__}: {exc}"
            return TemporaryFailure(f"{where}: {what} failed: {reason}")
        raise exc


class SmtpSenders:
    """A `Sender` over `count` SMTP connections, for several threads at once: each send
    takes a connection no other thread is using (waiting for one to come free). The
    connections open on demand, so an idle bot holds as few as it last needed."""

    def __init__(self, count: int, make):
        self.lanes = count
        self._all = [make() for _ in range(count)]
        self._free: queue.SimpleQueue[SmtpSender] = queue.SimpleQueue()
        for sender in self._all:
            self._free.put(sender)

    def __repr__(self) -> str:
        return f"SmtpSenders({self.lanes} × {self._all[0]!r})"

    @property
    def connections(self) -> int:
        """Connections opened so far, over all of them."""
        return sum(sender.connections for sender in self._all)

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        smtp = self._free.get()
        try:
            smtp.send(raw, sender, recipients)
        finally:
            self._free.put(smtp)

    def close(self) -> None:
        for sender in self._all:
            sender.close()


def _by_code(code: int, message: str) -> Exception:
    if code == 552 or (500 <= code < 600 and " 5.3.4 " in message):
        return MessageTooLarge(message)      # "message size exceeds fixed maximum"
    return TemporaryFailure(message) if 400 <= code < 500 else PermanentFailure(message)


# Replies that refuse us, not the message: authentication required (530), mechanism too
# weak (534), credentials invalid (535), encryption required for the mechanism (538).
LOGIN_CODES = (530, 534, 535, 538)
# Enhanced status codes of the same (RFC 4954, 3463), and Exchange Online's "client not
# authenticated to send" (5.7.57) and "SMTP AUTH disabled for the mailbox" (5.7.139).
LOGIN_STATUSES = ("5.7.0", "5.7.8", "5.7.9", "5.7.11", "5.7.57", "5.7.139")


def _refuses_login(exc: smtplib.SMTPResponseException) -> bool:
    """A reply to MAIL FROM, DATA, … that refuses our login or our right to send rather than
    the message (a recipient refused at RCPT is the recipient's, never this)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if exc.smtp_code in LOGIN_CODES:
        return True
    text = server_text(exc.smtp_error)
    return 500 <= exc.smtp_code < 600 and text.split(" ", 1)[0] in LOGIN_STATUSES

