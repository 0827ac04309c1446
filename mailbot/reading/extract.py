"""Each kind's fields, from the subject, the new text and any form (PARSE.md field list)."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from mailbot.reading import dates, values
from mailbot.reading.labels import Pairs, read_pairs
from mailbot.reading.vocabulary import Lexicon, fix_typos

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


@dataclass
class Context:
    """What one message offers the extractors."""

    lexicon: Lexicon
    subject: str
    text: str                       # the message's own text (new text, or a forward whole)
    anchor: date | None             # the Date header's day, UK time
    sender: str | None = None
    sender_name: str | None = None
    form_lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _pairs: Pairs | None = None

    @property
    def pairs(self) -> Pairs:
        if self._pairs is None:
            self._pairs = read_pairs(self.form_lines + self.text.splitlines(), self.lexicon)
        return self._pairs

    @property
    def all_text(self) -> str:
        return self.subject + "\n" + self.text

    def labelled(self, name: str) -> str | None:
        return self.pairs.get(name)


def extract(kind: str, ctx: Context) -> dict:
    fields = dict.fromkeys(FIELDS[kind])
    handler = _EXTRACTORS.get(kind)
    if handler:
        fields.update(handler(ctx))
    return {k: fields.get(k) for k in FIELDS[kind]}


# --- shared -----------------------------------------------------------------------------

def _sr(ctx: Context) -> str | None:
    value = ctx.labelled("sr_number")
    if value:
        found = values.SR.search(value.replace(" ", "")) if value else None
        if found:
            return found.group(0).upper()
    for text in (ctx.subject, "\n".join(ctx.form_lines), ctx.text):
        found = values.sr_number(text)
        if found:
            return found
    return None


_SIX_DIGITS = re.compile(r"\d{6}")


def _scin(ctx: Context) -> str | None:
    value = ctx.labelled("scin")
    if value and _SIX_DIGITS.search(value.replace(" ", "").replace("-", "")):
        return values.scin_value(value)
    for text in (ctx.subject, ctx.text):
        found = values.scin(text)
        if found:
            return found
    return None


_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+)?[A-Z][A-Za-z'’\-]+(?:[ \t]+(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.?)){0,3}"
_CLIENT_NAME = [
    re.compile(rf"(?:[Pp]aying|[Rr]eceiving|[Nn]on[- ]?resident) parent[,:]?\s+(?:is\s+|called\s+|named\s+|being\s+)?({_NAME})"),
    re.compile(rf"\b(?:NRP|PWC|PeWC|PP|RP|client|customer)\b[,:]?\s*(?:is\s+|called\s+|named\s+|-\s+)?({_NAME})"),
    re.compile(rf"\bagainst\s+(?:the\s+(?:paying|receiving)\s+parent,?\s+)?({_NAME})"),
    re.compile(rf"\b((?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s+){{0,3}}[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?)"),
]


_ROLE_AFTER_NAME = re.compile(r"\s*[(\[]\s*(?:the\s+)?(?:NRP|PWC|PeWC|PP|RP|paying parent|receiving parent|"
                              r"non[- ]?resident parent|parent with care|person with care)\s*[)\]]\s*$", re.I)


def _client_name(ctx: Context) -> str | None:
    value = values.text_value(ctx.labelled("client_name"))
    if value:
        return _ROLE_AFTER_NAME.sub("", value) or value
    for pattern in _CLIENT_NAME:
        for m in pattern.finditer(ctx.text):
            name = _clean_name(m.group(1), ctx.lexicon)
            if name:
                return name
    return None


_POSSESSIVE = re.compile(r"['’]s$")


def _clean_name(name: str, lexicon: Lexicon) -> str | None:
    name = _POSSESSIVE.sub("", name)  # "Mrs Alison Grey's case"
    words = name.split()
    while words and words[-1].lower().strip(".") in lexicon.not_names:
        words.pop()
    if not words or words[0].lower().strip(".") in lexicon.not_names:
        return None
    if words[0].lower().strip(".") in lexicon.titles and len(words) == 1:
        return None
    return " ".join(words)


_COURT = re.compile(
    r"((?:[A-Z][\w'’.&-]*\s+(?:(?:and|upon|on|under)\s+(?=[A-Z]))?){1,5}?(?:County|Magistrates['’]?|Family|Sheriff|Crown|Civil|Combined|"
    r"Justice)\s+Court(?:\s+(?:Centre|Center|House))?|(?:[A-Z][\w'’.&-]*\s+){1,4}?(?:Civil|Family|Combined)?"
    r"\s*Justice\s+Centre)|(Sheriff Court of [A-Z][\w-]+)")
_COURT_LEAD = re.compile(r"^(?:The|At|In|To|From|For|Via|A|An|Our|Your|Local|Hearing|Court|On|[A-Z][a-z]+ing)\s+")
_COURT_KIND_ONLY = re.compile(r"(?i)(?:county|magistrates['’]?|family|crown|civil|combined|sheriff)\s+court")


_NEXT_SENTENCE = re.compile(r"\.\s+(?=[A-Z][a-z]+\s+[a-z])")


_ACTION_ONLY = re.compile(r"(?i)county court|commitment|liability order")


def _court(ctx: Context) -> str | None:
    # "Court: Hull Magistrates' Court. Hearing to be confirmed." - the court, not the note after it
    value = values.text_value(_NEXT_SENTENCE.split(ctx.labelled("court") or "", maxsplit=1)[0].rstrip("."))
    if value and not _ACTION_ONLY.fullmatch(value):
        return value
    if ctx.labelled("court") and value is None:
        return None  # "Court: TBC"
    for text in (ctx.text, ctx.subject):
        for m in _COURT.finditer(text):
            court = m.group(1) or m.group(2)
            while _COURT_LEAD.match(court) and len(court.split()) > 2:
                court = _COURT_LEAD.sub("", court, count=1)
            if not _COURT_KIND_ONLY.fullmatch(court.strip()):  # "Allocating County Court": no court named
                return court.strip()
    return value


_HEARING = re.compile(r"hearing|listed|court date|in court|before the (?:court|magistrates)|"
                      r"court on|attend(?:ing)? court", re.I)


def _labelled_when(ctx: Context, name: str, forward: bool = True) -> str | None:
    """A labelled date, with its time when that is on a row of its own ("Time: 2pm")."""
    found = [v for v in ctx.pairs.values.get(name, ()) if v.strip()]
    if not found:
        return None
    when = dates.pick(found[0], ctx.anchor, forward=forward)
    if when and "T" not in when:
        times = found[1:3] + [v for v in ctx.pairs.values.get("time_of_day", ()) if v.strip()][:1]
        if times:
            joined = dates.pick("\n".join([found[0]] + times), ctx.anchor, forward=forward)
            if joined and joined.startswith(when):
                when = joined
    return when


def _hearing_at(ctx: Context, subject_first: bool = False) -> str | None:
    found = _labelled_when(ctx, "hearing_at")
    if found:
        return found
    sources = [ctx.subject, ctx.text] if subject_first else [ctx.text, ctx.subject]
    for text in sources:
        found = dates.pick(text, ctx.anchor, forward=True, near=_HEARING, need_day=True)
        if found:
            return found
    return None


# --- f2f_referral -----------------------------------------------------------------------

def _role(ctx: Context) -> str | None:
    options = ctx.pairs.options.get("client_role")
    value = ctx.labelled("client_role")
    if value:
        ticked = re.findall(r"[☒☑✓✔■]\s*([^☒☐☑✓✔■□]+)", value)
        candidates = ticked or [value]
        for candidate in candidates:
            option = ctx.lexicon.option_for("client_role", candidate)
            if option:
                return option
            for role, pattern in ctx.lexicon.role_terms:
                if pattern.search(candidate):
                    return role
    if options:
        return options[0]
    for role, pattern in ctx.lexicon.role_terms:
        if value is None and pattern.search(ctx.text) and not any(
                p.search(ctx.text) for r, p in ctx.lexicon.role_terms if r != role):
            return role
    if value is None:  # both named: the one the referral is "for" / "with"
        m = re.search(r"(?:with|for|visit(?:ing)?|see)\s+the\s+(paying parent|receiving parent|NRP|PWC|PeWC)",
                      ctx.text, re.I)
        if m:
            for role, pattern in ctx.lexicon.role_terms:
                if pattern.search(m.group(1)):
                    return role
    return None


_TICKED_REASON = re.compile(r"(?:[☒☑✓✔■]|\[\s*[xX✓]\s*\])\s*([^☒☐☑✓✔■□\[\]]+)")
_UNTICKED = re.compile(r"^\s*(?:\[\s*\]|[☐□])")
_OTHER_THEN_TEXT = re.compile(r"^\W*other\s*(?:[-–—:]\s*(.+)|\((.+)\))\s*$", re.I)


_PROSE_REASON = re.compile(r"\b(?:to (?:discuss|talk (?:about|through)|go (?:through|over)|explain|speak about)|"
                           r"regarding|in relation to)\s+([^.\n]{3,160})", re.I)
_ENFORCEMENT_WORDS = re.compile(r"enforc|recover|arrears|deduction order|liability order|commitment", re.I)


def _prose_reason(ctx: Context, role: str | None) -> str | None:
    """A request written as a sentence: "... a face to face with the PWC to discuss the enforcement ..."."""
    m = _PROSE_REASON.search(ctx.text)
    if not m:
        return None
    clause = m.group(1)
    if _ENFORCEMENT_WORDS.search(clause):
        return f"enforcement_{role}" if role else None
    for reason, pattern in ctx.lexicon.reason_search:
        if pattern.search(clause):
            return reason
    return None


def _reason(ctx: Context) -> tuple[str | None, str | None]:
    options = ctx.pairs.options.get("*", [])
    value = values.text_value(ctx.labelled("reason"))
    other = values.text_value(ctx.labelled("reason_text"))
    candidates = []
    if value:
        ticked = _TICKED_REASON.findall(value)
        candidates.extend(t.strip() for t in ticked)
        if not ticked and not _UNTICKED.match(value):  # "[ ] A complaint ...": an option not chosen
            candidates.append(value)
    candidates.extend(options)
    if value and candidates and candidates[0] == value:
        m = _OTHER_THEN_TEXT.match(value)  # "Other - client wants to discuss ..."
        if m:
            return "other", other or values.text_value(m.group(1) or m.group(2))
    for candidate in candidates:
        for reason, pattern in ctx.lexicon.reasons:
            if pattern.match(candidate):
                if reason == "other":
                    return "other", other
                return reason, None
    for candidate in candidates[:1]:
        for reason, pattern in ctx.lexicon.reason_search:
            if pattern.search(candidate):
                return reason, None
        if candidate == value:
            return "other", other or value
    if other:
        return "other", other
    return None, None


_HOUSE = re.compile(r"^\s*(?:(?:flat|unit|apartment)\s+\w+,?\s+)?\d+[a-z]?,?\s+[A-Za-z]", re.I)


_HEADER_LINE = re.compile(r"^\s*(?:from|sent|subject|date)\s*:", re.I | re.M)


def _above_signature(ctx: Context, name: str) -> str | None:
    """A labelled value that is not the sender's own ("Tel:" under "Regards, Sian")."""
    found = [v for v in ctx.pairs.values.get(name, ()) if v.strip()]
    if not found:
        return ctx.labelled(name)
    closings = [m.end() for m in _CLOSING.finditer(ctx.text)]
    for value in found:
        at = ctx.text.find(value)
        signed = [end for end in closings if end <= at]
        between = ctx.text[signed[-1]:at] if signed else ""
        if not signed or between.count("\n") > 8 or _HEADER_LINE.search(between):
            return value  # not under a sign-off (or under a forwarded message's headers)
    return None


