"""Unacceptable Client Behaviour and Potentially Violent Persons (procedure 003).

"This includes situations where a member of staff has been threatened, harassed or abused
by a client in writing, in person, or verbally." A message that reports or makes a threat
goes at once to the team leader with the message attached, the nominated officer copied,
and the case carries a warning marker from then on: shown at the top of every later email
about the case (mailbot/outbox.py) and in `mailbot case`. A face-to-face visit on a marked
case follows the PV rule: an office and two consultants (handlers/f2f_routing.py)."""
from __future__ import annotations


def report_threat(case, message, team: str, inbound_id: int, act) -> None:
    """To the team leader at once, high importance, the message attached; the case marked."""
    settings = act.config.teams[team]
    cc = [settings.nominated_officer] if settings.nominated_officer != settings.team_leader else []
    act.send("safety_escalation", settings.team_leader, cc=cc, attach_message=True,
             importance="high", flags=["threat"], reading=message, inbound_id=inbound_id)
    if case is None:
        return
    if not case.warning_marker:
        case.warning_marker = (f"unacceptable behaviour: a threat to staff reported on "
                               f"{act.now:%-d %B %Y} by {message.sender}")
        case.ucb = True
    act.note("threat escalated to the team leader; the case carries a warning marker", kind="escalated")
