"""Complaints and dissatisfaction (procedures 001 and 003).

The CMG's complaint handling has its own route; 001 lists complaints among the outbound calls
deemed essential. A message that makes, reports or quotes a complaint opens a case of its own:
the complaints route (client_contact.complaints_route) gets it, the case officer (of the case
it is about; else the member of staff who sent it; else the team's triage) is told, and is
reminded after client_contact.complaint_call_working_hours to make the outbound call.

States: new → call_due → closed
"""
from __future__ import annotations

from mailbot import workdays
from mailbot.workflow import ANY_REPLY, Workflow

workflow = Workflow(
    "complaint", team="*", initial="new", side=True,
    opens=lambda reading: "complaint" in reading.flags,
    description="A complaint: to the complaints route; the case officer told and reminded to call.",
    states={"new": (), "call_due": ()})


@workflow.step(ANY_REPLY, states={"new"})
def pass_to_complaints(case, message, act):
    rules = act.config.client_contact
    officer = case.officer_email or act.config.teams[case.team].triage
    case.officer_email = officer
    if rules.complaints_route:
        case.complaints_route_email = rules.complaints_route
        act.send("complaint_received", "complaints_route", attach_message=True, reading=message)
    act.send("complaint_officer", "officer", attach_message=True, reading=message, route=rules.complaints_route)
    hours = rules.complaint_call_working_hours
    opens, closes = act.config.reminders.call_hours()
    act.remind("complaint_call", workdays.add_working_hours(act.now, hours, act.nation, opens, closes))
    act.note(f"complaint to {rules.complaints_route or '(no complaints route configured)'}; "
             f"{officer} told", kind="client_contact")
    return "call_due"


@workflow.timer("complaint_call")
def remind_to_call(case, reminder, act):
    """001: complaints are an essential outbound call."""
    act.send("complaint_call", "officer")
    act.close("completed")
    return None
