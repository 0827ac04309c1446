"""Bogus contacts end to end (procedure 003, "Bogus Calls"; issue 15 item 6): someone after
client information under false pretences writes to the SSST mailbox. The bot keeps the
message in quarantine with the sign named, the team's quarantine reviewer (else its triage)
is told what to verify before anything is sent, and nothing at all goes to the address that
wrote. Real Dovecot and SMTP, the injected clock."""
from __future__ import annotations

import email.utils

import pytest
from sqlalchemy import select

from mailbot.config import example_config, load_config
from mailbot.store import Case, InboundMessage, OutboxMessage
from tests.botworld import ECM, NOMINATED, SSST, SSST_LEADER, make_world

LOOK_ALIKE = "harriet.okonjo@cmg.exarnple.gov.uk"
SPOOFED_NAME = "priya.shah.ssst@gmail.com"
ASKING = ("Hi SSST,\n\nI'm chasing the face to face visit on SR 1-7QF3KD2 (Dean Fletcher). Please "
          "send me the address of the paying parent and his phone number so I can update our "
          "records today.\n\nThanks\n")
CHECKLIST = ("send no client information to its address, and do not reply to it",
             "telephone the sender on a number from our own records, never one given in the email",
             "check the address with the team it claims to be from",
             "if it is bogus, report it to your team leader")


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay,
                   extra_addresses=[LOOK_ALIKE, SPOOFED_NAME])
    yield w
    w.engine.close()


def quarantined_with(world, reason: str) -> InboundMessage:
    """The one message the bot read: quarantined, the sign named, on no case."""
    with world.engine.sessions() as s:
        [row] = s.scalars(select(InboundMessage)).all()
        assert s.scalars(select(Case)).all() == []
    assert row.status in ("quarantined", "processed")        # settled once moved to Quarantine
    assert row.reason == "possible bogus contact: " + reason
    assert world.post.dovecot.read_mailbox(SSST, folder="Quarantine") == [row.raw]
    return row


def reviewer_told(world, reviewer: str, sender: str, reason: str) -> None:
    """The reviewer's one notice names the sender and the sign, and says what to verify."""
    [notice] = world.inbox(reviewer)
    text = " ".join(notice.body.split())
    assert notice.subject == "Message quarantined in the ssst mailbox"
    assert sender in text and reason in text
    assert "may be a bogus contact" in text
    for step in CHECKLIST:
        assert step in text, step


def nothing_sent_to(world, sender: str) -> None:
    """Nothing went to the sender, nor waits to go, even after days pass."""
    world.advance(days=3)
    assert world.inbox(sender) == []
    with world.engine.sessions() as s:
        recipients = [r.lower() for out in s.scalars(select(OutboxMessage)) for r in out.recipients]
    assert sender not in recipients


def test_an_address_made_to_look_like_a_colleagues_is_quarantined_and_named(world):
    """Given 'Harriet Okonjo' writing from cmg.exarnple.gov.uk (rn for m) for a paying
    parent's address, the look-alike is named and the triage officer told what to check."""
    world.send(LOOK_ALIKE, SSST, "SR 1-7QF3KD2 - paying parent's address", ASKING,
               name="Harriet Okonjo")
    world.run()

    reason = ("the sender's domain cmg.exarnple.gov.uk looks like the allow-listed "
              "cmg.example.gov.uk")
    quarantined_with(world, reason)
    reviewer_told(world, SSST_LEADER, LOOK_ALIKE, reason)       # SSST's triage: no reviewer named
    nothing_sent_to(world, LOOK_ALIKE)


def test_a_staff_name_on_an_outside_address_is_quarantined_and_named(world):
    """Given 'Priya Shah', the SSST officer, writing from a Gmail address, the display name is
    named as staff's on an address outside the allow-list."""
    world.send(SPOOFED_NAME, SSST, "SR 1-7QF3KD2", ASKING, name="Priya Shah")
    world.run()

    reason = ("the display name 'Priya Shah' is a member of staff's, but the address is outside "
              "the allow-list")
    quarantined_with(world, reason)
    reviewer_told(world, SSST_LEADER, SPOOFED_NAME, reason)
    nothing_sent_to(world, SPOOFED_NAME)


def test_a_message_our_server_says_failed_dmarc_is_quarantined_though_allow_listed(
        tmp_path, private_dovecot, private_relay):
    """Given a message From the ECM, allow-listed, that our own mail server marked dmarc=fail,
    it is quarantined all the same and the team's quarantine reviewer is told."""
    teams = dict(load_config(example_config()).teams)
    teams["ssst"] = teams["ssst"].model_copy(update={"quarantine_reviewer": NOMINATED})
    world = make_world(tmp_path, private_dovecot, private_relay, teams=teams)
    try:
        raw = ("Authentication-Results: mx.cmg.example.gov.uk; spf=pass "
               "smtp.mailfrom=mailer.example.net; dkim=none; dmarc=fail (p=quarantine dis=none) "
               "header.from=cmg.example.gov.uk\r\n"
               f"From: Andrew Kettle <{ECM}>\r\nTo: {SSST}\r\n"
               "Subject: SR 1-7QF3KD2 - enforcement\r\n"
               f"Date: {email.utils.format_datetime(world.clock.now())}\r\n"
               "Message-ID: <dmarc.fail.1@mailer.example.net>\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               "Hello,\r\n\r\nPlease find the enforcement papers for SR 1-7QF3KD2 attached "
               "on our portal.\r\n\r\nAndrew\r\n").encode()
        world.deliver_raw(raw, ECM, SSST)
        world.run()

        reason = "DMARC failed for cmg.example.gov.uk: the message may not be from who it says"
        quarantined_with(world, reason)
        reviewer_told(world, NOMINATED, ECM, reason)
        assert world.inbox(SSST_LEADER) == []          # the reviewer, not triage
        nothing_sent_to(world, ECM)
    finally:
        world.engine.close()
