"""Access to Work visiting referrals (procedure 004) end to end, on real servers with the
injected clock: the SPOC mailbox, the SPOC's triage, Visiting Officers by region, ineffective
visits and the five working days for the customer to contact CEAST, two ineffective visits
(or an unsafe area) to CEAST, the case conference, the ACSSL review, back to the adviser.

People write in their own words; every reply goes in the thread of the bot's email."""
from __future__ import annotations

import email.utils
from datetime import datetime

import pytest
from sqlalchemy import select

from mailbot.clock import LONDON
from mailbot.commands.admin import show_case
from mailbot.store import Case, OutboxMessage, Reminder
from tests.botworld import make_world
from tests.journeys.test_f2f import addressed, mi, pdf_text, says

ATW = "atw.spoc@atw.dwp.example.gov.uk"
SPOC = "joy.adebayo@atw.dwp.example.gov.uk"
LEADER = "karen.mills@atw.dwp.example.gov.uk"
ADVISERS = ("hannah.lewis@atw.dwp.example.gov.uk", "sam.okoro@atw.dwp.example.gov.uk")
VO_YORKSHIRE = "mark.benson@visiting.dwp.example.gov.uk"
VO_SCOTLAND = "euan.fraser@visiting.dwp.example.gov.uk"
CEAST = "ceast@ceast.dwp.example.gov.uk"
ACSSL_YORKSHIRE = "ruth.adams@dwp.example.gov.uk"
PROCESSOR = "lena.fischer@atw.dwp.example.gov.uk"
EVERYONE = (SPOC, LEADER, *ADVISERS, VO_YORKSHIRE, VO_SCOTLAND, CEAST, ACSSL_YORKSHIRE, PROCESSOR,
            "carys.evans@visiting.dwp.example.gov.uk", "graeme.ross@dwp.example.gov.uk")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def world(tmp_path, private_dovecot, private_relay):
    w = make_world(tmp_path, private_dovecot, private_relay, start=at(2027, 3, 8, 9, 30),  # a Monday
                   extra_addresses=[PROCESSOR])
    yield w
    w.engine.close()


LEEDS_CONCERN = """Hi Joy,

I rang Mr Daniel Okafor this morning about his support worker invoices. He sounded very low,
said he hasn't left the flat in a fortnight and that he "can't see the point of work any more".
He wasn't making much sense towards the end of the call.

AtW ref: AW0183342
Address: 27 Brunswick Street, Leeds LS2 7QA
Phone: 07700 900461

Could you have a look please?

Lena Fischer
AtW Processor | Leeds | 0113 000 4417
"""

GLASGOW_CONCERN = """Morning Joy

Raising one for Mrs Morag Doyle, ref AW 0294410, Flat 3/2, 118 Dumbarton Road, Glasgow G11 6NX.
Her daughter phoned to say she's been confused and frightened since her husband died and keeps
asking who the letters are from.

Thanks, Lena
"""


def one(world, address: str, containing: str = ""):
    """The one message `address` received, not looked at before, that contains `containing`
    (people here are copied on much: the SPOC sees most of a case's email)."""
    taken = world.__dict__.setdefault("taken", set())
    hits = [m for m in world.inbox(address) if m.message_id not in taken
            and containing.lower() in (m.subject + "\n" + m.body).lower()]
    assert len(hits) == 1, (address, containing, [m.subject for m in hits],
                            [m.subject for m in world.inbox(address)])
    taken.add(hits[0].message_id)
    return hits[0]


def nothing_for(world, *addresses: str, containing: str = "") -> None:
    taken = world.__dict__.setdefault("taken", set())
    for address in addresses:
        new = [m.subject for m in world.inbox(address) if m.message_id not in taken
               and containing.lower() in (m.subject + "\n" + m.body).lower()]
        assert not new, f"{address} unexpectedly got {new}"


def case_of(world, ref: str = "ATW-000001") -> Case:
    with world.engine.sessions() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def pending(world, ref: str = "ATW-000001") -> dict[str, Reminder]:
    with world.engine.sessions() as s:
        case = s.scalar(select(Case).where(Case.ref == ref))
        return {r.key: r for r in s.scalars(select(Reminder).where(Reminder.case_id == case.id,
                                                                     Reminder.status == "pending"))}


