"""The store: every inbound message's raw bytes, records, cases, their audit trail,
the outbox and reminders. SQLAlchemy 2; SQLite (WAL) by default, any URL by config."""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterator

from sqlalchemy import (JSON, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, Select,
                        String, Text, UniqueConstraint, bindparam, create_engine, event, func, insert,
                        literal_column, select, update)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker
from sqlalchemy.schema import CreateIndex
from sqlalchemy.types import TypeDecorator

from mailbot.clock import LONDON


class AwareDateTime(TypeDecorator):
    """Stored as UTC, returned in Europe/London: SQLite keeps no time zone of its own."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use the injected clock")
        from datetime import timezone
        return value.astimezone(timezone.utc).replace(tzinfo=None) \
            if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        from datetime import timezone
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(LONDON)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: AwareDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class InboundMessage(Base):
    """A message as it arrived: raw bytes first, then what became of it."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("mailbox", "uidvalidity", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(64))
    uidvalidity: Mapped[int] = mapped_column(Integer)
    uid: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime]
    # new → processed | quarantined | ignored | duplicate
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(40))
    record: Mapped[dict[str, Any] | None]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Set with the case itself, so that a case opened by this message is written once,
    # with the message, rather than first alone to learn its id.
    case: Mapped["Case | None"] = relationship()


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    team: Mapped[str] = mapped_column(String(32))
    workflow: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    sr_number: Mapped[str | None] = mapped_column(String(20), index=True)
    scin: Mapped[str | None] = mapped_column(String(20), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(40))

    events: Mapped[list["CaseEvent"]] = relationship(back_populates="case",
                                                     order_by="CaseEvent.id")


# The officer a case's data names, in each database's own JSON syntax. Every new case counts
# the team's open cases per officer (work is spread evenly), so the store keeps a partial
# index of exactly that expression.
CASE_OFFICER = {
    "sqlite": func.json_extract(Case.data, literal_column("'$.officer_email'")),
    "postgresql": Case.data.op("->>")(literal_column("'officer_email'")),
}
OPEN_CASES_BY_OFFICER = Index("ix_cases_open_officer", Case.team, CASE_OFFICER["sqlite"],
                              sqlite_where=Case.closed_at.is_(None)).ddl_if(dialect="sqlite")
OPEN_CASES_BY_OFFICER_PG = Index("ix_cases_open_officer_pg", Case.team, CASE_OFFICER["postgresql"],
                                 postgresql_where=Case.closed_at.is_(None)).ddl_if(dialect="postgresql")


@lru_cache(maxsize=64)
def open_cases_by_officer(dialect: str, team: str) -> Select | None:
    """(officer, open cases) for a team, where the database can read JSON (else None)."""
    officer = CASE_OFFICER.get(dialect)
    if officer is None:
        return None
    return (select(officer, func.count())
            .where(Case.team == team, Case.closed_at.is_(None)).group_by(officer))


class CaseEvent(Base):
    """The audit trail: one row per thing that happened to a case."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None]

    case: Mapped[Case] = relationship(back_populates="events")


class OutboxMessage(Base):
    """A message the bot will send (or has sent). Rendered once, sent as rendered."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    mailbox: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    sender: Mapped[str] = mapped_column(String(255))
    recipients: Mapped[list[Any]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(80))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    # pending → sending → sent | failed; sending → unconfirmed after a crash mid-send
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]     # our own copy came back: it really went
    read_at: Mapped[datetime | None]
    bounced_at: Mapped[datetime | None]

    case: Mapped[Case | None] = relationship()     # see InboundMessage.case


