"""The ews inbox and sender: real exchangelib against a fake Exchange on loopback that
speaks EWS SOAP (tests/ews_server.py), so these check what goes over the wire. Retries
back off on an injected sleep and waits poll on an injected clock: nothing sleeps."""
from __future__ import annotations

import base64
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from mailbot.config import ConfigError, check_credentials, parse_config
from mailbot.mailboxes.base import PermanentFailure, TemporaryFailure
from mailbot.mailboxes.ews import EwsInbox, EwsSender, FolderMissing
from mailbot.mailboxes.factory import make_inbox, make_sender
from tests.ews_server import NS, FakeExchange, make_message
from tests.servers import free_port, message_ids

SSST = "specialist.services@ssst.cmg.example.gov.uk"
OFFICER = "priya.shah@ssst.cmg.example.gov.uk"
ECM = "andrew.kettle@cmg.example.gov.uk"


@pytest.fixture
def exchange():
    server = FakeExchange(SSST).start()
    yield server
    server.stop()


class Sleeps(list):
    """An injected sleep: remembers how long it was asked to wait, and returns at once."""

    def __call__(self, seconds):
        self.append(round(seconds, 3))


def inbox_for(server, **kwargs) -> EwsInbox:
    kwargs.setdefault("sleep", Sleeps())
    return EwsInbox("ssst", SSST, **server.client_settings(), **kwargs)


def sender_for(server, **kwargs) -> EwsSender:
    kwargs.setdefault("sleep", Sleeps())
    return EwsSender("ssst", SSST, **server.client_settings(), **kwargs)


def referral(n: int) -> bytes:
    return make_message(ECM, SSST, f"Enforcement fee - SR 1-9RB2WX{n}", f"Referral {n}\n")


# ---------------------------------------------------------------------- receiving

def test_fetches_oldest_first_as_raw_mime_and_moves_only_what_is_settled(exchange):
    start = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    raws = [referral(i) for i in range(3)]
    # delivered out of order: the fetch goes by DateTimeReceived
    exchange.deliver(raws[2], received=start + timedelta(minutes=3))
    exchange.deliver(raws[0], received=start + timedelta(minutes=1))
    exchange.deliver(raws[1], received=start + timedelta(minutes=2))
    inbox = inbox_for(exchange)
    inbox.connect()

    got = list(inbox.fetch_new(None))
    assert [f.raw for f in got] == raws                  # byte for byte
    assert [f.uid for f in got] == sorted(f.uid for f in got)
    assert got[0].uid.startswith("20261123T090100Z-") and len(got[0].uid) <= 64
    assert len(exchange.messages("inbox")) == 3          # nothing moves before settle

    inbox.settle_many(got[:1])
    inbox.settle(got[1], quarantined=True)
    inbox.settle(got[1], quarantined=True)               # settling twice is harmless
    assert exchange.messages("Processed") == [raws[0]]
    assert exchange.messages("Quarantine") == [raws[1]]
    assert exchange.messages("inbox") == [raws[2]]
    # Without a checkpoint or with one, what is left in the folder comes back, same UID.
    assert [f.uid for f in inbox.fetch_new((1, got[-1].uid))] == [got[2].uid]

    # On the wire: FindItem sorted by DateTimeReceived, GetItem for MimeContent, MoveItem
    # to the folder it created beside the Inbox.
    find = exchange.requests_for("FindItem")[0]
    assert find.find(".//m:SortOrder/t:FieldOrder", NS).get("Order") == "Ascending"
    assert find.find(".//m:SortOrder/t:FieldOrder/t:FieldURI", NS).get("FieldURI") == "item:DateTimeReceived"
    get = exchange.requests_for("GetItem")[0]
    assert [e.get("FieldURI") for e in get.findall(".//t:AdditionalProperties/t:FieldURI", NS)] == ["item:MimeContent"]
    assert len(get.findall(".//m:ItemIds/t:ItemId", NS)) == 3
    [create] = [r for r in exchange.requests_for("CreateFolder")
                if r.find(".//t:DisplayName", NS).text == "Processed"]
    [parent] = create.find(".//m:ParentFolderId", NS)
    assert (parent.get("Id") == "msgfolderroot" if parent.tag.endswith("DistinguishedFolderId")
            else parent.get("Id") == exchange.folder("msgfolderroot").id)
    move = exchange.requests_for("MoveItem")[0]
    assert move.find(".//m:ToFolderId/t:FolderId", NS).get("Id") == exchange.folder("Processed").id


