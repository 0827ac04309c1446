"""The client contact rules of every mailbox (procedures 001 and 003), on real servers with
the injected clock: an FOI request and its UK working days, a subject access request in
Northern Ireland, a complaint, a suicide threat nobody opens, a threat to staff and the case's
warning marker, and contact suppressed before a face-to-face appointment."""
from __future__ import annotations

import email.utils
from datetime import datetime

import pytest

from mailbot.clock import LONDON
from mailbot.commands.admin import show_case
from tests.botworld import (CASEWORKER, NOMINATED, SSST, SSST_LEADER, SSST_OFFICER, SSST_OFFICER_2, VSAT,
                            VSAT_OFFICER, make_world)
from tests.engine.test_letters_format import text_runs
from tests.journeys.test_atw import nothing_for, one
from tests.journeys.test_f2f import request, says, to_mailbox

FOI = "foi.requests@cmg.example.gov.uk"
SAR = "sar.team@cmg.example.gov.uk"
COMPLAINTS = "complaints@cmg.example.gov.uk"
DEPUTY = SSST_OFFICER_2          # teams.ssst.deputy in the example config


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2027, 3, 11, 10, 0),   # Thursday
                   extra_addresses=[FOI, SAR, COMPLAINTS])
    yield w
    w.engine.close()


FOI_FORWARD = """Hi team,

This came in from a member of the public via the general inbox - looks like a Freedom of
Information request, can you route it please?

---------- Forwarded message ---------
From: J Bloggs
Subject: Request for information

Under the Freedom of Information Act 2000 please send me the number of face to face visits
your team arranged in 2026.

Harriet
"""


def test_an_foi_request_goes_to_the_foi_route_due_on_the_twentieth_uk_working_day(world):
    """Received Thursday 11 March 2027. St Patrick's Day (Wed 17 Mar, Northern Ireland), Good
    Friday and Easter Monday are bank holidays in some part of the UK: the 20th working day is
    Tuesday 13 April; reminders on days 10 (Tue 30 Mar) and 15 (Tue 6 Apr); the team leader
    told on day 18 (Fri 9 Apr)."""
    world.send(CASEWORKER, SSST, "FW: Request for information", FOI_FORWARD)
    world.run()
    sent = one(world, FOI, "Freedom of Information request")
    says(sent, "due 13 April 2027", "11 March 2027")
    assert "original-message.eml" in sent.attachments()
    told = one(world, CASEWORKER, "has gone to")
    says(told, FOI, "13 April 2027")
    nothing_for(world, SSST_OFFICER, SSST_LEADER)             # not triage, not escalated

    world.advance(to=at(2027, 3, 30, 8, 59))
    nothing_for(world, FOI, containing="Reminder")
    world.advance(to=at(2027, 3, 30, 9, 1))
    says(one(world, FOI, "Reminder (working day 10)"), "13 April 2027")
    world.advance(to=at(2027, 4, 6, 9, 1))
    one(world, FOI, "Reminder (working day 15)")
    world.advance(to=at(2027, 4, 9, 9, 1))
    says(one(world, SSST_LEADER, "not answered by working day 18"), "13 April 2027", FOI)


def test_an_answered_foi_request_stops_its_reminders(world):
    world.send(CASEWORKER, SSST, "FW: Request for information", FOI_FORWARD)
    world.run()
    sent = one(world, FOI, "Freedom of Information request")
    world.advance(to=at(2027, 3, 25, 11, 0))
    world.reply(FOI, sent, "Thanks - this one has been answered and the response sent to the requester.")
    world.run()
    world.advance(to=at(2027, 4, 12, 9, 0))
    nothing_for(world, FOI, containing="Reminder")
    nothing_for(world, SSST_LEADER)


def test_a_subject_access_request_in_northern_ireland_says_nicms_and_no_fee(world):
    world.send(CASEWORKER, SSST, "FW: my data", "Forwarding the client's letter below.\n\n"
               "---------- Forwarded message ---------\nI want a copy of all the personal data you hold "
               "about me. This is a subject access request.\nMary Byrne, 4 Lisburn Road, Belfast BT9 6AA\n")
    world.run()
    sent = one(world, SAR, "Subject access request")
    says(sent, "due 20 April 2027", "Northern Ireland", "NICMS", "there is no SAR fee")
    says(one(world, CASEWORKER, "has gone to"), SAR, "20 April 2027", "no SAR fee")
    world.advance(to=at(2027, 4, 10, 9, 1))             # day 30
    one(world, SAR, "Reminder (day 30)")
    world.advance(to=at(2027, 4, 17, 9, 1))             # day 37
    one(world, SAR, "Reminder (day 37)")


