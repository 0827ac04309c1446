"""Bogus contacts (procedure 003, "Bogus Calls"; issue 15 item 6), each sign on its own:
a look-alike domain, a member of staff's name on a stranger's address, a failed DMARC, DKIM
or SPF our own server reports, and a request for another person's details from someone who
is not staff. A real colleague, an unrelated stranger and an ordinary request show none.
The messages are read as the bot reads them; the config is the shipped example."""
from __future__ import annotations

import email.utils

import pytest

from handlers import bogus_contacts as bogus
from mailbot.config import example_config, load_config
from mailbot.reading import read_message
from mailbot.templates import render_email
from tests.engine.test_templates import PASSED, base

CONFIG = load_config(example_config())    # allow-listed: cmg.example.gov.uk, dwp.example.gov.uk
ALLOWED = "cmg.example.gov.uk"
SSST = "specialist.services@ssst.cmg.example.gov.uk"


def message(sender: str, body: str = "Hello,\n\nPlease see the case notes.\n", *, name: str = "",
            headers: tuple[str, ...] = ()) -> object:
    """A message as the bot reads it, from `sender` (shown as `name`) to the SSST mailbox."""
    head = [*headers, f"From: {email.utils.formataddr((name, sender))}", f"To: {SSST}",
            "Subject: SR 1-7QF3KD2", "Date: Mon, 23 Nov 2026 09:00:00 +0000",
            "Message-ID: <bogus.1@example.test>", "Content-Type: text/plain; charset=utf-8"]
    return read_message(("\r\n".join(head) + "\r\n\r\n" + body).encode("utf-8"))


# --- 1. a domain made to look like an allow-listed one ---------------------------------------
@pytest.mark.parametrize("domain", [
    "cmg.exarnple.gov.uk",            # rn for m
    "cmg.examp1e.gov.uk",             # 1 for l
    "cmg.exarnp1e.gov.uk",            # both at once
    "cmg.exаmple.gov.uk",             # Cyrillic а
    "cmg.xn--exmple-4nf.gov.uk",      # the same, as punycode
    "cmg.εxample.gov.uk",             # Greek ε
    "cmg.exmaple.gov.uk",             # two letters swapped
    "cmg.examplle.gov.uk",            # a letter added
    "cmg.exampe.gov.uk",              # a letter dropped
    "cmg.exanple.gov.uk",             # a letter changed
    "cmg.exmpl.gov.uk",               # two letters dropped
    "cmq.example.gov.uk",             # a letter changed in the subdomain
    "cmg.example.co.uk",              # the same name under another suffix
    "cmg.example.gov.uk.evil.com",    # embedded in another domain
    "cmg-example-gov.uk",             # embedded, dots as hyphens
    "cmgexample.gov.uk",              # a dot dropped
    "ssst.cmg.exarnple.gov.uk",       # a subdomain of a look-alike
])
def test_a_domain_made_to_look_like_an_allow_listed_one_is_a_look_alike(domain):
    assert bogus.looks_like(domain, ALLOWED), domain


@pytest.mark.parametrize("domain", [
    "cmg.example.gov.uk",             # the allowed domain itself
    "ssst.cmg.example.gov.uk",        # a real colleague's subdomain
    "example.gov.uk",                 # the parent: the real organisation, not a look-alike
    "dwp.example.gov.uk",             # a sibling with a name of its own
    "hmrc.example.gov.uk",
    "gmail.com", "outlook.com", "example.com", "sample.org", "exampleschool.org", "cmgroup.co.uk",
])
def test_a_real_or_simply_unrelated_domain_is_not_a_look_alike(domain):
    assert not bogus.looks_like(domain, ALLOWED), domain


def test_the_sign_names_the_look_alike_and_the_domain_it_passes_for():
    reading = message("harriet.okonjo@cmg.exarnple.gov.uk", name="Harriet Okonjo")
    assert bogus.look_alike_domain(reading, CONFIG) == (
        "the sender's domain cmg.exarnple.gov.uk looks like the allow-listed cmg.example.gov.uk")
    assert bogus.look_alike_domain(message("someone@gmail.com"), CONFIG) is None
    # a real colleague at an allowed subdomain is on the allow-list: no sign
    assert bogus.look_alike_domain(message("priya.shah@ssst.cmg.example.gov.uk"), CONFIG) is None
    assert bogus.look_alike_domain(message("new.starter@ssst.cmg.example.gov.uk"), CONFIG) is None


def test_the_edit_distance_counts_a_swap_as_one_edit():
    assert bogus.distance("example", "exmaple") == 1
    assert bogus.distance("example", "exampel") == 1
    assert bogus.distance("example", "exmpl") == 2
    assert bogus.distance("example", "gmail") > 2


