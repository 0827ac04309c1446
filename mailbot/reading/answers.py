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
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from mailbot.clock import LONDON
from mailbot.reading import dates

# Kinds a reply can be only as the answer to a question, and their fields.
CONTEXT_FIELDS = {
    "pv_check_result": ["pv", "ucb", "dangerous_area"],
    "second_pv_check_result": ["pv", "payments", "contact", "result"],
    "addresses_named": ["emails"],
    "reply_text": ["text"],        # a free answer the step reads against the config (a region)
    "postal_address": ["address", "postcode"],
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
    "addresses_named": ("emails",),
    "reply_text": ("text",),
    "postal_address": ("address",),
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
}


def as_value(text: str | None):
    """The reader's ISO text as a date or an aware datetime (None stays None)."""
    if not text or not isinstance(text, str):
        return text
    if "T" in text:
        value = datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    return date.fromisoformat(text)


# --- the text an answer is read from ---------------------------------------------------------

_FORWARD_HEAD = re.compile(r"^\s*(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|"
                           r"begin forwarded message\s*:?)\s*$", re.I)
_HEADER_LINE = re.compile(r"^\s*\*?(?:from|sent|date|to|cc|subject)\s*:", re.I)
_SIGN_OFF = re.compile(r"^\W*(?:(?:kind|best|warm|many)?\s*(?:regards|thanks|thank you|wishes)|cheers|ta|"
                       r"diolch|sent from my|get outlook|yours sincerely)\b[\w ,!.]{0,20}$", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
_QUESTION = re.compile(r"\?\s*$")
_DEFERRAL = re.compile(
    r"\b(?:I.?m|I am|I.?ll be|I will be)\s+(?:off|on leave|away|out of (?:the )?office|on holiday|on a course|"
    r"in court|in cardiff|working from)\b|\boff (?:till|until|today|tomorrow)\b|"
    r"\b(?:will|I.?ll|shall)\s+(?:pick (?:this|it) up|reply|get back|come back to|respond|look (?:at|into))\b|"
    r"\bin court all\b|\bwill reply\b|\breply properly\b|\bon a course\b|"
    r"\b(?:I.?ll|I will)\s+(?:do|get|have|sort|check|look)\b[^.\n]*\b(?:tomorrow|later|next week|monday|"
    r"tuesday|wednesday|thursday|friday|first thing|asap|shortly|soon|then)\b", re.I)
# "I can't do this one": the person asked says why they cannot answer, not an answer.
_CANNOT = re.compile(r"\b(?:don.?t have access|no access to|can someone else|can.?t do|unable to do|"
                     r"haven.?t (?:done|had a chance)|not had a chance|yet to|still pending|"
                     r"who is this|don.?t have this one|not mine|wrong (?:person|team|consultant)|"
                     r"never had this one|not my (?:visit|case)|can.?t get (?:on|in)to?|outage|"
                     r"(?:systems?|line|website|portal) (?:is |are |was )?down|try (?:it )?again|"
                     r"can.?t book anything|didn.?t come through|hasn.?t happened yet|not happened yet|"
                     r"the wrong one|two (?:srs|cases|referrals) open|not the right person|"
                     r"when.?s the hearing)\b", re.I)


def _signature_like(line: str) -> bool:
    """"Dan", "G", "Priya Shah, VSAT", "Helen Morgan | CPO Wales | 029 2000 5678"."""
    words = re.findall(r"[A-Za-z][\w'’.&-]*", line)
    if re.search(r"\b(?:accept\w*|reject\w*|approv\w*|declin\w*|paid|done|yes|no|ok|complete\w*|clear|"
                 r"negative|none|nil|seen|sorted|agreed|fine)\b", line, re.I):
        return False
    if not words:
        return bool(re.fullmatch(r"[\W\d]+", line))
    if len(words) <= 2 and all(len(w) <= 2 and w.isupper() for w in words):
        return len(words) == 1      # "G", "GH"; not "DA N"
    return len(words) <= 8 and all(w[0].isupper() or w in ("of", "and", "for", "the", "&") for w in words) \
        and any(c.islower() for c in line) and not re.search(r"[:?!]|\.\s|\.$", line)


@lru_cache(maxsize=64)
def statements(text: str) -> str:
    """What the message says, as sentences: its own words and what it forwards, without
    signatures (their phone numbers and addresses), forwarded headers (their dates),
    questions, and the writer's own comings and goings ("I'm off till Monday")."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if _FORWARD_HEAD.match(line):
            blocks.append([])
            continue
        blocks[-1].append(line)
    kept: list[str] = []
    for number, block in enumerate(blocks):
        signed = False
        for line in block:
            if number and _HEADER_LINE.match(line):
                continue
            if _SIGN_OFF.match(line.strip()):
                signed = True
            if not signed and line.strip():
                kept.append(line.strip())
    while kept and _signature_like(kept[-1]):
        kept.pop()
    text = _normalised("\n".join(kept))
    sentences = [_corrected(s.strip()) for s in _SENTENCE.split(text) if s.strip()]
    return "\n".join(s for s in sentences if s and not _QUESTION.search(s) and not _DEFERRAL.search(s))


_SHORTHAND = [(re.compile(r"\b(?:tmrw|tmw|tomoz|2moro|tomorow)\b", re.I), "tomorrow"),
              (re.compile(r"\b(?:yday|yest|yesterdy)\b", re.I), "yesterday"),
              (re.compile(r"\bhrg\b", re.I), "hearing"), (re.compile(r"\bpmts?\b", re.I), "payments"),
              (re.compile(r"\bappt\b", re.I), "appointment"),
              # "next Tues (12th)", "Thursday just gone (25th)": the day number settles the weekday
              (re.compile(r"\b((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)(?:\s+just gone|\s+last)?\s*\((\d{1,2}(?:st|nd|rd|th)?)\)",
                          re.I), r"\1 \2"),
              # "18.01 @ 14:45": a day and month before a time, not a time itself
              (re.compile(r"\b([0-3]?\d)\.([01]?\d)\b(?=\s*(?:@|at)\s*\d)"), r"\1/\2")]
# "Thursday - sorry, I mean Friday 8th": what comes after the first correction is what is meant
_CORRECTION = re.compile(r"\bno,? sorry\b[,:]?|\bsorry,? I mean[t]?\b|\bscratch that\b[,:]?|\bignore that\b[,:]?|"
                         r"\bhit send too soon\b|(?<=\w)\s+-\s+sorry\b,?", re.I)


def _normalised(text: str) -> str:
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


def _corrected(sentence: str) -> str:
    m = _CORRECTION.search(sentence)
    return sentence[m.end():].strip(" ,:-") if m else sentence


# --- PV, UCB and dangerous area: what each clause says of each ---------------------------------

_LABELS = {"pv": re.compile(r"\bp\.?v\b|potentially violent", re.I),
           "ucb": re.compile(r"\bucb\b|unacceptable (?:customer )?behaviou?r|control measure", re.I),
           "dangerous_area": re.compile(r"\bd\.?a\b|dangerous area|\barea\b", re.I)}
_NEG = re.compile(r"\b(?:no|none|nil|not|nothing|clear|clean|negative|n|fine|ok|okay|without|removed|"
                  r"no longer|isn.?t|aren.?t|wasn.?t|hasn.?t|doesn.?t|never|neither|nor|lifted|expired)\b", re.I)
_POS = re.compile(r"\b(?:y|yes|found|present|recorded|showing|shows|live|active|flag(?:ged)?|has|have|got|"
                  r"(?:is|are)\s+(?:a\s+)?(?:pv|potentially violent)|"
                  r"there is|there.s|added|confirmed|positive|entry|set|still on|in place|on (?:cis|2012|dal|spl))\b",
                  re.I)
_UNSURE = re.compile(r"\b(?:not sure|unsure|can you advise|don.?t know|unclear|not certain|might|may be|"
                     r"possibly|check with|still waiting|waiting on|to finish|not (?:done|finished) yet|"
                     r"can.?t get (?:in)?to|finish (?:those|the rest|it|them) (?:tomorrow|later))\b", re.I)
_GENERIC_NEG = re.compile(r"\bno\s+(?:\w+\s+)?(?:markers?|flags?|indicators?|warnings?|concerns?|record)\b|"
                          r"\b(?:all|both|everything|checks?|checked)\W+(?:\w+\s+)?(?:clear|clean|negative|fine)\b|"
                          r"^\W*(?:clear|clean|negative|nil|none|nothing)\b|\bnil return\b|"
                          r"\bnothing (?:on|recorded|found|showing|flagged|came up|current|to report)\b|"
                          r"\bclean\b|\ball negative\b|\bnot (?:pv[- ])?(?:marked|flagged)\b", re.I)
_GENERIC_POS = re.compile(r"\bmarkers?\s+(?:is\s+)?(?:present|found|recorded|showing|in place)\b", re.I)
_CLAUSE = re.compile(r",\s*(?:but|and|so)?\s*|;\s*|\s+but\s+|\s+and\s+(?=not\b|no\b)|\s+-\s+(?=but\b)")


def checks(text: str) -> dict:
    """pv, ucb and dangerous_area as the officer's words give them: True, False or None.
    Each sentence is cut into clauses; a label's clause says no (no, none, clear, removed...)
    or yes (found, showing, flagged, Y...); a clause naming no label inherits the previous
    clause's labels when it only says no or yes; doubt leaves the value unknown."""
    found: dict[str, bool | None] = {"pv": None, "ucb": None, "dangerous_area": None}
    unsure: set[str] = set()
    generic: bool | None = None
    for sentence in text.splitlines():
        previous: list[str] = []
        for clause in _CLAUSE.split(re.sub(r"\([^)]*\)", "", sentence)):
            if not clause.strip():
                continue
            labels = [name for name, pattern in _LABELS.items() if pattern.search(clause)]
            neg, pos = _NEG.search(clause), _POS.search(clause)
            if not labels:
                if re.search(r"\b(?:removed|no longer|lifted|expired|taken off)\b", clause, re.I) and previous:
                    for name in previous:
                        found[name] = False
                elif _GENERIC_NEG.search(clause) and generic is None:
                    generic = False
                elif _GENERIC_POS.search(clause) and generic is None:
                    generic = True
                elif (neg or pos) and previous and len(clause.split()) <= 3:
                    labels = previous
                if not labels:
                    continue
            if _UNSURE.search(clause) or _UNSURE.search(sentence):
                unsure.update(labels)
            value = False if neg else (True if pos else None)
            if value is None and labels == ["dangerous_area"] and re.search(r"\bdangerous\b", clause, re.I):
                value = True
            for name in labels:
                if value is not None and (found[name] is None or value is False or name != "pv"):
                    found[name] = value if found[name] is not True or value is True else found[name]
            previous = labels
    if found["pv"] is None and generic is not None:
        found["pv"] = generic
    for name in unsure:
        if found[name] is True or name == "pv":
            found[name] = None
    return found


def pv_check_result(text: str) -> dict:
    """The officer's PV check: pv, ucb and dangerous_area, each True, False or None (doubt
    anywhere in the message leaves pv unknown: the bot asks rather than guess)."""
    found = checks(statements(text))
    if _UNSURE.search(text) or (_CANNOT.search(text) and found["pv"] is not True):
        found["pv"] = None
    return found


_PAYMENTS = re.compile(r"\b(?:payments?|paid|pay|arrears|money|remittance|direct debit|standing order|"
                       r"received|lump sum)\b|£\s*\d", re.I)
_CONTACT = re.compile(r"\b(?:contact\w*|called|calls?|rang|phoned?|emailed|email|wrote|letter|turned up|"
                      r"came in|spoke|heard from|visited|shouting)\b", re.I)


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at its commas, semicolons and full stops, not inside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and ch in ",;." and (i + 1 == len(sentence) or sentence[i + 1] == " "):
            out.append(sentence[start:i])
            start = i + 1
    out.append(sentence[start:])
    return [c.strip(" .") for c in out if c.strip(" .")]


_NOT_YET = re.compile(r"\b(?:haven.?t|have not|not yet|yet to|will (?:do|check|look)|chance to)\b", re.I)


def _clauses_about(text: str, pattern: re.Pattern) -> str | None:
    """The clauses that speak of `pattern` ("On payments, there was a £75 credit" whole),
    leaving out what is not done yet ("haven't looked at payments yet")."""
    said = []
    for sentence in text.splitlines():
        clauses = _clauses(sentence)
        for i, clause in enumerate(clauses):
            if not pattern.search(clause) or _NOT_YET.search(clause):
                continue
            if len(clause.split()) <= 3 and i + 1 < len(clauses) and not re.search(r"\bno\b|none|nothing", clause, re.I):
                clause = f"{clause}, {clauses[i + 1]}"
            said.append(clause)
    return "; ".join(said) if said else None


def second_pv_check_result(text: str) -> dict:
    """The officer's second PV check, payments and contact, each as said (None: not said)."""
    said = statements(text)
    pv = checks(said)["pv"]
    payments = _clauses_about(said, _PAYMENTS)
    contact = _clauses_about(said, _CONTACT)
    words = re.search(r"\b(?:pv|marker|payments?|paid|contact|nothing|no change|clear|negative|"
                      r"checked|check|2012)\b", said, re.I)
    result = said.strip() if (words or pv is not None or payments or contact) else None
    return {"pv": pv, "payments": payments, "contact": contact, "result": result}


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def addresses_named(text: str) -> dict:
    """The email addresses a reply names (the consultants to send, the ECM)."""
    return {"emails": sorted({a.lower() for a in _ADDRESS.findall(text)}) or None}


_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
_STREETISH = re.compile(r"^\s*(?:(?:flat|unit|apartment)\s+\w+,?\s+)?\d+[a-z]?,?\s+\w", re.I)


def postal_address(text: str) -> dict:
    """An address given in reply ("14 Harehills Lane, Leeds LS8 4AB"): the lines from the one
    that starts with a house number to the postcode, the postcode apart."""
    said = statements(text)
    lines = [re.sub(r"^\s*(?:(?:his|her|their|the|new|postal|home)\s+)*address\s*(?:is|:|-)?\s*", "", line,
                    flags=re.I) for line in said.splitlines()]
    start = next((i for i, line in enumerate(lines) if _STREETISH.match(line)), None)
    if start is None:
        return {"address": None, "postcode": None}
    parts, postcode = [], None
    for line in lines[start:start + 5]:
        found = _POSTCODE.search(line.upper())
        head = line[:found.start()] if found else line
        parts.extend(p.strip() for p in head.split(",") if p.strip(" .,"))
        if found:
            postcode = f"{found.group(1)} {found.group(2)}"
            break
    return {"address": ", ".join(p.strip(" .") for p in parts) or None, "postcode": postcode}


def extract_context_kind(kind: str, text: str) -> dict:
    fields = {"pv_check_result": pv_check_result, "second_pv_check_result": second_pv_check_result,
              "addresses_named": addresses_named,
              "reply_text": lambda t: {"text": statements(t).strip() or None},
              "postal_address": postal_address}[kind](text)
    return {name: fields.get(name) for name in CONTEXT_FIELDS[kind]}


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
}