def recipients_ever(world) -> set[str]:
    with world.engine.sessions() as s:
        return {a for out in s.scalars(select(OutboxMessage)) for a in out.recipients}


def triaged(world, body: str = LEEDS_CONCERN, subject: str = "Concern - Mr Okafor AW0183342",
            answer: str = "Yes - I agree, this needs a visit. Please refer him.\n\nJoy"):
    """The processor's email opens the case; the SPOC is asked and answers."""
    world.send(PROCESSOR, ATW, subject, body)
    world.run()
    question = one(world, SPOC, "Advanced Customer Support concern")
    world.reply(SPOC, question, answer)
    world.run()
    return question


# --- ACS yes: referral form to the region's Visiting Officer; completed visit; decision --------------

def test_acs_yes_the_referral_form_goes_to_the_regions_visiting_officer_and_the_adviser_decides(world):
    world.send(PROCESSOR, ATW, "Concern - Mr Okafor AW0183342", LEEDS_CONCERN)
    world.run()
    question = one(world, SPOC, "Advanced Customer Support concern")
    addressed(question, to=[SPOC], token="ATW-000001", sender=ATW)
    says(question, "Daniel Okafor", "AW0183342", "27 Brunswick Street", "LS2 7QA",
         "can't see the point of work", "is a visit appropriate", PROCESSOR)
    nothing_for(world, PROCESSOR, VO_YORKSHIRE, CEAST)

    world.advance(hours=1)
    world.reply(SPOC, question, "I'd say so, yes. He needs seeing.\n\nJoy Adebayo\nAtW SPOC | 0113 000 4400")
    world.run()
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    addressed(request, to=[VO_YORKSHIRE], token="ATW-000001", sender=ATW)
    form = pdf_text(request.attachments()["AtW_visiting_referral.pdf"])
    for words in ("Daniel Okafor", "AW0183342", "27 Brunswick Street", "LS2 7QA", "07700900461",
                  "can't see the point of work", PROCESSOR, SPOC, "Yorkshire"):
        assert words in form, (words, form)
    assert "follow_up_call:" in " ".join(pending(world))           # the SPOC will ring the VO
    nothing_for(world, SPOC, PROCESSOR)

    world.advance(days=2)                  # no reply, no receipt: the SPOC is reminded to ring the VO
    call = one(world, SPOC, "Follow-up call due")
    says(call, VO_YORKSHIRE, "Visiting referral")
    world.reply(VO_YORKSHIRE, request, "Saw Mr Okafor at home this afternoon, he let me in and we "
                                       "went through everything. Visit complete.\nMark")
    world.run()
    adviser_email = case_of(world).data["atw_adviser_email"]
    assert adviser_email in ADVISERS
    assigned = one(world, adviser_email, "back with you for the award decision")
    addressed(assigned, to=[adviser_email], cc=[SPOC], token="ATW-000001", sender=ATW)
    says(assigned, "completed the visit", "Daniel Okafor", "visit 1: 10 march 2027 - completed")
    assert assigned.message_id in {m.message_id for m in world.inbox(SPOC)}   # the SPOC is told, copied

    world.reply(adviser_email, assigned, "Thanks - I've approved the support worker hours in full.\nHannah")
    world.run()
    assert case_of(world).state == "closed"
    says(one(world, SPOC, "Award decision recorded"), "award made", "case is closed")
    assert recipients_ever(world) <= set(EVERYONE)             # never the customer, never a stranger


# --- ACS no: an adviser gets the case, the processor is told -------------------------------------------

def test_acs_no_assigns_an_adviser_and_tells_the_processor(world):
    triaged(world, answer="Not one for us I'm afraid - nothing that meets ACS. Standard route via an "
                          "adviser please.\nJoy")
    case = case_of(world)
    assert case.state == "with_adviser"
    adviser = case.data["atw_adviser_email"]
    assigned = one(world, adviser, "assigned to you")
    says(assigned, "no Advanced Customer Support concern", "Daniel Okafor", "AW0183342")
    told = one(world, PROCESSOR, "triaged")
    says(told, "no Advanced Customer Support concern", adviser)
    nothing_for(world, VO_YORKSHIRE, CEAST)