def _address_line(text: str) -> str | None:
    """An address typed with no label: a line that starts with a house number and ends in a postcode."""
    for line in text.splitlines():
        if len(line) < 100 and _HOUSE.match(line):
            m = values.POSTCODE.search(line)
            if m and not line[m.end():].strip(" .,"):
                return values.strip_postcode(line.strip()) or None
    return None


_SAYS_YES = re.compile(r"\b(?:yes|present|recorded|applies)\b", re.I)
_SAYS_NO = re.compile(r"\b(?:no|not|none|nil)\b", re.I)


def _flag_bool(ctx: Context, name: str) -> bool | None:
    value = ctx.labelled(name)
    result = values.boolean(value)
    if result is None and value:
        if _SAYS_YES.search(value):
            return True
        if _SAYS_NO.search(value):
            return False
    return result


_EIO = re.compile(r"enforcement investigative officer|\bEIO\b", re.I)
_NO_EIO = re.compile(r"\bno\b[^.\n]{0,30}(?:enforcement investigative|EIO)", re.I)


_ENFORCEMENT_ONLY = re.compile(r"\W*enforcement(?: action)?\W*", re.I)


def _labelled_email(ctx: Context, name: str) -> str | None:
    """The first address among a field's labelled values: "Owning caseworker: Tom Baxter"
    names the person, "Caseworker email: tom@..." gives the address."""
    for value in ctx.pairs.values.get(name, ()):
        address = values.email_value(value)
        if address:
            return address
    return None


