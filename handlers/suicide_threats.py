"""Suicide threats (procedures 001 and 003).

"If a suicide threat is received, it must be referred to the nominated officer. This will be
the HEO of the team that owns the case" (003); "the caseworker should refer immediately to
their team leader who should consider whether referral to the police is necessary" (001).

A message with a suicide risk, in any mailbox, on a case or not, opens a case of its own:
the nominated officer and the team leader get it at once (high importance, the message
attached). If neither opens it (a read receipt) nor answers within
client_contact.suicide_unanswered_working_hours of working time, both are emailed again, and
the team's named deputy (teams.<team>.deputy).

States: new → escalated → closed (acknowledged)
"""
from __future__ import annotations

from mailbot import workdays
from mailbot.workflow import ANY_REPLY, WaitSpec, Workflow

workflow = Workflow(
    "suicide_threat", team="*", initial="new", side=True,
    opens=lambda reading: "suicide_risk" in reading.flags,
    description="A suicide threat: to the nominated officer and team leader at once; again, "
                "and to the deputy, when nobody opens or answers it.",
    waits=[WaitSpec("acknowledged", ask="nominated_officer", expects=("reply_text",),
                    question="that the suicide threat has been seen and is being dealt with")],
    states={"new": (), "escalated": ("acknowledged",)})


@workflow.step(ANY_REPLY, states={"new"})
def refer_to_nominated_officer(case, message, act):
    """003: to the nominated officer (the HEO of the team that owns the case), the team leader copied."""
    team = act.config.teams[case.team]
    case.nominated_officer_email = team.nominated_officer
    case.team_leader_email = team.team_leader
    case.threat_from = message.sender
    act.send("suicide_threat", "nominated_officer", cc=_others(team), attach_message=True,
             importance="high", wait="acknowledged", reading=message, again=False)
    act.note(f"suicide threat referred to the nominated officer {team.nominated_officer}", kind="escalated")
    hours = act.config.client_contact.suicide_unanswered_working_hours
    opens, closes = act.config.reminders.call_hours()
    act.remind("unanswered", workdays.add_working_hours(act.now, hours, act.nation, opens, closes))
    return "escalated"


@workflow.timer("unanswered")
def send_again(case, reminder, act):
    """Not opened, not answered: both again, and the deputy."""
    if case.state != "escalated" or any(kind == "read_receipt" for _, kind, _ in case.history):
        return None
    team = act.config.teams[case.team]
    cc = _others(team) + ([team.deputy] if team.deputy else [])
    act.send("suicide_threat", "nominated_officer", cc=cc, attach_message=False, importance="high",
             wait="acknowledged", again=True, reading=None)
    act.note("the suicide threat was neither opened nor answered in time: sent again"
             + (f", and to the deputy {team.deputy}" if team.deputy else " (no deputy configured)"),
             kind="escalation")
    return None


@workflow.step("reply_text", states={"escalated"})
def acknowledged(case, message, act):
    """A reply from the nominated officer, the team leader or the deputy: it is in hand."""
    act.note(f"acknowledged by {message.sender}", kind="escalated")
    act.close("completed")
    return None


def _others(team) -> list[str]:
    return [team.team_leader] if team.team_leader != team.nominated_officer else []
