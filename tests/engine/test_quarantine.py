"""Mail the bot keeps but does not act on, as the person told about it sees it: the notice
names the sender, subject, date and reason in its own text and says where the original is
kept; the original is moved to the mailbox's Quarantine folder; an original too large to
attach is left out (and can be exported), and a notice the mail server refuses as too
large goes again without it. Real Dovecot and SMTP (the EWS fake for Exchange); time is the
simulated clock."""
from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from mailbot.cli import main
from mailbot.clock import SimulatedClock
from mailbot.config import Config, EwsInboxConfig, EwsSenderConfig, NoticesConfig
from mailbot.commands.demo import demo_config
from mailbot.engine import Engine
from mailbot.store import InboundMessage, OutboxMessage
from mailbot.commands.world import Received
from tests.botworld import ECM, SSST, SSST_LEADER, STRANGER, START, make_world
from tests.engine.test_engine import acknowledge_flow
from tests.ews_server import FakeExchange, make_message
from tests.servers import message_ids

ASKING = "Hello,\n\nTell me about Connor Doyle's case please.\n"
# a multipart message cut short: its part is never closed
MALFORMED = (f"From: Andrew Kettle <{ECM}>\r\nTo: {SSST}\r\nSubject: scan of the order\r\n"
             f"Date: Mon, 23 Nov 2026 08:41:00 +0000\r\nMessage-ID: <cut.short@cmg.example.gov.uk>\r\n"
             "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"zzz\"\r\n\r\n"
             "--zzz\r\nContent-Type: text/plain\r\n\r\nhalf a mess").encode()


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, workflows=[acknowledge_flow],
                   notices=NoticesConfig(attach_original_max_mb=0.25))
    yield w
    w.engine.close()


def inbound(world) -> list[InboundMessage]:
    with world.engine.sessions() as s:
        return s.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()


def padded(text: str, kilobytes: int) -> str:
    return text + "\n" + ("Further details follow on the next line of this long letter.\n"
                          * (kilobytes * 1024 // 62))


def assert_names_the_original(notice: Received, reason: str) -> None:
    body = notice.body
    assert "Curious Person <curious.person@example.com>" in body
    assert "Connor Doyle - SR 1-9RB2WX5" in body
    assert "Mon 23 Nov 2026 09:00" in body
    assert reason in body


def test_a_strangers_message_is_named_in_the_notice_and_moved_to_the_quarantine_folder(world):
    raw = world.send(STRANGER, SSST, "Connor Doyle - SR 1-9RB2WX5", ASKING)
    world.run()

    [notice] = world.inbox(SSST_LEADER)
    assert_names_the_original(notice, "sender not on the allow-list")
    assert f"Quarantine folder of the {SSST} mailbox" in notice.body
    assert list(notice.attachments()) == ["original-message.eml"]      # small: attached
    [row] = inbound(world)
    assert f"mailbot quarantine --export {row.id}" in notice.body

    dovecot = world.post.dovecot
    # moved out of Processed into Quarantine, the very bytes, and left unread
    assert dovecot.read_mailbox(SSST, folder="Quarantine") == [row.raw]
    assert message_ids([raw])[0] not in message_ids(dovecot.read_mailbox(SSST, folder="Processed"))
    with dovecot.imap(SSST) as client:
        client.select_folder("Quarantine", readonly=True)
        flags = client.get_flags(client.search(["ALL"]))
    assert [b"\\Seen" in f for f in flags.values()] == [False]


def test_a_malformed_message_sent_to_triage_is_named_and_what_is_wrong_said(world):
    world.deliver_raw(MALFORMED, ECM, SSST)
    world.run()

    [notice] = world.inbox(SSST_LEADER)
    body = notice.body
    assert f"Andrew Kettle <{ECM}>" in body and "scan of the order" in body
    assert "Mon 23 Nov 2026 08:41" in body
    assert "the bot could not tell what this message is" in body
    assert "never closed" in body          # what is wrong with its MIME, in words


def test_an_original_over_the_size_cap_is_not_attached_and_can_be_exported_as_eml(
        world, tmp_path, capsys):
    world.send(STRANGER, SSST, "Connor Doyle - SR 1-9RB2WX5", padded(ASKING, 400))
    world.run()

    [notice] = world.inbox(SSST_LEADER)
    assert_names_the_original(notice, "sender not on the allow-list")
    assert notice.attachments() == {}
    [row] = inbound(world)
    assert "over the 0.25 MB limit" in notice.body
    assert f"inbound message {row.id}" in notice.body
    assert f"mailbot quarantine --export {row.id}" in notice.body
    assert f"Quarantine folder of the {SSST} mailbox" in notice.body

    config = tmp_path / "mailbot.yaml"
    config.write_text(yaml.safe_dump(world.engine.config.model_dump(mode="json")))
    assert main(["quarantine", "--config", str(config)]) == 0
    listing = capsys.readouterr().out
    assert str(row.id) in listing and "curious.person@example.com" in listing
    out = tmp_path / "kept.eml"
    assert main(["quarantine", "--config", str(config), "--export", str(row.id), "--out", str(out)]) == 0
    [in_quarantine] = world.post.dovecot.read_mailbox(SSST, folder="Quarantine")
    assert out.read_bytes() == in_quarantine == row.raw
    assert Config.model_fields["notices"].default.attach_original_max_mb == 10    # the default cap


def test_a_notice_the_server_refuses_as_too_large_goes_again_without_the_original(
        world, private_relay):
    world.send(STRANGER, SSST, "Connor Doyle - SR 1-9RB2WX5", padded(ASKING, 200))   # under the cap
    private_relay.refuse_larger_than(120 * 1024)
    world.run()

    assert private_relay.refused_large == 1             # refused once, with the original
    [notice] = world.inbox(SSST_LEADER)                  # and a person told all the same
    assert_names_the_original(notice, "sender not on the allow-list")
    assert notice.attachments() == {}
    assert "refused this notice with the copy attached" in notice.body and "552" in notice.body
    [row] = inbound(world)
    assert f"mailbot quarantine --export {row.id}" in notice.body
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage).where(OutboxMessage.template == "quarantined")).all()
    assert out.status == "sent" and message_ids([out.raw]) == message_ids([notice.raw])
    assert b"original-message.eml" not in out.raw        # the outbox keeps what went