def f2f_referral(ctx: Context) -> dict:
    out: dict = {"sr_number": _sr(ctx), "scin": _scin(ctx), "client_name": _client_name(ctx)}
    out["client_role"] = _role(ctx)
    address = values.text_value(ctx.labelled("address"))
    more = [v for v in (values.text_value(v) for v in ctx.pairs.values.get("address_more", ())) if v]
    if address and more:  # "Address line 1 / Address line 2 / Town" rows
        address = ", ".join([address] + more)
    if address is None and ctx.labelled("address") is None:
        address = _address_line(ctx.text)
    code = values.postcode(ctx.labelled("postcode")) or values.postcode(address)
    if code is None and not ctx.labelled("postcode"):
        code = values.postcode(ctx.text)
    if address:
        address = values.strip_postcode(address) or None
    out["address"], out["postcode"] = address, code
    out["phone"] = values.phone(_above_signature(ctx, "phone"))
    out["reason"], out["reason_text"] = _reason(ctx)
    if out["reason"] == "other" and out["client_role"] and _ENFORCEMENT_ONLY.fullmatch(out["reason_text"] or ""):
        # "Reason: Enforcement" beside "NRP": the role says whose enforcement it is
        out["reason"], out["reason_text"] = f"enforcement_{out['client_role']}", None
    if out["reason"] is None and ctx.labelled("reason") is None:
        out["reason"] = _prose_reason(ctx, out["client_role"])
    for name in ("pv", "ucb", "dangerous_area", "under_16", "enforcement"):
        out[name] = _flag_bool(ctx, name)
    out["special_requirements"] = values.text_value(ctx.labelled("special_requirements"))
    out["caseworker_email"] = _labelled_email(ctx, "caseworker_email")
    out["team_leader_email"] = _labelled_email(ctx, "team_leader_email")
    nation = ctx.labelled("nation")
    out["nation"] = (ctx.lexicon.option_for("nation", nation) if nation else None) \
        or values.nation_from_postcode(code)
    if out["enforcement"] is None and _EIO.search(ctx.text):
        out["enforcement"] = not _NO_EIO.search(ctx.text)
    return out


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


