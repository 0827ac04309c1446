"""The face-to-face journey end to end by email (issue 4): the test plays the caseworker,
the SSST and VSAT officers and the consultants, replying to the bot's real messages on a
private Dovecot, with the injected clock."""

from __future__ import annotations

import csv
import email.utils
import io
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

import pytest

from mailbot.store import Case
from mailbot.commands.world import Received
from tests.botworld import (CASEWORKER, CASEWORKER_LEADER, SSST, SSST_OFFICER, SSST_OFFICER_2,
                            VSAT,
                            VSAT_LEADER, VSAT_OFFICER, make_world)


BEN = "ben.walsh@f2f.cmg.example.gov.uk"
NADIA = "nadia.hussain@f2f.cmg.example.gov.uk"
IAIN = "iain.ross@f2f.cmg.example.gov.uk"
MORAG = "morag.campbell@f2f.cmg.example.gov.uk"
RHIAN = "rhian.powell@f2f.cmg.example.gov.uk"
OWAIN = "owain.price@f2f.cmg.example.gov.uk"
KEVIN = "kevin.doherty@eio.cmg.example.gov.uk"


def request(sr="1-7QF3KD2", scin="1100 2233 4455", name="Dean Fletcher", role="paying parent",
            address="14 Harehills Lane, Leeds", postcode="LS8 4AB", reason="payments",
            extra="", special="None") -> str:
    """A caseworker's face to face request with the CMSF5579 details in the body."""
    lines = [("SR number", sr), ("SCIN", scin), ("Client name", name), ("Client role", role),
             ("Address", address), ("Postcode", postcode), ("Phone", "07700 900123"),
             ("Reason for face to face", reason), ("Special requirements", special),
             ("Caseworker email", CASEWORKER), ("Team leader email", CASEWORKER_LEADER)]
    form = "\n".join(f"{label}: {value}" for label, value in lines if value is not None)
    return (f"Hi SSST,\n\nPlease arrange a face to face visit for this client. "
            f"CMSF5579 details below.\n\n{form}\n{extra}\nThanks\nHarriet Okonjo\n")


def one(world, address: str, containing: str = "") -> Received:
    """The one new message `address` received since last looked, checked to contain words."""
    new = world.new_mail(address)
    assert len(new) == 1, f"{address} got {[m.subject for m in new]}"
    message = new[0]
    assert containing.lower() in (message.subject + "\n" + message.body).lower(), message.subject
    return message


def to_mailbox(world, address: str, containing: str, sender: str) -> Received:
    """The latest message from `sender` that the bot's own mailbox `address` received."""
    dovecot = world.post.dovecot
    raws = dovecot.read_mailbox(address, folder="Processed") + dovecot.read_mailbox(address)
    for message in reversed([Received(r) for r in raws]):
        if (containing.lower() in (message.subject + "\n" + message.body).lower()
                and email.utils.parseaddr(message.header("From"))[1] == sender):
            return message
    raise AssertionError(f"{address} received nothing containing {containing!r}")


def nothing_for(world, *addresses: str) -> None:
    for address in addresses:
        new = world.new_mail(address)
        assert not new, f"{address} unexpectedly got {[m.subject for m in new]}"


def addressed(message: Received, *, to: list[str], cc: list[str] = (), token: str,
              sender: str) -> None:
    """Recipients, the case token in the subject, From and the read-receipt request."""
    got_to = sorted(a.lower() for _, a in email.utils.getaddresses([message.header("To") or ""]))
    got_cc = sorted(a.lower() for _, a in email.utils.getaddresses([message.header("Cc") or ""]) if a)
    assert got_to == sorted(to), (message.subject, got_to)
    assert got_cc == sorted(cc), (message.subject, got_cc)
    assert f"[{token}]" in message.subject, message.subject
    assert email.utils.parseaddr(message.header("From"))[1] == sender
    assert message.header("Disposition-Notification-To") == sender
    assert message.header("Auto-Submitted") == "auto-generated"


def says(message: Received, *words: str) -> None:
    text = " ".join((message.subject + "\n" + message.body).split()).lower()
    for word in words:
        assert " ".join(word.split()).lower() in text, f"{word!r} not in {message.subject!r}:\n{message.body}"


def never_says(message: Received, *words: str) -> None:
    text = (message.subject + "\n" + message.body).lower()
    for word in words:
        assert word.lower() not in text, f"{word!r} in {message.subject!r}"


