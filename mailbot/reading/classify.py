"""Which kind a person's message is: the weighted cues of vocabulary.yaml, highest total wins."""
from __future__ import annotations

import re

from mailbot.reading.vocabulary import Lexicon, fix_typos

_REPLY = re.compile(r"^\s*(?:re|aw|sv|antw)\s*:", re.I)

# Machine kinds are decided from structure first (reports.py); these are people's kinds.
PERSON_KINDS = ("f2f_referral", "court_action_request", "enforcement_fee_request",
                "payment_confirmation", "cpo_assignment", "second_pv_check_request",
                "summons_issued", "cover_letter_request", "court_outcome", "vsat_decision",
                "appointment_confirmation", "visit_outcome")
MIN_SCORE = 3


def scores(subject: str, text: str, lexicon: Lexicon) -> dict[str, float]:
    """Each person kind's cue total over the subject and the message's own text."""
    body = text[:6000].lower()
    subject = subject.lower()
    result = _scores(subject, body, lexicon)
    if max(result.values(), default=0) < 6:  # weak: try again with misspellings spelt right
        fixed_body, fixed_subject = fix_typos(body), fix_typos(subject)
        if fixed_body != body or fixed_subject != subject:
            retry = _scores(fixed_subject, fixed_body, lexicon)
            if max(retry.values(), default=0) > max(result.values(), default=0):
                return retry
    return result


def _scores(subject: str, body: str, lexicon: Lexicon) -> dict[str, float]:
    both = subject + "\n" + body
    # A reply's subject was written by the other side: it counts for half.
    subject_weight = 0.5 if _REPLY.match(subject) else 1.0
    result: dict[str, float] = {}
    present = lexicon.gates.present(both)
    for kind in PERSON_KINDS:
        total = 0.0
        for weight, pattern, needs in lexicon.kind_cues.get(kind, ()):
            if needs is not None and needs.isdisjoint(present):
                continue  # the cue cannot match: none of the words it needs is here
            if subject_weight == 1.0:
                if pattern.search(both):
                    total += weight
            elif pattern.search(body):  # a reply: its own words count in full, the subject half
                total += weight
            elif pattern.search(subject):
                total += weight * subject_weight
        if total:
            result[kind] = total
    return result


def best(found: dict[str, float]) -> tuple[str, float, float]:
    """(kind, its score, the runner-up's score); 'unknown' when nothing scores enough."""
    if not found:
        return "unknown", 0, 0
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], PERSON_KINDS.index(kv[0])))
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if top < MIN_SCORE:
        return "unknown", top, second
    return kind, top, second
