"""Reminders are rows in the store: set (replacing a pending one of the same key), cancelled,
and listed for the scheduler that wakes the daemon. What a reminder does when it falls due
is scheduling.py's."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from mailbot import workdays
from mailbot.reading import Reading
from mailbot.store import Case, OutboxMessage, Reminder
from mailbot.transaction import Transaction, jsonable
from mailbot.workflow import CLOSED, CaseView


def remind(tx: Transaction, case: Case, key: str, at: datetime, values: dict) -> None:
    cancel_reminders(tx, case, key, exact=True)
    tx.s.add(Reminder(case_id=case.id, key=key, due_at=at, data=jsonable(values),
                      status="pending", created_at=tx.now))
    tx.event(case, "scheduled", f"{key} at {at.isoformat()}")


def cancel_reminders(tx: Transaction, case: Case, prefix: str, exact: bool = False) -> None:
    tx.s.flush()
    pending = tx.s.scalars(select(Reminder).where(Reminder.case_id == case.id,
                                                  Reminder.status == "pending")).all()
    for r in pending:
        if (r.key == prefix) if exact else r.key.startswith(prefix):
            r.status = "cancelled"
            if not exact:
                tx.event(case, "cancelled", f"reminder {r.key} cancelled")


def plan_follow_up_call(tx: Transaction, case: Case, view: CaseView | None, out: OutboxMessage,
                        role: str, to: list[str]) -> None:
    """Remind `role` to telephone the recipients of `out` (if none replies first), within
    working hours (reminders.working_hours) of the case's nation."""
    if case.state == CLOSED:
        # closing a case stops every timer of it, the calls about its last emails too
        tx.event(case, "reminder", f"no follow-up call for {out.template}: the case is closed")
        return
    tx.s.flush()      # the reminder's key names the outbox row
    nation = (view.data.get("nation") if view else None) or tx.config.default_nation
    remind(tx, case, f"follow_up_call:{out.id}",
           workdays.add_working_hours(tx.now, tx.config.reminders.follow_up_call_hours,
                                      nation, *tx.config.reminders.call_hours()),
           {"role": role, "message_id": out.message_id, "subject": out.subject,
            "recipients": to})


def reply_proves_receipt(tx: Transaction, case: Case, reading: Reading) -> None:
    """A reply from a recipient shows they have the email: no call is needed for it."""
    thread = [m for m in [reading.in_reply_to, *reading.references] if m]
    if not thread:
        return
    answered = tx.s.scalars(select(OutboxMessage).where(
        OutboxMessage.message_id.in_(thread), OutboxMessage.case_id == case.id)).all()
    for out in answered:
        if reading.sender not in out.recipients:
            continue
        tx.s.flush()
        for r in tx.s.scalars(select(Reminder).where(
                Reminder.case_id == case.id, Reminder.status == "pending",
                Reminder.key == f"follow_up_call:{out.id}")):
            r.status = "cancelled"
            tx.event(case, "cancelled", f"follow-up call for {out.subject} not needed: "
                                        f"{reading.sender} replied")


def pending_reminders(sessions) -> list[tuple[int, datetime]]:
    """Every pending reminder's id and due time (the daemon's scheduler wakes for each)."""
    with sessions() as s:
        return list(s.execute(select(Reminder.id, Reminder.due_at)
                              .where(Reminder.status == "pending")).all())
