"""When a server refuses our login, nothing is dropped: given an SMTP relay (and an Exchange)
that refuses the bot's login for a while, the messages queued meanwhile wait, one ERROR
says so, and once the login works each goes exactly once. Only a message refused for
itself (a recipient that does not exist) ends as failed, and the officer is told, the
server's answer kept whole. A mailbox whose IMAP login is refused, in the running daemon,
is said once at ERROR with the server's advice whole, and once when it works again."""
from __future__ import annotations

import logging
import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from mailbot.clock import SimulatedClock
from mailbot.commands import outbox as outbox_command
from mailbot.commands.world import Received, World
from mailbot.compose import compose, message_id
from mailbot.config import SmtpSenderConfig
from mailbot.daemon import Daemon
from mailbot.engine import Engine
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage
from tests.botworld import (ECM, PASSWORD, SSST, SSST_OFFICER, START, DovecotPostOffice,
                            real_server_config)
from tests.engine.test_daemon import running, stop, until
from tests.engine.test_engine import FEE_REQUEST, acknowledge_flow
from tests.engine.test_ews_engine import ews_config
from tests.ews_server import FakeExchange, make_message
from tests.servers import SmtpRelay, deliver, message_ids
from tests.servers import make_message as smtp_message

GOOD, EXPIRED = "new-password", "expired-password"
SR_NUMBERS = ["1-9RB2WX5", "1-7KD3QP1", "1-4HT8ZC6"]


def referral(sr: str) -> str:
    return FEE_REQUEST.replace("1-9RB2WX5", sr)


@pytest.fixture
def relay(private_dovecot):
    """A relay whose password for the bot is still the old one: it refuses the new one (535)."""
    server = SmtpRelay(private_dovecot.lmtp_port, auth_users={"bot": EXPIRED}).start()
    yield server
    server.stop()


@pytest.fixture
def world(tmp_path, private_dovecot, relay):
    config = real_server_config(tmp_path, private_dovecot, relay)
    os.environ["MAILBOT_TEST_SMTP_PASSWORD"] = GOOD
    outbound = SmtpSenderConfig(backend="smtp", host="127.0.0.1", port=relay.port, security="plain",
                                username="bot", password_env="MAILBOT_TEST_SMTP_PASSWORD")
    config = config.model_copy(update={"mailboxes": {
        key: mb.model_copy(update={"outbound": outbound}) for key, mb in config.mailboxes.items()}})
    clock = SimulatedClock(START)
    w = World(Engine(config, clock, workflows=[acknowledge_flow]), clock,
              DovecotPostOffice(private_dovecot, relay))
    yield w
    w.engine.close()


def outbox(engine) -> list[OutboxMessage]:
    with engine.sessions() as s:
        return s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def refusals(caplog) -> list[logging.LogRecord]:
    """ERROR lines about a refused login."""
    return [r for r in caplog.records if r.levelno >= logging.ERROR and "login" in r.getMessage()]