def case(world, ref: str) -> Case:
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def mi(world, out: Path) -> dict[tuple[str, str], str]:
    """The MI report's CSV as {(measure, breakdown): value}."""
    from mailbot.commands.report import write_report
    assert write_report(world.engine.config, out) == 0
    assert (out / "mi_report.pdf").read_bytes().startswith(b"%PDF")
    with open(out / "mi_report.csv", newline="") as f:
        return {(row["measure"], row["breakdown"]): row["value"] for row in csv.DictReader(f)}


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay)
    yield w
    w.engine.close()


def referred_to_vsat(world, body: str, pv_reply: str = "PV: no marker",
                     subject: str = "Face to face request - SR 1-7QF3KD2",
                     officer: str = SSST_OFFICER) -> Received:
    """Caseworker → SSST → the officer's full PV check → the CMSF5579 in the VSAT mailbox.
    Returns the VSAT officer's review email."""
    world.send(CASEWORKER, SSST, subject, body)
    world.run()
    prompt = one(world, officer, "Full PV check")
    world.reply(officer, prompt, pv_reply)
    world.run()
    return prompt


# --- 1. a plain home visit -------------------------------------------------------------------

def test_plain_home_visit_from_request_to_completed_visit(world, tmp_path):
    """Given a payments referral for a client in Leeds with no PV marker, one consultant books
    a home visit; SSST gets the CMSL5501 to issue; the completed visit closes both cases."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()

    prompt = one(world, SSST_OFFICER, "Full PV check")
    addressed(prompt, to=[SSST_OFFICER], token="SSST-000001", sender=SSST)
    says(prompt, "SR 1-7QF3KD2", "In Progress", "Dean Fletcher", "CIS", "DAL", "DWP SPL",
         "Client Contact Summary", "PV: no marker", "PV: marker found")
    ssst = case(world, "SSST-000001")
    assert (ssst.workflow, ssst.state) == ("f2f_routing", "awaiting_pv_check")
    assert ssst.data["sr_status"] == "In Progress"

    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()

    # the CMSF5579 went to the VSAT mailbox and opened the VSAT case
    referral = to_mailbox(world, VSAT, "CMSF5579", SSST)
    addressed(referral, to=[VSAT], token="SSST-000001", sender=SSST)
    says(referral, "SR number: 1-7QF3KD2", "PV marker: No", "Client role: paying parent",
         "Reason for face to face: payments", "Nation: England and Wales")
    assert case(world, "SSST-000001").state == "with_vsat"
    review = one(world, VSAT_OFFICER, "referral to review")
    addressed(review, to=[VSAT_OFFICER], token="VSAT-000001", sender=VSAT)
    says(review, "SR 1-7QF3KD2", "Region: Yorkshire", "DAL", "DWP SPL", "CIS",
         "1993/2003 scheme systems", "Client Contact Summary", "Control Measure Checking Tool",
         "ACCEPT", "REJECT: the reason")
    never_says(review, "INCOMPLETE", "NRP", "PWC")

    world.reply(VSAT_OFFICER, review, "ACCEPT\n\nGillian")
    world.run()
    visit = one(world, BEN, "Face to face visit required")
    addressed(visit, to=[BEN], token="VSAT-000001", sender=VSAT)
    says(visit, "SR 1-7QF3KD2", "Dean Fletcher", "LS8 4AB", "client's home", "Appointment booked:")
    never_says(visit, "two consultants")
    nothing_for(world, NADIA)
    vsat = case(world, "VSAT-000001")
    assert vsat.state == "awaiting_appointment"
    assert vsat.data["consultant_email"] == [BEN] and vsat.data["region"] == "Yorkshire"
    assert (Path(world.engine.config.files.root) / "VSAT visits" / "VSAT-000001 SR 1-7QF3KD2").is_dir()

    # four hours on, both officers are reminded to telephone
    world.advance(hours=4)
    call = one(world, SSST_OFFICER, "Follow-up call due")
    says(call, "CMSF5579", VSAT)
    call = one(world, VSAT_OFFICER, "Follow-up call due")
    says(call, BEN)

    world.advance(hours=20)
    world.reply(BEN, visit, "Appointment booked for Thursday 3 December 2026 at 10:30.\n"
                            "Location: client's home, 14 Harehills Lane, Leeds LS8 4AB")
    world.run()
    to_ssst = to_mailbox(world, SSST, "Appointment booked", VSAT)
    addressed(to_ssst, to=[SSST], token="VSAT-000001", sender=VSAT)
    says(to_ssst, "SR number: 1-7QF3KD2", "Thu 3 Dec 2026 10:30", "14 Harehills Lane")
    letter_email = one(world, SSST_OFFICER, "Issue CMSL5501")
    addressed(letter_email, to=[SSST_OFFICER], token="SSST-000001", sender=SSST)
    says(letter_email, "Thu 3 Dec 2026 10:30", "14 Harehills Lane", "never writes to clients")
    letter = pdf_text(letter_email.attachments()["CMSL5501.pdf"])
    for words in ("Information about your face to face meeting with us", "Dean Fletcher",
                  "3 December 2026", "10:30", "14 Harehills Lane", "What we'll talk about",
                  "Child maintenance payments made in your case", "paying parent", "SR 1-7QF3KD2"):
        assert words in letter, words
    ssst = case(world, "SSST-000001")
    assert ssst.state == "appointment_booked"
    assert ssst.data["location"].startswith("client's home")
    assert case(world, "VSAT-000001").state == "appointment_booked"
    nothing_for(world, CASEWORKER)   # the bot never emails the client, nor the caseworker yet

    world.advance(to=world.clock.now().replace(month=12, day=3, hour=15))
    world.new_mail(SSST_OFFICER), world.new_mail(VSAT_OFFICER)     # follow-up call reminders
    world.reply(BEN, visit, "Visit completed today, the client attended and we went through "
                            "the payments.")
    world.run()

    done = one(world, CASEWORKER, "visit completed")
    addressed(done, to=[CASEWORKER], cc=[CASEWORKER_LEADER], token="SSST-000001", sender=SSST)
    says(done, "SR 1-7QF3KD2", "closed and completed", "paying parent")
    ssst, vsat = case(world, "SSST-000001"), case(world, "VSAT-000001")
    assert (ssst.state, ssst.resolution) == ("closed", "completed")
    assert (vsat.state, vsat.resolution) == ("closed", "completed")
    assert not (Path(world.engine.config.files.root) / "ssst" / "SSST-000001").exists()

    figures = mi(world, tmp_path / "report")
    assert figures[("referrals_received", "all")] == "1"
    assert figures[("referrals_accepted", "all")] == "1"
    assert figures[("visits_arranged", "consultant: Ben Walsh")] == "1"
    assert figures[("visits_arranged", "region: Yorkshire")] == "1"
    assert figures[("days_referral_to_appointment", "VSAT-000001")] == "10"
    assert figures[("visits_completed", "all")] == "1"


def history(world, ref: str) -> list[str]:
    with world.engine.sessions() as s:
        found = s.scalar(select(Case).where(Case.ref == ref))
        return [f"{e.kind}: {e.text}" for e in found.events]


# --- 2. a PV client in Scotland -----------------------------------------------------------------

def test_pv_client_in_scotland_gets_two_consultants_at_an_office(world, tmp_path):
    """Given an under-16 client in Glasgow with a PV marker, VSAT sends two Scotland West
    consultants, never to the home; the chase skips St Andrew's Day; the CMSL5501 tells the
    client to bring an adult."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-5GL8SC1",
               request(sr="1-5GL8SC1", scin="2200 3344 5566", name="Kirsty Boyd",
                       role="receiving parent", address="9 Paisley Road West, Glasgow",
                       postcode="G51 1AB", reason="under 16"))
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "PV: marker found\nUCB: no")
    world.run()
    referral = to_mailbox(world, VSAT, "CMSF5579", SSST)
    says(referral, "PV marker: Yes", "Nation: Scotland", "Client role: receiving parent",
         "Reason for face to face: under 16")
    review = one(world, VSAT_OFFICER, "referral to review")
    says(review, "Region: Scotland West", "PV marker (SSST's full PV check): Yes")
    assert case(world, "VSAT-000001").data["nation"] == "scotland"

    world.advance(to=world.clock.now().replace(day=26, hour=10))     # Thursday 26 November
    world.new_mail(SSST_OFFICER), world.new_mail(VSAT_OFFICER)        # follow-up call reminders
    world.reply(VSAT_OFFICER, review, "ACCEPT - PV and UCB checked on DAL, CIS and the 2012 system.")
    world.run()
    visit = one(world, IAIN, "two consultants, office only")
    assert one(world, MORAG, "Face to face visit required").message_id == visit.message_id
    addressed(visit, to=[IAIN, MORAG], token="VSAT-000001", sender=VSAT)
    says(visit, "must NOT be at the client's home", "Paisley Jobcentre Plus",
         "Glasgow CMG Office", "Iain Ross and Morag Campbell", "the client must bring an adult")
    vsat = case(world, "VSAT-000001")
    assert vsat.data["office_required"] is True
    assert sorted(vsat.data["consultant_email"]) == [IAIN, MORAG]

    # three working days in Scotland skip Monday 30 November, St Andrew's Day
    world.advance(to=world.clock.now().replace(month=12, day=1, hour=12))
    world.new_mail(VSAT_OFFICER)
    nothing_for(world, IAIN, MORAG)
    world.advance(to=world.clock.now().replace(day=2, hour=10))
    chase = one(world, IAIN, "Reminder: appointment needed")
    addressed(chase, to=[IAIN, MORAG], token="VSAT-000001", sender=VSAT)
    world.new_mail(MORAG)
    world.advance(to=world.clock.now().replace(day=7, hour=10))
    world.new_mail(VSAT_OFFICER)
    told = one(world, VSAT_LEADER, "No appointment from Iain Ross and Morag Campbell")
    addressed(told, to=[VSAT_LEADER], cc=[VSAT_OFFICER], token="VSAT-000001", sender=VSAT)

    # the home is refused; an office is accepted
    world.reply(MORAG, visit, "Appointment booked for Thursday 10 December 2026 at 2pm.\n"
                              "Location: client's home, 9 Paisley Road West, Glasgow G51 1AB")
    world.run()
    refused = one(world, MORAG, "must be at an office")
    says(refused, "Paisley Jobcentre Plus")
    assert case(world, "VSAT-000001").state == "awaiting_appointment"
    world.reply(MORAG, visit, "Appointment booked for Thursday 10 December 2026 at 2pm.\n"
                              "Location: Paisley Jobcentre Plus, Lonend, Paisley PA1 1SU")
    world.run()
    letter_email = one(world, SSST_OFFICER, "Issue CMSL5501")
    says(letter_email, "Thu 10 Dec 2026 14:00", "Paisley Jobcentre Plus", "receiving parent")
    letter = pdf_text(letter_email.attachments()["CMSL5501.pdf"])
    for words in ("Kirsty Boyd", "10 December 2026", "14:00", "Paisley Jobcentre Plus",
                  "Your child maintenance case because you are under the age of 16. You must "
                  "bring an adult with you to this meeting", "receiving parent"):
        assert words in letter, words

    # the consultant writes to SSST (and VSAT) after the visit
    world.advance(to=world.clock.now().replace(day=10, hour=17))
    world.send(MORAG, [SSST, VSAT], "RE: [VSAT-000001] Face to face visit required: SR 1-5GL8SC1",
               "Visit completed today with Iain. SR 1-5GL8SC1.", in_reply_to=visit)
    world.run()
    done = [m for m in world.new_mail(CASEWORKER) if "visit completed" in m.subject.lower()]
    assert len(done) == 1
    addressed(done[0], to=[CASEWORKER], cc=[CASEWORKER_LEADER], token="SSST-000001", sender=SSST)
    assert case(world, "SSST-000001").resolution == "completed"
    assert case(world, "VSAT-000001").resolution == "completed"
    figures = mi(world, tmp_path / "report")
    assert figures[("visits_arranged", "consultant: Iain Ross")] == "1"
    assert figures[("visits_arranged", "consultant: Morag Campbell")] == "1"
    assert figures[("visits_arranged", "region: Scotland West")] == "1"
    assert figures[("days_referral_to_appointment", "VSAT-000001")] == "17"


