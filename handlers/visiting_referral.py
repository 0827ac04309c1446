"""DWP Visiting for Access to Work customers (procedure 004, "Visiting Referrals").

A processor emails the AtW SPOC mailbox with a concern about a customer (step 4). The SPOC
is asked whether there is an Advanced Customer Support (ACS) concern and a visit is
appropriate: yes → the visiting referral form (PDF) to the region's Visiting Officer; no →
the case to an AtW adviser. The Visiting Officer reports the visit (step 6): completed →
the adviser decides; a first ineffective visit → CEAST is told the customer may contact
it within five working days (steps 7-9), and at the end of them, with no contact, the
Visiting Officer makes the second visit; two ineffective visits, or an area deemed unsafe
(the note under step 6) → CEAST owns the case (steps 10-13) and the SPOC is told to hold;
a case conference within 3 days (16); CEAST's finding (18-21): no ACS concern → back to the
adviser (23); an ACS concern → payments continue, the ACSSL referral and its review date,
CEAST's contact attempts until all reasonable steps are taken, DISC/ATWIS updated by the
SPOC (22), then back to the adviser (23), whose award decision closes the case.

The case officer is the SPOC (teams.atw.officer_role). The bot never emails the customer.

States: new → awaiting_details → awaiting_triage → awaiting_visit (awaiting_assignment when
        no Visiting Officer covers the postcode) → contact_window →
        awaiting_second_visit_decision → awaiting_second_visit → with_ceast → acs_support →
        awaiting_dwp_update → with_adviser → closed
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from handlers.f2f_arrange import choose_people
from mailbot import workdays
from mailbot.clock import LONDON
from mailbot.reading.answers import ask_words, missing
from mailbot.reading.visiting_concerns import atw_reference
from mailbot.reading.values import nation_from_postcode
from mailbot.workflow import WaitSpec, Workflow

workflow = Workflow(
    "visiting_referral", team="atw", initial="new", opens_as="acs_concern",
    opens=lambda reading: reading.kind == "acs_concern",
    refers_to=lambda reading: {"atw_reference": atw_reference(f"{reading.subject}\n{reading.new_text}")},
    description="Access to Work visiting referrals: SPOC triage, Visiting Officers, ineffective "
                "visits, CEAST, case conference, ACSSL review, back to the adviser.",
    waits=[
        WaitSpec("details", ask="requester", expects=("customer_details",),
                 question="the customer's name or AtW reference, and the concern"),
        WaitSpec("triage", ask="officer", expects=("acs_triage",),
                 question="is there an Advanced Customer Support concern, and is a visit appropriate?"),
        WaitSpec("assignment", ask="officer", expects=("addresses_named",),
                 question="which Visiting Officer to send the referral to, by email address"),
        WaitSpec("visit", ask="visiting_officer", expects=("atw_visit_report",),
                 question="the outcome of the visit (completed, or ineffective: not at home, refused "
                          "to co-operate, an area deemed unsafe) and its date"),
        WaitSpec("contact", ask="ceast", expects=("ceast_contact",),
                 question="whether the customer contacted CEAST within five working days of the "
                          "ineffective visit, and what was said"),
        WaitSpec("second_visit", ask="officer", expects=("second_visit_decision",),
                 question="DISC and/or ATWIS updated with the customer's conversation with CEAST, and "
                          "whether DWP Visiting needs to make a second visit"),
        WaitSpec("finding", ask="ceast", expects=("ceast_finding", "conference_held"),
                 question="CEAST's finding: is there an Advanced Customer Support concern (and the "
                          "review date for the ACSSL referral)?"),
        WaitSpec("conference", ask="ceast", expects=("conference_held",),
                 question="the case conference between CEAST and the AtW SPOC: has it taken place?"),
        WaitSpec("progress", ask="ceast", expects=("ceast_update", "conference_held"),
                 question="each attempt to establish contact with the customer, and when all "
                          "reasonable steps have been taken"),
        WaitSpec("spoc_update", ask="officer", expects=("dwp_updated",),
                 question="DISC and/or ATWIS updated with the Advanced Customer Support steps taken "
                          "and the actions that followed"),
        WaitSpec("adviser", ask="atw_adviser", expects=("award_decision", "acs_concern"),
                 question="the award decision (or an Advanced Customer Support concern found when "
                          "contacting the customer)"),
    ],
    states={"new": (), "awaiting_details": ("details",), "awaiting_triage": ("triage",),
            "awaiting_assignment": ("assignment",), "awaiting_visit": ("visit",),
            "contact_window": ("contact", "visit"), "awaiting_second_visit_decision": ("second_visit",),
            "awaiting_second_visit": ("visit",), "with_ceast": ("finding", "conference"),
            "acs_support": ("progress", "conference"), "awaiting_dwp_update": ("spoc_update", "conference"),
            "with_adviser": ("adviser",)})

CONCERN_FIELDS = ("customer_name", "atw_reference", "address", "postcode", "phone")
FORM = "AtW_visiting_referral.pdf"
INEFFECTIVE = {"not_at_home": "not at home / no answer", "refused": "refused to co-operate",
               "unsafe_area": "an area DWP Visiting deems unsafe", "ineffective": "reason not given"}
# Who is chased for each question, under reminders.chase.<role>, and what they are asked.
CHASED = {"triage": "spoc", "visit": "visiting_officer", "second_visit": "spoc",
          "finding": "ceast", "spoc_update": "spoc", "assignment": "spoc"}


def timings(act):
    return act.config.reminders.visiting


# --- steps 3-4: the concern, the SPOC's triage ----------------------------------------------------

@workflow.step("acs_concern", states={"new"})
@workflow.step("customer_details", states={"awaiting_details"})
def take_concern(case, message, act):
    """Steps 3-4: the processor's concern; the SPOC asked whether ACS applies and a visit is appropriate."""
    fields = message.fields
    case.update({name: fields.get(name) for name in CONCERN_FIELDS})
    case.processor_email = case.processor_email or message.sender
    case.nation = nation_from_postcode(case.postcode) or case.nation or act.config.default_nation
    region = act.config.region_for(case.postcode)
    case.region = region.name if region else None
    case.owner = "AtW SPOC"
    if case.state == "new":
        record_concern(case, message, act)
    else:
        case.concern = message.fields.get("concern") or case.concern
    lacking = missing("acs_concern", {**case.fields(), **{k: v for k, v in fields.items() if v}})
    if lacking:
        act.send("atw_details_needed", "requester", reply=True, wait="details",
                 lacking=[ask_words("acs_concern", name) for name in lacking],
                 proposed={name: case.get(name) for name in (*CONCERN_FIELDS, "concern")})
        return "awaiting_details"
    return ask_triage(case, act)


