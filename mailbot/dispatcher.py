"""The dispatcher: sends what the outbox holds (mailbot/outbox.py composes it), after the
transaction that queued it commits, exactly once across crashes.

A message is marked "sending" before it goes and "sent" after; where the mailbox confirms
sends by our own copy (smtp, `confirm_sends`), a message left "sending" by a killed
process goes again only if its copy does not come back (recover_interrupted_sends). A send
made as the store stops answering is kept by the dispatcher and recorded once it answers,
before anything new is claimed: never left "sending" to go again.

A send the server refuses because of our login or rights (LoginRefused) is no fault of the
message: it stays pending and goes once the login works, tried again at most every
LOGIN_RETRY_MAX seconds. A message the server refuses for itself (a recipient refused for
good, too large) ends as failed, and the case officer, or the team's triage, is told."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from mailbot import notices
from mailbot.compose import compose, message_id
from mailbot.mailboxes.base import (LoginRefused, MessageTooLarge, PermanentFailure,
                                    TemporaryFailure, one_line)
from mailbot.mailboxes.smtp import RecipientsRefused
from mailbot.store import Case, CaseEvent, OutboxMessage, store_unreachable
from mailbot.templates import render_email

log = logging.getLogger("mailbot")
RETRY_DELAYS = [30, 60, 120, 300, 600, 900]   # seconds between send attempts, then 15 min
# While a mailbox's login is refused: seconds until it is tried again, doubling from the
# first up to the most (a fixed password must not wait long for the backlog to go).
LOGIN_RETRY_FIRST, LOGIN_RETRY_MAX = 30, 300
# The notice that a message could not be sent (never itself the subject of another).
SEND_FAILED = "send_failed"
# What templates/email/send_failed.txt is rendered with (tests/engine/test_templates.py reads it)
SEND_FAILED_VALUES = ("bot_name", "case_ref", "original_subject", "original_template", "original_message_id",
                      "outbox_id", "refused", "reason", "mailbox")
# Outbox messages sent in one session (bounds what a backlog holds in memory).
SEND_BATCH = 50
# Outbox statuses that the dispatcher sends.
DUE = ("pending", "unconfirmed")
# Messages claimed at once where our own copy confirms each send (see Dispatcher._send_batch).
CLAIM_GROUP = 10

# What the dispatcher reads of an outbox message.
_TO_SEND = (OutboxMessage.id, OutboxMessage.mailbox, OutboxMessage.message_id, OutboxMessage.sender,
            OutboxMessage.recipients, OutboxMessage.subject, OutboxMessage.template,
            OutboxMessage.raw, OutboxMessage.attempts, OutboxMessage.case_id)

# ------------------------------------------------------------------ sending, after the commit
@dataclass
class _SendResult:
    """What became of one attempt to send an outbox message."""
    out: Row
    values: dict[str, Any]           # outbox columns to record
    failure: str | None = None       # why it can never go, for the case history
    note: str | None = None          # how it went otherwise than composed, for the case history
    refused: list[str] | None = None  # with a failure: the recipients it could not reach


@dataclass
class _LoginRefusal:
    """A mailbox whose login the server refuses: why, and when to try it again."""
    reason: str
    delay: int
    retry_at: datetime
    found_in: int = 0       # the dispatch pass that last found it refused

class Dispatcher:
    """Sends what the outbox holds. Reads the engine's store, mail lock, clock, config,
    mailboxes and listener at each call (a reload replaces the config and mailboxes)."""

    def __init__(self, engine):
        self.engine = engine
        # (mailbox, why) for each send that did not go: login_refused, temporary, refused
        # (the daemon's metrics count them when health.port is set)
        self.on_send_failure: Callable[[str, str], None] = lambda mailbox, why: None
        # Threads that send over a mailbox's several SMTP connections (see _send_all).
        self._send_pool: ThreadPoolExecutor | None = None
        self._send_pool_size = 0
        # Mailboxes whose login is refused (by key), shared by the sending threads.
        self._refused: dict[str, _LoginRefusal] = {}
        self._refused_lock = threading.Lock()
        self._pass = 0          # dispatch passes so far
        self._announced = 0     # sends recorded and announced so far (see dispatch)
        # Sends made whose outcome the store has not yet taken (it stopped answering at
        # the commit), and the group whose claim was in that commit: recorded first thing
        # at the next dispatch, before anything new is claimed (see _record_what_waits).
        self._unrecorded: list[_SendResult] = []
        self._claiming: list[int] = []
        self._store_down = False
        self._recorded_late = 0     # sends recorded since the store came back

    def dispatch(self, looked: set[str]) -> int:
        """Send every outbox message that is due; returns how many were sent. `looked`:
        the mailboxes looked through since start (Intake.looked).

        If the store stops answering, what was sent meanwhile is kept here and recorded
        first thing at the next dispatch, before anything new is claimed; until then this
        returns at once (one WARNING when it starts, another when the store is back)."""
        e = self.engine
        now = e.clock.now()
        self._pass += 1
        announced = self._announced
        try:
            if self._unrecorded or self._claiming:
                self._recorded_late += self._record_what_waits()
            with e.sessions() as s:
                after = 0           # the due messages a batch at a time, by id
                while e.may_work():
                    # read in the transaction that records the last group sent, and
                    # claims the next (_send_batch): one commit for the two
                    batch = s.execute(select(*_TO_SEND).where(
                        OutboxMessage.id > after, OutboxMessage.status.in_(DUE),
                        (OutboxMessage.next_attempt_at.is_(None)) | (OutboxMessage.next_attempt_at <= now),
                        # Sent before a crash, its copy not yet seen: not again until the
                        # mailbox has been looked through since start (the copy may be there).
                        (OutboxMessage.status != "unconfirmed") | OutboxMessage.mailbox.in_(list(looked)))
                        .order_by(OutboxMessage.id).limit(SEND_BATCH)).all()
                    if self._store_down:
                        log.warning("the store answers again: %d send(s) made meanwhile recorded; "
                                    "sending the outbox", self._recorded_late)
                        self._store_down, self._recorded_late = False, 0
                    if not batch:
                        break
                    self._send_batch(s, batch)
                    after = batch[-1].id
                with e.storing_mail():
                    self._record(s, self._unrecorded)
                    s.commit()
                recorded, self._unrecorded = self._unrecorded, []
                self._announce_sent(recorded)
        except Exception as exc:
            if not store_unreachable(exc):
                # a fault of ours, not the store's: as before, the rows stay 'sending' and
                # are looked at again at the next start (recover_interrupted_sends)
                self._unrecorded, self._claiming = [], []
                raise
            self._store_lost(exc)
        return self._announced - announced

    def _store_lost(self, exc: Exception) -> None:
        """The store stopped answering mid-dispatch: said once, not at every retry."""
        if self._store_down:
            log.debug("the store still does not answer (%s)", type(exc).__name__)
            return
        self._store_down = True
        log.warning("the store did not answer while sending (%s): %d message(s) sent meanwhile "
                    "are recorded once it does, and nothing more is sent until then",
                    type(exc).__name__, len(self._unrecorded))

    def _record_what_waits(self) -> int:
        """Record the sends the store did not take when it stopped answering, and give back
        the claim that was in the same commit; returns how many were recorded. That commit
        may have reached the store even so (its answer lost, not the request): a row no
        longer 'sending' was recorded then (or confirmed by its own copy since), and is
        left as it is."""
        e = self.engine
        results, claiming = self._unrecorded, self._claiming
        ids = [r.out.id for r in results] + claiming
        with e.storing_mail(), e.sessions() as s:
            in_doubt = set(s.scalars(select(OutboxMessage.id).where(
                OutboxMessage.id.in_(ids), OutboxMessage.status == "sending")))
            self._record(s, [r for r in results if r.out.id in in_doubt])
            # claimed but never sent: due again, as if never claimed
            unsent = [i for i in claiming if i in in_doubt]
            if unsent:
                s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(unsent))
                          .values(status="pending", attempts=OutboxMessage.attempts - 1)
                          .execution_options(synchronize_session=False))
            s.commit()
        self._unrecorded, self._claiming = [], []
        self._announce_sent(results)
        return len(results)

    def _send_batch(self, s: Session, batch: list[Row]) -> None:
        """Send some due outbox messages, read in the session `s`, a group at a time. A
        group is claimed — each message committed as 'sending' if it is still due and its
        own copy has not come back — before any of it goes; what became of it is recorded
        with the next group's claim (or, for the last group, by dispatch, with the next
        batch's claim or at the end of the pass). So no database lock is held while mail
        goes, and a backlog costs one commit per group. Until recorded, what became of a
        group is kept in self._unrecorded (and the claim being committed in
        self._claiming), so that a store that stops answering at that commit loses nothing
        (see dispatch).

        A group is one message, so that a crash leaves at most one in doubt; or, where the
        mailbox confirms sends by our own copy, up to CLAIM_GROUP: after a crash each of
        those is sent again only if its copy does not come back (recover_interrupted_sends)."""
        e = self.engine
        for group in self._claim_groups(batch):
            if not e.may_work():        # another instance sends from now on
                break
            with e.storing_mail():
                self._claiming = [out.id for out in group]
                self._record(s, self._unrecorded)
                # claimed only while due, and while this instance holds the worker's
                # lease in the store itself (mailbot/leases.py): a process that stalled
                # past its term claims nothing
                won = set(s.scalars(update(OutboxMessage).where(
                    OutboxMessage.id.in_(self._claiming), *e.fences,
                    OutboxMessage.status.in_(DUE), OutboxMessage.confirmed_at.is_(None))
                    .values(status="sending", attempts=OutboxMessage.attempts + 1)
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)))
                not_won = [i for i in self._claiming if i not in won]
                if not_won:
                    # Our own copy came back before a crash let us record the send: it went.
                    s.execute(update(OutboxMessage).where(
                        OutboxMessage.id.in_(not_won), OutboxMessage.status.in_(DUE),
                        OutboxMessage.confirmed_at.is_not(None)).values(status="sent")
                        .execution_options(synchronize_session=False))
                s.commit()
            recorded, self._unrecorded, self._claiming = self._unrecorded, [], []
            self._announce_sent(recorded)
            self._unrecorded = self._send_all([out for out in group if out.id in won])

    def _claim_groups(self, batch: list[Row]) -> Iterator[list[Row]]:
        """The batch in the groups _send_batch claims at once."""
        group: list[Row] = []
        for out in batch:
            box = self.engine.mailboxes.get(out.mailbox)
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
        mailboxes = self.engine.mailboxes
        lanes = max((getattr(box.sender, "lanes", 1) for box in
                     (mailboxes.get(out.mailbox) for out in claimed) if box), default=1)
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
        e = self.engine
        box = e.mailboxes.get(out.mailbox)
        attempts = out.attempts + 1
        changed: dict[str, Any] = {}       # the message as sent, if not as composed
        note = None
        with self._refused_lock:
            refusal = self._refused.get(out.mailbox)
        if refusal is not None and refusal.found_in == self._pass:
            # Another message of this pass found the login refused: this one waits with it.
            return _SendResult(out, {"status": "pending", "last_error": refusal.reason,
                                     "next_attempt_at": refusal.retry_at})
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
                    refusal = one_line(exc)
                    smaller = notices.without_original(out.raw, refusal, e.config.templates_dir)
                    if smaller is None:
                        raise
                    log.warning("outbox=%s refused as too large; sending it without the attached "
                                "original: %s", out.id, refusal)
                    changed = {"raw": smaller}
                    note = f"{out.subject} went without the original attached: {refusal}"
                    box.sender.send(smaller, out.sender, envelope)
        except LoginRefused as exc:
            self.on_send_failure(out.mailbox, "login_refused")
            retry_at = self._login_refused(out.mailbox, one_line(exc, limit=None))
            return _SendResult(out, {"status": "pending", "last_error": str(exc),
                                     "next_attempt_at": retry_at, **changed})
        except TemporaryFailure as exc:
            self.on_send_failure(out.mailbox, "temporary")
            delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
            log.warning("send deferred outbox=%s attempt=%s retry_in=%ss: %s",
                        out.id, attempts, delay, one_line(exc))
            return _SendResult(out, {"status": "pending", "last_error": str(exc),
                                     "next_attempt_at": e.clock.now() + timedelta(seconds=delay),
                                     **changed})
        except PermanentFailure as exc:
            self.on_send_failure(out.mailbox, "refused")
            log.error("send failed outbox=%s: %s", out.id, one_line(exc, limit=None))
            refused = list(exc.refused) if isinstance(exc, RecipientsRefused) else list(out.recipients)
            return _SendResult(out, {"status": "failed", "last_error": str(exc), **changed},
                               failure=one_line(exc, limit=None), refused=refused)
        self._login_works(out.mailbox)
        return _SendResult(out, {"status": "sent", "sent_at": e.clock.now(), **changed}, note=note)

    def _login_refused(self, mailbox: str, reason: str) -> datetime:
        """Note a mailbox's login refused; returns when to try it again. Said once at ERROR
        (the server's reason whole), then quietly at each retry until it works."""
        now = self.engine.clock.now()
        with self._refused_lock:
            refusal = self._refused.get(mailbox)
            if refusal is None:
                log.error("mailbox %s: sending refused: %s; its messages stay queued and go "
                          "once the login works (tried again at most every %ds)",
                          mailbox, reason, LOGIN_RETRY_MAX)
                refusal = self._refused[mailbox] = _LoginRefusal(reason, LOGIN_RETRY_FIRST, now)
            elif refusal.retry_at <= now:
                refusal.delay = min(refusal.delay * 2, LOGIN_RETRY_MAX)
                log.debug("mailbox %s: login still refused; next try in %ds", mailbox, refusal.delay)
            if refusal.retry_at <= now:
                refusal.retry_at = now + timedelta(seconds=refusal.delay)
            refusal.reason, refusal.found_in = reason, self._pass
            return refusal.retry_at

    def _login_works(self, mailbox: str) -> None:
        with self._refused_lock:
            refusal = self._refused.pop(mailbox, None)
        if refusal is not None:
            log.warning("mailbox %s: login accepted again; sending what waited", mailbox)

    def _tell_about_failure(self, s: Session, result: _SendResult) -> str | None:
        """Queue (uncommitted) the notice that a message can never go: to the case officer,
        else the team's triage; says which message, to whom and why. Returns to whom."""
        e, out = self.engine, result.out
        if out.template == SEND_FAILED:
            return None         # a notice that cannot go is not itself the subject of one
        case = s.get(Case, out.case_id) if out.case_id else None
        box = e.mailboxes.get(out.mailbox)
        team = case.team if case is not None else (box.team if box is not None else None)
        box = box or (e.mailbox_for_team(team) if team else None)
        officer = (case.data or {}).get("officer_email") if case is not None else None
        triage = e.config.teams[team].triage if team in e.config.teams else None
        to = officer or triage
        if box is None or not to:
            log.error("outbox=%s failed and nobody can be told: no mailbox or triage for it", out.id)
            return None
        now = e.clock.now()
        values = {"bot_name": e.config.bot_name, "case_ref": case.ref if case else None,
                  "original_subject": out.subject, "original_template": out.template,
                  "original_message_id": out.message_id, "outbox_id": out.id,
                  "refused": result.refused or list(out.recipients),
                  "reason": result.failure, "mailbox": box.address}
        assert set(values) == set(SEND_FAILED_VALUES)
        subject, body = render_email(SEND_FAILED, values, e.config.templates_dir)
        msg_id = message_id(case.ref if case else None, now, e.config.message_id_domain)
        raw = compose(sender=box.address, sender_name=f"{e.config.bot_name} ({box.team.upper()})",
                      to=[to], cc=[], subject=subject, body=body, msg_id=msg_id, now=now)
        s.add(OutboxMessage(case_id=out.case_id, mailbox=box.key, message_id=msg_id,
                            sender=box.address, recipients=[to], subject=subject,
                            template=SEND_FAILED, raw=raw, created_at=now, status="pending"))
        self.engine.outbox_ready.set()
        return to

    def _record(self, s: Session, results: list[_SendResult]) -> None:
        """Write down what became of sent messages (uncommitted)."""
        if results:     # one executemany, whatever the batch size
            s.execute(update(OutboxMessage), [{"id": r.out.id, **r.values} for r in results],
                      execution_options={"synchronize_session": False})
        clock = self.engine.clock
        for result in results:
            out = result.out
            told = self._tell_about_failure(s, result) if result.failure else None
            if result.failure and out.case_id:
                s.add(CaseEvent(case_id=out.case_id, at=clock.now(), kind="send_failed",
                                text=f"could not send {out.message_id}: {result.failure}"
                                     + (f"; {told} told" if told else "")))
            if result.note and out.case_id:
                s.add(CaseEvent(case_id=out.case_id, at=clock.now(), kind="sent_smaller",
                                text=result.note))

    def _announce_sent(self, results: list[_SendResult]) -> int:
        """Log and tell the listener about messages whose 'sent' is committed."""
        went = [r.out for r in results if r.values["status"] == "sent"]
        self._announced += len(went)
        for out in went:
            log.info("sent outbox=%s message_id=%s template=%s recipients=%d",
                     out.id, out.message_id, out.template, len(out.recipients))
            self.engine.listener("sent", {"message_id": out.message_id, "to": list(out.recipients),
                                          "subject": out.subject, "template": out.template})
        return len(went)

    def recover_interrupted_sends(self) -> int:
        """At start: a message left 'sending' by a killed process may or may not have gone.
        Where the mailbox confirms sends, wait a grace period for our own copy to come back
        before sending again; other backends are idempotent by Message-ID (maildir) or are
        asked whether it went already (ews: its Message-ID in Sent Items, see _send)."""
        e = self.engine
        now = e.clock.now()
        with e.storing_mail(), e.sessions() as s:
            rows = s.scalars(select(OutboxMessage).where(OutboxMessage.status == "sending")).all()
            for out in rows:
                box = e.mailboxes.get(out.mailbox)
                if box is not None and box.confirm_sends:
                    out.status, out.next_attempt_at = "unconfirmed", now + box.confirm_grace
                else:
                    out.status = "pending"
            s.commit()
        return len(rows)

    def after_fork(self) -> None:
        self._send_pool = None      # its threads stayed in the parent

    def close(self) -> None:
        if self._unrecorded or self._claiming:
            try:
                self._record_what_waits()
            except Exception as exc:
                log.error("stopping with %d send(s) not recorded, the store not answering (%s): "
                          "at the next start they are confirmed by their own copies, or "
                          "sent again", len(self._unrecorded), type(exc).__name__)
        if self._send_pool is not None:
            self._send_pool.shutdown()
            self._send_pool = None
