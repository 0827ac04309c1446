"""The imap inbox against a real Dovecot: mail comes in by SMTP, as in production."""
from __future__ import annotations

import threading
import time

import pytest

from mailbot.mailboxes.base import Fetched, PermanentFailure, TemporaryFailure
from mailbot.mailboxes.imap import ImapInbox
from tests.servers import (FreezingProxy, client_tls_context, deliver, free_port,
                           make_message, message_ids)


def inbox_for(server, user, **kwargs) -> ImapInbox:
    kwargs.setdefault("processed_folder", "Processed")
    kwargs.setdefault("port", server.imap_port)
    kwargs.setdefault("security", "plain")
    return ImapInbox(kwargs.pop("name", "ssst"), server.host, username=user.address,
                     password=user.password, **kwargs)


def send(relay, user, n=1, subject="Referral"):
    """Deliver n messages by SMTP; returns their Message-IDs in order."""
    ids = []
    for i in range(n):
        raw = make_message(user.address, f"{subject} {i}")
        deliver(relay.port, raw, user.address)
        ids.extend(message_ids([raw]))
    return ids


def ids_of(fetched: list[Fetched]) -> list[str]:
    return message_ids([f.raw for f in fetched])


def later(seconds, fn, *args):
    """Do something to the servers from another thread while mailbot waits."""
    t = threading.Timer(seconds, fn, args)
    t.start()
    return t


def test_fetches_new_mail_oldest_first_and_moves_it_once_settled(dovecot, smtp_relay, mail_user):
    sent = send(smtp_relay, mail_user, 3)
    inbox = inbox_for(dovecot, mail_user)
    inbox.connect()

    got = list(inbox.fetch_new(None))
    assert ids_of(got) == sent
    assert [f.uid for f in got] == sorted(f.uid for f in got)
    assert all(f.uidvalidity == inbox.uidvalidity for f in got)

    inbox.settle(got[0])
    inbox.settle(got[1], quarantined=True)
    inbox.settle(got[1], quarantined=True)  # settling twice is harmless

    checkpoint = (got[-1].uidvalidity, got[-1].uid)
    assert list(inbox.fetch_new(checkpoint)) == []
    # Without a checkpoint, what is left in the folder comes back (crash-recovery sweep).
    assert ids_of(inbox.fetch_new(None)) == [sent[2]]

    more = send(smtp_relay, mail_user, 2, "Reply")
    assert ids_of(inbox.fetch_new(checkpoint)) == more
    inbox.close()

    assert message_ids(dovecot.read_mailbox(mail_user.address, folder="Processed")) == [sent[0]]
    assert message_ids(dovecot.read_mailbox(mail_user.address, folder="Quarantine")) == [sent[1]]
    assert message_ids(dovecot.read_mailbox(mail_user.address)) == [sent[2]] + more


def test_without_move_it_copies_deletes_and_expunges(dovecot, smtp_relay, mail_user):
    sent = send(smtp_relay, mail_user, 2)
    inbox = inbox_for(dovecot, mail_user, use_move=False, processed_folder="Done")
    for f in inbox.fetch_new(None):
        inbox.settle(f)
    inbox.close()
    assert message_ids(dovecot.read_mailbox(mail_user.address, folder="Done")) == sent
    assert dovecot.read_mailbox(mail_user.address) == []


def test_without_processed_folder_it_flags_seen(dovecot, smtp_relay, mail_user):
    sent = send(smtp_relay, mail_user, 2)
    inbox = inbox_for(dovecot, mail_user, processed_folder=None)
    first, second = inbox.fetch_new(None)
    inbox.settle(first)
    assert ids_of(inbox.fetch_new(None)) == [sent[1]]   # only the unseen one is left
    with dovecot.imap(mail_user.address) as client:
        client.select_folder("INBOX", readonly=True)
        assert client.search(["SEEN"]) == [first.uid]
    inbox.close()


def test_uidvalidity_change_refetches_everything_in_the_folder(dovecot, mail_user):
    dovecot.append(mail_user.address, [make_message(mail_user.address, "old")] * 2, folder="Work")
    inbox = inbox_for(dovecot, mail_user, folder="Work")
    old = list(inbox.fetch_new(None))
    checkpoint = (old[-1].uidvalidity, old[-1].uid)

    # Someone deletes and recreates the folder while the bot has it selected.
    with dovecot.imap(mail_user.address) as client:
        client.delete_folder("Work")
        client.create_folder("Work")
    fresh = [make_message(mail_user.address, f"new {i}") for i in range(3)]
    dovecot.append(mail_user.address, fresh, folder="Work")

    got = list(inbox.fetch_new(checkpoint))
    assert ids_of(got) == message_ids(fresh)
    assert {f.uidvalidity for f in got} == {inbox.uidvalidity} != {checkpoint[0]}
    inbox.settle(old[0])    # an old UID is ignored, not applied to the new folder
    inbox.close()
    assert len(dovecot.read_mailbox(mail_user.address, folder="Work")) == 3