def cannot_answer(text: str, kinds: tuple[str, ...] = ()) -> bool:
    """The person says why they cannot answer yet ("the payment line is down today"), and
    nothing else they say is on the question's subject ("2012 and CIS both clear. I can't get
    into DAL today" is half an answer, to be asked back for the rest)."""
    said = statements(text)
    if not _CANNOT.search(said):
        return False
    rest = "\n".join(line for line in said.splitlines() if not _CANNOT.search(line))
    return not any(on_topic(kind, rest) for kind in kinds)


def on_topic(kind: str, text: str) -> bool:
    """The message is about what the question asked (an attempt at an answer), not a
    person saying why they cannot answer yet."""
    pattern = TOPIC.get(kind)
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
    required = {"visit_outcome": "outcome", "payment_confirmation": "paid_on",
                "summons_issued": "issue_date", "addresses_named": "emails",
                "reply_text": "text"}.get(kind)
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
            merged[name] = datetime.combine(day, at, tzinfo=LONDON)
    return {key: as_value(value) if key in ("appointment_at", "hearing_at", "paid_on", "issue_date")
            else value for key, value in merged.items()}


# --- the PARSE kinds read as answers: what a context-free reading misses ------------------------

_STREET = re.compile(r"\b\d+[a-z]?,?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?:Row|Road|Rd|Street|St|Lane|Avenue|Ave|Close|"
                     r"Drive|Way|Court|Crescent|Place|Terrace|Gardens|Park|Hill|Grove|View|Walk|Parade)\b"
                     r"(?:,\s*[A-Z][a-z]+)?(?:,?\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})?")