def test_advisers_share_the_work_by_load(world):
    triaged(world, answer="No concern from me.")
    first = case_of(world).data["atw_adviser_email"]
    world.send(PROCESSOR, ATW, "Another one - Mrs Doyle", GLASGOW_CONCERN)
    world.run()
    question = one(world, SPOC, "Morag Doyle")
    world.reply(SPOC, question, "No, no ACS concern here.")
    world.run()
    second = case_of(world, "ATW-000002").data["atw_adviser_email"]
    assert {first, second} == set(ADVISERS)


# --- step 5: the adviser raises a concern later --------------------------------------------------------

def test_a_concern_the_adviser_raises_later_goes_back_to_the_spoc(world):
    triaged(world, answer="No ACS concern - adviser to pick up.")
    adviser = case_of(world).data["atw_adviser_email"]
    assigned = one(world, adviser, "assigned to you")
    world.advance(days=1)
    world.reply(adviser, assigned, "Spoke to Mr Okafor today. He was slurring and said he'd had enough "
                                   "of everything, and his neighbour has been collecting his post. I'm "
                                   "worried about him now.\nSam")
    world.run()
    again = one(world, SPOC, "Advanced Customer Support concern")
    says(again, "raised again", adviser, "slurring")
    world.reply(SPOC, again, "Yes, agreed - concern and a visit please.")
    world.run()
    one(world, VO_YORKSHIRE, "Visiting referral")
    assert case_of(world).state == "awaiting_visit"


# --- steps 7-8: first ineffective visit, the customer contacts CEAST ------------------------------------

def first_ineffective(world, report="Called round Tuesday 9th about 11, no answer at the door. "
                                    "Card left through the letterbox.\nMark") -> None:
    triaged(world)
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    world.advance(hours=26)                          # Tuesday 9 March 11:30
    world.reply(VO_YORKSHIRE, request, report)
    world.run()


def test_first_ineffective_visit_then_the_customer_contacts_ceast_and_the_spoc_asks_for_a_second_visit(world):
    first_ineffective(world)
    window = one(world, CEAST, "may contact CEAST")
    addressed(window, to=[CEAST], cc=[SPOC], token="ATW-000001", sender=ATW)
    says(window, "9 March 2027", "left a letter", "until the end of 16 March 2027", "Daniel Okafor")
    assert pending(world)["contact_window"].due_at.astimezone(LONDON) == at(2027, 3, 16, 17, 0)

    world.advance(days=2)
    world.reply(CEAST, window, "Mr Okafor rang us this morning - he'd been staying at his sister's "
                               "and has only just seen the letter. He's happy for someone to come out "
                               "but mornings are bad for him.\nJoanne, CEAST")
    world.run()
    question = one(world, SPOC, "second visit needed")
    says(question, "staying at his sister", "update DISC and/or ATWIS")
    assert "contact_window" not in pending(world)
    world.reply(SPOC, question, "DISC updated with the call. Yes please, Visiting should go again - "
                                "afternoon if possible.")
    world.run()
    second = one(world, VO_YORKSHIRE, "Second visit needed")
    says(second, "asks DWP Visiting to make a second visit", "9 March 2027")
    assert "AtW_visiting_referral.pdf" in second.attachments()
    assert case_of(world).state == "awaiting_second_visit"


def test_the_spoc_says_no_second_visit_is_needed(world):
    first_ineffective(world)
    window = one(world, CEAST, "may contact CEAST")
    world.reply(CEAST, window, "He phoned in yesterday, he was in hospital for a few days. All fine now.")
    world.run()
    question = one(world, SPOC, "second visit needed")
    world.reply(SPOC, question, "Notes are on ATWIS. No need for a second visit now we know what "
                                "happened.")
    world.run()
    says(one(world, VO_YORKSHIRE, "No second visit needed"), "does not need to make a second visit")
    assert case_of(world).state == "with_adviser"


# --- step 9: silence, the second visit on the right working day (bank holidays) -------------------------

