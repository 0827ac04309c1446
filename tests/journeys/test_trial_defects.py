"""The defects found when people tried the bot in their own words (issue 13, part 6), each
as the story that went wrong, on real servers with the injected clock."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from mailbot.clock import LONDON
from mailbot.store import Case, CaseEvent, Reminder
from tests.botworld import (CASEWORKER, CASEWORKER_LEADER, SSST, SSST_LEADER, SSST_OFFICER, VSAT,
                            VSAT_OFFICER, make_world)
from tests.journeys.test_court import (CPO, ECM, allocation, case_of, cpo_email, new_mail, pdf_text,
                                       reminders)
from tests.journeys.test_f2f import nothing_for, one, request, says


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def case(world, ref: str) -> Case:
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def pending(world, ref: str) -> list[Reminder]:
    with world.engine.sessions() as s:
        found = s.scalar(select(Case).where(Case.ref == ref))
        return list(s.scalars(select(Reminder).where(Reminder.case_id == found.id,
                                                     Reminder.status == "pending")))


def history(world, ref: str) -> list[str]:
    with world.engine.sessions() as s:
        found = s.scalar(select(Case).where(Case.ref == ref))
        return [e.text for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == found.id)
                                          .order_by(CaseEvent.id))]


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 27, 14, 0))  # a Friday
    yield w
    w.engine.close()


# --- k. follow-up calls in working hours; closing stops every timer ------------------------------

def test_k_a_call_reminder_falls_in_working_hours_and_a_closed_case_keeps_no_timer(world):
    """Given the officer's PV check at 15:00 on a Friday, the CMSF5579 goes to VSAT and the
    reminder to telephone VSAT falls at 11:00 on Monday (four working hours, 09:00-17:00), not
    at 19:00 on Friday; when VSAT rejects, the closed case keeps no timer at all."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.advance(to=at(2026, 11, 27, 15, 0))
    world.reply(SSST_OFFICER, prompt, "No PV marker on any system.\nPriya")
    world.run()
    [call] = [r for r in pending(world, "SSST-000001") if r.key.startswith("follow_up_call")]
    assert call.due_at == at(2026, 11, 30, 11, 0)
    world.advance(to=at(2026, 11, 30, 10, 30))          # Friday evening and the weekend pass
    assert not [m for m in world.new_mail(SSST_OFFICER) if "Follow-up call due" in m.subject]
    world.advance(to=at(2026, 11, 30, 11, 0))
    says(one(world, SSST_OFFICER, "Follow-up call due"), VSAT)

    review = one(world, VSAT_OFFICER, "referral to review")
    world.reply(VSAT_OFFICER, review, "Reject - the client has moved to Spain, no visit possible.")
    world.run()
    assert case(world, "SSST-000001").state == "closed"
    assert pending(world, "SSST-000001") == [] and pending(world, "VSAT-000001") == []
    world.advance(hours=24)
    nothing_for(world, SSST_OFFICER, VSAT_OFFICER, SSST_LEADER)


# --- a. an out-of-office reply is never answered to the person who is away ----------------------

