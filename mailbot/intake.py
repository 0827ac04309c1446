"""Intake: mail fetched from a mailbox is stored before anything else — raw bytes, a batch
per transaction — and only then settled in the mailbox. A message seen before is skipped,
one with a Message-ID seen before is stored as a duplicate, and our own copy of a message
we sent (confirm_sends) confirms that send instead of being stored. Quarantined messages
are moved to the quarantine folder here too, on the thread that holds the mailbox."""
from __future__ import annotations

import logging
from itertools import islice
from typing import Iterable, Iterator, TypeVar

from sqlalchemy import Row, bindparam, case, func, insert, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailbot.mailboxes.base import Fetched, Inbox, PermanentFailure, TemporaryFailure, one_line, raw_header
from mailbot.store import (Checkpoint, InboundMessage, OutboxMessage, QuarantineMove,
                           StoreUnavailable, outage_as_unavailable)

log = logging.getLogger("mailbot")

T = TypeVar("T")

# Messages stored in one transaction and settled with one mailbox command.
INGEST_BATCH = 100

# What ingest reads of a message we sent, to match our own copy to it.
_OWN_COPY = (OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.confirmed_at)

# A mailbox's messages quarantined and not yet moved to its quarantine folder.
_TO_QUARANTINE = (select(QuarantineMove.inbound_id, InboundMessage.uidvalidity, InboundMessage.uid,
                         InboundMessage.raw)
                  .join(InboundMessage, InboundMessage.id == QuarantineMove.inbound_id)
                  .where(QuarantineMove.mailbox == bindparam("mailbox"), QuarantineMove.moved_at.is_(None))
                  .order_by(QuarantineMove.inbound_id).limit(INGEST_BATCH))

# A send confirmed by its own copy. What it changes is decided on the row as it is when
# written, not as it was read: the sender (in another instance, on PostgreSQL) may record
# that send meanwhile, and a row it recorded failed stays failed.
_out = OutboxMessage.__table__.c
_now = bindparam("now", type_=_out.confirmed_at.type)
_going = _out.status.in_([literal_column(f"'{s}'") for s in ("sending", "unconfirmed", "pending")])
_CONFIRM = (update(OutboxMessage.__table__)
            .where(_out.id == bindparam("out_id"), _out.confirmed_at.is_(None))
            .values(confirmed_at=_now,
                    status=case((_going, "sent"), else_=_out.status),
                    sent_at=case((_going, func.coalesce(_out.sent_at, _now)), else_=_out.sent_at)))


