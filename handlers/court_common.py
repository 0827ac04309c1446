"""What the three court workflows (County Court, Commitment, Liability Order) share.

Procedure 002 repeats the same steps in each court routing: note the CPO and the hearing
date, make the second PV check (with the payment and contact checks) 48 hours before the
hearing or when the CPO asks, and finish when the CPO sends the outcome. They are written
once here; each handler's step calls them and names its own step number.

The second PV check is a timer keyed `second_pv_check`: setting it again replaces it (a
hearing that moves), and closing the case cancels it.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from mailbot.clock import LONDON
from mailbot.workflow import WaitSpec

SECOND_PV_CHECK = "second_pv_check"

# The questions the three court routings ask, declared once.
WAITS = [
    WaitSpec("pv_check", ask="officer", expects=("pv_check_result",),
             question="the PV check on the 2012 system: does the client have a PV marker?"),
    WaitSpec("cpo_and_hearing", ask="officer", expects=("cpo_assignment",),
             question="the court presenting officer's name and email, and the hearing date and time"),
    WaitSpec("region", ask="officer", expects=("reply_text",),
             question="which region the SR is for"),
    WaitSpec("second_pv_check", ask="officer", expects=("second_pv_check_result",),
             question="the second PV check, and any payments or contact from the paying parent"),
    WaitSpec("outcome", ask="cpo", expects=("court_outcome",),
             question="the outcome of the hearing, or whether the CPO will not proceed"),
    WaitSpec("ecm", ask="officer", expects=("addresses_named",),
             question="the email address of the enforcement case manager (ECM) for this SR"),
    WaitSpec("postal_address", ask="officer", expects=("postal_address",),
             question="the paying parent's postal address, for the letter to them"),
]
WAIT_NAMES = tuple(w.name for w in WAITS)
# A hearing given as a date alone: courts sit from 09:00 at the earliest, so a check timed
# from 09:00 is never late.
EARLIEST_SITTING = time(9, 0)

POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b")
SCOTTISH_AREAS = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA",
                  "PH", "TD", "ZE"}


# --- values as the reader gives them ---------------------------------------------------------

def as_datetime(value) -> datetime | None:
    """A hearing's start, timezone-aware (a date alone → its earliest sitting)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    return datetime.combine(value, EARLIEST_SITTING, tzinfo=LONDON)


def as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value.astimezone(LONDON).date() if isinstance(value, datetime) else value


def when(value) -> str:
    """A date or time for a note or a question, as an officer writes it."""
    if isinstance(value, str):
        value = as_datetime(value) if "T" in value else as_date(value)
    if isinstance(value, datetime):
        return value.astimezone(LONDON).strftime("%a %-d %b %Y %H:%M")
    return value.strftime("%a %-d %b %Y") if value else "not known"


def action_words(case) -> str:
    return case.workflow.replace("_", " ")