_CLOSING = re.compile(r"^\W*(?:(?:kind|best|warm|many)?\s*(?:regards|thanks|thank you|wishes)|cheers|"
                      r"all the best|ta|diolch|yours sincerely|yours faithfully)\b[\w ]{0,20}\W*$", re.I | re.M)
_TEAM_WORDS = re.compile(r"\b(?:team|inbox|mailbox|cpt|ssst|vsat|cmg|unit|office|admin|north|south|east|west|"
                         r"midlands|wales|scotland|region)\b", re.I)


def _signature_name(ctx: Context) -> str | None:
    """The person who signs the message: the name under "Kind regards" and the like."""
    last = None
    for last in _CLOSING.finditer(ctx.text):
        pass
    if last is None:
        return None
    for line in ctx.text[last.end():].splitlines()[:4]:
        line = line.strip()
        if not line:
            continue
        return _person_name(re.split(r"\s+[|,–-]\s+|\s*\(", line)[0], ctx.lexicon)
    return None


def _person_name(raw: str | None, lexicon: Lexicon) -> str | None:
    """A person's name as people write it: "Shah, Priya" is Priya Shah; a team mailbox is no one."""
    if not raw:
        return None
    raw = re.sub(r"\s*[(\[].*$", "", raw.strip().strip('"')).strip()
    m = re.fullmatch(r"([A-Z][\w'’-]+),\s*([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", raw)
    if m:
        raw = f"{m.group(2)} {m.group(1)}"
    if _TEAM_WORDS.search(raw) or not re.fullmatch(_NAME, raw) or len(raw.split()) < 2:
        return None
    return _clean_name(raw, lexicon)


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