def test_a_new_process_settles_what_a_killed_one_fetched_under_the_same_uid(exchange):
    exchange.deliver(referral(1))
    before = list(inbox_for(exchange).fetch_new(None))   # stored, then the process died

    after = inbox_for(exchange)                          # the restarted daemon
    again = list(after.fetch_new(None))
    assert [f.uid for f in again] == [f.uid for f in before]
    after.settle(before[0])                              # an old Fetched settles too
    assert exchange.messages("inbox") == [] and len(exchange.messages("Processed")) == 1
    assert list(after.fetch_new(None)) == []


def test_batches_of_get_item_and_folders_below_the_inbox(exchange):
    raws = [referral(i) for i in range(5)]
    for raw in raws:
        exchange.deliver(raw)
    inbox = inbox_for(exchange, processed_folder="Inbox/Done", batch_size=2)
    got = list(inbox.fetch_new(None))
    assert [f.raw for f in got] == raws
    assert [len(r.findall(".//m:ItemIds/t:ItemId", NS)) for r in exchange.requests_for("GetItem")] == [2, 2, 1]
    inbox.settle_many(got)
    assert exchange.messages("Inbox/Done") == raws
    assert len(exchange.requests_for("MoveItem")) == 1   # one MoveItem for the batch


def test_a_folder_to_read_that_does_not_exist_is_a_permanent_failure(exchange):
    inbox = inbox_for(exchange, folder="Inbox/Referrals")
    with pytest.raises(FolderMissing, match="'Referrals' of 'Inbox/Referrals' does not exist"):
        inbox.connect()


def test_wait_polls_every_poll_seconds_on_an_injected_clock(exchange):
    now = [0.0]
    naps = []

    def nap(seconds):
        naps.append(seconds)
        now[0] += seconds
        if len(naps) == 3:
            exchange.deliver(referral(1))       # mail arrives during the third nap
        return False

    inbox = inbox_for(exchange, poll_interval=30, clock=lambda: now[0], wait_sleep=nap)
    assert inbox.wait(45) is False
    assert naps == [30, 15]
    looks = len(exchange.requests_for("FindItem"))
    assert looks == 3                           # at 0, 30 and 45 seconds
    assert inbox.wait(300) is True
    assert naps == [30, 15, 30] and now[0] == 75
    # each look asks for one item only
    assert exchange.requests_for("FindItem")[-1].find(".//m:IndexedPageItemView", NS).get("MaxEntriesReturned") == "1"


def test_wait_does_not_wake_for_mail_fetched_but_not_settled(exchange):
    exchange.deliver(referral(1))
    inbox = inbox_for(exchange, wait_sleep=lambda s: False)
    assert inbox.wait(0) is True
    fetched = list(inbox.fetch_new(None))
    assert inbox.wait(0) is False                 # the fetched one is not news
    exchange.deliver(referral(2))
    assert inbox.wait(0) is True
    inbox.settle(fetched[0])
    assert inbox.wait(0) is True


def test_close_from_another_thread_ends_a_wait_at_once(exchange):
    inbox = inbox_for(exchange, poll_interval=60)
    threading.Timer(0.05, inbox.close).start()
    started = time.monotonic()
    assert inbox.wait(60) is False
    assert time.monotonic() - started < 5


# ---------------------------------------------------------------------- failures

def test_server_busy_is_retried_with_backoff_then_succeeds(exchange):
    exchange.deliver(referral(1))
    sleeps = Sleeps()
    inbox = inbox_for(exchange, sleep=sleeps)
    exchange.fail_next(2, "busy", "FindItem")
    got = list(inbox.fetch_new(None))
    assert len(got) == 1
    assert sleeps == [0.1, 0.2]
    assert exchange.operations().count("FindItem") == 3