@workflow.step("acs_concern", states={"with_adviser"})
def concern_raised_later(case, message, act):
    """Step 5 and the note under step 4: an ACS concern raised at any stage goes to the SPOC."""
    record_concern(case, message, act)
    return ask_triage(case, act, later=True)


def record_concern(case, message, act):
    concerns = list(case.concerns or [])
    concerns.append({"by": message.sender, "at": act.now.isoformat(), "text": message.fields.get("concern")})
    case.concerns = concerns
    case.concern = message.fields.get("concern") or case.concern
    case.concern_by = message.sender
    act.note(f"ACS concern raised by {message.sender}", kind="atw", event="concern")


def ask_triage(case, act, later=False):
    act.send("atw_triage", "officer", wait="triage", raised_by=case.concern_by, later=later)
    chase_later(case, act, "triage")
    return "awaiting_triage"


@workflow.step("acs_triage", states={"awaiting_triage"})
def record_triage(case, message, act):
    """Step 4: yes → the referral form to a Visiting Officer; no → an AtW adviser."""
    concern, visit = message.fields.get("acs_concern"), message.fields.get("visit")
    act.cancel("chase:triage")
    case.acs_triage = "concern, visit" if concern and visit else ("concern, no visit" if concern
                                                                    else "no ACS concern")
    act.note(f"SPOC triage by {message.sender}: {case.acs_triage}", kind="atw", event="triage")
    if concern and visit:
        return refer_to_visiting(case, act)
    reason = "acs_no_visit" if concern else "no_acs"
    if case.concern_by == case.processor_email:
        act.send("atw_processor_told", "requester", outcome=reason)
    return to_adviser(case, act, reason)


