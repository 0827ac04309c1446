"""The engine: mailboxes in → store → reader → correlation → handlers → outbox → mailboxes.

Data moves one way. Every step that changes a case commits the case change, its audit
events, its outbox messages and its reminders in one transaction; the dispatcher sends
outbox messages afterwards, and a reminder is a row that fires when the clock passes it.
"""
from __future__ import annotations

import json
import logging
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailbot import actions as A
from mailbot import notices, workdays
from mailbot.clock import Clock
from mailbot.compose import compose, message_id
from mailbot.config import Config
from mailbot.correlate import find_case
from mailbot.documents import render_pdf, write_zip
from mailbot.mailboxes.base import (Fetched, Inbox, MailboxError, MessageTooLarge, PermanentFailure,
                                    Sender, TemporaryFailure)
from mailbot.reading import NotAnEmail, Reading, read_message
from mailbot import waits as W
from mailbot.reading import answers
from mailbot.reading.record import iso
from mailbot.store import (Case, CaseEvent, Checkpoint, InboundMessage, OutboxMessage,
                           QuarantineMove, Reminder, Wait, WriterLock, next_case_ref,
                           open_cases_by_officer, open_store, writer_lock_path)
from mailbot.templates import NATION_BODY, CaseFields, render_email
from mailbot.workflow import CLOSED, CaseView, Workflow, decode

log = logging.getLogger("mailbot")

T = TypeVar("T")

SAFETY_FLAGS = ("suicide_risk", "threat")
RETRY_DELAYS = [30, 60, 120, 300, 600, 900]   # seconds between send attempts, then 15 min
# Messages stored in one transaction and settled with one mailbox command.
INGEST_BATCH = 100
# Outbox messages sent in one session (bounds what a backlog holds in memory).
SEND_BATCH = 50
# Inbound rows the worker loads at once (each message still has a transaction of its own).
PROCESS_BATCH = 100
# Outbox statuses that the dispatcher sends.
DUE = ("pending", "unconfirmed")
# Messages claimed at once where our own copy confirms each send (see Engine._send_batch).
CLAIM_GROUP = 10

# What the dispatcher reads of an outbox message.
_TO_SEND = (OutboxMessage.id, OutboxMessage.mailbox, OutboxMessage.message_id, OutboxMessage.sender,
            OutboxMessage.recipients, OutboxMessage.subject, OutboxMessage.template,
            OutboxMessage.raw, OutboxMessage.attempts, OutboxMessage.case_id)
# What ingest reads of a message we sent, to match our own copy to it.
_OWN_COPY = (OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.status, OutboxMessage.sent_at,
             OutboxMessage.confirmed_at)
# Statements of every message, built once (building and caching one costs more than
# running it). The inbound row's outcome, written only while the row is still new:
_WRITE_INBOUND = (update(InboundMessage.__table__)
                  .where(InboundMessage.id == bindparam("row_id"), InboundMessage.status == "new"))
# A message this mailbox sent, by Message-ID (a loop, if it comes back as new mail):
_SENT_FROM = select(OutboxMessage.id).where(OutboxMessage.message_id == bindparam("message_id"),
                                            OutboxMessage.mailbox == bindparam("mailbox"))


class UnknownRecipient(Exception):
    """A step asked to send to a role or address the config does not know."""


@dataclass
class MailboxRuntime:
    key: str
    address: str
    team: str
    prefix: str
    inbox: Inbox
    sender: Sender
    # Deliver our own copy of each message (smtp): proof that a send went through.
    confirm_sends: bool = False
    confirm_grace: timedelta = timedelta(seconds=60)


@dataclass
class _SendResult:
    """What became of one attempt to send an outbox message."""
    out: Row
    values: dict[str, Any]           # outbox columns to record
    failure: str | None = None       # why it can never go, for the case history
    note: str | None = None          # how it went otherwise than composed, for the case history


@dataclass
class Outcome:
    """What processing one inbound message did (for logs, the demo timeline and tests)."""
    status: str
    kind: str | None = None
    case_ref: str | None = None
    reason: str | None = None
    sent: list[str] = field(default_factory=list)