# --- 2. a member of staff's name on a stranger's address -------------------------------------
@pytest.mark.parametrize("shown", ["Priya Shah", "Shah, Priya", "PRIYA SHAH (SSST)",
                                   "Priyа Shah",                      # Cyrillic а
                                   "Specialist Services Support Team",
                                   "priya.shah@ssst.cmg.example.gov.uk"])
def test_a_staff_name_on_an_address_outside_the_allow_list_is_a_sign(shown):
    reading = message("priya.shah.ssst@gmail.com", name=shown)
    reason = bogus.staff_name_on_a_stranger(reading, CONFIG)
    assert reason == (f"the display name '{shown}' is a member of staff's, but the address is "
                      f"outside the allow-list")


@pytest.mark.parametrize("sender, shown", [
    ("priya.shah@ssst.cmg.example.gov.uk", "Priya Shah"),     # the real Priya
    ("p.shah@ssst.cmg.example.gov.uk", "Priya Shah"),         # a colleague's address, allow-listed
    ("priya.sharma@gmail.com", "Priya Sharma"),               # a stranger with a name of her own
    ("connor.doyle@gmail.com", "Connor Doyle"),
    ("team@example.com", "Support Team"),
])
def test_a_name_that_is_not_staff_or_an_allow_listed_address_is_no_sign(sender, shown):
    assert bogus.staff_name_on_a_stranger(message(sender, name=shown), CONFIG) is None


# --- 3. our own server says DMARC, DKIM or SPF failed ------------------------------------------
ECM = "andrew.kettle@cmg.example.gov.uk"
OURS = "mx.cmg.example.gov.uk"


def results(*verdicts: str, by: str = OURS) -> str:
    return f"Authentication-Results: {by}; " + "; ".join(verdicts)


@pytest.mark.parametrize("verdicts, failed", [
    (["spf=pass smtp.mailfrom=cmg.example.gov.uk", "dkim=pass header.d=cmg.example.gov.uk",
      "dmarc=fail (p=reject dis=none) header.from=cmg.example.gov.uk"], "DMARC"),
    (["dkim=fail (bad signature) header.d=cmg.example.gov.uk"], "DKIM"),
    (["spf=softfail smtp.mailfrom=cmg.example.gov.uk"], "SPF"),
    (["spf=fail smtp.mailfrom=cmg.example.gov.uk", "dmarc=fail header.from=cmg.example.gov.uk"],
     "DMARC and SPF"),
])
def test_a_failed_check_from_our_server_quarantines_an_allow_listed_sender(verdicts, failed):
    reading = message(ECM, headers=(results(*verdicts),))
    assert bogus.failed_authentication(reading, CONFIG) == (
        f"{failed} failed for cmg.example.gov.uk: the message may not be from who it says")


@pytest.mark.parametrize("headers", [
    (),                                                                    # no verdict at all
    (results("spf=pass", "dkim=pass", "dmarc=pass"),),
    (results("dkim=fail header.d=list.example", "dkim=pass header.d=cmg.example.gov.uk"),),
    (results("dmarc=pass"), results("dmarc=fail", by="mx.evil.example")),  # below ours: forged
    (results('dkim=pass reason="not; dmarc=fail"'),),                      # quoted, not a verdict
    (results("none"),),
])
def test_a_pass_or_an_untrusted_verdict_is_no_sign(headers):
    assert bogus.failed_authentication(message(ECM, headers=headers), CONFIG) is None


def test_with_authserv_ids_named_only_those_servers_verdicts_count():
    trusting = CONFIG.model_copy(update={"allow_list": CONFIG.allow_list.model_copy(
        update={"authserv_ids": [OURS]})})
    forged_on_top = message(ECM, headers=(results("dmarc=fail", by="mx.evil.example"),
                                          results("dmarc=pass")))
    ours_below = message(ECM, headers=(results("spf=pass", by="relay.example"),
                                       results("dmarc=fail")))
    assert bogus.failed_authentication(forged_on_top, trusting) is None
    assert bogus.failed_authentication(ours_below, trusting).startswith("DMARC failed")
    assert bogus.failed_authentication(ours_below, CONFIG) is None     # default: the topmost only


def test_a_failed_check_for_a_sender_outside_the_allow_list_is_left_to_the_allow_list():
    assert bogus.failed_authentication(message("curious.person@example.com",
                                               headers=(results("dmarc=fail"),)), CONFIG) is None


