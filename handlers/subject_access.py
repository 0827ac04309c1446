"""Subject Access Request (procedure 001).

"Under the Data Protection Act 1998 a client can make a written request for information held
against them. Once a Subject Access Request (SAR) has been made in writing the request will
be passed to the SAR team who will release the information to the client within 40 calendar
days." A message that is, or forwards, a SAR opens a case of its own: the request goes to
the SAR team (client_contact.sar_route) with its due date (client_contact.sar_days calendar
days from receipt: 40 as 001 says; data protection law now gives one month, so it is a
setting), the team reminded on days 30 and 37. For Northern Ireland (a BT postcode, or the
case's nation) the wording says NICMS and that there is no SAR fee.

States: new → with_sar_team → closed (released)
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from handlers.freedom_of_information import pass_on, received_on, settled
from mailbot.clock import LONDON
from mailbot.workflow import ANY_REPLY, WaitSpec, Workflow

workflow = Workflow(
    "sar_request", team="*", initial="new", side=True,
    opens=lambda reading: "sar_request" in reading.flags,
    description="A subject access request: to the SAR team with its due date, reminders; NICMS "
                "and no fee in Northern Ireland.",
    waits=[WaitSpec("released", ask="sar_route", expects=("request_answered",),
                    question="whether the information has been released to the client")],
    states={"new": (), "with_sar_team": ("released",)})

_BT = re.compile(r"\bBT\d{1,2}\s*\d[A-Z]{2}\b", re.I)


@workflow.step(ANY_REPLY, states={"new"})
def pass_to_sar_team(case, message, act):
    """001: passed to the SAR team, due in sar_days; the officer told; reminders set."""
    rules = act.config.client_contact
    received = received_on(message, act)
    case.received_on = received
    case.due_on = received + timedelta(days=rules.sar_days)
    if case.nation != "northern_ireland" and _BT.search(f"{message.subject}\n{message.new_text}"):
        case.nation = "northern_ireland"
    if not pass_on(case, message, act, "subject access request", rules.sar_route, "sar_route"):
        return None
    act.send("sar_request", "sar_route", attach_message=True, wait="released")
    for n in rules.sar_reminders_days:
        act.remind(f"sar_reminder:{n}", datetime.combine(received + timedelta(days=n), time(9, 0),
                                                         tzinfo=LONDON), day=n)
    act.note(f"SAR to {rules.sar_route}, due {case.due_on:%a %-d %b %Y}", kind="client_contact")
    return "with_sar_team"


@workflow.timer("sar_reminder")
def remind_sar_team(case, reminder, act):
    if case.state == "with_sar_team":
        act.send("sar_reminder", "sar_route", wait="released", day=reminder["day"])
    return None


@workflow.step("request_answered", states={"with_sar_team"})
def record_release(case, message, act):
    """The SAR team says the information is released: the case closes."""
    return settled(message, act, "released", "the information is released")