class Engine:
    def __init__(self, config: Config, clock: Clock, workflows: list[Workflow] | None = None,
                 mailboxes: dict[str, MailboxRuntime] | None = None, store_url: str | None = None,
                 listener: Callable[[str, dict], None] | None = None):
        self.config = config
        self.clock = clock
        self.sessions = open_store(store_url or config.store.url)
        self._lock = WriterLock(writer_lock_path(store_url or config.store.url,
                                                 config.files.root))   # see writing()
        if workflows is None:
            from handlers import WORKFLOWS
            workflows = WORKFLOWS
        self.workflows = {w.name: w for w in workflows}
        for workflow in workflows:
            workflow.check()
        self.mailboxes = mailboxes if mailboxes is not None else build_mailboxes(config)
        self.files_root = Path(config.files.root)
        self.vocabulary = config.vocabulary()
        self.listener = listener or (lambda event, data: None)
        self.wakeup = threading.Event()      # the worker: there may be mail to read
        self.outbox_ready = threading.Event()  # the sender: there may be mail to send
        self._swept: set[str] = set()
        self._loads: dict[str, dict[str, int]] | None = None   # see process_many
        # Where a worker process shows the daemon's watchdog its progress (WorkerProgress).
        self.progress = None
        # Mailboxes looked through since start: until then a send awaiting its own copy
        # is not sent again (the copy may be in the mailbox, not yet fetched).
        self._looked: set[str] = set()
        # Threads that send over a mailbox's several SMTP connections (see _send_all).
        self._send_pool: ThreadPoolExecutor | None = None
        self._send_pool_size = 0

    # ------------------------------------------------------------------ 1. fetch and store
    def poll(self, key: str) -> int:
        """Fetch what is new in one mailbox, store it, then settle it there — a batch at a
        time: one transaction stores the batch, one mailbox command settles it."""
        box = self.mailboxes[key]
        with self.sessions() as s:
            cp = s.get(Checkpoint, key)
            checkpoint = (cp.uidvalidity, _uid(cp.last_uid)) if cp else None
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
            self.wakeup.set()     # the worker reads this batch while the next is fetched
        self.move_quarantined(key)
        if key not in self._looked:
            self._looked.add(key)
            self.outbox_ready.set()    # sends awaiting a copy may go again, if none came
        return count

    def move_quarantined(self, key: str) -> int:
        """Move the mailbox's messages quarantined since its last look to its quarantine
        folder (see QuarantineMove): here, on the thread that holds the mailbox's connection.
        A mailbox that cannot just now is asked again at its next look; returns how many moved."""
        with self.sessions() as s:
            rows = s.execute(
                select(QuarantineMove.inbound_id, InboundMessage.uidvalidity, InboundMessage.uid,
                       InboundMessage.raw)
                .join(InboundMessage, InboundMessage.id == QuarantineMove.inbound_id)
                .where(QuarantineMove.mailbox == key, QuarantineMove.moved_at.is_(None))
                .order_by(QuarantineMove.inbound_id).limit(INGEST_BATCH)).all()
        if not rows:
            return 0
        kept = {row.inbound_id: Fetched(row.uidvalidity, row.uid, row.raw) for row in rows if row.raw}
        try:
            moved = {str(uid) for uid in self.mailboxes[key].inbox.quarantine(list(kept.values()))}
            failure = None
        except TemporaryFailure as exc:
            log.warning("mailbox %s: %d quarantined message(s) not yet moved to the quarantine "
                        "folder; trying again at the next look: %s", key, len(kept), _one_line(exc))
            return 0
        except PermanentFailure as exc:
            moved, failure = set(), f"could not move it to the quarantine folder: {_one_line(exc)}"
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
        now = self.clock.now()
        with self.writing(), self.sessions() as s:
            s.execute(update(QuarantineMove), [{"inbound_id": i, "moved_at": now, "outcome": text}
                                               for i, text in outcomes.items()])
            s.commit()
        return sum(1 for text in outcomes.values() if text.startswith("moved"))

    def ingest_many(self, key: str, batch: list[Fetched]) -> int:
        """Store fetched messages in one transaction; returns how many were new. A message
        seen before (same UIDVALIDITY + UID) is skipped, one with a Message-ID seen before is
        stored as a duplicate, and the first copy of a message we sent, back in our own
        mailbox (confirm_sends), confirms that send instead of being stored."""
        msg_ids = [_header(f.raw, b"message-id") for f in batch]
        try:
            with self.writing(), self.sessions() as s:
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
        box = self.mailboxes[key]
        now = self.clock.now()
        ids = [m for m in msg_ids if m]
        # Each lookup goes by an index of its own (by UIDVALIDITY + UID, by Message-ID), so
        # its cost does not grow with the messages the mailbox has stored.
        own: dict[str, dict] = {}
        if box.confirm_sends and ids:
            own = {row.message_id: row._asdict() for row in s.execute(select(*_OWN_COPY).where(
                OutboxMessage.message_id.in_(ids), OutboxMessage.mailbox == key))}
        seen: set[tuple[int, str]] = set()
        for validity in {f.uidvalidity for f in batch}:
            seen.update(s.execute(select(InboundMessage.uidvalidity, InboundMessage.uid).where(
                InboundMessage.mailbox == key, InboundMessage.uidvalidity == validity,
                InboundMessage.uid.in_([str(f.uid) for f in batch if f.uidvalidity == validity]))).all())
        earlier = {m for m, mailbox in s.execute(
            select(InboundMessage.message_id, InboundMessage.mailbox)
            .where(InboundMessage.message_id.in_(ids))) if mailbox == key} if ids else set()
        cp = s.get(Checkpoint, key)
        fetched_before = (cp.uidvalidity, _uid(cp.last_uid)) if cp else (None, 0)
        stored, rows, confirmed = [], [], []
        for fetched, msg_id in zip(batch, msg_ids):
            out = own.get(msg_id)
            if out is not None and out["confirmed_at"] is None:
                # Our own copy: the send went. (A second copy is a loop, read as such.)
                out["confirmed_at"] = now
                if out["status"] in ("sending", "unconfirmed", "pending"):
                    out["status"], out["sent_at"] = "sent", out["sent_at"] or now
                confirmed.append(out)
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
            s.execute(update(OutboxMessage), [{k: out[k] for k in ("id", "status", "sent_at", "confirmed_at")}
                                              for out in confirmed])
        return stored

    # ------------------------------------------------------------------ 2-4. read, place, handle
    def process_pending(self, limit: int | None = None) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while limit is None or len(outcomes) < limit:
            want = PROCESS_BATCH if limit is None else min(PROCESS_BATCH, limit - len(outcomes))
            with self.sessions() as s:
                row_ids = s.scalars(select(InboundMessage.id).where(InboundMessage.status == "new")
                                    .order_by(InboundMessage.id).limit(want)).all()
            if not row_ids:
                break
            outcomes.extend(self.process_many(row_ids))
        return outcomes

    def process(self, row_id: int) -> Outcome:
        return self.process_many([row_id])[0]

    def process_many(self, row_ids: list[int]) -> list[Outcome]:
        """Read and handle inbound messages in order, each in a transaction of its own.
        The rows are loaded at once; each message is read (CPU only) before the writer
        lock is taken, so the lock — and SQLite's one write transaction — is held only
        while the case change is written, and the sender and the mailbox threads get
        their turn between messages."""
        outcomes = []
        # Officers' open cases, counted once for the batch and kept up to date as it
        # assigns them (counting them afresh for each new case costs a scan of every
        # open case of the team). A case closed meanwhile, or one whose transaction
        # failed, is counted right at the next batch.
        self._loads = {}
        with self.sessions() as s:
            rows = {row.id: row for row in s.scalars(
                select(InboundMessage).where(InboundMessage.id.in_(row_ids)))}
            s.expunge_all()     # each message starts from an empty session (see _process)
            for row_id in row_ids:
                if self.progress is not None:
                    self.progress.beat(row_id)
                outcome = self._process(s, row_id, rows.get(row_id))
                log.info("inbound=%s status=%s kind=%s case=%s%s", row_id, outcome.status,
                         outcome.kind, outcome.case_ref,
                         f" reason={outcome.reason}" if outcome.reason else "")
                self.listener("processed", {"inbound": row_id, **outcome.__dict__})
                self.outbox_ready.set()
                outcomes.append(outcome)
        self._loads = None
        if self.progress is not None:
            self.progress.beat(0)
        self.wakeup.set()
        return outcomes

    def _process(self, s: Session, row_id: int, row: InboundMessage | None) -> Outcome:
        """One message in one transaction. The row stays out of the session (it is written
        by write_inbound, with one UPDATE), and so does the counter (next_case_ref): the
        ORM's unit of work, the costliest part of a message, tracks only cases, outbox
        messages and reminders."""
        if row is None or row.status != "new":
            return Outcome("skipped")
        try:
            box = self.mailboxes.get(row.mailbox)
            team = box.team if box else next(iter(self.config.teams))
            ctx = _Context(self, s, row, box, team)
            ctx.read()
            with self.writing():
                outcome = ctx.handle()
                ctx.write_events()
                if not ctx.write_inbound():
                    s.rollback()
                    log.warning("inbound=%s was handled elsewhere meanwhile; skipped", row_id)
                    return Outcome("skipped")
                s.commit()
            return outcome
        except Exception as exc:  # a bug must never lose the message nor loop on it
            s.rollback()
            log.exception("processing failed inbound=%s", row_id)
            return self._quarantine_after_error(row_id, exc)
        finally:
            s.expunge_all()     # what the next message reads is read afresh

    def writing(self) -> WriterLock:
        """The writer lock: held around every write transaction, so that writers (threads,
        and the worker process) queue here rather than in SQLite's busy-wait."""
        return self._lock

    def before_fork(self) -> None:
        """Close idle database connections, so that a forked process inherits none."""
        self.sessions.kw["bind"].dispose()

    def after_fork(self) -> None:
        """In a forked worker process: database connections and a writer lock of its own.
        Connections inherited anyway (in use by another thread at the fork) are left
        alone, never used nor closed here (SQLite: never use a connection across fork)."""
        bind = self.sessions.kw["bind"]
        self._inherited_pool = bind.pool
        bind.dispose(close=False)
        self._lock.after_fork()
        self._send_pool = None      # its threads stayed in the parent

    def _quarantine_after_error(self, row_id: int, exc: Exception) -> Outcome:
        return self.quarantine_row(row_id, f"internal error: {type(exc).__name__}: {exc}")

    def quarantine_row(self, row_id: int, reason: str) -> Outcome:
        """Quarantine an inbound message not yet handled, and tell a person: one the bot
        cannot get through (an error, or the worker hung or died on it)."""
        with self.writing(), self.sessions() as s:
            row = s.get(InboundMessage, row_id)
            if row is None or row.status != "new":
                return Outcome("skipped")
            row.status, row.reason = "quarantined", reason[:500]
            s.add(QuarantineMove(inbound_id=row.id, mailbox=row.mailbox))
            box = self.mailboxes.get(row.mailbox)
            team = box.team if box else next(iter(self.config.teams))
            try:
                _Context(self, s, row, box, team).tell_about_quarantine(row.reason)
            except Exception:
                log.exception("could not tell anyone about quarantined inbound=%s", row_id)
            s.commit()
        return Outcome("quarantined", reason=row.reason)

    # ------------------------------------------------------------------ 5. send
    def dispatch(self) -> int:
        """Send every outbox message that is due; returns how many were sent."""
        now = self.clock.now()
        with self.sessions() as s:
            due = s.scalars(select(OutboxMessage.id).where(
                OutboxMessage.status.in_(DUE),
                (OutboxMessage.next_attempt_at.is_(None)) | (OutboxMessage.next_attempt_at <= now),
                # Sent before a crash, its copy not yet seen: not again until the mailbox
                # has been looked through since start (the copy may be waiting there).
                (OutboxMessage.status != "unconfirmed") | OutboxMessage.mailbox.in_(list(self._looked)))
                .order_by(OutboxMessage.id)).all()
        sent = 0
        for start in range(0, len(due), SEND_BATCH):
            sent += self._send_batch(due[start:start + SEND_BATCH])
        return sent

    def _send_batch(self, out_ids: list[int]) -> int:
        """Send some outbox messages in one session, a group at a time. A group is claimed —
        each message committed as 'sending' if it is still due and its own copy has not
        come back — before any of it goes; what became of it is recorded with the next
        group's claim (or at the end). So no database lock is held while mail goes, and a
        backlog costs one commit per group.

        A group is one message, so that a crash leaves at most one in doubt; or, where the
        mailbox confirms sends by our own copy, up to CLAIM_GROUP: after a crash each of
        those is sent again only if its copy does not come back (recover_interrupted_sends)."""
        results: list[_SendResult] = []      # sent (or not), not yet recorded
        sent = 0
        with self.sessions() as s:
            with self.writing():
                # Our own copy came back before a crash let us record the send: it went.
                s.execute(update(OutboxMessage).where(
                    OutboxMessage.id.in_(out_ids), OutboxMessage.status.in_(DUE),
                    OutboxMessage.confirmed_at.is_not(None)).values(status="sent"))
                s.commit()
            batch = s.execute(select(*_TO_SEND).where(OutboxMessage.id.in_(out_ids))
                              .order_by(OutboxMessage.id)).all()
            for group in self._claim_groups(batch):
                with self.writing():
                    self._record(s, results)
                    won = set(s.scalars(update(OutboxMessage).where(
                        OutboxMessage.id.in_([out.id for out in group]),
                        OutboxMessage.status.in_(DUE), OutboxMessage.confirmed_at.is_(None))
                        .values(status="sending", attempts=OutboxMessage.attempts + 1)
                        .returning(OutboxMessage.id)
                        .execution_options(synchronize_session=False)))
                    s.commit()
                claimed = [out for out in group if out.id in won]
                sent += self._announce_sent(results)
                results = self._send_all(claimed)
            with self.writing():
                self._record(s, results)
                s.commit()
        return sent + self._announce_sent(results)

    def _claim_groups(self, batch: list[Row]) -> Iterator[list[Row]]:
        """The batch in the groups _send_batch claims at once."""
        group: list[Row] = []
        for out in batch:
            box = self.mailboxes.get(out.mailbox)
            if box is None or not box.confirm_sends:
                if group:
                    yield group
                    group = []
                yield [out]
                continue
            group.append(out)
            if len(group) == CLAIM_GROUP:
                yield group
                group = []
        if group:
            yield group

    def _send_all(self, claimed: list[Row]) -> list[_SendResult]:
        """Send claimed messages, at once over the connections of a sender that has several
        (`lanes`): one thread per case, so one case's messages still go one after another,
        in the order they were queued."""
        lanes = max((getattr(box.sender, "lanes", 1) for box in
                     (self.mailboxes.get(out.mailbox) for out in claimed) if box), default=1)
        if lanes < 2 or len(claimed) < 2:
            return [self._send(out) for out in claimed]
        by_case: dict[Any, list[Row]] = {}
        for out in claimed:
            by_case.setdefault(out.case_id if out.case_id is not None else ("outbox", out.id),
                               []).append(out)
        if self._send_pool is None or self._send_pool_size < lanes:
            if self._send_pool is not None:
                self._send_pool.shutdown()
            self._send_pool = ThreadPoolExecutor(lanes, thread_name_prefix="send")
            self._send_pool_size = lanes
        done: dict[int, _SendResult] = {}
        for results in self._send_pool.map(lambda outs: [(o.id, self._send(o)) for o in outs],
                                           by_case.values()):
            done.update(results)
        return [done[out.id] for out in claimed]

    def _send(self, out: Row) -> _SendResult:
        """Hand one claimed message to its mailbox's sender."""
        box = self.mailboxes.get(out.mailbox)
        attempts = out.attempts + 1
        changed: dict[str, Any] = {}       # the message as sent, if not as composed
        note = None
        try:
            if box is None:
                raise PermanentFailure(f"mailbox {out.mailbox!r} is no longer configured")
            envelope = list(out.recipients)
            if box.confirm_sends and box.address not in envelope:
                envelope.append(box.address)
            already_sent = getattr(box.sender, "already_sent", None)
            if out.attempts and already_sent is not None and already_sent(out.raw):
                # An earlier attempt went after all (killed mid-send, or its answer lost).
                log.info("outbox=%s went on an earlier attempt; not sending it again", out.id)
            else:
                try:
                    box.sender.send(out.raw, out.sender, envelope)
                except MessageTooLarge as exc:
                    # A person must be told all the same: the notice goes again at once
                    # without the original it carried (and says so), if it carried one.
                    refusal = _one_line(exc)
                    smaller = notices.without_original(out.raw, refusal, self.config.templates_dir)
                    if smaller is None:
                        raise
                    log.warning("outbox=%s refused as too large; sending it without the attached "
                                "original: %s", out.id, refusal)
                    changed = {"raw": smaller}
                    note = f"{out.subject} went without the original attached: {refusal}"
                    box.sender.send(smaller, out.sender, envelope)
        except TemporaryFailure as exc:
            delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
            log.warning("send deferred outbox=%s attempt=%s retry_in=%ss: %s",
                        out.id, attempts, delay, _one_line(exc))
            return _SendResult(out, {"status": "pending", "last_error": str(exc)[:500],
                                     "next_attempt_at": self.clock.now() + timedelta(seconds=delay),
                                     **changed})
        except PermanentFailure as exc:
            log.error("send failed outbox=%s: %s", out.id, _one_line(exc))
            return _SendResult(out, {"status": "failed", "last_error": str(exc)[:500], **changed},
                               failure=_one_line(exc))
        return _SendResult(out, {"status": "sent", "sent_at": self.clock.now(), **changed}, note=note)

    def _record(self, s: Session, results: list[_SendResult]) -> None:
        """Write down what became of sent messages (uncommitted)."""
        if results:     # one executemany, whatever the batch size
            s.execute(update(OutboxMessage), [{"id": r.out.id, **r.values} for r in results],
                      execution_options={"synchronize_session": False})
        for result in results:
            out = result.out
            if result.failure and out.case_id:
                s.add(CaseEvent(case_id=out.case_id, at=self.clock.now(), kind="send_failed",
                                text=f"could not send {out.message_id}: {result.failure}"))
            if result.note and out.case_id:
                s.add(CaseEvent(case_id=out.case_id, at=self.clock.now(), kind="sent_smaller",
                                text=result.note))

    def _announce_sent(self, results: list[_SendResult]) -> int:
        """Log and tell the listener about messages whose 'sent' is committed."""
        went = [r.out for r in results if r.values["status"] == "sent"]
        for out in went:
            log.info("sent outbox=%s message_id=%s template=%s recipients=%d",
                     out.id, out.message_id, out.template, len(out.recipients))
            self.listener("sent", {"message_id": out.message_id, "to": list(out.recipients),
                                   "subject": out.subject, "template": out.template})
        return len(went)

    def recover_interrupted_sends(self) -> int:
        """At start: a message left 'sending' by a killed process may or may not have gone.
        Where the mailbox confirms sends, wait a grace period for our own copy to come back
        before sending again; other backends are idempotent by Message-ID (maildir) or are
        asked whether it went already (ews: its Message-ID in Sent Items, see _send)."""
        now = self.clock.now()
        with self.writing(), self.sessions() as s:
            rows = s.scalars(select(OutboxMessage).where(OutboxMessage.status == "sending")).all()
            for out in rows:
                box = self.mailboxes.get(out.mailbox)
                if box is not None and box.confirm_sends:
                    out.status, out.next_attempt_at = "unconfirmed", now + box.confirm_grace
                else:
                    out.status = "pending"
            s.commit()
        return len(rows)

    # ------------------------------------------------------------------ 6. reminders
    def fire_due_reminders(self) -> int:
        fired = 0
        while True:
            with self.writing(), self.sessions() as s:
                reminder = s.scalar(select(Reminder).where(
                    Reminder.status == "pending", Reminder.due_at <= self.clock.now())
                    .order_by(Reminder.due_at, Reminder.id).limit(1))
                if reminder is None:
                    return fired
                case = s.get(Case, reminder.case_id)
                reminder.status, reminder.fired_at = "fired", self.clock.now()
                box = self._mailbox_for_team(case.team)
                ctx = _Context(self, s, None, box, case.team)
                ctx.fire(case, reminder)
                ctx.write_events()
                s.commit()
                self.outbox_ready.set()
                fired += 1
                log.info("reminder fired id=%s key=%s case=%s", reminder.id, reminder.key, case.ref)
                self.listener("reminder", {"case_ref": case.ref, "key": reminder.key,
                                           "due_at": reminder.due_at})

    def pending_reminders(self) -> list[tuple[int, datetime]]:
        with self.sessions() as s:
            return list(s.execute(select(Reminder.id, Reminder.due_at)
                                  .where(Reminder.status == "pending")).all())

    # ------------------------------------------------------------------ driving it
    def run_once(self) -> int:
        """One pass over everything: fetch, process, fire reminders, send. Returns work done."""
        work = 0
        for key in list(self.mailboxes):
            try:
                work += self.poll(key)
            except MailboxError as exc:      # one mailbox failing never stops the others
                log.warning("mailbox %s unavailable: %s", key, _one_line(exc))
        work += len(self.process_pending())
        work += self.fire_due_reminders()
        work += self.dispatch()
        return work

    def run_until_idle(self, max_rounds: int = 100) -> None:
        for _ in range(max_rounds):
            if not self.run_once():
                return

    def _mailbox_for_team(self, team: str) -> MailboxRuntime | None:
        return next((b for b in self.mailboxes.values() if b.team == team), None)

    def close(self) -> None:
        if self._send_pool is not None:
            self._send_pool.shutdown()
            self._send_pool = None
        self.close_mailboxes()
        self.sessions.kw["bind"].dispose()

    def close_mailboxes(self) -> None:
        for box in self.mailboxes.values():
            for part in (box.inbox, box.sender):
                try:
                    part.close()
                except Exception:
                    pass


