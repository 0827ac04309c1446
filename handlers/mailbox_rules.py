"""The rules that hold in every mailbox, whatever the workflow: who is told about a bounce
or an automatic reply, and about a message kept in quarantine or sent to triage. (The client
contact rules are modules of their own: suicide_threats, unacceptable_behaviour,
freedom_of_information, subject_access, complaints, contact_suppression.) Like a workflow's steps, each rule reads what it is given and records actions
on `act`; the engine decides when a rule applies (mailbot/routing.py) and carries out what
it recorded, in the message's transaction.

`case` is the case's view (None when the message is on no case); `act.config` is the
routing config. The wording of every notice is in templates/email/.
"""
from datetime import timedelta

from handlers import bogus_contacts


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
    notices.attach_original_max_mb); a sign of a bogus contact (procedure 003) adds what to
    verify before anything is sent. `original`: what mailbot.notices.about and .kept say."""
    settings = act.config.teams[team]
    o = original
    act.send("quarantined", settings.quarantine_reviewer or settings.triage,
             attach_message=o["attached"], reason=reason, bogus_contact=bogus_contacts.is_sign(reason),
             mailbox=mailbox, inbound_id=o["inbound_id"],
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


def _addresses(roles: list[str], act) -> list[str]:
    """The addresses roles name for the case, each once, in order."""
    out: list[str] = []
    for role in roles:
        for addr in act.resolve_role(role):
            if addr not in out:
                out.append(addr)
    return out