def test_the_authserv_id_and_verdicts_are_read_past_comments_and_versions():
    assert bogus.parse_authentication_results(
        "MX.Example.org 1; (a comment; with semicolons) spf = pass (sender ok) smtp.mailfrom=a; "
        "dkim/1=fail header.d=b") == ("mx.example.org", [("spf", "pass"), ("dkim", "fail")])


# --- 4. a request for another person's details from someone who is not staff -------------------
CASEWORKER = "harriet.okonjo@cmg.example.gov.uk"      # allow-listed, not a configured person


@pytest.mark.parametrize("text", [
    "Please send me the address of the paying parent.",
    "Hi,\n\nwhat is her new address?\n",
    "Can you confirm his National Insurance number please?",
    "Could you let me have Connor Doyle's date of birth?",
    "Please send me the address\nof the paying parent on SR 1-7QF3KD2.",
    "Do you have the receiving parent's phone number",
    "We need the paying parent's bank details by Friday.",
    "Who is his employer now?",
    "Where does she live these days?",
    "I'd like to know his mobile number please.",
])
def test_asking_for_a_persons_details_is_a_request(text):
    assert bogus.asks_for_personal_details(text), text


@pytest.mark.parametrize("text", [
    "Please send the letter to the paying parent's address.",              # where it goes
    "Address: 14 Harehills Lane, Leeds\nPhone: 07700 900123\n",             # a form, giving them
    "Please arrange a face to face visit for this client. CMSF5579 details below.",
    "What is your office address?",                                          # ours, not a person's
    "The paying parent's new address is 3 High Street.",
    "Please update the client's address to 3 High Street.",
    "His employer has confirmed the deductions.",
    "I've just come off the phone to a customer who was in tears and said she can't cope.",
    "Do you want me to pass his new mobile number on to Sam?",              # an offer
    "Thanks, let me know if you need anything else.",
])
def test_giving_or_mentioning_details_is_not_a_request(text):
    assert not bogus.asks_for_personal_details(text), text


def test_the_request_is_a_sign_only_from_an_allow_listed_sender_who_is_not_staff():
    asking = "Hello,\n\nPlease send me the address of the paying parent.\n\nThanks\n"
    assert bogus.asks_for_anothers_details(message(CASEWORKER, asking), CONFIG) == (
        "asks for another person's details and is not a member of staff the config knows")
    # a member of staff the config knows asks as part of the work
    assert bogus.asks_for_anothers_details(message("priya.shah@ssst.cmg.example.gov.uk", asking),
                                           CONFIG) is None
    # outside the allow-list: the allow-list rule quarantines it already
    assert bogus.asks_for_anothers_details(message("curious.person@example.com", asking),
                                           CONFIG) is None
    # the question quoted from an earlier message is not this message's own
    quoted = "Here it is: 3 High Street.\n\n> Please send me the address of the paying parent.\n"
    assert bogus.asks_for_anothers_details(message(CASEWORKER, quoted), CONFIG) is None


# --- all together, and the notice ------------------------------------------------------------
def test_an_ordinary_message_from_a_colleague_shows_no_sign():
    request = ("Hi SSST,\n\nPlease arrange a face to face visit for this client. CMSF5579 details "
               "below.\n\nSR number: 1-7QF3KD2\nClient name: Dean Fletcher\nAddress: 14 Harehills "
               "Lane, Leeds\nPostcode: LS8 4AB\nPhone: 07700 900123\n\nThanks\nHarriet Okonjo\n")
    assert bogus.sign_of_bogus_contact(message(CASEWORKER, request, name="Harriet Okonjo"),
                                       CONFIG) is None
    assert bogus.sign_of_bogus_contact(message("curious.person@example.com"), CONFIG) is None


def test_every_sign_is_named_in_one_reason_the_notice_recognises():
    reading = message("priya.shah@ssst.cmg.exarnple.gov.uk", name="Priya Shah")
    reason = bogus.sign_of_bogus_contact(reading, CONFIG)
    assert reason == ("possible bogus contact: the sender's domain ssst.cmg.exarnple.gov.uk looks "
                      "like the allow-listed cmg.example.gov.uk; the display name 'Priya Shah' is "
                      "a member of staff's, but the address is outside the allow-list")
    assert bogus.is_sign(reason)
    assert not bogus.is_sign("sender not on the allow-list") and not bogus.is_sign(None)


def test_the_notice_carries_the_checklist_only_for_a_bogus_contact():
    checklist = "telephone the sender on a number from our own records"
    values = base(PASSED["quarantined"])
    _, bogus_notice = render_email("quarantined", {**values, "bogus_contact": True})
    _, ordinary = render_email("quarantined", {**values, "bogus_contact": False})
    assert checklist in bogus_notice and "report it to your team leader" in bogus_notice
    assert checklist not in ordinary
