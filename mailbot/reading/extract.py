"""Each kind's fields, from the subject, the new text and any form (PARSE.md field list).

The extractors are grouped by the work they serve: extract_f2f.py (face-to-face),
extract_court.py (court work and its fees); what they share is extract_shared.py's."""
from __future__ import annotations

import re

from mailbot.reading import dates
from mailbot.reading.extract_court import (court_action_request, court_outcome, cover_letter_request,
                                           cpo_assignment, enforcement_fee_request, payment_confirmation,
                                           second_pv_check_request, summons_issued)
from mailbot.reading.extract_f2f import appointment_confirmation, f2f_referral, visit_outcome, vsat_decision
from mailbot.reading.extract_shared import Context

__all__ = ["FIELDS", "Context", "extract"]

FIELDS = {
    "f2f_referral": ["sr_number", "scin", "client_name", "client_role", "address", "postcode",
                     "phone", "reason", "reason_text", "pv", "ucb", "dangerous_area", "under_16",
                     "special_requirements", "caseworker_email", "team_leader_email", "nation",
                     "enforcement"],
    "court_action_request": ["sr_number", "scin", "client_name", "action", "court", "hearing_at"],
    "enforcement_fee_request": ["sr_number", "scin", "client_name", "court", "fee"],
    "cpo_assignment": ["sr_number", "scin", "cpo_name", "cpo_email", "hearing_at"],
    "second_pv_check_request": ["sr_number", "scin", "hearing_at"],
    "summons_issued": ["sr_number", "scin", "issue_date"],
    "cover_letter_request": ["sr_number", "scin", "hearing_at", "costs"],
    "court_outcome": ["sr_number", "scin", "outcome", "proceeding"],
    "vsat_decision": ["sr_number", "decision", "reason"],
    "appointment_confirmation": ["sr_number", "appointment_at", "location"],
    "visit_outcome": ["sr_number", "outcome", "failed_attempts"],
    "payment_confirmation": ["sr_number", "scin", "paid_on"],
    "read_receipt": ["original_message_id", "disposition"],
    "bounce": ["original_message_id", "failed_recipients"],
    "auto_reply": ["until"],
    "unknown": [],
}


def extract(kind: str, ctx: Context) -> dict:
    fields = dict.fromkeys(FIELDS[kind])
    handler = _EXTRACTORS.get(kind)
    if handler:
        fields.update(handler(ctx))
    return {k: fields.get(k) for k in FIELDS[kind]}


_UNTIL = re.compile(r"until|till|\buntil\b|back (?:in the office |at work |at my desk )?(?:on|from)|"
                    r"return(?:ing)?(?: to (?:the )?(?:office|work))?(?: on)?|from|due back|"
                    r"away (?:until|till)|through|to", re.I)


_BACK_WORDS = re.compile(r"until|till|back (?:in the office |at work |at my desk )?(?:on|from)?|"
                         r"return(?:ing)?(?: to (?:the )?(?:office|work))?(?: on)?|due back", re.I)


def auto_reply(ctx: Context) -> dict:
    until = dates.pick(ctx.text, ctx.anchor, forward=True, need_day=True, near=_BACK_WORDS)
    if until and "T" in until:
        until = until.split("T")[0]
    return {"until": until}


_EXTRACTORS = {
    "f2f_referral": f2f_referral,
    "court_action_request": court_action_request,
    "enforcement_fee_request": enforcement_fee_request,
    "cpo_assignment": cpo_assignment,
    "second_pv_check_request": second_pv_check_request,
    "summons_issued": summons_issued,
    "cover_letter_request": cover_letter_request,
    "court_outcome": court_outcome,
    "vsat_decision": vsat_decision,
    "appointment_confirmation": appointment_confirmation,
    "visit_outcome": visit_outcome,
    "payment_confirmation": payment_confirmation,
    "auto_reply": auto_reply,
}