def test_silence_sends_the_second_visit_at_the_end_of_the_fifth_working_day_across_easter(world):
    """Visit on Thursday 25 March 2027; Good Friday and Easter Monday are bank holidays in
    England, so the five working days end on Monday 5 April at 17:00 (across the change to
    summer time), not Thursday 1 April."""
    triaged(world)
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    world.advance(to=at(2027, 3, 25, 15, 0))
    world.reply(VO_YORKSHIRE, request, "Visited 25/03 - nobody in. Letter posted.\nMark Benson")
    world.run()
    window = one(world, CEAST, "may contact CEAST")
    says(window, "until the end of 5 April 2027")
    world.advance(to=at(2027, 4, 5, 16, 59))
    nothing_for(world, VO_YORKSHIRE, containing="Second visit")
    world.advance(to=at(2027, 4, 5, 17, 1))
    second = one(world, VO_YORKSHIRE, "Second visit needed")
    says(second, "did not contact CEAST within five working days")
    assert email.utils.parsedate_to_datetime(second.header("Date")) >= at(2027, 4, 5, 17, 0)


def test_in_scotland_easter_monday_is_a_working_day(world):
    triaged(world, body=GLASGOW_CONCERN, subject="Mrs Doyle, AW0294410")
    request = one(world, VO_SCOTLAND, "Visiting referral")
    world.advance(to=at(2027, 3, 25, 12, 0))
    world.reply(VO_SCOTLAND, request, "No reply at the flat today, calling card left.\nEuan")
    world.run()
    says(one(world, CEAST, "may contact CEAST"), "until the end of 2 April 2027")
    assert pending(world)["contact_window"].due_at.astimezone(LONDON) == at(2027, 4, 2, 17, 0)


# --- steps 10-23: two ineffective visits, CEAST, conference, ACSSL, back to the adviser -----------------

def test_two_ineffective_visits_go_to_ceast_with_the_hold_wording_then_acssl_and_back_to_the_adviser(world, tmp_path):
    first_ineffective(world)
    world.advance(to=at(2027, 3, 16, 17, 30))
    second = one(world, VO_YORKSHIRE, "Second visit needed")
    world.advance(to=at(2027, 3, 17, 10, 0))
    world.reply(VO_YORKSHIRE, second, "Went back this morning. He answered the door this time but "
                                      "wouldn't let me in or talk to me, told me to go away.\nMark")
    world.run()

    referral = one(world, CEAST, "CEAST referral")
    addressed(referral, to=[CEAST], cc=[SPOC], token="ATW-000001", sender=ATW)
    says(referral, "CEAST now owns this case", "must not be suspended or stopped", "9 March 2027",
         "17 March 2027", "Daniel Okafor")
    hold = one(world, SPOC, "Do not take further action")
    says(hold, "Following two ineffective visits on 9 March 2027 and 17 March 2027, please do not take "
               "any further action whilst the case is with CEAST for consideration",
         "must not suspend or stop the customer's AtW award")
    conference = one(world, CEAST, "Case conference due")
    addressed(conference, to=sorted([CEAST, SPOC]), token="ATW-000001", sender=ATW)
    says(conference, "Sat 20 Mar 2027 10:00")
    out = []
    assert show_case(world.engine.config, "ATW-000001", out=out.append) == 0
    assert any("CEAST" in line and "owner" in line.lower() for line in out), out

    # the day before the deadline both are reminded; at the deadline the team leader is told
    world.advance(to=at(2027, 3, 19, 10, 1))
    reminder = one(world, CEAST, "Reminder: case conference")
    assert reminder.message_id in {m.message_id for m in world.inbox(SPOC)}
    world.advance(to=at(2027, 3, 20, 10, 1))
    missed = one(world, LEADER, "No case conference reported")
    says(missed, "within 3 days")

    world.advance(to=at(2027, 3, 22, 11, 0))
    world.reply(CEAST, referral, "Having reviewed the file and spoken to his GP surgery we do have an "
                                 "ACS concern. ACSSL referral going in today, review date 2 April.\n"
                                 "Joanne Reid, CEAST")
    world.run()
    says(one(world, SPOC, "payments continue"), "payments will continue")
    acssl = one(world, ACSSL_YORKSHIRE, "ACSSL referral")
    addressed(acssl, to=[ACSSL_YORKSHIRE], cc=[CEAST], token="ATW-000001", sender=ATW)
    says(acssl, "review", "2 April 2027", "Daniel Okafor")
    steps = one(world, CEAST, "attempts to establish contact")
    world.reply(CEAST, steps, "Rang Mr Okafor twice on Tuesday, no answer, sent a text saying who we "
                              "were. Spoke to his sister (next of kin) who is going round tonight.")
    world.run()
    assert case_of(world).state == "acs_support"
    assert len(case_of(world).data["contact_attempts"]) == 1

    world.advance(to=at(2027, 4, 2, 9, 1))
    review = one(world, CEAST, "ACSSL review due today")
    says(review, "next of kin")
    world.reply(CEAST, review, "Social services have now visited him with the police welfare team and "
                               "he has a support plan. That's all reasonable steps taken from our side.")
    world.run()
    update = one(world, SPOC, "Update DISC/ATWIS")
    says(update, "Social services", "Referred to the ACSSL")
    world.reply(SPOC, update, "All done - both systems updated.")
    world.run()
    case = case_of(world)
    assert case.state == "with_adviser"
    adviser = case.data["atw_adviser_email"]
    back = one(world, adviser, "back with you for the award decision")
    says(back, "CEAST has finished", "ACS concern", "17 March 2027")
    world.reply(adviser, back, "Decision: award refused - he has left the job the support was for.")
    world.run()
    assert case_of(world).state == "closed"
    assert case_of(world).data["awarded"] is False

    figures = mi(world, tmp_path / "mi")          # the MI report counts the AtW work
    assert figures[("atw_referrals", "all")] == "1"
    assert figures[("atw_referrals", "region: Yorkshire")] == "1"
    assert figures[("atw_triage", "SPOC: concern, visit")] == "1"
    assert figures[("atw_visits", "all")] == "2"
    assert figures[("atw_visits_ineffective", "reason: not at home")] == "1"
    assert figures[("atw_visits_ineffective", "reason: refused")] == "1"
    assert figures[("atw_ineffective_rate", "all")] == "100%"
    assert figures[("atw_referred_to_ceast", "all")] == "1"
    assert figures[("atw_ceast_acs_concerns", "all")] == "1"


