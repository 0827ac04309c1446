"""SSST: Work Routing for Face to Face (procedure 002, "Work Routing for Face to Face").

A caseworker's CMSF5579 / face-to-face request reaches the SSST mailbox. The SSST officer
does the full PV check; the bot sends the completed CMSF5579 to VSAT. VSAT rejects (the
owning caseworker and team leader are told, the SR is closed and cancelled) or a
consultant books an appointment (recorded; the CMSL5501 is made for the officer to issue).
The visit's outcome closes the SR: completed, or Failed To Attend after more than two
failed attendances at the same visit.

States: new → awaiting_pv_check → with_vsat → appointment_booked → closed
        (appointment_booked → awaiting_rebooking → appointment_booked after a failed
        attendance; with_vsat → closed when VSAT rejects)
"""
from __future__ import annotations

import re

from mailbot.workflow import WaitSpec, Workflow

workflow = Workflow(
    "f2f_routing", team="ssst", initial="new",
    opens=lambda reading: reading.kind == "f2f_referral",
    description="SSST work routing for face to face: PV check, CMSF5579 to VSAT, CMSL5501, "
                "completion or Failed To Attend.",
    waits=[
        WaitSpec("pv_check", ask="officer", expects=("pv_check_result",),
                 question="the full PV check: does the client have a PV marker (and UCB, a "
                          "dangerous area)?"),
        WaitSpec("vsat", ask="vsat_mailbox", expects=("appointment_confirmation", "vsat_decision"),
                 question="VSAT's decision on the CMSF5579, and the appointment's date, time and "
                          "location"),
        WaitSpec("visit", ask="vsat_mailbox", expects=("visit_outcome", "appointment_confirmation"),
                 question="the outcome of the visit (completed, or the client failed to attend)"),
    ],
    states={"new": (), "awaiting_pv_check": ("pv_check",), "with_vsat": ("vsat",),
            "appointment_booked": ("visit",), "awaiting_rebooking": ("visit",)})

# What VSAT needs on a CMSF5579 before it can accept it (PARSE.md: an f2f_referral
# needs a person when any of these is missing).
REQUIRED = ("sr_number", "scin", "client_name", "address", "postcode", "reason")
# Every field of a CMSF5579 as the reader gives it (PARSE.md, f2f_referral).
REFERRAL_FIELDS = ("sr_number", "scin", "client_name", "client_role", "address", "postcode",
                   "phone", "reason", "reason_text", "pv", "ucb", "dangerous_area", "under_16",
                   "special_requirements", "caseworker_email", "team_leader_email", "nation",
                   "enforcement")
# "the same visit more than twice" (002 step 5)
FAILED_ATTENDANCES_TO_CLOSE = 3
# The systems the full PV check covers (000 steps 2-4, 003 "Where can I check for a PV marker").
PV_SYSTEMS = ("2012 system: Client Contact Summary, top applet expanded (PV indicator)",
              "CIS (the CIS check button when the 2012 system shows no marker)",
              "DAL", "DWP SPL", "1993/2003 scheme systems",
              "DWP Control Measure Checking Tool (unacceptable customer behaviour)")
# Special requirements that ask for the client's letters in another format (procedure 001,
# Letters (Outbound) - Alternative Format). Large print the bot makes itself (16 point);
# braille and translation are services a person arranges.
LARGE_PRINT_WORDS = re.compile(r"\b(large|big|bigger|larger)[\s-]*(print|font|text|type)\b|\bLP\b", re.I)
POINT_SIZE = re.compile(r"\b(\d{1,2})[\s-]*(pt|point)\b", re.I)
LARGE_POINT_SIZE = 14          # a letter is 10 point; asking for 14 or more is asking for large print
BRAILLE = re.compile(r"\bbraille\b", re.I)
LANGUAGE = re.compile(r"\b(translat\w*|interpret\w*|languages?|speaker)\b", re.I)
# A sign language interpreter is for the meeting: the client reads the letter in English.
SIGN_LANGUAGE = re.compile(r"\b(BSL|british sign language|sign language)(\s+(interpreter|interpretation))?",
                           re.I)


