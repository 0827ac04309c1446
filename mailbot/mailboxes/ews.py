"""The `ews` backend: on-premises Exchange through exchangelib (EWS, SOAP over HTTPS).

Microsoft retired EWS for Exchange Online; Microsoft 365 tenants use `imap` + `smtp`.

- `EwsInbox` reads one folder of the mailbox (the Inbox by default):
  `fetch_new()` lists the folder with FindItem (ids and DateTimeReceived only, oldest
  first, the whole listing taken before anything is yielded), then GetItems the raw MIME
  (`MimeContent`) `batch_size` items at a time. `settle()` moves an item with MoveItem to
  `processed_folder` (or `quarantine_folder`), creating the folder when missing; it is
  called only after the engine committed the message; `quarantine()` moves an item
  settled earlier on to `quarantine_folder`, found by its Message-ID (the engine learns a
  message is to be quarantined only once it has read it). `wait(timeout)` polls every
  `poll_interval` seconds with a one-item FindItem (no streaming notifications).
- `EwsSender` sends the engine's bytes unchanged as MIME: CreateItem with `MimeContent`
  and `MessageDisposition="SendAndSaveCopy"`, nothing else on the item (exchangelib's
  defaults — Importance, IsReadReceiptRequested=false, … — are left out, since Exchange
  would apply them over the MIME headers). So Message-ID, Disposition-Notification-To,
  Auto-Submitted, In-Reply-To and the case token in the subject go as composed; a copy
  is saved in Sent Items.

The checkpoint id (the choice made here). EWS ItemIds are unique but change when an item
moves, and ChangeKeys change on every edit; SyncFolderItems' sync state is an opaque
blob of hundreds of bytes that would have to be committed with the messages. Neither is
needed: settled mail leaves the folder, so the folder itself is the queue, as a
Maildir's new/ is. The UID of a message is `<DateTimeReceived>-<digest of its ItemId>`
(40 characters, readable in logs, sortable by arrival): stable for as long as the item
stays in the folder, which is exactly as long as it can be fetched again. UIDVALIDITY is
always 1 and the engine's checkpoint is not needed: every fetch lists what is still in
the folder. After a crash between the engine's commit and the move, the item is fetched
again under the same UID, the engine skips it as seen and settles it. An item someone
moves out and back gets a new ItemId, so a new UID; the engine then stores it as a
duplicate of the same Message-ID and acts on it once.

Exactly-once sending (the choice made here). SendAndSaveCopy returns no id, but Exchange
keeps the MIME Message-ID as the saved copy's InternetMessageId. `already_sent(raw)`
looks for that Message-ID in Sent Items, Outbox and Drafts (one FindItem over the three;
a submitted message may sit in the Outbox for a moment). The engine asks it before
sending a message again that an earlier attempt may have sent (a crash while it was
'sending', or a send whose answer was lost), and `send()` asks it before each of its own
retries. What is left: a message the server accepted but has not yet saved anywhere at
the moment of the look (milliseconds on a healthy server).

Errors and reconnection: every public method retries by itself after a network error
or a transient server answer (connection refused or reset, timeout, HTTP 5xx, SOAP
ErrorServerBusy, ErrorInternalServerTransientError, mailbox store unavailable, …) —
back off (tenacity: 0.1 s doubling, `retry_attempts` tries, at most `retry_max_wait`
between them) and redo the step on a fresh HTTP session. If it still fails it raises `TemporaryFailure`; the
caller backs off as it does for IMAP. HTTP 401, ErrorAccessDenied, a mailbox that does
not exist, an untrusted certificate, a redirect → `PermanentFailure`; for a send also a
message Exchange refuses (too big, not convertible, bad recipients, send-as denied).
Any other EWS error → `TemporaryFailure` without retrying.

exchangelib shares one HTTP session pool per endpoint and login, so an inbox and a
sender of the same mailbox talk over the same connections. Never logged: message
contents, passwords.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import datetime, timezone
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from typing import Callable, Iterator, TypeVar

import requests
from exchangelib import DELEGATE, IMPERSONATION, Account, Configuration, Credentials, Message
from exchangelib import errors as E
from exchangelib import version as ews_version
from exchangelib.ewsdatetime import UTC
from exchangelib.folders import Folder, FolderCollection, MsgFolderRoot
from exchangelib.folders.known_folders import DeletedItems, Drafts, Inbox, JunkEmail, Outbox, SentItems
from exchangelib.folders.queryset import SHALLOW
from exchangelib.properties import DistinguishedFolderId, Mailbox
from exchangelib.queryset import Q
from exchangelib.services import CreateFolder
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .base import Fetched, MailboxError, MessageTooLarge, PermanentFailure, TemporaryFailure

log = logging.getLogger(__name__)

T = TypeVar("T")

UIDVALIDITY = 1
# Where a message sent with SendAndSaveCopy can be found afterwards.
SENT_FOLDERS = ("sentitems", "outbox", "drafts")
VERSIONS = {"2010": "EXCHANGE_2010", "2010_sp1": "EXCHANGE_2010_SP1",
            "2010_sp2": "EXCHANGE_2010_SP2", "2013": "EXCHANGE_2013",
            "2013_sp1": "EXCHANGE_2013_SP1", "2016": "EXCHANGE_2016", "2019": "EXCHANGE_2019"}
AUTH_TYPES = {"ntlm": "NTLM", "basic": "basic", "noauth": "no authentication"}

_headers = BytesHeaderParser(policy=compat32)


class FolderMissing(PermanentFailure):
    """The configured folder to read does not exist in the mailbox."""


class MessageRefused(PermanentFailure):
    """Exchange refused this message (too big, not convertible, bad recipients, …)."""


class MessageTooBig(MessageRefused, MessageTooLarge):
    """Exchange refused this message for its size (ErrorMessageSizeExceeded)."""


# exchangelib's errors, by what mailbot does about them.
RETRY_ERRORS = (E.ErrorServerBusy, E.ErrorInternalServerTransientError, E.ErrorInternalServerError,
                E.ErrorTimeoutExpired, E.ErrorTooManyObjectsOpened, E.ErrorExceededConnectionCount,
                E.ErrorConnectionFailed, E.ErrorConnectionFailedTransientError,
                E.ErrorMailboxStoreUnavailable, E.ErrorMailboxMoveInProgress, E.MalformedResponseError,
                E.SOAPError, E.CASError, E.RateLimitError)
CREDENTIAL_ERRORS = (E.UnauthorizedError, E.ErrorAccessDenied, E.ErrorNonExistentMailbox,
                     E.ErrorImpersonateUserDenied)
REFUSED_ERRORS = (E.ErrorMessageSizeExceeded, E.ErrorMimeContentConversionFailed,
                  E.ErrorInvalidRecipients, E.ErrorSendAsDenied, E.ErrorInvalidSmtpAddress)
# Distinguished folder names a configured path may start with; other paths start at the
# top of the mailbox (msgfolderroot), where Outlook shows Inbox, Sent Items, …
FOLDER_CLASSES = {"inbox": Inbox, "sentitems": SentItems, "outbox": Outbox, "drafts": Drafts,
                  "deleteditems": DeletedItems, "junkemail": JunkEmail, "msgfolderroot": MsgFolderRoot}


def is_transient(exc: BaseException) -> bool:
    """Worth retrying at once: the network, or a server that is busy or restarting."""
    if isinstance(exc, MailboxError):
        return False
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        ConnectionError, TimeoutError)):
        return not isinstance(exc, requests.exceptions.SSLError)
    return isinstance(exc, RETRY_ERRORS)


class _EwsClient:
    """One EWS login on one mailbox: the exchangelib Account, folder lookups and the
    retry core that EwsInbox and EwsSender share."""

    def __init__(self, name: str, address: str, *, service_endpoint: str | None = None,
                 server: str | None = None, username: str | None = None,
                 password: str | None = None, auth_type: str = "ntlm", version: str | None = None,
                 access_type: str = "delegate", timeout: float = 30.0, retry_attempts: int = 5,
                 retry_max_wait: float = 5.0, sleep: Callable[[float], object] | None = None):
        if bool(service_endpoint) == bool(server):
            raise ValueError(f"mailbox {name}: give exactly one of service_endpoint or server")
        if auth_type not in AUTH_TYPES:
            raise ValueError(f"mailbox {name}: auth_type must be one of {', '.join(AUTH_TYPES)}")
        if version is not None and version not in VERSIONS:
            raise ValueError(f"mailbox {name}: version must be one of {', '.join(VERSIONS)}")
        self.name = name
        self.address = address
        self.service_endpoint = service_endpoint or f"https://{server}/EWS/Exchange.asmx"
        self.username, self._password = username, password
        self.auth_type = auth_type
        self.version = version
        self.access_type = access_type
        self.timeout = timeout
        self.retry_attempts = retry_attempts
        self.retry_max_wait = retry_max_wait
        self._sleep = sleep if sleep is not None else time.sleep
        self._account = None
        self._folders: dict[str, object] = {}   # configured path → exchangelib folder
        self._lock = threading.RLock()

    @property
    def _where(self) -> str:
        who = f"{self.username} for " if self.username else ""
        return f"mailbox {self.name} ({who}{self.address} at {self.service_endpoint})"

    # ------------------------------------------------------------------ connection
    def account(self):
        """The exchangelib Account (built on first use; building it sends nothing)."""
        if self._account is None:
            credentials = None
            if self.auth_type != "noauth":
                credentials = Credentials(self.username, self._password or "")
            version = None
            if self.version:
                version = ews_version.Version(build=getattr(ews_version, VERSIONS[self.version]))
            config = Configuration(credentials=credentials, service_endpoint=self.service_endpoint,
                                   auth_type=AUTH_TYPES[self.auth_type], version=version)
            account = Account(self.address, config=config, autodiscover=False,
                              access_type=IMPERSONATION if self.access_type == "impersonation" else DELEGATE,
                              default_timezone=UTC)
            account.protocol.TIMEOUT = self.timeout
            self._account = account
        return self._account

    def _drop(self) -> None:
        """Forget the Account and folders: the next step builds them again."""
        self._account = None
        self._folders.clear()

    def folder(self, path: str, create: bool = False):
        """The folder at `path`: a distinguished name (Inbox, SentItems, …) or a path from
        the top of the mailbox, each level found with FindFolder (created with
        CreateFolder when `create` and missing)."""
        if path in self._folders:
            return self._folders[path]
        account = self.account()
        parts = [p for p in path.strip("/").split("/") if p]
        if not parts:
            raise ValueError(f"mailbox {self.name}: empty folder path")
        head = parts[0].replace(" ", "").lower()
        if head in FOLDER_CLASSES:
            current = FOLDER_CLASSES[head].get_distinguished(root=account.root)
            parts = parts[1:]
        else:
            current = MsgFolderRoot.get_distinguished(root=account.root)
        for i, name in enumerate(parts):
            found = [f for f in FolderCollection(account=account, folders=[current])
                     .find_folders(q=Q(name=name), depth=SHALLOW)
                     if not isinstance(f, Exception) and (f.name or "").lower() == name.lower()]
            if found:
                current = found[0]
                continue
            if not create:
                raise FolderMissing(f"{self._where}: folder {'/'.join(parts[:i + 1])!r} of "
                                    f"{path!r} does not exist; create it or fix the folder in the config")
            log.info("mailbox %s: creating folder %s", self.name, path)
            [made] = CreateFolder(account=account).call(
                parent_folder=current, folders=[Folder(parent=current, name=name)])
            if isinstance(made, Exception):
                raise made
            current = made
        self._folders[path] = current
        return current

    def distinguished(self, name: str):
        """A distinguished folder by name only, without asking the server about it."""
        return Folder(root=self.account().root, _distinguished_id=DistinguishedFolderId(
            id=name, mailbox=Mailbox(email_address=self.address)))

    # ------------------------------------------------------------------ retry core
    def _run(self, what: str, step: Callable[[int], T]) -> T:
        """Run `step(attempt)` with retries after transient errors; map the last error to
        a MailboxError."""
        # Exchange's BackOffMilliseconds is not honoured here: exchangelib fills in a guess
        # of its own when the server gives none, so the two cannot be told apart. After
        # `retry_attempts` tries the caller backs off on its own, longer, scale.
        def before_sleep(state) -> None:
            log.warning("%s: %s failed (%s); trying again (attempt %d of %d)", self._where, what,
                        _describe(state.outcome.exception()), state.attempt_number + 1,
                        self.retry_attempts)

        attempts = 0
        try:
            for attempt in Retrying(stop=stop_after_attempt(self.retry_attempts),
                                    wait=wait_exponential(multiplier=0.1, min=0.1, max=self.retry_max_wait),
                                    retry=retry_if_exception(is_transient), before_sleep=before_sleep,
                                    sleep=self._sleep, reraise=True):
                with attempt, self._lock:
                    attempts += 1
                    return step(attempts)
        except Exception as exc:
            raise self._failure(exc, what, attempts) from None
        raise AssertionError("unreachable")

    def _failure(self, exc: Exception, what: str, attempts: int) -> Exception:
        if isinstance(exc, MailboxError):
            return exc
        where = self._where
        if isinstance(exc, CREDENTIAL_ERRORS):
            return PermanentFailure(f"{where}: {what}: login or access refused ({_describe(exc)}); "
                                    "check the username, the password and the account's rights "
                                    "on the mailbox")
        if isinstance(exc, E.ErrorMessageSizeExceeded):
            return MessageTooBig(f"{where}: {what}: Exchange refused the message as too large: "
                                 f"{_describe(exc)}")
        if isinstance(exc, REFUSED_ERRORS):
            return MessageRefused(f"{where}: {what}: Exchange refused the message: {_describe(exc)}")
        if isinstance(exc, E.RedirectError):
            return PermanentFailure(f"{where}: {what}: the server redirects to {exc.url}; "
                                    "set service_endpoint to the right EWS URL")
        if isinstance(exc, requests.exceptions.SSLError) or type(exc) is E.TransportError:
            # exchangelib raises a bare TransportError for TLS failures (it never retries them)
            return PermanentFailure(f"{where}: {what}: TLS failed ({_describe(exc)}); fix the "
                                    "server certificate or the CA bundle, or the service_endpoint")
        if is_transient(exc):
            tries = f" after {attempts} attempts" if attempts > 1 else ""
            return TemporaryFailure(f"{where}: {what} failed{tries}: {_describe(exc)}")
        if isinstance(exc, (E.EWSError, requests.exceptions.RequestException, OSError)):
            return TemporaryFailure(f"{where}: {what}: {_describe(exc)}")
        raise exc

    def close(self) -> None:
        """Forget the Account; never raises. (The HTTP sessions belong to exchangelib's
        pool, shared with other users of the same login, and are left to it.)"""
        self._drop()


class EwsInbox(_EwsClient):
    """One folder of an Exchange mailbox as an `Inbox` (see mailbot/mailboxes/base.py)."""

    def __init__(self, name: str, address: str, *, folder: str = "Inbox",
                 processed_folder: str = "Processed", quarantine_folder: str = "Quarantine",
                 poll_interval: float = 30.0, batch_size: int = 100, page_size: int = 500,
                 clock: Callable[[], float] = time.monotonic,
                 wait_sleep: Callable[[float], bool] | None = None, **kwargs):
        super().__init__(name, address, **kwargs)
        self.folder_path = folder
        self.processed_folder = processed_folder
        self.quarantine_folder = quarantine_folder
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.page_size = page_size
        self._clock = clock
        self._closed = threading.Event()
        self._wait_sleep = wait_sleep or self._closed.wait   # True: close() was called
        self._pending: dict[str, str] = {}                   # UID → ItemId, fetched not settled

    def __repr__(self) -> str:
        return f"EwsInbox({self.name!r}, {self.address}/{self.folder_path} at {self.service_endpoint})"

    def connect(self) -> None:
        """Look up the folder (GetFolder, FindFolder): one attempt. Raises TemporaryFailure
        (network, server busy) or PermanentFailure (credentials, no such folder)."""
        self._closed.clear()
        self._drop()
        try:
            self.folder(self.folder_path)
        except Exception as exc:
            self._drop()
            raise self._failure(exc, "connect", attempts=1) from None
        log.info("mailbox %s: connected to %s, folder %s", self.name, self.service_endpoint,
                 self.folder_path)

    def close(self) -> None:
        """Ends a wait() in progress in another thread (it returns False); never raises."""
        self._closed.set()
        super().close()

    # ------------------------------------------------------------------ fetching
    def fetch_new(self, checkpoint: tuple[int, int | str] | None) -> Iterator[Fetched]:
        """Every item in the folder, oldest first, as raw MIME. Settled items have left
        the folder, so the checkpoint is not needed; an item fetched but not settled
        comes again under the same UID (the engine skips it as seen)."""
        listing = self._run("list the folder", lambda attempt: self._list())
        present = {uid for uid, _ in listing}
        for uid in [u for u in self._pending if u not in present]:
            del self._pending[uid]          # left the folder some other way
        for start in range(0, len(listing), self.batch_size):
            chunk = listing[start:start + self.batch_size]
            for uid, item_id, raw in self._run("fetch", lambda attempt: self._fetch_mime(chunk)):
                self._pending[uid] = item_id
                yield Fetched(UIDVALIDITY, uid, raw)

    def _list(self) -> list[tuple[str, str]]:
        """(UID, ItemId) of every item in the folder, oldest first (FindItem, IdOnly)."""
        query = self.folder(self.folder_path).filter().order_by("datetime_received").only("datetime_received")
        query.page_size = self.page_size
        return [(item_uid(item.id, item.datetime_received), item.id) for item in query]

    def _fetch_mime(self, chunk: list[tuple[str, str]]) -> list[tuple[str, str, bytes]]:
        account = self.account()
        items = account.fetch(ids=[(item_id, None) for _, item_id in chunk],
                              folder=self.folder(self.folder_path), only_fields=["mime_content"])
        got = []
        for (uid, item_id), item in zip(chunk, items):
            if isinstance(item, Exception):
                if not _is_gone(item):
                    raise item
                continue            # moved or deleted since the listing
            if item.mime_content:
                got.append((uid, item_id, bytes(item.mime_content)))
        return got

    # ------------------------------------------------------------------ settling
    def settle(self, fetched: Fetched, quarantined: bool = False) -> None:
        """Move one item (MoveItem) once its record is committed. Idempotent: settling an
        item that has already left the folder does nothing."""
        target = self.quarantine_folder if quarantined else self.processed_folder
        self._run("settle", lambda attempt: self._move([fetched], target))

    def settle_many(self, batch: list[Fetched]) -> None:
        """settle() for a batch (none quarantined), with one MoveItem."""
        if batch:
            self._run("settle", lambda attempt: self._move(batch, self.processed_folder))

    def _move(self, batch: list[Fetched], target: str) -> None:
        uids = [str(f.uid) for f in batch]
        if any(uid not in self._pending for uid in uids):
            # Fetched by an earlier process (or forgotten): find the items again by UID.
            self._pending.update({uid: item_id for uid, item_id in self._list()
                                  if uid in set(uids)})
        ids = [(self._pending[uid], None) for uid in uids if uid in self._pending]
        if ids:
            to_folder = self.folder(target, create=True)
            for result in self.account().bulk_move(ids=ids, to_folder=to_folder):
                if isinstance(result, Exception) and not _is_gone(result):
                    raise result
        for uid in uids:
            self._pending.pop(uid, None)

    def quarantine(self, kept: list[Fetched]) -> set[int | str]:
        """Move items settled earlier to `quarantine_folder` (MoveItem): each is found in
        `processed_folder` by its Message-ID (Exchange keeps it as the InternetMessageId).
        A message without a Message-ID cannot be found again and is left where it is."""
        if not kept:
            return set()
        return self._run("quarantine", lambda attempt: self._quarantine(kept))

    def _quarantine(self, kept: list[Fetched]) -> set[int | str]:
        source = self.folder(self.processed_folder)
        ids, moved, taken = [], set(), set()
        for fetched in kept:
            message_id = _message_id(fetched.raw)
            if not message_id:
                continue
            for item in source.filter(message_id=message_id).only("datetime_received"):
                if not isinstance(item, Exception) and item.id not in taken:
                    taken.add(item.id)
                    ids.append((item.id, None))
                    moved.add(fetched.uid)
                    break
        if ids:
            to_folder = self.folder(self.quarantine_folder, create=True)
            for result in self.account().bulk_move(ids=ids, to_folder=to_folder):
                if isinstance(result, Exception) and not _is_gone(result):
                    raise result
        return moved

    # ------------------------------------------------------------------ waiting
    def wait(self, timeout: float) -> bool:
        """Poll every `poll_interval` s until an item not yet fetched is in the folder
        (True) or `timeout` passes (False); False at once if close() is called meanwhile."""
        self._closed.clear()
        deadline = self._clock() + timeout
        while True:
            if self._run("look for new mail", lambda attempt: self._has_new()):
                return True
            remaining = deadline - self._clock()
            if remaining <= 0:
                return False
            if self._wait_sleep(min(self.poll_interval, remaining)):
                return False

    def _has_new(self) -> bool:
        # n fetched-not-settled items and one more: if the folder has an item we have not
        # fetched, at least one of the first n + 1 is such an item.
        pending = set(self._pending.values())
        query = self.folder(self.folder_path).filter().only("datetime_received")[:len(pending) + 1]
        return any(item.id not in pending for item in query)


class EwsSender(_EwsClient):
    """A `Sender` (see mailbot/mailboxes/base.py) through Exchange: CreateItem with the raw
    MIME, SendAndSaveCopy. The envelope sender is the mailbox (Exchange decides it)."""

    def __init__(self, name: str, address: str, **kwargs):
        super().__init__(name, address, **kwargs)
        self.sends = 0       # CreateItem requests that succeeded (tests count them)

    def __repr__(self) -> str:
        return f"EwsSender({self.name!r}, {self.address} at {self.service_endpoint})"

    def connect(self) -> None:
        """Nothing to open: EWS is stateless HTTP (send() connects on demand)."""

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Send one message to every recipient, or raise. Recipients the MIME headers do
        not name go as Bcc; a header recipient the envelope leaves out is refused, since
        Exchange would deliver to it anyway."""
        if not recipients:
            raise PermanentFailure(f"{self._where}: message has no recipients")
        headers = _headers.parsebytes(raw, headersonly=True)
        named = {addr.lower() for _, addr in getaddresses(headers.get_all("To", []) + headers.get_all("Cc", [])
                                                             + headers.get_all("Bcc", [])) if addr}
        wanted = {r.lower() for r in recipients}
        unasked = sorted(named - wanted)
        if unasked:
            raise PermanentFailure(f"{self._where}: the message's headers name {', '.join(unasked)}, "
                                   "which the envelope does not; Exchange would deliver to them too")
        bcc = [r for r in recipients if r.lower() not in named]
        message_id = _message_id(raw)

        def step(attempt: int) -> None:
            if attempt > 1 and message_id and self._find_sent(message_id):
                log.info("%s: %s went on an earlier attempt; not sending it again", self._where, message_id)
                return
            self._create(raw, bcc)
            self.sends += 1

        self._run("send", step)

    def _create(self, raw: bytes, bcc: list[str]) -> None:
        message = _MimeOnlyMessage(account=self.account(), folder=self.distinguished("sentitems"),
                                   mime_content=raw, bcc_recipients=bcc or None)
        result = message.send_and_save()
        for r in result if isinstance(result, list) else [result]:
            if isinstance(r, Exception):
                raise r

    def already_sent(self, raw: bytes) -> bool:
        """Is this message (by Message-ID) in Sent Items, the Outbox or Drafts already?
        The engine asks before sending again a message an earlier attempt may have sent."""
        message_id = _message_id(raw)
        if not message_id:
            return False
        return self._run("look in Sent Items", lambda attempt: self._find_sent(message_id))

    def _find_sent(self, message_id: str) -> bool:
        folders = [self.distinguished(name) for name in SENT_FOLDERS]
        query = FolderCollection(account=self.account(), folders=folders).filter(message_id=message_id)
        return any(not isinstance(item, Exception) for item in query.only("datetime_received")[:1])


class _MimeOnlyMessage(Message):
    """A Message that carries its MIME content (and any extra Bcc) and nothing else:
    exchangelib would otherwise add its defaults (Importance Normal,
    IsReadReceiptRequested false, …), which Exchange applies over the MIME headers."""

    def to_xml(self, version):
        elem = super().to_xml(version)
        for child in list(elem):
            if child.tag.rsplit("}", 1)[-1] not in ("MimeContent", "BccRecipients"):
                elem.remove(child)
        return elem


# ---------------------------------------------------------------------- helpers

def item_uid(item_id: str, received: datetime | None) -> str:
    """The UID of an item while it stays in its folder: arrival time and ItemId digest."""
    stamp = "00000000T000000Z"
    if received is not None:   # an EWSDateTime: UTC seconds, without exchangelib's tz types
        stamp = datetime.fromtimestamp(received.timestamp(), timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{hashlib.sha256(item_id.encode()).hexdigest()[:23]}"


def _message_id(raw: bytes) -> str | None:
    value = _headers.parsebytes(raw, headersonly=True).get("Message-ID")
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _is_gone(exc: BaseException) -> bool:
    return isinstance(exc, E.ErrorItemNotFound)


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
