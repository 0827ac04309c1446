"""A reply read as the answer to a question the bot asked (`read_message(raw, expect=...)`).

Without context the reader must guess a message's kind from its words alone; with the
question known, it only has to tell which of the expected answers this is, or that it is
none of them. Three things live here:

- the answer kinds that only a question gives meaning to (`pv_check_result`: "all clear on
  PV" means nothing without the PV check it answers);
- whether a message gives an answer at all (`gives_answer`), and what an answer still
  lacks (`missing`: a booking without a place, a date without a time, "paid" without a date);
- how a later reply completes an earlier incomplete one (`merge`: "2pm" after "Thursday at
  the Swansea office").
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from mailbot.clock import LONDON
from mailbot.reading import dates

# Kinds a reply can be only as the answer to a question, and their fields.
CONTEXT_FIELDS = {
    "pv_check_result": ["pv", "ucb", "dangerous_area"],
    "second_pv_check_result": ["pv", "payments", "contact", "result"],
    "consultant_named": ["emails"],
    "reply_text": ["text"],        # a free answer the step reads against the config (a region)
}
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
    "consultant_named": ("emails",),
    "reply_text": ("text",),
}
# What each missing piece is called when the bot asks for it.
ASK_WORDS = {
    "appointment_date": "the date of the appointment",
    "appointment_time": "the time of the appointment",
    "location": "where the appointment is (the office, or the client's home address)",
    "decision": "whether you accept or reject the referral",
    "reason": "the reason for rejecting it",
    "outcome": "the outcome (completed, or the client failed to attend)",
    "court_outcome": "the court's decision (or the order attached), or that you will not proceed",
    "cpo_name": "the name of the court presenting officer",
    "hearing_date": "the hearing date",
    "hearing_time": "the time of the hearing",
    "paid_on": "the date the fee was paid",
    "issue_date": "the date the letter and summons were issued",
    "pv": "whether the client has a PV marker (yes or no)",
    "result": "the result of the second PV check, any payments and any contact",
    "emails": "the email address of each consultant to send",
}


def as_value(text: str | None):
    """The reader's ISO text as a date or an aware datetime (None stays None)."""
    if not text or not isinstance(text, str):
        return text
    if "T" in text:
        value = datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    return date.fromisoformat(text)


# --- the answer kinds that only a question gives meaning to ------------------------------------

_NEGATIVE = (r"no(?:thing)?|none|nil|not|clear|negative|clean|n|without|nothing (?:found|recorded|showing|"
             r"on)|no markers?|not (?:pv|marked|flagged)|doesn.t have|does not have|isn.t|is not|hasn.t|has not")
_POSITIVE = (r"yes|y|found|present|recorded|confirmed|marker|flag(?:ged)?|positive|has|is pv|live|"
             r"showing|shows|there is|there.s|does have|pv marker|marked")
_LABEL = {"pv": r"(?:p\.?v\.?|potentially violent)(?:\s+(?:markers?|check|status|flag|indicator))?",
          "ucb": r"(?:ucb|unacceptable (?:customer )?behaviou?r)(?:\s+(?:markers?|status|flag|check))?",
          "dangerous_area": r"(?:d\.?a\.?|dangerous area|area)(?:\s+(?:markers?|status|check|warning))?"}


def _labelled_yes_no(text: str, label: str) -> bool | None:
    """'PV: no marker' → False, 'PV - yes (2019)' → True, no such line → None."""
    for line in text.splitlines():
        m = re.match(rf"^\W*{label}\s*(?:[:\-–=]|\?|\s+is|\s+was)\s*(.+)$", line.strip(), re.I)
        if not m:
            continue
        answer = m.group(1).strip().lower()
        if re.match(rf"^\W*(?:{_NEGATIVE})\b", answer):
            return False
        if re.match(rf"^\W*(?:{_POSITIVE})\b", answer):
            return True
    return None


