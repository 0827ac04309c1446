"""SSST: Work Routing for County Court (procedure 002).

An ECM's allocation opens the case: the referral folder is made in the region's CPO
Manager folder with the SSST CPO referral form, the SR goes In Progress and the officer is
asked to contact the CPT and make the PV check. The CPO's name and hearing date go in the
SR notes and plan the second PV check. The outcome closes it: scanned, forwarded to the
ECM, clerical files deleted.

States: new → awaiting_cpo → awaiting_outcome → closed.
"""
from handlers import court_common as court
from mailbot.workflow import Workflow

OPEN = {"new", "awaiting_cpo", "awaiting_outcome"}

workflow = Workflow(
    "county_court", team="ssst", initial="new",
    opens=lambda r: r.kind == "court_action_request" and r.fields.get("action") == "county_court",
    description="SSST work routing for County Court (procedure 002)",
    waits=court.WAITS,
    states={state: tuple(w for w in court.WAIT_NAMES if w != "postal_address") for state in OPEN})


@workflow.step("court_action_request", states={"new"})
def take_allocated_sr(case, message, act):
    """County Court steps 1-4: SR allocated; folder and referral form; SR In Progress; contact the CPT."""
    court.open_court_case(case, message, act)
    create_referral_folder(case, act)
    act.note("SR status: In Progress", kind="sr_update")
    case.pv_check = "prompted"
    region = court.region(case, act.config)
    act.send("court_cc_contact_cpt", "officer", cpt_email=region.cpt_email if region else None,
             wait=("cpo_and_hearing", "pv_check"))
    return "awaiting_cpo"


def create_referral_folder(case, act):
    """County Court step 3: a folder in the CPO Manager folder, the SSST CPO referral form in it."""
    region = court.region(case, act.config)
    if region is None or not region.cpo_manager_folder:
        court.ask_for_region(case, act, "created the referral folder")
        return None
    folder = f"{region.cpo_manager_folder}/{case.sr_number or case.ref}"
    case.referral_folder = folder
    act.folder(folder)
    act.document("SSST_CPO_referral.pdf", "SSST_CPO_referral.txt", folder=folder,
                 action_words="County Court", region=region.name)
    return None


@workflow.step("cpo_assignment", states=OPEN)
def record_cpo_and_hearing_date(case, message, act):
    """County Court step 5: the CPO's name and the hearing date in the SR notes."""
    court.record_cpo_and_hearing(case, message, act)
    return "awaiting_outcome" if case.cpo_name and case.hearing_at else None


@workflow.step("second_pv_check_request", states=OPEN)
def pass_second_pv_check_to_officer(case, message, act):
    """County Court step 6: the CPO asks for the second PV check, payments and contact."""
    return court.second_pv_check_requested(case, message, act)


@workflow.timer(court.SECOND_PV_CHECK)
def prompt_second_pv_check(case, reminder, act):
    """County Court step 6: 48 hours before the hearing, nobody has asked: prompt the check."""
    court.prompt_second_pv_check(case, act)


@workflow.step("court_outcome", states=OPEN)
def record_outcome_and_forward_case_file(case, message, act):
    """County Court steps 7-9: outcome in the SR, scanned; case file to the ECM; close, complete."""
    state = court.receive_outcome(case, message, act, folder=case.referral_folder,
                                  case_file=["SSST_CPO_referral.pdf"] if case.referral_folder else [],
                                  purpose="so that it can be dismantled and further action considered")
    if state == "closed" and case.outcome != "not proceeding":   # completed, not cancelled
        act.delete_clerical_files()
        if case.referral_folder:
            act.delete_clerical_files(case.referral_folder)
    return state


@workflow.step("pv_check_result", states=OPEN)
def record_pv_check(case, message, act):
    """County Court step 3: the officer's PV check for the 2012 system."""
    return court.record_pv_check(case, message, act)


@workflow.step("reply_text", states=OPEN)
def record_region(case, message, act):
    """County Court step 3: the region, where the allocation gave none (the CPO Manager folder)."""
    return court.record_region(case, message, act, then=create_referral_folder)


court.add_shared_steps(workflow, OPEN)   # the ECM named; the second PV check to the CPO
