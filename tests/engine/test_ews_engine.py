"""The engine with its SSST mailbox on Exchange (`ews` in and out), against the fake EWS
server on loopback: a referral is read from the Exchange Inbox, the case opens, the item
moves to Processed, and the reply goes out through CreateItem as the engine composed it.
A small workflow of the test's own stands in for the procedures."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mailbot.clock import SimulatedClock
from mailbot.config import EwsInboxConfig, EwsSenderConfig
from mailbot.commands.demo import demo_config
from mailbot.engine import Engine
from mailbot.store import Case, InboundMessage, OutboxMessage
from tests.botworld import ECM, SSST, SSST_OFFICER, START
from tests.engine.test_engine import FEE_REQUEST, acknowledge_flow
from tests.ews_server import FakeExchange, make_message
from tests.servers import message_ids

@pytest.fixture
def exchange():
    server = FakeExchange(SSST).start()
    yield server
    server.stop()


def ews_config(tmp_path, exchange):
    """The demo config with the SSST mailbox on the fake Exchange server, in and out."""
    config = demo_config(tmp_path)
    login = dict(backend="ews", service_endpoint=exchange.endpoint, auth_type="noauth", version="2016")
    ssst = config.mailboxes["ssst"].model_copy(update={
        "inbound": EwsInboxConfig(**login, processed_folder="Processed", poll_seconds=1),
        "outbound": EwsSenderConfig(**login)})
    config = config.model_copy(update={"mailboxes": {**config.mailboxes, "ssst": ssst}})
    return config


@pytest.fixture
def engine(tmp_path, exchange):
    config = ews_config(tmp_path, exchange)
    engine = Engine(config, SimulatedClock(START), workflows=[acknowledge_flow])
    for part in (engine.mailboxes["ssst"].inbox, engine.mailboxes["ssst"].sender):
        part._sleep = lambda seconds: None     # retries back off on no real time
    yield engine
    engine.close()


def test_a_referral_read_from_exchange_opens_a_case_and_the_reply_goes_through_create_item(engine, exchange):
    referral = make_message(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    exchange.deliver(referral)
    engine.run_until_idle()

    with engine.sessions() as s:
        [case] = s.scalars(select(Case)).all()
        [row] = s.scalars(select(InboundMessage)).all()
        [out] = s.scalars(select(OutboxMessage)).all()
        assert (case.ref, case.state, case.sr_number) == ("SSST-000001", "waiting", "1-9RB2WX5")
        assert row.raw == referral and row.status == "processed" and row.case_id == case.id
        assert out.status == "sent" and out.recipients == [SSST_OFFICER]
    # settled on Exchange only after the commit: moved to Processed
    assert exchange.messages("inbox") == [] and exchange.messages("Processed") == [referral]

    [sent] = exchange.sent
    assert sent.disposition == "SendAndSaveCopy" and sent.saved_in == "sentitems"
    assert sent.properties == ["MimeContent"] and sent.bcc == []
    assert sent.mime == out.raw                       # the engine's bytes, unchanged
    head = sent.mime.split(b"\r\n\r\n", 1)[0].decode()
    assert f"Disposition-Notification-To: {SSST}" in head
    assert "Auto-Submitted: auto-generated" in head
    assert "Subject: [SSST-000001] " in head
    assert message_ids([sent.mime]) == [out.message_id]
    assert message_ids(exchange.messages("sentitems")) == [out.message_id]


def test_after_a_crash_mid_send_a_message_already_in_sent_items_is_not_sent_again(engine, exchange):
    exchange.deliver(make_message(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST))
    exchange.deliver(make_message(ECM, SSST, "Enforcement fee - SR 1-7QW3KP2",
                                  FEE_REQUEST.replace("1-9RB2WX5", "1-7QW3KP2").replace("Connor Doyle", "Ann Lee")))
    engine.poll("ssst")
    engine.process_pending()
    # The process was killed with both messages 'sending': the first had gone (its copy is
    # in Sent Items), the second had not.
    with engine.sessions() as s:
        first, second = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for out in (first, second):
            out.status, out.attempts = "sending", 1
        went = first.raw
        s.commit()
    exchange.deliver(went, folder="sentitems")

    assert engine.recover_interrupted_sends() == 2
    engine.clock.advance(timedelta(minutes=1))
    assert engine.dispatch() == 2

    assert [s.mime for s in exchange.sent] == [second.raw]       # only the one that had not gone
    with engine.sessions() as s:
        assert [o.status for o in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))] == ["sent", "sent"]
    assert sorted(message_ids(exchange.messages("sentitems"))) == sorted([first.message_id, second.message_id])


def test_exchange_busy_defers_the_send_and_it_goes_once_later(engine, exchange):
    exchange.deliver(make_message(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST))
    engine.poll("ssst")
    engine.process_pending()
    exchange.fail_next(5, "busy", "CreateItem")        # every in-backend retry fails
    assert engine.dispatch() == 0
    with engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        assert out.status == "pending" and "ErrorServerBusy" in out.last_error

    engine.clock.advance(timedelta(minutes=1))
    assert engine.dispatch() == 1
    assert len(exchange.sent) == 1
    with engine.sessions() as s:
        assert s.scalar(select(OutboxMessage.status)) == "sent"