_HOME = re.compile(r"\b(?:at (?:her|his|their|the client.?s|the)?\s*(?:home|house|flat|address)|home visit|"
                   r"her (?:home|house|place|flat)|his (?:home|house|place|flat)|at home|"
                   r"client.?s home|to (?:her|him|them)\b(?! on))", re.I)
_OFFICE = re.compile(r"(?:(?:the|our)\s+)?(?:[A-Z][\w'’&-]*\s+){0,3}(?:Jobcentre(?:\s+Plus)?|JCP|[Oo]ffice|"
                     r"[Cc]entre|Hub|House|Nant|Parade)\b(?:\s*\([^)\n]{1,60}\))?"
                     r"(?:(?:,\s*|\s+(?:on|in|at)\s+)(?:\d+\s+)?[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})?"
                     r"(?:,?\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})?")
_PLACE_LABEL = re.compile(r"^\s*(?:venue|location|place|where|address)\s*[:\-–]\s*(.+)$", re.I | re.M)
_MOVED = re.compile(r"\b(?:moved (?:it |the visit |the appointment )?to|rearranged (?:it )?(?:for|to)|"
                    r"rebooked (?:it )?(?:for)?|changed (?:it )?to|now (?:on|booked for)|new date|gone for|"
                    r"booked (?:in )?(?:for|on)|new (?:hearing|date|appointment)|re-?listed (?:for|to)|"
                    r"now listed)\b", re.I)
