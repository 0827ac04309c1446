"""Working days: weekends and the bank holidays of the case's nation are skipped."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from mailbot.clock import LONDON

SUBDIVISION = {"england_wales": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}


UK = "uk"          # every part of the UK: the Freedom of Information Act's working days


@lru_cache(maxsize=8)
def _calendar(nation: str) -> holidays.HolidayBase:
    if nation == UK:      # a bank holiday anywhere in the UK is no working day
        days = holidays.HolidayBase()
        for subdivision in ("ENG", "WLS", "SCT", "NIR"):
            days.update(holidays.UnitedKingdom(subdiv=subdivision, years=range(2020, 2041)))
        return days
    if nation not in SUBDIVISION:
        raise ValueError(f"unknown nation {nation!r}; use one of {', '.join(SUBDIVISION)}")
    return holidays.UnitedKingdom(subdiv=SUBDIVISION[nation], years=range(2020, 2041))


def is_working_day(day: date, nation: str) -> bool:
    return day.weekday() < 5 and day not in _calendar(nation)


def add_working_days(start: datetime, days: int, nation: str) -> datetime:
    """The same time of day, `days` working days after `start` (Europe/London wall time)."""
    local = start.astimezone(LONDON)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            remaining -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=LONDON)


def next_working_morning(after: datetime, nation: str, at: time = time(9, 0)) -> datetime:
    """9am on the first working day on or after `after` (used for prompts due out of hours)."""
    local = after.astimezone(LONDON)
    day = local.date()
    if local.time() > at or not is_working_day(day, nation):
        day += timedelta(days=1)
        while not is_working_day(day, nation):
            day += timedelta(days=1)
    return datetime.combine(day, at, tzinfo=LONDON)


def add_working_hours(start: datetime, hours: float, nation: str, opens: time = time(9, 0),
                      closes: time = time(17, 0)) -> datetime:
    """`hours` of working time after `start`: counted only between `opens` and `closes` on
    working days of the nation, so a call due after 4 hours at 15:00 falls the next working
    morning, never in the evening, at a weekend or on a bank holiday."""
    local = start.astimezone(LONDON)
    left = timedelta(hours=hours)
    day, now = local.date(), local.time().replace(tzinfo=None)
    while True:
        if is_working_day(day, nation) and now < closes:
            begin = datetime.combine(day, max(now, opens), tzinfo=LONDON)
            end = datetime.combine(day, closes, tzinfo=LONDON)
            if begin + left <= end:
                return begin + left
            left -= end - begin
        day, now = day + timedelta(days=1), time(0, 0)


def working_days_between(start: date, end: date, nation: str) -> int:
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            n += 1
    return n
