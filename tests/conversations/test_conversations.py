"""Replies in staff's own words, through real servers: each answer of the corpus (written
from the procedures by someone who had not seen the code) is sent as a reply to the bot's
real question, quoting it as the sender's mail program would, on a private Dovecot; the case
moves on, or the sender is asked for exactly what is missing, or — when the reply is no
answer at all — a person is shown it beside the question, and the case waits on.

One world per answer kind; each reply gets a case of its own, brought by real emails to the
question it answers, and retired afterwards so that the next one is the only open case of
its SR."""
from __future__ import annotations

import email.utils
from datetime import datetime

import pytest
from sqlalchemy import select, update

from mailbot.clock import LONDON
from mailbot.config import AllowListConfig, PersonConfig
from mailbot.reading.answers import ASK_WORDS
from mailbot.store import Case, OutboxMessage, Reminder, Wait
from mailbot.workflow import decode
from tests.botworld import CASEWORKER, SSST, VSAT, make_world
from tests.conversations.corpus import CORPUS, HOLDOUT, ask_names, load

START = datetime(2027, 1, 4, 8, 0, tzinfo=LONDON)      # Monday 4 January 2027
DAN, PRIYA, GARETH = "dan.ellis@cmg.example", "priya.shah@cmg.example", "gareth.hughes@cmg.example"
HELEN, CPT, SAM = "helen.morgan@cmg.example", "cpt.wales@cmg.example", "sam.obi@cmg.example"
PEOPLE = [PersonConfig(name="Dan Ellis", email=DAN, roles=["ssst_officer"], team="ssst"),
          PersonConfig(name="Priya Shah", email=PRIYA, roles=["vsat_officer"], team="vsat"),
          PersonConfig(name="Gareth Hughes", email=GARETH, roles=["f2f_consultant"], regions=["Wales"]),
          PersonConfig(name="Owain Lloyd", email="owain.lloyd@cmg.example", roles=["f2f_consultant"],
                       regions=["Wales"]),
          PersonConfig(name="Helen Morgan", email=HELEN, roles=["cpo"]),
          PersonConfig(name="Sam Obi", email=SAM, roles=["ecm"])]
F2F_SR, COURT_SR = "1-7QX2M9A", "1-4HT8W2C"
REFERRAL = f"""Hi,

Please arrange a face to face visit. CMSF5579 details below.

SR number: {F2F_SR}
SCIN: 412345678901
Client name: Ms Carys Pryce
Client role: receiving parent
Address: 4 Elm Row, Swansea
Postcode: SA1 3QT
Phone: 07700 900456
Reason for face to face: payments
Caseworker email: {CASEWORKER}

Thanks
"""
ALLOCATION = f"""Hi SSST,

Please take County Court action on this case.

SR number: {COURT_SR}
SCIN: 598765432109
Client name: Mr Robert Kane
Court: Cardiff County Court
Postcode: CF14 3NR

Thanks
Sam
"""


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=START,
                   extra_addresses=[p.email for p in PEOPLE] + [CPT])
    config = w.engine.config
    people = [p for p in config.people if not set(p.roles) & {"ssst_officer", "vsat_officer", "f2f_consultant",
                                                              "cpo", "ecm"}] + PEOPLE
    regions = [r.model_copy(update={"cpt_email": CPT}) if r.name == "Wales" else r for r in config.regions]
    allow = AllowListConfig(addresses=config.allow_list.addresses,
                            domains=[*config.allow_list.domains, "cmg.example"])
    w.engine.config = config.model_copy(update={"people": people, "regions": regions, "allow_list": allow})
    yield w
    w.engine.close()


# --- bringing a case to the question a reply answers ---------------------------------------------

def latest(world, address: str, containing: str):
    return world.last(address, containing)


