"""Freedom of Information (procedure 003).

"Requests for information made under the Freedom of Information Act must be responded to
within twenty working days." A message that is, or forwards, an FOI request, in any mailbox,
opens a case of its own: the request goes to the FOI route (client_contact.foi_route) with
its statutory due date in the subject — the twentieth working day after the day it was
received, where a working day is no weekend day and no bank holiday in any part of the UK.
The officer who sent it is told where it went and the due date. The route is reminded on
working days 10 and 15, and the team leader told on working day 18 unless the route has
replied that it is answered.

States: new → with_foi_route → closed (answered)
"""
from __future__ import annotations

from datetime import datetime, time

from mailbot import workdays
from mailbot.clock import LONDON
from mailbot.workflow import ANY_REPLY, WaitSpec, Workflow

workflow = Workflow(
    "foi_request", team="*", initial="new", side=True,
    opens=lambda reading: "foi_request" in reading.flags,
    description="An FOI request: to the FOI route with its due date (20 UK working days), "
                "reminders, the team leader told on day 18.",
    waits=[WaitSpec("answered", ask="foi_route", expects=("request_answered",),
                    question="whether the Freedom of Information request has been answered")],
    states={"new": (), "with_foi_route": ("answered",)})


def received_on(message, act):
    """The day the request reached us (UK time)."""
    return (message.date or act.now).astimezone(LONDON).date()


def working_day(start, n: int) -> datetime:
    """09:00 on the nth UK working day after `start`."""
    return workdays.add_working_days(datetime.combine(start, time(9, 0), tzinfo=LONDON), n, workdays.UK)


@workflow.step(ANY_REPLY, states={"new"})
def send_to_foi_route(case, message, act):
    """The request to the FOI route with its due date; the officer told; the reminders set."""
    rules = act.config.client_contact
    received = received_on(message, act)
    case.received_on = received
    case.due_on = working_day(received, rules.foi_working_days).date()
    if not pass_on(case, message, act, "Freedom of Information request", rules.foi_route, "foi_route"):
        return None
    act.send("foi_request", "foi_route", attach_message=True, wait="answered")
    for n in rules.foi_reminders_working_days:
        act.remind(f"foi_reminder:{n}", working_day(received, n), day=n)
    act.remind("foi_escalate", working_day(received, rules.foi_escalate_working_day),
               day=rules.foi_escalate_working_day)
    act.note(f"FOI request to {rules.foi_route}, due {case.due_on:%a %-d %b %Y}", kind="client_contact")
    return "with_foi_route"


@workflow.timer("foi_reminder")
def remind_route(case, reminder, act):
    """Working days 10 and 15: the FOI route reminded of the due date."""
    if case.state == "with_foi_route":
        act.send("foi_reminder", "foi_route", wait="answered", day=reminder["day"])
    return None


@workflow.timer("foi_escalate")
def tell_team_leader(case, reminder, act):
    """Working day 18, not answered: the team leader told."""
    if case.state == "with_foi_route":
        act.note(f"FOI request not answered by working day {reminder['day']}: team leader told",
                 kind="escalation")
        act.send("foi_overdue", "team_leader", cc="foi_route", day=reminder["day"])
    return None


@workflow.step("request_answered", states={"with_foi_route"})
def record_answer(case, message, act):
    """The route says it is answered: the case closes, the reminders stop."""
    return settled(message, act, "answered", "the FOI request is answered")


# --- shared with subject_access ---------------------------------------------------------------

def pass_on(case, message, act, what: str, route: str | None, key: str) -> bool:
    """The sender told where the request goes and when it is due (the step then sends it to
    `route`, the role `key` names); without a configured route, the team leader told instead."""
    case.requested_by = message.sender
    if not route:
        act.note(f"{what}: no client_contact.{key} configured: the team leader told", kind="escalation")
        act.send("request_no_route", "team_leader", attach_message=True, what=what, key=f"client_contact.{key}")
        act.close("cancelled")
        return False
    setattr(case, f"{key}_email", route)
    act.send("request_forwarded", message.sender, what=what, route=route, due_on=case.due_on)
    return True


def settled(message, act, wait: str, done: str):
    """The route's reply: done → the case closes (its reminders stop); not yet → still waiting."""
    if not message.fields.get("answered"):
        act.note(f"{message.sender}: not yet ({done.removeprefix('the ')} not reported)", kind="client_contact")
        act.wait_for(wait)
        return None
    act.note(f"{message.sender}: {done}", kind="client_contact")
    act.close("completed")
    return None
