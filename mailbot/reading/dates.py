"""Dates and times as UK officers write them, resolved against the message's Date header.

Day first (03/12/2026, 3.12.26, 3rd December 2026, Thursday 3 Dec at 10.30am). A date
without a year is resolved forward (hearings, appointments: the next such date on or after
the anchor) or backward (issue and payment dates: the latest on or before it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mailbot.clock import LONDON

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_WEEKDAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}

_MONTH = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = (r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|"
            r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?")
_YEAR4 = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    # 2026-12-03
    re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d])"),
    # [Thursday] 3rd [of] December [2026]
    re.compile(rf"(?<!\w)(?:{_WEEKDAY},?\s+(?:the\s+)?)?{_DAY}(?:\s+of)?[\s-]+{_MONTH}"
               rf"(?:,?[\s-]+(?:{_YEAR4}|'?(?P<y2>\d\d)(?![\d:.]|\s*(?:am|pm|a\.m|p\.m|hrs|h\b))))?(?!\w)",
               re.I),
    # [Thursday,] December 3rd[,] [2026]
    re.compile(rf"(?<!\w)(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?!\s*(?:am|pm|[:.]\d))"
               rf"(?:,?\s+{_YEAR4})?(?!\w)", re.I),
    # [Thu] 03/12/2026, 3.12.26, 3-12-2026
    re.compile(rf"(?<![\w/.:-])(?:{_WEEKDAY},?\s+)?(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<m>[01]?\d)"
               rf"(?P=sep)(?:{_YEAR4}|(?P<y2>\d\d))(?![\w/]|\.\d)", re.I),
    # [Thu] 03/12 (slash only: 10.30 is a time)
    re.compile(rf"(?<![\w/.:-])(?:{_WEEKDAY},?\s+)?(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![\w/]|\.\d)", re.I),
]
def _lowered(pattern: re.Pattern) -> re.Pattern:
    from mailbot.reading.vocabulary import lower_pattern
    return re.compile(lower_pattern(pattern.pattern), pattern.flags & ~re.I)


_PATTERNS_LOW = [_lowered(p) for p in _PATTERNS]
_TEXTUAL_HINT = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_NUMERIC_HINT = re.compile(r"\d[/.-]\d")
_DIGIT = re.compile(r"\d")
_DAY_MONTH_HINT = re.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?[\s-]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_MONTH_DAY_HINT = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d")
_WEEKDAY_HINT = re.compile(r"mon|tue|wed|thu|fri|sat|sun|today|tomorrow|yesterday|this morning|this afternoon")
_WEEKDAY_ALONE = re.compile(  # "next Tuesday"; "Thursday 17th" (a weekday and a day, no month)
    rf"(?<!\w)(?P<next>next\s+|this\s+|this\s+coming\s+)?{_WEEKDAY}(?!\w)"
    rf"(?:,?\s+(?:the\s+)?(?P<od>[0-3]?\d)(?:st|nd|rd|th)(?!\w))?", re.I)
_RELATIVE = re.compile(r"(?<!\w)(?P<rel>today|tomorrow|yesterday|this morning|this afternoon)(?!\w)",
                       re.I)
_WEEKDAY_ALONE_LOW, _RELATIVE_LOW = _lowered(_WEEKDAY_ALONE), _lowered(_RELATIVE)

_TIME = re.compile(
    r"(?<![\w.:/£$-])(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?!\w)"
    r"|(?P<h24>[01]?\d|2[0-3])[:.](?P<mi24>[0-5]\d)(?:\s*(?:hrs|hours|h))?(?![\w/]|[.:]\d)"
    r"|(?:12(?:[:.]00)?\s*)?(?P<word>noon|midday)"  # "12 noon", "12.00 midday"
    r"|half\s+(?:past\s+)?(?P<half>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[1-9]|1[0-2])"
    r"(?:\s*(?P<hap>am|pm))?(?!\w)"
    r"|quarter\s+(?P<qrel>past|to)\s+(?P<quarter>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"[1-9]|1[0-2])(?:\s*(?P<qap>am|pm))?(?!\w)"
    # "1400hrs" anywhere; a bare "1400" only after at/for/from/@ and in office hours (never a year)
    r"|(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)\s*(?:hrs|hours|h)\b"
    r"|(?=[01])(?:(?<=\bat )|(?<=\bfor )|(?<=\bfrom )|(?<=@ )|(?<=@))(?P<hhmm2>(?:0[7-9]|1\d)[0-5]\d)(?![\w/]|[.:,]\d))",
    re.I)
_TIME_LOW = _lowered(_TIME)
_HOURS = {w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                      "ten", "eleven", "twelve"], 1)}


@dataclass
class DateMention:
    """A date as written: the pieces found and where."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    weekday: int | None
    relative: str | None = None
    when: time | None = None
    time_start: int | None = None


