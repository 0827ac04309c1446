"""The maildir backend (the embedded default) on real files."""
from __future__ import annotations

import os
import threading
import time

import pytest

from mailbot.mailboxes.base import PermanentFailure
from mailbot.mailboxes.maildir import MaildirDelivery, MaildirInbox, MaildirSender
from mailbot.mailboxes.smtp import RecipientsRefused
from tests.servers import make_message, message_ids


def files(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def test_reads_new_mail_oldest_first_and_settles_it(tmp_path):
    delivery = MaildirDelivery("demo", str(tmp_path))
    raws = [make_message("ssst@example.test", f"Referral {i}") for i in range(3)]
    for raw in raws:
        delivery.send(raw, "ecm@example.test", ["ssst@example.test"])
    inbox = MaildirInbox("ssst", str(tmp_path / "ssst@example.test"))
    inbox.connect()

    got = list(inbox.fetch_new(None))
    assert [f.uidvalidity for f in got] == [1, 1, 1]
    assert message_ids([f.raw for f in got]) == message_ids(raws)

    inbox.settle(got[0])
    inbox.settle(got[1], quarantined=True)
    inbox.settle(got[1], quarantined=True)       # twice is harmless
    assert [f.uid for f in inbox.fetch_new((1, got[-1].uid))] == [got[2].uid]

    box = tmp_path / "ssst@example.test"
    assert files(box / "cur") == [f"{got[0].uid}:2,S"]
    assert files(box / ".Quarantine" / "cur") == [f"{got[1].uid}:2,"]
    assert files(box / "new") == [got[2].uid]


def test_picks_up_files_dropped_into_new_even_under_a_reused_name(tmp_path):
    inbox = MaildirInbox("ssst", str(tmp_path))
    (tmp_path / "new" / "referral.eml").write_bytes(make_message("ssst@example.test", "first"))
    [first] = inbox.fetch_new(None)
    assert first.uid == "referral.eml"
    inbox.settle(first)

    (tmp_path / "new" / "referral.eml").write_bytes(make_message("ssst@example.test", "second"))
    [second] = inbox.fetch_new(None)
    assert second.uid != first.uid and second.uid.startswith("referral.eml.")
    assert b"Subject: second" in second.raw
    inbox.settle(second)
    assert len(files(tmp_path / "cur")) == 2


def test_wait_returns_early_when_mail_arrives_and_false_on_timeout(tmp_path):
    inbox = MaildirInbox("ssst", str(tmp_path))
    assert inbox.wait(0) is False
    start = time.monotonic()
    assert inbox.wait(0.3) is False
    assert time.monotonic() - start >= 0.3

    threading.Timer(0.2, MaildirDelivery("d", str(tmp_path.parent)).send,
                    (make_message("x@example.test"), "a@example.test", [tmp_path.name + "@x"])).start()
    # (delivers elsewhere: must not wake this inbox) and a drop into this one:
    threading.Timer(0.4, (tmp_path / "new" / "dropped.eml").write_bytes,
                    (make_message("ssst@example.test"),)).start()
    start = time.monotonic()
    assert inbox.wait(10) is True
    assert 0.3 < time.monotonic() - start < 1.5

    [msg] = inbox.fetch_new(None)
    assert inbox.wait(0) is False                # fetched, unsettled: not new again
    inbox.settle(msg)
    assert inbox.wait(0) is False


def test_eml_copies_number_on_across_senders_and_restart_at_one_in_an_emptied_folder(tmp_path):
    sent = tmp_path / "sent"
    ssst = MaildirSender("ssst", str(tmp_path / "ssst-out"), eml_dir=str(sent))
    vsat = MaildirSender("vsat", str(tmp_path / "vsat-out"), eml_dir=str(sent))
    for i, sender in enumerate([ssst, vsat, ssst]):
        sender.send(make_message("a@example.test", f"Note {i}"), "bot@example.test", ["a@example.test"])
    assert files(sent) == ["0001-note-0.eml", "0002-note-1.eml", "0003-note-2.eml"]

    for name in files(sent):          # someone clears the folder between runs
        os.unlink(sent / name)
    vsat.send(make_message("a@example.test", "Fresh"), "bot@example.test", ["a@example.test"])
    assert files(sent) == ["0001-fresh.eml"]


def test_sender_writes_each_message_id_once_with_an_eml_copy(tmp_path):
    out = MaildirSender("outbox", str(tmp_path / "outbox"), eml_dir=str(tmp_path / "sent"))
    raw = make_message("vsat@example.test", "Referral for VSAT: SR 1-ABC123")
    out.send(raw, "bot@example.test", ["vsat@example.test"])
    out.send(raw, "bot@example.test", ["vsat@example.test"])      # a retry
    other = make_message("vsat@example.test", "Second")
    out.send(other, "bot@example.test", ["vsat@example.test", "tl@example.test"])

    assert len(files(tmp_path / "outbox" / "new")) == 2
    assert files(tmp_path / "outbox" / "tmp") == []
    assert files(tmp_path / "sent") == ["0001-referral-for-vsat-sr-1-abc123.eml", "0002-second.eml"]
    assert (tmp_path / "sent" / "0002-second.eml").read_bytes() == other

    # Read back through the inbox side: envelope lines first, then the message as sent.
    stored = [f.raw for f in MaildirInbox("check", str(tmp_path / "outbox")).fetch_new(None)]
    assert any(s.startswith(b"Return-Path: <bot@example.test>\r\nX-Original-To: vsat@example.test, "
                            b"tl@example.test\r\n") and s.endswith(other) for s in stored)

    # Settled (moved to cur/) by a reader, it is still not written again.
    reader = MaildirInbox("check", str(tmp_path / "outbox"))
    for f in reader.fetch_new(None):
        reader.settle(f)
    out.send(raw, "bot@example.test", ["vsat@example.test"])
    assert files(tmp_path / "outbox" / "new") == []


def test_delivery_gives_each_recipient_a_mailbox(tmp_path):
    delivery = MaildirDelivery("demo", str(tmp_path))
    raw = make_message(["a@example.test", "B@Example.test"])
    delivery.send(raw, "bot@example.test", ["a@example.test", "B@Example.test"])
    delivery.send(raw, "bot@example.test", ["a@example.test", "B@Example.test"])
    for box, address in (("a@example.test", "a@example.test"), ("b@example.test", "B@Example.test")):
        [name] = files(tmp_path / box / "new")       # one file: the repeat was a no-op
        data = (tmp_path / box / "new" / name).read_bytes()
        assert data.startswith(b"Return-Path: <bot@example.test>\r\nDelivered-To: " + address.encode())
        assert data.endswith(raw)


def test_delivery_without_create_refuses_unknown_mailboxes(tmp_path):
    delivery = MaildirDelivery("demo", str(tmp_path), create=False)
    os.makedirs(tmp_path / "known@example.test")
    with pytest.raises(PermanentFailure, match="every recipient refused"):
        delivery.send(make_message("x@example.test"), "bot@example.test", ["x@example.test"])
    with pytest.raises(RecipientsRefused) as refused:
        delivery.send(make_message("known@example.test"), "bot@example.test",
                      ["known@example.test", "x@example.test"])
    assert list(refused.value.refused) == ["x@example.test"]
    assert len(files(tmp_path / "known@example.test" / "new")) == 1
    with pytest.raises(PermanentFailure, match="not a deliverable address"):
        MaildirDelivery("demo", str(tmp_path)).send(make_message("x"), "b@x", ["../etc@x/y"])


def test_close_from_another_thread_ends_a_wait(tmp_path):
    inbox = MaildirInbox("ssst", str(tmp_path))
    threading.Timer(0.2, inbox.close).start()
    start = time.monotonic()
    assert inbox.wait(30) is False
    assert time.monotonic() - start < 1
