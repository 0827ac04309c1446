"""Court work by email (issue 5): enforcement fees, County Court, Commitment and Liability
Order, with the second PV check before every hearing. The test plays the ECM, the CPT, the
CPO and the SSST officer, replying to the bot's real messages on a private Dovecot, with
the injected clock."""
from __future__ import annotations

import email.utils
import io
import zipfile
from datetime import datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from mailbot.clock import LONDON
from mailbot.store import Case, CaseEvent, Reminder
from mailbot.commands.world import Received
from tests.botworld import CPO, ECM, SSST, SSST_LEADER, SSST_OFFICER, make_world

WALES_CPT = "wales.cpt@cpt.cmg.example.gov.uk"
YORKSHIRE_CPT = "yorkshire.cpt@cpt.cmg.example.gov.uk"


# --- what the people write ------------------------------------------------------------------

def allocation(action: str, sr: str, client: str, scin: str, court: str, postcode: str,
               extra: str = "") -> str:
    return (f"Hi SSST,\n\nPlease action {action} enforcement for the case below.\n\n"
            f"Client name: {client}\nSCIN: {scin}\nSR number: {sr}\nAction: {action}\n"
            f"Court: {court}\nPostcode: {postcode}\n{extra}\nThanks\nAndrew Kettle\nECM\n")


def cpo_email(sr: str, hearing: str, cpo: str = "Farah Qureshi", signed: str = "Farah") -> str:
    return (f"Hello SSST,\n\nThe CPO for this case is named below.\nSR number: {sr}\nCPO: {cpo}\n"
            f"Hearing date: {hearing}\n\n{signed}\n")


# --- what the test looks at ---------------------------------------------------------------------

def case_of(world, sr: str) -> Case:
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.sr_number == sr))


def reminders(world, case: Case, status: str = "pending") -> dict[str, Reminder]:
    with world.engine.sessions() as s:
        rows = s.scalars(select(Reminder).where(Reminder.case_id == case.id,
                                                Reminder.status == status)).all()
    return {r.key.split(":")[0]: r for r in rows}


def events(world, case: Case, kind: str | None = None) -> list[str]:
    with world.engine.sessions() as s:
        rows = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                         .order_by(CaseEvent.id)).all()
    return [e.text for e in rows if kind is None or e.kind == kind]


def new_mail(world, address: str) -> list[Received]:
    """What arrived since last looked, leaving out the follow-up call reminders."""
    return [m for m in world.new_mail(address) if "Follow-up call due" not in m.subject]


def one(world, address: str, containing: str) -> Received:
    """The one new message `address` received since last looked, checked to contain words."""
    new = new_mail(world, address)
    assert len(new) == 1, f"{address} got {[m.subject for m in new]}"
    text = " ".join((new[0].subject + "\n" + new[0].body).split()).lower()
    assert " ".join(containing.split()).lower() in text, new[0].subject
    return new[0]


def from_bot(message: Received, ref: str, to: list[str], cc: list[str] = ()) -> None:
    """Sent by the bot for this case, to these people, with a read receipt requested."""
    assert f"[{ref}]" in message.subject
    assert email.utils.parseaddr(message.header("From"))[1] == SSST
    assert message.header("Disposition-Notification-To") == SSST
    assert sorted(a for _, a in email.utils.getaddresses([message.header("To") or ""])) == sorted(to)
    assert sorted(a for _, a in email.utils.getaddresses([message.header("Cc") or ""])) == sorted(cc)


def sent_at(message: Received) -> datetime:
    return email.utils.parsedate_to_datetime(message.header("Date")).astimezone(LONDON)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def jump(world, to: datetime) -> None:
    """Days pass with nothing to do: the clock jumps, then the bot works."""
    world.clock.set(to)
    world.run()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# --- 1. enforcement fee --------------------------------------------------------------------

