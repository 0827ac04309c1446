"""Moving a message settled earlier as processed on to the quarantine folder (the engine
learns a message is to be quarantined only after it was stored and settled), on each
backend: a real Dovecot, the EWS fake that speaks the real protocol, real Maildir files."""
from __future__ import annotations

from mailbot.mailboxes.maildir import MaildirDelivery, MaildirInbox
from tests.mailboxes.test_ews import exchange, inbox_for as ews_inbox_for, referral  # noqa: F401
from tests.mailboxes.test_imap import inbox_for, send
from tests.mailboxes.test_maildir import files
from tests.servers import deliver, make_message, message_ids


def flags_in(dovecot, address: str, folder: str) -> list[tuple[bytes, ...]]:
    with dovecot.imap(address) as client:
        client.select_folder(folder, readonly=True)
        got = client.get_flags(client.search(["ALL"]))
    return [got[uid] for uid in sorted(got)]


def test_imap_moves_a_processed_message_on_to_quarantine_unread(dovecot, smtp_relay, mail_user):
    sent = send(smtp_relay, mail_user, 2)
    inbox = inbox_for(dovecot, mail_user, quarantine_folder="Quarantine")
    got = list(inbox.fetch_new(None))
    inbox.settle_many(got)                                  # settled as processed when stored

    assert inbox.quarantine([got[1]]) == {got[1].uid}      # then read: it is quarantined
    assert inbox.quarantine([got[1]]) == set()              # found gone: nothing moves twice
    more = send(smtp_relay, mail_user, 1, "Later")          # the inbox still works as before
    assert message_ids([f.raw for f in inbox.fetch_new((got[-1].uidvalidity, got[-1].uid))]) == more
    inbox.close()

    assert message_ids(dovecot.read_mailbox(mail_user.address, folder="Processed")) == [sent[0]]
    assert dovecot.read_mailbox(mail_user.address, folder="Quarantine") == [got[1].raw]
    assert [b"\\Seen" in f for f in flags_in(dovecot, mail_user.address, "Quarantine")] == [False]


def test_imap_finds_a_message_without_message_id_by_its_bytes(dovecot, smtp_relay, mail_user):
    raws = [make_message(mail_user.address, f"No id {i}").replace(b"Message-ID:", b"X-Was-Id:")
            for i in range(2)]                                # the same size, different bytes
    for raw in raws:
        deliver(smtp_relay.port, raw, mail_user.address)
    inbox = inbox_for(dovecot, mail_user)
    got = list(inbox.fetch_new(None))
    inbox.settle_many(got)
    assert inbox.quarantine([got[1]]) == {got[1].uid}
    inbox.close()
    assert dovecot.read_mailbox(mail_user.address, folder="Quarantine") == [got[1].raw]
    assert dovecot.read_mailbox(mail_user.address, folder="Processed") == [got[0].raw]


def test_imap_without_a_processed_folder_moves_it_out_of_the_folder_unread(dovecot, smtp_relay, mail_user):
    sent = send(smtp_relay, mail_user, 2)
    inbox = inbox_for(dovecot, mail_user, processed_folder=None)
    got = list(inbox.fetch_new(None))
    inbox.settle_many(got)                                  # flagged \Seen, left in INBOX
    assert inbox.quarantine([got[0]]) == {got[0].uid}
    inbox.close()
    assert message_ids(dovecot.read_mailbox(mail_user.address)) == [sent[1]]
    assert message_ids(dovecot.read_mailbox(mail_user.address, folder="Quarantine")) == [sent[0]]
    assert [b"\\Seen" in f for f in flags_in(dovecot, mail_user.address, "Quarantine")] == [False]


def test_ews_moves_a_processed_item_on_to_the_quarantine_folder(exchange):  # noqa: F811
    raws = [referral(i) for i in range(2)]
    for raw in raws:
        exchange.deliver(raw)
    inbox = ews_inbox_for(exchange, quarantine_folder="Inbox/Held")
    got = list(inbox.fetch_new(None))
    inbox.settle_many(got)

    assert inbox.quarantine([got[0]]) == {got[0].uid}
    assert inbox.quarantine([got[0]]) == set()
    assert exchange.messages("Processed") == [raws[1]]
    assert exchange.messages("Inbox/Held") == [raws[0]]


def test_maildir_moves_a_processed_message_into_its_quarantine(tmp_path):
    delivery = MaildirDelivery("demo", str(tmp_path))
    for i in range(2):
        delivery.send(make_message("ssst@example.test", f"Referral {i}"), "x@example.test",
                      ["ssst@example.test"])
    box = tmp_path / "ssst@example.test"
    inbox = MaildirInbox("ssst", str(box))
    got = list(inbox.fetch_new(None))
    for fetched in got:
        inbox.settle(fetched)

    assert inbox.quarantine([got[1]]) == {got[1].uid}
    assert inbox.quarantine([got[1]]) == set()
    assert files(box / "cur") == [f"{got[0].uid}:2,S"]
    assert files(box / ".Quarantine" / "cur") == [f"{got[1].uid}:2,"]