def test_busy_for_too_long_is_a_temporary_failure_and_the_next_call_recovers(exchange):
    exchange.deliver(referral(1))
    sleeps = Sleeps()
    inbox = inbox_for(exchange, sleep=sleeps, retry_attempts=3)
    exchange.fail_next(3, "busy")
    with pytest.raises(TemporaryFailure, match="after 3 attempts: ErrorServerBusy"):
        list(inbox.fetch_new(None))
    assert sleeps == [0.1, 0.2]
    assert len(list(inbox.fetch_new(None))) == 1


def test_a_dropped_connection_is_retried_on_a_fresh_one(exchange):
    exchange.deliver(referral(1))
    inbox = inbox_for(exchange)
    inbox.connect()
    exchange.fail_next(1, "drop", "GetItem")
    assert len(list(inbox.fetch_new(None))) == 1


def test_refused_login_is_a_permanent_failure(exchange):
    exchange.fail_next(1, "unauthorized")
    with pytest.raises(PermanentFailure, match="check the username, the password"):
        inbox_for(exchange).connect()


def test_nothing_listening_is_a_temporary_failure():
    port = free_port()
    sleeps = Sleeps()
    inbox = EwsInbox("ssst", SSST, service_endpoint=f"http://127.0.0.1:{port}/EWS/Exchange.asmx",
                     auth_type="noauth", version="2016", sleep=sleeps, retry_attempts=2)
    with pytest.raises(TemporaryFailure, match=f"127.0.0.1:{port}"):
        inbox.connect()
    with pytest.raises(TemporaryFailure, match="after 2 attempts"):
        list(inbox.fetch_new(None))
    assert sleeps == [0.1]


# ---------------------------------------------------------------------- sending

def composed(subject="[SSST-000001] Enforcement fee: pay the court", to=OFFICER, cc=None) -> bytes:
    """A message as the engine composes it: fixed Message-ID, receipt and auto headers."""
    extra = {"Disposition-Notification-To": SSST, "Auto-Submitted": "auto-generated",
             "In-Reply-To": "<ref-1@cmg.example.gov.uk>", "Importance": "high"}
    if cc:
        extra["Cc"] = cc
    return make_message(SSST, to, subject, "Please pay the court fee.\n",
                        message_id="<ssst-000001.1@mailbot.cmg.example.gov.uk>", extra=extra)


def test_sends_the_exact_bytes_as_mime_with_send_and_save_copy(exchange):
    raw = composed()
    sender = sender_for(exchange)
    sender.send(raw, SSST, [OFFICER])

    [request] = exchange.requests_for("CreateItem")
    op = request.find(".//m:CreateItem", NS)
    assert op.get("MessageDisposition") == "SendAndSaveCopy"
    assert request.find(".//m:SavedItemFolderId/t:DistinguishedFolderId", NS).get("Id") == "sentitems"
    message = request.find(".//m:Items/t:Message", NS)
    # Only the MIME: no Importance / IsReadReceiptRequested defaults to override its headers.
    assert [child.tag.split("}")[1] for child in message] == ["MimeContent"]
    assert base64.b64decode(message.find("t:MimeContent", NS).text) == raw
    [sent] = exchange.sent
    assert sent.mime == raw
    for header in (b"Disposition-Notification-To: " + SSST.encode(), b"Auto-Submitted: auto-generated",
                   b"In-Reply-To: <ref-1@cmg.example.gov.uk>", b"Subject: [SSST-000001] "):
        assert header in sent.mime
    assert message_ids(exchange.messages("sentitems")) == ["<ssst-000001.1@mailbot.cmg.example.gov.uk>"]