def test_an_unsafe_area_on_the_first_visit_goes_straight_to_ceast(world):
    triaged(world)
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    world.advance(hours=5)
    world.reply(VO_YORKSHIRE, request, "Couldn't get near the block today - group of lads outside "
                                       "making threats, I didn't feel safe so I left. Not going back "
                                       "there on my own.\nMark")
    world.run()
    referral = one(world, CEAST, "CEAST referral")
    says(referral, "area deemed unsafe", "treated as if two ineffective visits")
    hold = one(world, SPOC, "Do not take further action")
    says(hold, "Following an ineffective visit on 8 March 2027, where DWP Visiting deemed the area "
               "unsafe (treated as two ineffective visits), please do not take any further action")
    assert "contact_window" not in pending(world)
    assert case_of(world).state == "with_ceast"


def test_ceast_finding_no_concern_returns_the_case_to_the_adviser(world):
    triaged(world)
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    world.reply(VO_YORKSHIRE, request, "Area deemed unsafe - police incident on the estate today.")
    world.run()
    referral = one(world, CEAST, "CEAST referral")
    world.reply(CEAST, referral, "We held the case conference with Joy this morning.")
    world.run()
    assert case_of(world).data["conference_held_on"]
    assert "conference_due" not in pending(world)
    world.reply(CEAST, referral, "No ACS concerns identified after our review - he's engaging with "
                                 "his employer and GP. Back to the adviser.")
    world.run()
    case = case_of(world)
    assert case.state == "with_adviser"
    says(one(world, case.data["atw_adviser_email"], "back with you"), "no ACS concern")


# --- answers that need a question back -------------------------------------------------------------------