def test_while_the_login_is_refused_nothing_is_lost_and_each_message_goes_once(world, relay, caplog):
    caplog.set_level(logging.DEBUG, logger="mailbot")
    failures = []
    world.engine.dispatcher.on_send_failure = lambda mailbox, why: failures.append((mailbox, why))
    for sr in SR_NUMBERS:
        world.send(ECM, SSST, f"Enforcement fee - SR {sr}", referral(sr), name="Andrew Kettle")
    delivered = relay.delivered               # the referrals, come in through the relay
    world.run()                               # three cases, three summaries: all refused at AUTH

    waiting = outbox(world.engine)
    assert len(waiting) == 3 and {o.status for o in waiting} == {"pending"}
    assert all("535" in o.last_error and o.next_attempt_at > world.clock.now() for o in waiting)
    officers = sorted({a for o in waiting for a in o.recipients})   # work is spread between two
    assert all(world.inbox(a) == [] for a in officers) and relay.delivered == delivered
    [error] = refusals(caplog)
    assert "535" in error.getMessage() and GOOD not in error.getMessage()
    assert failures and set(failures) == {("ssst", "login_refused")}      # what /metrics counts

    world.clock.advance(timedelta(seconds=31))          # tried again: still refused, quietly
    assert world.engine.dispatch() == 0
    assert world.engine.dispatch() == 0                 # not due again before the backoff
    first_wait = outbox(world.engine)[0].next_attempt_at - world.clock.now()
    assert timedelta(seconds=31) < first_wait <= timedelta(seconds=60)   # doubled
    assert len(refusals(caplog)) == 1 and relay.delivered == delivered
    assert {outbox_command.state_of(o) for o in outbox(world.engine)} == {"deferred"}

    relay.auth_users["bot"] = GOOD                      # the administrator fixes the password
    world.clock.advance(timedelta(seconds=61))
    assert world.engine.dispatch() == 3
    world.run()
    world.clock.advance(timedelta(minutes=10))
    world.run()

    assert {o.status for o in outbox(world.engine)} == {"sent"}
    summaries = [m for a in officers for m in world.inbox(a)]
    assert sorted(message_ids([m.raw for m in summaries])) == sorted(o.message_id for o in waiting)
    assert len(refusals(caplog)) == 1
    assert any("login accepted again" in r.getMessage() for r in caplog.records)


def test_a_recipient_refused_for_good_fails_that_message_and_the_officer_is_told(world, relay, caplog):
    relay.auth_users["bot"] = GOOD
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", referral("1-9RB2WX5"), name="Andrew Kettle")
    world.run()
    [summary] = world.inbox(SSST_OFFICER)
    gone = [f"{name}@ssst.cmg.example.gov.uk"             # no mailboxes: Dovecot answers 550 at RCPT
            for name in ("left.the.team", "moved.to.vsat", "retired.in.may", "on.secondment")]
    ref, msg_id, failed_id = queue_question(world, gone)
    world.run()
    world.run()

    with world.engine.sessions() as s:
        failed = s.get(OutboxMessage, failed_id)
        assert failed.status == "failed" and "550" in failed.last_error
        # the server's answer for every recipient, whole, though it runs past 500 characters
        assert len(failed.last_error) > 500
        assert all(f"{a}: 550 5.1.1 <{a}> User doesn't exist: {a}" in failed.last_error for a in gone)
        history = [e.text for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "send_failed"))]
    assert history == [f"could not send {msg_id}: {failed_last(failed)}; {SSST_OFFICER} told"]
    [notice] = [m for m in world.inbox(SSST_OFFICER) if m.raw != summary.raw]
    notice = Received(notice.raw)
    assert notice.subject == f"Not sent: [{ref}] A question"
    assert all(a in notice.body for a in gone) and "550" in notice.body and ref in notice.body
    assert f"outbox message {failed_id}" in notice.body and f"mailbot outbox retry {failed_id}" in notice.body
    assert refusals(caplog) == []                       # not a login problem


def queue_question(world, recipients: list[str]) -> tuple[str, str, int]:
    """An email to `recipients` queued on the (only) case; its case ref, Message-ID, outbox id."""
    with world.engine.sessions() as s:
        case = s.scalar(select(Case))
        msg_id = message_id(case.ref, world.clock.now(), "mailbot.invalid")
        s.add(OutboxMessage(case_id=case.id, mailbox="ssst", message_id=msg_id, sender=SSST,
                            recipients=recipients, subject=f"[{case.ref}] A question", template="question",
                            created_at=world.clock.now(), status="pending",
                            raw=compose(sender=SSST, sender_name="mailbot", to=recipients, cc=[],
                                        subject=f"[{case.ref}] A question", body="Hello\n",
                                        msg_id=msg_id, now=world.clock.now())))
        s.commit()
        return case.ref, msg_id, s.scalar(select(OutboxMessage.id).where(OutboxMessage.message_id == msg_id))


# A recipient refused by the receiving server's policy, with advice a person must read to
# its end (well past the 300 characters server replies were once cut at).
POLICY = ("550 5.7.1 Delivery not authorized: this mailbox accepts mail only from senders on its "
          "allow list, and yours is not on it. Ask the mailbox's owner or the mail team to add "
          "specialist.services@ssst.cmg.example.gov.uk to the allow list (service request form "
          "MAIL-ALLOW), or write to the team's shared mailbox instead. The records team owns "
          "this policy and answers within two working days.")