class Intake:
    """Fetch, store and settle. Reads the engine's store, mail lock, clock and mailboxes at
    each call (a reload replaces the mailboxes); wakes the worker and the sender."""

    def __init__(self, engine):
        self.engine = engine
        self._swept: set[str] = set()
        # Mailboxes looked through since start: until then a send awaiting its own copy
        # is not sent again (the copy may be in the mailbox, not yet fetched).
        self.looked: set[str] = set()

    def poll(self, key: str) -> int:
        """Fetch what is new in one mailbox, store it, then settle it there — a batch at a
        time: one transaction stores the batch, one mailbox command settles it. Raises
        StoreUnavailable if the store does not answer: what was fetched stays in the mailbox."""
        try:
            with outage_as_unavailable():
                return self._poll(key)
        except StoreUnavailable:
            # A batch whose commit failed may have been stored even so (the answer lost, not
            # the commit), and is then past the checkpoint: the next look goes through the
            # whole folder, as the first does, so that it is settled rather than left there.
            self._swept.discard(key)
            raise

    def _poll(self, key: str) -> int:
        e = self.engine
        box = e.mailboxes[key]
        with e.sessions() as s:         # one look at the store before the mailbox's
            cp = s.get(Checkpoint, key)
            checkpoint = (cp.uidvalidity, _uid(cp.last_uid)) if cp else None
            quarantined = s.execute(_TO_QUARANTINE, {"mailbox": key}).all()
        # what the worker quarantined since the last look (settled there: moved now)
        self.move_quarantined(key, quarantined)
        if key not in self._swept:
            # First look since start: whatever is still in the folder, so that a message
            # stored but not yet settled when the process died is settled now (once).
            self._swept.add(key)
            checkpoint = None
        count = 0
        for batch in _batches(box.inbox.fetch_new(checkpoint), INGEST_BATCH):
            self.ingest_many(key, batch)
            _settle(box.inbox, batch)
            count += len(batch)
            e.wakeup.set()     # the worker reads this batch while the next is fetched
        if key not in self.looked:
            self.looked.add(key)
            e.outbox_ready.set()    # sends awaiting a copy may go again, if none came
        return count

    def move_quarantined(self, key: str, rows: list[Row] | None = None) -> int:
        """Move the mailbox's messages quarantined since its last look to its quarantine
        folder (see QuarantineMove): here, on the thread that holds the mailbox's connection.
        `rows`: those messages (_TO_QUARANTINE), if already looked up. A mailbox that cannot
        just now is asked again at its next look; returns how many moved."""
        e = self.engine
        if rows is None:
            with e.sessions() as s:
                rows = s.execute(_TO_QUARANTINE, {"mailbox": key}).all()
        if not rows:
            return 0
        kept = {row.inbound_id: Fetched(row.uidvalidity, row.uid, row.raw) for row in rows if row.raw}
        try:
            moved = {str(uid) for uid in e.mailboxes[key].inbox.quarantine(list(kept.values()))}
            failure = None
        except TemporaryFailure as exc:
            log.warning("mailbox %s: %d quarantined message(s) not yet moved to the quarantine "
                        "folder; trying again at the next look: %s", key, len(kept), one_line(exc))
            return 0
        except PermanentFailure as exc:
            moved, failure = set(), f"could not move it to the quarantine folder: {one_line(exc)}"
            log.error("mailbox %s: %s", key, failure)
        outcomes = {}
        for row in rows:
            if row.inbound_id not in kept:
                outcomes[row.inbound_id] = "not moved: its raw bytes were purged"
            elif str(row.uid) in moved:
                outcomes[row.inbound_id] = "moved to the quarantine folder"
            else:
                outcomes[row.inbound_id] = failure or "not found where it was settled (moved or " \
                                                      "deleted meanwhile); left where it is"
            log.info("mailbox %s: quarantined inbound=%s %s", key, row.inbound_id, outcomes[row.inbound_id])
        now = e.clock.now()
        with e.storing_mail(), e.sessions() as s:
            s.execute(update(QuarantineMove), [{"inbound_id": i, "moved_at": now, "outcome": text}
                                               for i, text in outcomes.items()])
            s.commit()
        return sum(1 for text in outcomes.values() if text.startswith("moved"))

    def ingest_many(self, key: str, batch: list[Fetched]) -> int:
        """Store fetched messages in one transaction; returns how many were new. A message
        seen before (same UIDVALIDITY + UID) is skipped, one with a Message-ID seen before is
        stored as a duplicate, and the first copy of a message we sent, back in our own
        mailbox (confirm_sends), confirms that send instead of being stored."""
        e = self.engine
        msg_ids = [raw_header(f.raw, b"message-id") for f in batch]
        try:
            with e.storing_mail(), e.sessions() as s:
                stored = self._store(s, key, batch, msg_ids)
                s.commit()
        except IntegrityError:
            if len(batch) == 1:
                return 0          # stored meanwhile by another pass
            return sum(self.ingest_many(key, [f]) for f in batch)
        for uid, status in stored:
            log.info("stored mailbox=%s uid=%s status=%s", key, uid, status)
        return len(stored)

    def _store(self, s: Session, key: str, batch: list[Fetched],
               msg_ids: list[str | None]) -> list[tuple[int | str, str]]:
        box = self.engine.mailboxes[key]
        now = self.engine.clock.now()
        ids = [m for m in msg_ids if m]
        # Each lookup goes by an index of its own (by UIDVALIDITY + UID, by Message-ID), so
        # its cost does not grow with the messages the mailbox has stored.
        own: dict[str, dict] = {}
        if box.confirm_sends and ids:
            own = {row.message_id: row._asdict() for row in s.execute(select(*_OWN_COPY).where(
                OutboxMessage.message_id.in_(ids), OutboxMessage.mailbox == key))}
        # The first copy of a send awaiting it only confirms the send: the rest may be
        # stored, and only they are looked for among the messages stored before.
        awaited = {m for m, out in own.items() if out["confirmed_at"] is None}
        confirming: set[str] = set()
        rest = []
        for fetched, msg_id in zip(batch, msg_ids):
            if msg_id in awaited and msg_id not in confirming:
                confirming.add(msg_id)
            else:
                rest.append((fetched, msg_id))
        seen: set[tuple[int, str]] = set()
        for validity in {f.uidvalidity for f, _ in rest}:
            seen.update(s.execute(select(InboundMessage.uidvalidity, InboundMessage.uid).where(
                InboundMessage.mailbox == key, InboundMessage.uidvalidity == validity,
                InboundMessage.uid.in_([str(f.uid) for f, _ in rest if f.uidvalidity == validity]))).all())
        rest_ids = {m for _, m in rest if m}
        earlier = {m for m, mailbox in s.execute(
            select(InboundMessage.message_id, InboundMessage.mailbox)
            .where(InboundMessage.message_id.in_(rest_ids))) if mailbox == key} if rest_ids else set()
        cp = s.get(Checkpoint, key)
        fetched_before = (cp.uidvalidity, _uid(cp.last_uid)) if cp else (None, 0)
        stored, rows, confirmed = [], [], []
        for fetched, msg_id in zip(batch, msg_ids):
            out = own.get(msg_id)
            if out is not None and out["confirmed_at"] is None:
                # Our own copy: the send went. (A second copy is a loop, read as such.)
                out["confirmed_at"] = now
                confirmed.append({"out_id": out["id"], "now": now})
            elif out is not None and fetched.uidvalidity == fetched_before[0] \
                    and _uid(fetched.uid) <= fetched_before[1]:
                pass    # that same copy again: the process died before it was settled
            elif (fetched.uidvalidity, str(fetched.uid)) not in seen:
                seen.add((fetched.uidvalidity, str(fetched.uid)))
                status = "duplicate" if msg_id in earlier else "new"
                if msg_id:
                    earlier.add(msg_id)
                rows.append(dict(mailbox=key, uidvalidity=fetched.uidvalidity, uid=str(fetched.uid),
                                 message_id=msg_id, raw=fetched.raw, received_at=now, status=status,
                                 reason="same Message-ID seen before" if status == "duplicate" else None))
                stored.append((fetched.uid, status))
            if cp is None:
                cp = Checkpoint(mailbox=key, uidvalidity=fetched.uidvalidity, last_uid=str(fetched.uid))
                s.add(cp)
            elif cp.uidvalidity != fetched.uidvalidity or _uid(fetched.uid) > _uid(cp.last_uid):
                cp.uidvalidity, cp.last_uid = fetched.uidvalidity, str(fetched.uid)
        if rows:      # one INSERT for the batch
            s.execute(insert(InboundMessage), rows)
        if confirmed:
            s.connection().execute(_CONFIRM, confirmed)
        return stored


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items, each yielded as soon as it is full or `items` ends."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _settle(inbox: Inbox, batch: list[Fetched]) -> None:
    """Settle a stored batch: with one command where the backend can (settle_many)."""
    settle_many = getattr(inbox, "settle_many", None)
    if settle_many is not None:
        settle_many(batch)
    else:
        for fetched in batch:
            inbox.settle(fetched)


def _uid(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