class Reminder(Base):
    """A timer a case waits on: data, visible and persisted, never a sleeping thread."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    due_at: Mapped[datetime] = mapped_column(index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # pending → fired | cancelled
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    fired_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Wait(Base):
    """A question the case is waiting on: who was asked, by which message, what answers fit.

    A reply is matched to an open wait first (its thread, then who sent it, then its kind)
    and read as the answer to that question. `message_ids` holds the question and every
    ask-back sent on it, so a reply to any of them answers it; `partial` holds what earlier
    incomplete answers gave, so "2pm" after "Thursday, Swansea office" completes it."""

    __tablename__ = "waits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    asked: Mapped[list[Any]] = mapped_column(JSON, default=list)        # addresses
    asked_role: Mapped[str] = mapped_column(String(40))
    expects: Mapped[list[Any]] = mapped_column(JSON, default=list)      # answer kinds
    question: Mapped[str] = mapped_column(Text)                        # what was asked, in words
    message_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    partial: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # open → answered | cancelled
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class Checkpoint(Base):
    __tablename__ = "checkpoints"

    mailbox: Mapped[str] = mapped_column(String(64), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(Integer)
    last_uid: Mapped[str] = mapped_column(String(128))


class QuarantineMove(Base):
    """A quarantined message to move to its mailbox's quarantine folder. The mailbox settled
    it as processed when it was stored, before it was read; it is written with the
    quarantine, in the same transaction, and the mailbox's own thread (which alone holds its
    connection) moves the message on its next look and notes when (Engine.poll)."""

    __tablename__ = "quarantine_moves"

    inbound_id: Mapped[int] = mapped_column(ForeignKey("inbound_messages.id"), primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(64))
    # null while still to move; else when moved (or found gone: moved or deleted by a person)
    moved_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(Text)


class Counter(Base):
    """Case reference numbers, per prefix."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Lease(Base):
    """Who works a mailbox, or the worker, where several instances share the store (see
    mailbot/leases.py). Times are seconds since the epoch by the database's own clock."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))
    expires: Mapped[float] = mapped_column(Float, default=0.0)
    term: Mapped[int] = mapped_column(Integer, default=0)     # changes of holder so far


def open_store(url: str) -> sessionmaker[Session]:
    """Create the tables if needed and return a session factory."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        from pathlib import Path
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # A pooled connection the server dropped (a restart, a cut) is found and replaced before
    # use: pinged as it leaves the pool (on psycopg, by the BEGIN its transaction needs anyway).
    begin_pings = make_url(url).get_driver_name() == "psycopg"
    engine = create_engine(url, future=True,
                           pool_pre_ping=not url.startswith("sqlite") and not begin_pings)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    if begin_pings:
        _begin_as_ping(engine)
        _end_reads_by_commit(engine)
    Base.metadata.create_all(engine)
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:      # a store made before the index was
            conn.execute(CreateIndex(OPEN_CASES_BY_OFFICER, if_not_exists=True))
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def _begin_as_ping(engine: Engine) -> None:
    """SQLAlchemy's pool_pre_ping, one round trip cheaper per transaction on psycopg: the
    connection taken from the pool is pinged by the BEGIN of its transaction, sent at once
    (psycopg sends none of its own then), rather than by an empty statement of its own
    before the BEGIN psycopg sends with the first statement. One the server dropped is
    found by it and the pool invalidated, as pool_pre_ping does; a connection set up
    otherwise (autocommit, an isolation level) gets pool_pre_ping's own ping."""
    from psycopg import OperationalError, pq
    dialect = engine.dialect

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, _record, _proxy):
        try:
            if (dbapi_conn.autocommit or dbapi_conn.isolation_level is not None
                    or dbapi_conn.read_only is not None or dbapi_conn.deferrable is not None
                    or dbapi_conn.info.transaction_status != pq.TransactionStatus.IDLE):
                dialect.do_ping(dbapi_conn)
                return
            result = dbapi_conn.pgconn.exec_(b"BEGIN")
            if result.status != pq.ExecStatus.COMMAND_OK:
                raise OperationalError("the store refused BEGIN: " + (
                    result.error_message.decode(errors="replace").strip() or "no reason given"))
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_conn, None):
                raise InvalidatePoolError(f"the store did not answer: {exc}") from exc
            raise


