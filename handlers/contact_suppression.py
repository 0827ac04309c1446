"""Outbound Contact - Suppress (procedure 001).

"In certain circumstances a caseworker can suppress contact to a client." An officer's email
on a case asking to suppress contact, with the reason, marks the case: from then on the bot
makes no client letter for it (CMSL5501, the cover letters: mailbot/effects.py), and every
email about the case says so at the top, with the reason (mailbot/outbox.py), so the officer
knows why a letter is missing. Another email lifts it. Both are confirmed to the sender and
the case officer. Only a member of staff the config knows can do either."""
from __future__ import annotations

import re

from mailbot.reading.statements import statements

SUPPRESS = re.compile(r"\b(?:suppress(?:ing)? (?:all )?(?:client |outbound )?contact|contact (?:is |to be |should be |must be )?"
                      r"suppressed|please suppress|withhold (?:all )?(?:client )?letters|stop (?:all )?(?:client )?letters)\b",
                      re.I)
LIFT = re.compile(r"\b(?:lift(?:ing)? (?:the )?(?:contact )?suppression|remove (?:the )?suppression|suppression (?:can be |is |has "
                  r"been |should be )?(?:lifted|removed|ended)|unsuppress\w*|resume (?:client )?contact|no longer suppress\w*)\b",
                  re.I)


def instruction(message, config) -> str | None:
    """"suppress", "lift", or None: what a member of staff's own words ask of the case."""
    if config.person(message.sender or "") is None:
        return None
    said = statements(message.new_text or "")
    if LIFT.search(said):
        return "lift"
    if SUPPRESS.search(said):
        return "suppress"
    return None


def follow(case, message, what: str, act) -> None:
    """Mark the case (or lift the mark); the sender and the case officer told."""
    said = " ".join(statements(message.new_text or "").split())
    if what == "suppress":
        case.contact_suppressed = True
        case.suppression_reason = said[:300] or "no reason given"
        case.suppressed_by = message.sender
        act.note(f"contact suppressed by {message.sender}: {case.suppression_reason}", kind="suppression")
    else:
        case.contact_suppressed = False
        act.note(f"contact suppression lifted by {message.sender}", kind="suppression")
    to = [message.sender] + [a for a in act.resolve_role("officer") if a != message.sender]
    act.send("contact_suppression", to, reply=True, lifted=what == "lift")
