"""The answers of Access to Work visiting referrals (procedure 004), read only as the answer
to the question the bot asked: "yes" means nothing until it answers "is there an Advanced
Customer Support concern, and is a visit appropriate?".

- `acs_concern`: a processor's (or an adviser's) concern about a customer (004 steps 4-5);
- `acs_triage`: the SPOC's answer: a concern or not, a visit or not (step 4);
- `atw_visit_report`: the Visiting Officer's visit: completed, or ineffective (not at home,
  refused, an area deemed unsafe), its date, whether a letter was left (steps 6-7);
- `ceast_contact`: CEAST saying whether the customer made contact in the window (step 8);
- `second_visit_decision`: the SPOC saying whether DWP Visiting makes a second visit (step 8);
- `conference_held`: the CEAST and SPOC case conference held (step 16);
- `ceast_finding`: CEAST's finding: an ACS concern or not, the ACSSL review date (18-21);
- `ceast_update`: CEAST's attempts to establish contact, and whether all reasonable steps are
  taken (20, 22);
- `dwp_updated`: the SPOC saying DISC and/or ATWIS are updated (22);
- `award_decision`: the AtW adviser's award decision (23).

Each reads the sender's own statements (statements.py). A value the words do not settle
stays None, and the bot asks back rather than guess."""
from __future__ import annotations

from datetime import date

from mailbot.reading.visiting_ceast import (award_decision, ceast_contact, ceast_finding, ceast_update,
                                            conference_held, dwp_updated, second_visit_decision)
from mailbot.reading.visiting_concerns import (CONCERN_FIELDS, OFF_TOPIC, acs_concern,  # noqa: F401
                                               acs_triage, atw_visit_report)   # OFF_TOPIC: answers.on_topic

FIELDS = {
    "acs_concern": list(CONCERN_FIELDS),
    # the same, given in reply to "which customer is it about?": the details alone answer it
    "customer_details": list(CONCERN_FIELDS),
    "acs_triage": ["acs_concern", "visit"],
    "atw_visit_report": ["outcome", "visit_date", "letter_left"],
    "ceast_contact": ["contacted", "summary"],
    "second_visit_decision": ["second_visit", "updated"],
    "conference_held": ["held", "held_on"],
    "ceast_finding": ["acs_concern", "review_date"],
    "ceast_update": ["attempts", "steps_complete"],
    "dwp_updated": ["updated"],
    "award_decision": ["awarded", "decision"],
}
# The fields that carry an answer (any of them given: at least an attempt).
ANSWER_FIELDS = {
    "acs_concern": ("concern",), "acs_triage": ("acs_concern", "visit"),
    "customer_details": ("customer_name", "atw_reference", "postcode", "concern"),
    "atw_visit_report": ("outcome", "visit_date"), "ceast_contact": ("contacted",),
    "second_visit_decision": ("second_visit",), "conference_held": ("held",),
    "ceast_finding": ("acs_concern",), "ceast_update": ("attempts", "steps_complete"),
    "dwp_updated": ("updated",), "award_decision": ("awarded",),
}
ASK_WORDS = {
    "concern": "the concern about the customer, in your own words",
    "customer": "the customer's name or AtW reference",
    "acs_concern": "whether there is an Advanced Customer Support concern (yes or no)",
    "visit": "whether a visit is appropriate (yes or no)",
    "visit_date": "the date of the visit",
    "contacted": "whether the customer has contacted CEAST (yes or no)",
    "second_visit": "whether DWP Visiting needs to make a second visit (yes or no)",
    "held": "whether the case conference has taken place",
    "awarded": "your decision: award (in full or in part) or not",
}
TOPIC = {
    "acs_concern": r"\b(?:concern\w*|worr\w*|vulnerab\w*|struggl\w*|safeguard\w*|welfare|risk|"
                   r"customer|claimant|refer(?:ral|red|ring)?|visit|uneasy)\b",
    "acs_triage": r"\b(?:acs|concern\w*|visit\w*|advanced customer support|adviser|refer(?:ral|red|ring)?|"
                  r"triage\w*|vulnerab\w*|either way|make a call|borderline)\b",
    "atw_visit_report": r"\b(?:visited|visit (?:was|went|today|yesterday|done)|went|called (?:at|round)|knock\w*|door|"
                        r"answer|letter|card|saw|seen|spoke|refus\w*|unsafe|been (?:out|round)|write it up)\b",
    "ceast_contact": r"\b(?:contacted|no contact|any contact|called|rang|phoned|heard|spoke|in touch|voicemail|log)\b",
    "second_visit_decision": r"\b(?:second|another|2nd|revisit|visit\w*|disc|atwis)\b",
    "conference_held": r"\b(?:conference|meeting|call|spoke|discuss\w*|case conf|held)\b",
    "ceast_finding": r"\b(?:acs|concern\w*|review\w*|finding\w*|assurance|adviser|acssl|safeguard\w*|"
                     r"either way|borderline|history|assessment|going through)\b",
    "ceast_update": r"\b(?:rang|call\w*|phon\w*|text\w*|sms|letter|wrote|email\w*|spoke|contact\w*|"
                    r"tried|attempt\w*|appointee|poa|next of kin|cpn|social services|police|steps)\b",
    "dwp_updated": r"\b(?:done|updated|noted|finished|it.?s in|all in|on the system|not yet|added|haven.?t been able|"
                   r"not been able|is down)\b",
    "award_decision": r"\b(?:award\w*|grant\w*|decision|decid\w*|approv\w*|refus\w*|declin\w*|consider\w*|"
                      r"quote|fund\w*)\b",
}


READERS = {"acs_concern": acs_concern, "customer_details": acs_concern, "acs_triage": acs_triage, "atw_visit_report": atw_visit_report,
           "ceast_contact": ceast_contact, "second_visit_decision": second_visit_decision,
           "conference_held": conference_held, "ceast_finding": ceast_finding,
           "ceast_update": ceast_update, "dwp_updated": dwp_updated, "award_decision": award_decision}


def read(kind: str, text: str, anchor: date | None) -> dict:
    fields = READERS[kind](text, anchor)
    return {name: fields.get(name) for name in FIELDS[kind]}


def missing(kind: str, fields: dict) -> list[str]:
    """What an answer of `kind` still needs before the bot acts on it (ASK_WORDS' names)."""
    if kind in ("acs_concern", "customer_details"):
        lacking = [] if fields.get("concern") else ["concern"]
        return lacking + ([] if fields.get("customer_name") or fields.get("atw_reference") else ["customer"])
    if kind == "acs_triage":
        if fields.get("acs_concern") is None:
            return ["acs_concern"]
        return ["visit"] if fields["acs_concern"] and fields.get("visit") is None else []
    if kind == "atw_visit_report":
        if not fields.get("outcome"):
            return ["outcome"]
        return ["visit_date"] if fields["outcome"] != "completed" and not fields.get("visit_date") else []
    required = {"ceast_contact": "contacted", "second_visit_decision": "second_visit",
                "conference_held": "held", "ceast_finding": "acs_concern",
                "award_decision": "awarded"}.get(kind)
    return [required] if required and fields.get(required) is None else []
