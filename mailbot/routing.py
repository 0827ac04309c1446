"""Where one stored message goes: it is read; what must never be answered is set aside
(loops, unknown senders, automatic mail, receipts and bounces, each recorded); the rest is
placed on its case (correlate.py) — or opens one, or goes to triage — and handed to the
conversation. A safety flag escalates wherever the message goes."""
from __future__ import annotations

from sqlalchemy import bindparam, exists, select

from handlers import mailbox_rules as rules
from handlers.bogus_contacts import sign_of_bogus_contact
from handlers import contact_suppression, unacceptable_behaviour
from mailbot import actions as A
from mailbot import notices
from mailbot.casefile import resolve, view_and_act
from mailbot.conversation import answer_or_step, ask_officer, replies_to_the_bot, run_step
from mailbot.correlate import find_case
from mailbot.effects import apply, carry_out
from mailbot.mailboxes.base import raw_header
from mailbot.reading import NotAnEmail, Reading, read_message
from mailbot.reminders import reply_proves_receipt
from mailbot.store import Case, InboundMessage, OutboxMessage, QuarantineMove, \
    next_case_ref, open_cases_by_officer
from mailbot.transaction import Outcome, Transaction
from mailbot.workflow import CLOSED, Workflow

SAFETY_FLAGS = ("threat",)        # a suicide risk has a case of its own (handlers/suicide_threats.py)

# A message this mailbox sent, by Message-ID (a loop, if it comes back as new mail); built
# once, as every statement run for every message.
_SENT_FROM = select(OutboxMessage.id).where(OutboxMessage.message_id == bindparam("message_id"),
                                            OutboxMessage.mailbox == bindparam("mailbox"))


# Whether the mailbox a stored message came to sent a message of its Message-ID: loaded
# with the stored message (Engine.process_many), for read().
SENT_HERE = exists().where(OutboxMessage.message_id == InboundMessage.message_id,
                           OutboxMessage.mailbox == InboundMessage.mailbox).label("sent_here")


def read(tx: Transaction, sent_here: bool | None = None) -> None:
    """Read the message (CPU only), and look up whether this mailbox sent it (`sent_here`,
    SENT_HERE loaded with the row, if the reader finds the Message-ID stored with it): before
    the writer lock is taken, as nothing written under it changes the answer (a message we
    sent is in the outbox before it can come back), so that the lock is held for less."""
    sender = (raw_header(tx.row.raw, b"from") or "").lower()
    tx.from_other_mailbox = any(addr in sender for addr in tx.config.mailbox_addresses()
                                if not tx.box or addr != tx.box.address)
    try:
        tx.reading = read_message(tx.row.raw, tx.engine.vocabulary,
                                  honour_auto_headers=not tx.from_other_mailbox)
    except NotAnEmail as exc:
        tx.not_an_email = f"not an email: {exc}"
        return
    mailbox = tx.box.key if tx.box else ""
    if tx.reading.message_id and sent_here is not None and tx.reading.message_id == tx.row.message_id:
        tx.came_back = sent_here
    elif tx.reading.message_id:
        tx.came_back = bool(tx.s.connection().scalar(_SENT_FROM, {
            "message_id": tx.reading.message_id, "mailbox": mailbox}))


def handle(tx: Transaction) -> Outcome:
    """What the message means for its case, written in the session (uncommitted)."""
    row, reading, from_other_mailbox = tx.row, tx.reading, tx.from_other_mailbox
    if reading is None:
        return quarantine(tx, tx.not_an_email)
    try:
        return _handle(tx, row, reading, from_other_mailbox)
    finally:   # set last: the row is written once, with what became of it (as an answer,
        # if it was read as one)
        row.kind, row.record = tx.reading.kind, tx.reading.contract()


