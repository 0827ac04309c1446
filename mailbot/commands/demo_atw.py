"""Demo journey: an Access to Work visiting referral (procedure 004), from a processor's
concern to the adviser's award decision, through two ineffective visits and CEAST."""
from __future__ import annotations

import email.utils
from datetime import datetime, timedelta

from mailbot.clock import LONDON

ATW = "atw.spoc@atw.dwp.example.gov.uk"
PROCESSOR = "lena.fischer@atw.dwp.example.gov.uk"
SPOC = "joy.adebayo@atw.dwp.example.gov.uk"
VISITING_OFFICER = "mark.benson@visiting.dwp.example.gov.uk"
CEAST = "ceast@ceast.dwp.example.gov.uk"
MONDAY = datetime(2027, 1, 11, 9, 30, tzinfo=LONDON)     # the scene starts then (or later)
ADVISERS = ("hannah.lewis@atw.dwp.example.gov.uk", "sam.okoro@atw.dwp.example.gov.uk")

CONCERN = """Hi Joy,

I rang Mr Daniel Okafor this morning about his support worker invoices. He sounded very low and
said he hasn't left the flat in a fortnight. He wasn't making much sense by the end of the call.

AtW ref: AW0183342
Address: 27 Brunswick Street, Leeds LS2 7QA

Lena Fischer
AtW Processor
"""


def journey(world, say):
    """Access to Work: concern → SPOC triage → Visiting Officer → two ineffective visits → CEAST → adviser."""
    world.advance(to=max(world.clock.now(), MONDAY))
    say("processor", "emails the AtW SPOC mailbox a concern about a customer, in her own words")
    world.send(PROCESSOR, ATW, "Concern about Mr Okafor", CONCERN)
    world.run()
    triage = world.last(SPOC, "Advanced Customer Support concern")
    say("SPOC", "reads the summary and answers the question in plain words")
    world.reply(SPOC, triage, "Yes, I think he needs a visit.")
    world.run()

    request = world.last(VISITING_OFFICER, "Visiting referral")
    say("visiting", f"gets \"{request.subject}\" with {', '.join(request.attachments())}")
    world.advance(to=MONDAY + timedelta(days=1, hours=2))
    world.reply(VISITING_OFFICER, request, "Called round today, no answer at the door. Left the CEAST letter.")
    world.run()
    window = world.last(CEAST, "may contact CEAST")
    say("CEAST", f"told: \"{window.subject}\"; the customer does not call")

    world.advance(to=MONDAY + timedelta(days=8, hours=8))  # past the end of the fifth working day
    second = world.last(VISITING_OFFICER, "Second visit needed")
    say("visiting", f"asked again: \"{second.subject}\"")
    world.reply(VISITING_OFFICER, second, "Went back today - he opened the door but refused to "
                                          "talk to me and asked me to leave.")
    world.run()
    referral = world.last(CEAST, "CEAST referral")
    hold = world.last(SPOC, "Do not take further action")
    say("SPOC", f"told to hold: \"{hold.subject}\"")

    world.advance(to=MONDAY + timedelta(days=9, hours=5))
    say("CEAST", "holds the case conference with the SPOC, then reports its finding")
    world.reply(CEAST, referral, "We had the case conference with Joy this morning.")
    world.run()
    world.reply(CEAST, referral, "No ACS concern after our review: he is in touch with his GP and his "
                                 "employer. Back to the adviser.")
    world.run()
    back = next(m for address in ADVISERS for m in world.inbox(address) if "award decision" in m.subject)
    adviser = email.utils.parseaddr(back.header("To"))[1]      # the one with the fewest open cases
    say("adviser", f"gets \"{back.subject}\" and decides")
    world.reply(adviser, back, "Award approved in full.")
    world.run()
    say("SPOC", f"told: \"{world.last(SPOC, 'Award decision recorded').subject}\"")
