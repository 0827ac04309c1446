"""The daemon as it runs for real: IDLE threads per mailbox, a worker, the scheduler."""
from __future__ import annotations

import email
import email.policy
import os
import signal
import sqlite3
import threading
import time
from datetime import timedelta

import yaml

from sqlalchemy import select

from mailbot.clock import SimulatedClock, SystemClock
from mailbot.config import load_config
from mailbot.daemon import Daemon
from mailbot.workdays import add_working_hours
from mailbot.engine import Engine
from mailbot.store import InboundMessage, OutboxMessage, Reminder
from tests.botworld import ECM, SSST, SSST_OFFICER, SSST_OFFICER_2, START, real_server_config
from mailbot.workflow import ANY_REPLY, Workflow
from tests.engine.test_engine import FEE_REQUEST, acknowledge, acknowledge_flow
from tests.servers import deliver, make_message


def running(daemon):
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    return thread


def stop(daemon, thread):
    daemon.stop.set()
    daemon.engine.wakeup.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


def until(predicate, timeout=20.0):
    """Wait for a real server to show something (never used to move mailbot's clock)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_one_mailbox_failing_never_stops_the_other(tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    os.environ["MAILBOT_TEST_VSAT_PASSWORD"] = "not-the-password"     # VSAT cannot log in
    try:
        engine = Engine(config, SimulatedClock(START), workflows=[acknowledge_flow])
    finally:
        os.environ["MAILBOT_TEST_VSAT_PASSWORD"] = "secret"
    daemon = Daemon(tmp_path / "unused.yaml", config, clock=engine.clock, engine=engine)
    thread = running(daemon)
    try:
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST,
                                                 sender=ECM), SSST, sender=ECM)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=20) == 1
    finally:
        stop(daemon, thread)


def test_reminders_due_in_a_clock_jump_fire_within_seconds_once_each_in_order(
        tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    clock = SimulatedClock(START)
    engine = Engine(config, clock, workflows=[acknowledge_flow])
    for sr in ("1-9RB2WX5", "1-2AB3CD4"):
        deliver(private_relay.port, make_message(
            SSST, f"Enforcement fee - SR {sr}",
            FEE_REQUEST.replace("1-9RB2WX5", sr).replace("700812334465", sr[-4:] + "00000000"),
            sender=ECM), SSST, sender=ECM)
    engine.run_until_idle()
    daemon = Daemon(tmp_path / "unused.yaml", config, clock=clock, engine=engine)
    thread = running(daemon)
    try:
        clock.advance(timedelta(days=3))          # the laptop slept over the weekend
        with engine.sessions() as s:
            assert until(lambda: not s.scalars(select(Reminder).where(Reminder.status == "pending")).all(),
                         timeout=15)
            fired = s.scalars(select(Reminder)).all()
            sent = [m.template for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]

        def all_sent():
            with engine.sessions() as s:
                return set(s.scalars(select(OutboxMessage.status))) == {"sent"}
        assert until(all_sent, timeout=15)      # the sender goes on beside the reminders
    finally:
        stop(daemon, thread)
    assert [r.status for r in fired] == ["fired"] * 4            # two follow-up calls, two chases
    # in the order they fell due: both follow-up calls (that afternoon), then both chases
    assert sent == ["summary", "summary", "follow_up_call", "follow_up_call", "question", "question"]

    def chases():
        return [m for who in (SSST_OFFICER, "tom.reilly@ssst.cmg.example.gov.uk")
                for m in private_dovecot.read_mailbox(who) if b"been dealt with" in m]
    assert until(lambda: len(chases()) == 2, timeout=10)   # the relay may still be delivering


def test_on_the_system_clock_the_worker_is_a_process_of_its_own_replaced_if_it_dies(
        tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    engine = Engine(config, SystemClock(), workflows=[acknowledge_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, engine=engine)
    thread = running(daemon)
    try:
        assert until(lambda: daemon.worker is not None and daemon.worker.is_alive())
        first = daemon.worker.pid
        assert first != os.getpid()
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST,
                                                 sender=ECM), SSST, sender=ECM)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=20) == 1

        os.kill(first, signal.SIGKILL)          # the worker dies; the daemon starts another
        assert until(lambda: daemon.worker is not None and daemon.worker.pid != first
                     and daemon.worker.is_alive())
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-7QX4TT2",
                                                 FEE_REQUEST.replace("1-9RB2WX5", "1-7QX4TT2"),
                                                 sender=ECM), SSST, sender=ECM)
        # the second case goes to the other officer (work spread evenly)
        assert private_dovecot.wait_for_messages(SSST_OFFICER_2, 1, timeout=20) == 1
        second = daemon.worker.pid
    finally:
        daemon.request_stop()
        thread.join(timeout=60)
    assert not thread.is_alive() and daemon.worker is None
    assert until(lambda: not os.path.exists(f"/proc/{second}"), 10)   # stopped with the daemon
    [first_summary] = private_dovecot.read_mailbox(SSST_OFFICER)
    [second_summary] = private_dovecot.read_mailbox(SSST_OFFICER_2)
    assert b"1-9RB2WX5" in first_summary and b"1-7QX4TT2" in second_summary
    with engine.sessions() as s:
        assert [r.status for r in s.scalars(select(InboundMessage).where(
            InboundMessage.kind == "enforcement_fee_request"))] == ["processed", "processed"]


def test_workers_started_while_other_threads_are_busy_in_the_store_do_not_hang(
        tmp_path, private_dovecot, private_relay):
    """A process forked while another thread is inside SQLite inherits SQLite's locks as
    they were and hangs the first time it takes one (one fork in three, measured here with
    a thread busy in SQLite). Replacement workers come from the launcher, forked before
    any thread ran, so they start clean whatever the daemon's threads are doing."""
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    engine = Engine(config, SystemClock(), workflows=[acknowledge_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, engine=engine)
    thread = running(daemon)
    database = engine.sessions.kw["bind"].url.database
    done = threading.Event()

    def busy_in_the_store():
        while not done.is_set():
            connection = sqlite3.connect(database)
            connection.execute("SELECT count(*) FROM inbound_messages").fetchall()
            connection.close()

    def processed():
        with engine.sessions() as s:
            return len(s.scalars(select(InboundMessage.id).where(
                InboundMessage.status == "processed")).all())
    busy = threading.Thread(target=busy_in_the_store, daemon=True)
    try:
        assert until(lambda: daemon.worker is not None and daemon.worker.is_alive())
        busy.start()
        for n, sr in enumerate(["1-9RB2WX5", "1-7QX4TT2", "1-3KD8PL1", "1-5MN2RT7"], start=1):
            old = daemon.worker.pid
            os.kill(old, signal.SIGKILL)           # the watchdog notices within a second
            assert until(lambda: daemon.worker is not None and daemon.worker.pid != old)
            deliver(private_relay.port, make_message(SSST, f"Enforcement fee - SR {sr}",
                                                     FEE_REQUEST.replace("1-9RB2WX5", sr),
                                                     sender=ECM), SSST, sender=ECM)
            assert until(lambda: processed() == n), f"worker {n} after a kill processed nothing"
    finally:
        done.set()
        if busy.ident:
            busy.join(timeout=10)   # no thread of this test is left inside SQLite after it
        daemon.request_stop()
        thread.join(timeout=60)
    assert not thread.is_alive()


hang_flow = Workflow("hang", team="ssst", initial="new",
                     opens=lambda r: r.kind == "enforcement_fee_request")


@hang_flow.step(ANY_REPLY)
def acknowledge_unless_it_hangs(case, message, act):
    if "HANG" in message.subject:
        threading.Event().wait()      # a step that never returns (a bug, a library stuck)
    if "CRASH" in message.subject:
        os.kill(os.getpid(), signal.SIGKILL)    # a step that takes the process down
    return acknowledge(case, message, act)


def test_a_worker_stuck_on_a_message_is_replaced_and_the_message_quarantined(
        tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    engine = Engine(config, SystemClock(), workflows=[hang_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, engine=engine)
    daemon.workers.stall_seconds = 2
    thread = running(daemon)

    def replaced(old):
        return daemon.worker is not None and daemon.worker.pid != old
    try:
        assert until(lambda: daemon.worker is not None and daemon.worker.is_alive())
        stuck = daemon.worker.pid
        deliver(private_relay.port, make_message(SSST, "HANG Enforcement fee - SR 1-9RB2WX5",
                                                 FEE_REQUEST, sender=ECM), SSST, sender=ECM)
        assert until(lambda: replaced(stuck), timeout=30)
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-7QX4TT2",
                                                 FEE_REQUEST.replace("1-9RB2WX5", "1-7QX4TT2"),
                                                 sender=ECM), SSST, sender=ECM)
        # the next message is handled by the new worker; a person hears of the stuck one
        assert until(lambda: any(b"1-7QX4TT2" in m for who in (SSST_OFFICER, SSST_OFFICER_2)
                                 for m in private_dovecot.read_mailbox(who)))
        assert private_dovecot.wait_for_messages(config.teams["ssst"].triage, 1, timeout=20) == 1
    finally:
        daemon.request_stop()
        thread.join(timeout=60)
    assert until(lambda: not os.path.exists(f"/proc/{stuck}"), 10)     # killed, not left hanging
    with engine.sessions() as s:
        rows = {r.message_id and ("HANG" if b"HANG" in r.raw else "fee"): r
                for r in s.scalars(select(InboundMessage).where(InboundMessage.mailbox == "ssst"))}
    assert rows["HANG"].status == "quarantined" and "stalled the worker" in rows["HANG"].reason
    assert rows["fee"].status == "processed"
    [raw] = private_dovecot.read_mailbox(config.teams["ssst"].triage)
    notice = email.message_from_bytes(raw, policy=email.policy.default)
    assert "stalled the worker" in notice.get_body(("plain",)).get_content()
    [original] = [part.get_content() for part in notice.iter_attachments()]
    assert b"HANG Enforcement fee" in original


def test_a_message_the_worker_dies_on_twice_is_quarantined_not_tried_forever(
        tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    engine = Engine(config, SystemClock(), workflows=[hang_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, engine=engine)
    thread = running(daemon)
    try:
        assert until(lambda: daemon.worker is not None and daemon.worker.is_alive())
        deliver(private_relay.port, make_message(SSST, "CRASH Enforcement fee - SR 1-9RB2WX5",
                                                 FEE_REQUEST, sender=ECM), SSST, sender=ECM)
        assert private_dovecot.wait_for_messages(config.teams["ssst"].triage, 1, timeout=30) == 1
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-7QX4TT2",
                                                 FEE_REQUEST.replace("1-9RB2WX5", "1-7QX4TT2"),
                                                 sender=ECM), SSST, sender=ECM)
        assert until(lambda: any(b"1-7QX4TT2" in m for who in (SSST_OFFICER, SSST_OFFICER_2)
                                 for m in private_dovecot.read_mailbox(who)))
    finally:
        daemon.request_stop()
        thread.join(timeout=60)
    with engine.sessions() as s:
        [crash] = s.scalars(select(InboundMessage).where(InboundMessage.status == "quarantined")).all()
    assert b"CRASH" in crash.raw and crash.reason == "the worker process died twice while handling this message"


def test_a_reloaded_config_reaches_a_new_worker_process(tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    path = tmp_path / "mailbot.yaml"
    path.write_text(yaml.safe_dump(config.model_dump(mode="json")))
    engine = Engine(load_config(path), SystemClock(), workflows=[acknowledge_flow])
    daemon = Daemon(path, engine.config, engine=engine)
    thread = running(daemon)
    try:
        assert until(lambda: daemon.worker is not None and daemon.worker.is_alive())
        first = daemon.worker.pid
        data = yaml.safe_load(path.read_text())
        data["reminders"]["follow_up_call_hours"] = 2
        path.write_text(yaml.safe_dump(data))
        daemon.reload_requested.set()                  # as SIGHUP does
        daemon.tick.set()
        assert until(lambda: daemon.worker is not None and daemon.worker.pid != first
                     and daemon.worker.is_alive())
        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST,
                                                 sender=ECM), SSST, sender=ECM)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=20) == 1
    finally:
        daemon.request_stop()
        thread.join(timeout=60)
    assert not thread.is_alive()
    with engine.sessions() as s:
        [call] = s.scalars(select(Reminder).where(Reminder.key.startswith("follow_up_call"))).all()
        # the new worker's config: two working hours (the daemon runs on the system clock)
        assert call.due_at == add_working_hours(call.created_at, 2, engine.config.default_nation)