def _handle(tx: Transaction, row: InboundMessage, reading: Reading, from_other_mailbox: bool) -> Outcome:

    if tx.box and reading.sender == tx.box.address:
        return quarantine(tx, "loop: the message came from this mailbox itself")
    if tx.came_back:
        return quarantine(tx, "loop: a message this mailbox sent came back to it")
    if reading.kind == "read_receipt":
        return record_receipt(tx, reading)
    if reading.kind == "bounce":
        return record_bounce(tx, reading)
    if not reading.sender:
        return quarantine(tx, "no From address")
    bogus = sign_of_bogus_contact(reading, tx.config,        # procedure 003: bogus contacts
                                  in_conversation=lambda: replies_to_the_bot(tx, reading))
    if bogus:
        return quarantine(tx, bogus)
    if not tx.config.knows(reading.sender):
        return quarantine(tx, "sender not on the allow-list")
    if reading.kind == "auto_reply" or (reading.automatic and not from_other_mailbox):
        return record_automatic(tx, reading)

    case, how = find_case(tx.s, reading, tx.team, tx.box.prefix if tx.box else "")
    if case is None:
        case, how = find_by_reference(tx, reading)
    flagged = [f for f in SAFETY_FLAGS if f in reading.flags]
    if case is not None and case.state == CLOSED and how in ("sr_number", "scin") \
            and workflow_opening(tx, reading) is not None:
        case = None      # a new request about the same SR: new work, a new case
    a_reply = case is None and replies_to_the_bot(tx, reading)
    if case is None and not a_reply:            # a reply never opens a case
        workflow = workflow_opening(tx, reading)
        if workflow is not None:
            reading = tx.reading
            case = open_case(tx, workflow, reading)
            how = "opened"
    if flagged:
        escalate(tx, case, reading, flagged)
    sides = open_side_cases(tx, case, reading)
    if sides and (case is None or (reading.kind == "unknown" and how != "opened")):
        # an FOI or subject access request, a complaint, a suicide threat and nothing else:
        # its own case carries it; the case it is about (if any) records where it went
        if case is not None:
            tx.event(case, "received", f"{reading.kind} from {reading.sender} ({how}): {reading.subject}",
                     {"inbound_id": row.id, "message_id": reading.message_id})
            tx.event(case, "client_contact", "handled as " + ", ".join(f"{s.workflow} {s.ref}" for s in sides))
        tx.case = sides[0]
        row.status = "processed"
        return Outcome("processed", reading.kind, sides[0].ref, "client contact rules", tx.sent)
    if case is None and a_reply:
        return triage(tx, reading, "it replies to one of the bot's emails, but not on a case "
                                   "of this mailbox's team; a reply never opens a new case")
    if case is None:
        return triage(tx, reading, "no case matches and this kind opens none" if reading.kind != "unknown"
                      else "the bot could not tell what this message is")
    tx.case = case
    tx.event(case, "received", f"{reading.kind} from {reading.sender} ({how}): {reading.subject}",
             {"inbound_id": row.id, "message_id": reading.message_id})
    reply_proves_receipt(tx, case, reading)
    what = contact_suppression.instruction(reading, tx.config) if how != "opened" else None
    if what is not None:            # an officer's instruction on the case, not an answer
        view, act = view_and_act(tx, case)
        contact_suppression.follow(view, reading, what, act)
        apply(tx, case, view, act, None, reading)
        row.status = "processed"
        return Outcome("processed", reading.kind, case.ref, f"contact suppression: {what}", tx.sent)
    if case.state == CLOSED and how != "opened":
        ask_officer(tx, case, reading, "this message is about a closed case")
        row.status = "processed"
        return Outcome("processed", reading.kind, case.ref, "closed case", tx.sent)
    if how == "opened":
        run_step(tx, case, reading)
    else:
        answer_or_step(tx, case, reading, from_other_mailbox)
    row.status = "processed"
    return Outcome("processed", tx.reading.kind, case.ref, None, tx.sent)


def find_by_reference(tx: Transaction, reading: Reading) -> tuple[Case | None, str]:
    """An open case of this team's workflows that the message names by a field of its own
    (Workflow.refers_to: an AtW reference), the newest first."""
    for workflow in tx.engine.workflows.values():
        if workflow.team != tx.team or workflow.refers_to is None:
            continue
        for key, value in workflow.refers_to(reading).items():
            if not value:
                continue
            case = tx.s.scalars(select(Case).where(
                Case.team == tx.team, Case.workflow == workflow.name, Case.closed_at.is_(None),
                Case.data[key].as_string() == value).order_by(Case.id.desc())).first()
            if case is not None:
                return case, key
    return None, ""


# --- a new case -------------------------------------------------------------------------------
def open_side_cases(tx: Transaction, case: Case | None, reading: Reading) -> list[Case]:
    """The cases the rules of every mailbox open from this message (Workflow.side), each run
    at once; none from a message on a case of that rule already (the FOI route's reply)."""
    opened = []
    for workflow in tx.engine.workflows.values():
        if not workflow.side or workflow.team not in (tx.team, "*") or not workflow.opens(reading):
            continue
        if case is not None and case.workflow == workflow.name:
            continue
        side = open_case(tx, workflow, reading)
        side.sr_number = side.scin = None       # never found by SR or SCIN: only by its own thread
        facts = about(case)
        staff = tx.config.person(reading.sender or "")
        officer = facts.get("about_officer") or (staff.email if staff else None)
        side.data = {**side.data, **facts, **({"officer_email": officer} if officer else {})}
        tx.s.flush()
        tx.event(side, "received", f"{reading.kind} from {reading.sender}: {reading.subject}",
                 {"inbound_id": tx.row.id, "message_id": reading.message_id})
        run_step(tx, side, reading)
        opened.append(side)
    return opened


