"""Which case a message belongs to: the case token in the subject, then In-Reply-To /
References of a message the bot sent, then SR number, then SCIN — always within the team
of the mailbox it arrived in (an SSST case never swallows a VSAT message)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.reading import Reading
from mailbot.store import Case, OutboxMessage


def find_case(session: Session, reading: Reading, team: str, prefix: str) -> tuple[Case | None, str]:
    """The case and how it was found ("token", "thread", "sr_number", "scin" or "")."""
    if reading.case_ref and reading.case_ref.startswith(prefix + "-"):
        case = session.scalar(select(Case).where(Case.ref == reading.case_ref, Case.team == team))
        if case is not None:
            return case, "token"
    thread = [m for m in [reading.in_reply_to, *reversed(reading.references)] if m]
    if thread:
        rows = session.execute(
            select(Case).join(OutboxMessage, OutboxMessage.case_id == Case.id)
            .where(OutboxMessage.message_id.in_(thread), Case.team == team)).scalars().all()
        if rows:
            return rows[0], "thread"
    fields = reading.fields or {}
    for key in ("sr_number", "scin"):
        value = fields.get(key)
        if not value:
            continue
        column = Case.sr_number if key == "sr_number" else Case.scin
        # An open case first; the newest closed one only if none is open.
        rows = session.execute(select(Case).where(column == value, Case.team == team)
                               .order_by(Case.closed_at.is_not(None), Case.id.desc())).scalars().all()
        if key == "scin" and fields.get("sr_number"):
            # Same client, another service request: a different piece of work.
            rows = [c for c in rows if not c.sr_number or c.sr_number == fields["sr_number"]]
        if rows:
            return rows[0], key
    return None, ""