_NO_MARKERS = re.compile(
    r"\bno\s+(?:pv\s+|potentially violent\s+|live\s+|current\s+)?(?:markers?|flags?|indicators?|warnings?)\b|"
    r"\b(?:all|both|everything)\s+(?:clear|clean|negative)\b|\bno\s+pv\b|\bnot\s+pv\b|"
    r"\bnothing\s+(?:found|recorded|showing|on|flagged|came up|to report)\b|\bnil\s+(?:return|pv)\b|"
    r"\b(?:pv|marker|check|checks|it|that|all|she|he|client)\s*(?:is|are|was|were|came back|'s|’s)?\s*"
    r"(?:clear|clean|negative|fine|ok)\b|\bclear\b|\bnegative\b|\bno concerns?\b|"
    r"\bno (?:pv|ucb)(?:\s*(?:/|or|and)\s*(?:pv|ucb|da))*\b|\bno history\b", re.I)
_HAS_MARKER = re.compile(
    r"\b(?:has|have|got|there\s+is|there.s|showing|shows|found|with|carries|holds)\s+(?:an?\s+|the\s+)?"
    r"(?:live\s+|current\s+|active\s+|historic\s+)?(?:pv|potentially violent|ucb)\s*(?:markers?|flags?|indicators?)?\b|"
    r"\b(?:pv|potentially violent)\s+(?:markers?|flags?|indicators?)\s+(?:is\s+|are\s+)?(?:present|found|recorded|showing|"
    r"on|in place|live|active|set)\b|\bmarkers?\s+(?:is\s+)?(?:present|found|recorded|showing|in place)\b|"
    r"\b(?:is|was)\s+(?:marked\s+)?pv\b|\bflagged\s+(?:as\s+)?(?:pv|potentially violent)\b|\bpv\s*[-–:]\s*yes\b|"
    r"\bpositive\b|\bpv\s+(?:client|case)\b|\bmarker present\b", re.I)
_NOT_ANSWER = re.compile(r"\b(?:will|i.ll|going to|shall|haven.t|have not|not yet|yet to|can.t|cannot|"
                         r"unable to|once i|when i|tomorrow|next week|on leave|off (?:until|till|today))\b",
                         re.I)


def pv_check_result(text: str) -> dict:
    """The officer's PV check: pv, ucb and dangerous_area, each True, False or None."""
    found = {name: _labelled_yes_no(text, label) for name, label in _LABEL.items()}
    if found["pv"] is None:
        body = " ".join(text.split())
        has, none = _HAS_MARKER.search(body), _NO_MARKERS.search(body)
        if has and not (none and none.start() < has.start() and not re.search(r"pv|potentially", none.group(0), re.I)):
            found["pv"] = True
        elif none and not _NOT_ANSWER.search(body[:none.start()][-60:]):
            found["pv"] = False
    if found["ucb"] is None and found["pv"] is False and re.search(r"no (?:pv|markers?)\s*(?:/|or|and)\s*ucb|"
                                                                   r"\bno (?:pv )?(?:or|and|/) ?ucb", text, re.I):
        found["ucb"] = False
    return found


_PAYMENTS = re.compile(r"[^.\n]*\b(?:payments?|paid|pay|arrears|money|remittance|direct debit|DD)\b[^.\n]*", re.I)
_CONTACT = re.compile(r"[^.\n]*\b(?:contact|called|rang|phoned|phone|emailed|wrote|letter|calls?)\b[^.\n]*", re.I)
_RESULT_WORDS = re.compile(r"\b(?:pv|marker|payments?|paid|contact|nothing|no change|clear|negative|"
                           r"checked|check)\b", re.I)


def second_pv_check_result(text: str) -> dict:
    """The officer's second PV check, payments and contact: the whole text is the result."""
    own = _own_lines(text)
    result = "\n".join(own).strip() or None
    if result and not _RESULT_WORDS.search(result):
        result = None
    pv = pv_check_result(text)["pv"] if result else None
    payments = _PAYMENTS.search(result or "")
    contact = _CONTACT.search(result or "")
    return {"pv": pv, "payments": payments.group(0).strip() if payments else None,
            "contact": contact.group(0).strip() if contact else None, "result": result}


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def consultant_named(text: str) -> dict:
    return {"emails": sorted({a.lower() for a in _ADDRESS.findall(text)}) or None}


