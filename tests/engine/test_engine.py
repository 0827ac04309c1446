"""The engine on real servers: messages in over IMAP, replies out over SMTP, the store in a
SQLite file, time on an injected clock. A small workflow of the test's own stands in for
the procedures, so these stories are about the engine alone."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from mailbot.clock import SimulatedClock
from mailbot.daemon import Daemon
from mailbot.engine import Engine
from mailbot.dispatcher import Dispatcher
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage, Reminder
from mailbot.workflow import ANY_REPLY, Workflow
from mailbot.commands.world import Received
from tests.botworld import (ECM, NOMINATED, SSST, SSST_LEADER, SSST_OFFICER, SSST_OFFICER_2, STRANGER,
                            make_world)

FEE_REQUEST = ("Hi SSST,\n\nPlease pay the court fee up front for this case.\n\n"
               "Client name: Connor Doyle\nSCIN: 700812334465\nSR number: 1-9RB2WX5\n"
               "Court: Northampton County Court\nFee: £119.00\n\nThanks\nAndrew Kettle\n")

acknowledge_flow = Workflow("acknowledge", team="ssst", initial="new",
                            opens=lambda r: r.kind == "enforcement_fee_request")


@acknowledge_flow.step(ANY_REPLY)
def acknowledge(case, message, act):
    """Tell the officer what arrived; chase them in a day."""
    case.update(message.fields)
    act.send("summary", "officer", follow_up="officer", reply=False, kind=message.kind,
             fields=message.fields, flags=message.flags, problems=[], needs_human=False)
    act.remind("chase", act.hours_after(24))
    return "waiting"


@acknowledge_flow.timer("chase")
def chase(case, data, act):
    act.send("question", "officer", question=f"Has SR {case.sr_number} been dealt with?")
    return "chased"


two_part_flow = Workflow("two_part", team="ssst", initial="new",
                         opens=lambda r: r.kind == "enforcement_fee_request")


@two_part_flow.step(ANY_REPLY)
def two_questions(case, message, act):
    case.update(message.fields)
    for part in ("part 1 of 2", "part 2 of 2"):
        act.send("question", "officer", question=f"{case.sr_number}, {part}")
    return "waiting"


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, workflows=[acknowledge_flow])
    yield w
    w.engine.close()


def cases(world) -> list[Case]:
    with world.engine.sessions() as s:
        return s.scalars(select(Case).order_by(Case.id)).all()


def events(world, ref: str) -> list[str]:
    with world.engine.sessions() as s:
        case = s.scalar(select(Case).where(Case.ref == ref))
        return [f"{e.kind}: {e.text}" for e in
                s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))]


def inbound(world) -> list[InboundMessage]:
    with world.engine.sessions() as s:
        return s.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()


def test_a_request_opens_a_case_and_the_officer_gets_a_summary_with_receipt_headers(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()

    [case] = cases(world)
    assert (case.ref, case.state, case.sr_number) == ("SSST-000001", "waiting", "1-9RB2WX5")
    [summary] = world.inbox(SSST_OFFICER)
    assert summary.subject.startswith("[SSST-000001] ")
    assert summary.header("Disposition-Notification-To") == SSST
    assert summary.header("Auto-Submitted") == "auto-generated"
    assert summary.message_id.endswith("@mailbot.cmg.example.gov.uk>")
    assert "Connor Doyle" in summary.body and "Northampton County Court" in summary.body
    # stored raw, then settled into the Processed folder on the server
    [row] = inbound(world)
    assert row.status == "processed" and b"Connor Doyle" in row.raw
    assert world.post.dovecot.message_count(SSST) == 0
    processed = world.post.dovecot.read_mailbox(SSST, folder="Processed")
    # the request, and the bot's own copy of its summary (proof that the send went)
    assert sorted(b"Connor Doyle" in r and b"[SSST-000001]" not in r for r in processed) == [False, True]


def test_requests_arriving_together_are_shared_evenly_between_the_officers(world):
    srs = ["1-9RB2WX5", "1-7QX4TT2", "1-3KD8PL1", "1-5MN2RT7", "1-2HG6VB3"]
    for sr in srs[:4]:
        world.send(ECM, SSST, f"Enforcement fee - SR {sr}", FEE_REQUEST.replace("1-9RB2WX5", sr))
    world.run()                 # all four read in one pass
    officers = {c.sr_number: c.data["officer_email"] for c in cases(world)}
    assert sorted(officers.values()) == [SSST_OFFICER, SSST_OFFICER, SSST_OFFICER_2, SSST_OFFICER_2]
    assert len(world.inbox(SSST_OFFICER)) == len(world.inbox(SSST_OFFICER_2)) == 2

    with world.engine.sessions() as s:      # one of Tom's cases is closed meanwhile
        case = s.scalar(select(Case).where(Case.data["officer_email"].as_string() == SSST_OFFICER_2))
        case.closed_at = world.clock.now()
        s.commit()
    world.send(ECM, SSST, f"Enforcement fee - SR {srs[4]}", FEE_REQUEST.replace("1-9RB2WX5", srs[4]))
    world.run()                 # the next pass counts afresh: Tom has fewer open now
    assert {c.sr_number: c.data["officer_email"] for c in cases(world)}[srs[4]] == SSST_OFFICER_2


def test_replies_find_their_case_by_token_thread_and_sr_number(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")

    world.reply(SSST_OFFICER, summary, "Noted, will call the court.")            # token
    world.send(SSST_OFFICER, SSST, "about that fee", "SR 1-9RB2WX5: paid today")   # SR number
    world.send(SSST_OFFICER, SSST, "no token here", "thanks", in_reply_to=summary)  # thread
    world.run()

    with world.engine.sessions() as s:
        rows = s.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
        assert [r.case_id for r in rows] == [1, 1, 1, 1]
    history = "\n".join(events(world, "SSST-000001"))
    assert "(token)" in history and "(sr_number)" in history and "(thread)" in history
    assert len(cases(world)) == 1


def test_a_read_receipt_is_recorded_and_the_follow_up_call_reminder_says_so(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    world.deliver_raw(_mdn(summary, SSST_OFFICER), SSST_OFFICER, SSST)
    world.run()

    with world.engine.sessions() as s:
        out = s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == summary.message_id))
        assert out.read_at is not None
    assert any(e.startswith("read_receipt:") for e in events(world, "SSST-000001"))

    world.advance(hours=4)
    call = world.last(SSST_OFFICER, "Follow-up call due")
    assert "A read receipt came back" in call.body
    assert "[SSST-000001]" in call.subject


def test_a_reminder_fires_at_its_time_and_only_once(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    world.advance(hours=23)
    assert not [m for m in world.inbox(SSST_OFFICER) if "been dealt with" in m.body]
    world.advance(hours=2)
    world.advance(hours=24)
    assert len([m for m in world.inbox(SSST_OFFICER) if "been dealt with" in m.body]) == 1
    assert cases(world)[0].state == "chased"


def test_a_reminder_that_fell_due_while_the_daemon_was_down_fires_once_on_return(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    world.engine.close()
    world.clock.advance(timedelta(days=3))          # the daemon is down for three days
    engine = Engine(world.engine.config, world.clock, workflows=[acknowledge_flow])
    engine.run_until_idle()
    engine.run_until_idle()
    engine.close()
    assert len([m for m in world.inbox(SSST_OFFICER) if "been dealt with" in m.body]) == 1
    with world.engine.sessions() as s:
        assert {r.status for r in s.scalars(select(Reminder))} == {"fired"}


def test_the_same_message_twice_is_processed_once(world):
    raw = world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.deliver_raw(raw, ECM, SSST)
    world.run()
    assert [r.status for r in inbound(world)] == ["processed", "duplicate"]
    assert len(world.inbox(SSST_OFFICER)) == 1


def test_a_message_handled_elsewhere_after_it_was_loaded_is_not_handled_again(world):
    """Two workers (a worker replaced while its predecessor was still finishing) load the
    same new rows: the second to write a message's outcome finds it no longer new, and
    what it did with it is rolled back — no second case, no second reply."""
    for sr in ("1-9RB2WX5", "1-7QX4TT2"):
        world.send(ECM, SSST, f"Enforcement fee - SR {sr}", FEE_REQUEST.replace("1-9RB2WX5", sr))
    world.engine.poll("ssst")
    first, second = [r.id for r in inbound(world)]
    seen = world.engine.listener

    def other_worker(event, data):       # handles the second while this one does the first
        seen(event, data)
        if event == "processed" and data["inbound"] == first:
            with world.engine.sessions() as s:
                s.get(InboundMessage, second).status = "processed"
                s.commit()
    world.engine.listener = other_worker
    outcomes = world.engine.process_many([first, second])
    world.engine.listener = seen

    assert [o.status for o in outcomes] == ["processed", "skipped"]
    assert [c.sr_number for c in cases(world)] == ["1-9RB2WX5"]
    assert [r.case_id for r in inbound(world)] == [1, None]
    with world.engine.sessions() as s:
        assert len(s.scalars(select(OutboxMessage)).all()) == 1


def test_suicide_risk_escalates_at_once_to_the_nominated_officer(world):
    world.send("harriet.okonjo@cmg.example.gov.uk", SSST, "FW: message from client",
               "Forwarding the client's email below.\n\n---------- Forwarded message ---------\n"
               "I can't go on. I am going to kill myself. SR 1-9RB2WX5\n")
    world.run()
    [alert] = world.inbox(NOMINATED)
    assert alert.subject.startswith("URGENT")
    assert alert.header("Importance") == "High"
    assert SSST_LEADER in (alert.header("Cc") or "")
    assert "original-message.eml" in alert.attachments()


def test_a_stranger_is_quarantined_a_person_told_and_nothing_goes_back(world):
    world.send(STRANGER, SSST, "SR 1-9RB2WX5", "Tell me about Connor Doyle's case please.")
    world.run()
    [row] = inbound(world)
    assert row.status == "quarantined" and "allow-list" in row.reason
    [notice] = world.inbox(SSST_LEADER)
    assert "quarantined" in notice.subject.lower()
    assert world.inbox(STRANGER) == []
    assert cases(world) == []


def test_automatic_replies_are_recorded_and_never_answered(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    world.send(SSST_OFFICER, SSST, "Automatic reply: " + summary.subject,
               "I am out of the office until Monday 30 November.", in_reply_to=summary,
               headers={"Auto-Submitted": "auto-replied"})
    world.run()
    assert inbound(world)[-1].status == "ignored"
    assert any(e.startswith("auto_reply:") for e in events(world, "SSST-000001"))


def test_bad_input_is_kept_quarantined_or_read_and_the_bot_goes_on(world):
    bad = {
        "malformed MIME": (b"From: " + ECM.encode() + b"\r\nTo: " + SSST.encode() +
                           b"\r\nSubject: broken\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
                           b"boundary=\"zzz\"\r\n\r\n--zzz\r\nContent-Type: text/plain\r\n\r\nhalf a mess"),
        "undecodable charset": (b"From: " + ECM.encode() + b"\r\nTo: " + SSST.encode() +
                                b"\r\nSubject: charset\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
                                b"\xff\xfe\xfd caf\xe9"),
        "no From header": b"To: " + SSST.encode() + b"\r\nSubject: anonymous\r\n\r\nwho am I\r\n",
        "empty message": b"\r\n",
        "30 MB attachment": _big_message(),
    }
    for raw in bad.values():
        world.deliver_raw(raw, ECM, SSST)
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()

    rows = inbound(world)
    assert len(rows) == len(bad) + 1
    assert all(r.status in ("processed", "quarantined") for r in rows)
    assert all(r.raw for r in rows[:-1] if r.status == "quarantined")
    no_from = next(r for r in rows if b"anonymous" in r.raw)
    assert no_from.status == "quarantined" and "From" in no_from.reason
    assert cases(world)[0].sr_number == "1-9RB2WX5"           # the good one still went through
    assert world.last(SSST_OFFICER, "Connor Doyle")


def test_a_message_that_loops_back_is_quarantined(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    world.deliver_raw(summary.raw, SSST, SSST)                  # our own message comes back
    world.run()
    assert inbound(world)[-1].status == "quarantined"
    assert "loop" in inbound(world)[-1].reason
    assert len(world.inbox(SSST_OFFICER)) == 1


def test_our_own_copy_fetched_again_after_a_crash_is_settled_not_taken_for_a_loop(world, monkeypatch):
    # The process dies each time after storing what it fetched and before moving it out of
    # the INBOX: the request, then the bot's own copy of its summary (which confirmed the send).
    monkeypatch.setattr("mailbot.intake._settle", lambda inbox, batch: None)
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    assert world.post.dovecot.message_count(SSST) == 2
    world.engine.close()
    monkeypatch.undo()

    engine = Engine(world.engine.config, world.clock, workflows=[acknowledge_flow])
    engine.run_until_idle()          # back up: whatever is left in the INBOX is looked at again
    engine.close()
    assert [(r.status, r.reason) for r in inbound(world)] == [("processed", None)]
    assert world.post.dovecot.message_count(SSST) == 0
    assert len(world.post.dovecot.read_mailbox(SSST, folder="Processed")) == 2
    assert len(world.inbox(SSST_OFFICER)) == 1          # the summary, and nothing about a loop
    with world.engine.sessions() as s:
        assert s.scalar(select(OutboxMessage.status)) == "sent"
        assert s.scalar(select(OutboxMessage.confirmed_at)) is not None


def test_a_send_cut_short_by_a_crash_is_not_repeated_while_its_copy_waits_unfetched(world, monkeypatch):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    # The summary goes out (with the bot's own copy) and the process dies before it can
    # write down that it went, and before it fetches the copy: the row stays 'sending'.
    key = next(k for k, mb in world.engine.config.mailboxes.items() if mb.address == SSST)
    world.engine.poll(key)
    world.engine.process_pending()
    monkeypatch.setattr(Dispatcher, "_record", lambda self, s, results: None)
    world.engine.dispatch()
    monkeypatch.undo()
    world.engine.close()
    assert len(world.inbox(SSST_OFFICER)) == 1
    assert world.post.dovecot.message_count(SSST) == 1          # the copy, not yet fetched

    world.clock.advance(timedelta(hours=2))          # down long past the confirm grace
    engine = Engine(world.engine.config, world.clock, workflows=[acknowledge_flow])
    assert engine.recover_interrupted_sends() == 1
    world.clock.advance(timedelta(minutes=5))
    assert engine.dispatch() == 0        # not before the mailbox is looked through
    engine.run_until_idle()              # the copy comes in: it went
    engine.close()
    assert len(world.inbox(SSST_OFFICER)) == 1
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        assert out.status == "sent" and out.confirmed_at is not None and out.attempts == 1


def test_smtp_refusing_for_a_while_defers_the_send_then_it_goes_once(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.post.relay.refuse(seconds=3600)          # the bot's SMTP server starts refusing
    world.run()
    with world.engine.sessions() as s:
        [out] = s.scalars(select(OutboxMessage)).all()
        assert out.status == "pending" and out.attempts == 1 and "451" in out.last_error
    world.post.relay.refuse(0)
    world.advance(timedelta(minutes=1))
    assert len(world.inbox(SSST_OFFICER)) == 1
    world.advance(timedelta(minutes=10))
    assert len(world.inbox(SSST_OFFICER)) == 1


def test_a_backlog_goes_out_over_two_connections_at_once_each_case_in_order(
        tmp_path, private_dovecot, private_relay):
    world = make_world(tmp_path, private_dovecot, private_relay, workflows=[two_part_flow])
    try:
        srs = ["1-9RB2WX5", "1-7QX4TT2", "1-3KD8PL1"]
        for sr in srs:
            world.send(ECM, SSST, f"Enforcement fee - SR {sr}", FEE_REQUEST.replace("1-9RB2WX5", sr))
        private_relay.refuse(seconds=3600)      # the SMTP server is down: six replies wait
        world.run()
        private_relay.refuse(0)
        private_relay.hold_data(2)   # it answers no DATA until two are there at once
        world.advance(timedelta(minutes=1))

        assert private_relay.held_together == 2
        got = world.inbox(SSST_OFFICER) + world.inbox(SSST_OFFICER_2)
        assert len(got) == 6
        for officer in (SSST_OFFICER, SSST_OFFICER_2):
            for sr in srs:      # in the order each officer received them
                parts = [m.body.split(", ")[1][:11] for m in world.inbox(officer) if sr in m.body]
                assert parts in ([], ["part 1 of 2", "part 2 of 2"])
        with world.engine.sessions() as s:
            assert {o.status for o in s.scalars(select(OutboxMessage))} == {"sent"}
    finally:
        world.engine.close()


def test_the_daemon_wakes_on_idle_and_answers_within_seconds(tmp_path, private_dovecot, private_relay):
    world = make_world(tmp_path, private_dovecot, private_relay, workflows=[acknowledge_flow])
    daemon = Daemon(tmp_path / "unused.yaml", world.engine.config, clock=world.clock,
                    engine=world.engine)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=15) == 1
        private_dovecot.restart()                                  # the server goes away
        world.send(ECM, SSST, "Enforcement fee - SR 1-2AB3CD4",
                   FEE_REQUEST.replace("1-9RB2WX5", "1-2AB3CD4").replace("700812334465", "700812339999"))
        # A send that met the restart is retried after a delay: let the clock pass it.
        # The second case goes to the other officer: work is spread across them.
        for _ in range(30):
            if private_dovecot.wait_for_messages(SSST_OFFICER_2, 1, timeout=1) == 1:
                break
            world.clock.advance(timedelta(seconds=30))
            daemon.engine.wakeup.set()
        assert private_dovecot.message_count(SSST_OFFICER_2) == 1
    finally:
        daemon.stop.set()
        daemon.engine.wakeup.set()
        thread.join(timeout=20)
    assert [c.sr_number for c in cases(world)] == ["1-9RB2WX5", "1-2AB3CD4"]


def _mdn(original: Received, reader: str) -> bytes:
    return (f"From: {reader}\r\nTo: {SSST}\r\nSubject: Read: {original.subject}\r\n"
            f"Message-ID: <mdn-1@cmg.example.gov.uk>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b\"\r\n\r\n"
            "--b\r\nContent-Type: text/plain\r\n\r\nThe message was displayed.\r\n"
            "--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
            f"Final-Recipient: rfc822;{reader}\r\nOriginal-Message-ID: {original.message_id}\r\n"
            "Disposition: manual-action/MDN-sent-manually; displayed\r\n--b--\r\n").encode()


def _big_message() -> bytes:
    import base64
    payload = base64.encodebytes(b"\0" * (30 * 1024 * 1024)).replace(b"\n", b"\r\n")
    return (f"From: {ECM}\r\nTo: {SSST}\r\nSubject: big scan SR 1-7XY8ZQ1\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\n"
            "Content-Type: text/plain\r\n\r\nScan attached.\r\n--big\r\n"
            "Content-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            ).encode() + payload + b"\r\n--big--\r\n"


def test_a_reply_from_the_recipient_makes_the_follow_up_call_unnecessary(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    world.reply(SSST_OFFICER, summary, "Got it.")
    world.run()
    with world.engine.sessions() as s:
        first = s.scalar(select(Reminder).where(Reminder.key == "follow_up_call:1"))
        assert first.status == "cancelled"
    assert any("not needed" in e for e in events(world, "SSST-000001"))


def test_another_sr_for_the_same_client_is_new_work_not_the_old_case(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.send(ECM, SSST, "Enforcement fee - SR 1-4NW5AB6", FEE_REQUEST.replace("1-9RB2WX5", "1-4NW5AB6"))
    world.run()
    assert [c.sr_number for c in cases(world)] == ["1-9RB2WX5", "1-4NW5AB6"]


def test_a_bounce_is_recorded_on_the_message_and_the_officer_told(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    world.deliver_raw(_bounce(summary, "gone.away@cmg.example.gov.uk"), "mailer-daemon@cmg.example.gov.uk", SSST)
    world.run()
    with world.engine.sessions() as s:
        out = s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == summary.message_id))
        assert out.bounced_at is not None
    assert any(e.startswith("bounce:") and "gone.away@cmg.example.gov.uk" in e
               for e in events(world, "SSST-000001"))
    notice = world.last(SSST_OFFICER, "Not delivered")
    assert "gone.away@cmg.example.gov.uk" in notice.body


def test_a_delivery_receipt_is_kept_in_the_history_and_is_not_a_bounce(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.run()
    summary = world.last(SSST_OFFICER, "Connor Doyle")
    receipt = _bounce(summary, SSST_OFFICER).replace(b"Action: failed\r\nStatus: 5.1.1",
                                                     b"Action: delivered\r\nStatus: 2.0.0")
    world.deliver_raw(receipt.replace(b"could not be delivered", b"was delivered"),
                      "postmaster@cmg.example.gov.uk", SSST)
    world.run()
    with world.engine.sessions() as s:
        out = s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == summary.message_id))
        assert out.bounced_at is None
    assert any(e.startswith("delivery_report:") and "nothing failed" in e
               for e in events(world, "SSST-000001"))
    assert not [m for m in world.inbox(SSST_OFFICER) if "Not delivered" in m.subject + m.body]


def _bounce(original: Received, failed: str) -> bytes:
    return (f"From: Mail Delivery System <mailer-daemon@cmg.example.gov.uk>\r\nTo: {SSST}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@cmg.example.gov.uk>\r\n"
            "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n\r\n"
            "--d\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            "--d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.cmg.example.gov.uk\r\n\r\n"
            f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            "--d\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: {SSST}\r\nSubject: {original.subject}\r\nMessage-ID: {original.message_id}\r\n"
            "--d--\r\n").encode()
