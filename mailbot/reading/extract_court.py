"""Court work's fields: the court action request, the enforcement fee and its payment, the
CPO and hearing, the second PV check, the summons, the cover letter and the outcome."""
from __future__ import annotations

import itertools
import re

from mailbot.reading import dates, values
from mailbot.reading.extract_shared import (_NAME, _TEAM_WORDS, Context, _clean_name, _client_name, _court,
                                            _hearing_at, _person_name, _scin, _signature_name, _sr)
from mailbot.reading.vocabulary import fix_typos


# --- court work -------------------------------------------------------------------------

_ACTIONS = [("county_court", re.compile(r"county court|\bCCJ\b", re.I)),
            ("commitment", re.compile(r"\bcommit(?:ment|tal)\b", re.I)),
            ("liability_order", re.compile(r"liability order|\bLO\b", re.I))]


def _action(ctx: Context) -> str | None:
    value = ctx.labelled("action")
    texts = (value or "", ctx.subject, ctx.text)
    for text in itertools.chain(texts, (fix_typos(t.lower()) for t in texts)):  # then "libility order"
        best = None
        for action, pattern in _ACTIONS:
            m = pattern.search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), action)
        if best:
            return best[1]
    return None


def court_action_request(ctx: Context) -> dict:
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "client_name": _client_name(ctx),
            "action": _action(ctx), "court": _court(ctx), "hearing_at": _hearing_at(ctx)}


_FEE_SUM = re.compile(r"\bfee\b[^£\n]{0,60}(£\s*[\d,]+(?:\.\d{1,2})?)|(£\s*[\d,]+(?:\.\d{1,2})?)[^.\n]{0,30}\bfee\b",
                      re.I)


def enforcement_fee_request(ctx: Context) -> dict:
    fee = values.money(ctx.labelled("fee"))
    if fee is None:
        m = _FEE_SUM.search(ctx.text)
        fee = values.money(m.group(1) or m.group(2)) if m else values.money(ctx.text)
    if fee is None:  # "Court fee £119.00 to pay - SR ..." says it in the subject only
        m = _FEE_SUM.search(ctx.subject)
        fee = values.money(m.group(1) or m.group(2)) if m else None
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "client_name": _client_name(ctx),
            "court": _court(ctx), "fee": fee}


_CPO_NAME = [
    re.compile(rf"\b(?i:CPO|court presenting officer|presenting officer)\b(?:\s+(?:(?:for|on)\s+(?:this|the)"
               rf"(?:\s+[A-Z][\w'’-]+)?(?:\s+(?:case|one|hearing|matter|application))?|assigned|allocated))?\s*(?:is|will be|:|-|has been assigned|assigned is|"
               rf"allocated is|allocated|assigned)\s*:?\s*({_NAME})"),
    re.compile(rf"({_NAME})\s+(?:\([^)]*\)\s+)?(?:is|will be)\s+(?:the\s+)?(?:assigned\s+)?"
               rf"(?:CPO|court presenting officer|presenting officer)"),
    re.compile(rf"(?:allocated|assigned|passed)\s+(?:it\s+|this\s+|the case\s+)?to\s+({_NAME})"),
    re.compile(rf"({_NAME})\s+(?:\([^)]*\)\s+)?(?:from\s+[^.\n,]{{1,30}}?\s+)?(?:will|is going to|'ll)\s+"
               rf"(?:be\s+)?present(?:ing)?\b"),
    re.compile(r"\b(?:CPO|Court Presenting Officer|court presenting officer)\s+"
               r"((?:Mr|Mrs|Ms|Miss|Dr)?\.?\s*[A-Z][a-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){1,2})\b"),
]
_FIRST_PERSON_CPO = re.compile(
    r"\bI(?:'ll| will| am|'m| have been|'ve been|’ve been)\s+(?:be\s+)?(?:the\s+)?(?:assigned\s+|allocated\s+)?"
    r"(?:CPO|court presenting officer|presenting|presenting officer|dealing with the hearing)|"
    r"\bI(?:'ve|’ve| have) been (?:allocated|assigned|given) (?:this|the|it)\b|"
    r"\bI(?:'ve|’ve| have) picked (?:this|it|the case)(?: one)? up\b|\bI(?:'ll| will) present\b", re.I)


def cpo_assignment(ctx: Context) -> dict:
    name = values.text_value(ctx.labelled("cpo_name"))
    if name and values.EMAIL.fullmatch(name):
        name = None
    if name:  # "Tom O'Neill. Hearing date ...", "Jane Hargreaves (jane@...)"
        name = re.split(r"\s*[(<;,]|(?<![A-Z])(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMx)\.\s|\s[-–—]\s",
                        name)[0].strip().rstrip(".") or None
    if not name:
        for pattern in _CPO_NAME:
            for m in pattern.finditer(ctx.text):
                candidate = _clean_name(m.group(1).strip(), ctx.lexicon)
                if candidate and not _TEAM_WORDS.search(candidate):
                    name = candidate
                    break
            if name:
                break
    email = values.email_value(ctx.labelled("cpo_email"))
    first_person = bool(_FIRST_PERSON_CPO.search(ctx.text))
    if email is None:
        emails = [e.lower() for e in values.EMAIL.findall(ctx.text)]
        if name:
            surname = name.split()[-1].lower()
            near = [e for e in emails if surname in e]
            email = near[0] if near else None
        if email is None and emails and not first_person:
            others = [e for e in emails if e != ctx.sender]
            email = others[0] if others else None
    if first_person:
        name = name or _signature_name(ctx) or _person_name(ctx.sender_name, ctx.lexicon)
        email = email or ctx.sender
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "cpo_name": name, "cpo_email": email,
            "hearing_at": _hearing_at(ctx)}