_BARE_HOUR = re.compile(r"(?:@|\bat|\bfor|\bfrom)\s*(\d{1,2})(?:\s*o.?clock)?(?![\d:/]|[.,]\d|\s*(?:am|pm|a\.m|p\.m|st|"
                        r"nd|rd|th|minutes|mins|days|weeks|hrs|hours|/|-))", re.I)
# "mon 11/01 1030", "Time: 0945": four digits in office hours (never a year, a fee or a reference)
_FOUR_DIGITS = re.compile(r"(?<![£#\d/.:-])(?<!ref )(?<!no\. )\b(0[7-9]|1[0-8])([0-5]\d)\b(?![\d/.:])")
_OCLOCK = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o.?clock\b",
                     re.I)
_WORD_HOURS = {w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight",
                                           "nine", "ten", "eleven", "twelve"], 1)}
_DAY_ONLY = re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Za-z]{3})", re.I)
_THIS_PART = re.compile(r"\bthis\s+(?:am|pm|a\.m\.|p\.m\.)|\bearlier today\b|\bjust now\b|\bjust (?:paid|done)\b",
                        re.I)


def _office_hour(hour: int) -> time:
    return time(hour + 12 if 1 <= hour <= 6 else hour, 0)


def _time_in(text: str) -> time | None:
    found = dates.find_times(text)
    if found:
        return found[0][2]
    m = _OCLOCK.search(text)
    if m:
        token = m.group(1).lower()
        return _office_hour(int(token) if token.isdigit() else _WORD_HOURS[token])
    m = _BARE_HOUR.search(text)
    if m and 1 <= int(m.group(1)) <= 12:
        return _office_hour(int(m.group(1)))
    m = _FOUR_DIGITS.search(text)
    if m and not re.search(r"(?:ref|receipt|no\.?|number|account)\W*$", text[:m.start()][-15:], re.I):
        return time(int(m.group(1)), int(m.group(2)))
    return None


