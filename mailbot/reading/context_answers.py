"""The answer kinds only a question gives meaning to: "all clear on PV" means nothing without
the PV check it answers. The officer's PV check (PV, UCB, dangerous area, clause by clause),
the second PV check (with payments and contact), the email addresses a reply names, and a
postal address given in reply."""
from __future__ import annotations

import re

from mailbot.reading import visiting_answers
from mailbot.reading.statements import CANNOT, statements

# Kinds a reply can be only as the answer to a question, and their fields.
CONTEXT_FIELDS = {
    "pv_check_result": ["pv", "ucb", "dangerous_area"],
    "second_pv_check_result": ["pv", "payments", "contact", "result"],
    "addresses_named": ["emails"],
    "reply_text": ["text"],        # a free answer the step reads against the config (a region)
    "postal_address": ["address", "postcode"],
    "request_answered": ["answered"],   # an FOI route or SAR team: answered / released, or not yet
    **visiting_answers.FIELDS,     # Access to Work visiting referrals (procedure 004)
}


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
    if _UNSURE.search(text) or (CANNOT.search(text) and found["pv"] is not True):
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


ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def addresses_named(text: str) -> dict:
    """The email addresses a reply names (the consultants to send, the ECM)."""
    return {"emails": sorted({a.lower() for a in ADDRESS.findall(text)}) or None}


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


_NOT_ANSWERED = re.compile(r"\b(?:not (?:yet|been)|extension|still (?:working|gathering|waiting)|in progress|"
                           r"working on|will (?:reply|respond|release|send)|haven.?t|has not|hasn.?t)\b", re.I)
_ANSWERED = re.compile(r"\b(?:answered|responded|response (?:sent|issued|went)|replied|released|sent (?:it|the "
                       r"(?:information|data|response|reply))|closed|completed?|dealt with|done|issued)\b", re.I)


def request_answered(text: str) -> dict:
    """An FOI route or SAR team's reply: answered (released) True, not yet False, else None."""
    said = statements(text)
    if _NOT_ANSWERED.search(said):
        return {"answered": False}
    return {"answered": True if _ANSWERED.search(said) else None}


def extract_context_kind(kind: str, text: str, anchor=None) -> dict:
    if kind in visiting_answers.FIELDS:
        return visiting_answers.read(kind, text, anchor)
    fields = {"pv_check_result": pv_check_result, "second_pv_check_result": second_pv_check_result,
              "addresses_named": addresses_named,
              "reply_text": lambda t: {"text": statements(t).strip() or None},
              "postal_address": postal_address, "request_answered": request_answered}[kind](text)
    return {name: fields.get(name) for name in CONTEXT_FIELDS[kind]}
