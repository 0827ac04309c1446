"""VSAT: Face To Face - Arrange (procedure 000).

SSST's CMSF5579 reaches the VSAT mailbox. The bot checks it is complete and lays out the
PV/UCB checks for the VSAT officer, who replies ACCEPT or REJECT: reason. On acceptance the
bot looks up the dangerous areas, picks the consultant(s) for the client's region (two and
an office when PV or DA applies; an enforcement investigative officer for enforcement
work), records the visit in MI, creates its folder and emails the consultant(s). The
consultant's appointment goes to SSST so that the CMSL5501 can be issued.

States: new → awaiting_decision → awaiting_appointment → appointment_booked → closed
        (awaiting_decision → closed when rejected; awaiting_assignment when nobody can be
        chosen from the config; appointment_booked → awaiting_appointment after a failed
        attendance)
"""
from __future__ import annotations


from handlers.f2f_routing import FAILED_ATTENDANCES_TO_CLOSE, missing_fields, record_referral
from mailbot.reading.context_answers import pv_check_result
from mailbot.workflow import WaitSpec, Workflow

workflow = Workflow(
    "f2f_arrange", team="vsat", initial="new",
    opens=lambda reading: reading.kind == "f2f_referral",
    description="VSAT face to face arrange: accept or reject, PV/DA, consultants by region, "
                "MI, appointment to SSST.",
    waits=[
        WaitSpec("decision", ask="officer", expects=("vsat_decision",),
                 question="accept or reject the referral (with the reason for a rejection), "
                          "after the PV and UCB checks"),
        WaitSpec("assignment", ask="consultant_manager", expects=("addresses_named",),
                 question="which consultant(s) to send, by email address"),
        WaitSpec("appointment", ask="consultant", expects=("appointment_confirmation", "visit_outcome"),
                 question="the appointment's date, time and location"),
        WaitSpec("visit", ask="consultant", expects=("visit_outcome", "appointment_confirmation"),
                 question="the outcome of the visit (completed, or the client failed to attend)"),
    ],
    states={"new": (), "awaiting_decision": ("decision",), "awaiting_assignment": ("assignment",),
            "awaiting_appointment": ("appointment",), "appointment_booked": ("visit",)})

CHECKS = ("DAL", "DWP SPL", "CIS", "1993/2003 scheme systems",
          "2012 system: Client Contact Summary, top applet expanded (PV indicator)",
          "DWP Control Measure Checking Tool (unacceptable customer behaviour)")


@workflow.step("f2f_referral", states={"new"})
def review_referral(case, message, act):
    """Arrange step 1: open SSST's email, check the referral is complete, lay out the checks."""
    record_referral(case, message.fields)
    case.nation = case.nation or act.config.default_nation
    case.referral_received_at = act.now
    if message.case_ref and not message.case_ref.startswith("VSAT-"):
        case.ssst_case_ref = message.case_ref
    region = act.config.region_for(case.postcode)
    case.region = region.name if region else None
    case.dangerous_area = bool(case.dangerous_area) or act.config.is_dangerous_area(case.postcode)
    missing = missing_fields(case)
    case.missing = missing
    act.note("MI: referral received" + (f", incomplete: {', '.join(missing)}" if missing else ""),
             kind="mi", event="referral_received")
    if missing and act.config.reminders.auto_reject_incomplete_referrals:
        return reject_referral(case, act, incomplete_reason(missing))
    act.send("vsat_review", "officer", missing=missing, checks=CHECKS,
             proposed_reason=incomplete_reason(missing) if missing else None, wait="decision",
             proposed={"reason": incomplete_reason(missing)} if missing else None)
    return "awaiting_decision"


