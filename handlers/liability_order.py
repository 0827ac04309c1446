"""SSST: Work Routing for Liability Order (procedure 002).

The allocation asks the officer to get the hearing date and CPO from the CPT and to make a
full PV check. With both, CMEL7298 carries the hearing date and the bundle (CMEL7298,
CMEL7000, SSST referral form, PV check confirmation) goes in the CPT shared folder. The
CPT's request for the CMEL9180 (hearing date in the subject) records the date and costs,
adds the letter and reminds the officer to call the CPT; the issue date is recorded. The
CPO may decide not to proceed (closed, cancelled); the outcome goes to the ECM for the LO
system action.

States: new → establishing_court → awaiting_cover_letter_request → awaiting_issue_date
        → awaiting_outcome → closed.
"""
from handlers import court_common as court
from mailbot.workflow import Workflow

OPEN = {"new", "establishing_court", "awaiting_cover_letter_request", "awaiting_issue_date",
        "awaiting_outcome"}

workflow = Workflow(
    "liability_order", team="ssst", initial="new",
    opens=lambda r: r.kind == "court_action_request" and r.fields.get("action") == "liability_order",
    description="SSST work routing for Liability Order (procedure 002)",
    waits=court.WAITS, states={state: court.WAIT_NAMES for state in OPEN})


def bundle_name(case) -> str:
    return f"Liability Order {case.sr_number or case.ref}.zip"


@workflow.step("court_action_request", states={"new"})
def contact_cpt_for_hearing(case, message, act):
    """Liability Order steps 1-2: SR allocated; contact the CPT for the hearing date and CPO; full PV check."""
    court.open_court_case(case, message, act)
    case.pv_check = "prompted"
    region = court.region(case, act.config)
    act.send("court_lo_contact_cpt", "officer", cpt_email=region.cpt_email if region else None,
             wait=("cpo_and_hearing", "pv_check"))
    return "establishing_court"


def bundle_lo_application(case, act):
    """Liability Order steps 3-5: CMEL7298 with the hearing date; CMEL7298, CMEL7000, referral
    form and PV confirmation zipped into the CPT shared folder; SR In Progress."""
    if not (case.hearing_at and case.pv_check == "done"):
        return None
    region = court.region(case, act.config)
    folder = region and (region.cpt_shared_folder or region.cpo_manager_folder)
    if not folder:
        court.ask_for_region(case, act, "saved the Liability Order bundle")
        return None
    case.bundle_folder = folder
    act.document("CMEL7298.pdf", "CMEL7298.txt")
    act.document("CMEL7000.pdf", "CMEL7000.txt")
    act.document("SSST_CPO_referral.pdf", "SSST_CPO_referral.txt", action_words="Liability Order",
                 region=region.name)
    act.document("PV_check_confirmation.pdf", "PV_check_record.txt", full_check=True)
    act.bundle(bundle_name(case), ["CMEL7298.pdf", "CMEL7000.pdf", "SSST_CPO_referral.pdf",
                                   "PV_check_confirmation.pdf"], folder=folder)
    act.note(f"SR Activity Plan updated with the hearing date; SR status: In Progress; "
             f"bundle saved in {folder}", kind="sr_update")
    return "awaiting_cover_letter_request"


@workflow.step("cpo_assignment", states=OPEN)
def record_hearing_on_cmel7298(case, message, act):
    """Liability Order steps 2-3: the CPT gives the hearing date and CPO; CMEL7298 made."""
    court.record_cpo_and_hearing(case, message, act)
    if case.bundle_folder is None:
        return bundle_lo_application(case, act)
    return None


@workflow.step("cover_letter_request", states={"awaiting_cover_letter_request", "awaiting_issue_date"})
def make_cmel9180_cover_letter(case, message, act):
    """Liability Order steps 6-8: hearing date and costs in the SR; CMEL9180 made and added; call the CPT."""
    if message.fields.get("hearing_at"):
        court.record_hearing(case, message.fields["hearing_at"], act)
    case.update({"costs": message.fields.get("costs")})
    case.cpt_email = message.sender
    act.note(f"SR updated: hearing {court.when(case.hearing_at)}"
             + (f", costs £{case.costs}" if case.costs else ""), kind="sr_update")
    return court.letter_to_paying_parent(case, act, "CMEL9180 cover letter", cmel9180_letter)


def cmel9180_letter(case, act):
    """Liability Order steps 7-8: CMEL9180 made, added to the bundle; the officer calls the CPT."""
    act.document("CMEL9180.pdf", "CMEL9180.txt")
    act.bundle(bundle_name(case), ["CMEL9180.pdf"], folder=case.bundle_folder)
    act.send("court_cmel9180_ready", "officer", bundle=bundle_name(case))
    return "awaiting_issue_date"


@workflow.step("postal_address", states=OPEN)
def record_paying_parent_address(case, message, act):
    """Liability Order step 7: the paying parent's address the CMEL9180 waited for."""
    return court.record_postal_address(case, message, act, cmel9180_letter)


@workflow.step("summons_issued", states={"awaiting_issue_date", "awaiting_outcome"})
def record_issue_date(case, message, act):
    """Liability Order step 9: the CPT sent the letter and summons; the issue date on the system."""
    return court.record_issue_date(case, message, act, "the letter and summons were sent")


@workflow.step("second_pv_check_request", states=OPEN)
def pass_second_pv_check_to_officer(case, message, act):
    """Liability Order step 10: the CPO asks for the second PV check, LO schedule payments and contact."""
    return court.second_pv_check_requested(case, message, act)


@workflow.timer(court.SECOND_PV_CHECK)
def prompt_second_pv_check(case, reminder, act):
    """Liability Order step 10: 48 hours before the hearing, nobody has asked: prompt the check."""
    court.prompt_second_pv_check(case, act)


@workflow.step("court_outcome", states=OPEN)
def record_outcome_for_lo_system_action(case, message, act):
    """Liability Order steps 11-14: not proceeding → close, cancel; else outcome to the ECM; close, complete."""
    return court.receive_outcome(case, message, act, folder=case.bundle_folder,
                                 case_file=[bundle_name(case)] if case.bundle_folder else [],
                                 purpose="so that the LO system action can be completed")


@workflow.step("pv_check_result", states=OPEN)
def record_full_pv_check(case, message, act):
    """Liability Order step 4: the officer's full PV check; the bundle once the hearing is known."""
    return court.record_pv_check(case, message, act, then=bundle_lo_application)


@workflow.step("reply_text", states=OPEN)
def record_region(case, message, act):
    """Liability Order step 4: the region (the CPT shared folder), where the allocation gave none."""
    return court.record_region(case, message, act, then=bundle_lo_application)


court.add_shared_steps(workflow, OPEN)   # the ECM named; the second PV check to the CPO