# --- step 4: the visiting referral form to the region's Visiting Officer ------------------------------

def refer_to_visiting(case, act):
    officers = choose_people(act, "visiting_officer", case.region, 1) if case.region else []
    if not officers:
        act.send("atw_cannot_assign", "officer", wait="assignment")
        chase_later(case, act, "assignment")
        return "awaiting_assignment"
    return send_referral(case, act, officers[0].email)


@workflow.step("addresses_named", states={"awaiting_assignment"})
def record_visiting_officer(case, message, act):
    """Step 4: the SPOC names the Visiting Officer (no one covers the customer's postcode)."""
    named = [p for p in (act.config.person(a) for a in message.fields.get("emails") or [])
             if p is not None and "visiting_officer" in p.roles]
    if not named:
        act.send("atw_cannot_assign", "officer", reply=True, wait="assignment", not_known=True)
        return None
    act.cancel("chase:assignment")
    return send_referral(case, act, named[0].email)


def send_referral(case, act, officer):
    case.visiting_officer_email = officer
    case.referred_at = act.now
    case.owner = "DWP Visiting"
    if case.visits:      # a concern raised again after an earlier round: its visits count apart
        case.past_visits = [*(case.past_visits or []), *case.visits]
    case.visits = []
    act.document("AtW_visiting_referral.pdf", "AtW_visiting_referral.txt")
    act.note(f"visiting referral form sent to {officer}", kind="atw", event="referred")
    act.send("atw_visit_request", "visiting_officer", attach=[FORM], follow_up="officer", wait="visit")
    chase_later(case, act, "visit")
    return "awaiting_visit"


# --- step 6: the Visiting Officer's report -----------------------------------------------------------

@workflow.step("atw_visit_report", states={"awaiting_visit", "awaiting_second_visit", "contact_window"})
def record_visit(case, message, act):
    """Steps 6-10: completed → the adviser; ineffective → the contact window, or CEAST."""
    outcome = message.fields["outcome"]
    on = message.fields.get("visit_date") or act.now.date()
    act.cancel("chase:visit")
    act.cancel("contact_window")        # a second visit reported before the window ended counts too
    visits = list(case.visits or [])
    visits.append({"on": on.isoformat(), "outcome": outcome, "by": message.sender,
                   "letter_left": message.fields.get("letter_left")})
    case.visits = visits
    words = "completed" if outcome == "completed" else f"ineffective ({INEFFECTIVE[outcome]})"
    act.note(f"visit {len(visits)} on {on:%a %-d %b %Y}: {words}", kind="atw", event="visit",
             outcome=outcome)
    if outcome == "completed":                  # the SPOC is told: copied on the adviser's email
        return to_adviser(case, act, "visit_completed")
    ineffective = [v for v in visits if v["outcome"] != "completed"]
    if outcome == "unsafe_area" or len(ineffective) >= 2:
        return refer_to_ceast(case, act)
    return first_ineffective(case, act, on, message.fields.get("letter_left"))


