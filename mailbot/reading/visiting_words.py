"""Words shared by the readers of procedure 004's answers: a reply's own statements, a
pattern found, the day something was done ("yesterday", "Tue 9th") and a day set ahead
("review a week today"), and the words of someone not yet decided."""
from __future__ import annotations

import re
from datetime import date, timedelta

from mailbot.reading import dates
from mailbot.reading.statements import statements


def own_words(text: str) -> str:
    """What the reply says (statements.py): signatures, questions, comings and goings dropped."""
    return statements(text)


def has(pattern: str, text: str) -> bool:
    """`pattern` occurs in `text` (case-insensitive, ^ and $ at each line)."""
    return bool(re.search(pattern, text, re.I | re.M))


TODAY = re.compile(r"\b(?:today|this (?:morning|afternoon|am|pm|evening)|earlier on|just now|just been|"
                    r"just got back|just back|just come (?:out|back|away|from)|tonight|first thing)\b", re.I)


def past_day(text: str, anchor: date | None) -> date | None:
    """The day a report gives for something done (a visit, a conference): a written date or
    weekday looking back, "yesterday", or "today" and the like (the message's date)."""
    for mention in dates.find_dates(text):
        if mention.day is None and mention.weekday is None and mention.relative not in (
                "today", "yesterday", "this morning", "this afternoon"):
            continue
        value = dates.resolve(mention, anchor, forward=False)
        if value is not None:
            return value
    if anchor is not None and TODAY.search(text):
        return anchor
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text)
    if m and anchor is not None:             # "Held. 16th.": this month's, else last month's
        day = int(m.group(1))
        for month_back in (0, 1):
            year, month = anchor.year, anchor.month - month_back
            if month == 0:
                year, month = year - 1, 12
            try:
                value = date(year, month, day)
            except ValueError:
                continue
            if value <= anchor:
                return value
    return None


WEEKS = re.compile(r"\b(?:(a|one|two|three|four|\d)\s+weeks?\s+(?:(?:from|after)\s+)?(?:today|now)|"
                    r"in\s+(a|one|two|three|four|\d)\s+weeks?(?:.?\s*time)?)\b", re.I)
COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def next_day(text: str, anchor: date | None, near: tuple[str, ...]) -> date | None:
    """A date written after `near` words ("review date 2 April"), looking forward; the first
    pattern's words first ("ACSSL referral going in today, review date 2 April")."""
    for pattern in near:
        for m in re.finditer(pattern, text, re.I):
            weeks = WEEKS.search(text, m.start(), m.start() + 120)
            if weeks and anchor is not None:
                count = (weeks.group(1) or weeks.group(2)).lower()
                return anchor + timedelta(weeks=COUNT.get(count) or int(count))
            for mention in dates.find_dates(text[m.start():m.start() + 120]):
                if mention.day is not None or mention.weekday is not None or mention.relative == "tomorrow":
                    value = dates.resolve(mention, anchor, forward=True)
                    if value is not None:
                        return value
    return None


UNSURE = r"\b(?:not sure|unsure|undecided|borderline|either way|talk it through|made my mind up|make my mind up|" \
          r"before (?:we|I) (?:land|decide|make)|need to (?:check|think|look|speak|discuss|find out)|" \
          r"still (?:looking|considering|reviewing|deciding|thinking|checking|waiting)|" \
          r"haven.?t decided|not decided|let me (?:check|think|look)|will (?:let you know|come back|confirm)|" \
          r"can.?t (?:say|tell) yet|too early|more information|more info|waiting (?:for|on))\b"