@workflow.step("vsat_decision", states={"awaiting_decision"})
def record_decision(case, message, act):
    """Arrange steps 1-5: the officer's ACCEPT (after the PV/UCB checks) or REJECT: reason."""
    decision, reason = message.fields.get("decision"), message.fields.get("reason")
    if decision == "reject":
        return reject_referral(case, act, reason)
    checks = pv_check_result(message.new_text or "")
    for name in ("pv", "ucb", "dangerous_area"):
        if checks.get(name) is not None:
            setattr(case, name, checks[name])
    if "pv" in (message.flags or []):
        case.pv = True
    case.decision = "accept"
    case.accepted_at = act.now
    case.checked_by = message.sender
    act.note(f"accepted by {message.sender} after the PV/UCB checks: PV {yes(case.pv)}, "
             f"UCB {yes(case.ucb)}, dangerous area {yes(case.dangerous_area)}",
             kind="mi", event="accepted")
    return assign_consultants(case, act)


def reject_referral(case, act, reason):
    """Arrange step 1: email SSST to advise of the rejection and the reason why."""
    case.decision = "reject"
    case.reject_reason = reason
    act.note(f"MI: referral rejected: {reason}", kind="mi", event="rejected", reason=reason)
    act.close("cancelled")
    # after the close, which cancels the case's pending reminders, so the call stays due
    act.send("vsat_rejection", "ssst_mailbox", follow_up="officer", reason=reason)
    return None


def assign_consultants(case, act):
    """Arrange steps 5-8: two consultants and an office for PV/DA; pick by region; MI; folder; email."""
    config = act.config
    region = next((r for r in config.regions if r.name == case.region), None)
    # PV or a dangerous area (000); a threat to staff marked on the case follows the PV rule (003)
    case.office_required = bool(case.pv or case.dangerous_area or case.warning_marker) and not case.enforcement
    role = "enforcement_officer" if case.enforcement else "f2f_consultant"
    needed = 2 if case.office_required else 1
    chosen = choose_people(act, role, case.region, needed)
    if region is None or len(chosen) < needed:
        case.needed_role = role
        act.send("vsat_cannot_assign", "consultant_manager", cc="officer", follow_up="officer",
                 role=role, needed=needed, chosen=[p.email for p in chosen], wait="assignment")
        return "awaiting_assignment"
    return send_visit_request(case, act, chosen, region)


@workflow.step("addresses_named", states={"awaiting_assignment"})
def record_manual_assignment(case, message, act):
    """Arrange step 6: the consultant manager names the consultant(s) by email address."""
    config = act.config
    named = [config.person(a) for a in message.fields.get("emails") or []]
    chosen = [p for p in named if p is not None and case.needed_role in p.roles]
    if not chosen:
        act.send("vsat_cannot_assign", "consultant_manager", cc="officer", reply=True,
                 role=case.needed_role, needed=2 if case.office_required else 1, chosen=[],
                 wait="assignment")
        return None
    region = next((r for r in config.regions if r.name == case.region), None)
    return send_visit_request(case, act, chosen, region)


def send_visit_request(case, act, people, region):
    """Arrange steps 7-8: record the visit in MI, create its folder, email the consultant(s)."""
    case.consultant_email = [p.email for p in people]
    case.consultant_names = [p.name for p in people]
    managers = sorted({p.manager for p in people if p.manager})
    if managers:
        case.consultant_manager_email = managers
    case.offices = list(region.offices) if (region and case.office_required) else []
    case.visit_folder = act.config.files.folders.path("vsat_visit", team=case.team, ref=case.ref,
                                                      sr_number=case.sr_number, region=case.region)
    case.chases = 0
    act.folder(case.visit_folder)
    act.note(f"MI: visit recorded for {', '.join(case.consultant_names)} ({case.region})",
             kind="mi", event="visit_recorded", consultants=case.consultant_email, region=case.region)
    act.send("vsat_visit_request", "consultant", follow_up="officer", wait="appointment")
    act.remind("chase_consultant", act.working_days_after(chase(act).after_working_days))
    return "awaiting_appointment"


def chase(act):
    """The consultants' chase timings (reminders.chase.f2f_consultant, else the defaults)."""
    return act.config.reminders.chase_for("f2f_consultant")