def first_ineffective(case, act, on: date, letter_left):
    """Steps 7-9: the letter left; CEAST told the customer may call within five working days."""
    case.first_ineffective_on = on
    case.letter_left = letter_left
    nation = case.nation or act.config.default_nation
    opens, closes = act.config.reminders.call_hours()
    ends = workdays.add_working_days(datetime.combine(on, closes, tzinfo=LONDON),
                                     timings(act).contact_window_working_days, nation)
    case.contact_window_ends = ends
    act.note(f"first ineffective visit on {on:%a %-d %b %Y}; letter left: "
             f"{'yes' if letter_left else 'not stated' if letter_left is None else 'no'}; the customer "
             f"may contact CEAST until the end of {ends:%a %-d %b %Y}", kind="atw")
    act.send("atw_contact_window", "ceast", cc="officer", wait="contact", visit_on=on, ends_at=ends)
    act.remind("contact_window", ends)
    act.wait_for("visit")               # the Visiting Officer may report a visit before then
    return "contact_window"


@workflow.step("ceast_contact", states={"contact_window"})
def record_customer_contact(case, message, act):
    """Step 8: the customer contacted CEAST: the SPOC updates DISC/ATWIS and says whether to revisit."""
    if not message.fields.get("contacted"):
        return still_waiting(act, "contact", f"CEAST ({message.sender}): no contact from the customer yet")
    act.cancel("contact_window")
    case.customer_contact = message.fields.get("summary")
    act.note(f"CEAST reports the customer made contact ({message.sender})", kind="atw",
             event="customer_contact")
    act.send("atw_second_visit_question", "officer", wait="second_visit")
    chase_later(case, act, "second_visit")
    return "awaiting_second_visit_decision"


@workflow.timer("contact_window")
def no_contact_in_window(case, reminder, act):
    """Step 9: no contact by the end of the fifth working day: the Visiting Officer visits again."""
    if case.state != "contact_window":
        return None
    act.note("no contact from the customer in five working days: second visit requested", kind="atw")
    return second_visit(case, act, "no_contact")


@workflow.step("second_visit_decision", states={"awaiting_second_visit_decision"})
def record_second_visit_decision(case, message, act):
    """Step 8: the SPOC's answer goes to DWP Visiting."""
    act.cancel("chase:second_visit")
    updated = message.fields.get("updated")
    act.note(f"SPOC: second visit {'needed' if message.fields['second_visit'] else 'not needed'}; "
             f"DISC/ATWIS {'updated' if updated else 'update not confirmed'}", kind="atw")
    if message.fields["second_visit"]:
        return second_visit(case, act, "spoc")
    act.send("atw_no_second_visit", "visiting_officer", cc="officer")
    return to_adviser(case, act, "no_second_visit")


def second_visit(case, act, why):
    act.document("AtW_visiting_referral.pdf", "AtW_visiting_referral.txt")
    act.send("atw_second_visit_request", "visiting_officer", attach=[FORM], follow_up="officer",
             wait="visit", why=why)
    chase_later(case, act, "visit")
    return "awaiting_second_visit"


# --- steps 10-17: two ineffective visits, CEAST, the case conference -----------------------------------

def refer_to_ceast(case, act):
    """Steps 10-13 (and the note under 6): CEAST owns the case; the SPOC holds; no suspension."""
    ineffective = [v for v in case.visits or [] if v["outcome"] != "completed"]
    case.ineffective_dates = [v["on"] for v in ineffective]
    case.unsafe_area = any(v["outcome"] == "unsafe_area" for v in ineffective)
    case.owner = "CEAST"
    case.with_ceast_since = act.now
    due = act.now + timedelta(days=timings(act).case_conference_days)
    case.conference_due = due
    dates = [date.fromisoformat(d) for d in case.ineffective_dates]
    act.note("CEAST owns the case (step 12); SPOC told to take no further action; the award "
             "must not be suspended or stopped", kind="atw", event="ceast")
    act.send("atw_ceast_referral", "ceast", cc="officer", follow_up="officer", wait="finding",
             dates=dates)
    act.send("atw_spoc_hold", "officer", dates=dates)
    act.send("atw_case_conference", ["ceast", "officer"], wait="conference", due=due)
    act.remind("conference_reminder", due - timedelta(days=1))
    act.remind("conference_due", due)
    chase_later(case, act, "finding")
    return "with_ceast"