def same_name(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").lower().split()) == " ".join((b or "").lower().split())


# --- who wrote, and where the case's files go --------------------------------------------------

def from_ssst(case, message, config) -> bool:
    """The message is the SSST officer's own (or a colleague's): their word is final."""
    sender = (message.sender or "").lower()
    if sender and sender == (case.officer_email or "").lower():
        return True
    person = config.person(sender) if sender else None
    return bool(person and person.team == case.team)


def nation_for(postcode: str | None) -> str | None:
    if not postcode:
        return None
    area = re.match(r"[A-Z]+", postcode.upper())
    if not area:
        return None
    if area.group(0) == "BT":
        return "northern_ireland"
    return "scotland" if area.group(0) in SCOTTISH_AREAS else "england_wales"


def read_place(case, message, config) -> None:
    """Note the client's postcode, nation and region if the message gives them."""
    text = f"{message.subject}\n{message.new_text}"
    postcode = (message.fields or {}).get("postcode")
    if not postcode:
        found = POSTCODE.search(text)
        postcode = f"{found.group(1)} {found.group(2)}" if found else None
    if postcode and not case.postcode:
        case.postcode = postcode
        case.nation = nation_for(postcode)
    if case.nation is None:
        lowered = text.lower()
        if "northern ireland" in lowered:
            case.nation = "northern_ireland"
        elif "scotland" in lowered:
            case.nation = "scotland"
    if not case.region:
        region = config.region_for(case.postcode) or region_named(config, text)
        if region is not None:
            case.region = region.name


def region_named(config, text: str):
    lowered = text.lower()
    named = [r for r in config.regions if re.search(rf"\b{re.escape(r.name.lower())}\b", lowered)]
    return named[0] if len(named) == 1 else None


def region(case, config):
    return next((r for r in config.regions if r.name == case.region), None)


def ask_for_region(case, act, what: str) -> None:
    names = ", ".join(r.name for r in act.config.regions)
    act.ask("officer", f"Which region is SR {case.sr_number or case.ref} for? The allocation gives "
                       f"no postcode I can place, so I have not {what}. Reply with one of: {names}.",
            wait="region")


def record_region(case, message, act, then) -> str | None:
    """The officer names the region asked for; `then` does what waited on it."""
    named = region_named(act.config, message.fields.get("text") or "")
    if named is None:
        ask_for_region(case, act, "done what needs it")
        return None
    case.region = named.name
    act.note(f"region {named.name}, from {message.sender}")
    return then(case, act)


def record_pv_check(case, message, act, then=None) -> str | None:
    """The officer's PV check (procedure 002: Commitment step 2, County Court step 3, LO step 4)."""
    pv = message.fields.get("pv")
    case.pv_check = "done"
    case.pv = pv
    case.pv_check_result = (message.new_text or "").strip()[:2000]
    act.note(f"SR notes: PV check by {message.sender}: "
             f"{'PV marker found' if pv else 'no PV marker'} ({case.pv_check_result[:200]})",
             kind="sr_update")
    return then(case, act) if then else None


# --- the CPO and the hearing -----------------------------------------------------------------

def record_cpo_and_hearing(case, message, act) -> None:
    """Note the CPO's name (and email) and the hearing date in the SR notes; plan the second
    PV check. A second, different CPO or a hearing in the past goes to the officer."""
    fields = message.fields or {}
    officer_says = from_ssst(case, message, act.config)
    name = fields.get("cpo_name")
    if not name and fields.get("cpo_email"):
        known = act.config.person(fields["cpo_email"])
        name = known.name if known else None
    if name:
        if case.cpo_name and not same_name(case.cpo_name, name) and not officer_says:
            act.ask("officer", f"SR {case.sr_number}: the CPO was recorded as {case.cpo_name}, but "
                               f"{message.sender} now names {name}. I have kept {case.cpo_name}. "
                               f"Reply with 'CPO: <name>, <email>' if it should change.")
        else:
            if not same_name(case.cpo_name, name):
                act.note(f"SR notes: CPO is {name}", kind="sr_update")
            case.cpo_name = name
            case.cpo_email = cpo_email(case, message, act.config, name) or case.cpo_email
    record_hearing(case, fields.get("hearing_at"), act)
    if case.second_pv_check == "prompted" and case.second_pv_check_result and case.cpo_email:
        send_second_pv_check_result(case, None, act)
    if not (case.cpo_name and case.hearing_at):
        act.wait_for("cpo_and_hearing")      # the rest of it may come in a later email
    else:
        act.wait_for("outcome")


def cpo_email(case, message, config, name: str) -> str | None:
    """The CPO's address: as written, else a configured CPO of that name, else the sender
    when the CPO writes for themselves (not a CPT mailbox, not SSST)."""
    cpt_boxes = {(r.cpt_email or "").lower() for r in config.regions}
    written = (message.fields or {}).get("cpo_email")
    if written and written.lower() not in cpt_boxes:
        return written
    person = next((p for p in config.people_with_role("cpo") if same_name(p.name, name)), None)
    if person:
        return person.email
    sender = (message.sender or "").lower()
    if sender and sender not in cpt_boxes and not from_ssst(case, message, config):
        return sender
    return None


def record_hearing(case, hearing_at, act) -> bool:
    """Record (or move) the hearing date and (re)schedule the second PV check. A date
    without a time on the day already known keeps the known time."""
    known = case.hearing_at
    if isinstance(hearing_at, date) and not isinstance(hearing_at, datetime) \
            and isinstance(known, datetime) and as_date(known) == hearing_at:
        return True      # "the hearing is on the 17th": the 10:00 already known stays
    new = as_datetime(hearing_at)
    if new is None:
        return False
    if new <= act.now:
        act.ask("officer", f"SR {case.sr_number}: the hearing date given ({when(hearing_at)}) is "
                           f"in the past, so I have not recorded it. Reply with the right hearing "
                           f"date and time.")
        return False
    old = case.hearing_at
    if old is not None and as_datetime(old) == new:
        return True
    case.hearing_at = hearing_at
    if old is None:
        act.note(f"SR notes: hearing date {when(case.hearing_at)}", kind="sr_update")
    else:
        act.note(f"SR notes: hearing moved from {when(old)} to {when(case.hearing_at)}; "
                 f"second PV check rescheduled", kind="sr_update")
    schedule_second_pv_check(case, act)
    return True


def schedule_second_pv_check(case, act) -> None:
    """The check falls due `second_pv_check_lead_hours` real hours before the hearing."""
    lead = act.config.reminders.second_pv_check_lead_hours
    due = max(act.hours_after(-lead, start=as_datetime(case.hearing_at)), act.now)
    case.second_pv_check = "scheduled"
    case.second_pv_check_due_at = due
    act.remind(SECOND_PV_CHECK, due, hearing_at=case.hearing_at)


def prompt_second_pv_check(case, act, requested_by: str | None = None) -> None:
    """Ask the SSST officer for the second PV check, payments and contact."""
    act.cancel(SECOND_PV_CHECK)
    case.second_pv_check = "prompted"
    case.second_pv_check_requested_by = requested_by
    act.send("court_second_pv_check", "officer", requested_by=requested_by,
             liability_order=case.workflow == "liability_order", wait="second_pv_check")
    act.note("second PV check prompted" + (f" at the request of {requested_by}" if requested_by
                                            else " (48 hours before the hearing)"))


def second_pv_check_requested(case, message, act) -> str | None:
    """The CPO asks for the second PV check (and may give or move the hearing date)."""
    if message.fields.get("hearing_at"):
        record_hearing(case, message.fields["hearing_at"], act)
    if case.second_pv_check == "prompted":
        act.note(f"{message.sender} asked again for the second PV check; the officer has it")
        return None
    prompt_second_pv_check(case, act, requested_by=message.sender)
    return None


def send_second_pv_check_result(case, message, act) -> None:
    """Email the CPO the officer's second PV check, payments and contact (read receipt,
    follow-up call). `message` is the officer's answer, or None to send one held back."""
    if message is not None:
        case.second_pv_check_result = message.fields.get("result") or (message.new_text or "").strip()
    result = case.second_pv_check_result
    if not case.cpo_email:
        act.ask("officer", f"SR {case.sr_number}: I have your second PV check but no email "
                           f"address for the CPO{' ' + case.cpo_name if case.cpo_name else ''}. "
                           f"Reply with the CPO's name and email address and I will send it.",
                wait="cpo_and_hearing")
        return
    act.send("court_second_pv_check_result", "cpo", follow_up="officer", result=result,
             liability_order=case.workflow == "liability_order")
    case.second_pv_check = "sent"
    case.second_pv_check_sent_for = case.hearing_at
    act.note("SR notes: second PV check, payments and contact sent to the CPO", kind="sr_update")


# --- the outcome ---------------------------------------------------------------------------

def outcome_belongs(case, message, act) -> bool:
    """An outcome naming another SR is not this case's: the officer decides."""
    sr = (message.fields or {}).get("sr_number")
    if sr and case.sr_number and sr != case.sr_number:
        act.ask("officer", f"An outcome from {message.sender} names SR {sr}, but it reached case "
                           f"{case.ref} (SR {case.sr_number}). I have not recorded it. Reply "
                           f"'yes' to record it here, or forward it to the right case.")
        return False
    return True


def file_outcome_pdfs(message, act, folder: str | None) -> list[str]:
    return [act.save_attachment(a.filename, a.payload, folder) for a in message.attachments
            if a.filename and (a.filename.lower().endswith(".pdf") or a.content_type == "application/pdf")]


def receive_outcome(case, message, act, *, folder: str | None, case_file: list[str],
                    purpose: str) -> str | None:
    """The CPO's outcome: not this SR → a question; not proceeding → close, cancel;
    otherwise recorded, scanned, case file to the ECM, close, complete."""
    if not outcome_belongs(case, message, act):
        return None
    if message.fields.get("proceeding") is False:
        return not_proceeding(case, message, act)
    return finish_with_outcome(case, message, act, folder=folder, case_file=case_file,
                               purpose=purpose)


def finish_with_outcome(case, message, act, *, folder: str | None, case_file: list[str],
                        purpose: str) -> str | None:
    """Record the outcome, prompt the scan, forward the case file to the ECM, close complete."""
    outcome = (message.fields or {}).get("outcome") or (message.new_text or "").strip()
    if not outcome and not message.attachments:
        act.ask("officer", f"{message.sender} sent something about the outcome for SR "
                           f"{case.sr_number} but I could not read an outcome in it. Reply with "
                           f"the outcome.")
        return None
    case.outcome = outcome
    scanned = file_outcome_pdfs(message, act, folder)
    act.note(f"SR notes: outcome recorded: {outcome[:200]}", kind="sr_update")
    # Close first: closing cancels pending reminders, and the follow-up call must outlive it.
    act.close("completed")
    act.send("court_outcome_scan", "officer", attach=scanned, outcome=outcome, scanned=scanned,
             folder=folder)
    act.send("court_case_file_to_ecm", "ecm", follow_up="officer", outcome=outcome,
             attach=[*scanned, *case_file], purpose=purpose, action=action_words(case))
    return "closed"


def not_proceeding(case, message, act) -> str:
    """The CPO will not proceed: the SR is closed and cancelled."""
    case.outcome = "not proceeding"
    act.note(f"SR notes: {message.sender} will not proceed; SR closed and cancelled",
             kind="sr_update")
    act.close("cancelled")
    act.send("court_not_proceeding", "officer", cc="ecm", said=(message.new_text or "").strip(),
             action=action_words(case))
    return "closed"


# --- allocation and the officer's plain-language replies --------------------------------------

_ADDRESS_LINE = re.compile(r"^\s*(?:(?:client|paying parent|pp|nrp|home|postal|current)(?:['’]s)?\s+)*"
                           r"address\s*[:\-–]\s*(.+)$", re.I | re.M)


def open_court_case(case, message, act) -> None:
    """Record the allocated SR: client, SCIN, court, ECM, place, the paying parent's postal
    address (the letters to them need it); the hearing if known."""
    fields = {k: v for k, v in (message.fields or {}).items() if k != "hearing_at"}
    case.update(fields)
    find_ecm(case, message, act)
    written = _ADDRESS_LINE.search(message.new_text or "")
    if written:
        line = written.group(1).strip()
        found = POSTCODE.search(line.upper())
        case.address = (line[:found.start()] if found else line).strip(" ,.") or None
        if found:
            case.postcode = f"{found.group(1)} {found.group(2)}"
    read_place(case, message, act.config)
    act.note(f"SR {case.sr_number} allocated by {message.sender}: "
             f"{(case.action or case.workflow).replace('_', ' ')} at {case.court or 'court not given'}",
             kind="sr_update")
    if (message.fields or {}).get("hearing_at"):
        record_hearing(case, message.fields["hearing_at"], act)


_ECM_LINE = re.compile(r"^\s*(?:ECM|enforcement case manager|case manager)(?:['’]s)?(?:\s+(?:name|email|e-mail))?"
                       r"\s*[:\-–]\s*(.+)$", re.I | re.M)
_ECM_SIGNED = re.compile(r"^[ \t]*([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){1,2})[ \t]*\n\s*(?:ECM|Enforcement Case Manager)\b",
                         re.M)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_ecm(case, message, act) -> None:
    """The ECM is the one the allocation names (an "ECM:" line, or the signature over "ECM"),
    not whoever sent or forwarded it; the sender only if the config makes them an ECM;
    otherwise the officer is asked."""
    config, text = act.config, message.new_text or ""
    named = _ECM_LINE.search(text) or _ECM_SIGNED.search(text)
    ecm = None
    if named:
        said = named.group(1).strip()
        address = _EMAIL.search(said)
        if address and config.knows(address.group(0).lower()):
            ecm = address.group(0).lower()
        else:
            person = next((p for p in config.people_with_role("ecm") if same_name(p.name, said.split(",")[0])), None)
            ecm = person.email if person else None
    if ecm is None and not named:
        sender = config.person(message.sender or "")
        ecm = message.sender if sender is not None and "ecm" in sender.roles else None
    case.ecm_email = ecm
    if ecm is None:
        act.ask("officer", f"SR {case.sr_number}: who is the enforcement case manager (ECM)? The "
                           f"allocation from {message.sender} "
                           + (f"names \"{named.group(1).strip()}\", whom I cannot find among the ECMs"
                              if named else "names none, and the sender is not an ECM")
                           + ". Reply with the ECM's email address; the case file goes to them at the end.",
                wait="ecm")


def add_shared_steps(workflow, states, second_pv_check: bool = True) -> None:
    """Declare once the steps the court routings (and the fee) share: the ECM named by the
    officer where the allocation did not, and the second PV check sent on to the CPO."""

    @workflow.step("addresses_named", states=states)
    def record_ecm_named(case, message, act):
        """Step 1: the ECM who allocated the SR, where the allocation did not say (the case file goes to them)."""
        record_ecm(case, message, act)

    if second_pv_check:
        @workflow.step("second_pv_check_result", states=states)
        def send_second_pv_check_to_cpo(case, message, act):
            """Second PV check step: email the CPO the second PV check, payments and contact."""
            send_second_pv_check_result(case, message, act)


def record_ecm(case, message, act) -> None:
    """The officer names the ECM by email address."""
    known = [a for a in message.fields.get("emails") or [] if act.config.knows(a)]
    if not known:
        act.ask("officer", f"SR {case.sr_number}: I could not find a known email address in your "
                           f"reply. Reply with the ECM's email address.", wait="ecm")
        return
    case.ecm_email = known[0]
    act.note(f"SR notes: ECM is {known[0]}, from {message.sender}", kind="sr_update")


def letter_to_paying_parent(case, act, letter: str, make) -> str | None:
    """Make a letter to the paying parent only with the postal address it must carry; without
    it the officer is asked first, and the letter is made when they answer."""
    if case.address and case.postcode:
        case.letter_waiting = None
        return make(case, act)
    case.letter_waiting = letter
    act.ask("officer", f"SR {case.sr_number}: I need the paying parent's postal address for the "
                       f"{letter}, and the allocation gave none{' (postcode ' + case.postcode + ')' if case.postcode else ''}. "
                       f"Reply with the address and postcode and I will make the letter.",
            wait="postal_address")
    act.note(f"{letter} waits for the paying parent's postal address", kind="sr_update")
    return None


def record_postal_address(case, message, act, make) -> str | None:
    """The officer gives the paying parent's address: recorded, and the letter made."""
    case.address = message.fields.get("address")
    case.postcode = message.fields.get("postcode") or case.postcode
    act.note(f"SR notes: paying parent's postal address given by {message.sender}", kind="sr_update")
    return make(case, act) if case.letter_waiting else None


def record_issue_date(case, message, act, what: str) -> str | None:
    """The CPO or CPT confirms the letter and summons went out: the issue date in the SR."""
    issued = as_date(message.fields.get("issue_date"))
    if issued is None:
        act.ask("officer", f"{message.sender} says {what} for SR {case.sr_number} "
                           f"but gives no date I can read. Reply with the issue date.")
        return None
    case.issue_date = issued
    act.note(f"SR notes: letter and summons issued {when(issued)}", kind="sr_update")
    return "awaiting_outcome"
