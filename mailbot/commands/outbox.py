"""What an administrator asks of the outbox: `mailbot outbox` (what is queued, deferred or
failed, and why) and `mailbot outbox retry ID|--all-failed` (send failed ones again)."""
from __future__ import annotations

from sqlalchemy import select

from mailbot.clock import SystemClock
from mailbot.commands.admin import _age
from mailbot.config import Config
from mailbot.store import Case, OutboxMessage, open_store


def state_of(message: OutboxMessage) -> str:
    """How the outbox stands for a person: queued (not yet tried), deferred (tried, the
    server said not now, or refused our login: it goes again), or as stored."""
    if message.status == "pending":
        return "deferred" if message.last_error else "queued"
    return message.status


def list_outbox(config: Config, clock=None, out=print) -> int:
    """Every message not yet sent: id, age, case, template, how many recipients, state and
    why (the server's answer whole). No subject and no address: they may name a client."""
    now = (clock or SystemClock()).now()
    with open_store(config.store.url)() as s:
        rows = s.execute(select(OutboxMessage, Case.ref).outerjoin(Case, OutboxMessage.case_id == Case.id)
                         .where(OutboxMessage.status != "sent").order_by(OutboxMessage.id)).all()
    out(f"{'ID':>6} {'AGE':>7}  {'CASE':<13} {'TEMPLATE':<28} {'TO':>3}  {'STATUS':<11} NEXT TRY")
    for message, ref in rows:
        state = state_of(message)
        next_try = (f"{message.next_attempt_at:%Y-%m-%d %H:%M}"
                    if message.next_attempt_at and state == "deferred" else "")
        out(f"{message.id:>6} {_age(now - message.created_at):>7}  {ref or '-':<13} "
            f"{message.template:<28} {len(message.recipients):>3}  {state:<11} {next_try}")
        if message.last_error and state in ("deferred", "failed"):
            out(f"        why: {' '.join(message.last_error.split())}")
    if not rows:
        out("(nothing waiting to be sent)")
    elif any(state_of(m) == "failed" for m, _ in rows):
        out("`mailbot outbox retry ID` or `mailbot outbox retry --all-failed` sends failed ones again")
    return 0


def retry(config: Config, message_id: int | None = None, all_failed: bool = False,
          out=print) -> int:
    """Put failed messages back in the queue (the running dispatcher sends them on its next
    tick); a deferred one is tried again at once. A sent one is never sent again here."""
    if (message_id is None) == (not all_failed):
        out("give an outbox message ID or --all-failed")
        return 2
    with open_store(config.store.url)() as s:
        if all_failed:
            rows = s.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                             .order_by(OutboxMessage.id)).all()
        else:
            row = s.get(OutboxMessage, message_id)
            if row is None:
                out(f"no outbox message {message_id}; `mailbot outbox` lists them")
                return 1
            if row.status not in ("failed", "pending"):
                out(f"outbox message {message_id} is {row.status}, not failed or deferred; "
                    "left as it is")
                return 1
            rows = [row]
        for row in rows:
            if row.status == "failed" and row.last_error and "delivered to " in row.last_error:
                # RecipientsRefused: it went to the others; sending again duplicates it for them.
                out(f"note: outbox message {row.id} reached some of its recipients already; "
                    "they will get it twice")
            row.status, row.next_attempt_at, row.last_error = "pending", None, None
        s.commit()
        ids = [row.id for row in rows]
    out(f"queued again: {', '.join(map(str, ids))}" if ids else "(no failed messages)")
    return 0