_SIGN_OFF = re.compile(r"^\W*(?:(?:kind|best|warm|many)?\s*(?:regards|thanks|thank you|wishes)|cheers|ta|"
                       r"sent from my|get outlook)\b", re.I)


def _own_lines(text: str) -> list[str]:
    """The lines before the sign-off (a signature's phone and address are not the answer)."""
    lines = []
    for line in text.splitlines():
        if _SIGN_OFF.match(line.strip()):
            break
        lines.append(line.rstrip())
    return [line for line in lines if line.strip()]


def extract_context_kind(kind: str, text: str) -> dict:
    fields = {"pv_check_result": pv_check_result, "second_pv_check_result": second_pv_check_result,
              "consultant_named": consultant_named,
              "reply_text": lambda t: {"text": "\n".join(_own_lines(t)).strip() or None}}[kind](text)
    return {name: fields.get(name) for name in CONTEXT_FIELDS[kind]}


# --- is it an answer, and what does it lack -----------------------------------------------------

def gives_answer(kind: str, fields: dict, has_pdf: bool = False) -> bool:
    if kind == "court_outcome" and (fields.get("proceeding") is False or has_pdf):
        return True
    if kind == "appointment_confirmation" and fields.get("appointment_time"):
        return True
    return any(fields.get(name) not in (None, "", []) for name in ANSWER_FIELDS.get(kind, ()))


def missing(kind: str, fields: dict, has_pdf: bool = False) -> list[str]:
    """What the answer still needs before the bot can act on it (named as in ASK_WORDS)."""
    if kind == "appointment_confirmation":
        at = fields.get("appointment_at")
        lacking = []
        if at is None and not fields.get("appointment_time"):
            lacking += ["appointment_date", "appointment_time"]
        elif at is None:
            lacking.append("appointment_date")
        elif not isinstance(as_value(at), datetime):
            lacking.append("appointment_time")
        if not fields.get("location"):
            lacking.append("location")
        return lacking
    if kind == "vsat_decision":
        if not fields.get("decision"):
            return ["decision"]
        return ["reason"] if fields["decision"] == "reject" and not fields.get("reason") else []
    if kind == "cpo_assignment":
        lacking = []
        if not (fields.get("cpo_name") or fields.get("cpo_email")):
            lacking.append("cpo_name")
        hearing = as_value(fields.get("hearing_at"))
        if hearing is None:
            lacking.append("hearing_date")
        elif not isinstance(hearing, datetime):
            lacking.append("hearing_time")
        return lacking
    if kind == "court_outcome":
        if fields.get("proceeding") is False or fields.get("outcome") or has_pdf:
            return []
        return ["court_outcome"]
    if kind == "pv_check_result":
        return [] if fields.get("pv") is not None else ["pv"]
    required = {"visit_outcome": "outcome", "payment_confirmation": "paid_on",
                "summons_issued": "issue_date", "second_pv_check_result": "result",
                "consultant_named": "emails"}.get(kind)
    return [required] if required and not fields.get(required) else []


def time_only(text: str) -> time | None:
    """The one time a short reply gives ("2pm", "at 14:30") when it names no day."""
    found = dates.find_times(text)
    return found[0][2] if found else None


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
            merged[name] = datetime.combine(day, at, tzinfo=LONDON).isoformat()
    return merged


def with_times(kind: str, fields: dict, text: str, anchor: date | None) -> dict:
    """Answer fields with a date and a time kept apart where the text gives only one."""
    fields = dict(fields)
    name = {"appointment_confirmation": "appointment_at", "cpo_assignment": "hearing_at"}.get(kind)
    if name is None:
        return fields
    if fields.get(name) is None:
        day = dates.pick(text, anchor, forward=True, need_day=True)
        if day:
            fields[name] = day
    if not isinstance(as_value(fields.get(name)), datetime):
        at = time_only(text)
        if at is not None:
            fields[name.replace("_at", "_time")] = at.isoformat(timespec="minutes")
            if isinstance(as_value(fields.get(name)), date):
                fields[name] = datetime.combine(as_value(fields[name]), at, tzinfo=LONDON).isoformat()
    return fields

