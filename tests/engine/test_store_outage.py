"""A lost database connection never costs a message (issue 16): a message whose handling
fails because the store did not answer stays new, is not quarantined, nobody is told of a
quarantine, and it is handled once the store answers; a send made as the store stopped
answering is recorded once it answers, never sent again; mail fetched as it stopped is
settled at the next look. Here the store's failures are made to order (tests/engine/
test_pg_connection_cuts.py cuts real connections to PostgreSQL)."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mailbot import dispatcher as outbox_module
from mailbot import routing
from mailbot.engine import Engine, StoreUnavailable
from mailbot.dispatcher import Dispatcher
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage, Reminder
from tests.botworld import CASEWORKER, SSST, SSST_LEADER, make_world
from tests.journeys.test_f2f import request


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay)
    yield w
    w.engine.close()


def test_a_message_the_store_drops_stays_new_and_is_handled_when_it_answers(world, monkeypatch):
    handle = routing.handle
    cuts = []

    def cut_once(tx):
        if not cuts:
            cuts.append(1)
            raise OperationalError("UPDATE cases ...", {}, Exception("server closed the connection unexpectedly"))
        return handle(tx)

    monkeypatch.setattr(routing, "handle", cut_once)
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    with pytest.raises(StoreUnavailable):
        world.run()
    with world.engine.sessions() as s:
        [row] = s.scalars(select(InboundMessage)).all()
        assert row.status == "new" and row.reason is None
        assert s.scalars(select(Case)).all() == []
    assert world.inbox(SSST_LEADER) == []                       # no quarantine notice

    world.run()                                                  # the store answers again
    with world.engine.sessions() as s:
        [row] = s.scalars(select(InboundMessage)).all()
        assert row.status == "processed"
        assert [c.sr_number for c in s.scalars(select(Case))] == ["1-7QF3KD2"]
    assert world.last("priya.shah@ssst.cmg.example.gov.uk", "Full PV check")


# ------------------------------------------------------------------ the sender's side
OFFICERS = ("priya.shah@ssst.cmg.example.gov.uk", "tom.reilly@ssst.cmg.example.gov.uk")


class StoreSwitch:
    """The store failing to order: `down` makes every statement and commit fail as a
    dropped connection does; `lose_next_answer` lets the next commit reach the store
    and loses only its answer; `after_sends` takes the store away once that many messages
    have gone out (while the mail was on its way)."""

    def __init__(self, monkeypatch):
        self.down = False
        self.lose_next_answer = False
        self.after_sends: int | None = None
        # every statement of a session (execute, scalars, scalar, get) goes through
        # _execute_internal
        execute, commit, send_all = Session._execute_internal, Session.commit, Dispatcher._send_all
        switch = self

        def cut(what):
            return OperationalError(what, {}, Exception("server closed the connection unexpectedly"))

        def failing_execute(s, *args, **kw):
            if switch.down:
                raise cut("SELECT ...")
            return execute(s, *args, **kw)

        def failing_commit(s):
            if switch.down:
                s.rollback()
                raise cut("COMMIT")
            commit(s)
            if switch.lose_next_answer:
                switch.lose_next_answer = False
                raise cut("COMMIT")

        def sending(dispatcher, claimed):
            results = send_all(dispatcher, claimed)
            if switch.after_sends is not None:
                switch.after_sends -= len(results)
                if switch.after_sends <= 0:
                    switch.after_sends, switch.down = None, True
            return results

        monkeypatch.setattr(Session, "_execute_internal", failing_execute)
        monkeypatch.setattr(Session, "commit", failing_commit)
        monkeypatch.setattr(Dispatcher, "_send_all", sending)


def two_referrals_queued(world) -> None:
    """Two face to face requests read and handled: a PV check for an officer each, queued."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD4",
               request(sr="1-7QF3KD4", scin="1100 2233 4466", name="Ann Jones"))
    key = next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)
    world.engine.poll(key)
    assert [o.status for o in world.engine.process_pending()] == ["processed", "processed"]


def pv_checks(world) -> list[str]:
    """The Message-IDs of every PV check the officers received."""
    return [m.message_id for officer in OFFICERS for m in world.inbox(officer)
            if "Full PV check" in m.subject]