def test_court_fee_scottish_case_prompted_after_st_andrews_day_chased_escalated_then_paid(
        tmp_path, private_dovecot, private_relay):
    """Given an ECM's fee request for a Glasgow case on Thursday 26 November, the officer is
    asked to pay on Tuesday 1 December (St Andrew's Day is a Scottish bank holiday), chased,
    the team leader told, and the officer's "paid" reply goes to the ECM."""
    world = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 26, 9, 0))
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5",
               "Hi SSST,\n\nPlease pay the court fee for the following case.\n\n"
               "Client name: Connor Doyle\nSCIN: 7008 1233 4465\nSR number: 1-9RB2WX5\n"
               "Court: Glasgow Sheriff Court\nPostcode: G2 8AU\nFee: £119.00\n\n"
               "Thanks\nAndrew Kettle\nECM")
    world.run()
    case = case_of(world, "1-9RB2WX5")
    assert (case.workflow, case.state, case.data["nation"]) == ("enforcement_fee", "waiting", "scotland")
    assert reminders(world, case)["pay_court"].due_at == at(2026, 12, 1, 9, 0)
    assert new_mail(world, SSST_OFFICER) == []

    jump(world, at(2026, 12, 1, 9, 0))
    prompt = one(world, SSST_OFFICER, "contact the court now and make the payment")
    from_bot(prompt, case.ref, [SSST_OFFICER])
    assert "Glasgow Sheriff Court" in prompt.body and "£119.00" in prompt.body
    assert case_of(world, "1-9RB2WX5").state == "awaiting_payment"
    assert reminders(world, case)["fee_chase"].due_at == at(2026, 12, 4, 9, 0)

    jump(world, at(2026, 12, 4, 9, 0))
    chase = one(world, SSST_OFFICER, "not been confirmed as paid")
    from_bot(chase, case.ref, [SSST_OFFICER])
    jump(world, at(2026, 12, 9, 9, 0))
    told = one(world, SSST_LEADER, "still not paid")
    from_bot(told, case.ref, [SSST_LEADER], cc=[SSST_OFFICER])
    assert reminders(world, case) == {}

    world.reply(SSST_OFFICER, prompt, "Paid today by card, receipt 44821.\nPriya")
    world.run()
    confirmation = one(world, ECM, "has been paid")
    from_bot(confirmation, case.ref, [ECM])
    assert "Paid on:     9 December 2026" in confirmation.body
    case = case_of(world, "1-9RB2WX5")
    assert (case.state, case.resolution) == ("closed", "completed")
    assert reminders(world, case) == {}      # a closed case has no timer left, calls included
    assert any("no follow-up call for fee_paid" in e for e in events(world, case, "reminder"))


# --- 2. County Court, with the hearing across the October clock change -------------------------

