"""The engine: mailboxes in → store → reader → correlation → handlers → outbox → mailboxes.

Data moves one way. Every step that changes a case commits the case change, its audit
events, its outbox messages and its reminders in one transaction; the dispatcher sends
outbox messages afterwards, and a reminder is a row that fires when the clock passes it.

The way a message travels, module by module:

    intake.py        fetch, store the raw bytes (dedup, own-copy confirmation), settle
    routing.py       read it; set aside loops, unknown senders, automatic mail; find or
                     open its case (correlate.py), or send it to triage
    conversation.py  match it to the case's open waits (waits.py), read it as the answer,
                     run the workflow's step (handlers/)
    effects.py       carry out what the step recorded on `act`, one executor per action
    outbox.py        compose into the outbox in the transaction
    dispatcher.py    send it after the commit, exactly once
    reminders.py     reminders set and cancelled; scheduling.py fires them when due

Each message (or reminder) is one transaction.Transaction; this module drives them.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot import reminders, routing, scheduling
from mailbot.clock import Clock
from mailbot.config import Config
from mailbot.intake import Intake
from mailbot.mailboxes.base import Fetched, Inbox, MailboxError, Sender, one_line
from mailbot.dispatcher import Dispatcher
from mailbot.store import (InboundMessage, QuarantineMove, StoreUnavailable, WriterLock,  # noqa: F401
                           open_store, outage_as_unavailable, store_unreachable, writer_lock_path)
from mailbot.transaction import Outcome, Transaction
from mailbot.workflow import Workflow

log = logging.getLogger("mailbot")

# Inbound rows the worker loads at once (each message still has a transaction of its own).
PROCESS_BATCH = 100


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


class Engine:
    def __init__(self, config: Config, clock: Clock, workflows: list[Workflow] | None = None,
                 mailboxes: dict[str, MailboxRuntime] | None = None, store_url: str | None = None,
                 listener: Callable[[str, dict], None] | None = None):
        self.config = config
        self.clock = clock
        url = store_url or config.store.url
        self.sessions = open_store(url)
        self._lock = WriterLock(writer_lock_path(url, config.files.root))   # see writing()
        # see storing_mail(): SQLite has one writer at a time whatever the lock, so there
        # the one lock serves both; PostgreSQL lets mail be stored and sends recorded
        # while the worker process changes a case
        sqlite = self.sessions.kw["bind"].dialect.name == "sqlite"
        self._mail_lock = self._lock if sqlite else WriterLock(None)
        from handlers import RULES, WORKFLOWS
        if workflows is None:
            workflows = WORKFLOWS
        # the client contact rules hold in every mailbox, whatever workflows it runs
        workflows = [*workflows, *(r for r in RULES if r not in workflows)]
        self.workflows = {w.name: w for w in workflows}
        for workflow in workflows:
            workflow.check()
        self.mailboxes = mailboxes if mailboxes is not None else build_mailboxes(config)
        self.files_root = Path(config.files.root)
        self.vocabulary = config.vocabulary()
        self.listener = listener or (lambda event, data: None)
        self.wakeup = threading.Event()      # the worker: there may be mail to read
        self.outbox_ready = threading.Event()  # the sender: there may be mail to send
        self.officer_loads: dict[str, dict[str, int]] | None = None   # see process_many
        # Where a worker process shows the daemon's watchdog its progress (WorkerProgress).
        self.progress = None
        # Whether this instance works the worker's lease now (mailbot/leases.py): handling,
        # reminders and sending stop between two messages when it is lost.
        self.may_work: Callable[[], bool] = lambda: True
        # ... and the same in SQL, added to the outbox's claim (Leases.fence)
        self.fences: tuple = ()
        self.intake = Intake(self)           # mailboxes in (intake.py)
        self.dispatcher = Dispatcher(self)   # the outbox out (dispatcher.py)

    # ------------------------------------------------------------------ 1. fetch and store
    def poll(self, key: str) -> int:
        """Fetch what is new in one mailbox, store it, then settle it there (Intake.poll)."""
        return self.intake.poll(key)

    def move_quarantined(self, key: str) -> int:
        """Move the mailbox's quarantined messages to its quarantine folder (Intake)."""
        return self.intake.move_quarantined(key)

    def ingest_many(self, key: str, batch: list[Fetched]) -> int:
        """Store fetched messages in one transaction; returns how many were new (Intake)."""
        return self.intake.ingest_many(key, batch)

    # ------------------------------------------------------------------ 2-4. read, place, handle
    def process_pending(self, limit: int | None = None) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while (limit is None or len(outcomes) < limit) and self.may_work():
            want = PROCESS_BATCH if limit is None else min(PROCESS_BATCH, limit - len(outcomes))
            with outage_as_unavailable(), self.sessions() as s:
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
        The rows are loaded at once, each with whether its mailbox sent it (a loop); each
        message is read (CPU) before the writer lock is taken, so the lock — and SQLite's
        one write transaction — is held only while the case change is written, and the
        sender and the mailbox threads get their turn between messages (on SQLite; on
        PostgreSQL they do not wait for it: see storing_mail)."""
        outcomes = []
        # Officers' open cases, counted once for the batch and kept up to date as it
        # assigns them (counting them afresh for each new case costs a scan of every
        # open case of the team). A case closed meanwhile, or one whose transaction
        # failed, is counted right at the next batch.
        self.officer_loads = {}
        with self.sessions() as s:
            with outage_as_unavailable():
                loaded = s.execute(select(InboundMessage, routing.SENT_HERE)
                                   .where(InboundMessage.id.in_(row_ids))).all()
            rows = {row.id: row for row, _ in loaded}
            sent_here = {row.id: here for row, here in loaded}
            s.expunge_all()     # each message starts from an empty session (see _process)
            for row_id in row_ids:
                if not self.may_work():
                    break
                if self.progress is not None:
                    self.progress.beat(row_id)
                outcome = self._process(s, row_id, rows.get(row_id), sent_here.get(row_id))
                log.info("inbound=%s status=%s kind=%s case=%s%s", row_id, outcome.status,
                         outcome.kind, outcome.case_ref,
                         f" reason={outcome.reason}" if outcome.reason else "")
                row = rows.get(row_id)
                self.listener("processed", {"inbound": row_id, **outcome.__dict__,
                                            "mailbox": row.mailbox if row else None,
                                            "received_at": row.received_at if row else None})
                self.outbox_ready.set()
                outcomes.append(outcome)
        self.officer_loads = None
        if self.progress is not None:
            self.progress.beat(0)
        self.wakeup.set()
        return outcomes

    def _process(self, s: Session, row_id: int, row: InboundMessage | None,
                 sent_here: bool | None = None) -> Outcome:
        """One message in one transaction. The row stays out of the session (it is written
        by Transaction.write, with one UPDATE), and so does the counter
        (next_case_ref): the ORM's unit of work, the costliest part of a message, tracks
        only cases, outbox messages and reminders."""
        if row is None or row.status != "new":
            return Outcome("skipped")
        try:
            box = self.mailboxes.get(row.mailbox)
            team = box.team if box else next(iter(self.config.teams))
            tx = Transaction(self, s, row, box, team)
            routing.read(tx, sent_here)
            with self.writing():
                outcome = routing.handle(tx)
                if not tx.write():
                    s.rollback()
                    log.warning("inbound=%s was handled elsewhere meanwhile; skipped", row_id)
                    return Outcome("skipped")
                s.commit()
            return outcome
        except Exception as exc:  # a bug must never lose the message nor loop on it
            if store_unreachable(exc):
                # the store, not the message: it stays new and is tried again when the
                # store answers (the worker's next pass); never quarantined for it
                try:
                    s.rollback()
                except Exception:
                    pass
                log.warning("store unreachable while handling inbound=%s (%s); it stays new and "
                            "is tried again", row_id, type(exc).__name__)
                raise StoreUnavailable(f"the store did not answer: {type(exc).__name__}") from exc
            s.rollback()
            log.exception("processing failed inbound=%s", row_id)
            return self._quarantine_after_error(row_id, exc)
        finally:
            s.expunge_all()     # what the next message reads is read afresh

    def writing(self) -> WriterLock:
        """The writer lock: held around every transaction that changes a case (a message
        handled, a reminder fired, a message quarantined), so that two of them never change
        one case at once, and writers (threads, and the worker process) queue here rather
        than in SQLite's busy-wait."""
        return self._lock

    def storing_mail(self) -> WriterLock:
        """The lock around the writes that change no case — fetched mail stored, sends
        claimed and recorded — which the daemon's mailbox threads and sender take. On
        SQLite it is the writer lock (one writer at a time in any case); on PostgreSQL a
        lock of this process's threads only, so that the daemon stores and sends while
        its worker process handles mail. Never taken inside writing(), nor that inside it."""
        return self._mail_lock

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
        if self._mail_lock is not self._lock:
            self._mail_lock.after_fork()
        self.dispatcher.after_fork()

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
                routing.tell_about_quarantine(Transaction(self, s, row, box, team), row.reason)
            except Exception:
                log.exception("could not tell anyone about quarantined inbound=%s", row_id)
            s.commit()
        return Outcome("quarantined", reason=row.reason)

    # ------------------------------------------------------------------ 5. send
    def dispatch(self) -> int:
        """Send every outbox message that is due; returns how many were sent (Dispatcher)."""
        if not self.may_work():
            return 0
        return self.dispatcher.dispatch(self.intake.looked)

    def recover_interrupted_sends(self) -> int:
        """At start: messages left 'sending' by a killed process (Dispatcher)."""
        return self.dispatcher.recover_interrupted_sends()

    # ------------------------------------------------------------------ 6. reminders
    def fire_due_reminders(self) -> int:
        if not self.may_work():
            return 0
        return scheduling.fire_due_reminders(self)

    def pending_reminders(self) -> list[tuple[int, datetime]]:
        return reminders.pending_reminders(self.sessions)

    # ------------------------------------------------------------------ driving it
    def run_once(self) -> int:
        """One pass over everything: fetch, process, fire reminders, send. Returns work done."""
        work = 0
        for key in list(self.mailboxes):
            try:
                work += self.poll(key)
            except MailboxError as exc:      # one mailbox failing never stops the others
                log.warning("mailbox %s unavailable: %s", key, one_line(exc))
        work += len(self.process_pending())
        work += self.fire_due_reminders()
        work += self.dispatch()
        return work

    def run_until_idle(self, max_rounds: int = 100) -> None:
        for _ in range(max_rounds):
            if not self.run_once():
                return

    def mailbox_for_team(self, team: str) -> MailboxRuntime | None:
        return next((b for b in self.mailboxes.values() if b.team == team), None)

    def close(self) -> None:
        self.dispatcher.close()
        self.close_mailboxes()
        self.sessions.kw["bind"].dispose()

    def close_mailboxes(self) -> None:
        for box in self.mailboxes.values():
            for part in (box.inbox, box.sender):
                try:
                    part.close()
                except Exception:
                    pass


def build_mailboxes(config: Config) -> dict[str, MailboxRuntime]:
    from mailbot.mailboxes.factory import make_inbox, make_sender
    return {key: MailboxRuntime(key, mb.address, mb.team, mb.case_prefix,
                                make_inbox(key, mb.inbound, config), make_sender(key, mb.outbound, config),
                                confirm_sends=mb.confirm_sends and mb.outbound.backend == "smtp"
                                and mb.inbound.backend != "maildir",
                                confirm_grace=timedelta(seconds=mb.confirm_grace_seconds))
            for key, mb in config.mailboxes.items()}


