"""Leases: which instance works each mailbox, and the worker, when several share one store.

Several `mailbot run` processes, on other machines, may share one PostgreSQL store. Each
mailbox (fetching its mail) and the worker (reading and handling mail, reminders, sending)
is worked by one of them at a time: the holder of its lease, a row in the store that the
holder renews every `lease_seconds / 5`. The others stand by and take a lease over once
it has expired, `lease_seconds` after its last renewal. Expiry is counted by the
database's own clock, so the machines' clocks need not agree.

An instance that cannot renew (it lost the database, or stalled) stops working a lease
two thirds of the way through the term it last renewed, counted from the moment it began
that renewal on its own monotonic clock: before the row expires and another may take it
over. Renewals run in a thread of their own, so a database call that hangs (a network
partition that drops packets) never holds that deadline up. A clean stop gives the leases
back at once, for a stand-by to take over within its next look.

A lease only decides who works; the store guards the work itself as well: an inbound
message is written only while still new, a reminder fires only while still pending, and
an outbox message is claimed only while due. So two holders for a moment (a stalled
process waking after its term) cannot handle a message, fire a reminder or send twice.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
import time
import uuid
from typing import Callable

from sqlalchemy import Float, case, cast, exists, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.store import Lease

log = logging.getLogger("mailbot")

WORKER = "worker"
# The part of a term the holder works before it must have renewed (the rest is the margin
# that keeps two holders apart).
WORKING_PART = 2 / 3


def mailbox_lease(key: str) -> str:
    return f"mailbox:{key}"


def instance_name() -> str:
    """This process's name as a holder: its machine, its pid and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def database_now(dialect: str):
    """Seconds since the epoch by the database's clock, as an SQL expression."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", func.clock_timestamp()), Float)
    if dialect == "sqlite":
        return (func.julianday("now") - 2440587.5) * 86400.0
    return cast(func.extract("epoch", func.current_timestamp()), Float)


class Leases:
    """The leases this instance wants, renewed by a thread of their own (`start`).
    `held(name)` is what the working threads ask, and costs no database call; the worker's
    lease is kept in memory shared with a forked worker process (make this before it)."""

    def __init__(self, sessions: sessionmaker[Session], names: list[str], seconds: float,
                 holder: str | None = None,
                 on_change: Callable[[str, bool], None] | None = None,
                 monotonic: Callable[[], float] = time.monotonic):
        self.sessions = sessions
        self.monotonic = monotonic      # the system's in production: a worker process shares it
        self.seconds = seconds
        self.holder = holder or instance_name()
        self.on_change = on_change or (lambda name, held: None)
        self._until: dict[str, multiprocessing.sharedctypes.Synchronized] = {}
        self._made: set[str] = set()     # names whose row is known to be in the store
        self._was: dict[str, bool] = {}
        self.want(names)
        self._dialect = sessions.kw["bind"].dialect.name
        self._stop = threading.Event()
        self._renewing: threading.Thread | None = None
        self._renewed_at = 0.0        # monotonic start of the last renewal attempt
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    # --- what the working threads ask ------------------------------------------------------
    def held(self, name: str) -> bool:
        until = self._until.get(name)
        return until is not None and self.monotonic() < until.value

    def fence(self, name: str):
        """An SQL condition true only while this instance holds `name` in the store."""
        return exists().where(Lease.name == name, Lease.holder == self.holder,
                              Lease.expires > database_now(self._dialect))

    def held_names(self) -> list[str]:
        return [name for name in self._until if self.held(name)]

    def want(self, names: list[str]) -> None:
        """Work these leases from now on (a reload may add mailboxes; a lease no longer
        wanted is given back)."""
        for name in names:
            if name not in self._until:
                self._until[name] = multiprocessing.RawValue("d", 0.0)
                self._was[name] = False
        for name in [n for n in self._until if n not in names]:
            self._until.pop(name)
            self._was.pop(name, None)
            self._give_back([name])

    # --- renewing ---------------------------------------------------------------------------
    def renew(self) -> None:
        """Take or renew every wanted lease that is free, expired or ours, in one
        transaction; a lease another instance holds is left to it."""
        started = self.monotonic()
        names = list(self._until)
        now = database_now(self._dialect)
        with self.sessions() as s:
            if not self._made.issuperset(names):     # the first renewal of a new name
                have = set(s.scalars(select(Lease.name).where(Lease.name.in_(names))))
                for name in set(names) - have:
                    s.add(Lease(name=name, holder=None, expires=0.0, term=0))
                try:
                    s.commit()
                except IntegrityError:      # another instance made it meanwhile
                    s.rollback()
                self._made.update(names)
            won = set(s.scalars(
                update(Lease).where(Lease.name.in_(names),
                                    or_(Lease.holder == self.holder, Lease.holder.is_(None),
                                        Lease.expires < now))
                .values(holder=self.holder, expires=now + literal(float(self.seconds)),
                        term=case((Lease.holder == self.holder, Lease.term),
                                  else_=Lease.term + 1))
                .returning(Lease.name)
                .execution_options(synchronize_session=False)))
            s.commit()
        until = started + self.seconds * WORKING_PART
        for name in names:
            value = self._until.get(name)
            if value is None:
                continue
            if name in won:
                value.value = until
            else:
                value.value = 0.0
        self.last_error = None

    def holders(self) -> dict[str, tuple[str | None, float]]:
        """Every lease's holder and seconds left (negative: expired), for `mailbot leases`
        and /healthz."""
        now = database_now(self._dialect)
        with self.sessions() as s:
            return {name: (holder, left) for name, holder, left in
                    s.execute(select(Lease.name, Lease.holder, Lease.expires - now))}

    def start(self) -> None:
        """Take what is free now, then keep renewing in the background."""
        self._attempt()
        self._notice()
        self._thread = threading.Thread(target=self._loop, name="leases", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        every = self.seconds / 5
        while not self._stop.wait(min(0.25, every / 2)):
            if self.monotonic() - self._renewed_at >= every and \
                    (self._renewing is None or not self._renewing.is_alive()):
                self._renewing = threading.Thread(target=self._attempt, name="lease-renewal",
                                                  daemon=True)
                self._renewing.start()
            self._notice()

    def _attempt(self) -> None:
        self._renewed_at = self.monotonic()
        try:
            self.renew()
        except Exception as exc:
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if self.last_error is None:
                log.warning("leases: could not renew (%s); work stops at the end of the term "
                            "unless the store answers", error)
            self.last_error = error

    def _notice(self) -> None:
        """Say when a lease is taken or lost, and tell the daemon (on_change)."""
        for name in list(self._until):
            held = self.held(name)
            if held == self._was.get(name):
                continue
            self._was[name] = held
            if held:
                log.info("lease %s taken: this instance (%s) works it", name, self.holder)
            else:
                log.warning("lease %s lost: this instance stops working it (%s)", name,
                            self._why_lost())
            try:
                self.on_change(name, held)
            except Exception:
                log.exception("lease %s: reacting to the change failed", name)

    def _why_lost(self) -> str:
        if self._stop.is_set():
            return "stopping"
        if self._renewing is not None and self._renewing.is_alive():
            return (f"its renewal has had no answer from the store for "
                    f"{self.monotonic() - self._renewed_at:.1f}s")
        if self.last_error:
            return f"it could not be renewed: {self.last_error}"
        return "another instance holds it"

    def stop(self, give_back: bool = True) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if give_back:
            self._give_back(list(self._until))

    def _give_back(self, names: list[str]) -> None:
        """Let a stand-by take these over at once (a clean stop, or no longer wanted)."""
        for name in names:
            if name in self._until:
                self._until[name].value = 0.0
        if not names:
            return
        try:
            with self.sessions() as s:
                s.execute(update(Lease).where(Lease.name.in_(names),
                                              Lease.holder == self.holder)
                          .values(holder=None, expires=0.0)
                          .execution_options(synchronize_session=False))
                s.commit()
        except Exception as exc:
            log.warning("leases: could not give back %s (%s); they expire in %.0fs",
                        ", ".join(names), type(exc).__name__, self.seconds)