def test_court_county_court_second_pv_check_48_real_hours_before_a_hearing_after_the_clocks_go_back(
        tmp_path, private_dovecot, private_relay):
    """Given a County Court SR for a Cardiff client, the referral folder and form are made in
    the Wales CPO Manager folder; a hearing date in the past goes to the officer; the CPO's
    hearing on Monday 26 October 10:00 GMT puts the second PV check at Saturday 24 October
    11:00 BST (48 real hours); the officer's answer goes to the CPO; the outcome PDF is
    filed, sent to the officer and the ECM, and the clerical folder deleted."""
    from mailbot.documents import layout_pdf

    world = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 10, 5, 9, 0))
    world.send(ECM, SSST, "County Court action - SR 1-7CC4LD2",
               allocation("County Court", "1-7CC4LD2", "Gareth Pryce", "7008 5521 9043",
                          "Cardiff County Court", "CF14 3NR"))
    world.run()
    case = case_of(world, "1-7CC4LD2")
    assert (case.workflow, case.state, case.data["region"]) == ("county_court", "awaiting_cpo", "Wales")
    prompt = one(world, SSST_OFFICER, "establish who the court")
    from_bot(prompt, case.ref, [SSST_OFFICER])
    assert WALES_CPT in prompt.body and "potentially violent (PV) check" in prompt.body
    folder = world.engine.files_root / "CPO Manager" / "Wales" / "1-7CC4LD2"
    referral = pdf_text((folder / "SSST_CPO_referral.pdf").read_bytes())
    for words in ("CPO referral form", "County Court", "1-7CC4LD2", "700855219043", "Gareth Pryce",
                  "Cardiff County Court", "Wales"):
        assert words in referral
    assert "SR status: In Progress" in events(world, case, "sr_update")

    world.reply(SSST_OFFICER, prompt, "PV: no marker on the 2012 system.\nPriya")
    world.run()
    assert any("PV check by" in e and "no marker" in e for e in events(world, case, "sr_update"))

    # The CPT gives a date already gone: the officer decides, nothing is recorded.
    world.send(WALES_CPT, SSST, "SR 1-7CC4LD2 - CPO and hearing date",
               cpo_email("1-7CC4LD2", "2 October 2026 at 10:00", signed="Wales CPT"))
    world.run()
    question = one(world, SSST_OFFICER, "in the past")
    from_bot(question, case.ref, [SSST_OFFICER])
    case = case_of(world, "1-7CC4LD2")
    assert case.state == "awaiting_cpo" and "hearing_at" not in case.data
    assert case.data["cpo_email"] == CPO       # the configured CPO of that name

    world.send(CPO, SSST, "SR 1-7CC4LD2 - CPO and hearing date",
               cpo_email("1-7CC4LD2", "Monday 26 October 2026 at 10:00"))
    world.run()
    case = case_of(world, "1-7CC4LD2")
    assert case.state == "awaiting_outcome"
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 10, 24, 11, 0)  # BST
    due, hearing = reminders(world, case)["second_pv_check"].due_at, at(2026, 10, 26, 10, 0)
    assert hearing.timestamp() - due.timestamp() == 48 * 3600     # real hours
    assert hearing - due == timedelta(hours=47)                      # on the wall clock
    assert new_mail(world, SSST_OFFICER) == []

    jump(world, at(2026, 10, 24, 10, 0))
    assert new_mail(world, SSST_OFFICER) == []       # a wall-clock 48 hours would be now
    world.advance(hours=1)
    check = one(world, SSST_OFFICER, "Second PV check due")
    from_bot(check, case.ref, [SSST_OFFICER])
    assert sent_at(check) == at(2026, 10, 24, 11, 0)
    assert "Mon 26 Oct 2026 10:00" in check.subject and "nobody has asked" in check.body

    world.reply(SSST_OFFICER, check, "PV: no marker. Payments: none since 1 Oct. Contact: none.\nPriya")
    world.run()
    result = one(world, CPO, "Second PV check")
    from_bot(result, case.ref, [CPO])
    assert "Payments: none since 1 Oct" in result.body and "Dear Farah Qureshi" in result.body
    follow_up = reminders(world, case_of(world, "1-7CC4LD2"))["follow_up_call"]
    assert follow_up.data["role"] == "officer" and follow_up.data["recipients"] == [CPO]

    jump(world, at(2026, 10, 26, 15, 0))
    outcome_pdf = layout_pdf("# Court outcome\nJudgment granted for 1-7CC4LD2.", "outcome")
    world.send(CPO, SSST, "Outcome - SR 1-7CC4LD2",
               "Hi,\nOutcome: Judgment granted, charging order made.\nSR number: 1-7CC4LD2\nFarah\n",
               attachments=[("outcome 1-7CC4LD2.pdf", outcome_pdf)])
    world.run()
    scan = world.last(SSST_OFFICER, "scan and link")
    from_bot(scan, case.ref, [SSST_OFFICER])
    assert "Judgment granted" in scan.body and "Close and Complete the SR" in scan.body
    assert set(scan.attachments()) == {"outcome 1-7CC4LD2.pdf"}
    to_ecm = one(world, ECM, "Case file and outcome")
    from_bot(to_ecm, case.ref, [ECM])
    assert "dismantled and further action considered" in to_ecm.body
    assert set(to_ecm.attachments()) == {"outcome 1-7CC4LD2.pdf", "SSST_CPO_referral.pdf"}
    assert "Judgment granted" in pdf_text(to_ecm.attachments()["outcome 1-7CC4LD2.pdf"])
    case = case_of(world, "1-7CC4LD2")
    assert (case.state, case.resolution) == ("closed", "completed")
    assert not folder.exists()
    assert any("outcome 1-7CC4LD2.pdf filed" in e for e in events(world, case, "document"))
    assert set(reminders(world, case)) == set()       # closing stops every timer, calls included
    assert "second_pv_check" in reminders(world, case, "fired")