def _year(m: re.Match) -> int | None:
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("y2"):
        return 2000 + int(groups["y2"])
    return None


def _month(token: str) -> int:
    if token.isdigit():
        return int(token)
    return _MONTHS[token[:3].lower()]


def find_times(text: str) -> list[tuple[int, int, time]]:
    found = []
    # ASCII text lower-cased reads the same with the lower-cased pattern, twice as fast
    matches = _TIME_LOW.finditer(text.lower()) if text.isascii() else _TIME.finditer(text)
    for m in matches:
        if m.group("word"):
            found.append((m.start(), m.end(), time(12, 0)))
            continue
        if m.group("half") or m.group("quarter"):  # "half ten", "quarter past 10": office hours
            token = (m.group("half") or m.group("quarter")).lower()
            ap = (m.group("hap") or m.group("qap") or "").lower()
            hour = int(token) if token.isdigit() else _HOURS[token]
            minute = 30 if m.group("half") else 15
            if m.group("qrel") and m.group("qrel").lower() == "to":
                hour, minute = hour - 1 or 12, 45
            if ap == "pm" or (not ap and hour < 8):
                hour = hour % 12 + 12
            found.append((m.start(), m.end(), time(hour, minute)))
            continue
        if m.group("hhmm") or m.group("hhmm2"):
            digits = m.group("hhmm") or m.group("hhmm2")
            found.append((m.start(), m.end(), time(int(digits[:2]), int(digits[2:]))))
            continue
        if m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("mi") or 0)
            if hour > 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            if pm and hour < 12:
                hour += 12
            elif not pm and hour == 12:
                hour = 0
        else:
            hour, minute = int(m.group("h24")), int(m.group("mi24"))
            if hour < 8:  # "at 2.15" in office hours is the afternoon
                hour += 12
        found.append((m.start(), m.end(), time(hour, minute)))
    return found


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in text, in order, each with the time written beside it if any."""
    spans: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    low = text.lower()
    weekdays = _WEEKDAY_HINT.search(low)
    digits = _DIGIT.search(low)
    if not digits and not weekdays:
        return spans  # every written date has a digit, a weekday or "today" and the like
    if len(low) == len(text):
        patterns = []
        if digits:
            textual = _TEXTUAL_HINT.search(low)
            numeric = _NUMERIC_HINT.search(low)
            # each pattern runs only where the shape it needs is present (a hint is cheaper)
            shapes = (numeric, textual and _DAY_MONTH_HINT.search(low), textual and _MONTH_DAY_HINT.search(low),
                      numeric, "/" in low)
            patterns = [p for p, shape in zip(_PATTERNS_LOW, shapes) if shape]
        source = low  # same positions as text: the lower-cased patterns run twice as fast
    else:
        patterns, source = _PATTERNS, text
    for pattern in patterns:
        for m in pattern.finditer(source):
            if not free(m.start(), m.end()):
                continue
            try:
                day, month = int(m.group("d")), _month(m.group("m"))
            except (KeyError, ValueError):
                continue
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            wd = m.groupdict().get("wd")
            spans.append(DateMention(m.start(), m.end(), day, month, _year(m),
                                     _WEEKDAYS[wd[:3].lower()] if wd else None))
            taken.append((m.start(), m.end()))
    weekday_alone, relative = ((_WEEKDAY_ALONE_LOW, _RELATIVE_LOW) if source is low
                               else (_WEEKDAY_ALONE, _RELATIVE))
    for m in (weekday_alone.finditer(source) if weekdays else ()):
        if free(m.start(), m.end()):
            day = int(m.group("od")) if m.group("od") else None  # "Thursday 17th": month to be found
            spans.append(DateMention(m.start(), m.end(), day if day and day <= 31 else None, None, None,
                                     _WEEKDAYS[m.group("wd")[:3].lower()],
                                     relative="next" if m.group("next", ) and
                                     m.group("next").strip().lower() == "next" else None))
            taken.append((m.start(), m.end()))
    for m in (relative.finditer(source) if weekdays else ()):
        if free(m.start(), m.end()):
            spans.append(DateMention(m.start(), m.end(), None, None, None, None,
                                     relative=m.group("rel").lower()))
            taken.append((m.start(), m.end()))
    spans.sort(key=lambda s: s.start)
    times = [t for t in find_times(text) if free(t[0], t[1])]
    used: set[int] = set()
    for span in spans:
        best = None
        for i, (a, b, when) in enumerate(times):
            if i in used:
                continue
            if 0 <= a - span.end <= 30 and _joined(text[span.end:a]):
                gap = a - span.end
            elif 0 <= span.start - b <= 30 and _joined(text[b:span.start]):
                gap = span.start - b + 1
            else:
                continue
            if best is None or gap < best[0]:
                best = (gap, i, when, a)
        if best:
            used.add(best[1])
            span.when, span.time_start = best[2], best[3]
    return spans


_JOIN = re.compile(r"^[\s,;:()\-–—]*(?:(?:(?:at|from|on|for|by|starting|start|time|,|the|hrs|"
                   r"commencing|and|listed|in the|morning|afternoon|-)\b|@)[\s,;:()\-–—]*)*$", re.I)


def _joined(between: str) -> bool:
    """Whether the words between a date and a time tie them together ("at", ", ", "\\nTime:")."""
    if between.count("\n") > 1:
        return False
    return bool(_JOIN.match(between.replace("\n", " ")))


def resolve(mention: DateMention, anchor: date | None, forward: bool) -> date | None:
    """The calendar date a mention means, given the message's date and which way it looks."""
    if mention.relative in ("today", "this morning", "this afternoon"):
        return anchor
    if mention.relative == "tomorrow":
        return anchor + timedelta(days=1) if anchor else None
    if mention.relative == "yesterday":
        return anchor - timedelta(days=1) if anchor else None
    if mention.day is None:
        if mention.weekday is None or anchor is None:
            return None
        delta = (mention.weekday - anchor.weekday()) % 7
        if forward:
            if mention.relative == "next" and delta == 0:
                delta = 7
            return anchor + timedelta(days=delta)
        back = (anchor.weekday() - mention.weekday) % 7
        return anchor - timedelta(days=back)
    if mention.month is None:  # "Thursday 17th": the nearest 17th that is a Thursday, that way
        return _month_for(mention, anchor, forward)
    if mention.year is not None:
        try:
            return date(mention.year, mention.month, mention.day)
        except ValueError:
            return None
    if anchor is None:
        return None
    years = [anchor.year, anchor.year + 1] if forward else [anchor.year, anchor.year - 1]
    for year in years:
        try:
            candidate = date(year, mention.month, mention.day)
        except ValueError:
            continue
        if (forward and candidate >= anchor) or (not forward and candidate <= anchor):
            return candidate
    return None


