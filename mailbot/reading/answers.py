"""A reply read as the answer to a question the bot asked (`read_message(raw, expect=...)`).

Without context the reader must guess a message's kind from its words alone; with the
question known, it only has to tell which of the expected answers this is, or that it is
none of them. Here:

- the fields each answer kind carries, and how a missing piece is asked for (`ASK_WORDS`);
- whether a message is on the question's subject at all (`on_topic`, `cannot_answer`);
- whether a message gives an answer at all (`gives_answer`), and what an answer still
  lacks (`missing`: a booking without a place, a date without a time, "paid" without a date);
- how a later reply completes an earlier incomplete one (`merge`: "2pm" after "Thursday at
  the Swansea office").

What a reply says is statements.py's; the answer kinds only a question gives meaning to
(`pv_check_result`) are context_answers.py's; the PARSE kinds read as answers (`read`) are
answer_fields.py's.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from mailbot.clock import LONDON
from mailbot.reading import visiting_answers
from mailbot.reading.answer_fields import as_value
from mailbot.reading.record import typed
from mailbot.reading.statements import CANNOT, statements

# Per answer kind: the fields that carry the answer (an SR or SCIN alone answers nothing).
ANSWER_FIELDS = {
    "appointment_confirmation": ("appointment_at", "location"),
    "vsat_decision": ("decision",),
    "visit_outcome": ("outcome",),
    "cpo_assignment": ("cpo_name", "cpo_email", "hearing_at"),
    "payment_confirmation": ("paid_on",),
    "court_outcome": ("outcome",),
    "summons_issued": ("issue_date",),
    "cover_letter_request": ("hearing_at",),
    "second_pv_check_request": ("hearing_at",),
    "pv_check_result": ("pv",),
    "second_pv_check_result": ("result",),
    "addresses_named": ("emails",),
    "reply_text": ("text",),
    "postal_address": ("address",),
    "request_answered": ("answered",),
    **visiting_answers.ANSWER_FIELDS,
}
# What each missing piece is called when the bot asks for it.
ASK_WORDS = {
    "appointment_date": "the date of the appointment (and its time, if not given)",
    "appointment_time": "the time of the appointment",
    "location": "where the appointment is (the office, or the client's home address)",
    "decision": "whether you accept or reject the referral",
    "reason": "the reason for rejecting it",
    "outcome": "the outcome: for a visit, completed or the client failed to attend; for a hearing, "
               "the court's decision (or the order attached), or that you will not proceed",
    "payments": "any payments received from the paying parent since the last check (or none)",
    "contact": "any contact from the paying parent since the last check (or none)",
    "cpo_name": "the name of the court presenting officer",
    "hearing_date": "the hearing date and time",
    "hearing_time": "the time of the hearing",
    "paid_on": "the date the fee was paid",
    "issue_date": "the date the letter and summons were issued",
    "pv": "whether the client has a PV marker (yes or no)",
    "result": "the result of the second PV check, any payments and any contact",
    "emails": "the email address of each consultant to send",
    "address": "the paying parent's postal address, with the postcode",
    **visiting_answers.ASK_WORDS,
}
# Where one name means something else for one kind of answer.
ASK_WORDS_FOR = {"atw_visit_report": {"outcome": "the outcome of the visit: completed, or ineffective "
                                                 "(not at home or no answer, refused to co-operate, or "
                                                 "the area is unsafe)"}}


def ask_words(kind: str, name: str) -> str:
    """How the bot asks for a missing piece of an answer of `kind`."""
    return ASK_WORDS_FOR.get(kind, {}).get(name) or ASK_WORDS.get(name, name.replace("_", " "))


# --- what a message on the question's subject looks like (an attempt, if not an answer) -------

TOPIC = {
    "appointment_confirmation": r"\b(?:appointment|appt|booked|book(?:ing)?|arranged|sorted|visit|seeing|"
                                r"see her|see him|meet|coming in|come in|home visit|at home|office|venue)\b",
    "visit_outcome": r"\b(?:attend\w*|show(?:ed)?|no[- ]show|dna\w*|fta|missed|visit|seen|saw|met|"
                     r"complet\w*|done|went (?:ahead|round|out)|been out|not (?:at )?home|nobody|"
                     r"interview|didn.?t happen|paperwork|notes|form|back from|appointment was|went to|"
                     r"came in|update)\b",
    "vsat_decision": r"\b(?:accept\w*|reject\w*|approv\w*|declin\w*|can.?t take|fine to go|good to go|"
                     r"happy with|send(?:ing)? (?:it |this )?back|sent back|missing|incomplete|"
                     r"not sure|leave it with me|allocat\w*|checks? done|decide|referral)\b",
    "cpo_assignment": r"\b(?:cpo|presenting|present|hearing|listed|listing|picked (?:this|it) up|"
                      r"it.?ll be me|me on this|me as)\b",
    "payment_confirmation": r"\b(?:paid|pay(?:ment)?|fee|receipt|card|went through|dealt with|sorted|"
                            r"done|settled)\b",
    "court_outcome": r"\b(?:outcome|result|granted|refused|made|order|adjourn\w*|struck|suspend\w*|commit\w*|"
                     r"dismiss\w*|withdr\w*|proceed\w*|going ahead|went ahead|heard|vacated|relisted|file|"
                     r"back from court|at court|in court today|done and dusted|hearing was|hearing today)\b",
    "pv_check_result": r"\b(?:pv|potentially violent|markers?|flags?|ucb|checks?|checked|cis|dal|spl|2012|"
                       r"clear|clean|negative|nil|results?|done|complete)\b",
    "second_pv_check_result": r"\b(?:pv|markers?|payments?|contact|checks?|checked|2012|clear|negative)\b",
    "postal_address": r"\b(?:address|lives|living|moved|road|street|lane|avenue)\b",
    "request_answered": r"\b(?:answer\w*|respon\w*|repl\w*|releas\w*|sent|closed|complete\w*|done|"
                        r"extension|progress)\b",
    **visiting_answers.TOPIC,
}


def cannot_answer(text: str, kinds: tuple[str, ...] = ()) -> bool:
    """The person says why they cannot answer yet ("the payment line is down today"), and
    nothing else they say is on the question's subject ("2012 and CIS both clear. I can't get
    into DAL today" is half an answer, to be asked back for the rest)."""
    said = statements(text)
    if not CANNOT.search(said):
        return False
    rest = "\n".join(line for line in said.splitlines() if not CANNOT.search(line))
    return not any(on_topic(kind, rest) for kind in kinds)


