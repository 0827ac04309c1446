"""The two interfaces every backend implements, and the errors they raise."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol


class MailboxError(Exception):
    """A mailbox backend failed; the message names the mailbox and the operation."""


class TemporaryFailure(MailboxError):
    """Worth retrying: a network error, a server restart, a 4xx reply."""


class PermanentFailure(MailboxError):
    """Not worth retrying: a 5xx reply, bad credentials, an unknown recipient."""


class LoginRefused(PermanentFailure):
    """The server refused our login or our right to use the mailbox (SMTP 530/534/535,
    IMAP NO to LOGIN, EWS 401 or ErrorAccessDenied): no fault of any message. Nothing
    changes until a person fixes the credentials or the rights, so it is permanent for the
    connection; but a message refused this way goes once they are fixed (the outbox keeps
    it and tries again with backoff)."""


class MessageTooLarge(PermanentFailure):
    """The server refused this message for its size (SMTP 552, Exchange's
    ErrorMessageSizeExceeded): the same message will never go, a smaller one may."""


# A server's reply is kept whole (its advice is for a person to read to the end), up to
# this many characters: a bound against a runaway server, far past any advice.
REPLY_LIMIT = 2000


def server_text(reply, limit: int = REPLY_LIMIT) -> str:
    """What a server said (text or bytes) as one line, at most `limit` characters."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return " ".join(str(reply).split())[:limit]


def one_line(exc: Exception, limit: int | None = 300) -> str:
    """An error as one line of a log or a case history (at most `limit` characters; None
    keeps it whole, for a refusal whose server advice a person must read to the end)."""
    text = " ".join(str(exc).split())
    return text if limit is None else text[:limit]


@dataclass(frozen=True)
class Fetched:
    """One message as the mailbox holds it."""

    uidvalidity: int
    uid: int | str          # IMAP UID, or Maildir key
    raw: bytes


def raw_header(raw: bytes, name: bytes) -> str | None:
    """One header's value from the raw head, cheaply (for dedup and loop checks)."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(name + b":"):
            value = line[len(name) + 1:]
            for cont in lines[i + 1:]:
                if cont[:1] in (b" ", b"\t"):
                    value += b" " + cont.strip()
                else:
                    break
            text = value.decode("utf-8", "replace").strip()
            return text or None
    return None


class Inbox(Protocol):
    name: str

    def connect(self) -> None:
        """Open the connection (no-op for local backends). Raises TemporaryFailure."""

    def fetch_new(self, checkpoint: tuple[int, int | str] | None) -> Iterator[Fetched]:
        """Messages not yet settled, oldest first. `checkpoint` is (uidvalidity, last uid)."""

    def settle(self, fetched: Fetched, quarantined: bool = False) -> None:
        """Mark or move a message once its record is committed (never before)."""

    def quarantine(self, kept: list[Fetched]) -> set[int | str]:
        """Move messages settled earlier as processed to the quarantine folder, unread.
        (A message is settled as soon as it is stored; whether it is quarantined is known
        only once it has been read.) `kept` are the messages as fetched: their UIDs then,
        and their bytes. Returns the UIDs of those moved; one no longer found (moved or
        deleted by a person meanwhile) is left alone. Idempotent."""

    def wait(self, timeout: float) -> bool:
        """Block until new mail may have arrived or `timeout` seconds pass (IMAP IDLE).
        Returns True when woken by the server."""

    def close(self) -> None: ...


class Sender(Protocol):
    name: str

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Deliver one message. Raises TemporaryFailure or PermanentFailure."""

    def close(self) -> None: ...

    # Optional: `already_sent(raw) -> bool`. A sender that can tell whether a message (by
    # its Message-ID) went already (ews: it is in Sent Items) offers it; the engine asks it
    # before sending again a message that an earlier attempt may have sent.