# --- 3. a VSAT rejection (Northern Ireland) -------------------------------------------------------

def test_vsat_rejection_tells_caseworker_and_team_leader_in_nicms_words(world, tmp_path):
    """Given a complete referral for a client in Belfast, VSAT rejects it with a reason; SSST
    tells the owning caseworker and team leader, NICMS wording, and both cases close cancelled."""
    referred_to_vsat(world, request(sr="1-3BT7NI4", scin="3300 4455 6677", name="Ciaran Magee",
                                    address="41 Falls Road, Belfast", postcode="BT12 4PD",
                                    reason="appeal"),
                     subject="Face to face request - SR 1-3BT7NI4")
    referral = to_mailbox(world, VSAT, "CMSF5579", SSST)
    says(referral, "Nation: Northern Ireland", "(NICMS)")
    review = one(world, VSAT_OFFICER, "referral to review")
    says(review, "no region in the config for this postcode")

    world.reply(VSAT_OFFICER, review, "REJECT: no face to face consultant covers Northern Ireland "
                                      "from this team\n\nGillian")
    world.run()
    rejection = to_mailbox(world, SSST, "REJECTED", VSAT)
    addressed(rejection, to=[SSST], token="VSAT-000001", sender=VSAT)
    says(rejection, "Reason for rejection: no face to face consultant covers Northern Ireland")
    told = one(world, CASEWORKER, "rejected by VSAT")
    addressed(told, to=[CASEWORKER], cc=[CASEWORKER_LEADER], token="SSST-000001", sender=SSST)
    says(told, "no face to face consultant covers Northern Ireland", "closed and cancelled",
         "paying parent", "NICMS")
    never_says(told, "CMG)")
    ssst, vsat = case(world, "SSST-000001"), case(world, "VSAT-000001")
    assert (ssst.state, ssst.resolution, ssst.data["sr_status"]) == ("closed", "cancelled",
                                                                    "Closed - Cancelled")
    assert (vsat.state, vsat.resolution) == ("closed", "cancelled")

    world.advance(hours=24)   # closing a case stops every timer of it, calls included
    nothing_for(world, SSST_OFFICER, VSAT_OFFICER)

    figures = mi(world, tmp_path / "report")
    assert figures[("referrals_rejected", "all")] == "1"
    assert figures[("referrals_rejected", "reason: no face to face consultant covers Northern "
                                          "Ireland from this team")] == "1"
    assert figures[("referrals_accepted", "all")] == "0"


