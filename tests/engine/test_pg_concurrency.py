"""On PostgreSQL the daemon stores mail and records sends while its worker process changes
a case (the worker holds the writer lock, an flock): nothing waits for it but another case
change. And what the two then write to one outbox row is decided in SQL on the row as it
is, so neither undoes the other."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text, update

from mailbot.config import StoreConfig
from mailbot.dispatcher import Dispatcher
from mailbot.store import InboundMessage, OutboxMessage, WriterLock, writer_lock_path
from tests.botworld import ECM, SSST, SSST_OFFICER, SSST_OFFICER_2, make_world
from tests.engine.test_engine import FEE_REQUEST, acknowledge_flow


ANOTHER_REQUEST = (FEE_REQUEST.replace("1-9RB2WX5", "1-7QX2MM1").replace("Connor Doyle", "Maria Lopez")
                   .replace("700812334465", "700455218873"))


@pytest.fixture
def pg_world(tmp_path, private_dovecot, private_relay, pg_url):
    w = make_world(tmp_path, private_dovecot, private_relay, workflows=[acknowledge_flow],
                   store=StoreConfig(url=pg_url))
    yield w
    w.engine.close()


def ssst_key(world) -> str:
    return next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)


def the_worker_holds_the_writer_lock(world) -> WriterLock:
    """The writer lock as the worker process holds it: the same file, another flock."""
    config = world.engine.config
    lock = WriterLock(writer_lock_path(config.store.url, config.files.root))
    lock.__enter__()
    return lock


def in_thread(work) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_on_postgresql_mail_is_stored_and_sent_while_the_worker_changes_a_case(pg_world):
    world = pg_world
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.engine.poll(ssst_key(world))
    world.engine.process_pending()                 # the officer's summary is queued
    world.send(ECM, SSST, "Enforcement fee - SR 1-7QX2MM1", ANOTHER_REQUEST)

    held = the_worker_holds_the_writer_lock(world)
    try:
        stored, sent = [], []
        fetching = in_thread(lambda: stored.append(world.engine.poll(ssst_key(world))))
        sending = in_thread(lambda: sent.append(world.engine.dispatch()))
        fetching.join(30)
        sending.join(30)
        assert not fetching.is_alive() and not sending.is_alive(), "they waited for the worker"
        assert stored == [1] and sent == [1]
        assert len(world.inbox(SSST_OFFICER)) == 1
        with world.engine.sessions() as s:
            assert s.scalars(select(InboundMessage.status).order_by(InboundMessage.id)).all() == \
                ["processed", "new"]
    finally:
        held.__exit__(None, None, None)
    world.run()                                    # and the worker goes on as before
    assert len(world.inbox(SSST_OFFICER_2)) == 1   # the second case's summary


def test_on_sqlite_the_mailbox_thread_waits_for_the_writer_as_sqlite_has_one(
        tmp_path, private_dovecot, private_relay):
    world = make_world(tmp_path, private_dovecot, private_relay, workflows=[acknowledge_flow])
    try:
        world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
        held = the_worker_holds_the_writer_lock(world)
        stored = []
        fetching = in_thread(lambda: stored.append(world.engine.poll(ssst_key(world))))
        fetching.join(0.5)
        assert fetching.is_alive() and stored == []
        held.__exit__(None, None, None)
        fetching.join(30)
        assert stored == [1]
    finally:
        world.engine.close()


def waiting_for_a_row_lock(world, timeout: float = 30) -> None:
    """Until some session of the store waits for a row another holds."""
    deadline = time.monotonic() + timeout
    with world.engine.sessions() as s:
        while time.monotonic() < deadline:
            if s.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                             "AND datname = current_database()")):
                return
            s.rollback()
            time.sleep(0.02)
    raise AssertionError("nobody came to wait for the row")


def sent_not_yet_recorded(world, monkeypatch) -> str:
    """The officer's summary of a request goes, with our own copy, and is not yet written
    down as sent (the row stays 'sending'); returns the bot mailbox's key."""
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    key = ssst_key(world)
    world.engine.poll(key)
    world.engine.process_pending()
    monkeypatch.setattr(Dispatcher, "_record", lambda self, s, results: None)
    world.engine.dispatch()
    monkeypatch.undo()
    return key


def test_a_send_recorded_failed_while_its_own_copy_comes_back_stays_failed(pg_world, monkeypatch):
    world = pg_world
    key = sent_not_yet_recorded(world, monkeypatch)
    assert world.post.dovecot.message_count(SSST) == 1          # the copy, not yet fetched

    # The sender (another instance's) records it refused for some recipients, and has not
    # yet committed when this instance's mailbox thread fetches the copy.
    with world.engine.sessions() as sender:
        sender.execute(update(OutboxMessage).values(
            status="failed", last_error="550 5.1.1 one recipient unknown"))
        fetching = in_thread(lambda: world.engine.poll(key))
        waiting_for_a_row_lock(world)
        sender.commit()
    fetching.join(30)
    assert not fetching.is_alive()
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        assert (out.status, out.last_error) == ("failed", "550 5.1.1 one recipient unknown")
        assert out.confirmed_at is not None


def test_a_send_still_going_when_its_copy_comes_back_is_confirmed_sent(pg_world, monkeypatch):
    world = pg_world
    key = sent_not_yet_recorded(world, monkeypatch)
    with world.engine.sessions() as s:
        assert s.scalar(select(OutboxMessage.status)) == "sending"
    world.engine.poll(key)
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        assert out.status == "sent" and out.sent_at is not None and out.confirmed_at is not None