@workflow.step("f2f_referral", states={"new"})
def take_referral_and_ask_for_pv_check(case, message, act):
    """Face to Face step 1-2: record the CMSF5579, set the SR In Progress, ask for the full PV check."""
    record_referral(case, message.fields)
    case.caseworker_email = case.caseworker_email or case.requester_email
    case.nation = case.nation or act.config.default_nation
    case.referral_received_at = act.now
    case.sr_status = "In Progress"
    case.failed_attendances = 0
    act.note(f"SR {case.sr_number or '(no SR number)'} status In Progress", kind="sr")
    act.send("f2f_pv_check", "officer", missing=missing_fields(case), systems=PV_SYSTEMS,
             wait="pv_check")
    return "awaiting_pv_check"


@workflow.step("pv_check_result", states={"awaiting_pv_check"})
def record_pv_check_and_refer_to_vsat(case, message, act):
    """Face to Face step 1: the officer's full PV check; email the completed CMSF5579 to VSAT."""
    pv = message.fields["pv"]
    case.pv = pv
    for name in ("ucb", "dangerous_area"):
        if message.fields.get(name) is not None:
            setattr(case, name, message.fields[name])
    case.pv_checked_by = message.sender
    case.pv_checked_at = act.now
    if case.warning_marker and not case.pv:     # 003: the CMSF5579 says PV: the PV rule for the visit
        act.note("the visit follows the PV rule: the case carries a warning marker", kind="pv_check")
    act.note(f"full PV check by {message.sender}: "
             f"{'PV marker found' if pv else 'no PV marker'}", kind="pv_check")
    act.send("f2f_referral_to_vsat", "vsat_mailbox", follow_up="officer", wait="vsat")
    return "with_vsat"


@workflow.step("vsat_decision", states={"with_vsat", "awaiting_pv_check"})
def close_rejected_referral(case, message, act):
    """Face to Face step 3: VSAT rejected: tell the caseworker and team leader; SR Close and Cancel."""
    if message.fields.get("decision") != "reject":
        act.note(f"VSAT {message.fields.get('decision') or 'replied'}: waiting for the appointment")
        act.wait_for("vsat")
        return None
    case.vsat_decision = "reject"
    case.vsat_reason = message.fields.get("reason") or "no reason given"
    act.note(f"VSAT rejected the referral: {case.vsat_reason}", kind="sr")
    case.sr_status = "Closed - Cancelled"
    act.close("cancelled")
    # after the close, which cancels the case's pending reminders, so the call stays due
    act.send("f2f_rejected", "caseworker", cc="team_leader", follow_up="officer")
    return None


@workflow.step("appointment_confirmation",
               states={"with_vsat", "appointment_booked", "awaiting_rebooking"})
def record_appointment_and_prepare_cmsl5501(case, message, act):
    """Face to Face step 4: record date, time and location on the SR; CMSL5501 for the officer to issue."""
    appointment_at = message.fields.get("appointment_at")
    location = message.fields.get("location")
    if not appointment_at or not location:
        act.ask("officer", "VSAT's appointment email did not give both the date and time and the "
                           "location. Reply with 'Appointment: <date time>' and 'Location: <place>'.")
        return None
    rebooked = case.appointment_at is not None
    case.appointment_at = appointment_at
    case.location = location
    act.note(f"SR updated: appointment {appointment_at} at {location}", kind="sr",
             appointment_at=appointment_at, location=location)
    act.document("CMSL5501.pdf", "CMSL5501.txt")
    act.send("f2f_cmsl5501", "officer", attach=["CMSL5501.pdf"], rebooked=rebooked,
             alternative_format=case.alternative_format)
    act.wait_for("visit")
    return "appointment_booked"


