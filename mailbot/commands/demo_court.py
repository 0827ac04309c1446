"""Demo journey: County Court work routed by email, with the second PV check."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from mailbot.clock import LONDON

SSST = "specialist.services@ssst.cmg.example.gov.uk"
ECM = "andrew.kettle@cmg.example.gov.uk"
CPO = "farah.qureshi@cpt.cmg.example.gov.uk"
SR = "1-6DM0CC1"


def journey(world, say):
    """County Court: allocation, CPO and hearing date, second PV check 48 hours before, outcome to the ECM."""
    say("ECM", f"allocates County Court action for SR {SR} to SSST")
    world.send(ECM, SSST, f"County Court action - SR {SR}",
               "Hi SSST,\n\nPlease action County Court enforcement for the case below.\n\n"
               f"Client name: Rhys Bowen\nSCIN: 7008 3141 5926\nSR number: {SR}\n"
               "Action: County Court\nCourt: Cardiff County Court\nPostcode: CF10 1AA\n\n"
               "Thanks\nAndrew Kettle\nECM")
    world.run()
    case = _case(world)
    if case is None:
        say("bot", "did not open a County Court case (is the reader in place?)")
        return
    officer = case.data.get("officer_email")
    prompt = world.last(officer, "establish who the court")
    say("officer", "makes the PV check and replies \"PV: no marker\"")
    world.reply(officer, prompt, "PV: no marker on the 2012 system.")
    world.run()

    hearing = _weekday_morning(world.clock.now() + timedelta(days=14))
    say("CPO", f"names herself and the hearing: {hearing:%a %d %b %H:%M}")
    world.send(CPO, SSST, f"SR {SR} - CPO and hearing date",
               f"Hello SSST,\n\nSR number: {SR}\nCPO: Farah Qureshi\n"
               f"Hearing date: {hearing:%d %B %Y} at {hearing:%H:%M}\n\nFarah")
    world.run()

    say("clock", "runs on to 48 hours before the hearing")
    world.advance(to=hearing - timedelta(hours=47))
    check = world.last(officer, "Second PV check due")
    say("officer", "makes the second PV check and the payment and contact checks")
    world.reply(officer, check, "PV: no marker. Payments: none this month. Contact: none.")
    world.run()

    world.advance(to=hearing + timedelta(hours=6))
    say("CPO", "emails the outcome with the order as a PDF")
    from mailbot.documents import layout_pdf
    world.send(CPO, SSST, f"Outcome - SR {SR}",
               f"Hi,\nOutcome: Judgment granted, charging order made.\nSR number: {SR}\nFarah",
               attachments=[(f"order {SR}.pdf", layout_pdf("# Order\nJudgment granted.", "order"))])
    world.run()
    case = _case(world)
    say("bot", f"case {case.ref} is {case.state} ({case.resolution}); "
               f"the ECM has {len(world.inbox(ECM))} message(s)")


def _case(world):
    from sqlalchemy import select

    from mailbot.store import Case
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.sr_number == SR))


def _weekday_morning(day: datetime) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day.date(), time(10, 0), tzinfo=LONDON)