def _day_in(text: str, anchor: date | None, forward: bool, near: re.Pattern | None = None) -> date | None:
    """The day a reply gives: a written date or weekday before "today" or "this morning"
    (when they rang, not the appointment), the one after `near` words if any, else the first."""
    mentions = [m for m in dates.find_dates(text)
                if (m.day is not None or m.weekday is not None or m.relative)
                and m.relative != ("yesterday" if forward else "tomorrow")]
    explicit = [m for m in mentions if m.day is not None or m.weekday is not None]
    pool = (explicit if forward else mentions) or mentions
    chosen = None
    if near is not None and pool:
        for k in near.finditer(text):
            after = [m for m in pool if 0 <= m.start - k.end() <= 60]
            if after:
                chosen = after[0]
                break
    chosen = chosen or (pool[0] if pool else None)
    if chosen is not None:
        value = dates.resolve(chosen, anchor, forward)
        if value is not None and anchor is not None and abs(value.year - anchor.year) > 1:
            value = _this_year(value, anchor, forward)      # "29th March, 10 o'clock"
        if value is not None:
            return value
    m = _DAY_ONLY.search(text)
    if m and anchor is not None:
        mention = dates.DateMention(m.start(), m.end(), int(m.group(1)), None, None, None)
        return dates.resolve(mention, anchor, forward)
    return None


def _this_year(value: date, anchor: date, forward: bool) -> date:
    """A day and month taken with a number that was not its year: the nearest such date."""
    for year in ((anchor.year, anchor.year + 1) if forward else (anchor.year, anchor.year - 1)):
        try:
            candidate = value.replace(year=year)
        except ValueError:
            continue
        if (candidate >= anchor) if forward else (candidate <= anchor):
            return candidate
    return value


_NEAR = {"appointment": re.compile(r"booked|appointment|appt|visit|see(?:ing)?|seen|meet|coming in|moved|"
                                  r"rearranged|home|office", re.I),
         "hearing": re.compile(r"hearing|listed|listing|court date|in court|relisted|new date|squeezed", re.I)}


def _when(text: str, anchor: date | None, near: re.Pattern | None = None) -> str | None:
    """The appointment's (or hearing's) date and time as written; a date alone stays a date."""
    rest = text
    moved = _MOVED.search(text)
    if moved and re.search(r"\bmoved|rearranged|rebooked|changed|instead|new|listed|now\b", moved.group(0), re.I):
        rest = text[moved.start():]
    unavailable = r"\b(?:can.?t|cannot|couldn.?t|could not|unable to) (?:make|do)\b|\bnot free\b|\bvacated\b"
    kept = []
    for sentence in rest.splitlines():
        parts = re.split(r",?\s+(?=so\b|but\b)|;\s*", sentence)
        kept.append(" ".join(p for p in parts if not re.search(unavailable, p, re.I)))
    rest = "\n".join(k for k in kept if k.strip()) or rest
    week = re.search(r"\bw/?c\s+(?:mon(?:day)?\s+)?(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9})[^.\n]{0,20}?"
                     r"\b(mon|tue|wed|thu|fri)[a-z]*\b", rest, re.I)
    if week:
        start = _day_in(week.group(1), anchor, forward=True)
        if start is not None:
            offset = ["mon", "tue", "wed", "thu", "fri"].index(week.group(2).lower()) - start.weekday()
            rest = rest.replace(week.group(0), (start + timedelta(days=offset % 7)).strftime("%d/%m/%Y"), 1)
    day = _day_in(rest, anchor, forward=True, near=near)
    if day is None:
        return None
    line = next((s for s in rest.splitlines() if _day_in(s, anchor, True) == day), rest)
    at = _time_in(line) or _time_in(rest)
    if at is None:
        same = re.search(r"same time \((\d{1,2}[:.]\d{2})\)", rest)
        if same:
            at = _time_in(same.group(1))
    return datetime.combine(day, at, tzinfo=LONDON).isoformat() if at else day.isoformat()