# --- face to face replies ---------------------------------------------------------------

_DECISION = re.compile(r"^\W*(?P<word>accept(?:ed|ing)?|reject(?:ed|ing)?|approved?|declined?|declining|decline)\b"
                       r"\W*(?P<rest>.*)$", re.I | re.M)
_DECISION_WORDS = re.compile(r"\b(?:(?:is|has been|was|are|have|we)\s+)?(?P<word>accepted|rejected|approved|declined"
                             r"|accept|reject|decline)\b", re.I)
_CANNOT_TAKE = re.compile(r"(?:can ?not|can.t|unable to|won.t|will not|not able to|won.t be able to)\s+"
                          r"(?:accept|take)\b(?:\s+(?:this|the|it)(?:\s+(?:one|referral|request|case|visit))?"
                          r"\s*(?:[-–—:]|,?\s+(?:as|because|since|due to))\s+(?P<r>[^\n]+))?", re.I)
_WILL_TAKE = re.compile(r"(?:happy|able|pleased|ok|okay|fine|glad)\s+to\s+(?:accept|take)\s+(?:this|the|it)\b|"
                        r"\b(?:we|I)(?:.ll|\s+will|\s+can)\s+(?:accept|take)\s+(?:it|this|the)\b", re.I)
# "Yes, go ahead." as the whole answer to a referral put up for decision
_ASSENT = re.compile(r"\W*(?:yes|yep|ok|okay|fine|agreed|go ahead)\b[\w ,.!'’-]{0,30}(?:\n|$)", re.I)
_REASON = re.compile(r"\b(?:because|as|reason(?: for (?:rejection|decision))?\s*(?:is|:|-))\s+(?P<r>[^\n]+)",
                     re.I)


def vsat_decision(ctx: Context) -> dict:
    decision, reason = None, None
    labelled = ctx.labelled("decision")
    if labelled:
        decision = _decision_word(labelled)
    m = _DECISION.search(ctx.text)
    if m:
        decision = decision or _decision_word(m.group("word"))
        rest = m.group("rest").strip()
        if decision == "reject" and rest:
            reason = rest
    if decision is None:
        m = _CANNOT_TAKE.search(ctx.text)
        if m:
            decision = "reject"
            reason = reason or m.group("r")
        elif _WILL_TAKE.search(ctx.text) or _ASSENT.match(ctx.text):
            decision = "accept"
        else:
            m = _DECISION_WORDS.search(ctx.all_text)
            decision = _decision_word(m.group("word")) if m else None
    label = ctx.labelled("vsat_reason")
    if label and decision == "reject" and not reason:
        reason = label
    if reason is None and decision == "reject":
        m = _REASON.search(ctx.text)
        if m:
            reason = m.group("r")
    if reason:
        reason = re.sub(r"^(?:reason\s*[:\-]\s*|because\s+)", "", reason.strip(), flags=re.I)
        reason = values.text_value(reason.rstrip("."))
    return {"sr_number": _sr(ctx), "decision": decision, "reason": reason}