def test_a_message_the_bot_cannot_get_through_is_moved_to_quarantine_and_named(world):
    raw = world.send(ECM, SSST, "Connor Doyle - SR 1-9RB2WX5", ASKING, name="Andrew Kettle")
    key = next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)
    world.engine.poll(key)                   # stored and settled as processed; then it hangs
    [row] = inbound(world)
    world.engine.quarantine_row(row.id, "the worker process died twice while handling this message")
    world.run()

    [notice] = world.inbox(SSST_LEADER)
    assert f"Andrew Kettle <{ECM}>" in notice.body and "Connor Doyle - SR 1-9RB2WX5" in notice.body
    assert "the worker process died twice" in notice.body
    assert world.post.dovecot.read_mailbox(SSST, folder="Quarantine") == [row.raw]
    assert message_ids([raw])[0] not in message_ids(
        world.post.dovecot.read_mailbox(SSST, folder="Processed"))


@pytest.fixture
def exchange():
    server = FakeExchange(SSST).start()
    yield server
    server.stop()


def test_on_exchange_a_quarantined_message_is_moved_to_the_quarantine_folder(tmp_path, exchange):
    config = demo_config(tmp_path)
    login = dict(backend="ews", service_endpoint=exchange.endpoint, auth_type="noauth", version="2016")
    ssst = config.mailboxes["ssst"].model_copy(update={
        "inbound": EwsInboxConfig(**login, processed_folder="Processed", quarantine_folder="Held",
                                  poll_seconds=1),
        "outbound": EwsSenderConfig(**login)})
    config = config.model_copy(update={"mailboxes": {**config.mailboxes, "ssst": ssst}})
    engine = Engine(config, SimulatedClock(START), workflows=[acknowledge_flow])
    try:
        raw = make_message(STRANGER, SSST, "Connor Doyle - SR 1-9RB2WX5", ASKING)
        date = raw.split(b"Date: ", 1)[1].split(b"\r\n", 1)[0]
        raw = raw.replace(date, b"Mon, 23 Nov 2026 08:41:00 +0000")
        exchange.deliver(raw)
        engine.run_until_idle()
    finally:
        engine.close()

    assert exchange.messages("Held") == [raw]
    assert raw not in exchange.messages("Processed") and exchange.messages("inbox") == []
    [sent] = exchange.sent
    notice = Received(sent.mime)
    assert STRANGER in notice.body and "Connor Doyle - SR 1-9RB2WX5" in notice.body
    assert "sender not on the allow-list" in notice.body
    assert "Held folder of the " + SSST in notice.body
    assert "Mon 23 Nov 2026 08:41" in notice.body