def to_question(world, name: str):
    """Real emails up to the bot's question this corpus file answers: (question, bot mailbox)."""
    if name == "pv_results":
        world.send(CASEWORKER, SSST, f"Face to face request - SR {F2F_SR}", REFERRAL)
        world.run()
        return latest(world, DAN, "Full PV check"), SSST
    world.send(CASEWORKER, VSAT, f"Face to face referral - SR {F2F_SR}", REFERRAL)
    world.run()
    review = latest(world, PRIYA, F2F_SR)
    if name == "vsat_decisions":
        return review, VSAT
    if name in ("bookings", "failed_attendance", "completed_visits"):
        world.reply(PRIYA, review, "ACCEPT\nPriya")
        world.run()
        visit = latest(world, GARETH, "visit required")
        if name != "bookings":
            world.reply(GARETH, visit, "Booked for Monday 25 January 2027 at 10:00, at her home, 4 Elm Row.")
            world.run()
        return visit, VSAT
    if name == "payments":
        world.send(SAM, SSST, f"Enforcement fee - SR {COURT_SR}",
                   f"Hi,\nPlease pay the court fee.\nClient name: Robert Kane\nSCIN: 598765432109\n"
                   f"SR number: {COURT_SR}\nCourt: Cardiff County Court\nPostcode: CF14 3NR\nFee: £119.00\n")
        world.run()
        with world.engine.sessions() as session:      # two working days on: the prompt to pay
            due = session.scalar(select(Reminder.due_at).where(Reminder.key == "pay_court",
                                                               Reminder.status == "pending"))
        world.clock.set(due + _minutes(1))
        world.run()
        return latest(world, DAN, "payment"), SSST
    world.send(SAM, SSST, f"County Court action - SR {COURT_SR}", ALLOCATION)
    world.run()
    prompt = latest(world, DAN, "court presenting")
    if name == "cpo_hearing":
        return prompt, SSST
    world.send(HELEN, SSST, f"SR {COURT_SR} - CPO and hearing",
               "Hi,\nI'm the CPO for this one. Hearing 1 March 2027 at 10:00.\nHelen Morgan\n")
    world.run()
    world.send(HELEN, SSST, f"Second PV check - SR {COURT_SR}",
               "Hi, please can you do the second PV check and let me know of any payments or contact "
               "before the hearing on 1 March.\nHelen")
    world.run()
    second = latest(world, DAN, "second PV check")
    if name == "second_pv_results":
        return second, SSST
    world.reply(DAN, second, "PV: no marker on 2012. No payments received. No contact from him.\nDan")
    world.run()
    return latest(world, HELEN, "second PV check"), SSST


def _minutes(n: int):
    from datetime import timedelta
    return timedelta(minutes=n)


def retire(world) -> None:
    """Close every open case (setup for the next reply: one open case per SR)."""
    now = world.clock.now()
    with world.engine.sessions() as s:
        s.execute(update(Case).where(Case.closed_at.is_(None)).values(state="closed", closed_at=now,
                                                                       resolution="test done"))
        s.execute(update(Wait).where(Wait.status == "open").values(status="cancelled"))
        s.execute(update(Reminder).where(Reminder.status == "pending").values(status="cancelled"))
        s.commit()


def the_case(world, team: str, sr: str) -> Case:
    with world.engine.sessions() as s:
        return s.scalars(select(Case).where(Case.team == team, Case.sr_number == sr)
                         .order_by(Case.id.desc())).first()


def field(case: Case, name: str):
    return decode((case.data or {}).get(name))


def iso(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def templates_sent(world, case: Case, since: int) -> list[tuple[str, list[str]]]:
    with world.engine.sessions() as s:
        return [(o.template, o.recipients) for o in s.scalars(
            select(OutboxMessage).where(OutboxMessage.case_id == case.id, OutboxMessage.id > since)
            .order_by(OutboxMessage.id))]


def last_outbox_id(world) -> int:
    with world.engine.sessions() as s:
        return s.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1)) or 0


# --- what each answer must do to its case ------------------------------------------------------