def test_envelope_recipients_the_headers_do_not_name_go_as_bcc(exchange):
    sender = sender_for(exchange)
    sender.send(composed(cc="moira.hughes@ssst.cmg.example.gov.uk"), SSST,
                [OFFICER, "Moira.Hughes@ssst.cmg.example.gov.uk", "david.osei@ssst.cmg.example.gov.uk"])
    [sent] = exchange.sent
    assert sent.bcc == ["david.osei@ssst.cmg.example.gov.uk"]
    assert sent.properties == ["MimeContent", "BccRecipients"]


def test_a_header_recipient_left_out_of_the_envelope_is_refused_before_anything_goes(exchange):
    with pytest.raises(PermanentFailure, match="name moira.hughes@ssst.cmg.example.gov.uk, which the envelope"):
        sender_for(exchange).send(composed(cc="moira.hughes@ssst.cmg.example.gov.uk"), SSST, [OFFICER])
    with pytest.raises(PermanentFailure, match="no recipients"):
        sender_for(exchange).send(composed(), SSST, [])
    assert exchange.requests == []


def test_send_retries_when_the_server_is_busy_then_sends_once(exchange):
    sleeps = Sleeps()
    sender = sender_for(exchange, sleep=sleeps)
    exchange.fail_next(2, "busy", "CreateItem")
    sender.send(composed(), SSST, [OFFICER])
    assert sleeps == [0.1, 0.2]
    assert len(exchange.sent) == 1 and exchange.operations().count("CreateItem") == 3


def test_a_send_whose_answer_was_lost_is_found_in_sent_items_and_not_sent_again(exchange):
    sender = sender_for(exchange)
    exchange.fail_next(1, "lose_answer", "CreateItem")   # it went; the answer did not come
    sender.send(composed(), SSST, [OFFICER])
    assert len(exchange.sent) == 1
    # before trying again it looked for the Message-ID in Sent Items, Outbox and Drafts
    [look] = exchange.requests_for("FindItem")
    assert look.find(".//t:IsEqualTo/t:FieldURI", NS).get("FieldURI") == "message:InternetMessageId"
    assert look.find(".//t:Constant", NS).get("Value") == "<ssst-000001.1@mailbot.cmg.example.gov.uk>"
    assert [e.get("Id") for e in look.findall(".//m:ParentFolderIds/t:DistinguishedFolderId", NS)] == \
        ["sentitems", "outbox", "drafts"]


def test_already_sent_looks_up_the_message_id(exchange):
    sender = sender_for(exchange)
    assert sender.already_sent(composed()) is False
    sender.send(composed(), SSST, [OFFICER])
    assert sender.already_sent(composed()) is True
    assert sender.already_sent(composed().replace(b"ssst-000001.1@", b"ssst-000001.2@")) is False


def test_refused_login_on_send_is_a_permanent_failure(exchange):
    exchange.fail_next(1, "unauthorized")
    with pytest.raises(PermanentFailure, match="login or access refused"):
        sender_for(exchange).send(composed(), SSST, [OFFICER])


# ---------------------------------------------------------------------- config

EWS_CONFIG = """
mailboxes:
  ssst:
    address: specialist.services@ssst.cmg.example.gov.uk
    team: ssst
    case_prefix: SSST
    inbound:
      backend: ews
{inbound}
    outbound:
      backend: ews
{outbound}
teams:
  ssst: {{name: SSST, team_leader: a@ssst.cmg.example.gov.uk, nominated_officer: a@ssst.cmg.example.gov.uk,
         triage: a@ssst.cmg.example.gov.uk}}
"""


def ews_config(inbound: str, outbound: str | None = None):
    indent = lambda text: "\n".join("      " + line for line in text.strip().splitlines())
    return parse_config(EWS_CONFIG.format(inbound=indent(inbound), outbound=indent(outbound or inbound)),
                        "mailbot.yaml")