def on_topic(kind: str, text: str) -> bool:
    """The message is about what the question asked (an attempt at an answer), not a
    person saying why they cannot answer yet."""
    pattern = TOPIC.get(kind)
    off = visiting_answers.OFF_TOPIC.get(kind)
    if off and re.search(off, text, re.I):
        return False
    return bool(pattern and re.search(pattern, statements(text), re.I))


# --- is it an answer, and what does it lack -----------------------------------------------------

def gives_answer(kind: str, fields: dict, has_pdf: bool = False) -> bool:
    """The message gives at least part of an answer of `kind`."""
    if kind == "court_outcome" and (fields.get("proceeding") is False or has_pdf):
        return True
    if kind == "second_pv_check_result":
        return any(fields.get(n) is not None for n in ("pv", "payments", "contact"))
    if kind == "appointment_confirmation" and fields.get("appointment_time"):
        return True
    return any(fields.get(name) not in (None, "", []) for name in ANSWER_FIELDS.get(kind, ()))


def missing(kind: str, fields: dict, has_pdf: bool = False) -> list[str]:
    """What the answer still needs before the bot can act on it (named as in ASK_WORDS)."""
    if kind in ("appointment_confirmation", "cpo_assignment"):
        name, prefix = ("appointment_at", "appointment") if kind == "appointment_confirmation" \
            else ("hearing_at", "hearing")
        at = as_value(fields.get(name))
        lacking = []
        if kind == "cpo_assignment" and not (fields.get("cpo_name") or fields.get("cpo_email")):
            lacking.append("cpo_name")
        if at is None:
            lacking.append(f"{prefix}_date")
        elif not isinstance(at, datetime):
            lacking.append(f"{prefix}_time")
        if kind == "appointment_confirmation" and not fields.get("location"):
            lacking.append("location")
        return lacking
    if kind == "vsat_decision":
        if not fields.get("decision"):
            return ["decision"]
        return ["reason"] if fields["decision"] == "reject" and not fields.get("reason") else []
    if kind == "court_outcome":
        if fields.get("proceeding") is False or fields.get("outcome") or has_pdf:
            return []
        return ["outcome"]
    if kind == "pv_check_result":
        return [] if fields.get("pv") is not None else ["pv"]
    if kind == "second_pv_check_result":
        return [n for n in ("pv", "payments", "contact") if fields.get(n) is None]
    if kind == "postal_address":
        return [] if fields.get("address") and fields.get("postcode") else ["address"]
    if kind in visiting_answers.FIELDS:
        return visiting_answers.missing(kind, fields)
    required = {"visit_outcome": "outcome", "payment_confirmation": "paid_on",
                "summons_issued": "issue_date", "addresses_named": "emails",
                "reply_text": "text"}.get(kind)
    return [required] if required and not fields.get(required) else []


def merge(kind: str, earlier: dict, now: dict) -> dict:
    """An answer completed by a later reply: what the new one gives wins, a time alone is
    joined to the date given before ("Thursday" then "2pm"), nothing known is lost."""
    merged = {k: v for k, v in earlier.items() if v is not None}
    for key, value in now.items():
        if value not in (None, "", []):
            merged[key] = value
    for name, time_key in (("appointment_at", "appointment_time"), ("hearing_at", "hearing_time")):
        before, after = as_value(earlier.get(name)), as_value(now.get(name))
        when = now.get(time_key) or earlier.get(time_key)
        if isinstance(after, datetime) or when is None:
            continue
        day = after if isinstance(after, date) else before
        if isinstance(day, datetime):
            continue
        if isinstance(day, date):
            at = time.fromisoformat(when) if isinstance(when, str) else when
            merged[name] = datetime.combine(day, at, tzinfo=LONDON)
    return typed(merged)