def answered(world, name: str, reply, case: Case, sent: list) -> list[str]:
    """What is wrong with the case after a complete answer (empty: all right)."""
    want, wrong = reply.expect, []

    def same(label, got, expected):
        if got != expected:
            wrong.append(f"{label}: {got!r}, expected {expected!r}")

    def has(label, got, words):
        if not all(w.lower() in str(got or "").lower() for w in words):
            wrong.append(f"{label}: {got!r} lacks {words}")

    if name == "bookings":
        same("state", case.state, "appointment_booked")
        same("appointment_at", iso(field(case, "appointment_at")), want["appointment_at"])
        has("location", field(case, "location"), want.get("location_contains", []))
    elif name == "pv_results":
        same("state", case.state, "with_vsat")
        for key in ("pv", "ucb", "dangerous_area"):
            if want.get(key) is not None:
                same(key, field(case, key), want[key])
    elif name == "vsat_decisions":
        if want["decision"] == "accept":
            same("state", case.state, "awaiting_appointment")
        else:
            same("resolution", case.resolution, "cancelled")
            has("reason", field(case, "reject_reason"), want.get("reason_contains", []))
    elif name == "cpo_hearing":
        same("cpo_name", (field(case, "cpo_name") or "").lower(), want["cpo_name"].lower())
        same("hearing_at", iso(field(case, "hearing_at")), want["hearing_at"])
        same("state", case.state, "awaiting_outcome")
    elif name == "payments":
        same("resolution", case.resolution, "completed")
        same("paid_on", iso(field(case, "paid_on")), want["paid_on"])
        if not any(t == "fee_paid" and SAM in to for t, to in sent):
            wrong.append(f"the ECM was not told: {sent}")
    elif name == "court_outcomes":
        same("resolution", case.resolution, "completed" if want["proceeding"] else "cancelled")
        has("outcome", field(case, "outcome"), want.get("outcome_contains", []) if want["proceeding"] else [])
    elif name == "failed_attendance":
        if (field(case, "failed_attendances") or 0) < 1:
            wrong.append("no failed attendance recorded")
        if (want.get("failed_attempts") or 0) >= 3:
            same("resolution", case.resolution, "failed_to_attend")
    elif name == "completed_visits":
        same("resolution", case.resolution, "completed")
    elif name == "second_pv_results":
        same("second_pv_check", field(case, "second_pv_check"), "sent")
        if not any(t == "court_second_pv_check_result" and HELEN in to for t, to in sent):
            wrong.append(f"the CPO was not sent the check: {sent}")
    return wrong


from tests.conversations.test_reading_answers import KNOWN_MISSES  # noqa: E402

FILES = ["bookings", "pv_results", "vsat_decisions", "cpo_hearing", "payments", "court_outcomes",
         "failed_attendance", "completed_visits", "second_pv_results"]


@pytest.mark.parametrize("folder", [CORPUS, HOLDOUT], ids=["corpus", "holdout"])
@pytest.mark.parametrize("name", FILES)
def test_replies_in_their_own_words_move_the_case_or_are_asked_back(world, name, folder):
    """Every reply of the corpus, in its thread and quoting the bot's real question: a
    complete answer moves the case; an incomplete one brings a question back to its sender
    naming what is missing, the case unmoved; a reply that answers nothing reaches a person
    with the question quoted, and the sender is not asked anything."""
    failures = []
    replies = [r for r in load(name, folder) if r.quote != "none" and r.id not in KNOWN_MISSES]
    assert len([r for r in replies if "ask_for" not in r.expect and not r.expect.get("not_an_answer")]) >= 10
    for reply in replies:
        question, mailbox = to_question(world, name)
        team = "ssst" if mailbox == SSST else "vsat"
        sr = F2F_SR if name in ("pv_results", "vsat_decisions", "bookings", "failed_attendance",
                                "completed_visits") else COURT_SR
        before = the_case(world, team, sr)
        world.new_mail(reply.sender)
        mark = last_outbox_id(world)
        sender = email.utils.parseaddr(question.header("From"))[1]
        world.deliver_raw(reply.raw(question_subject=question.subject, question_body=question.body,
                                    question_from=question.header("From"), question_id=question.message_id,
                                    to=sender), reply.sender, mailbox)
        world.run()
        case = the_case(world, team, sr)
        sent = templates_sent(world, case, mark)
        asked_back = [m for m in world.new_mail(reply.sender) if "One more detail needed" in m.subject]
        if reply.expect.get("not_an_answer"):
            problems = []
            if asked_back:
                problems.append("the sender was asked back")
            if case.state != before.state:
                problems.append(f"state moved {before.state} → {case.state}")
            if not any(t in ("not_an_answer", "cannot_place") for t, _ in sent):
                problems.append(f"nobody was shown it: {sent}")
        elif reply.expect.get("ask_for"):
            problems = []
            if case.state != before.state:
                problems.append(f"state moved {before.state} → {case.state}")
            if len(asked_back) != 1:
                problems.append(f"asked back {len(asked_back)} times; sent {sent}")
            else:
                body = " ".join(asked_back[0].body.split())
                for missing in ask_names(reply.expect):
                    if ASK_WORDS[missing] not in body:
                        problems.append(f"the question back does not ask for {missing}")
                if email.utils.parseaddr(asked_back[0].header("From"))[1] != mailbox or \
                        asked_back[0].header("In-Reply-To") is None:
                    problems.append("the question back is not a reply from the team's mailbox")
        else:
            problems = answered(world, name, reply, case, sent)
            if asked_back:
                problems.append(f"asked back: {asked_back[0].subject}")
        if problems:
            failures.append(f"{reply.id}: {'; '.join(problems)}")
        retire(world)
    assert not failures, "\n".join(failures)