def test_a_an_officers_out_of_office_reply_tells_the_team_leader_once_a_day(world):
    """Given the officer's out-of-office reply to the PV check prompt, the team leader is told
    (the officer, who is away, gets nothing back); a second automatic reply that day tells
    nobody again."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    for _ in range(2):
        world.send(SSST_OFFICER, SSST, "Automatic reply: " + prompt.subject,
                   "I am out of the office until Monday 30 November with no access to email.",
                   in_reply_to=prompt, headers={"Auto-Submitted": "auto-replied"})
        world.run()
        if _ == 0:
            told = one(world, SSST_LEADER, "Automatic reply from")
            says(told, SSST_OFFICER, "30 November 2026", "SSST-000001")
    nothing_for(world, SSST_OFFICER, SSST_LEADER)
    assert case(world, "SSST-000001").state == "awaiting_pv_check"


# --- c. a later date without a time keeps the time; d. letters carry the postal address ---------

def commitment(world, address_line: str = "Address: 14 Harehills Lane, Leeds LS9 8AB"):
    """A Commitment SR to the point where the CPO has named the hearing, 3 Dec 2026 at 10:00."""
    world.send(ECM, SSST, "Commitment action - SR 1-5CM8QR1",
               allocation("Commitment", "1-5CM8QR1", "Darren Walsh", "7008 1122 3344",
                          "Leeds Magistrates' Court", "LS9 8AB", extra=address_line))
    world.run()
    prompt = one(world, SSST_OFFICER, "potentially violent (PV) marking")
    world.reply(SSST_OFFICER, prompt, "PV: no marker recorded.\nPriya")
    world.run()
    world.send(CPO, SSST, "SR 1-5CM8QR1 - CPO and hearing date",
               cpo_email("1-5CM8QR1", "Thursday 3 December 2026 at 10:00"))
    world.run()
    one(world, CPO, "Court summons and court cover letter ready")
    return case_of(world, "1-5CM8QR1")


def test_c_a_later_hearing_date_without_its_time_keeps_the_time(world):
    """Given a hearing on Thu 3 Dec at 10:00, the CPO's later "the hearing is on the 3rd" keeps
    10:00: the second PV check stays 48 hours before it and the letter prints the time."""
    case = commitment(world)
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 12, 1, 10, 0)
    world.send(CPO, SSST, "Paying parent letter - SR 1-5CM8QR1",
               "Hi,\nThe hearing is still on the 3rd. Please send me the paying parent cover letter "
               "for SR 1-5CM8QR1.\nFarah\n")
    world.run()
    letter = one(world, CPO, "Paying parent cover letter")
    text = pdf_text(letter.attachments()["paying_parent_cover_letter.pdf"])
    assert "Thu 3 Dec 2026 10:00" in text
    case = case_of(world, "1-5CM8QR1")
    assert case.data["hearing_at"] == {"$datetime": "2026-12-03T10:00:00+00:00"}
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 12, 1, 10, 0)


def test_d_the_letter_to_the_paying_parent_carries_the_address_or_waits_for_it(world):
    """Given an allocation with no address, the CPO's request for the paying parent cover
    letter makes the officer be asked for the postal address first; their answer makes the
    letter, which carries it."""
    commitment(world, address_line="")
    world.send(CPO, SSST, "Paying parent letter - SR 1-5CM8QR1",
               "Hi,\nPlease send me the paying parent cover letter for SR 1-5CM8QR1.\nFarah\n")
    world.run()
    assert new_mail(world, CPO) == []
    asked = one(world, SSST_OFFICER, "postal address")
    world.reply(SSST_OFFICER, asked, "His address is 22 Stoney Rock Lane, Leeds LS9 7HF.\nPriya")
    world.run()
    letter = one(world, CPO, "Paying parent cover letter")
    text = pdf_text(letter.attachments()["paying_parent_cover_letter.pdf"])
    assert "Darren Walsh" in text and "22 Stoney Rock Lane" in text and "LS9 7HF" in text


def test_d_an_allocations_address_is_on_the_letter(world):
    commitment(world)
    world.send(CPO, SSST, "Paying parent letter - SR 1-5CM8QR1",
               "Hi,\nPlease send me the paying parent cover letter for SR 1-5CM8QR1.\nFarah\n")
    world.run()
    text = pdf_text(one(world, CPO, "Paying parent cover letter").attachments()["paying_parent_cover_letter.pdf"])
    assert "14 Harehills Lane" in text and "LS9 8AB" in text


# --- f. "Owning caseworker: <name>" is not the caseworker's address --------------------------------

def test_f_the_caseworker_email_line_names_who_is_told_not_the_sender(world):
    """Given a referral sent on by the caseworker's team leader, naming "Owning caseworker:
    Harriet Okonjo" and then "Caseworker email: harriet.okonjo@...", VSAT's rejection is told
    to Harriet (the team leader copied), not to the sender alone."""
    body = ("Hi SSST,\n\nSending this on for Harriet while she is on leave.\n\n"
            "SR number: 1-7QF3KD2\nSCIN: 1100 2233 4455\nClient name: Dean Fletcher\n"
            "Client role: paying parent\nAddress: 14 Harehills Lane, Leeds\nPostcode: LS8 4AB\n"
            "Reason for face to face: payments\nOwning caseworker: Harriet Okonjo\n"
            f"Caseworker email: {CASEWORKER}\nTeam leader email: {CASEWORKER_LEADER}\n\nIfan\n")
    world.send(CASEWORKER_LEADER, SSST, "Face to face request - SR 1-7QF3KD2", body)
    world.run()
    assert case(world, "SSST-000001").data["caseworker_email"] == CASEWORKER
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()
    review = one(world, VSAT_OFFICER, "referral to review")
    world.reply(VSAT_OFFICER, review, "REJECT - no consultant free in Leeds before the client moves away.")
    world.run()
    told = one(world, CASEWORKER, "rejected by VSAT")
    assert CASEWORKER_LEADER in (told.header("Cc") or "")


# --- b. the ECM is the one the allocation names ----------------------------------------------------

def test_b_the_case_file_goes_to_the_ecm_the_allocation_names_not_to_who_forwarded_it(world):
    """Given a County Court allocation forwarded by a team leader with "ECM: Andrew Kettle",
    the ECM of the case is Andrew (his address from the config), not the team leader; an
    allocation that names no ECM, from someone who is not one, makes the officer be asked, and
    their answer is the ECM."""
    world.send(CASEWORKER_LEADER, SSST, "County Court action - SR 1-7CC4LD2",
               allocation("County Court", "1-7CC4LD2", "Gareth Pryce", "7008 5521 9043",
                          "Cardiff County Court", "CF14 3NR", extra="ECM: Andrew Kettle")
               .replace("Andrew Kettle\nECM\n", "Ifan Roberts\nTeam leader\n"))
    world.run()
    assert case_of(world, "1-7CC4LD2").data["ecm_email"] == ECM

    world.send(CASEWORKER_LEADER, SSST, "County Court action - SR 1-8CC5LD3",
               allocation("County Court", "1-8CC5LD3", "Sian Pryce", "7008 5521 9044",
                          "Cardiff County Court", "CF14 3NR")
               .replace("Andrew Kettle\nECM\n", "Ifan Roberts\nTeam leader\n"))
    world.run()
    assert case_of(world, "1-8CC5LD3").data.get("ecm_email") is None
    officer = case_of(world, "1-8CC5LD3").data["officer_email"]      # work is spread: Tom's
    asked = [m for m in world.new_mail(officer) if "enforcement case manager" in m.body]
    assert len(asked) == 1 and "1-8CC5LD3" in asked[0].body
    world.reply(officer, asked[0], f"It's Andrew - {ECM}\nTom")
    world.run()
    assert case_of(world, "1-8CC5LD3").data["ecm_email"] == ECM


# --- g. a failed attendance on a case with no appointment recorded ---------------------------------

def test_g_a_failed_attendance_before_any_appointment_is_recorded_reaches_the_officer(world):
    """Given a referral with VSAT and no appointment recorded yet at SSST, the consultant's
    "client didn't turn up" to SSST is recorded and the officer told; the email says the
    appointment is not known rather than failing to be made."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()
    assert case(world, "SSST-000001").state == "with_vsat"
    world.send("ben.walsh@f2f.cmg.example.gov.uk", SSST, "SR 1-7QF3KD2 - Dean Fletcher",
               "Hi,\nWent round today but Mr Fletcher didn't turn up for the visit.\nBen")
    world.run()
    told = one(world, SSST_OFFICER, "failed to attend")
    says(told, "not known", "1 of 3")
    assert case(world, "SSST-000001").data["failed_attendances"] == 1


