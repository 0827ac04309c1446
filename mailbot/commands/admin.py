"""What an administrator asks of the store: `mailbot cases`, `mailbot case REF`,
`mailbot quarantine` (and `--export ID`), `mailbot leases`."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import or_, select

from mailbot import notices
from mailbot.clock import SystemClock
from mailbot.config import Config
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage, Reminder, Wait, open_store


def _age(delta) -> str:
    hours = max(0, int(delta.total_seconds() // 3600))
    return f"{hours // 24}d {hours % 24}h" if hours >= 24 else f"{hours}h"


def list_cases(config: Config, include_closed: bool = False, clock=None, out=print) -> int:
    now = (clock or SystemClock()).now()
    with open_store(config.store.url)() as s:
        query = select(Case).order_by(Case.id)
        if not include_closed:
            query = query.where(Case.closed_at.is_(None))
        rows = s.scalars(query).all()
    out(f"{'REF':<13} {'WORKFLOW':<16} {'STATE':<26} {'SR':<12} {'AGE':>7}  RESOLUTION")
    for c in rows:
        out(f"{c.ref:<13} {c.workflow:<16} {c.state:<26} {c.sr_number or '-':<12} "
            f"{_age(now - c.opened_at):>7}  {c.resolution or ''}")
    if not rows:
        out("(no cases)")
    return 0


def show_case(config: Config, ref: str, out=print) -> int:
    with open_store(config.store.url)() as s:
        case = s.scalar(select(Case).where(or_(Case.ref == ref.upper(), Case.sr_number == ref.upper()))
                        .order_by(Case.id.desc()))
        if case is None:
            out(f"no case {ref}; `mailbot cases --all` lists them")
            return 1
        out(f"{case.ref}  {case.workflow}  state: {case.state}"
            + (f"  closed {case.closed_at:%Y-%m-%d %H:%M} ({case.resolution})" if case.closed_at else ""))
        data = case.data or {}
        if data.get("warning_marker"):
            out(f"  WARNING MARKER: {data['warning_marker']}")
        if data.get("contact_suppressed"):
            out(f"  CONTACT SUPPRESSED: {data.get('suppression_reason') or 'no reason given'}")
        for key in ("sr_number", "scin", "client_name", "customer_name", "atw_reference", "officer_email",
                    "owner", "about_case", "due_on"):
            if case.data.get(key) or getattr(case, key, None):
                out(f"  {key}: {case.data.get(key) or getattr(case, key, None)}")
        waits = s.scalars(select(Wait).where(Wait.case_id == case.id, Wait.status == "open")
                          .order_by(Wait.id)).all()
        reminders = s.scalars(select(Reminder).where(Reminder.case_id == case.id, Reminder.status == "pending")
                              .order_by(Reminder.due_at)).all()
        out("waiting on:" if waits else "waiting on: nothing")
        for w in waits:
            chase = next((r for r in reminders if not r.key.startswith("follow_up_call")), None)
            out(f"  {w.name}: {w.question}")
            out(f"    asked {', '.join(w.asked) or w.asked_role} on {w.opened_at:%Y-%m-%d %H:%M}"
                + (f"; next: {chase.key} {chase.due_at:%Y-%m-%d %H:%M}" if chase else "; no chase due")
                + (f"; have so far: {', '.join(k for v in w.partial.values() for k, x in v.items() if x)}"
                   if w.partial else ""))
        out("history:")
        for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)):
            out(f"  {e.at:%Y-%m-%d %H:%M}  {e.kind:<13} {e.text}")
        out("messages out:")
        for m in s.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id).order_by(OutboxMessage.id)):
            status = m.status + (f", read {m.read_at:%Y-%m-%d %H:%M}" if m.read_at else "") \
                + (", BOUNCED" if m.bounced_at else "")
            out(f"  {m.created_at:%Y-%m-%d %H:%M}  {m.template:<22} to {', '.join(m.recipients)}  [{status}]")
        out("messages in:")
        for m in s.scalars(select(InboundMessage).where(InboundMessage.case_id == case.id).order_by(InboundMessage.id)):
            out(f"  {m.received_at:%Y-%m-%d %H:%M}  {m.kind or '?':<22} {m.status}")
        out("reminders:")
        for r in s.scalars(select(Reminder).where(Reminder.case_id == case.id).order_by(Reminder.due_at)):
            out(f"  {r.due_at:%Y-%m-%d %H:%M}  {r.key:<28} {r.status}")
    return 0


def list_quarantine(config: Config, out=print) -> int:
    with open_store(config.store.url)() as s:
        rows = s.scalars(select(InboundMessage).where(InboundMessage.status == "quarantined")
                         .order_by(InboundMessage.id)).all()
        for m in rows:
            original = notices.headline(m.raw)
            out(f"{m.id:>6}  {m.received_at:%Y-%m-%d %H:%M}  {m.mailbox:<8} {m.reason}")
            out(f"        from {original['sender'] or '(no From)'}: {original['subject'] or '(no subject)'}")
        if not rows:
            out("(nothing quarantined)")
        else:
            out("`mailbot quarantine --export ID --out FILE` writes one as an .eml file")
    return 0


def export_message(config: Config, inbound_id: int, path: Path | None, out=print) -> int:
    """Write a kept message (quarantined, or any other stored one) as an .eml file: the
    bytes exactly as they arrived."""
    with open_store(config.store.url)() as s:
        row = s.get(InboundMessage, inbound_id)
        if row is None:
            out(f"no inbound message {inbound_id}; `mailbot quarantine` lists the quarantined ones")
            return 1
        if not row.raw:
            out(f"inbound message {inbound_id}: its raw bytes were purged after "
                f"{config.files.retention_days} days (files.retention_days)")
            return 1
        path = path or Path(f"message-{inbound_id}.eml")
        path.write_bytes(row.raw)
    out(f"inbound message {inbound_id} ({row.status}, {len(row.raw)} bytes) written to {path}")
    return 0


def list_leases(config: Config, out=print) -> int:
    """`mailbot leases`: which instance works each mailbox and the worker (mailbot/leases.py)."""
    from mailbot.leases import database_now
    from mailbot.store import Lease
    sessions = open_store(config.store.url)
    with sessions() as s:
        now = database_now(s.get_bind().dialect.name)
        rows = s.execute(select(Lease.name, Lease.holder, Lease.expires - now, Lease.term)
                         .order_by(Lease.name)).all()
    out(f"{'LEASE':<22} {'HOLDER':<40} {'STATE':<24} {'TAKEN':>5}")
    for name, holder, left, term in rows:
        state = ("free" if holder is None else f"held, {left:.0f}s left" if left > 0
                 else f"expired {-left:.0f}s ago")
        out(f"{name:<22} {holder or '-':<40} {state:<24} {term:>5}")
    if not rows:
        out("(no leases: mailbot run has not run on this store)")
    return 0