def test_config_builds_an_ews_inbox_and_sender(exchange, monkeypatch):
    login = f"service_endpoint: {exchange.endpoint}\nauth_type: noauth\nversion: '2016'"
    config = ews_config(login + "\nprocessed_folder: Inbox/Processed\npoll_seconds: 10", login)
    mb = config.mailboxes["ssst"]
    inbox, sender = make_inbox("ssst", mb.inbound, config), make_sender("ssst", mb.outbound, config)
    assert (inbox.processed_folder, inbox.poll_interval, inbox.address) == ("Inbox/Processed", 10, SSST)
    exchange.deliver(referral(1))
    assert len(list(inbox.fetch_new(None))) == 1
    sender.send(composed(), SSST, [OFFICER])
    assert len(exchange.sent) == 1


def test_config_ntlm_names_the_password_variable_and_a_missing_one_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("MAILBOT_SSST_EWS_PASSWORD", raising=False)
    config = ews_config("server: mail.cmg.example.gov.uk\nusername: CMG\\svc-mailbot\n"
                        "password_env: MAILBOT_SSST_EWS_PASSWORD")
    mb = config.mailboxes["ssst"]
    assert mb.inbound.auth_type == "ntlm"
    assert check_credentials(config, "mailbot.yaml") == [
        f"mailboxes.ssst.{side}.password_env: environment variable MAILBOT_SSST_EWS_PASSWORD is not set; "
        "export it before starting mailbot" for side in ("inbound", "outbound")]
    with pytest.raises(ConfigError, match="MAILBOT_SSST_EWS_PASSWORD: the config names this environment "
                                          "variable for a password but it is not set"):
        make_inbox("ssst", mb.inbound, config)
    monkeypatch.setenv("MAILBOT_SSST_EWS_PASSWORD", "secret")
    inbox = make_inbox("ssst", mb.inbound, config)
    assert inbox.service_endpoint == "https://mail.cmg.example.gov.uk/EWS/Exchange.asmx"
    assert inbox.username == "CMG\\svc-mailbot"


@pytest.mark.parametrize("settings, problem", [
    ("username: svc\npassword_env: X", "mailboxes.ssst.inbound: give exactly one of service_endpoint"),
    ("server: a.example\nservice_endpoint: https://a.example/EWS/Exchange.asmx\nusername: s\npassword_env: X",
     "mailboxes.ssst.inbound: give exactly one of service_endpoint"),
    ("service_endpoint: http://mail.example.gov.uk/EWS/Exchange.asmx\nusername: s\npassword_env: X",
     "is plain http; use https://"),
    ("server: mail.example.gov.uk\nusername: svc", "mailboxes.ssst.inbound: auth_type ntlm needs password_env"),
    ("server: mail.example.gov.uk\nauth_type: kerberos", "mailboxes.ssst.inbound.auth_type: Input should be"),
    ("server: mail.example.gov.uk\nauth_type: noauth\nfolder_name: x", "mailboxes.ssst.inbound.folder_name: unknown key"),
])
def test_config_errors_name_the_key_and_the_fix(settings, problem):
    with pytest.raises(ConfigError) as err:
        ews_config(settings, "server: mail.example.gov.uk\nauth_type: noauth")
    assert problem in str(err.value)
    assert str(err.value).startswith("mailbot.yaml: ")


def test_the_commented_ews_examples_in_the_example_config_are_valid():
    import re
    from pathlib import Path

    import yaml
    text = Path(__file__).resolve().parents[2].joinpath("config/mailbot.example.yaml").read_text()
    blocks = re.findall(r"^ *# backend: ews.*\n(?:^ *# \w+: .*\n)*", text, re.M)
    assert len(blocks) == 2                                 # inbound and outbound
    inbound, outbound = (yaml.safe_load(re.sub(r"^ *# ", "", b, flags=re.M)) for b in blocks)
    data = yaml.safe_load(text)
    data["mailboxes"]["ssst"].update(inbound=inbound, outbound=outbound)
    config = parse_config(yaml.safe_dump(data), "config/mailbot.example.yaml")
    mb = config.mailboxes["ssst"]
    assert (mb.inbound.backend, mb.inbound.auth_type, mb.inbound.username) == ("ews", "ntlm", "CMG\\svc-mailbot")
    assert mb.outbound.service_endpoint == "https://mail.example.gov.uk/EWS/Exchange.asmx"
