"""Waits: the questions a case is waiting on, kept in the store (mailbot.store.Wait).

A step that asks someone something sends the question with `wait=NAME` (a WaitSpec the
workflow declares); the engine opens the wait with the question's Message-ID. A message
that reaches the case is matched to its open waits before anything else, in this order:

1. its thread: In-Reply-To / References name the question or an ask-back sent on it;
2. its sender: the one open wait that asked this person;
3. its kind: the one open wait that expects a message of this kind.

and is then read again as the answer to that question (`read_message(expect=...)`).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.reading import Reading
from mailbot.store import Case, Wait
from mailbot.workflow import WaitSpec


def open_waits(session: Session, case: Case) -> list[Wait]:
    if case.id is None:
        return []
    session.flush()
    return list(session.scalars(select(Wait).where(Wait.case_id == case.id, Wait.status == "open")
                                .order_by(Wait.id)))


def open_wait(session: Session, case: Case, spec: WaitSpec, message_id: str | None,
              asked: list[str], now: datetime) -> Wait:
    """Open (or renew) the wait `spec` on the case: a question asked again keeps the earlier
    Message-IDs, so a reply to the first asking still answers it."""
    earlier = [w for w in open_waits(session, case) if w.name == spec.name]
    ids: list[str] = []
    partial: dict = {}
    for w in earlier:
        ids.extend(w.message_ids or [])
        partial.update(w.partial or {})
        w.status, w.closed_at = "replaced", now
    wait = Wait(case_id=case.id, name=spec.name, asked=list(asked), asked_role=spec.ask,
                expects=list(spec.expects), question=spec.question,
                message_ids=[*ids, *([message_id] if message_id else [])], partial=partial, status="open", opened_at=now)
    session.add(wait)
    return wait


def match(waits: list[Wait], reading: Reading) -> tuple[list[Wait], str]:
    """The open waits this message may answer, most likely first, and how they were found:
    "thread" (it replies to the question), "sender" (the person asked wrote), "kind" (it is
    a kind a wait expects) or "open" (none of these: every open wait, for the reader to
    decide whether the message answers any)."""
    if not waits:
        return [], ""
    thread = {m for m in [reading.in_reply_to, *reading.references] if m}
    by_thread = [w for w in waits if thread & set(w.message_ids or [])]
    if by_thread:
        return by_thread[::-1], "thread"
    sender = (reading.sender or "").lower()
    by_sender = [w for w in waits if sender in (w.asked or [])]
    if by_sender:
        return sorted(by_sender, key=lambda w: reading.kind not in (w.expects or [])), "sender"
    by_kind = [w for w in waits if reading.kind in (w.expects or [])]
    if by_kind:
        return by_kind, "kind"
    return list(waits), "open"


def expected(waits: list[Wait]) -> tuple[str, ...]:
    """The answer kinds of these waits, in their order, each once."""
    kinds: list[str] = []
    for w in waits:
        kinds.extend(k for k in (w.expects or []) if k not in kinds)
    return tuple(kinds)


def close(waits: list[Wait], status: str, now: datetime) -> list[str]:
    """Close these waits; the names closed."""
    for w in waits:
        w.status, w.closed_at = status, now
    return [w.name for w in waits]
