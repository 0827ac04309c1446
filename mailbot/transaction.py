"""The transaction record: what one inbound message, or one reminder, changes in the store.

The engine opens one per message (or reminder) and commits it whole: the case change, its
audit events, outbox messages, waits and reminders together. Every stage the message goes
through — routing, conversation, steps, effects, outbox, scheduling — writes through it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from sqlalchemy import bindparam, insert, select, union_all, update
from sqlalchemy.orm import Session

from mailbot.reading import Reading
from mailbot.store import Case, CaseEvent, InboundMessage
from mailbot.workflow import encode

# The inbound row's outcome, written only while the row is still new (built once: building
# and caching a statement costs more than running it).
_WRITE_INBOUND = (update(InboundMessage.__table__)
                  .where(InboundMessage.id == bindparam("row_id"), InboundMessage.status == "new"))


_EVENT_COLUMNS = ("case_id", "at", "kind", "text", "data")


@functools.lru_cache(maxsize=64)
def _write_inbound_with_events(n: int):
    """_WRITE_INBOUND with the INSERT of n events as its WITH clause (PostgreSQL), built
    once for each n, its values bound by name (`kind_0`...) in a SELECT each: the same
    statement each time, so SQLAlchemy compiles it once (an INSERT of several VALUES rows
    it would compile every time)."""
    columns = CaseEvent.__table__.c
    rows = [select(*(bindparam(f"{c}_{i}", type_=columns[c].type) for c in _EVENT_COLUMNS))
            for i in range(n)]
    events = insert(CaseEvent.__table__).from_select(
        _EVENT_COLUMNS, rows[0] if n == 1 else union_all(*rows))
    return _WRITE_INBOUND.add_cte(events.cte("events"))


@dataclass
class Outcome:
    """What processing one inbound message did (for logs, the demo timeline and tests)."""
    status: str
    kind: str | None = None
    case_ref: str | None = None
    reason: str | None = None
    sent: list[str] = field(default_factory=list)


class Transaction:
    """Everything done for one inbound message or one reminder, inside one session.

    `engine` gives what outlives the message (config, workflows, mailboxes, vocabulary,
    files root); the rest is this message's: its row (None for a reminder), the mailbox
    and team it came to, the time it is handled at, what it was read as, the case it is
    filed under, the emails queued and the events noted, not yet written."""

    __slots__ = ("engine", "s", "row", "box", "team", "config", "now", "sent", "reading",
                 "from_other_mailbox", "not_an_email", "came_back", "events", "case")

    def __init__(self, engine, session: Session, row: InboundMessage | None, box, team: str):
        self.engine, self.s, self.row, self.box, self.team = engine, session, row, box, team
        self.config = engine.config
        self.now = engine.clock.now()
        self.sent: list[str] = []
        self.reading: Reading | None = None
        self.from_other_mailbox = False
        self.not_an_email = ""
        self.came_back = False     # a message this mailbox sent, come back to it (routing.read)
        self.events: list[tuple[Case, dict]] = []     # noted, not yet written
        self.case: Case | None = None      # the case the inbound message is filed under

    def event(self, case: Case, kind: str, text: str, data: dict | None = None) -> None:
        """Note an event in the case's audit trail (written by write_events, all at once)."""
        self.events.append((case, {"at": self.now, "kind": kind, "text": text,
                                   "data": jsonable(data) if data else None}))

    def pending_events(self, case: Case) -> list[dict]:
        return [values for c, values in self.events if c is case]

    def write_events(self) -> None:
        """Write the session's changes, then the events noted so far: one INSERT for them
        all, now that their cases have ids."""
        self.s.flush()
        if self.events:
            self.s.connection().execute(insert(CaseEvent.__table__), self._event_rows())
            self._events_written()

    def write(self) -> bool:
        """write_events, then what became of the inbound message (its case has an id by
        then); False if the row is no longer new (handled elsewhere meanwhile: roll back).
        On PostgreSQL the two are one statement (the events' INSERT a WITH clause of the
        row's UPDATE): a round trip fewer a message."""
        if not self.events or self.s.bind.dialect.name != "postgresql":
            self.write_events()
            return self._write_inbound(_WRITE_INBOUND)
        self.s.flush()
        rows = self._event_rows()
        written = self._write_inbound(_write_inbound_with_events(len(rows)),
                                      {f"{k}_{i}": v for i, row in enumerate(rows) for k, v in row.items()})
        self._events_written()
        return written

    def _event_rows(self) -> list[dict]:
        return [{"case_id": case.id, **values} for case, values in self.events]

    def _events_written(self) -> None:
        for case in {id(c): c for c, _ in self.events}.values():
            self.s.expire(case, ["events"])
        self.events.clear()

    def _write_inbound(self, statement, values: dict | None = None) -> bool:
        row = self.row
        written = self.s.connection().execute(statement, {
            "row_id": row.id, "status": row.status, "reason": row.reason, "kind": row.kind,
            "record": row.record, "case_id": self.case.id if self.case is not None else None,
            **(values or {})})
        return written.rowcount == 1


def jsonable(values: dict | None) -> dict | None:
    """Values as the store's JSON columns keep them (dates as ISO strings: workflow.encode)."""
    if values is None:
        return None
    out = {}
    for k, v in values.items():
        if isinstance(v, (list, tuple)):
            out[k] = [encode(x) for x in v]
        else:
            out[k] = encode(v)
    return out