# --- 4. three failed attendances -----------------------------------------------------------------

def test_three_failed_attendances_close_the_sr_as_failed_to_attend(world, tmp_path):
    """Given a Cardiff client who misses the visit three times, each rebooking brings a new
    CMSL5501 (the free-text reason), and the third failure closes the SR Failed To Attend."""
    referred_to_vsat(world, request(sr="1-9CF2WL6", scin="4400 5566 7788", name="Gareth Evans",
                                    address="3 Cowbridge Road East, Cardiff", postcode="CF11 9AB",
                                    reason="other",
                                    extra="If other, details: to return the original documents "
                                          "you sent us\n"),
                     subject="Face to face request - SR 1-9CF2WL6")
    world.reply(VSAT_OFFICER, one(world, VSAT_OFFICER, "referral to review"), "ACCEPT")
    world.run()
    visit = one(world, OWAIN, "Face to face visit required")
    nothing_for(world, RHIAN)

    for attempt, day in ((1, 1), (2, 8), (3, 15)):
        world.reply(OWAIN, visit, f"Appointment booked for Tuesday {day} December 2026 at 10am.\n"
                                  f"Location: client's home, 3 Cowbridge Road East, Cardiff CF11 9AB")
        world.run()
        letter_email = one(world, SSST_OFFICER, "Issue CMSL5501")
        says(letter_email, f"Tue {day} Dec 2026 10:00")
        if attempt > 1:
            says(letter_email, "rebooked")
        letter = pdf_text(letter_email.attachments()["CMSL5501.pdf"])
        assert "to return the original documents you sent us" in letter
        assert f"{day} December 2026" in letter
        assert case(world, "SSST-000001").state == "appointment_booked"

        world.advance(to=world.clock.now().replace(month=12, day=day, hour=14))
        world.new_mail(SSST_OFFICER), world.new_mail(VSAT_OFFICER)   # follow-up calls
        world.send(OWAIN, [SSST, VSAT], "RE: [VSAT-000001] Face to face visit required: SR 1-9CF2WL6",
                   "The client did not attend the visit today. SR 1-9CF2WL6.", in_reply_to=visit)
        world.run()
        if attempt < 3:
            missed = one(world, SSST_OFFICER, "failed to attend")
            addressed(missed, to=[SSST_OFFICER], token="SSST-000001", sender=SSST)
            says(missed, f"({attempt} of 3)", "consultant will rebook")
            assert case(world, "SSST-000001").state == "awaiting_rebooking"
            assert case(world, "VSAT-000001").state == "awaiting_appointment"
            nothing_for(world, CASEWORKER)

    told = one(world, CASEWORKER, "failed to attend")
    addressed(told, to=[CASEWORKER], cc=[CASEWORKER_LEADER], token="SSST-000001", sender=SSST)
    says(told, "3 times", "Failed To Attend", "paying parent")
    ssst, vsat = case(world, "SSST-000001"), case(world, "VSAT-000001")
    assert (ssst.state, ssst.resolution, ssst.data["resolution_code"]) == (
        "closed", "failed_to_attend", "Failed To Attend")
    assert ssst.data["failed_attendances"] == 3
    assert (vsat.state, vsat.resolution) == ("closed", "failed_to_attend")
    figures = mi(world, tmp_path / "report")
    assert figures[("failed_attendances", "all")] == "3"
    assert figures[("closed_failed_to_attend", "all")] == "1"
    assert figures[("visits_completed", "all")] == "0"
    assert figures[("visits_arranged", "consultant: Owain Price")] == "1"