def test_a_recipient_refused_with_long_advice_is_told_with_the_advice_whole(world, relay, caplog):
    relay.auth_users["bot"] = GOOD
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", referral("1-9RB2WX5"), name="Andrew Kettle")
    world.run()
    [summary] = world.inbox(SSST_OFFICER)
    guarded = "records.archive@ssst.cmg.example.gov.uk"
    relay.refuse_recipients[guarded] = POLICY
    ref, msg_id, failed_id = queue_question(world, [guarded])
    with caplog.at_level(logging.ERROR, logger="mailbot"):
        world.run()
        world.run()                                     # the notice of it goes
    advice = POLICY.split(" ", 2)[2]                    # after "550 5.7.1"
    assert len(advice) > 300
    with world.engine.sessions() as s:
        failed = s.get(OutboxMessage, failed_id)
        assert failed.status == "failed" and advice in failed_last(failed)
        [event] = s.scalars(select(CaseEvent).where(CaseEvent.kind == "send_failed")).all()
        assert advice in event.text
    [notice] = [Received(m.raw) for m in world.inbox(SSST_OFFICER) if m.raw != summary.raw]
    assert notice.subject == f"Not sent: [{ref}] A question"
    assert advice in " ".join(notice.body.split())
    [line] = [r.getMessage() for r in caplog.records if "send failed" in r.getMessage()]
    assert advice in line


def failed_last(failed: OutboxMessage) -> str:
    return " ".join(failed.last_error.split())


def test_outbox_lists_what_waits_and_retry_queues_failed_ones_again(world, relay):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", referral("1-9RB2WX5"), name="Andrew Kettle")
    world.run()                                          # refused at AUTH: deferred
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        s.add(OutboxMessage(case_id=out.case_id, mailbox="ssst", message_id="<x.failed@mailbot.invalid>",
                            sender=SSST, recipients=["a@x.test", "b@x.test"], subject="Connor Doyle",
                            template="question", raw=b"x", created_at=START, status="failed",
                            last_error="sender ssst: every recipient refused: a@x.test: 550 5.1.1 "
                                       + "user unknown " * 40))
        s.commit()
    lines: list[str] = []
    config = world.engine.config
    assert outbox_command.list_outbox(config, clock=world.clock, out=lines.append) == 0
    listing = "\n".join(lines)
    assert "deferred" in listing and "failed" in listing and "SSST-000001" in listing
    assert "summary" in listing and "question" in listing and "535" in listing
    assert ("user unknown " * 40).strip() in listing      # the server's answer whole
    assert "Connor Doyle" not in listing                  # no subjects: they name clients

    assert outbox_command.retry(config, all_failed=True, out=lines.append) == 0
    assert outbox_command.retry(config, 999, out=lines.append) == 1
    statuses = {o.template: o.status for o in outbox(world.engine)}
    assert statuses == {"summary": "pending", "question": "pending"}

    relay.auth_users["bot"] = GOOD
    [deferred] = [o for o in outbox(world.engine) if o.template == "summary"]
    assert outbox_command.retry(config, deferred.id, out=lines.append) == 0   # try it now
    assert world.engine.dispatch() >= 1
    assert outbox(world.engine)[0].status == "sent"
    assert outbox_command.retry(config, deferred.id, out=lines.append) == 1   # sent: left alone


# ---------------------------------------------------------------------- the daemon, reading

# What a server says when an account's password has expired: advice a person must read to
# its end, well past the 300 characters error lines were once cut at.
EXPIRED = ("The password of this account expired on 1 November and it may not sign in until it "
           "is changed. An administrator of the mail service changes it in the identity portal "
           "under Users, Service accounts, Reset password; then set the new one in the "
           "environment variable mailbot reads it from and restart mailbot or send it SIGHUP. "
           "Service accounts may be exempted from expiry by the security team: raise a request "
           "with the reference MAIL-EXPIRY and the account name.")