def outbox(world) -> list[tuple[str, int]]:
    with world.engine.sessions() as s:
        return [(o.status, o.attempts) for o in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_a_send_made_as_the_store_goes_is_recorded_when_it_answers_and_never_sent_again(
        world, monkeypatch, caplog):
    # One message claimed at a time, so that the second one's claim rides in the commit
    # that records the first one's send.
    monkeypatch.setattr(outbox_module, "CLAIM_GROUP", 1)
    two_referrals_queued(world)
    store = StoreSwitch(monkeypatch)
    store.after_sends = 1           # the first PV check goes; then the store is gone

    with caplog.at_level(logging.WARNING, logger="mailbot"):
        assert world.engine.dispatch() == 0        # nothing recorded, so nothing counted yet
        assert len(pv_checks(world)) == 1
        assert world.engine.dispatch() == 0        # still gone: nothing new is claimed
        assert world.engine.dispatch() == 0
        assert len(pv_checks(world)) == 1
        store.down = False
        assert outbox(world) == [("sending", 1), ("pending", 0)]

        assert world.engine.dispatch() == 2       # the first recorded, the second sent
    assert outbox(world) == [("sent", 1), ("sent", 1)]
    checks = pv_checks(world)
    assert len(checks) == 2 and len(set(checks)) == 2
    said = [r.getMessage() for r in caplog.records if r.name == "mailbot"]
    assert sum("did not answer while sending" in line for line in said) == 1, said
    assert sum("answers again" in line for line in said) == 1, said

    world.engine.close()            # a restart finds nothing left in doubt
    engine = Engine(world.engine.config, world.clock)
    assert engine.recover_interrupted_sends() == 0
    world.engine = engine
    world.run()
    assert len(pv_checks(world)) == 2


def test_a_commit_whose_answer_is_lost_is_not_recorded_twice_and_its_claim_is_given_back(
        world, monkeypatch):
    monkeypatch.setattr(outbox_module, "CLAIM_GROUP", 1)
    two_referrals_queued(world)
    store = StoreSwitch(monkeypatch)
    send_all, lost = Dispatcher._send_all, []

    def lose_one_answer(dispatcher, claimed):
        results = send_all(dispatcher, claimed)
        if not lost:        # the commit recording the first send (and claiming the next)
            lost.append(1)
            store.lose_next_answer = True
        return results
    monkeypatch.setattr(Dispatcher, "_send_all", lose_one_answer)

    assert world.engine.dispatch() == 0
    # The commit reached the store: the first is recorded, the second claimed, not sent.
    assert outbox(world) == [("sent", 1), ("sending", 1)]
    assert len(pv_checks(world)) == 1

    assert world.engine.dispatch() == 2     # the first announced, the second sent
    assert outbox(world) == [("sent", 1), ("sent", 1)]
    checks = pv_checks(world)
    assert len(checks) == 2 and len(set(checks)) == 2


# ------------------------------------------------------------------ the mailbox's side
def test_mail_stored_as_the_store_stopped_answering_is_settled_at_the_next_look_and_handled_once(
        world, monkeypatch):
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    key = next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)
    dovecot = world.post.dovecot
    world.engine.poll(key)                 # the first look, at start, is behind us
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD4",
               request(sr="1-7QF3KD4", scin="1100 2233 4466", name="Ann Jones"))
    store = StoreSwitch(monkeypatch)
    store.lose_next_answer = True          # the batch is stored; the answer never comes
    with pytest.raises(StoreUnavailable):
        world.engine.poll(key)
    assert dovecot.message_count(SSST) == 1            # not settled: still in the INBOX

    world.engine.poll(key)                 # the store answers: the whole folder looked at again
    assert dovecot.message_count(SSST) == 0
    assert len(dovecot.read_mailbox(SSST, folder="Processed")) == 2
    assert [o.status for o in world.engine.process_pending()] == ["processed", "processed"]
    world.run()
    with world.engine.sessions() as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 2
    checks = pv_checks(world)
    assert len(checks) == len(set(checks)) == 2


# ------------------------------------------------------------------ the reminders' side
def test_a_reminder_due_while_the_store_is_gone_fires_once_when_it_answers(world, monkeypatch):
    now = world.clock.now()
    with world.engine.sessions() as s:
        case = Case(ref="SSST-000099", team="ssst", workflow="f2f", state="awaiting_pv_check",
                    data={}, opened_at=now, updated_at=now)
        s.add(case)
        s.flush()
        s.add(Reminder(case_id=case.id, key="chase", due_at=now - timedelta(minutes=1),
                       data={}, created_at=now))
        s.commit()
    store = StoreSwitch(monkeypatch)
    store.down = True
    with pytest.raises(StoreUnavailable):
        world.engine.fire_due_reminders()
    store.down = False
    assert world.engine.fire_due_reminders() == 1
    assert world.engine.fire_due_reminders() == 0
    with world.engine.sessions() as s:
        assert [r.status for r in s.scalars(select(Reminder))] == ["fired"]
        assert len([e for e in s.scalars(select(CaseEvent)) if e.kind == "reminder"]) == 1


def test_a_look_when_the_pool_gives_up_reconnecting_leaves_the_mail_to_the_next_look(world, monkeypatch):
    # With connections cut every half second, SQLAlchemy's pool can lose every connection it
    # makes at a checkout; it then gives up with InvalidRequestError("This connection is
    # closed"). That is the store not answering, like any other: no traceback, no reconnect
    # of the mailbox, the mail left where it is.
    from sqlalchemy.exc import InvalidRequestError
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    get = Session.get
    gave_up = []

    def give_up_once(self, *args, **kwargs):
        if not gave_up:
            gave_up.append(1)
            raise InvalidRequestError("This connection is closed")
        return get(self, *args, **kwargs)

    monkeypatch.setattr(Session, "get", give_up_once)
    key = next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)
    with pytest.raises(StoreUnavailable):
        world.engine.poll(key)
    assert world.post.dovecot.message_count(SSST) == 1
    world.run()
    with world.engine.sessions() as s:
        assert [c.sr_number for c in s.scalars(select(Case))] == ["1-7QF3KD2"]