def test_idle_wakes_within_two_seconds_of_an_smtp_delivery(dovecot, smtp_relay, mail_user):
    inbox = inbox_for(dovecot, mail_user)
    assert list(inbox.fetch_new(None)) == []
    assert inbox.wait(0.2) is False

    later(0.3, send, smtp_relay, mail_user)
    start = time.monotonic()
    assert inbox.wait(10) is True
    assert time.monotonic() - start < 2.3
    assert len(list(inbox.fetch_new(None))) == 1
    inbox.close()


def test_wait_returns_at_once_when_mail_is_already_there(dovecot, smtp_relay, mail_user):
    inbox = inbox_for(dovecot, mail_user)
    inbox.connect()
    send(smtp_relay, mail_user)
    start = time.monotonic()
    assert inbox.wait(10) is True
    assert time.monotonic() - start < 1
    inbox.close()


def test_polls_when_idle_is_off(dovecot, smtp_relay, mail_user):
    inbox = inbox_for(dovecot, mail_user, use_idle=False, poll_interval=0.2)
    inbox.connect()
    later(0.3, send, smtp_relay, mail_user)
    start = time.monotonic()
    assert inbox.wait(10) is True
    assert time.monotonic() - start < 2
    inbox.close()


def test_fetches_a_backlog_in_batches(dovecot, mail_user, monkeypatch):
    backlog = [make_message(mail_user.address, f"backlog {i}") for i in range(600)]
    dovecot.append(mail_user.address, backlog)
    inbox = inbox_for(dovecot, mail_user, batch_size=200)
    inbox.connect()
    batches = []
    real_fetch = inbox._client.fetch

    def spy(uids, data):
        batches.append(len(uids))
        return real_fetch(uids, data)
    monkeypatch.setattr(inbox._client, "fetch", spy)

    stream = inbox.fetch_new(None)
    first = next(stream)
    assert batches == [200]          # lazily: one batch in hand, not the whole backlog
    rest = [first] + list(stream)
    assert batches == [200, 200, 200]
    assert ids_of(rest) == message_ids(backlog)
    inbox.close()


def test_reconnects_after_dovecot_restart_without_loss_or_duplicates(private_dovecot, private_relay):
    user = private_dovecot.new_user()
    inbox = inbox_for(private_dovecot, user, retry_attempts=8, batch_size=1)
    sent = send(private_relay, user, 3)
    seen = []
    stream = inbox.fetch_new(None)
    for f in stream:                  # restart half-way through a fetch
        seen.append(f)
        inbox.settle(f)
        if len(seen) == 1:
            private_dovecot.restart()
    sent += send(private_relay, user, 2)
    checkpoint = (seen[-1].uidvalidity, seen[-1].uid)
    for f in inbox.fetch_new(checkpoint):
        seen.append(f)
        inbox.settle(f)
    assert ids_of(seen) == sent
    assert inbox.reconnects >= 1

    # Restarted while idling: the wait survives and reports the mail that came meanwhile.
    later(0.3, lambda: (private_dovecot.restart(), send(private_relay, user)))
    assert inbox.wait(15) is True
    more = list(inbox.fetch_new((seen[-1].uidvalidity, seen[-1].uid)))
    assert len(more) == 1
    inbox.close()
    assert len(private_dovecot.read_mailbox(user.address, folder="Processed")) == 5


def test_server_down_is_a_temporary_failure_then_recovers(private_dovecot, private_relay):
    user = private_dovecot.new_user()
    inbox = inbox_for(private_dovecot, user, retry_attempts=2)
    inbox.connect()
    private_dovecot.stop()
    with pytest.raises(TemporaryFailure, match="ssst"):
        list(inbox.fetch_new(None))
    with pytest.raises(TemporaryFailure):
        inbox.connect()
    private_dovecot.start()
    send(private_relay, user)
    inbox.connect()
    assert len(list(inbox.fetch_new(None))) == 1
    inbox.close()


def test_watchdog_rebuilds_a_connection_that_went_silent(dovecot, smtp_relay, mail_user):
    proxy = FreezingProxy(dovecot.host, dovecot.imap_port)
    try:
        inbox = inbox_for(dovecot, mail_user, port=proxy.port, watchdog_timeout=0.5, timeout=1)
        inbox.connect()
        proxy.freeze()                # the server goes quiet; the socket stays open
        send(smtp_relay, mail_user)
        start = time.monotonic()
        assert inbox.wait(20) is True
        assert time.monotonic() - start < 5
        assert inbox.reconnects == 1
        assert len(list(inbox.fetch_new(None))) == 1
        inbox.close()
    finally:
        proxy.close()