@workflow.step("conference_held", states={"with_ceast", "acs_support", "awaiting_dwp_update"})
def record_conference(case, message, act):
    """Step 16: the case conference between CEAST and the SPOC."""
    if not message.fields.get("held"):
        return still_waiting(act, "conference", f"{message.sender}: the case conference is arranged, not held yet")
    held_on = message.fields.get("held_on") or act.now.date()
    case.conference_held_on = held_on
    act.cancel("conference_")
    act.note(f"case conference held on {held_on:%a %-d %b %Y} (reported by {message.sender})",
             kind="atw", event="conference")
    if case.state == "with_ceast":
        act.wait_for("finding")
    return None


@workflow.timer("conference_reminder")
def remind_conference(case, reminder, act):
    """Step 16: both reminded the day before the conference is due."""
    if case.conference_held_on is None and case.state in ("with_ceast", "acs_support", "awaiting_dwp_update"):
        act.send("atw_conference_reminder", ["ceast", "officer"], wait="conference", due=case.conference_due)
    return None


@workflow.timer("conference_due")
def conference_missed(case, reminder, act):
    """Step 16: no conference reported within 3 days: the team leader is told."""
    if case.conference_held_on is None and case.state in ("with_ceast", "acs_support", "awaiting_dwp_update"):
        act.note("no case conference reported by its deadline: team leader told", kind="escalation")
        act.send("atw_conference_missed", "team_leader", cc=["ceast", "officer"], due=case.conference_due)
    return None


# --- steps 18-23: CEAST's finding, the ACSSL, the adviser ---------------------------------------------------

@workflow.step("ceast_finding", states={"with_ceast"})
def record_finding(case, message, act):
    """Steps 18-21: no ACS concern → step 23; a concern → payments continue, ACSSL referral."""
    act.cancel("chase:finding")
    if not message.fields["acs_concern"]:
        case.ceast_finding = "no ACS concern"
        act.cancel("conference_")
        act.note(f"CEAST ({message.sender}): no Advanced Customer Support concern", kind="atw",
                 event="finding", acs=False)
        return to_adviser(case, act, "after_ceast")
    case.ceast_finding = "ACS concern"
    review = message.fields.get("review_date") or act.working_days_after(
        timings(act).acssl_review_working_days).date()
    case.review_date = review
    acssl = choose_people(act, "acssl", case.region, 1) if case.region else []
    if acssl:
        case.acssl_email = acssl[0].email
    act.note(f"CEAST ({message.sender}): Advanced Customer Support concern; payments continue; "
             f"ACSSL referral, review on {review:%a %-d %b %Y}", kind="atw", event="finding", acs=True)
    act.send("atw_payments_continue", "officer")
    if acssl:
        act.send("atw_acssl_referral", "acssl", cc="ceast", follow_up="ceast", review_on=review)
    else:
        act.send("atw_no_acssl", "officer", cc="ceast")
    act.send("atw_ceast_contact_steps", "ceast", wait="progress", review_on=review)
    act.remind("acssl_review", datetime.combine(review, time(9, 0), tzinfo=LONDON))
    return "acs_support"


@workflow.timer("acssl_review")
def review_due(case, reminder, act):
    """Step 21: the review date set with the ACSSL referral: CEAST reminded to consider next steps."""
    if case.state == "acs_support":
        act.send("atw_acssl_review", "ceast", cc="acssl" if case.acssl_email else (), wait="progress")
    return None


