"""The rules that hold in every mailbox, whatever the workflow: who is told about a bounce
or an automatic reply, about a message kept in quarantine or sent to triage, and about a
safety flag. Like a workflow's steps, each rule reads what it is given and records actions
on `act`; the engine decides when a rule applies (mailbot/routing.py) and carries out what
it recorded, in the message's transaction.

`case` is the case's view (None when the message is on no case); `act.config` is the
routing config. The wording of every notice is in templates/email/.
"""
from datetime import timedelta


def tell_about_absence(case, absent: list[str], template: str, values: dict, act) -> None:
    """A bounce or an automatic reply: the case's other responsible person is told (the
    officer; the team leader, else triage, when the officer is the one away), never the
    person who is away, and at most once a day per case."""
    since = act.now - timedelta(days=1)
    if any(kind == "absence_told" and at > since for at, kind, _ in case.history):
        act.note(f"{', '.join(absent)} away or unreachable: already told today", kind="absence")
        return
    away = {a.lower() for a in absent}
    team = act.config.teams.get(case.team)
    choices = [["officer"], [team.team_leader] if team else [], [team.triage] if team else []]
    to = next((c for c in choices if c and not set(_addresses(c, act)) & away), None)
    if to is None:
        act.note(f"{', '.join(absent)} away or unreachable: nobody else to tell", kind="absence")
        return
    act.send(template, to, **values)
    act.note(f"{', '.join(_addresses(to, act))} told that {', '.join(absent)} is away or unreachable",
             kind="absence_told")


def tell_about_quarantine(reason: str, mailbox: str, original: dict, team: str, act) -> None:
    """A message kept in quarantine: the team's quarantine reviewer (else triage) is told who
    sent it, when, about what, why it is kept and where (the original attached up to
    notices.attach_original_max_mb). `original`: what mailbot.notices.about and .kept say."""
    settings = act.config.teams[team]
    o = original
    act.send("quarantined", settings.quarantine_reviewer or settings.triage,
             attach_message=o["attached"], reason=reason, mailbox=mailbox, inbound_id=o["inbound_id"],
             sender=o["sender"], subject=o["subject"], date=o["date"], date_header=o["date_header"],
             problems=o["problems"], size=o["size"], cap=o["cap"], attached=o["attached"],
             refused=None, folder=o["folder"], kept_in=o["kept_in"], purged=o["purged"])


def tell_triage(message, why: str, original: dict, team: str, act) -> None:
    """A message the bot cannot place: to the team's triage, saying why, who sent it, when,
    about what and where it is kept (`original` as for tell_about_quarantine)."""
    o = original
    act.send("triage", act.config.teams[team].triage, attach_message=o["attached"],
             why=why, reading=message, inbound_id=o["inbound_id"],
             sender=o["sender"], subject=o["subject"], date=o["date"], date_header=o["date_header"],
             problems=o["problems"], size=o["size"], cap=o["cap"], attached=o["attached"],
             refused=None, folder=o["folder"], kept_in=o["kept_in"], purged=o["purged"])


def escalate(case, message, flags: list[str], team: str, inbound_id: int, act) -> None:
    """A suicide risk or a threat: at once to the team's nominated officer, the team leader
    copied, high importance, the message attached — on a case or not."""
    settings = act.config.teams[team]
    cc = [settings.team_leader] if settings.team_leader != settings.nominated_officer else []
    act.send("safety_escalation", settings.nominated_officer, cc=cc, attach_message=True,
             importance="high", flags=flags, reading=message, inbound_id=inbound_id)
    if case is not None:
        act.note(f"{', '.join(flags)} escalated to the nominated officer", kind="escalated")


def _addresses(roles: list[str], act) -> list[str]:
    """The addresses roles name for the case, each once, in order."""
    out: list[str] = []
    for role in roles:
        for addr in act.resolve_role(role):
            if addr not in out:
                out.append(addr)
    return out