def test_bad_password_is_a_permanent_failure(dovecot, mail_user):
    inbox = ImapInbox("ssst", dovecot.host, dovecot.imap_port, "plain", mail_user.address, "wrong")
    with pytest.raises(PermanentFailure, match="login refused"):
        inbox.connect()
    with pytest.raises(PermanentFailure):
        list(inbox.fetch_new(None))


def test_nothing_listening_is_a_temporary_failure():
    inbox = ImapInbox("vsat", "127.0.0.1", free_port(), "plain", "u", "p", retry_attempts=1)
    with pytest.raises(TemporaryFailure, match="vsat"):
        inbox.connect()


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_tls_and_starttls(dovecot, smtp_relay, mail_user, security):
    port = dovecot.imaps_port if security == "tls" else dovecot.imap_port
    inbox = inbox_for(dovecot, mail_user, port=port, security=security,
                      ssl_context=client_tls_context(dovecot.cert_path))
    send(smtp_relay, mail_user)
    assert len(list(inbox.fetch_new(None))) == 1
    inbox.close()


def test_untrusted_certificate_is_a_permanent_failure(dovecot, mail_user):
    inbox = inbox_for(dovecot, mail_user, port=dovecot.imaps_port, security="tls")
    with pytest.raises(PermanentFailure, match="certificate"):
        inbox.connect()


@pytest.mark.parametrize("use_idle", [True, False])
def test_close_from_another_thread_ends_a_wait_at_once(dovecot, smtp_relay, mail_user, use_idle):
    inbox = inbox_for(dovecot, mail_user, use_idle=use_idle, poll_interval=30)
    inbox.connect()
    later(0.3, inbox.close)            # e.g. the daemon shutting down
    start = time.monotonic()
    assert inbox.wait(30) is False
    assert time.monotonic() - start < 2
    assert inbox.reconnects == 0       # it did not fight the close by reconnecting
    send(smtp_relay, mail_user)        # and the inbox still works afterwards
    assert len(list(inbox.fetch_new(None))) == 1
    inbox.close()


def test_mail_that_comes_between_the_last_look_and_idle_wakes_the_wait_at_once(
        dovecot, smtp_relay, mail_user):
    """Dovecot announces in an IDLE only what changed after the IDLE began: a message
    delivered between the inbox's last look and its IDLE went unnoticed until the IDLE
    ended (30 s in the daemon). The probe connection's STATUS catches it."""
    inbox = inbox_for(dovecot, mail_user)
    assert list(inbox.fetch_new(None)) == []
    look = inbox._has_new
    arrivals = []

    def look_then_mail_arrives():
        found = look()
        if not arrivals:       # delivered (LMTP done) after the look, before the IDLE
            arrivals.extend(send(smtp_relay, mail_user))
        return found
    inbox._has_new = look_then_mail_arrives
    start = time.monotonic()
    assert inbox.wait(8) is True
    assert time.monotonic() - start < 3
    assert ids_of(list(inbox.fetch_new(None))) == arrivals
    inbox.close()


def test_mail_already_gone_when_the_probe_saw_it_does_not_wake_the_wait_again_and_again(
        dovecot, smtp_relay, mail_user):
    inbox = inbox_for(dovecot, mail_user)
    assert list(inbox.fetch_new(None)) == []
    other = inbox_for(dovecot, mail_user)
    send(smtp_relay, mail_user)
    other.settle(next(other.fetch_new(None)))   # another client moves it away unseen by us
    other.close()
    look, looks = inbox._has_new, []
    inbox._has_new = lambda: looks.append(1) or look()
    start = time.monotonic()
    assert inbox.wait(1.5) is False         # a quiet IDLE until the deadline, not a spin
    assert time.monotonic() - start >= 1.4
    assert len(looks) <= 3
    inbox._has_new = look
    later(0.3, send, smtp_relay, mail_user)
    assert inbox.wait(10) is True
    inbox.close()


def test_without_the_probe_an_idle_lasts_at_most_five_seconds(dovecot, smtp_relay, caplog):
    """The password changed under a live connection: the probe cannot log in, so mail
    that came just before an IDLE is found when the (shortened) IDLE ends."""
    user = dovecot.new_user("probe")
    inbox = inbox_for(dovecot, user)
    assert list(inbox.fetch_new(None)) == []
    dovecot.add_user(user.address, "a-new-password")
    look = inbox._has_new
    arrivals = []

    def look_then_mail_arrives():
        found = look()
        if not arrivals:
            arrivals.extend(send(smtp_relay, user))
        return found
    inbox._has_new = look_then_mail_arrives
    start = time.monotonic()
    assert inbox.wait(20) is True
    # Found when the cut IDLE ends (5 s), where an IDLE of its own would last past the
    # 20 s deadline. (Dovecot now and then announces such mail after all, sooner.)
    assert time.monotonic() - start < 8
    assert "the probe connection failed" in caplog.text and "IDLE is cut to 5s" in caplog.text
    inbox.close()
