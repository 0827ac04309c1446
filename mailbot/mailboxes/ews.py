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

The login, folder lookups, retries and error mapping are ews_client.py's.
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
from typing import Callable, Iterator

from exchangelib import Message
from exchangelib import errors as E
from exchangelib.folders import FolderCollection

from .base import Fetched, PermanentFailure
from .ews_client import EwsClient, FolderMissing

__all__ = ["EwsInbox", "EwsSender", "FolderMissing", "item_uid"]

log = logging.getLogger(__name__)

UIDVALIDITY = 1
# Where a message sent with SendAndSaveCopy can be found afterwards.
SENT_FOLDERS = ("sentitems", "outbox", "drafts")

_headers = BytesHeaderParser(policy=compat32)


class EwsInbox(EwsClient):
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


class EwsSender(EwsClient):
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