# --- 5. an enforcement referral -------------------------------------------------------------------

def test_enforcement_referral_goes_to_the_investigative_officer_who_sets_the_time(world, tmp_path):
    """Given an enforcement referral for a paying parent in a Bradford dangerous area, the
    enforcement investigative officer gets it (not the consultants) and sets their own time."""
    referred_to_vsat(world, request(sr="1-4BD9EN3", scin="5500 6677 8899", name="Lee Hall",
                                    address="22 Manningham Lane, Bradford", postcode="BD3 1AA",
                                    reason="enforcement - paying parent",
                                    extra="Enforcement investigative officer activity: Yes\n"),
                     subject="Face to face request - SR 1-4BD9EN3")
    review = one(world, VSAT_OFFICER, "referral to review")
    says(review, "Enforcement investigative officer activity: Yes",
         "Dangerous area (config list of areas): Yes", "an enforcement investigative officer")
    world.reply(VSAT_OFFICER, review, "ACCEPT")
    world.run()
    visit = one(world, KEVIN, "Face to face visit required")
    addressed(visit, to=[KEVIN], token="VSAT-000001", sender=VSAT)
    says(visit, "enforcement investigative officer activity is required",
         "at a time that suits you", "dangerous area: Yes")
    nothing_for(world, BEN, NADIA)

    world.reply(KEVIN, visit, "I have arranged to visit Mr Hall on Tuesday 8 December 2026 at 4pm.\n"
                              "Location: Bradford Jobcentre Plus, Westgate, Bradford BD1 2SU")
    world.run()
    letter_email = one(world, SSST_OFFICER, "Issue CMSL5501")
    says(letter_email, "Tue 8 Dec 2026 16:00", "Bradford Jobcentre Plus")
    letter = pdf_text(letter_email.attachments()["CMSL5501.pdf"])
    assert "Why we have taken action against you to recover money owed for child maintenance" in letter
    assert case(world, "VSAT-000001").data["consultant_email"] == [KEVIN]

    world.advance(to=world.clock.now().replace(month=12, day=8, hour=18))
    world.reply(KEVIN, visit, "Visit completed, saw Mr Hall at the Jobcentre.")
    world.run()
    says(one(world, CASEWORKER, "visit completed"), "SR 1-4BD9EN3")
    assert case(world, "SSST-000001").resolution == "completed"
    assert mi(world, tmp_path / "report")[("visits_arranged", "consultant: Kevin Doherty")] == "1"