def second_pv_check_request(ctx: Context) -> dict:
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "hearing_at": _hearing_at(ctx)}


_ISSUED = re.compile(r"issued|issue date|date of issue|served|posted|sent out|sent", re.I)


def summons_issued(ctx: Context) -> dict:
    value = ctx.labelled("issue_date")
    found = dates.pick(value, ctx.anchor, forward=False) if value else None
    if found is None:
        found = dates.pick(ctx.text, ctx.anchor, forward=False, near=_ISSUED) or \
            dates.pick(ctx.subject, ctx.anchor, forward=False, near=_ISSUED)
    if found and "T" in found:
        found = found.split("T")[0]
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "issue_date": found}


_COSTS_SUM = re.compile(r"\bcosts?\b[^£\n]{0,60}(£\s*[\d,]+(?:\.\d{1,2})?)", re.I)
# "... at 2pm. Costs to add: 60": a label in mid-line, the sum without its £
_COSTS_BARE = re.compile(r"\bcosts?\b[^.\n\d£:]{0,20}:\s*(\d[\d,]*(?:\.\d{2})?)(?![\d/.:]|\s*(?:days?|weeks?|%))", re.I)


def cover_letter_request(ctx: Context) -> dict:
    costs = values.money(ctx.labelled("costs"))
    if costs is None:
        m = _COSTS_SUM.search(ctx.text)
        costs = values.money(m.group(1)) if m else None
    if costs is None:
        m = _COSTS_BARE.search(ctx.text)
        costs = values.money(m.group(1)) if m else None
    if costs is None:  # "... hearing 19/11 - costs £92.50" in the subject
        m = _COSTS_SUM.search(ctx.subject)
        costs = values.money(m.group(1)) if m else None
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "hearing_at": _hearing_at(ctx, subject_first=True),
            "costs": costs}


_NOT_PROCEEDING = re.compile(
    r"(?:will|shall|would|are|am|is|do|does)\s+not\s+(?:be\s+)?(?:proceed|proceeding|going ahead|go ahead)|"
    r"(?:won.?t|not|don.?t|doesn.?t)\s+(?:be\s+)?(?:proceed|proceeding|going ahead|go ahead)|"
    r"decided not to (?:proceed|go ahead|continue)|no longer (?:proceed|proceeding|going ahead)|"
    r"not to proceed|(?:case|application|action|hearing) (?:has been |was |is )?(?:withdrawn|discontinued)", re.I)
_OUTCOME_SENTENCE = re.compile(
    r"[^.\n]*\b(?:granted|refused|made|awarded|dismissed|adjourned|struck out|suspended|committed|"
    r"issued|withdrawn|imposed|ordered|obtained)\b[^.\n]*", re.I)


_SENTENCE_END = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")
_CONDITIONAL = re.compile(r"\b(?:will|if|once|when)\b", re.I)
_GREETING = re.compile(r"^\W*(?:(?:hi|hello|morning|afternoon|good (?:morning|afternoon))\b[\w ]{0,20}?,\s*)?"
                       r"(?:(?:the\s+)?(?:good news|update)\W+)?", re.I)


def court_outcome(ctx: Context) -> dict:
    # "Result: LO granted. The PP did not attend." - the outcome is the first sentence
    labelled = _SENTENCE_END.split((ctx.labelled("outcome") or "").strip(), maxsplit=1)[0]
    outcome = values.text_value(labelled.rstrip("."))
    proceeding = not _NOT_PROCEEDING.search(ctx.text)
    if outcome is None and proceeding:
        m = _OUTCOME_SENTENCE.search(ctx.text)
        if m and not _CONDITIONAL.search(m.group(0)):
            outcome = values.text_value(_GREETING.sub("", m.group(0).strip()))
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "outcome": outcome, "proceeding": proceeding}


_PAID = re.compile(r"\bpaid\b|payment|\bmade\b", re.I)


def payment_confirmation(ctx: Context) -> dict:
    value = ctx.labelled("paid_on")
    paid_on = dates.pick(value, ctx.anchor, forward=False) if value else None
    if paid_on is None:
        paid_on = dates.pick(ctx.text, ctx.anchor, forward=False, near=_PAID)
    if paid_on and "T" in paid_on:
        paid_on = paid_on.split("T")[0]
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "paid_on": paid_on}