@workflow.step("ceast_update", states={"acs_support"})
def record_contact_attempts(case, message, act):
    """Steps 20 and 22: CEAST's attempts recorded; all reasonable steps taken → the SPOC updates DISC/ATWIS."""
    attempts = list(case.contact_attempts or [])
    if message.fields.get("attempts"):
        attempts.append({"at": act.now.isoformat(), "by": message.sender, "text": message.fields["attempts"]})
        case.contact_attempts = attempts
        act.note(f"CEAST contact attempts reported by {message.sender}", kind="atw", event="attempts")
    if not message.fields.get("steps_complete"):
        act.wait_for("progress")
        return None
    act.cancel("acssl_review")
    act.note("CEAST: all reasonable steps taken", kind="atw", event="steps_complete")
    act.send("atw_dwp_update", "officer", wait="spoc_update")
    chase_later(case, act, "spoc_update")
    return "awaiting_dwp_update"


@workflow.step("dwp_updated", states={"awaiting_dwp_update"})
def record_dwp_update(case, message, act):
    """Step 22 → 23: DISC/ATWIS updated; the case back to the adviser."""
    if not message.fields.get("updated"):
        return still_waiting(act, "spoc_update", f"{message.sender}: DISC/ATWIS not updated yet")
    act.cancel("chase:spoc_update")
    act.note("SPOC updated DISC/ATWIS with the ACS steps and actions", kind="atw")
    return to_adviser(case, act, "after_ceast")


def to_adviser(case, act, reason):
    """Step 4 (no ACS concern) and step 23: the adviser gets the case with everything done."""
    if not case.atw_adviser_email:
        advisers = sorted(act.config.people_with_role("atw_adviser"),
                          key=lambda p: (act.open_cases_of(p.email), p.email))
        if advisers:
            case.atw_adviser_email = advisers[0].email
    case.owner = "AtW adviser"
    act.cancel("conference_")
    act.note(f"case with the AtW adviser {case.atw_adviser_email or '(none configured)'}: {reason}",
             kind="atw", event="to_adviser", reason=reason)
    if case.atw_adviser_email:
        act.send("atw_to_adviser", "atw_adviser", cc="officer", wait="adviser", reason=reason,
                 history=[(at, text) for at, kind, text in case.history if kind in ("atw", "escalation")])
    else:
        act.send("atw_cannot_assign", "officer", adviser=True)
    return "with_adviser"


@workflow.step("award_decision", states={"with_adviser"})
def record_award_decision(case, message, act):
    """Step 23: the adviser's informed decision closes the case."""
    case.awarded = message.fields.get("awarded")
    case.award_decision = message.fields.get("decision")
    act.note(f"award decision by {message.sender}: {'award' if case.awarded else 'no award'}",
             kind="atw", event="decision", awarded=case.awarded)
    act.close("completed")
    act.send("atw_decision_recorded", "officer")
    return None


def still_waiting(act, wait, why):
    """An answer that says "not yet" (no contact so far, the conference only booked): noted,
    and the case goes on waiting for the real one."""
    act.note(why, kind="atw")
    act.wait_for(wait)
    return None


# --- chasing a question nobody answers (as elsewhere: reminders.chase.<role>) --------------------------------

def chase_later(case, act, wait):
    chase = act.config.reminders.chase_for(CHASED[wait])
    act.remind(f"chase:{wait}", act.working_days_after(chase.after_working_days), wait=wait)


@workflow.timer("chase")
def chase_question(case, reminder, act):
    """Ask again; after reminders.chase.<role>.escalate_after_chases, tell the team leader."""
    wait = reminder["wait"]
    if wait not in workflow.waits_in(case.state):
        return None
    spec = workflow.wait(wait)
    chases = dict(case.chases or {})
    chases[wait] = chases.get(wait, 0) + 1
    case.chases = chases
    limit = act.config.reminders.chase_for(CHASED[wait]).escalate_after_chases
    if chases[wait] > limit:
        act.note(f"no answer to '{spec.question}' after {limit} chase(s): team leader told",
                 kind="escalation")
        act.send("atw_not_answered", "team_leader", cc=spec.ask, question=spec.question,
                 chases=limit)
        return None
    act.send("atw_chase", spec.ask, wait=wait, question=spec.question, chase=chases[wait])
    chase_later(case, act, wait)
    return None