def _decision_word(word: str) -> str | None:
    word = word.lower().strip()
    if re.match(r"(?:not|unable|can ?not|can.t|won.t|will not)\b", word):
        return "reject"  # "Not accepted", "Unable to accept"
    if word.startswith(("accept", "approv")):
        return "accept"
    if word.startswith(("reject", "declin")):
        return "reject"
    return None


_APPOINTMENT_WORDS = re.compile(r"appointment|booked|arranged|see|visit|meet|on", re.I)


def appointment_confirmation(ctx: Context) -> dict:
    when = _labelled_when(ctx, "appointment_at")
    if when and "T" not in when:
        when = None
    if when is None:
        when = dates.pick(ctx.text, ctx.anchor, forward=True, need_day=True, near=_APPOINTMENT_WORDS) \
            or dates.pick(ctx.subject, ctx.anchor, forward=True, need_day=True)
    location = values.text_value(ctx.labelled("location"))
    if location is None:
        location = _location(ctx)
    return {"sr_number": _sr(ctx), "appointment_at": when, "location": location}


def _location(ctx: Context) -> str | None:
    for line in ctx.text.splitlines():
        m = ctx.lexicon.place_words.search(line)
        if not m or len(line) > 300:
            continue
        head = line[:m.start()]
        starts = [h.end() for h in re.finditer(r"\b(?:at|in|venue is|venue:|location is|held at|@)\s+",
                                                head, re.I)]
        start = starts[-1] if starts else 0
        segment = line[start:]
        commas = [c.end() for c in re.finditer(r",\s*", head)]
        if not starts and commas:
            segment = line[commas[-1]:]
        before = segment[:m.start() - start]
        found = [d.end for d in dates.find_dates(before)] + [t[1] for t in dates.find_times(before)]
        if found:
            cut = [c for c in commas if c > start + max(found)]
            rest = re.match(r"[\s,;:()\-–—]*(?:(?:at|in|@)\s+)?", before[max(found):])
            if cut:
                segment = line[cut[0]:]
            elif rest.group(0) and re.search(r"[-–—,:@]|\b(?:at|in)\b", rest.group(0)):
                segment = before[max(found) + rest.end():] + segment[m.start() - start:]
            else:
                segment = line[m.start():]
        end = re.search(r"\.(?:\s|$)|\s+(?:on|at)\s+(?:\d|mon|tue|wed|thu|fri|sat|sun)|\s+-\s+|;|!|\?", segment, re.I)
        if end:
            segment = segment[:end.start()]
        segment = re.sub(r"^(?:the\s+)?", "", segment.strip(" ,.:;-"), flags=re.I)
        if segment:
            return segment
    return None


_FAILED = re.compile(r"(?:did ?n.?t|did not|failed to|fail to|didn.?t|not)\s+(?:attend|turn up|show|answer|at home)|"
                     r"no access (?:at|to) (?:the )?(?:address|property|house|flat|home)|(?:gained|got|had) no access|"
                     r"could ?n.?t (?:gain|get) access|"
                     r"\bFTA\b|\bDNA(?:.?d)?\b(?!\W*(?:test|testing|sample|result))|no[- ]show|no answer|missed (?:the |his |her |their )?(?:appointment|visit)|"
                     r"failed (?:visit|attendance|attempt)|not (?:at )?home|nobody (?:was )?(?:home|in)|"
                     r"no one (?:was )?(?:home|in)|was not in\b|wasn.t in\b|non[- ]attendance|wasn.t (?:at )?home|"
                     r"(?:attempt|visit) (?:has |was )?(?:failed|unsuccessful)", re.I)
_COMPLETED = re.compile(r"(?:visit|interview|meeting|appointment)\s+(?:was\s+|has been\s+|is\s+)?(?:now\s+)?"
                        r"(?:completed|carried out|took place|went ahead|done|complete)|"
                        r"completed (?:the\s+)?(?:visit|interview|face[- ]to[- ]face|meeting)|"
                        r"(?:saw|met|visited|met with)\s+(?:mr|mrs|ms|miss|dr|the client|him|her|them)\b|"
                        r"\boutcome\s*:?\s*completed", re.I)