def _location(text: str) -> str | None:
    """Where the appointment is, as written; none while it is still uncertain ("if Ty Nant
    has a room, otherwise the JCP")."""
    text = "\n".join(line for line in text.splitlines()
                     if not re.search(r"\b(?:if|otherwise|tbc|to be confirmed|waiting to hear|might be|may be)\b",
                                      line, re.I))
    labelled = _PLACE_LABEL.search(text)
    if labelled:
        return labelled.group(1).strip().rstrip(".")
    home = _HOME.search(text)
    office = None
    for m in _OFFICE.finditer(text):
        words = m.group(0).strip()
        if re.fullmatch(r"(?:the\s+|our\s+)?(?:office|centre|house)", words, re.I):
            continue       # "the office" alone names no place
        office = words
        break
    if office and not (home and home.start() < text.find(office) and not re.search(r"instead|rather", text)):
        return re.sub(r"^(?:the|our)\s+", "", office).strip(" ,.")
    if home:
        street = _STREET.search(text)
        return "client's home" + (f", {street.group(0).strip()}" if street else "")
    street = _STREET.search(text)
    return street.group(0).strip() if street else None


_FIRST_PERSON = re.compile(r"\b(?:it.?s me|it.?ll be me|it will be me|me on this|still me|me as (?:the )?cpo|"
                           r"(?:has )?come to me|it.?s mine|^\W*me\b|"
                           r"cpo is me|I.?ll be (?:the )?(?:cpo|presenting)|I.?m (?:the )?cpo|I am (?:the )?cpo|"
                           r"I.?ve picked (?:this|it) up|I have picked (?:this|it) up|I.?ll be presenting|"
                           r"I.?ll present|I will present|I.?ll still be presenting)\b", re.I)
_NAME = r"((?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){1,2}"
_NAMED_CPO = [re.compile(rf"(?:gone|passed|allocated|assigned|given)\s+(?:it\s+|this\s+)?to\s+({_NAME})"),
              re.compile(rf"({_NAME})(?:\s*\([^)]*\))?\s+(?:has|has got|.s got)\s+(?:this|it)\b"),
              re.compile(rf"({_NAME})(?:.s|’s|\s+is|\s+will be)\s+presenting\b"),
              re.compile(rf"({_NAME})\s+(?:is|has been)\s+allocated\b"),
              re.compile(rf"({_NAME})\s+(?:remains|stays|is still)\s+(?:the\s+)?(?:cpo|presenting officer)", re.I),
              re.compile(rf"^\W*({_NAME}),\s*(?:hearing|listed|hrg)\b", re.M),
              re.compile(rf"({_NAME})(?:\s*\([^)]*\))?\s+(?:is|will be|has been)\s+(?:the\s+)?(?:allocated\s+|"
                         rf"assigned\s+)?(?:cpo|presenting officer|court presenting officer|presenting)\b", re.I),
              re.compile(rf"({_NAME})(?:.s|\s+has)\s+picked\s+(?:this|it)\s+up"),
              re.compile(rf"\bCPO\s*(?:is|will be|:|-)?\s*({_NAME})"),
              re.compile(rf"({_NAME})\s+will\s+be\s+(?:presenting|doing|covering)")]


def _cpo(said: str, fields: dict, sender: str | None, sender_name: str | None) -> dict:
    name, email = None, None
    for pattern in _NAMED_CPO:
        m = pattern.search(said)
        if m:
            name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", m.group(1)).strip()
            if not re.search(r"\b(?:Court|Team|Wales|CPT|Group|Listing)\b", name):
                break
            name = None
    me = re.search(rf"\bme\s*\(({_NAME})\)", said)
    if name is None and me:
        name, email = me.group(1), sender
    if name is None and _FIRST_PERSON.search(said) and sender_name:
        name, email = sender_name, sender
    if name is None and not _FIRST_PERSON.search(said):
        name = fields.get("cpo_name") if fields.get("cpo_name") and \
            not re.search(r"\b(?:Court|Team|Wales|CPT|Group|Listing|Officer)\b", fields["cpo_name"], re.I) else None
    if name:
        surname = name.split()[-1].lower()
        written = [e.lower() for e in _ADDRESS.findall(said) if surname in e.lower()]
        email = written[0] if written else email
        if email is None and sender_name and " ".join(sender_name.lower().split()) == name.lower():
            email = sender
    return {"cpo_name": name, "cpo_email": email}


_OUTCOME_WORDS = re.compile(r"\b(?:granted|refused|made|awarded|dismissed|adjourned|struck out|suspended|"
                            r"committed|withdrawn|imposed|ordered|vacated|relisted|warrant|liability order|"
                            r"LO (?:granted|made|refused)|costs|no order|sentence|prison|custody)\b", re.I)
_NOT_GOING_AHEAD = re.compile(r"\b(?:won.?t|will not|not|no longer|decided not to)\s+(?:be\s+)?"
                              r"(?:proceed\w*|going ahead|go ahead)\b|\bnot proceeding\b|\bwithdraw\w*\b", re.I)


