"""Access to Work replies in staff's own words, through real servers: every reply of the two
AtW corpora (tests/conversations/atw and atw_holdout, written from procedure 004 by helpers
who had not seen the code) is sent in the thread of the bot's real question, quoting it, to
the SPOC mailbox on a private Dovecot. A complete answer moves the case as the procedure
says; an incomplete one is asked back of its sender, naming what is missing; a reply that
answers nothing reaches a person with the question quoted. A processor's new email opens a
case (or is asked back, or goes to triage when it raises no concern).

One world per file; each reply gets a case of its own, brought to the question by real
emails, and retired afterwards."""
from __future__ import annotations

import email.utils

import pytest
from sqlalchemy import select

from mailbot.reading.answers import ask_words
from mailbot.store import Case, OutboxMessage
from mailbot.workflow import decode
from tests.botworld import make_world
from tests.conversations.atw_corpus import ATW as ATW_CORPUS, HOLDOUT, QUESTIONS, load_all
from tests.conversations.test_conversations import retire
from tests.journeys.test_atw import ATW, CEAST, LEEDS_CONCERN, PROCESSOR, SPOC, VO_YORKSHIRE, at

ADVISERS = ("hannah.lewis@atw.dwp.example.gov.uk", "sam.okoro@atw.dwp.example.gov.uk")
VO_WALES = "carys.evans@visiting.dwp.example.gov.uk"
CARDIFF_CONCERN = """Hi,

Ms Aisha Rahman, AtW ref AW0517730, 14 Cathays Terrace, Cardiff CF24 4HX. She told me on the phone
today that she hasn't been out for weeks and is frightened to open her post.

Rhys
"""
# The corpus's customer, so that an email naming her AtW reference finds her case.
SCENARIO = {"atw": (LEEDS_CONCERN, VO_YORKSHIRE), "atw_holdout": (CARDIFF_CONCERN, VO_WALES)}
SENDERS = sorted({r.sender for folder in (ATW_CORPUS, HOLDOUT) for r in load_all(folder)})


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2027, 3, 8, 9, 0),
                   extra_addresses=[PROCESSOR, *SENDERS])
    yield w
    w.engine.close()


def last(world, address: str, containing: str):
    return world.last(address, containing)


def to_question(world, name: str, reply, folder):
    """Real emails up to the bot's question `name` answers; returns that question."""
    if name == "concerns" and reply.quote == "none":
        return None                                     # a new email: nothing to answer
    concern, visiting_officer = SCENARIO[folder.name]
    world.send(PROCESSOR, ATW, "Concern about a customer", concern)
    world.run()
    triage = last(world, SPOC, "Advanced Customer Support concern")
    if name == "triage":
        return triage
    if name in ("award_decisions", "concerns"):
        world.reply(SPOC, triage, "No ACS concern - adviser please.")
        world.run()
        return next(m for a in ADVISERS for m in reversed(world.inbox(a)) if "assigned to you" in m.subject
                    and m.message_id not in world.__dict__.setdefault("used", set()))
    world.reply(SPOC, triage, "Yes - concern, and a visit please.")
    world.run()
    visit = last(world, visiting_officer, "Visiting referral")
    if name == "visit_reports":
        return visit
    if name in ("ceast_contact", "second_visit"):
        world.reply(visiting_officer, visit, "No answer at the door today, card left.")
        world.run()
        window = last(world, CEAST, "may contact CEAST")
        if name == "ceast_contact":
            return window
        world.reply(CEAST, window, "He rang us this morning: he was away at his sister's and is fine.")
        world.run()
        return last(world, SPOC, "second visit needed")
    world.reply(visiting_officer, visit, "Area deemed unsafe today - police incident on the estate.")
    world.run()
    if name == "conference":
        return last(world, CEAST, "Case conference due")
    referral = last(world, CEAST, "CEAST referral")
    if name == "ceast_findings":
        return referral
    world.reply(CEAST, referral, "We have an ACS concern. Review date in two weeks.")
    world.run()
    steps = last(world, CEAST, "attempts to establish contact")
    if name == "ceast_updates":
        return steps
    world.reply(CEAST, steps, "Rang him twice and spoke to his sister (NOK). All reasonable steps now taken.")
    world.run()
    return last(world, SPOC, "Update DISC/ATWIS")


def newest_case(world) -> Case | None:
    with world.engine.sessions() as s:
        return s.scalars(select(Case).where(Case.team == "atw", Case.workflow == "visiting_referral")
                         .order_by(Case.id.desc())).first()