@workflow.step("visit_outcome", states={"appointment_booked", "awaiting_rebooking", "with_vsat"})
def record_visit_outcome(case, message, act):
    """Face to Face steps 5-8: visit completed → Close and Complete; failed more than twice → Failed To Attend."""
    outcome = message.fields.get("outcome")
    if outcome == "completed":
        return complete_visit(case, act)
    if outcome == "failed_to_attend":
        stated = message.fields.get("failed_attempts") or 0
        case.failed_attendances = max((case.failed_attendances or 0) + 1, stated)
        if case.failed_attendances >= FAILED_ATTENDANCES_TO_CLOSE:
            return close_failed_to_attend(case, act)
        act.note(f"client failed to attend ({case.failed_attendances} of "
                 f"{FAILED_ATTENDANCES_TO_CLOSE}); the consultant will rebook", kind="sr")
        act.send("f2f_failed_attendance", "officer", attempts=case.failed_attendances,
                 limit=FAILED_ATTENDANCES_TO_CLOSE)
        act.wait_for("visit")
        return "awaiting_rebooking"
    act.ask("officer", "The consultant's visit report does not say whether the visit was "
                       "completed or the client failed to attend. Reply 'completed' or "
                       "'failed to attend'.")
    return None


def complete_visit(case, act):
    """Face to Face steps 6-8: SR and contact notes, the standard email, Close and Complete."""
    case.visit_outcome = "completed"
    case.reason_code = "Face to Face"
    case.resolution_code = "Completed"
    act.note("SR and contact notes updated: face to face visit completed", kind="sr")
    act.note("reason Face to Face, resolution Completed", kind="sr")
    act.delete_clerical_files()
    case.sr_status = "Closed - Complete"
    act.close("completed")
    act.send("f2f_visit_completed", "caseworker", cc="team_leader", follow_up="officer")
    return None


def close_failed_to_attend(case, act):
    """Face to Face step 5: failed to attend the same visit more than twice: Failed To Attend."""
    case.visit_outcome = "failed_to_attend"
    case.resolution_code = "Failed To Attend"
    act.note(f"client failed to attend {case.failed_attendances} times: "
             f"resolution Failed To Attend", kind="sr")
    act.delete_clerical_files()
    case.sr_status = "Closed - Failed To Attend"
    act.close("failed_to_attend")
    act.send("f2f_failed_to_attend", "caseworker", cc="team_leader", follow_up="officer")
    return None


# --- helpers shared with VSAT's workflow -------------------------------------------------

def record_referral(case, fields) -> None:
    """Every CMSF5579 field on the case, None where the form did not give it; a format the
    special requirements ask for (large print, braille, another language) for the client's letters."""
    for name in REFERRAL_FIELDS:
        setattr(case, name, fields.get(name))
    if case.reason == "under_16":
        case.under_16 = True
    if asks_for_large_print(case.special_requirements):
        case.large_print = True
    if alternative := alternative_format(case.special_requirements):
        case.alternative_format = alternative


def asks_for_large_print(requirements: str | None) -> bool:
    """Whether special requirements ask for large print: "large print", "LP", "16pt", "bigger font"."""
    text = requirements or ""
    return bool(LARGE_PRINT_WORDS.search(text)) or any(
        int(size) >= LARGE_POINT_SIZE for size, _ in POINT_SIZE.findall(text))


def alternative_format(requirements: str | None) -> str | None:
    """The format a person must arrange for the letters: "braille", "another language: <as
    written>" (a translation or interpreter, not a sign language one), both, or None."""
    text = " ".join((requirements or "").split())
    formats = ["braille"] if BRAILLE.search(text) else []
    if LANGUAGE.search(SIGN_LANGUAGE.sub("", text)):
        formats.append(f"another language: {text}")
    return "; ".join(formats) or None


def missing_fields(case) -> list[str]:
    missing = [name for name in REQUIRED if not case.get(name)]
    if case.reason == "other" and not case.reason_text:
        missing.append("reason_text")
    return missing