_ORDINAL = {"first": 1, "1st": 1, "once": 1, "one": 1, "second": 2, "2nd": 2, "twice": 2, "two": 2,
            "third": 3, "3rd": 3, "three": 3, "thrice": 3, "fourth": 4, "4th": 4, "four": 4,
            "fifth": 5, "5th": 5, "five": 5}
_ATTEMPTS = [
    re.compile(r"(?:failed(?: to attend)?|missed|did not attend|didn.t attend|no[- ]show|FTA|DNA)(?:['’]d|\w*)\s+"
               r"(?P<n>once|twice|thrice|\d+|one|two|three|four|five)\s*(?:times?)?\b", re.I),
    re.compile(r"(?P<n>\d+|one|two|three|four|five)\s+(?:(?:failed|missed|unsuccessful)\s+"
               r"(?:attempts?|visits?|appointments?|attendances?)|(?:FTA|DNA|no[- ]show)s?\b)", re.I),
    re.compile(r"(?P<n>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:missed|failed|"
               r"unsuccessful|FTA|DNA|no[- ]show|(?:attempt|visit)\s+(?:has\s+|was\s+)?(?:failed|unsuccessful))\b", re.I),
    re.compile(r"(?P<n>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:time|occasion)\s+"
               r"(?:\w+\s+){0,3}(?:not|failed|missed|didn)", re.I),
    re.compile(r"(?:failed|missed|did not attend|didn.t attend|not attend|did ?n.?t (?:show|turn up)|did not (?:show|turn up)|"
               r"\bDNA|no[- ]show|\bFTA|no access)\w*[^.\n]{0,40}?"
               r"(?:for\s+)?(?:the\s+)?(?P<n>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+"
               r"(?:time|occasion|one|attempt|visit|appointment)", re.I),
    re.compile(r"(?:failed attempts|attempts|missed appointments|failed visits)\s*[:=]\s*(?P<n>\d+)", re.I),
]


_SAYS_FAILED = re.compile(r"fail|fta|not attend", re.I)
_SAYS_COMPLETED = re.compile(r"complet|attended|done|success", re.I)


def visit_outcome(ctx: Context) -> dict:
    failed = _FAILED.search(ctx.text) or _FAILED.search(ctx.subject)
    completed = _COMPLETED.search(ctx.text)
    outcome = None
    labelled = ctx.labelled("outcome")
    if labelled:
        if _FAILED.search(labelled) or _SAYS_FAILED.search(labelled):
            outcome = "failed_to_attend"
        elif _SAYS_COMPLETED.search(labelled):
            outcome = "completed"
    if outcome is None:
        if failed and not (completed and completed.start() < failed.start()):
            outcome = "failed_to_attend"
        elif completed:
            outcome = "completed"
    attempts = None
    if outcome == "failed_to_attend":
        best = 0
        for pattern in _ATTEMPTS:
            for m in pattern.finditer(ctx.text):
                token = m.group("n").lower()
                number = int(token) if token.isdigit() else _ORDINAL.get(token, 0)
                best = max(best, number)
        attempts = best or None
    return {"sr_number": _sr(ctx), "outcome": outcome, "failed_attempts": attempts}


_PAID = re.compile(r"\bpaid\b|payment|\bmade\b", re.I)


def payment_confirmation(ctx: Context) -> dict:
    value = ctx.labelled("paid_on")
    paid_on = dates.pick(value, ctx.anchor, forward=False) if value else None
    if paid_on is None:
        paid_on = dates.pick(ctx.text, ctx.anchor, forward=False, near=_PAID)
    if paid_on and "T" in paid_on:
        paid_on = paid_on.split("T")[0]
    return {"sr_number": _sr(ctx), "scin": _scin(ctx), "paid_on": paid_on}


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
