"""The defects found when people tried the bot in their own words (issue 13, part 6), each
as the story that went wrong, on real servers with the injected clock."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from mailbot.clock import LONDON
from mailbot.store import Case, CaseEvent, Reminder
from tests.botworld import (CASEWORKER, SSST, SSST_LEADER, SSST_OFFICER, VSAT, VSAT_OFFICER,
                            make_world)
from tests.journeys.test_f2f import nothing_for, one, request, says


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def case(world, ref: str) -> Case:
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def pending(world, ref: str) -> list[Reminder]:
    with world.engine.sessions() as s:
        found = s.scalar(select(Case).where(Case.ref == ref))
        return list(s.scalars(select(Reminder).where(Reminder.case_id == found.id,
                                                     Reminder.status == "pending")))


def history(world, ref: str) -> list[str]:
    with world.engine.sessions() as s:
        found = s.scalar(select(Case).where(Case.ref == ref))
        return [e.text for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == found.id)
                                          .order_by(CaseEvent.id))]


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2026, 11, 27, 14, 0))  # a Friday
    yield w
    w.engine.close()


# --- k. follow-up calls in working hours; closing stops every timer ------------------------------

def test_k_a_call_reminder_falls_in_working_hours_and_a_closed_case_keeps_no_timer(world):
    """Given the officer's PV check at 15:00 on a Friday, the CMSF5579 goes to VSAT and the
    reminder to telephone VSAT falls at 11:00 on Monday (four working hours, 09:00-17:00), not
    at 19:00 on Friday; when VSAT rejects, the closed case keeps no timer at all."""
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
    world.run()
    prompt = one(world, SSST_OFFICER, "Full PV check")
    world.advance(to=at(2026, 11, 27, 15, 0))
    world.reply(SSST_OFFICER, prompt, "No PV marker on any system.\nPriya")
    world.run()
    [call] = [r for r in pending(world, "SSST-000001") if r.key.startswith("follow_up_call")]
    assert call.due_at == at(2026, 11, 30, 11, 0)
    world.advance(to=at(2026, 11, 30, 10, 30))          # Friday evening and the weekend pass
    assert not [m for m in world.new_mail(SSST_OFFICER) if "Follow-up call due" in m.subject]
    world.advance(to=at(2026, 11, 30, 11, 0))
    says(one(world, SSST_OFFICER, "Follow-up call due"), VSAT)

    review = one(world, VSAT_OFFICER, "referral to review")
    world.reply(VSAT_OFFICER, review, "Reject - the client has moved to Spain, no visit possible.")
    world.run()
    assert case(world, "SSST-000001").state == "closed"
    assert pending(world, "SSST-000001") == [] and pending(world, "VSAT-000001") == []
    world.advance(hours=24)
    nothing_for(world, SSST_OFFICER, VSAT_OFFICER, SSST_LEADER)