# --- 3. Commitment, with a hearing that moves -----------------------------------------------

def zip_members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_court_commitment_bundle_summons_letters_moved_hearing_and_the_cpo_asking_for_the_check(
        tmp_path, private_dovecot, private_relay):
    """Given a Commitment SR for a Leeds client, the officer's PV marking check makes the
    bundle in the Yorkshire CPO Manager folder; the CPO's name and hearing complete the
    summons and add the court cover letter; the paying parent letter on request; the issue
    date; the hearing moves and the second PV check moves with it; an outcome naming another
    SR is a question; the CPO asks for the check; the outcome goes to the ECM."""
    world = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 2, 9, 0))
    world.send(ECM, SSST, "Commitment action - SR 1-5CM8QR1",
               allocation("Commitment", "1-5CM8QR1", "Darren Walsh", "7008 1122 3344",
                          "Leeds Magistrates' Court", "LS9 8AB",
                          extra="Address: 14 Harehills Lane, Leeds LS9 8AB"))
    world.run()
    case = case_of(world, "1-5CM8QR1")
    assert (case.workflow, case.state) == ("commitment", "awaiting_pv_check")
    prompt = one(world, SSST_OFFICER, "check whether there is a potentially violent (PV) marking")
    from_bot(prompt, case.ref, [SSST_OFFICER])

    world.reply(SSST_OFFICER, prompt, "PV: no marker recorded.\nPriya")
    world.run()
    case = case_of(world, "1-5CM8QR1")
    assert case.state == "awaiting_cpo"
    bundle = world.engine.files_root / "CPO Manager" / "Yorkshire" / "Commitment 1-5CM8QR1.zip"
    members = zip_members(bundle)
    assert set(members) == {"CMEL7211.pdf", "PV_check_record.pdf", "SSST_CPO_referral.pdf"}
    summons = pdf_text(members["CMEL7211.pdf"])
    assert "CMEL7211 Court summons form" in summons and "Darren Walsh" in summons
    assert "partially completed" in summons
    assert "no marker recorded" in pdf_text(members["PV_check_record.pdf"])
    assert "Commitment" in pdf_text(members["SSST_CPO_referral.pdf"])
    assert any("In Progress" in e for e in events(world, case, "sr_update"))

    world.send(CPO, SSST, "SR 1-5CM8QR1 - CPO and hearing date",
               cpo_email("1-5CM8QR1", "Thursday 3 December 2026 at 10:00"))
    world.run()
    case = case_of(world, "1-5CM8QR1")
    assert case.state == "awaiting_issue_date"
    ready = one(world, CPO, "Court summons and court cover letter ready")
    from_bot(ready, case.ref, [CPO])
    assert set(ready.attachments()) == {"CMEL7211.pdf", "court_cover_letter.pdf"}
    members = zip_members(bundle)
    assert set(members) == {"CMEL7211.pdf", "PV_check_record.pdf", "SSST_CPO_referral.pdf",
                            "court_cover_letter.pdf"}
    summons = pdf_text(members["CMEL7211.pdf"])
    assert "Farah Qureshi" in summons and "Thu 3 Dec 2026 10:00" in summons
    assert "partially" not in summons
    cover = pdf_text(members["court_cover_letter.pdf"])
    assert "Leeds Magistrates' Court" in cover and "Darren Walsh" in cover and "CMG" in cover
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 12, 1, 10, 0)

    world.send(CPO, SSST, "Paying parent cover letter - SR 1-5CM8QR1",
               "Hi,\nThe court has returned the summons. Please send me the paying parent "
               "cover letter for SR 1-5CM8QR1.\nFarah\n")
    world.run()
    letter = one(world, CPO, "Paying parent cover letter")
    from_bot(letter, case.ref, [CPO])
    text = pdf_text(letter.attachments()["paying_parent_cover_letter.pdf"])
    assert "Dear Darren Walsh" in text and "paying parent" in text and "Thu 3 Dec 2026 10:00" in text
    assert "non resident" not in text.lower() and "NRP" not in text
    assert (bundle.parent / "paying_parent_cover_letter.pdf").exists()
    assert "paying_parent_cover_letter.pdf" in zip_members(bundle)

    world.send(CPO, SSST, "SR 1-5CM8QR1 summons issued",
               "Hi,\nThe letter and summons were issued on 9 November 2026.\nFarah\n")
    world.run()
    case = case_of(world, "1-5CM8QR1")
    assert (case.state, case.data["issue_date"]) == ("awaiting_outcome", {"$date": "2026-11-09"})

    # The hearing moves after the second PV check was scheduled: the check moves with it.
    world.send(CPO, SSST, "SR 1-5CM8QR1 hearing moved",
               "Hi,\nThe hearing for SR 1-5CM8QR1 has been moved.\nCPO: Farah Qureshi\n"
               "Hearing date: 10 December 2026 at 14:00\nFarah\n")
    world.run()
    case = case_of(world, "1-5CM8QR1")
    assert case.state == "awaiting_outcome"
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 12, 8, 14, 0)
    assert reminders(world, case, "cancelled")["second_pv_check"].due_at == at(2026, 12, 1, 10, 0)
    assert any("hearing moved" in e for e in events(world, case, "sr_update"))
    assert new_mail(world, CPO) == []          # the summons already went out: nothing remade

    jump(world, at(2026, 12, 2, 9, 0))        # the old check time passes quietly
    assert new_mail(world, SSST_OFFICER) == []

    # An outcome in the case's thread naming another SR: the officer decides.
    world.reply(CPO, ready, "Outcome: committal order made.\nSR number: 1-7ZZ9999\nFarah")
    world.run()
    question = one(world, SSST_OFFICER, "names SR 1-7ZZ9999")
    from_bot(question, case.ref, [SSST_OFFICER])
    assert case_of(world, "1-5CM8QR1").state == "awaiting_outcome"

    jump(world, at(2026, 12, 7, 9, 30))
    world.send(CPO, SSST, "Second PV check - SR 1-5CM8QR1",
               "Hi,\nPlease can you do the second PV check for SR 1-5CM8QR1, and let me know of any "
               "payments or contact from the paying parent. Hearing date: 10/12/2026 14:00.\nFarah\n")
    world.run()
    check = one(world, SSST_OFFICER, "has asked for the second PV check")
    assert CPO in check.body and "Thu 10 Dec 2026 14:00" in check.subject
    assert "second_pv_check" not in reminders(world, case)     # asked for: the timer is spent
    world.reply(SSST_OFFICER, check, "PV: no marker. Payments: £50 on 4 Dec. Contact: none.\nPriya")
    world.run()
    result = one(world, CPO, "Second PV check")
    from_bot(result, case.ref, [CPO])
    assert "£50 on 4 Dec" in result.body
    jump(world, at(2026, 12, 8, 15, 0))
    call = world.last(SSST_OFFICER, "Follow-up call due: [SSST-000001] Second PV check")
    assert CPO in call.body

    jump(world, at(2026, 12, 10, 16, 0))
    world.send(CPO, SSST, "Case file and outcome - SR 1-5CM8QR1",
               "Hi,\nThe hearing went ahead. Outcome: suspended committal order made.\n"
               "SR number: 1-5CM8QR1\nCase file attached.\nFarah\n")
    world.run()
    to_ecm = one(world, ECM, "Case file and outcome")
    from_bot(to_ecm, case.ref, [ECM])
    assert "suspended committal order made" in to_ecm.body
    assert "Commitment 1-5CM8QR1.zip" in to_ecm.attachments()
    case = case_of(world, "1-5CM8QR1")
    assert (case.state, case.resolution) == ("closed", "completed")
    assert set(reminders(world, case)) == set()