def about(case: Case | None) -> dict:
    """What a side case keeps of the case its message is about."""
    if case is None:
        return {}
    data = case.data or {}
    return {k: v for k, v in {"about_case": case.ref, "about_officer": data.get("officer_email"),
                              "nation": data.get("nation"), "postcode": data.get("postcode"),
                              "client_name": data.get("client_name") or data.get("customer_name"),
                              "about_sr_number": case.sr_number, "about_scin": case.scin}.items() if v}


def workflow_opening(tx: Transaction, reading: Reading) -> Workflow | None:
    """The workflow a new message opens a case of; a workflow that reads new messages as an
    answer kind of its own (`opens_as`) reads it so first (tx.reading becomes that reading)."""
    for workflow in tx.engine.workflows.values():
        if workflow.team not in (tx.team, "*") or workflow.side:
            continue
        if workflow.opens_as and reading.kind not in ("read_receipt", "bounce", "auto_reply"):
            seen = read_message(tx.row.raw, tx.engine.vocabulary, expect=(workflow.opens_as,),
                                again=reading)
            if seen.kind == workflow.opens_as and workflow.opens(seen):
                tx.reading = seen
                return workflow
            continue
        if workflow.opens(reading):
            return workflow
    return None


def open_case(tx: Transaction, workflow: Workflow, reading: Reading) -> Case:
    f = reading.fields or {}
    ref = next_case_ref(tx.s, tx.box.prefix if tx.box else tx.team.upper())
    officer = assign_officer(tx)
    data = {"officer_email": officer} if officer else {}
    case = Case(ref=ref, team=tx.team, workflow=workflow.name, state=workflow.initial,
                sr_number=f.get("sr_number"), scin=f.get("scin"),
                data={**data, "requester_email": reading.sender},
                opened_at=tx.now, updated_at=tx.now)
    tx.s.add(case)   # written at the next flush, with what names it
    tx.event(case, "opened", f"case opened by {workflow.name} from {reading.kind}")
    return case


def assign_officer(tx: Transaction) -> str | None:
    """The team's officer with the fewest open cases (work spread evenly): the holders of
    the team's `officer_role` (default <team>_officer; the SPOC for Access to Work)."""
    team = tx.config.teams.get(tx.team)
    role = (team.officer_role if team else None) or f"{tx.team}_officer"
    people = tx.config.people_with_role(role, tx.team) or tx.config.people_with_role(role)
    if not people:
        return None
    loads = tx.engine.officer_loads if tx.engine.officer_loads is not None else {}   # see process_many
    if tx.team not in loads:
        loads[tx.team] = officer_load(tx)
    load = loads[tx.team]
    officer = min(people, key=lambda p: (load.get(p.email, 0), p.email)).email
    load[officer] = load.get(officer, 0) + 1
    return officer


def officer_load(tx: Transaction) -> dict[str, int]:
    """Open cases per officer of the team, as the store has them now."""
    query = open_cases_by_officer(tx.s.bind.dialect.name, tx.team)
    if query is not None:
        load = dict(tx.s.execute(query).all())
    else:   # a database without JSON operators: count in Python
        load = {}
        for data in tx.s.scalars(select(Case.data).where(Case.team == tx.team,
                                                          Case.closed_at.is_(None))):
            officer = (data or {}).get("officer_email")
            load[officer] = load.get(officer, 0) + 1
    return load


# --- receipts, bounces, auto-replies -------------------------------------------------------
def record_receipt(tx: Transaction, reading: Reading) -> Outcome:
    original = (reading.fields or {}).get("original_message_id")
    out = tx.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == original)) \
        if original else None
    tx.row.status = "processed"
    if out is None:
        tx.row.reason = "read receipt for a message the bot did not send"
        return Outcome("processed", "read_receipt", None, tx.row.reason)
    disposition = reading.fields.get("disposition")
    if disposition in ("displayed", None) and out.read_at is None:
        out.read_at = tx.now
    if out.case_id:
        case = tx.s.get(Case, out.case_id)
        tx.case = case
        tx.event(case, "read_receipt", f"read receipt ({disposition}) from {reading.sender} "
                                       f"for {out.subject}", {"message_id": out.message_id})
        return Outcome("processed", "read_receipt", case.ref, None)
    return Outcome("processed", "read_receipt")