def _outcome(said: str) -> tuple[str | None, bool]:
    proceeding = not _NOT_GOING_AHEAD.search(said)
    if not proceeding:
        return " ".join(said.split())[:500] or None, False
    found = [s for s in said.splitlines() if _OUTCOME_WORDS.search(s)
             and not re.search(r"\b(?:will|if|once|when)\b.*\b(?:send|let you know)", s, re.I)]
    return (" ".join(" ".join(found).split())[:500] or None), True


_FAILED = re.compile(r"(?:did ?n.?t|did not|failed to|fail to|not)\s+(?:attend|turn up|show|answer|come)|"
                     r"non[- ]attendance|"
                     r"never (?:arrived|turned up|showed|came)|no sign of (?:her|him|them|the client)|"
                     r"\bno[- ]show\b|\bdna\w*\b|\bfta\b|\bnot (?:at )?home\b|\bnot present\b|nobody (?:was )?(?:home|in)\b|"
                     r"no one (?:was )?(?:home|in)\b|\bno answer\b|\bmissed\b|didn.?t show|visit failed|"
                     r"\bunable to complete\b|no access\b|wasn.?t in\b|\bwasn.?t there\b", re.I)
_COMPLETED = re.compile(r"\b(?:completed?|carried out|went ahead|went well|took place|all done|done and dusted|"
                        r"(?:f2f|visit|interview|meeting|appointment)(?:.s|\s+was|\s+is|\s+has been)?\s+(?:done|fine)|"
                        r"went through (?:the lot|everything|it all)|got through (?:everything|it all)|came in at|"
                        r"did attend|attended (?:today|this time|and)|it was fine|"
                        r"successful|turned up|attended|saw (?:her|him|them|the client|ms|mr)|seen\b|"
                        r"met (?:her|him|them|with)|visited (?:her|him|them)|interviewed)\b", re.I)
_PARTIAL = re.compile(r"\b(?:cut (?:it )?short|partly|part(?:ially)?|halfway|-ish|go(?:ing)? back|"
                      r"finish (?:it )?off|wrong (?:flat|house|address)|not sure|didn.?t happen|"
                      r"see my notes|i.?ll explain|mixed)\b", re.I)
_COUNT = {"once": 1, "one": 1, "first": 1, "1st": 1, "twice": 2, "two": 2, "second": 2, "2nd": 2,
          "three": 3, "third": 3, "3rd": 3, "thrice": 3, "four": 4, "fourth": 4, "4th": 4,
          "five": 5, "fifth": 5, "5th": 5}
_ATTEMPTS = re.compile(r"\b(once|twice|thrice|first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|one|two|three|"
                       r"four|five)\s+(?:time|attempt|occasion|visit|one|no[- ]show|fta|dna|missed)|"
                       r"\b(?:x|×)\s*(\d)\b|\((1st|2nd|3rd|4th|5th|first|second|third|fourth)\)|"
                       r"\b(three|four|five|two|\d)\s+times\b|"
                       r"\b(\d|two|three|four|five)\s+(?:missed|failed)\s+(?:visits?|appointments?|attempts?)|"
                       r"(?:failed attendances?|failed attempts?|attempts?|missed appointments?)\s*[:=]\s*(\d+)|"
                       r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)\b|#\s*(\d)\b|"
                       r"\b(two|three|four|five|\d)\s+in total\b|\b(twice|thrice)(?: now)?\b", re.I)


def _visit(said: str) -> tuple[str | None, int | None]:
    failed, completed = _FAILED.search(said), _COMPLETED.search(said)
    if _PARTIAL.search(said) and not (failed and re.search(r"\bno[- ]show|dna|fta|didn.?t (?:show|turn up)|"
                                                          r"not (?:at )?home|not present", said, re.I)):
        return None, None
    if completed and re.search(r"after missing|missed (?:the )?(?:last|previous)|turned up this time|"
                               r"after (?:two|three|\d|several) (?:dnas?|ftas?|missed|no[- ]shows)|did attend", said, re.I):
        failed = None
    if failed and not (completed and completed.start() < failed.start()):
        best = 0
        for m in _ATTEMPTS.finditer(said):
            token = next(g for g in m.groups() if g).lower()
            best = max(best, int(token) if token.isdigit() else _COUNT.get(token, 0))
        return "failed_to_attend", best or None
    if completed:
        return "completed", None
    return None, None


_DECIDE_ACCEPT = re.compile(r"\b(?:accept(?:ed|ing)?|approved?|happy with (?:this|it)|fine to go|good to go|"
                            r"happy to take|all looks in order|looks (?:fine|good|ok)(?: to (?:me|go))?|"
                            r"ok to (?:go|proceed)|no problem|all the info|nothing missing|go ahead|"
                            r"i.?ll (?:get it |ask \w+ to )?(?:allocate|book)|will allocate|allocating)\b", re.I)