def test_court_fee_northern_ireland_counts_st_patricks_day_and_says_nicms(
        tmp_path, private_dovecot, private_relay):
    """Given a fee request for a Belfast case on Monday 15 March 2027, the officer is asked to
    pay on Thursday 18 March (St Patrick's Day is a bank holiday there) and the ECM's
    confirmation says NICMS."""
    world = make_world(tmp_path, private_dovecot, private_relay, start=at(2027, 3, 15, 10, 0))
    world.send(ECM, SSST, "Enforcement fee - SR 1-4NI2BT7",
               "Hi SSST,\n\nPlease pay the court fee for the following case.\n\n"
               "Client name: Niall Quinn\nSCIN: 7008 4455 6677\nSR number: 1-4NI2BT7\n"
               "Court: Belfast County Court\nPostcode: BT1 3LL\nFee: £85.00\n\nThanks\nAndrew")
    world.run()
    case = case_of(world, "1-4NI2BT7")
    assert case.data["nation"] == "northern_ireland"
    assert reminders(world, case)["pay_court"].due_at == at(2027, 3, 18, 10, 0)
    jump(world, at(2027, 3, 18, 10, 0))
    prompt = one(world, SSST_OFFICER, "make the payment")
    world.reply(SSST_OFFICER, prompt, "Paid.\nPriya")
    world.run()
    asked = one(world, SSST_OFFICER, "the date the fee was paid")   # nothing is guessed
    assert new_mail(world, ECM) == []
    world.reply(SSST_OFFICER, asked, "This morning.\nPriya")
    world.run()
    confirmation = one(world, ECM, "has been paid")
    assert "Paid on:     18 March 2027" in confirmation.body
    assert "NICMS" in confirmation.body and "CMG" not in confirmation.body


