"""A lost database connection never costs a message (issue 16): a message whose handling
fails because the store did not answer stays new, is not quarantined, nobody is told of a
quarantine, and it is handled once the store answers."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from mailbot import routing
from mailbot.engine import StoreUnavailable
from mailbot.store import Case, InboundMessage
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