# --- waits are data: `mailbot case REF` shows who was asked what, since when -------------------

def test_mailbot_case_shows_the_open_waits_and_what_an_incomplete_answer_gave(world):
    """Given the officer asked for the PV check, `mailbot case` names the question, who was
    asked and when; after VSAT's booking without a time, what is known so far is shown."""
    from mailbot.commands.admin import show_case
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    lines: list[str] = []
    show_case(world.engine.config, "SSST-000001", out=lines.append)
    text = "\n".join(lines)
    assert "state: awaiting_pv_check" in text
    assert "pv_check: the full PV check" in text and f"asked {SSST_OFFICER} on 2026-11-27 14:00" in text
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.reply(SSST_OFFICER, prompt, "Nothing on any system, no PV.")
    world.run()
    lines.clear()
    show_case(world.engine.config, "SSST-000001", out=lines.append)
    assert "vsat: VSAT's decision" in "\n".join(lines)


# --- j. folders and chase timings per purpose and role, from the config ---------------------------

def test_j_visit_folders_and_chases_follow_the_config(tmp_path, private_dovecot, private_relay):
    """Given a config that puts VSAT visit folders under "Visits/{region}/{ref}" and chases
    officers after one working day (consultants after three), the visit folder is made there,
    the fee chase falls one working day after the prompt and the consultant's after three."""
    from mailbot.config import ChaseConfig, FilesConfig, FoldersConfig, RemindersConfig
    from tests.journeys.test_court import case_of as court_case
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 23, 9, 0))
    config = w.engine.config
    w.engine.config = config.model_copy(update={
        "files": FilesConfig(root=config.files.root, folders=FoldersConfig(vsat_visit="Visits/{region}/{ref}")),
        "reminders": RemindersConfig(chase={"officer": ChaseConfig(after_working_days=1, escalate_after_chases=1),
                                            "f2f_consultant": ChaseConfig(after_working_days=3,
                                                                          escalate_after_chases=1)})})
    try:
        w.send(CASEWORKER, VSAT, "Face to face referral - SR 1-7QF3KD2", request())
        w.run()
        w.reply(VSAT_OFFICER, one(w, VSAT_OFFICER, "referral to review"), "ACCEPT")
        w.run()
        assert (w.engine.files_root / "Visits" / "Yorkshire" / "VSAT-000001").is_dir()
        assert pending_keys(w, "VSAT-000001")["chase_consultant"] == at(2026, 11, 26, 9, 0)

        w.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5",
               "Hi SSST,\nPlease pay the court fee.\nClient name: Connor Doyle\nSCIN: 7008 1233 4465\n"
               "SR number: 1-9RB2WX5\nCourt: Leeds County Court\nPostcode: LS1 3BG\nFee: £119.00\n"
               "Thanks\nAndrew Kettle\nECM")
        w.run()
        ref = court_case(w, "1-9RB2WX5").ref
        w.advance(to=at(2026, 11, 25, 9, 30))              # two working days: the prompt to pay
        assert pending_keys(w, ref)["fee_chase"] == at(2026, 11, 26, 9, 0)
    finally:
        w.engine.close()