# --- 4. Liability Order, and a CPO who will not proceed ---------------------------------------

def test_court_liability_order_bundle_cmel9180_issue_date_second_check_then_not_proceeding(
        tmp_path, private_dovecot, private_relay):
    """Given a Liability Order SR for a Bradford client, the CPT's hearing date and the
    officer's full PV check make CMEL7298 and the bundle in the CPT shared folder; a second,
    different CPO is a question; the CPT's CMEL9180 request (hearing date in the subject)
    records the costs, adds the letter and has the officer call the CPT; the issue date is
    recorded; 48 hours before the hearing the officer is asked for the second PV check with
    the LO schedule payments; the CPO then decides not to proceed: closed and cancelled."""
    world = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 2, 9, 0),
                       extra_addresses=["mark.dunn@cpt.cmg.example.gov.uk"])
    world.send(ECM, SSST, "Liability order - SR 1-3LO7TX9",
               allocation("Liability Order", "1-3LO7TX9", "Kyle Mercer", "7008 9988 7766",
                          "Bradford Magistrates' Court", "BD1 1AA",
                          extra="Paying parent address: 3 Manor Row, Bradford BD1 1AA"))
    world.run()
    case = case_of(world, "1-3LO7TX9")
    assert (case.workflow, case.state) == ("liability_order", "establishing_court")
    prompt = one(world, SSST_OFFICER, "obtain the hearing date")
    from_bot(prompt, case.ref, [SSST_OFFICER])
    assert YORKSHIRE_CPT in prompt.body and "full potentially violent (PV) check" in prompt.body

    world.send(YORKSHIRE_CPT, SSST, "SR 1-3LO7TX9 - hearing date and CPO",
               cpo_email("1-3LO7TX9", "Thursday 17 December 2026 at 10:00", signed="Yorkshire CPT"))
    world.run()
    case = case_of(world, "1-3LO7TX9")
    assert case.state == "establishing_court"            # the PV check is still to come
    assert reminders(world, case)["second_pv_check"].due_at == at(2026, 12, 15, 10, 0)

    world.reply(SSST_OFFICER, prompt, "Full PV check done: no marker.\nPriya")
    world.run()
    case = case_of(world, "1-3LO7TX9")
    assert case.state == "awaiting_cover_letter_request"
    bundle = world.engine.files_root / "CPT Shared" / "Yorkshire" / "Liability Order 1-3LO7TX9.zip"
    members = zip_members(bundle)
    assert set(members) == {"CMEL7298.pdf", "CMEL7000.pdf", "SSST_CPO_referral.pdf",
                            "PV_check_confirmation.pdf"}
    cmel7298 = pdf_text(members["CMEL7298.pdf"])
    assert "CMEL7298" in cmel7298 and "Thu 17 Dec 2026 10:00" in cmel7298 and "Kyle Mercer" in cmel7298
    assert "liability order" in pdf_text(members["CMEL7000.pdf"]).lower()
    confirmation = pdf_text(members["PV_check_confirmation.pdf"])
    assert "Full PV check confirmation" in confirmation and "no marker" in confirmation
    assert any("Activity Plan" in e and "In Progress" in e for e in events(world, case, "sr_update"))

    world.send("mark.dunn@cpt.cmg.example.gov.uk", SSST, "SR 1-3LO7TX9 - CPO",
               cpo_email("1-3LO7TX9", "Thursday 17 December 2026 at 10:00", cpo="Mark Dunn",
                         signed="Mark"))
    world.run()
    question = one(world, SSST_OFFICER, "now names Mark Dunn")
    from_bot(question, case.ref, [SSST_OFFICER])
    assert case_of(world, "1-3LO7TX9").data["cpo_name"] == "Farah Qureshi"

    jump(world, at(2026, 11, 16, 11, 0))
    world.send(YORKSHIRE_CPT, SSST, "CMEL9180 request - SR 1-3LO7TX9 - hearing 17/12/2026 10:00",
               "Hello SSST,\nWe have paid for the court appearance and received the summons. "
               "Please issue the CMEL9180 cover letter to the paying parent.\n"
               "SR number: 1-3LO7TX9\nCosts: £65.00\nYorkshire CPT\n")
    world.run()
    case = case_of(world, "1-3LO7TX9")
    assert (case.state, case.data["costs"]) == ("awaiting_issue_date", "65.00")
    call = one(world, SSST_OFFICER, "Call the CPT")
    from_bot(call, case.ref, [SSST_OFFICER])
    assert "call the CPT now" in call.body and "£65.00" in call.body
    letter = pdf_text(zip_members(bundle)["CMEL9180.pdf"])
    for words in ("CMEL9180", "Dear Kyle Mercer", "paying parent", "Thu 17 Dec 2026 10:00", "£65.00",
                  "Bradford Magistrates' Court", "CMG"):
        assert words in letter
    assert any("costs £65.00" in e for e in events(world, case, "sr_update"))

    world.send(YORKSHIRE_CPT, SSST, "SR 1-3LO7TX9 - letter and summons issued",
               "Hello,\nThe letter and summons were issued on 20 November 2026.\n"
               "SR number: 1-3LO7TX9\nYorkshire CPT\n")
    jump(world, at(2026, 11, 20, 15, 0))
    case = case_of(world, "1-3LO7TX9")
    assert (case.state, case.data["issue_date"]) == ("awaiting_outcome", {"$date": "2026-11-20"})

    jump(world, at(2026, 12, 15, 10, 0))
    check = one(world, SSST_OFFICER, "Second PV check due")
    assert sent_at(check) == at(2026, 12, 15, 10, 0)
    assert "change any entry on the liability order schedule" in " ".join(check.body.split())
    world.reply(SSST_OFFICER, check, "PV: no marker. Payments: £400 on 14 Dec, changes the LO "
                                     "schedule. Contact: paying parent phoned 14 Dec.\nPriya")
    world.run()
    result = one(world, CPO, "Second PV check")
    from_bot(result, case.ref, [CPO])
    assert "£400 on 14 Dec" in result.body and "liability order schedule" in result.body

    world.reply(CPO, result, "Thanks. Given the payment and contact from the paying parent I have "
                             "decided not to proceed with the hearing.\nFarah")
    world.run()
    closing = one(world, SSST_OFFICER, "Close and Cancel the SR")
    from_bot(closing, case.ref, [SSST_OFFICER], cc=[ECM])
    assert "decided not to proceed" in closing.body
    case = case_of(world, "1-3LO7TX9")
    assert (case.state, case.resolution) == ("closed", "cancelled")
    assert reminders(world, case) == {}
    assert bundle.exists()
