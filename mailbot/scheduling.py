"""Timers falling due: each reminder whose time the clock has passed fires in a transaction
of its own — the workflow's timer runs as a step does (its actions carried out by effects),
or a follow-up call reminder asks someone to telephone. Reminders are set and cancelled in
reminders.py; APScheduler only wakes the daemon for them."""
from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from mailbot import actions as A
from mailbot.casefile import view_and_act
from mailbot.effects import apply
from mailbot.outbox import queue
from mailbot.store import Case, OutboxMessage, Reminder, outage_as_unavailable
from mailbot.transaction import Transaction
from mailbot.workflow import decode

log = logging.getLogger("mailbot")


def fire_due_reminders(engine) -> int:
    """Fire every reminder due by the engine's clock, oldest first; returns how many.
    Raises StoreUnavailable if the store does not answer: a reminder whose transaction
    did not commit is still pending, and fires at the next pass."""
    with outage_as_unavailable():
        return _fire_due_reminders(engine)


def _fire_due_reminders(engine) -> int:
    fired = 0
    while True:
        with engine.writing(), engine.sessions() as s:
            reminder = s.scalar(select(Reminder).where(
                Reminder.status == "pending", Reminder.due_at <= engine.clock.now())
                .order_by(Reminder.due_at, Reminder.id).limit(1))
            if reminder is None:
                return fired
            # Fired only while still pending: where two instances overlap for a moment
            # (mailbot/leases.py), the second finds it fired and lets it be.
            won = s.execute(update(Reminder).where(Reminder.id == reminder.id,
                                                   Reminder.status == "pending")
                            .values(status="fired", fired_at=engine.clock.now())
                            .execution_options(synchronize_session=False)).rowcount
            if not won:
                s.rollback()
                continue
            set_committed_value(reminder, "status", "fired")
            case = s.get(Case, reminder.case_id)
            box = engine.mailbox_for_team(case.team)
            tx = Transaction(engine, s, None, box, case.team)
            fire(tx, case, reminder)
            tx.write_events()
            s.commit()
            engine.outbox_ready.set()
            fired += 1
            log.info("reminder fired id=%s key=%s case=%s", reminder.id, reminder.key, case.ref)
            engine.listener("reminder", {"case_ref": case.ref, "key": reminder.key,
                                         "due_at": reminder.due_at})


def fire(tx: Transaction, case: Case, reminder: Reminder) -> None:
    view, act = view_and_act(tx, case)
    name = reminder.key.split(":")[0]
    if name == "follow_up_call":
        follow_up_call(tx, case, reminder)
        return
    workflow = tx.engine.workflows.get(case.workflow)
    timer = workflow.timers.get(name) if workflow else None
    if timer is None:
        tx.event(case, "reminder", f"reminder {reminder.key} fell due but "
                                   f"{case.workflow} has no timer {name!r}")
        return
    tx.event(case, "reminder", f"reminder {reminder.key} fell due")
    next_state = timer(view, {k: decode(v) for k, v in (reminder.data or {}).items()}, act)
    apply(tx, case, view, act, next_state, None)


def follow_up_call(tx: Transaction, case: Case, reminder: Reminder) -> None:
    """Remind the person to telephone the recipients of an email, saying whether a read
    receipt came back (or the email bounced)."""
    data = reminder.data
    out = tx.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == data["message_id"]))
    view, _ = view_and_act(tx, case)
    receipt = (f"A read receipt came back on {out.read_at:%a %d %b %H:%M}." if out and out.read_at
               else "No read receipt has come back yet.")
    if out and out.bounced_at:
        receipt = "The message BOUNCED: it was not delivered."
    tx.event(case, "reminder", f"follow-up call reminder for {data['subject']}")
    queue(tx, case, view, A.Send("follow_up_call", [data["role"]],
                                 values={"original_subject": data["subject"],
                                         "original_recipients": data["recipients"],
                                         "receipt": receipt}),
          {}, None)