# --- 6. an incomplete referral -----------------------------------------------------------------------

def test_incomplete_referral_shows_what_is_missing_and_the_officer_rejects_it(world, tmp_path):
    """Given a request without SCIN or reason, SSST is told what is missing, VSAT's officer is
    shown the proposed rejection, replies REJECT, and the caseworker hears why."""
    prompt = referred_to_vsat(world, request(sr="1-6MS5NG2", scin=None, reason=None),
                              subject="Face to face request - SR 1-6MS5NG2")
    says(prompt, "The request is missing: scin, reason")
    review = one(world, VSAT_OFFICER, "Incomplete face to face referral")
    says(review, "THE REFERRAL IS INCOMPLETE", "Missing: scin, reason",
         "Proposed rejection: the referral is incomplete: SCIN, reason for face to face missing")
    world.reply(VSAT_OFFICER, review, "REJECT")
    world.run()
    told = one(world, CASEWORKER, "rejected by VSAT")
    addressed(told, to=[CASEWORKER], cc=[CASEWORKER_LEADER], token="SSST-000001", sender=SSST)
    says(told, "the referral is incomplete: SCIN, reason for face to face missing")
    assert case(world, "SSST-000001").resolution == "cancelled"
    assert case(world, "VSAT-000001").data["reject_reason"].startswith("the referral is incomplete")
    figures = mi(world, tmp_path / "report")
    assert figures[("referrals_rejected", "reason: the referral is incomplete: SCIN, reason for "
                                          "face to face missing")] == "1"


