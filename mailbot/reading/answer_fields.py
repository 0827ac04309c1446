"""The PARSE kinds read as answers: what a context-free reading misses when the question
is known — a booking's day, time and place in people's own words, a moved hearing, the CPO
named or "it's me", a hearing's outcome, a visit completed or missed, a referral accepted or
rejected and why, the day a fee was paid — and the typed value of a field (`as_value`)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from mailbot.clock import LONDON
from mailbot.reading import dates
from mailbot.reading.context_answers import ADDRESS
from mailbot.reading.statements import statements


def as_value(text: str | None):
    """The reader's ISO text as a date or an aware datetime (None stays None)."""
    if not text or not isinstance(text, str):
        return text
    if "T" in text:
        value = datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    return date.fromisoformat(text)


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
        written = [e.lower() for e in ADDRESS.findall(said) if surname in e.lower()]
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