_DECIDE_REJECT = re.compile(r"\b(?:reject(?:ed|ing)?|declin(?:e|ed|ing)|can.?t (?:take|accept)|cannot (?:take|accept)|"
                            r"not accept(?:ing|ed)?|unable to (?:accept|take)|send(?:ing)? (?:it |this |this one )?back|"
                            r"sent back|don.?t accept|won.?t accept|not able to accept|not one for (?:us|vsat)|"
                            r"won.?t be taking|not (?:be )?taking|not for us|^\W*sorry,? no\b)",
                            re.I)
_UNDECIDED = re.compile(r"\b(?:not sure|leave it with me|mostly ok|looks ok but|but the .* is missing|"
                        r"will (?:check|look)|need to check)\b", re.I)


def _decision(said: str) -> tuple[str | None, str | None]:
    reject, accept = _DECIDE_REJECT.search(said), _DECIDE_ACCEPT.search(said)
    if reject and re.search(r"\bnot\s+$", said[:reject.start()][-5:]):
        reject = None
    if reject and (not accept or reject.start() <= accept.start() or re.search(r"\bnot accept", reject.group(0), re.I)):
        decision = "reject"
    elif accept and not _UNDECIDED.search(said):
        decision = "accept"
    else:
        return None, None
    if decision == "accept":
        return "accept", None
    rest = said[reject.end():]
    rest = re.sub(r"^[\s:,.\-–—]*(?:this one|this|it|the referral)?\s*(?:as it stands|for now|at the moment)\b",
                  "", rest, flags=re.I)
    reason = re.sub(r"^[\s:,.\-–—]*(?:this one|this|it|the referral)?\s*(?:I.?m afraid|sorry)?[\s:,.\-–—]*"
                    r"(?:(?:as|because|since|due to|reason)\s*[:\-]?\s*)?", "", rest, flags=re.I)
    reason = re.sub(r"^(?:as it stands|for now|at the moment)\W*", "", reason.strip(), flags=re.I)
    reason = " ".join(reason.split()).strip(" .:-") or None
    if reason and (len(reason) < 6 or re.fullmatch(r"(?:to|back to)?\s*(?:ssst|you|sender)(?:\W.*)?", reason, re.I)
                   or re.fullmatch(r"(?:I.?m afraid|sorry|I.?m sorry|this one|for now)\W*", reason, re.I)
                   or re.search(r"\bsame reason as\b", reason, re.I)):
        reason = None
    if reason is None:        # "Sorry, no. She told the caseworker she doesn't want a visit. Rejecting."
        others = [line for line in said.splitlines() if not _DECIDE_REJECT.search(line)]
        reason = " ".join(" ".join(others).split()).strip(" .:-") or None
        if reason and re.search(r"\bsame reason as\b", reason, re.I):
            reason = None
    return "reject", reason


def read(kind: str, text: str, anchor: date | None, base: dict, sender: str | None,
         sender_name: str | None, sent: datetime | None = None) -> dict:
    """The answer fields of `kind` from the message's own words (`text`): the context-free
    fields (`base`, from extract.py) corrected where reading it as an answer knows better."""
    said = statements(text)
    fields = dict(base)
    if kind == "appointment_confirmation":
        fields["appointment_at"] = _when(said, anchor, _NEAR["appointment"])
        fields["location"] = _location(said)
        if isinstance(as_value(fields["appointment_at"]), date) and \
                not isinstance(as_value(fields["appointment_at"]), datetime):
            at = _time_in(said)
            if at:
                fields["appointment_time"] = at.isoformat(timespec="minutes")
        elif fields["appointment_at"] is None and _time_in(said):
            fields["appointment_time"] = _time_in(said).isoformat(timespec="minutes")
        when = as_value(fields["appointment_at"])
        if sent is not None and when is not None and (
                when < sent if isinstance(when, datetime) else when < sent.date()):
            fields["appointment_at"] = fields["location"] = None   # a report of one past, not a booking
            fields.pop("appointment_time", None)
    elif kind == "cpo_assignment":
        fields.update(_cpo(said, fields, sender, sender_name))
        fields["hearing_at"] = _when(said, anchor, _NEAR["hearing"])
        if fields["hearing_at"] is None and _time_in(said):
            fields["hearing_time"] = _time_in(said).isoformat(timespec="minutes")
    elif kind == "payment_confirmation":
        paid = None
        if _THIS_PART.search(said) or re.search(r"\b(?:paid|done|sorted)\s+(?:it\s+)?(?:now|just now)\b", said, re.I):
            paid = anchor
        paid = _day_in(said, anchor, forward=False, near=re.compile(r"\bpaid|paying|payment|went through|"
                                                                   r"done|sorted", re.I)) or paid
        if paid is None and re.search(r"\btoday\b", said, re.I):
            paid = anchor
        fields["paid_on"] = paid.isoformat() if paid else None
    elif kind == "court_outcome":
        fields["outcome"], fields["proceeding"] = _outcome(said)
    elif kind == "visit_outcome":
        fields["outcome"], fields["failed_attempts"] = _visit(said)
    elif kind == "vsat_decision":
        fields["decision"], fields["reason"] = _decision(said)
    return fields