def _end_reads_by_commit(engine: Engine) -> None:
    """On psycopg: a transaction that only read ends by COMMIT where SQLAlchemy would roll it
    back (a session closed after its reads). The two are the same to the store, but a
    ROLLBACK makes psycopg forget the statements it has prepared on that connection and
    have the server forget them too (DEALLOCATE ALL, a round trip of its own), so that a
    connection whose reads end each pass — the sender's, the mailboxes' — never prepares
    any. A transaction that wrote, or failed, is rolled back as before."""
    from psycopg import pq

    def note(conn, _cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip()[:6].upper() != "SELECT":
            conn.info["store_wrote"] = True

    def begun(conn):
        conn.info["store_wrote"] = False

    def taken(_dbapi_conn, record, _proxy):
        record.info["store_wrote"] = True      # until SQLAlchemy begins (used otherwise: unknown)

    def end_by_commit(get_connection_and_info) -> None:
        # Never raises: the ROLLBACK that follows finds the connection as it is, as before.
        try:
            dbapi_conn, info = get_connection_and_info()
            if dbapi_conn is not None and not info.get("store_wrote", True) and \
                    dbapi_conn.info.transaction_status == pq.TransactionStatus.INTRANS:
                dbapi_conn.commit()
        except Exception:
            pass

    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "begin", begun)
    event.listen(engine, "checkout", taken)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn):
        if not (conn.closed or conn.invalidated):
            end_by_commit(lambda: (conn.connection.dbapi_connection, conn.info))

    @event.listens_for(engine, "reset")
    def _on_reset(dbapi_conn, record, state):     # a connection back in the pool
        if record is not None and not state.transaction_was_reset:
            end_by_commit(lambda: (dbapi_conn, record.info))


_counters = Counter.__table__
# Built once: every new case runs it.
_COUNT_ONE_MORE = (update(_counters).where(_counters.c.name == bindparam("prefix"))
                   .values(value=_counters.c.value + 1).returning(_counters.c.value))


def next_case_ref(session: Session, prefix: str) -> str:
    """The next reference of a prefix, counted in the session's transaction (so it is
    given back if the case is not written)."""
    conn = session.connection()
    value = conn.scalar(_COUNT_ONE_MORE, {"prefix": prefix})
    if value is None:
        conn.execute(insert(_counters).values(name=prefix, value=1))
        value = 1
    return f"{prefix}-{value:06d}"


def find_case(session: Session, ref: str) -> Case | None:
    return session.scalar(select(Case).where(Case.ref == ref.upper()))


def writer_lock_path(url: str, files_root: str) -> str:
    """The writer lock's file: beside a SQLite file, else in the files root."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return url.removeprefix("sqlite:///") + "-writer.lock"
    return os.path.join(files_root, ".writer.lock")


class WriterLock:
    """One writer at a time. Threads of a process queue on an RLock; the daemon and its
    worker process also queue on an flock on a file (writer_lock_path). Either wakes the
    next writer the moment the lock is free, where SQLite's own busy handler sleeps in
    growing steps and loses time under load; and on PostgreSQL it keeps the two processes
    from changing one case at once. Reentrant."""

    def __init__(self, path: str | None):
        self.path = path      # None: this process's threads only
        self._local = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> "WriterLock":
        self._local.acquire()
        self._depth += 1
        if self._depth == 1 and self.path:
            try:
                if self._fd is None:
                    os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
                    self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._depth -= 1
                self._local.release()
                raise
        return self

    def __exit__(self, *exc) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._local.release()

    def after_fork(self) -> None:
        """In a forked child: a lock of its own (the inherited file descriptor shares the
        parent's flock, and the RLock may have been held by a thread that is not here)."""
        self._local = threading.RLock()
        self._depth = 0
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class StoreUnavailable(Exception):
    """The store did not answer (a dropped connection, a restarting server): nothing about
    the message is wrong, and it is tried again."""


# What SQLAlchemy's pool raises when its reconnection attempts at a checkout are exhausted.
POOL_GAVE_UP = "This connection is closed"


def store_unreachable(exc: BaseException) -> bool:
    """The database refused or lost the connection (or, on SQLite, stayed locked). That
    includes the pool giving up a checkout whose every new connection was lost at once
    (its InvalidRequestError "This connection is closed", seen with connections cut every
    half second)."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, InvalidRequestError, OperationalError
    if type(exc) is InvalidRequestError and str(exc) == POOL_GAVE_UP:
        return True
    return isinstance(exc, (OperationalError, InterfaceError)) or \
        (isinstance(exc, DBAPIError) and bool(exc.connection_invalidated))


@contextmanager
def outage_as_unavailable() -> Iterator[None]:
    """A store that did not answer raises StoreUnavailable here; other errors pass as they are."""
    try:
        yield
    except StoreUnavailable:
        raise
    except Exception as exc:
        if not store_unreachable(exc):
            raise
        raise StoreUnavailable(f"the store did not answer: {type(exc).__name__}") from exc