def pending_keys(world, ref: str) -> dict:
    return {r.key.split(":")[0]: r.due_at for r in pending(world, ref)}


# --- e. bookings in people's own words; a completed visit with the form attached ------------------

def test_e_a_booking_in_the_consultants_own_words_and_a_completed_form_never_open_a_case(world):
    """Given VSAT's visit request for a Leeds client, the consultant's "Going to see Mr
    Fletcher Thursday the 3rd at half two, Leeds office" books the visit (no new referral);
    the completed CMSF5579 sent back after the visit closes the case as completed, and no
    new case is opened from it."""
    import io
    from docx import Document
    world.send(CASEWORKER, VSAT, "Face to face referral - SR 1-7QF3KD2", request())
    world.run()
    world.reply(VSAT_OFFICER, one(world, VSAT_OFFICER, "referral to review"), "Happy to take this one.")
    world.run()
    visit = one(world, "ben.walsh@f2f.cmg.example.gov.uk", "visit required")
    world.reply("ben.walsh@f2f.cmg.example.gov.uk", visit,
                "Hi Gillian,\nGoing to see Mr Fletcher Thursday the 3rd at half two, Leeds office, "
                "Quarry House.\nBen\nBen Walsh | F2F Consultant | 07700 900321")
    world.run()
    vsat = case(world, "VSAT-000001")
    assert vsat.state == "appointment_booked"
    assert vsat.data["appointment_at"] == {"$datetime": "2026-12-03T14:30:00+00:00"}

    form = Document()
    table = form.add_table(rows=0, cols=2)
    for label, value in (("CMSF5579 Visiting Service referral", "completed after visit"),
                         ("SR number", "1-7QF3KD2"), ("SCIN", "110022334455"), ("Client name", "Dean Fletcher"),
                         ("Address", "14 Harehills Lane, Leeds"), ("Postcode", "LS8 4AB"),
                         ("Reason for face to face", "payments")):
        row = table.add_row().cells
        row[0].text, row[1].text = label, value
    data = io.BytesIO()
    form.save(data)
    world.reply("ben.walsh@f2f.cmg.example.gov.uk", visit, "Completed form attached.\nBen",
                attachments=[("CMSF5579 Fletcher.docx", data.getvalue())])
    world.run()
    vsat = case(world, "VSAT-000001")
    assert (vsat.state, vsat.resolution) == ("closed", "completed")
    with world.engine.sessions() as s:
        assert s.scalar(select(Case).where(Case.ref == "VSAT-000002")) is None