@workflow.timer("chase_consultant")
def chase_consultant(case, reminder, act):
    """Arrange step 9: no appointment yet: chase the consultant, then tell their manager."""
    if case.chases < chase(act).escalate_after_chases:
        case.chases += 1
        act.send("vsat_chase_consultant", "consultant", follow_up="officer", wait="appointment")
        act.remind("chase_consultant",
                   act.working_days_after(chase(act).after_working_days))
        return None
    act.note("no appointment from the consultant after chasing: manager told", kind="escalation")
    act.send("vsat_consultant_not_replied", "consultant_manager", cc="officer", follow_up="officer")
    return None


@workflow.step("appointment_confirmation", states={"awaiting_appointment", "appointment_booked"})
def record_appointment_and_tell_ssst(case, message, act):
    """Arrange steps 10-11: update MI; email SSST the date, time and location for the CMSL5501."""
    appointment_at = message.fields.get("appointment_at")
    location = message.fields.get("location")
    if not appointment_at or not location:
        act.send("vsat_appointment_incomplete", message.sender, reply=True,
                 has_date=bool(appointment_at), has_location=bool(location))
        return None
    if case.office_required and at_clients_home(case, location):
        act.send("vsat_office_required", message.sender, reply=True, location=location)
        return None
    case.appointment_at = appointment_at
    case.location = location
    case.appointment_from = message.sender
    case.arranged_at = act.now
    received = case.referral_received_at
    case.days_to_appointment = (_day(appointment_at) - _day(received)).days if received else None
    act.cancel("chase_consultant")
    act.note(f"MI: appointment {appointment_at} at {location}", kind="mi", event="appointment",
             appointment_at=appointment_at, location=location)
    act.send("vsat_appointment_to_ssst", "ssst_mailbox", follow_up="officer")
    act.wait_for("visit")
    return "appointment_booked"


@workflow.step("visit_outcome", states={"appointment_booked", "awaiting_appointment"})
def record_visit_outcome(case, message, act):
    """Arrange step 12: the visit's outcome in MI; SSST told unless the consultant wrote to it too."""
    outcome = message.fields.get("outcome")
    if outcome not in ("completed", "failed_to_attend"):
        act.send("vsat_outcome_unclear", message.sender, reply=True)
        return None
    if outcome == "completed":
        case.visit_outcome = "completed"
        act.note("MI: visit completed", kind="mi", event="completed")
    else:
        stated = message.fields.get("failed_attempts") or 0
        case.failed_attendances = max((case.failed_attendances or 0) + 1, stated)
        act.note(f"MI: client failed to attend ({case.failed_attendances})", kind="mi",
                 event="failed_to_attend")
    ssst = act.resolve_role("ssst_mailbox")
    if not set(ssst) & set(message.recipients or []):
        act.send("vsat_visit_outcome_to_ssst", "ssst_mailbox", outcome=outcome,
                 failed_attempts=case.failed_attendances)
    if outcome == "completed":
        act.close("completed")
        return None
    if case.failed_attendances >= FAILED_ATTENDANCES_TO_CLOSE:
        case.visit_outcome = "failed_to_attend"
        act.close("failed_to_attend")
        return None
    case.chases = 0
    act.remind("chase_consultant", act.working_days_after(chase(act).after_working_days))
    act.wait_for("appointment")
    return "awaiting_appointment"


# --- helpers ----------------------------------------------------------------------------------

def choose_people(act, role, region_name, needed):
    """The people with `role` covering the region, fewest open cases first (work spread)."""
    people = [p for p in act.config.people_with_role(role) if region_name in p.regions]
    people.sort(key=lambda p: (act.open_cases_of(p.email), p.email))
    return people[:needed]


def incomplete_reason(missing):
    names = {"sr_number": "SR number", "scin": "SCIN", "client_name": "client name",
             "address": "address", "postcode": "postcode", "reason": "reason for face to face",
             "reason_text": "details of the other reason"}
    return "the referral is incomplete: " + ", ".join(names.get(m, m) for m in missing) + " missing"


def at_clients_home(case, location):
    words = location.lower()
    postcode = (case.postcode or "").lower()
    return ("home" in words or (postcode and postcode in words)
            or (case.address and case.address.lower().split(",")[0] in words))


def yes(value):
    return "yes" if value else "no"


def _day(value):
    from datetime import datetime
    return value.date() if isinstance(value, datetime) else value
