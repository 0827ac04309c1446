"""A message on an open case: matched to the case's open waits (mailbot/waits.py) and read
as the answer to the question it answers, or a step of its own kind, or a question for a
person. A complete answer runs the step for its kind; an incomplete one is asked back; a
reply that answers nothing goes to the person who was asked, the question quoted."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from mailbot import actions as A
from mailbot import waits as W
from mailbot.casefile import resolve, view_and_act
from mailbot.effects import apply
from mailbot.outbox import queue
from mailbot.reading import Reading, answers, read_message
from mailbot.reading.record import iso
from mailbot.store import Case, OutboxMessage, Wait
from mailbot.transaction import Transaction


def replies_to_the_bot(tx: Transaction, reading: Reading) -> bool:
    thread = [m for m in [reading.in_reply_to, *reading.references] if m]
    return bool(thread) and tx.s.scalar(
        select(OutboxMessage.id).where(OutboxMessage.message_id.in_(thread)).limit(1)) is not None


def answer_or_step(tx: Transaction, case: Case, reading: Reading, from_other_mailbox: bool) -> None:
    """Match the message to the case's open waits first and read it as the answer to
    that question; a message that answers none runs the step for its own kind, if the
    state has one, else goes to a person with the question quoted."""
    workflow = tx.engine.workflows.get(case.workflow)
    candidates, how = W.match(W.open_waits(tx.s, case), reading)
    # A message of a kind with a step of its own in this state (a CPO's request for the
    # second PV check while the case waits for the outcome) runs that step unless it
    # replies to the question or comes from the person asked; a referral form on an open
    # case never opens anything (the consultant's completed CMSF5579).
    own_step = workflow is not None and reading.kind not in ("unknown", "f2f_referral") \
        and workflow.step_for(reading.kind, case.state) is not None
    if own_step and how in ("kind", "open", "") and reading.kind not in W.expected(candidates):
        run_step(tx, case, reading)
        return
    if not candidates or workflow is None:
        not_an_answer(tx, case, None, reading)
        return
    # a reply in the question's own thread answers it; from elsewhere it may be a message
    # of its own kind (the CPO moving the hearing while the outcome is awaited)
    others = () if how == "thread" else \
        tuple(k for k in workflow.step_kinds(case.state) if k not in W.expected(candidates))
    answer = read_message(tx.row.raw, tx.engine.vocabulary, honour_auto_headers=not from_other_mailbox,
                          expect=W.expected(candidates), others=others, again=reading)
    wait = next((w for w in candidates if answer.kind in (w.expects or [])), None)
    tx.reading = answer
    if wait is None and answer.kind in others:
        run_step(tx, case, answer)            # a message of its own kind, not an answer
        return
    if wait is None:
        not_an_answer(tx, case, candidates[0], answer)
        return
    tx.event(case, "answer", f"read as the answer to {wait.name} (matched by {how}): "
                             f"{answer.kind}", {"wait": wait.name})
    has_pdf = any((a.filename or "").lower().endswith(".pdf") for a in answer.attachments)
    fields = answers.merge(answer.kind, (wait.partial or {}).get(answer.kind, {}), answer.fields)
    lacking = answers.missing(answer.kind, fields, has_pdf)
    if lacking:
        wait.partial = {**(wait.partial or {}), answer.kind: {k: iso(v) for k, v in fields.items()}}
        ask_back(tx, case, wait, answer, fields, lacking)
        return
    answer.fields = {**answer.fields, **{k: v for k, v in fields.items() if k in answer.fields}}
    wait.status, wait.closed_at = "answered", tx.now
    run_step(tx, case, answer)


def ask_back(tx: Transaction, case: Case, wait: Wait, answer: Reading, fields: dict,
             lacking: list[str]) -> None:
    """Ask the sender for exactly what the answer lacks; the wait stays open."""
    view, _ = view_and_act(tx, case)
    understood = [(k.replace("_", " "), _shown(v)) for k, v in fields.items()
                  if v not in (None, "", []) and k not in ("sr_number", "scin")
                  and not k.endswith("_time")]
    tx.event(case, "ask_back", f"asked {answer.sender} for {', '.join(lacking)}",
             {"wait": wait.name})
    out = queue(tx, case, view, A.Send("ask_back", [answer.sender], reply=True,
                                       values={"understood": understood,
                                               "lacking": [answers.ask_words(answer.kind, m)
                                                           for m in lacking]}),
                {}, answer)
    if out is not None:
        wait.message_ids = [*(wait.message_ids or []), out.message_id]


def not_an_answer(tx: Transaction, case: Case, wait: Wait | None, reading: Reading) -> None:
    """A message that answers no question: to the person who was asked (the case officer
    when they wrote it, or nobody was asked), the question quoted."""
    if wait is None:
        open_ = W.open_waits(tx.s, case)
        wait = open_[-1] if len(open_) == 1 else None
    if wait is None:
        step_kind = reading.kind.replace("_", " ")
        ask_officer(tx, case, reading, f"a {step_kind} was not expected while the case is "
                                       f"{case.state.replace('_', ' ')}")
        return
    asked = [a for a in (wait.asked or []) if a != (reading.sender or "").lower()]
    to = asked if asked and wait.asked_role not in ("vsat_mailbox", "ssst_mailbox") else ["officer"]
    view, _ = view_and_act(tx, case)
    if to == ["officer"] and reading.sender in resolve(tx, "officer", view):
        to = ["team_leader"] if resolve(tx, "team_leader", view) else to
    tx.event(case, "question", f"a reply from {reading.sender} answers no question: sent to "
                               f"{', '.join(to)} with the question ({wait.name})")
    said = [line for line in (reading.new_text or "").strip().splitlines()][:30]
    queue(tx, case, view, A.Send("not_an_answer", to, attach_message=True,
                                 values={"question": wait.question, "asked": wait.asked,
                                         "wait_opened": f"{wait.opened_at:%a %-d %b %H:%M}",
                                         "said": said}), {}, reading)


def run_step(tx: Transaction, case: Case, reading: Reading) -> None:
    """Run the workflow's step for the message's kind in the case's state (the handler
    decides), then carry out what it recorded; a message no step takes goes to the officer."""
    workflow = tx.engine.workflows.get(case.workflow)
    step = workflow.step_for(reading.kind, case.state) if workflow else None
    if step is None:
        ask_officer(tx, case, reading, f"a {reading.kind} was not expected while the case is "
                                       f"{case.state.replace('_', ' ')}")
        return
    view, act = view_and_act(tx, case)
    next_state = step.fn(view, reading, act)
    apply(tx, case, view, act, next_state, reading)


def ask_officer(tx: Transaction, case: Case, reading: Reading, why: str) -> None:
    view, _ = view_and_act(tx, case)
    tx.event(case, "question", f"sent to the officer: {why}")
    queue(tx, case, view, A.Send("cannot_place", ["officer"], attach_message=True,
                                 values={"why": why, "reading": reading}), {}, reading)


def _shown(value) -> str:
    """A field value as an officer reads it in an email."""
    if isinstance(value, str) and value[:4].isdigit():
        try:
            value = answers.as_value(value)
        except ValueError:
            pass
    if isinstance(value, datetime):
        return value.strftime("%a %-d %b %Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%a %-d %b %Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)
