"""SSST: Work Routing for Commitment (procedure 002).

The allocation asks the officer for the PV marking check; their answer makes the bundle
(CMEL7211 court summons form partly completed, PV check record, SSST referral form) in the
region's CPO Manager folder and puts the SR In Progress. The CPO's name and hearing date
complete the summons form and add the court cover letter; the CPO's request makes the
paying parent cover letter; the issue date is recorded; the outcome is forwarded to the ECM.

States: new → awaiting_pv_check → awaiting_cpo → awaiting_issue_date → awaiting_outcome → closed.
"""
from handlers import court_common as court
from mailbot.workflow import Workflow

OPEN = {"new", "awaiting_pv_check", "awaiting_cpo", "awaiting_issue_date", "awaiting_outcome"}

workflow = Workflow(
    "commitment", team="ssst", initial="new",
    opens=lambda r: r.kind == "court_action_request" and r.fields.get("action") == "commitment",
    description="SSST work routing for Commitment (procedure 002)",
    waits=court.WAITS, states={state: court.WAIT_NAMES for state in OPEN})
SUMMONED = {"awaiting_issue_date", "awaiting_outcome"}


def bundle_name(case) -> str:
    return f"Commitment {case.sr_number or case.ref}.zip"


@workflow.step("court_action_request", states={"new"})
def check_pv_marking(case, message, act):
    """Commitment steps 1-2: SR allocated; the officer checks for a PV marking."""
    court.open_court_case(case, message, act)
    case.pv_check = "prompted"
    act.send("court_pv_marking_check", "officer", wait="pv_check")
    return "awaiting_pv_check"


def bundle_summons_pv_check_and_referral(case, act):
    """Commitment steps 3-5: zip CMEL7211 (part completed), PV check and referral form into
    the region's CPO Manager folder; SR In Progress."""
    region = court.region(case, act.config)
    if region is None or not region.cpo_manager_folder:
        court.ask_for_region(case, act, "saved the Commitment bundle")
        return None
    case.bundle_folder = region.cpo_manager_folder
    act.document("CMEL7211.pdf", "CMEL7211.txt")
    act.document("PV_check_record.pdf", "PV_check_record.txt")
    act.document("SSST_CPO_referral.pdf", "SSST_CPO_referral.txt", action_words="Commitment",
                 region=region.name)
    act.bundle(bundle_name(case), ["CMEL7211.pdf", "PV_check_record.pdf", "SSST_CPO_referral.pdf"],
               folder=case.bundle_folder)
    act.note(f"SR status: In Progress; bundle saved in {case.bundle_folder}", kind="sr_update")
    if case.cpo_name and case.hearing_at:
        return complete_court_summons(case, act)
    act.wait_for("cpo_and_hearing")      # step 6: the CPO emails their name and the hearing date
    return "awaiting_cpo"


def complete_court_summons(case, act):
    """Commitment steps 6-7: complete CMEL7211, generate the court cover letter, add both."""
    act.document("CMEL7211.pdf", "CMEL7211.txt")
    act.document("court_cover_letter.pdf", "court_cover_letter.txt")
    act.bundle(bundle_name(case), ["CMEL7211.pdf", "court_cover_letter.pdf"], folder=case.bundle_folder)
    case.summons_completed = True
    act.note("court summons form completed; court cover letter added to the bundle", kind="sr_update")
    if case.cpo_email:
        act.send("court_summons_ready", "cpo", follow_up="officer",
                 attach=["CMEL7211.pdf", "court_cover_letter.pdf"], bundle=bundle_name(case))
    return "awaiting_issue_date"


@workflow.step("cpo_assignment", states=OPEN)
def record_cpo_and_complete_summons(case, message, act):
    """Commitment step 6: the CPO's name and hearing date; the summons form completed."""
    court.record_cpo_and_hearing(case, message, act)
    if case.cpo_name and case.hearing_at and case.bundle_folder and not case.summons_completed:
        return complete_court_summons(case, act)
    return None


@workflow.step("cover_letter_request", states=SUMMONED)
def make_paying_parent_cover_letter(case, message, act):
    """Commitment steps 8-9: the CPO asks for the paying parent cover letter."""
    if message.fields.get("hearing_at"):
        court.record_hearing(case, message.fields["hearing_at"], act)
    case.update({"costs": message.fields.get("costs")})
    return court.letter_to_paying_parent(case, act, "paying parent cover letter", paying_parent_letter)


def paying_parent_letter(case, act):
    """Commitment step 9: the paying parent cover letter, saved and sent to the CPO."""
    act.document("paying_parent_cover_letter.pdf", "paying_parent_cover_letter.txt",
                 folder=case.bundle_folder)
    act.bundle(bundle_name(case), ["paying_parent_cover_letter.pdf"], folder=case.bundle_folder)
    act.send("court_paying_parent_letter", "cpo", follow_up="officer",
             attach=["paying_parent_cover_letter.pdf"])
    act.note("paying parent cover letter generated", kind="sr_update")
    return None


@workflow.step("postal_address", states=OPEN)
def record_paying_parent_address(case, message, act):
    """Commitment step 9: the paying parent's address the letter waited for."""
    return court.record_postal_address(case, message, act, paying_parent_letter)


@workflow.step("summons_issued", states=SUMMONED)
def record_summons_issue_date(case, message, act):
    """Commitment step 10: the letter and summons were issued; the date goes in the SR."""
    return court.record_issue_date(case, message, act, "the summons was issued")


@workflow.step("second_pv_check_request", states=OPEN)
def pass_second_pv_check_to_officer(case, message, act):
    """Commitment step 11: the CPO asks for the second PV check, payments and contact."""
    return court.second_pv_check_requested(case, message, act)


@workflow.timer(court.SECOND_PV_CHECK)
def prompt_second_pv_check(case, reminder, act):
    """Commitment step 11: 48 hours before the hearing, nobody has asked: prompt the check."""
    court.prompt_second_pv_check(case, act)


@workflow.step("court_outcome", states=OPEN)
def record_outcome_and_forward_case_file(case, message, act):
    """Commitment steps 12-14: outcome in the SR, scanned; case file to the ECM; close, complete."""
    return court.receive_outcome(case, message, act, folder=case.bundle_folder,
                                 case_file=[bundle_name(case)] if case.bundle_folder else [],
                                 purpose="so that it can be dismantled and further action considered")


@workflow.step("pv_check_result", states=OPEN)
def record_pv_marking_and_bundle(case, message, act):
    """Commitment steps 2-5: the officer's PV marking check; the bundle made and saved."""
    return court.record_pv_check(case, message, act, then=bundle_summons_pv_check_and_referral)


@workflow.step("reply_text", states=OPEN)
def record_region(case, message, act):
    """Commitment step 4: the region for the court summons, where the allocation gave none."""
    return court.record_region(case, message, act, then=_bundle_once_pv_checked)




def _bundle_once_pv_checked(case, act):
    return bundle_summons_pv_check_and_referral(case, act) if case.pv_check == "done" else None


court.add_shared_steps(workflow, OPEN)   # the ECM named; the second PV check to the CPO