def test_incomplete_referral_is_rejected_automatically_when_configured(tmp_path, private_dovecot,
                                                                       private_relay):
    """Given auto_reject_incomplete_referrals, VSAT rejects an incomplete referral to SSST
    without asking the officer."""
    from mailbot.config import RemindersConfig
    world = make_world(tmp_path, private_dovecot, private_relay,
                       reminders=RemindersConfig(auto_reject_incomplete_referrals=True))
    try:
        referred_to_vsat(world, request(sr="1-6MS5NG2", scin=None, reason=None),
                         subject="Face to face request - SR 1-6MS5NG2")
        nothing_for(world, VSAT_OFFICER)
        rejection = to_mailbox(world, SSST, "REJECTED", VSAT)
        says(rejection, "Reason for rejection: the referral is incomplete")
        says(one(world, CASEWORKER, "rejected by VSAT"), "SCIN, reason for face to face missing")
        assert case(world, "VSAT-000001").resolution == "cancelled"
        assert case(world, "SSST-000001").resolution == "cancelled"
    finally:
        world.engine.close()


# --- the demo's journey ---------------------------------------------------------------------------

def test_the_demo_journey_runs_end_to_end(world):
    """`mailbot demo` shows this journey; here it runs on the real servers."""
    from mailbot.commands import demo_f2f
    said = []
    demo_f2f.journey(world, lambda who, text: said.append((who, text)))
    assert said[-1][0] == "caseworker" and "visit completed" in said[-1][1].lower()
    assert case(world, "SSST-000001").resolution == "completed"
    assert case(world, "VSAT-000001").resolution == "completed"


def test_work_is_spread_across_the_regions_consultants(world, tmp_path):
    """Given two Leeds referrals open at once, each Yorkshire consultant gets one."""
    for n, sr in enumerate(("1-1LS1AA1", "1-2LS2BB2"), start=1):
        referred_to_vsat(world, request(sr=sr, scin=f"66{n}0 1234 5678", name=f"Client {n}"),
                         subject=f"Face to face request - SR {sr}",
                         officer=(SSST_OFFICER, SSST_OFFICER_2)[n - 1])   # SSST spreads too
        world.reply(VSAT_OFFICER, one(world, VSAT_OFFICER, "referral to review"), "ACCEPT")
        world.run()
    says(one(world, BEN, "visit required"), "1-1LS1AA1")
    says(one(world, NADIA, "visit required"), "1-2LS2BB2")
    figures = mi(world, tmp_path / "report")
    assert figures[("open_cases", "stage: VSAT: awaiting appointment")] == "2"
    assert figures[("open_cases", "stage: SSST: with vsat")] == "2"


def cmsf5579_docx(rows: list[tuple[str, str]]) -> bytes:
    """A CMSF5579 as caseworkers attach it: a Word document with a two-column table."""
    import docx
    document = docx.Document()
    document.add_heading("CMSF5579 Visiting Service referral", level=1)
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_cmsf5579_attached_as_a_word_document_opens_the_case(world):
    """Given the CMSF5579 as a DOCX attachment, SSST reads its table and asks for the PV check."""
    form = cmsf5579_docx([("SR number", "1-8DX4WD7"), ("SCIN", "7700 8899 0011"),
                          ("Client name", "Alys Morgan"), ("Client role", "Receiving parent"),
                          ("Address", "5 High Street, Swansea"), ("Postcode", "SA1 1AA"),
                          ("Reason for face to face", "parentage")])
    world.send(CASEWORKER, SSST, "CMSF5579 attached", "Hi SSST, the CMSF5579 is attached.\n\nHarriet",
               attachments=[("CMSF5579.docx", form)])
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    says(prompt, "SR 1-8DX4WD7", "Alys Morgan", "receiving parent", "SA1 1AA")
    ssst = case(world, "SSST-000001")
    assert (ssst.workflow, ssst.data["reason"], ssst.data["caseworker_email"]) == (
        "f2f_routing", "parentage", CASEWORKER)
