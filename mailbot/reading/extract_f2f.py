"""Face-to-face work's fields: the referral (CMSF5579 or its email), VSAT's decision, the
booking, and how the visit went."""
from __future__ import annotations

import re

from mailbot.reading import dates, values
from mailbot.reading.extract_shared import _CLOSING, Context, _client_name, _labelled_when, _scin, _sr


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