def _month_for(mention: DateMention, anchor: date | None, forward: bool) -> date | None:
    if anchor is None:
        return None
    step = 1 if forward else -1
    first = None
    for k in range(13):
        index = anchor.year * 12 + anchor.month - 1 + step * k
        try:
            candidate = date(index // 12, index % 12 + 1, mention.day)
        except ValueError:
            continue
        if (forward and candidate < anchor) or (not forward and candidate > anchor):
            continue
        if mention.weekday is None or candidate.weekday() == mention.weekday:
            return candidate
        first = first or candidate
    return first


def _recent_past(mention: DateMention, anchor: date) -> bool:
    """A day and month without a year that fell in the last two months: more likely a past
    event being told than a date eleven months ahead, so another date is preferred."""
    if mention.year is not None or mention.day is None or mention.month is None or mention.relative:
        return False
    try:
        this_year = date(anchor.year, mention.month, mention.day)
    except ValueError:
        return False
    return timedelta(0) < anchor - this_year <= timedelta(days=62)


def render(mention: DateMention, anchor: date | None, forward: bool) -> str | None:
    """ISO text: a datetime with the London offset of that day, or a bare date."""
    day = resolve(mention, anchor, forward)
    if day is None:
        return None
    if mention.when is None:
        return day.isoformat()
    return datetime.combine(day, mention.when, tzinfo=LONDON).isoformat()


def pick(text: str, anchor: date | None, forward: bool, near: re.Pattern | None = None,
         need_day: bool = False) -> str | None:
    """The date a field means: the one after a keyword (`near`) if any, else the first."""
    mentions = find_dates(text)
    # "yesterday" is never a hearing or a return date, nor "tomorrow" a payment's
    mentions = [m for m in mentions if m.relative != ("yesterday" if forward else "tomorrow")]
    if forward and anchor is not None:  # "the hearing on 5th Jan was adjourned ... now 03/02/2027"
        mentions = [m for m in mentions if not _recent_past(m, anchor)] or mentions
    if need_day:
        mentions = [m for m in mentions if m.day is not None or m.relative or m.weekday is not None]
    if not mentions:
        return None
    chosen = None
    if near is not None:
        for k in near.finditer(text):
            after = [m for m in mentions if 0 <= m.start - k.end() <= 60
                     and "\n\n" not in text[k.end():m.start]]
            if after:
                chosen = after[0]
                break
    if chosen is None:
        chosen = mentions[0]
    return render(chosen, anchor, forward)
