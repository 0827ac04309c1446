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

The connection under it — login, SELECT, retries and reconnection, the watchdog, and
waiting by IDLE with a probe connection — is imap_connection.py's.

Never logged: message contents, passwords, tokens.
"""
from __future__ import annotations

import logging
import re
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Iterator

from imapclient.exceptions import IMAPClientError

from .base import Fetched
from .imap_connection import ImapConnection

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
DELETED = b"\\Deleted"

_headers = BytesHeaderParser(policy=compat32)


class _UidValidityChanged(Exception):
    """The folder's UIDVALIDITY changed under a running fetch (folder recreated)."""


class ImapInbox(ImapConnection):
    """An IMAP folder as an `Inbox` (see mailbot/mailboxes/base.py).

    security: "starttls" (STARTTLS on the plain port), "tls" (implicit TLS, port 993)
    or "plain" (loopback tests only). With `oauth2=True` the password is an OAuth2
    access token and the login is XOAUTH2 (Microsoft 365, Gmail).
    """

    def __repr__(self) -> str:
        return f"ImapInbox({self.name!r}, {self.username}@{self.host}:{self.port}/{self.folder})"

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


# ---------------------------------------------------------------------- helpers

def _message_id(raw: bytes) -> str | None:
    """The Message-ID header of raw bytes, from the head alone."""
    head = re.split(rb"\r?\n\r?\n", raw[:262144], maxsplit=1)[0]
    value = _headers.parsebytes(head, headersonly=True).get("Message-ID")
    if value is None:
        return None
    return " ".join(str(value).split()) or None