def test_an_ineffective_visit_without_a_date_is_asked_back_and_completed_by_the_reply(world):
    triaged(world)
    request = one(world, VO_YORKSHIRE, "Visiting referral")
    world.reply(VO_YORKSHIRE, request, "Nobody home, card through the door.")
    world.run()
    back = one(world, VO_YORKSHIRE, "")
    says(back, "the date of the visit")
    nothing_for(world, CEAST)
    world.reply(VO_YORKSHIRE, back, "Sorry - it was Monday 8th.")
    world.run()
    out = []
    show_case(world.engine.config, "ATW-000001", out=out.append)
    print("\n".join(out))
    says(one(world, CEAST, "may contact CEAST"), "8 March 2027")


def test_a_concern_without_the_customer_is_asked_back_of_the_processor(world):
    world.send(PROCESSOR, ATW, "Worried about a customer", "Hi,\n\nI've just come off the phone to a "
               "customer who was in tears and said she can't cope with work any more and has been "
               "self-harming.\n\nLena")
    world.run()
    ask = one(world, PROCESSOR, "a few details")
    says(ask, "customer's name or AtW reference")
    nothing_for(world, SPOC)
    world.reply(PROCESSOR, ask, "Sorry! Ms Priya Kaur, AW0440192, 5 Park Row, Leeds LS1 5HD.")
    world.run()
    question = one(world, SPOC, "Priya Kaur")
    says(question, "self-harming", "AW0440192")


# --- chasing, and the rules of every mailbox ------------------------------------------------------------

def test_a_visiting_officer_who_does_not_report_is_chased_then_the_team_leader_told(world):
    triaged(world)                                   # Monday 8 March 09:30: the form goes to the VO
    one(world, VO_YORKSHIRE, "Visiting referral")
    world.advance(to=at(2027, 3, 11, 9, 29))
    nothing_for(world, VO_YORKSHIRE, containing="Reminder")
    world.advance(to=at(2027, 3, 11, 9, 31))         # three working days on
    chase = one(world, VO_YORKSHIRE, "waiting for your answer")
    says(chase, "the outcome of the visit", "Daniel Okafor")
    nothing_for(world, LEADER)
    world.advance(to=at(2027, 3, 16, 9, 31))         # three more: the team leader is told, the VO copied
    told = one(world, LEADER, "Not answered after 1 reminder")
    addressed(told, to=[LEADER], cc=[VO_YORKSHIRE], token="ATW-000001", sender=ATW)
    world.reply(VO_YORKSHIRE, chase, "Sorry, been off. Went on the 15th - he was in, visit done, all fine.")
    world.run()
    assert case_of(world).state == "with_adviser"


def test_a_suicide_risk_in_a_concern_escalates_at_once(world):
    world.send(PROCESSOR, ATW, "Urgent - Mr Okafor", LEEDS_CONCERN.replace(
        "He wasn't making much sense", "He said he has been thinking about ending his life. He wasn't making much sense"))
    world.run()
    urgent = one(world, LEADER, "suicide risk")
    says(urgent, "ATW-000001")
    one(world, SPOC, "Advanced Customer Support concern")


def test_an_email_of_its_own_naming_the_atw_reference_reaches_the_case(world):
    """No token, no thread: the Visiting Officer writes a fresh email with the AtW reference."""
    triaged(world)
    one(world, VO_YORKSHIRE, "Visiting referral")
    world.send(VO_YORKSHIRE, ATW, "Visit outcome - Okafor AW0183342",
               "Outcome: ineffective, no answer\nDate of visit: 08/03/2027\nLetter left: yes\n\nMark")
    world.run()
    says(one(world, CEAST, "may contact CEAST"), "8 March 2027")
    assert case_of(world, "ATW-000002") is None                  # no second case opened


def test_a_second_visit_reported_before_the_five_days_end_counts(world):
    first_ineffective(world)
    one(world, CEAST, "may contact CEAST")
    request = world.last(VO_YORKSHIRE, "Visiting referral")
    world.advance(days=1)
    world.reply(VO_YORKSHIRE, request, "Was passing again this morning and tried once more - he came to "
                                       "the door but refused to speak to me.\nMark")
    world.run()
    says(one(world, CEAST, "CEAST referral"), "9 March 2027", "10 March 2027")
    assert "contact_window" not in pending(world)
    assert case_of(world).state == "with_ceast"