def record_bounce(tx: Transaction, reading: Reading) -> Outcome:
    original = (reading.fields or {}).get("original_message_id")
    out = tx.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id == original)) \
        if original else None
    if out is None:
        ids = [reading.in_reply_to, *reading.references]
        out = tx.s.scalar(select(OutboxMessage).where(OutboxMessage.message_id.in_([i for i in ids if i])))
    tx.row.status = "processed"
    if out is None or out.case_id is None:
        tx.row.reason = "bounce for a message the bot did not send"
        return Outcome("processed", "bounce", None, tx.row.reason)
    case = tx.s.get(Case, out.case_id)
    tx.case = case
    if not reading.fields.get("failed_recipients") and not reading.needs_human:
        # A delivery receipt or a delay notice: the report names nobody because
        # nobody failed. Kept in the history; not a failure, nobody is told.
        tx.event(case, "delivery_report", f"delivery report for {out.subject}: nothing failed",
                 {"message_id": out.message_id})
        return Outcome("processed", "bounce", case.ref, "delivery report, nothing failed")
    out.bounced_at = tx.now
    failed = ", ".join(reading.fields.get("failed_recipients") or []) or "a recipient"
    tx.event(case, "bounce", f"{out.subject} was not delivered to {failed}",
             {"message_id": out.message_id})
    view, act = view_and_act(tx, case)
    rules.tell_about_absence(view, reading.fields.get("failed_recipients") or [], "delivery_failed",
                             {"original_subject": out.subject, "failed": failed}, act)
    carry_out(tx, case, view, act.recorded, None)
    return Outcome("processed", "bounce", case.ref, None, tx.sent)


def record_automatic(tx: Transaction, reading: Reading) -> Outcome:
    case, _ = find_case(tx.s, reading, tx.team, tx.box.prefix if tx.box else "")
    tx.row.status = "ignored"
    tx.row.reason = "automatic reply: recorded, never answered"
    if case is not None:
        tx.case = case
        until = (reading.fields or {}).get("until")
        tx.event(case, "auto_reply", f"automatic reply from {reading.sender}"
                                     + (f" (away until {until})" if until else ""))
        view, act = view_and_act(tx, case)
        rules.tell_about_absence(view, [reading.sender], "auto_reply_noted",
                                 {"away": reading.sender, "until": until}, act)
        carry_out(tx, case, view, act.recorded, None)
    return Outcome("ignored", reading.kind, case.ref if case else None, tx.row.reason, tx.sent)


# --- people who must look --------------------------------------------------------------------
def quarantine(tx: Transaction, reason: str) -> Outcome:
    tx.row.status, tx.row.reason = "quarantined", reason
    # settled as processed when stored: the mailbox's own thread moves it (Intake.poll)
    tx.s.add(QuarantineMove(inbound_id=tx.row.id, mailbox=tx.row.mailbox))
    tell_about_quarantine(tx, reason)
    return Outcome("quarantined", tx.reading.kind if tx.reading else None, None,
                   reason, tx.sent)


def tell_about_quarantine(tx: Transaction, reason: str) -> None:
    """Tell a person about the quarantined message (mailbox_rules.tell_about_quarantine)."""
    row, act = tx.row, _mailbox_act(tx)
    original = {**notices.about(row.raw), **notices.kept(tx.config, row.mailbox, row.id, row.raw,
                                                          quarantined=True)}
    rules.tell_about_quarantine(reason, row.mailbox, original, tx.team, act)
    carry_out(tx, None, None, act.recorded, None)


def triage(tx: Transaction, reading: Reading, why: str) -> Outcome:
    row, act = tx.row, _mailbox_act(tx)
    original = {**notices.about(row.raw), **notices.kept(tx.config, row.mailbox, row.id, row.raw,
                                                          quarantined=False)}
    rules.tell_triage(reading, why, original, tx.team, act)
    carry_out(tx, None, None, act.recorded, reading)
    tx.row.status, tx.row.reason = "processed", f"triage: {why}"
    return Outcome("triage", reading.kind, None, why, tx.sent)


def escalate(tx: Transaction, case: Case | None, reading: Reading, flags: list[str]) -> None:
    """Threats, harassment or abuse of staff (procedure 003): unacceptable_behaviour's rule,
    which marks the case (its fields written back here)."""
    view, act = view_and_act(tx, case) if case else (None, _mailbox_act(tx))
    unacceptable_behaviour.report_threat(view, reading, tx.team, tx.row.id, act)
    carry_out(tx, case, view, act.recorded, reading)
    if case is not None:
        case.data = dict(view.data)


def _mailbox_act(tx: Transaction) -> A.Actions:
    """`act` for a mailbox rule about a message on no case: roles are the mailbox team's."""
    return A.Actions(now=tx.now, nation=tx.config.default_nation, config=tx.config, case_ref="",
                     resolve_role=lambda role: resolve(tx, role, None))