def test_a_complaint_goes_to_the_complaints_route_and_the_officer_is_reminded_to_call(world):
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.send(CASEWORKER, SSST, f"FW: {prompt.subject}", "Forwarding - the receiving parent phoned to make a "
               "formal complaint about how long this is taking.\nHarriet")
    world.run()
    says(one(world, COMPLAINTS, "Complaint received"), "SSST-000001")
    says(one(world, SSST_OFFICER, "call the client"), "essential")
    world.advance(hours=4)
    one(world, SSST_OFFICER, "Reminder: call the client about their complaint")


def test_a_suicide_threat_nobody_opens_is_sent_again_to_both_and_the_deputy(world):
    world.send(CASEWORKER, SSST, "FW: message from client", "Forwarding this.\n\n---------- Forwarded message "
               "---------\nI can't go on, I'm going to end my life. SR 1-9RB2WX5\n")
    world.run()
    alert = one(world, NOMINATED, "URGENT")
    says(alert, "consider whether a referral to the police is necessary")
    assert alert.header("Importance") == "High" and SSST_LEADER in (alert.header("Cc") or "")
    world.advance(hours=0.98)
    nothing_for(world, DEPUTY, containing="URGENT")
    world.advance(hours=0.05)
    again = one(world, NOMINATED, "not yet opened or answered")
    assert DEPUTY in (again.header("Cc") or "") and SSST_LEADER in (again.header("Cc") or "")
    assert again.message_id in {m.message_id for m in world.inbox(DEPUTY)}


def test_a_suicide_threat_answered_in_time_is_not_sent_again(world):
    world.send(CASEWORKER, SSST, "FW: client email", "Forwarding.\n\nShe says she wants to kill herself.\n")
    world.run()
    alert = one(world, NOMINATED, "URGENT")
    world.advance(hours=0.5)
    world.reply(NOMINATED, alert, "Seen - I'm calling her now and will speak to the police if needed.\nDavid")
    world.run()
    world.advance(hours=2)
    nothing_for(world, DEPUTY, containing="URGENT")
    nothing_for(world, NOMINATED, containing="not yet opened")


def test_a_threat_to_staff_marks_the_case_and_every_later_email_shows_it(world):
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.send(CASEWORKER, SSST, f"RE: {prompt.subject}", "FYI the paying parent rang the office and "
               "threatened to come round and hurt the caseworker.\nHarriet")
    world.run()
    alert = one(world, SSST_LEADER, "threat to staff")
    assert alert.header("Importance") == "High"
    out = []
    show_case(world.engine.config, "SSST-000001", out=out.append)
    assert any(line.strip().startswith("WARNING MARKER") for line in out), out
    world.reply(SSST_OFFICER, prompt, "PV: no marker on any system.")
    world.run()
    world.run()
    to_vsat = to_mailbox(world, VSAT, "CMSF5579", SSST)
    assert to_vsat.body.startswith("*** WARNING MARKER")
    says(to_vsat, "PV marker: Yes")                    # the PV rule: VSAT sends two, to an office


def booked(world):
    """VSAT accepts the referral on its way, a consultant books the visit: the email that issues
    the CMSL5501 to the SSST officer."""
    review = world.last(VSAT_OFFICER, "referral to review")
    world.reply(VSAT_OFFICER, review, "ACCEPT")
    world.run()
    visit = next(m for c in ("nadia.hussain@f2f.cmg.example.gov.uk", "ben.walsh@f2f.cmg.example.gov.uk")
                 for m in world.inbox(c) if "visit required" in m.subject)
    consultant = email.utils.parseaddr(visit.header("To"))[1]
    world.reply(consultant, visit, "Booked for Thursday 25 March 2027 at 10:30, Leeds CMG Office, Quarry House.")
    world.run()
    world.run()
    return world.last(SSST_OFFICER, "CMSL5501")


def test_suppressed_contact_means_no_cmsl5501_and_the_officer_is_told_why(world):
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()
    world.send(SSST_OFFICER, SSST, "[SSST-000001] please suppress contact",
               "Please suppress contact on this one - the receiving parent is in a refuge and letters "
               "must not go to the old address.\nPriya")
    world.run()
    says(one(world, SSST_OFFICER, "Contact suppressed"), "refuge")
    world.run()
    issue = booked(world)
    assert issue.body.startswith("*** CONTACT SUPPRESSED")
    says(issue, "refuge")
    assert "CMSL5501.pdf" not in issue.attachments()

    world.send(SSST_OFFICER, SSST, "[SSST-000001] suppression", "You can lift the suppression now, she has "
               "moved and given us a safe address.\nPriya")
    world.run()
    says(one(world, SSST_OFFICER, "lifted"), "made again")


def test_a_referral_asking_for_large_print_gets_its_cmsl5501_in_large_print(world):
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2",
               request(special="visually impaired - large print letters please"))
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()
    world.run()
    issue = booked(world)
    says(issue, "large print")
    runs = text_runs(issue.attachments()["CMSL5501.pdf"])
    assert runs and min(size for size, _, _ in runs) >= 16, sorted({size for size, _, _ in runs})
