"""Leases (mailbot/leases.py): one holder at a time per mailbox and for the worker; the
holder stops working before its lease can be taken; a reminder fires once even where two
instances overlap. Each holder's monotonic clock is injected; the term running out in the
store is written as such (its expiry set in the past), never slept on."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select, update

from mailbot.clock import LONDON, SimulatedClock
from mailbot.commands.demo import demo_config
from mailbot.config import StoreConfig
from mailbot.engine import Engine
from mailbot.leases import WORKER, Leases, mailbox_lease
from mailbot.store import Case, CaseEvent, Lease, OutboxMessage, Reminder, open_store

NAMES = [WORKER, mailbox_lease("ssst")]


class Monotonic:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sessions(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'store.db'}")


def term_runs_out(sessions, holder: str) -> None:
    """The holder stopped renewing long enough ago: its rows have expired."""
    with sessions() as s:
        s.execute(update(Lease).where(Lease.holder == holder).values(expires=0.5))
        s.commit()


def rows(sessions) -> dict[str, tuple[str | None, int]]:
    with sessions() as s:
        return {l.name: (l.holder, l.term) for l in s.scalars(select(Lease))}


def test_the_first_instance_takes_every_lease_and_the_second_stands_by(sessions):
    a = Leases(sessions, NAMES, 15, holder="a", monotonic=Monotonic())
    b = Leases(sessions, NAMES, 15, holder="b", monotonic=Monotonic())
    a.renew()
    b.renew()
    assert a.held_names() == NAMES and b.held_names() == []
    a.renew()         # renewing keeps the same term
    assert rows(sessions) == {WORKER: ("a", 1), "mailbox:ssst": ("a", 1)}


def test_an_expired_lease_is_taken_over_and_its_old_holder_stops(sessions):
    a = Leases(sessions, NAMES, 15, holder="a", monotonic=Monotonic())
    b = Leases(sessions, NAMES, 15, holder="b", monotonic=Monotonic())
    a.renew()
    term_runs_out(sessions, "a")
    b.renew()
    assert b.held_names() == NAMES
    assert rows(sessions) == {WORKER: ("b", 2), "mailbox:ssst": ("b", 2)}
    a.renew()         # back from a stall: it finds the leases taken
    assert a.held_names() == []


def test_the_holder_stops_two_thirds_into_a_term_it_could_not_renew(sessions):
    clock = Monotonic()
    a = Leases(sessions, NAMES, 15, holder="a", monotonic=clock)
    a.renew()
    clock.now += 9.9
    assert a.held(WORKER)
    clock.now += 0.2        # 10.1s: past two thirds of 15s, five before the row expires
    assert not a.held(WORKER) and not a.held(mailbox_lease("ssst"))


def test_a_clean_stop_gives_the_leases_back_at_once(sessions):
    a = Leases(sessions, NAMES, 15, holder="a", monotonic=Monotonic())
    b = Leases(sessions, NAMES, 15, holder="b", monotonic=Monotonic())
    a.renew()
    a.stop()
    assert a.held_names() == []
    b.renew()
    assert b.held_names() == NAMES


def test_a_mailbox_no_longer_configured_is_given_back(sessions):
    a = Leases(sessions, [*NAMES, mailbox_lease("vsat")], 15, holder="a", monotonic=Monotonic())
    a.renew()
    a.want(NAMES)
    assert rows(sessions)["mailbox:vsat"] == (None, 1)


def test_a_store_that_does_not_answer_is_said_once_and_the_leases_lapse(tmp_path, caplog):
    clock = Monotonic()
    sessions = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    a = Leases(sessions, NAMES, 15, holder="a", monotonic=clock)
    a.renew()
    (tmp_path / "store.db").unlink()
    sessions.kw["bind"].dispose()
    (tmp_path / "store.db").mkdir()       # the file is now a folder: the store cannot open
    for _ in range(3):
        a._attempt()
    assert [r.message for r in caplog.records if "could not renew" in r.message][:1] and \
        len([r for r in caplog.records if "could not renew" in r.message]) == 1
    clock.now += 11
    assert a.held_names() == []


def test_a_reminder_fires_once_where_two_instances_overlap(tmp_path, pg_url):
    """Instance A has read the due reminder; before it marks it fired, instance B (another
    machine, whose lease term began as A's stalled) fires it. A then finds it fired."""
    store = StoreConfig(url=pg_url)
    clock = SimulatedClock(datetime(2027, 3, 1, 10, 0, tzinfo=LONDON))
    engines = [Engine(demo_config(tmp_path / name).model_copy(update={"store": store}), clock)
               for name in ("a", "b")]
    a, b = engines
    with a.sessions() as s:
        case = Case(ref="SSST-000001", team="ssst", workflow="f2f_routing", state="open",
                    data={}, opened_at=clock.now(), updated_at=clock.now())
        s.add(case)
        s.flush()
        s.add(Reminder(case_id=case.id, key="no_such_timer", due_at=clock.now(), data={},
                       status="pending", created_at=clock.now()))
        s.commit()
    clock.advance(timedelta(minutes=1))

    fired_by_b = []

    @event.listens_for(a.sessions.kw["bind"], "before_cursor_execute")
    def b_fires_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE reminders") and not fired_by_b:
            fired_by_b.append(b.fire_due_reminders())

    try:
        assert a.fire_due_reminders() == 0
        assert fired_by_b == [1]
        with a.sessions() as s:
            fell_due = s.scalars(select(CaseEvent.text).where(CaseEvent.kind == "reminder")).all()
            assert [r.status for r in s.scalars(select(Reminder))] == ["fired"]
        assert len(fell_due) == 1
    finally:
        for engine in engines:
            engine.close()


def test_mailbot_leases_shows_who_works_what(tmp_path):
    from mailbot.commands.admin import list_leases
    config = demo_config(tmp_path).model_copy(update={"store": StoreConfig(
        url=f"sqlite:///{tmp_path / 'store.db'}")})
    sessions = open_store(config.store.url)
    lines: list[str] = []
    list_leases(config, out=lines.append)
    assert lines[-1] == "(no leases: mailbot run has not run on this store)"
    Leases(sessions, NAMES, 15, holder="host-a:4242:1f2e3d", monotonic=Monotonic()).renew()
    Leases(sessions, [mailbox_lease("vsat")], 15, holder="host-b:77:aa", monotonic=Monotonic()).renew()
    term_runs_out(sessions, "host-b:77:aa")
    lines.clear()
    list_leases(config, out=lines.append)
    table = {line.split()[0]: line for line in lines[1:]}
    assert "host-a:4242:1f2e3d" in table["mailbox:ssst"] and "held, " in table["worker"]
    assert "expired" in table["mailbox:vsat"] and "host-b:77:aa" in table["mailbox:vsat"]


def test_an_instance_whose_term_ran_out_in_the_store_claims_nothing_to_send(
        tmp_path, private_dovecot, private_relay):
    """The outbox's claim carries the worker's lease as a condition in SQL: a process that
    stalled past its term (its own clock not yet telling it) sends nothing, and the
    message stays for the holder."""
    from tests.botworld import ECM, SSST, make_world
    world = make_world(tmp_path, private_dovecot, private_relay)
    engine = world.engine
    try:
        leases = Leases(engine.sessions, [WORKER], 15, holder="stalled", monotonic=Monotonic())
        leases.renew()
        engine.fences = (leases.fence(WORKER),)
        world.send(ECM, SSST, "note", "A note about nothing in particular.")
        for key in engine.mailboxes:
            engine.poll(key)
        engine.process_pending()
        term_runs_out(engine.sessions, "stalled")
        assert engine.dispatch() == 0
        with engine.sessions() as s:
            assert [o.status for o in s.scalars(select(OutboxMessage))] == ["pending"]
        leases.renew()           # its lease again: it sends
        assert engine.dispatch() == 1
    finally:
        engine.close()
