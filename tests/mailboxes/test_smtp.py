"""The smtp sender against aiosmtpd relaying into a real Dovecot."""
from __future__ import annotations

import threading

import pytest

from mailbot.mailboxes.base import PermanentFailure, TemporaryFailure
from mailbot.mailboxes.smtp import RecipientsRefused, SmtpSender, SmtpSenders
from tests.servers import SmtpRelay, client_tls_context, free_port, make_message, message_ids


def sender_for(relay, **kwargs) -> SmtpSender:
    kwargs.setdefault("security", "plain")
    return SmtpSender("ssst", relay.host, relay.port, **kwargs)


def test_sends_over_one_reused_connection(dovecot, smtp_relay, new_mail_user):
    alice, bob = new_mail_user("alice"), new_mail_user("bob")
    out = sender_for(smtp_relay)
    raws = [make_message([alice.address, bob.address], f"Update {i}") for i in range(3)]
    for raw in raws:
        out.send(raw, "bot@example.test", [alice.address, bob.address])
    out.close()
    assert out.connections == 1
    for user in (alice, bob):
        assert dovecot.wait_for_messages(user.address, 3) == 3
        assert message_ids(dovecot.read_mailbox(user.address)) == message_ids(raws)


def test_bounce_goes_out_with_a_null_sender(dovecot, smtp_relay, mail_user):
    out = sender_for(smtp_relay)
    out.send(make_message(mail_user.address, "Undeliverable"), "", [mail_user.address])
    out.close()
    dovecot.wait_for_messages(mail_user.address, 1)
    assert dovecot.read_mailbox(mail_user.address)[0].startswith(b"Return-Path: <>")


def test_unknown_recipient_is_a_permanent_failure(smtp_relay):
    out = sender_for(smtp_relay)
    with pytest.raises(PermanentFailure, match=r"nobody@example.test: 550"):
        out.send(make_message("nobody@example.test"), "bot@example.test", ["nobody@example.test"])
    out.close()


def test_partial_refusal_names_the_refused_and_delivers_the_rest(dovecot, smtp_relay, mail_user):
    out = sender_for(smtp_relay)
    with pytest.raises(RecipientsRefused) as refused:
        out.send(make_message(mail_user.address), "bot@example.test",
                 [mail_user.address, "ghost@example.test"])
    assert list(refused.value.refused) == ["ghost@example.test"]
    assert "ghost@example.test: 550" in str(refused.value)
    assert dovecot.wait_for_messages(mail_user.address, 1) == 1
    out.close()


def test_refusing_relay_is_a_temporary_failure_then_recovers(dovecot, smtp_relay, mail_user):
    out = sender_for(smtp_relay)
    raw = make_message(mail_user.address, "Retry me")
    smtp_relay.refuse(2)
    try:
        for _ in range(2):
            with pytest.raises(TemporaryFailure, match="451"):
                out.send(raw, "bot@example.test", [mail_user.address])
    finally:
        smtp_relay.refuse(0)
    out.send(raw, "bot@example.test", [mail_user.address])
    out.close()
    assert dovecot.wait_for_messages(mail_user.address, 1) == 1
    assert len(dovecot.read_mailbox(mail_user.address)) == 1


def test_reconnects_when_the_server_dropped_the_connection(dovecot, smtp_relay, mail_user):
    out = sender_for(smtp_relay, probe_after=0)
    out.send(make_message(mail_user.address, "one"), "bot@example.test", [mail_user.address])
    smtp_relay.drop_connections()
    out.send(make_message(mail_user.address, "two"), "bot@example.test", [mail_user.address])
    out.close()
    assert out.connections == 2
    assert dovecot.wait_for_messages(mail_user.address, 2) == 2


def test_mailbox_server_down_is_a_temporary_failure(private_dovecot, private_relay):
    user = private_dovecot.new_user()
    out = sender_for(private_relay)
    private_dovecot.stop(graceful=False)
    with pytest.raises(TemporaryFailure, match="451"):
        out.send(make_message(user.address), "bot@example.test", [user.address])
    private_dovecot.start()
    out.send(make_message(user.address), "bot@example.test", [user.address])
    out.close()
    assert private_dovecot.wait_for_messages(user.address, 1) == 1


def test_nothing_listening_is_a_temporary_failure():
    out = SmtpSender("vsat", "127.0.0.1", free_port(), "plain")
    with pytest.raises(TemporaryFailure, match="vsat"):
        out.send(b"Subject: x\r\n\r\nx\r\n", "bot@example.test", ["a@example.test"])


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_login(dovecot, mail_user, security):
    relay = SmtpRelay(dovecot.lmtp_port, auth_users={"bot": "s3cret"},
                      tls_cert=(dovecot.cert_path, dovecot.key_path),
                      implicit_tls=security == "tls").start()
    try:
        out = sender_for(relay, security=security, username="bot", password="s3cret",
                         ssl_context=client_tls_context(dovecot.cert_path))
        out.send(make_message(mail_user.address), "bot@example.test", [mail_user.address])
        out.close()
        assert dovecot.wait_for_messages(mail_user.address, 1) == 1

        wrong = sender_for(relay, security=security, username="bot", password="nope",
                           ssl_context=client_tls_context(dovecot.cert_path))
        with pytest.raises(PermanentFailure, match="login as bot refused: 535") as failure:
            wrong.send(make_message(mail_user.address), "bot@example.test", [mail_user.address])
        assert "nope" not in str(failure.value)
    finally:
        relay.stop()


def test_relay_survives_clients_that_vanish_without_quit(dovecot, smtp_relay, mail_user):
    # Each vanished client must not keep a Dovecot lmtp process (process_limit is 100).
    import smtplib
    for i in range(110):
        smtp = smtplib.SMTP(smtp_relay.host, smtp_relay.port, timeout=10)
        smtp.sendmail("bot@example.test", [mail_user.address], make_message(mail_user.address, f"n{i}"))
        smtp.close()                   # no QUIT
    assert dovecot.wait_for_messages(mail_user.address, 110) == 110


def test_several_connections_send_at_once_from_several_threads(dovecot, smtp_relay, mail_user):
    out = SmtpSenders(2, lambda: sender_for(smtp_relay))
    raws = [make_message(mail_user.address, f"Backlog {i}") for i in range(6)]
    smtp_relay.hold_data(2)          # no DATA is answered until two are there at once
    errors = []

    def send(mine):
        try:
            for raw in mine:
                out.send(raw, "bot@example.test", [mail_user.address])
        except Exception as exc:
            errors.append(exc)
    threads = [threading.Thread(target=send, args=(raws[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.close()
    assert errors == [] and smtp_relay.held_together == 2
    assert out.connections == 2
    assert dovecot.wait_for_messages(mail_user.address, 6) == 6
    assert sorted(message_ids(dovecot.read_mailbox(mail_user.address))) == sorted(message_ids(raws))


def test_one_connection_cannot_send_two_at_once(smtp_relay, mail_user):
    """The hold the test above relies on: one connection alone waits in vain."""
    out = SmtpSenders(1, lambda: sender_for(smtp_relay))
    smtp_relay.hold_data(2, timeout=1.0)
    with pytest.raises(TemporaryFailure, match="451"):
        out.send(make_message(mail_user.address), "bot@example.test", [mail_user.address])
    out.close()