def test_a_refused_inbound_login_is_said_once_whole_and_the_mail_meanwhile_read_when_it_works(
        tmp_path, private_dovecot, private_relay, caplog):
    """Given mailbot running for real, and the SSST mailbox's password expired at the server
    (it refuses the bot's login with its advice): one ERROR with the advice whole, quiet
    retries (1 s, 2 s, ...), and once the administrator renews the password one WARNING
    that the login is accepted again; the referral that came meanwhile is then read."""
    caplog.set_level(logging.DEBUG, logger="mailbot")
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    private_dovecot.change_password(SSST, PASSWORD, refusal=EXPIRED)
    engine = Engine(config, SimulatedClock(START), workflows=[acknowledge_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, clock=engine.clock, engine=engine)
    thread = running(daemon)
    try:
        assert until(lambda: about_ssst(caplog, logging.ERROR))
        deliver(private_relay.port, smtp_message(SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST,
                                                 sender=ECM), SSST, sender=ECM)
        assert until(lambda: retried(caplog) >= 1)          # tried again, quietly
        private_dovecot.change_password(SSST, PASSWORD)     # the administrator renews it
        assert until(lambda: read_from_ssst(engine) == 1, timeout=30)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=20) == 1    # and handled
        said = about_ssst(caplog, logging.WARNING)          # before the shutdown's own lines
    finally:
        stop(daemon, thread)

    assert [r.levelname for r in said] == ["ERROR", "WARNING"], [r.getMessage() for r in said]
    error, again = (r.getMessage() for r in said)
    # the server's words, not the repr of its bytes (b'...', its tabs shown as \t)
    assert " ".join(EXPIRED.split()) in error and "b'" not in error and "\\t" not in error
    assert "no mail is read until the login works" in error and PASSWORD not in error
    assert "login accepted again" in again


def about_ssst(caplog, level: int) -> list[logging.LogRecord]:
    """Lines at `level` or above about the SSST mailbox."""
    return [r for r in caplog.records if r.levelno >= level and "mailbox ssst" in r.getMessage()]


def retried(caplog) -> int:
    """Retries of a refused login, said at DEBUG."""
    return sum(1 for r in caplog.records
               if r.levelno == logging.DEBUG and "mailbox ssst: login still refused" in r.getMessage())


def read_from_ssst(engine) -> int:
    with engine.sessions() as s:
        return len(s.scalars(select(InboundMessage.id).where(InboundMessage.mailbox == "ssst")).all())


# ---------------------------------------------------------------------- Exchange

@pytest.fixture
def exchange():
    server = FakeExchange(SSST).start()
    yield server
    server.stop()


def test_on_exchange_a_refused_login_defers_the_sends_and_each_goes_once(tmp_path, exchange, caplog):
    caplog.set_level(logging.DEBUG, logger="mailbot")
    config = ews_config(tmp_path, exchange)
    engine = Engine(config, SimulatedClock(START), workflows=[acknowledge_flow])
    try:
        for sr in SR_NUMBERS:
            exchange.deliver(make_message(ECM, SSST, f"Enforcement fee - SR {sr}", referral(sr)))
        engine.poll("ssst")
        engine.process_pending()
        exchange.fail_next(2, "unauthorized", "CreateItem")      # 401 for a while
        assert engine.dispatch() == 0
        assert {o.status for o in outbox(engine)} == {"pending"} and exchange.sent == []
        engine.clock.advance(timedelta(seconds=31))
        assert engine.dispatch() == 0                            # the second 401
        engine.clock.advance(timedelta(seconds=61))
        assert engine.dispatch() == 3
        engine.clock.advance(timedelta(minutes=10))
        assert engine.dispatch() == 0
        waiting = outbox(engine)
    finally:
        engine.close()
    assert {o.status for o in waiting} == {"sent"}
    assert sorted(message_ids([s.mime for s in exchange.sent])) == sorted(o.message_id for o in waiting)
    assert len(refusals(caplog)) == 1 and "login or access refused" in refusals(caplog)[0].getMessage()