class _Context:
    """Everything done for one inbound message or one reminder, inside one session."""

    def __init__(self, engine: Engine, session: Session, row: InboundMessage | None,
                 box: MailboxRuntime | None, team: str):
        self.e, self.s, self.row, self.box, self.team = engine, session, row, box, team
        self.config = engine.config
        self.now = engine.clock.now()
        self.sent: list[str] = []
        self.reading: Reading | None = None
        self.from_other_mailbox = False
        self.not_an_email = ""
        self.events: list[tuple[Case, dict]] = []     # noted, not yet written
        self.case: Case | None = None      # the case the inbound message is filed under

    # --- inbound ----------------------------------------------------------------------------
    def read(self) -> None:
        """Read the message (CPU only: no database, no lock)."""
        sender = (_header(self.row.raw, b"from") or "").lower()
        self.from_other_mailbox = any(addr in sender for addr in self.config.mailbox_addresses()
                                      if not self.box or addr != self.box.address)
        try:
            self.reading = read_message(self.row.raw, self.e.vocabulary,
                                        honour_auto_headers=not self.from_other_mailbox)
        except NotAnEmail as exc:
            self.not_an_email = f"not an email: {exc}"

    def handle(self) -> Outcome:
        """What the message means for its case, written in the session (uncommitted)."""
        row, reading, from_other_mailbox = self.row, self.reading, self.from_other_mailbox
        if reading is None:
            return self.quarantine(self.not_an_email)
        try:
            return self._handle(row, reading, from_other_mailbox)
        finally:   # set last: the row is written once, with what became of it (as an answer,
            # if it was read as one)
            row.kind, row.record = self.reading.kind, self.reading.contract()

    def _handle(self, row: InboundMessage, reading: Reading, from_other_mailbox: bool) -> Outcome:

        if self.box and reading.sender == self.box.address:
            return self.quarantine("loop: the message came from this mailbox itself")
        if reading.message_id and self.s.connection().scalar(_SENT_FROM, {
                "message_id": reading.message_id, "mailbox": self.box.key if self.box else ""}):
            return self.quarantine("loop: a message this mailbox sent came back to it")
        if reading.kind == "read_receipt":
            return self.record_receipt(reading)
        if reading.kind == "bounce":
            return self.record_bounce(reading)
        if not reading.sender:
            return self.quarantine("no From address")
        if not self.config.knows(reading.sender):
            return self.quarantine("sender not on the allow-list")
        if reading.kind == "auto_reply" or (reading.automatic and not from_other_mailbox):
            return self.record_automatic(reading)

        case, how = find_case(self.s, reading, self.team, self.box.prefix if self.box else "")
        flagged = [f for f in SAFETY_FLAGS if f in reading.flags]
        if case is not None and case.state == CLOSED and how in ("sr_number", "scin") \
                and self.workflow_opening(reading) is not None:
            case = None      # a new request about the same SR: new work, a new case
        if case is None and not self.replies_to_the_bot(reading):   # a reply never opens a case
            workflow = self.workflow_opening(reading)
            if workflow is not None:
                case = self.open_case(workflow, reading)
                how = "opened"
        if flagged:
            self.escalate(case, reading, flagged)
        if case is None and self.replies_to_the_bot(reading):
            return self.triage(reading, "it replies to one of the bot's emails, but not on a case "
                                        "of this mailbox's team; a reply never opens a new case")
        if case is None:
            return self.triage(reading, "no case matches and this kind opens none" if reading.kind != "unknown"
                               else "the bot could not tell what this message is")
        self.case = case
        self.event(case, "received", f"{reading.kind} from {reading.sender} ({how}): {reading.subject}",
                   {"inbound_id": row.id, "message_id": reading.message_id})
        self.reply_proves_receipt(case, reading)
        if case.state == CLOSED and how != "opened":
            self.ask_officer(case, reading, "this message is about a closed case")
            row.status = "processed"
            return Outcome("processed", reading.kind, case.ref, "closed case", self.sent)
        if how == "opened":
            self.run_step(case, reading)
        else:
            self.answer_or_step(case, reading, from_other_mailbox)
        row.status = "processed"
        return Outcome("processed", self.reading.kind, case.ref, None, self.sent)

    def replies_to_the_bot(self, reading: Reading) -> bool:
        thread = [m for m in [reading.in_reply_to, *reading.references] if m]
        return bool(thread) and self.s.scalar(
            select(OutboxMessage.id).where(OutboxMessage.message_id.in_(thread)).limit(1)) is not None

    # --- a message on an open case: the answer to a question, or a step of its own --------------
    def answer_or_step(self, case: Case, reading: Reading, from_other_mailbox: bool) -> None:
        """Match the message to the case's open waits first and read it as the answer to
        that question; a message that answers none runs the step for its own kind, if the
        state has one, else goes to a person with the question quoted."""
        workflow = self.e.workflows.get(case.workflow)
        candidates, how = W.match(W.open_waits(self.s, case), reading)
        # A message of a kind with a step of its own in this state (a CPO's request for the
        # second PV check while the case waits for the outcome) runs that step unless it
        # replies to the question or comes from the person asked; a referral form on an open
        # case never opens anything (the consultant's completed CMSF5579).
        own_step = workflow is not None and reading.kind not in ("unknown", "f2f_referral") \
            and workflow.step_for(reading.kind, case.state) is not None
        if own_step and how in ("kind", "open", "") and reading.kind not in W.expected(candidates):
            self.run_step(case, reading)
            return
        if not candidates or workflow is None:
            self.not_an_answer(case, None, reading)
            return
        # a reply in the question's own thread answers it; from elsewhere it may be a message
        # of its own kind (the CPO moving the hearing while the outcome is awaited)
        others = () if how == "thread" else \
            tuple(k for k in workflow.step_kinds(case.state) if k not in W.expected(candidates))
        answer = read_message(self.row.raw, self.e.vocabulary, honour_auto_headers=not from_other_mailbox,
                              expect=W.expected(candidates), others=others, again=reading)
        wait = next((w for w in candidates if answer.kind in (w.expects or [])), None)
        self.reading = answer
        if wait is None and answer.kind in others:
            self.run_step(case, answer)            # a message of its own kind, not an answer
            return
        if wait is None:
            self.not_an_answer(case, candidates[0], answer)
            return
        self.event(case, "answer", f"read as the answer to {wait.name} (matched by {how}): "
                                   f"{answer.kind}", {"wait": wait.name})
        has_pdf = any((a.filename or "").lower().endswith(".pdf") for a in answer.attachments)
        fields = answers.merge(answer.kind, (wait.partial or {}).get(answer.kind, {}), answer.fields)
        lacking = answers.missing(answer.kind, fields, has_pdf)
        if lacking:
            wait.partial = {**(wait.partial or {}), answer.kind: {k: iso(v) for k, v in fields.items()}}
            self.ask_back(case, wait, answer, fields, lacking)
            return
        answer.fields = {**answer.fields, **{k: v for k, v in fields.items() if k in answer.fields}}
        wait.status, wait.closed_at = "answered", self.now
        self.run_step(case, answer)

    def ask_back(self, case: Case, wait: Wait, answer: Reading, fields: dict, lacking: list[str]) -> None:
        """Ask the sender for exactly what the answer lacks; the wait stays open."""
        view, _ = self.view_and_act(case)
        understood = [(k.replace("_", " "), _shown(v)) for k, v in fields.items()
                      if v not in (None, "", []) and k not in ("sr_number", "scin")
                      and not k.endswith("_time")]
        self.event(case, "ask_back", f"asked {answer.sender} for {', '.join(lacking)}",
                   {"wait": wait.name})
        out = self.queue(case, view, A.Send("ask_back", [answer.sender], reply=True,
                                            values={"understood": understood,
                                                    "lacking": [answers.ASK_WORDS.get(m, m.replace("_", " "))
                                                                for m in lacking]}),
                         {}, answer)
        if out is not None:
            wait.message_ids = [*(wait.message_ids or []), out.message_id]

    def not_an_answer(self, case: Case, wait: Wait | None, reading: Reading) -> None:
        """A message that answers no question: to the person who was asked (the case officer
        when they wrote it, or nobody was asked), the question quoted."""
        if wait is None:
            open_ = W.open_waits(self.s, case)
            wait = open_[-1] if len(open_) == 1 else None
        if wait is None:
            step_kind = reading.kind.replace("_", " ")
            self.ask_officer(case, reading, f"a {step_kind} was not expected while the case is "
                                            f"{case.state.replace('_', ' ')}")
            return
        asked = [a for a in (wait.asked or []) if a != (reading.sender or "").lower()]
        to = asked if asked and wait.asked_role not in ("vsat_mailbox", "ssst_mailbox") else ["officer"]
        view, _ = self.view_and_act(case)
        if to == ["officer"] and reading.sender in self.resolve("officer", view):
            to = ["team_leader"] if self.resolve("team_leader", view) else to
        self.event(case, "question", f"a reply from {reading.sender} answers no question: sent to "
                                     f"{', '.join(to)} with the question ({wait.name})")
        said = [line for line in (reading.new_text or "").strip().splitlines()][:30]
        self.queue(case, view, A.Send("not_an_answer", to, attach_message=True,
                                      values={"question": wait.question, "asked": wait.asked,
                                              "wait_opened": f"{wait.opened_at:%a %-d %b %H:%M}",
                                              "said": said}), {}, reading)

    def workflow_opening(self, reading: Reading) -> Workflow | None:
        for workflow in self.e.workflows.values():
            if workflow.team in (self.team, "*") and workflow.opens(reading):
                return workflow
        return None

    def open_case(self, workflow: Workflow, reading: Reading) -> Case:
        f = reading.fields or {}
        ref = next_case_ref(self.s, self.box.prefix if self.box else self.team.upper())
        officer = self.assign_officer()
        data = {"officer_email": officer} if officer else {}
        case = Case(ref=ref, team=self.team, workflow=workflow.name, state=workflow.initial,
                    sr_number=f.get("sr_number"), scin=f.get("scin"),
                    data={**data, "requester_email": reading.sender},
                    opened_at=self.now, updated_at=self.now)
        self.s.add(case)   # written at the next flush, with what names it
        self.event(case, "opened", f"case opened by {workflow.name} from {reading.kind}")
        return case

    def assign_officer(self) -> str | None:
        """The team's officer with the fewest open cases (work spread evenly)."""
        people = self.config.people_with_role(f"{self.team}_officer", self.team) \
            or self.config.people_with_role(f"{self.team}_officer")
        if not people:
            return None
        loads = self.e._loads if self.e._loads is not None else {}   # see process_many
        if self.team not in loads:
            loads[self.team] = self.officer_load()
        load = loads[self.team]
        officer = min(people, key=lambda p: (load.get(p.email, 0), p.email)).email
        load[officer] = load.get(officer, 0) + 1
        return officer

    def officer_load(self) -> dict[str, int]:
        """Open cases per officer of the team, as the store has them now."""
        query = open_cases_by_officer(self.s.bind.dialect.name, self.team)
        if query is not None:
            load = dict(self.s.execute(query).all())
        else:   # a database without JSON operators: count in Python
            load = {}
            for data in self.s.scalars(select(Case.data).where(Case.team == self.team,
                                                                Case.closed_at.is_(None))):
                officer = (data or {}).get("officer_email")
                load[officer] = load.get(officer, 0) + 1
        return load

    def run_step(self, case: Case, reading: Reading) -> None:
        workflow = self.e.workflows.get(case.workflow)
        step = workflow.step_for(reading.kind, case.state) if workflow else None
        if step is None:
            self.ask_officer(case, reading, f"a {reading.kind} was not expected while the case is "
                                            f"{case.state.replace('_', ' ')}")
            return
        view, act = self.view_and_act(case)
        next_state = step.fn(view, reading, act)
        self.apply(case, view, act, next_state, reading)

    def fire(self, case: Case, reminder: Reminder) -> None:
        view, act = self.view_and_act(case)
        name = reminder.key.split(":")[0]
        if name == "follow_up_call":
            self.follow_up_call(case, reminder)
            return
        workflow = self.e.workflows.get(case.workflow)
        timer = workflow.timers.get(name) if workflow else None
        if timer is None:
            self.event(case, "reminder", f"reminder {reminder.key} fell due but "
                                         f"{case.workflow} has no timer {name!r}")
            return
        self.event(case, "reminder", f"reminder {reminder.key} fell due")
        next_state = timer(view, {k: decode(v) for k, v in (reminder.data or {}).items()}, act)
        self.apply(case, view, act, next_state, None)

    def view_and_act(self, case: Case) -> tuple[CaseView, A.Actions]:
        def history():
            written = [(e.at, e.kind, e.text) for e in case.events] if case.id else []
            return written + [(v["at"], v["kind"], v["text"]) for v in self.pending_events(case)]
        view = CaseView(case.ref, case.team, case.workflow, case.state, case.data or {},
                        case.opened_at, history)
        nation = (case.data or {}).get("nation") or self.config.default_nation
        act = A.Actions(now=self.now, nation=nation, config=self.config, case_ref=case.ref,
                        resolve_role=lambda role: self.resolve(role, view),
                        open_cases_of=lambda address: self.open_cases_of(address, case.team))
        return view, act

    def open_cases_of(self, address: str, team: str) -> int:
        """Open cases of `team` whose fields name `address` (a consultant's current load)."""
        self.s.flush()
        needle = f'"{address.lower()}"'
        rows = self.s.scalars(select(Case.data).where(Case.team == team, Case.closed_at.is_(None)))
        return sum(1 for data in rows if needle in json.dumps(data or {}).lower())

    # --- carrying out what a step recorded -----------------------------------------------------
    def apply(self, case: Case, view: CaseView, act: A.Actions, next_state: str | None,
              reading: Reading | None) -> None:
        case.data = dict(view.data)
        case.sr_number = view.data.get("sr_number") or case.sr_number
        case.scin = view.data.get("scin") or case.scin
        documents: dict[str, Path] = {}
        folder = self.case_folder(case)
        for action in act.recorded:
            if isinstance(action, A.Note):
                self.event(case, action.kind, action.text, action.data)
            elif isinstance(action, A.MakeFolder):
                path = self.files_path(action.folder)
                path.mkdir(parents=True, exist_ok=True)
                self.event(case, "folder", f"folder {action.folder} created")
            elif isinstance(action, A.Document):
                target = (self.files_path(action.folder) if action.folder else folder)
                target.mkdir(parents=True, exist_ok=True)
                values = {**self.template_values(case, view), **action.values}
                pdf = render_pdf(action.template, values, self.config.templates_dir,
                                 title=action.name)
                path = target / action.name
                path.write_bytes(pdf)
                documents[action.name] = path
                self.event(case, "document", f"{action.name} made from {action.template}",
                           {"path": str(path)})
            elif isinstance(action, A.SaveAttachment):
                target = (self.files_path(action.folder) if action.folder else folder)
                target.mkdir(parents=True, exist_ok=True)
                path = target / Path(action.filename).name
                path.write_bytes(action.payload)
                documents[path.name] = path
                self.event(case, "document", f"{path.name} filed", {"path": str(path)})
            elif isinstance(action, A.Bundle):
                target = (self.files_path(action.folder) if action.folder else folder)
                target.mkdir(parents=True, exist_ok=True)
                members = [documents.get(m) or self.find_document(case, m) for m in action.members]
                missing = [m for m, p in zip(action.members, members) if p is None]
                if missing:
                    raise ValueError(f"{case.ref}: bundle {action.name} names documents not made: {missing}")
                path = target / action.name
                write_zip(path, members)
                documents[action.name] = path
                self.event(case, "bundle", f"{action.name} holds {', '.join(action.members)}",
                           {"path": str(path)})
            elif isinstance(action, A.Send):
                self.queue(case, view, action, documents, reading)
            elif isinstance(action, A.WaitFor):
                spec = self.e.workflows[case.workflow].wait(action.wait)
                self.s.flush()
                W.open_wait(self.s, case, spec, None, self.resolve(spec.ask, view), self.now)
                self.event(case, "waiting", f"waiting on {spec.name}: {spec.question}",
                           {"wait": spec.name})
            elif isinstance(action, A.Remind):
                self.remind(case, action.key, action.at, action.values)
            elif isinstance(action, A.Cancel):
                self.cancel_reminders(case, action.key_prefix)
            elif isinstance(action, A.DeleteClericalFiles):
                target = self.files_path(action.folder) if action.folder else folder
                if target.exists():
                    shutil.rmtree(target)
                self.event(case, "files_deleted", "clerical files deleted"
                           + (f" ({action.folder})" if action.folder else ""))
            elif isinstance(action, A.Close):
                case.state, case.closed_at, case.resolution = CLOSED, self.now, action.resolution
                W.close(W.open_waits(self.s, case), "cancelled", self.now)
                # Every timer stops, follow-up calls about earlier emails included (the
                # case is settled); a step that closes and then sends keeps that one's call.
                self.cancel_reminders(case, "")
                self.event(case, "closed", f"case closed: {action.resolution}")
        if next_state and case.state != CLOSED and next_state != case.state:
            workflow = self.e.workflows.get(case.workflow)
            if workflow is not None:
                workflow.check_state(next_state)
            self.event(case, "state", f"{case.state} → {next_state}")
            case.state = next_state
            if workflow is not None and workflow.states:
                # a question of the state left behind is no longer asked
                kept = set(workflow.waits_in(next_state))
                gone = W.close([w for w in W.open_waits(self.s, case) if w.name not in kept],
                               "cancelled", self.now)
                if gone:
                    self.event(case, "waits", f"no longer waiting on {', '.join(gone)}")
        case.updated_at = self.now

    def queue(self, case: Case | None, view: CaseView | None, send: A.Send,
              documents: dict[str, Path], reading: Reading | None) -> OutboxMessage | None:
        box = self.box
        if send.via_mailbox:
            box = self.e.mailboxes.get(send.via_mailbox) or self.e._mailbox_for_team(send.via_mailbox)
        if box is None:
            raise ValueError(f"no mailbox to send {send.template} from")
        to = self.addresses(send.to, view)
        cc = [a for a in self.addresses(send.cc, view) if a not in to]
        unknown = [a for a in to + cc if not self.config.knows(a)]
        if unknown or not to:
            why = (f"{', '.join(unknown)} not known to the config" if unknown
                   else f"nobody holds the role {send.to}")
            if case is not None:
                self.event(case, "refused", f"did not send {send.template}: {why}")
            log.error("refused to send template=%s case=%s: %d unknown recipient(s)",
                      send.template, case.ref if case else None, len(unknown))
            to = [a for a in to if a not in unknown]
            cc = [a for a in cc if a not in unknown]
            if not to:
                return None
        values = {**(self.template_values(case, view) if case else self.base_values()),
                  **send.values}
        if reading is not None:
            values.setdefault("message", reading)
        subject, body = render_email(send.template, values, self.config.templates_dir)
        ref = case.ref if case else None
        if ref and f"[{ref}]" not in subject:
            subject = f"[{ref}] {subject}"
        msg_id = message_id(ref, self.now, self.config.message_id_domain)
        in_reply_to = reading.message_id if (send.reply and reading is not None) else None
        attachments = [documents.get(n) or self.find_document(case, n) for n in send.attach]
        attachments = [p for p in attachments if p is not None]
        raw = compose(sender=box.address, sender_name=f"{self.config.bot_name} ({box.team.upper()})",
                      to=to, cc=cc, subject=subject, body=body, msg_id=msg_id, now=self.now,
                      in_reply_to=in_reply_to,
                      references=reading.references if (send.reply and reading) else [],
                      importance=send.importance, attachments=attachments,
                      attached_message=self.row.raw if (send.attach_message and self.row) else None)
        out = OutboxMessage(case=case, mailbox=box.key, message_id=msg_id,
                            sender=box.address, recipients=to + cc, subject=subject,
                            template=send.template, raw=raw, created_at=self.now, status="pending")
        self.s.add(out)
        self.sent.append(f"{send.template} → {', '.join(to + cc)}")
        for name in ((send.wait,) if isinstance(send.wait, str) else send.wait or ()):
            if case is None:
                break
            spec = self.e.workflows[case.workflow].wait(name)
            self.s.flush()
            wait = W.open_wait(self.s, case, spec, msg_id, to, self.now)
            if send.proposed:
                wait.partial = {**(wait.partial or {}), spec.expects[0]: dict(send.proposed)}
            self.event(case, "waiting", f"waiting on {spec.name}: {spec.question} "
                                        f"(asked {', '.join(to)})", {"wait": spec.name})
        if case is not None:
            self.event(case, "queued", f"{send.template} to {', '.join(to + cc)}: {subject}",
                       {"message_id": msg_id})
            if send.follow_up and case.state == CLOSED:
                # closing a case stops every timer of it, the calls about its last emails too
                self.event(case, "reminder", f"no follow-up call for {send.template}: the case is closed")
            elif send.follow_up:
                self.s.flush()      # the reminder's key names the outbox row
                nation = (view.data.get("nation") if view else None) or self.config.default_nation
                self.remind(case, f"follow_up_call:{out.id}",
                            workdays.add_working_hours(self.now, self.config.reminders.follow_up_call_hours,
                                                       nation, *self.config.reminders.call_hours()),
                            {"role": send.follow_up, "message_id": msg_id, "subject": subject,
                             "recipients": to})
        return out

    def addresses(self, roles: list[str], view: CaseView | None) -> list[str]:
        out: list[str] = []
        for role in roles:
            for addr in self.resolve(role, view):
                if addr not in out:
                    out.append(addr)
        return out

    def resolve(self, role: str, view: CaseView | None) -> list[str]:
        """A role name (or an address) → the addresses it means for this case."""
        if "@" in role:
            return [role.lower()]
        if role.endswith("_mailbox"):
            box = self.e._mailbox_for_team(role.removesuffix("_mailbox"))
            return [box.address] if box else []
        if view is not None:
            value = view.get(f"{role}_email")
            if value:
                return [value] if isinstance(value, str) else list(value)
        team = self.config.teams.get(view.team if view else self.team)
        if team is not None and getattr(team, role, None):
            return [getattr(team, role)]
        people = self.config.people_with_role(role, view.team if view else self.team) \
            or self.config.people_with_role(role)
        return [p.email for p in people[:1]]

    def remind(self, case: Case, key: str, at: datetime, values: dict) -> None:
        self.cancel_reminders(case, key, exact=True)
        self.s.add(Reminder(case_id=case.id, key=key, due_at=at, data=_jsonable(values),
                            status="pending", created_at=self.now))
        self.event(case, "scheduled", f"{key} at {at.isoformat()}")

    def cancel_reminders(self, case: Case, prefix: str, exact: bool = False) -> None:
        self.s.flush()
        pending = self.s.scalars(select(Reminder).where(Reminder.case_id == case.id,
                                                        Reminder.status == "pending")).all()
        for r in pending:
            if (r.key == prefix) if exact else r.key.startswith(prefix):
                r.status = "cancelled"
                if not exact:
                    self.event(case, "cancelled", f"reminder {r.key} cancelled")

    def reply_proves_receipt(self, case: Case, reading: Reading) -> None:
        """A reply from a recipient shows they have the email: no call is needed for it."""
        thread = [m for m in [reading.in_reply_to, *reading.references] if m]
        if not thread:
            return
        answered = self.s.scalars(select(OutboxMessage).where(
            OutboxMessage.message_id.in_(thread), OutboxMessage.case_id == case.id)).all()
        for out in answered:
            if reading.sender not in out.recipients:
                continue
            self.s.flush()
            for r in self.s.scalars(select(Reminder).where(
                    Reminder.case_id == case.id, Reminder.status == "pending",
                    Reminder.key == f"follow_up_call:{out.id}")):
                r.status = "cancelled"
                self.event(case, "cancelled", f"follow-up call for {out.subject} not needed: "
                                              f"{reading.sender} replied")

    def follow_up_call(self, case: Case, reminder: Reminder) -> None:
        data = reminder.data
        out = self.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == data["message_id"]))
        view, _ = self.view_and_act(case)
        receipt = (f"A read receipt came back on {out.read_at:%a %d %b %H:%M}." if out and out.read_at
                   else "No read receipt has come back yet.")
        if out and out.bounced_at:
            receipt = "The message BOUNCED: it was not delivered."
        self.event(case, "reminder", f"follow-up call reminder for {data['subject']}")
        self.queue(case, view, A.Send("follow_up_call", [data["role"]],
                                      values={"original_subject": data["subject"],
                                              "original_recipients": data["recipients"],
                                              "receipt": receipt}),
                   {}, None)

    # --- receipts, bounces, auto-replies -----------------------------------------------------
    def record_receipt(self, reading: Reading) -> Outcome:
        original = (reading.fields or {}).get("original_message_id")
        out = self.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == original)) \
            if original else None
        self.row.status = "processed"
        if out is None:
            self.row.reason = "read receipt for a message the bot did not send"
            return Outcome("processed", "read_receipt", None, self.row.reason)
        disposition = reading.fields.get("disposition")
        if disposition in ("displayed", None) and out.read_at is None:
            out.read_at = self.now
        if out.case_id:
            case = self.s.get(Case, out.case_id)
            self.case = case
            self.event(case, "read_receipt", f"read receipt ({disposition}) from {reading.sender} "
                                             f"for {out.subject}", {"message_id": out.message_id})
            return Outcome("processed", "read_receipt", case.ref, None)
        return Outcome("processed", "read_receipt")

    def record_bounce(self, reading: Reading) -> Outcome:
        original = (reading.fields or {}).get("original_message_id")
        out = self.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == original)) \
            if original else None
        if out is None:
            ids = [reading.in_reply_to, *reading.references]
            out = self.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id.in_([i for i in ids if i])))
        self.row.status = "processed"
        if out is None or out.case_id is None:
            self.row.reason = "bounce for a message the bot did not send"
            return Outcome("processed", "bounce", None, self.row.reason)
        case = self.s.get(Case, out.case_id)
        self.case = case
        if not reading.fields.get("failed_recipients") and not reading.needs_human:
            # A delivery receipt or a delay notice: the report names nobody because
            # nobody failed. Kept in the history; not a failure, nobody is told.
            self.event(case, "delivery_report", f"delivery report for {out.subject}: nothing failed",
                       {"message_id": out.message_id})
            return Outcome("processed", "bounce", case.ref, "delivery report, nothing failed")
        out.bounced_at = self.now
        failed = ", ".join(reading.fields.get("failed_recipients") or []) or "a recipient"
        self.event(case, "bounce", f"{out.subject} was not delivered to {failed}",
                   {"message_id": out.message_id})
        self.tell_about_absence(case, reading.fields.get("failed_recipients") or [], "delivery_failed",
                                {"original_subject": out.subject, "failed": failed})
        return Outcome("processed", "bounce", case.ref, None, self.sent)

    def record_automatic(self, reading: Reading) -> Outcome:
        case, _ = find_case(self.s, reading, self.team, self.box.prefix if self.box else "")
        self.row.status = "ignored"
        self.row.reason = "automatic reply: recorded, never answered"
        if case is not None:
            self.case = case
            until = (reading.fields or {}).get("until")
            self.event(case, "auto_reply", f"automatic reply from {reading.sender}"
                                           + (f" (away until {until})" if until else ""))
            self.tell_about_absence(case, [reading.sender], "auto_reply_noted",
                                    {"away": reading.sender, "until": until})
        return Outcome("ignored", reading.kind, case.ref if case else None, self.row.reason, self.sent)

    def tell_about_absence(self, case: Case, absent: list[str], template: str, values: dict) -> None:
        """A bounce or an automatic reply: the case's other responsible person is told (the
        officer; the team leader, else triage, when the officer is the one away), never the
        person who is away, and at most once a day per case."""
        since = self.now - timedelta(days=1)
        told = self.s.scalar(select(CaseEvent.id).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "absence_told", CaseEvent.at > since).limit(1))
        if told is not None or any(e["kind"] == "absence_told" for e in self.pending_events(case)):
            self.event(case, "absence", f"{', '.join(absent)} away or unreachable: already told today")
            return
        view, _ = self.view_and_act(case)
        away = {a.lower() for a in absent}
        team = self.config.teams.get(case.team)
        choices = [["officer"], [team.team_leader] if team else [], [team.triage] if team else []]
        to = next((c for c in choices if c and not set(self.addresses(c, view)) & away), None)
        if to is None:
            self.event(case, "absence", f"{', '.join(absent)} away or unreachable: nobody else to tell")
            return
        self.queue(case, view, A.Send(template, to, values=values), {}, None)
        self.event(case, "absence_told", f"{', '.join(self.addresses(to, view))} told that "
                                         f"{', '.join(absent)} is away or unreachable")

    # --- people who must look ------------------------------------------------------------------
    def quarantine(self, reason: str) -> Outcome:
        self.row.status, self.row.reason = "quarantined", reason
        # settled as processed when stored: the mailbox's own thread moves it (Engine.poll)
        self.s.add(QuarantineMove(inbound_id=self.row.id, mailbox=self.row.mailbox))
        self.tell_about_quarantine(reason)
        return Outcome("quarantined", self.reading.kind if self.reading else None, None,
                       reason, self.sent)

    def tell_about_quarantine(self, reason: str) -> None:
        """The reviewer is told who sent it, when, about what and why it is kept, and where
        it is kept (the original attached up to notices.attach_original_max_mb)."""
        team = self.config.teams[self.team]
        reviewer = team.quarantine_reviewer or team.triage
        row = self.row
        o = notices.about(row.raw)
        k = notices.kept(self.config, row.mailbox, row.id, row.raw, quarantined=True)
        self.queue(None, None, A.Send("quarantined", [reviewer], attach_message=k["attached"], values={
            "reason": reason, "mailbox": row.mailbox, "inbound_id": row.id,
            "sender": o["sender"], "subject": o["subject"], "date": o["date"],
            "date_header": o["date_header"], "problems": o["problems"], "size": k["size"],
            "cap": k["cap"], "attached": k["attached"], "refused": None, "folder": k["folder"],
            "kept_in": k["kept_in"], "purged": k["purged"]}), {}, None)

    def triage(self, reading: Reading, why: str) -> Outcome:
        team = self.config.teams[self.team]
        row = self.row
        o = notices.about(row.raw)
        k = notices.kept(self.config, row.mailbox, row.id, row.raw, quarantined=False)
        self.queue(None, None, A.Send("triage", [team.triage], attach_message=k["attached"], values={
            "why": why, "reading": reading, "inbound_id": row.id,
            "sender": o["sender"], "subject": o["subject"], "date": o["date"],
            "date_header": o["date_header"], "problems": o["problems"], "size": k["size"],
            "cap": k["cap"], "attached": k["attached"], "refused": None, "folder": k["folder"],
            "kept_in": k["kept_in"], "purged": k["purged"]}), {}, reading)
        self.row.status, self.row.reason = "processed", f"triage: {why}"
        return Outcome("triage", reading.kind, None, why, self.sent)

    def ask_officer(self, case: Case, reading: Reading, why: str) -> None:
        view, _ = self.view_and_act(case)
        self.event(case, "question", f"sent to the officer: {why}")
        self.queue(case, view, A.Send("cannot_place", ["officer"], attach_message=True,
                                      values={"why": why, "reading": reading}), {}, reading)

    def escalate(self, case: Case | None, reading: Reading, flags: list[str]) -> None:
        team = self.config.teams[self.team]
        to = [team.nominated_officer]
        cc = [team.team_leader] if team.team_leader != team.nominated_officer else []
        view = self.view_and_act(case)[0] if case else None
        self.queue(case, view, A.Send("safety_escalation", to, cc=cc, attach_message=True,
                                      importance="high",
                                      values={"flags": flags, "reading": reading,
                                              "inbound_id": self.row.id}), {}, reading)
        if case is not None:
            self.event(case, "escalated", f"{', '.join(flags)} escalated to the nominated officer")

    # --- helpers ---------------------------------------------------------------------------------
    def event(self, case: Case, kind: str, text: str, data: dict | None = None) -> None:
        """Note an event in the case's audit trail (written by write_events, all at once)."""
        self.events.append((case, {"at": self.now, "kind": kind, "text": text,
                                   "data": _jsonable(data) if data else None}))

    def pending_events(self, case: Case) -> list[dict]:
        return [values for c, values in self.events if c is case]

    def write_events(self) -> None:
        """Write the session's changes, then the events noted so far: one INSERT for them
        all, now that their cases have ids."""
        self.s.flush()
        if not self.events:
            return
        self.s.connection().execute(insert(CaseEvent.__table__),
                                    [{"case_id": case.id, **values} for case, values in self.events])
        for case in {id(c): c for c, _ in self.events}.values():
            self.s.expire(case, ["events"])
        self.events.clear()

    def write_inbound(self) -> bool:
        """Write what became of the inbound message, after write_events (its case has an
        id); False if it is no longer new (handled elsewhere meanwhile: roll back)."""
        row = self.row
        written = self.s.connection().execute(_WRITE_INBOUND, {
            "row_id": row.id, "status": row.status, "reason": row.reason, "kind": row.kind,
            "record": row.record, "case_id": self.case.id if self.case is not None else None})
        return written.rowcount == 1

    def base_values(self) -> dict[str, Any]:
        return {"now": self.now, "bot_name": self.config.bot_name, "body": "CMG",
                "team": self.team.upper(), "case": CaseFields(), "case_ref": None}

    def template_values(self, case: Case, view: CaseView | None) -> dict[str, Any]:
        fields = view.fields() if view else {}
        nation = fields.get("nation") or self.config.default_nation
        return {**self.base_values(), "case": CaseFields(fields), "case_ref": case.ref, "state": case.state,
                "nation": nation, "body": NATION_BODY.get(nation, "CMG"),
                "team": case.team.upper()}

    def case_folder(self, case: Case) -> Path:
        data = case.data or {}
        return self.files_path(self.config.files.folders.path(
            "case", team=case.team, ref=case.ref, sr_number=case.sr_number, region=data.get("region")))

    def files_path(self, relative: str) -> Path:
        path = (self.e.files_root / relative).resolve()
        if not str(path).startswith(str(self.e.files_root.resolve())):
            raise ValueError(f"folder {relative!r} is outside the files root")
        return path

    def find_document(self, case: Case | None, name: str) -> Path | None:
        if case is None:
            return None
        noted = [v["data"] for v in self.pending_events(case)]
        for data in reversed([e.data for e in case.events] + noted if case.id else noted):
            path = (data or {}).get("path")
            if path and Path(path).name == name and Path(path).exists():
                return Path(path)
        candidate = self.case_folder(case) / name
        return candidate if candidate.exists() else None


def build_mailboxes(config: Config) -> dict[str, MailboxRuntime]:
    from mailbot.mailboxes.factory import make_inbox, make_sender
    return {key: MailboxRuntime(key, mb.address, mb.team, mb.case_prefix,
                                make_inbox(key, mb.inbound, config), make_sender(key, mb.outbound, config),
                                confirm_sends=mb.confirm_sends and mb.outbound.backend == "smtp"
                                and mb.inbound.backend != "maildir",
                                confirm_grace=timedelta(seconds=mb.confirm_grace_seconds))
            for key, mb in config.mailboxes.items()}


def _shown(value) -> str:
    """A field value as an officer reads it in an email."""
    if isinstance(value, str) and value[:4].isdigit():
        try:
            value = answers.as_value(value)
        except ValueError:
            pass
    if isinstance(value, datetime):
        return value.strftime("%a %-d %b %Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%a %-d %b %Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _header(raw: bytes, name: bytes) -> str | None:
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


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    from mailbot.workflow import encode
    out = {}
    for k, v in values.items():
        if isinstance(v, (list, tuple)):
            out[k] = [encode(x) for x in v]
        else:
            out[k] = encode(v)
    return out