def templates_sent(world, since: int) -> list[tuple[str, list[str]]]:
    with world.engine.sessions() as s:
        return [(o.template, o.recipients) for o in s.scalars(
            select(OutboxMessage).where(OutboxMessage.id > since).order_by(OutboxMessage.id))]


def last_outbox_id(world) -> int:
    with world.engine.sessions() as s:
        return s.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1)) or 0


def field(case: Case, name: str):
    return decode((case.data or {}).get(name))


# What a complete answer of each file does to its case.
def moved(name: str, want: dict, case: Case, before: str) -> list[str]:
    state, wrong = case.state, []

    def expect(got, wanted, what="state"):
        if got != wanted:
            wrong.append(f"{what}: {got!r}, expected {wanted!r}")

    if name == "triage":
        expect(state, "awaiting_visit" if want["acs_concern"] and want.get("visit") else "with_adviser")
    elif name == "visit_reports":
        expect(state, {"completed": "with_adviser", "unsafe_area": "with_ceast"}.get(want["outcome"], "contact_window"))
    elif name == "ceast_contact":
        expect(state, "awaiting_second_visit_decision" if want["contacted"] else "contact_window")
    elif name == "second_visit":
        expect(state, "awaiting_second_visit" if want["second_visit"] else "with_adviser")
    elif name == "conference":
        expect(bool(field(case, "conference_held_on")), bool(want["held"]), "conference held")
    elif name == "ceast_findings":
        expect(state, "acs_support" if want["acs_concern"] else "with_adviser")
    elif name == "ceast_updates":
        expect(state, "awaiting_dwp_update" if want["steps_complete"] else "acs_support")
        if not field(case, "contact_attempts") and "attempts_contains" in want:
            wrong.append("no contact attempt recorded")
    elif name == "dwp_updated":
        expect(state, "with_adviser" if want["updated"] else "awaiting_dwp_update")
    elif name == "award_decisions":
        expect(state, "closed")
        expect(field(case, "awarded"), want["awarded"], "awarded")
    elif name == "concerns":
        expect(state, "awaiting_triage")
    return wrong


@pytest.mark.parametrize("folder", [ATW_CORPUS, HOLDOUT], ids=["corpus", "holdout"])
@pytest.mark.parametrize("name", list(QUESTIONS))
def test_atw_replies_in_their_own_words_move_the_case_or_are_asked_back(world, name, folder):
    failures = []
    replies = [r for r in load_all(folder) if r.file == name]
    for reply in replies:
        question = to_question(world, name, reply, folder)
        before = newest_case(world)
        mark = last_outbox_id(world)
        world.new_mail(reply.sender)
        if question is None:
            world.deliver_raw(reply.raw(question_subject="unused"), reply.sender, ATW)
        else:
            world.__dict__.setdefault("used", set()).add(question.message_id)
            sender = email.utils.parseaddr(question.header("From"))[1]
            world.deliver_raw(reply.raw(question_subject=question.subject, question_body=question.body,
                                        question_from=question.header("From"), question_id=question.message_id,
                                        to=sender), reply.sender, ATW)
        world.run()
        case = newest_case(world)
        sent = templates_sent(world, mark)
        asked_back = [m for m in world.new_mail(reply.sender)
                      if "One more detail needed" in m.subject or "a few details" in m.subject]
        problems = []
        if reply.expect.get("not_an_answer"):
            if asked_back:
                problems.append("the sender was asked back")
            if question is None:
                if case is not None and (before is None or case.id != before.id):
                    problems.append(f"a case was opened: {case.ref}")
                if not any(t == "triage" for t, _ in sent):
                    problems.append(f"triage was not told: {sent}")
            else:
                if case.state != before.state:
                    problems.append(f"state moved {before.state} → {case.state}")
                if not any(t in ("not_an_answer", "cannot_place") for t, _ in sent):
                    problems.append(f"nobody was shown it: {sent}")
        elif reply.expect.get("ask_for"):
            if question is not None and case.state != before.state:
                problems.append(f"state moved {before.state} → {case.state}")
            if len(asked_back) != 1:
                problems.append(f"asked back {len(asked_back)} times; sent {sent}")
            else:
                body = " ".join(asked_back[0].body.split())
                kind = QUESTIONS[name][1][0]
                for missing in reply.expect["ask_for"]:
                    if ask_words(kind, missing) not in body:
                        problems.append(f"the question back does not ask for {missing}")
        else:
            problems = moved(name, reply.expect, case, before.state if before else "")
        if problems:
            failures.append(f"{reply.id}: {'; '.join(problems)}")
        retire(world)
        world.advance(hours=2)
    assert not failures, "\n".join(failures)
