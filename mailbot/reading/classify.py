"""Which kind a person's message is: the weighted cues of vocabulary.yaml, highest total wins."""
from __future__ import annotations

import re
from typing import NamedTuple

from mailbot.reading.vocabulary import Lexicon, fix_typos

_REPLY = re.compile(r"^\s*(?:re|aw|sv|antw)\s*:", re.I)

# Machine kinds are decided from structure first (reports.py); these are people's kinds.
PERSON_KINDS = ("f2f_referral", "court_action_request", "enforcement_fee_request",
                "payment_confirmation", "cpo_assignment", "second_pv_check_request",
                "summons_issued", "cover_letter_request", "court_outcome", "vsat_decision",
                "appointment_confirmation", "visit_outcome")
MIN_SCORE = 3
_RANK = {kind: i for i, kind in enumerate(PERSON_KINDS)}


class Verdict(NamedTuple):
    kind: str        # 'unknown' when no kind scores MIN_SCORE
    score: float     # the winning kind's cue total (0 when no cue matched)
    rival: float     # the runner-up's total when within a point of the winner's, else 0


def decide(subject: str, text: str, lexicon: Lexicon) -> Verdict:
    """The kind with the highest cue total, working out only the totals that can change it:
    a kind whose cues could not reach within a point of the best so far is not searched
    (tests/reading/test_classify.py holds the every-cue reference it is checked against)."""
    body = text[:6000].lower()
    subject = subject.lower()
    verdict = _decide(subject, body, lexicon)
    if verdict.score < 6:  # weak: try again with misspellings spelt right
        fixed_body, fixed_subject = fix_typos(body), fix_typos(subject)
        if fixed_body != body or fixed_subject != subject:
            retry = _decide(fixed_subject, fixed_body, lexicon)
            if retry.score > verdict.score:
                return retry
    return verdict


def _decide(subject: str, body: str, lexicon: Lexicon) -> Verdict:
    both = subject + "\n" + body
    reply = _REPLY.match(subject) is not None  # a reply's subject counts for half (see _scores)
    live = set(lexicon.ungated_alternatives)
    by_literal = lexicon.alternatives_by_literal
    for literal in lexicon.gates.present(both):
        live.update(by_literal.get(literal, ()))
    alternatives, table = lexicon.cue_alternatives, lexicon.cue_table
    cues: dict[str, list[tuple[float, list]]] = {}  # kind -> its live cues, strongest first
    room: dict[str, float] = {}  # the most each kind could score
    last, patterns = -1, []
    for number in sorted(live):  # table order: by kind, strongest cue first
        cue, pattern, _ = alternatives[number]
        if cue == last:
            patterns.append(pattern)
            continue
        kind, weight = table[cue]
        if kind not in _RANK:
            continue
        last, patterns = cue, [pattern]
        cues.setdefault(kind, []).append((weight, patterns))
        if weight > 0:
            room[kind] = room.get(kind, 0) + weight
    totals: dict[str, float] = {}
    top, winner = 0.0, None
    for kind in sorted(room, key=lambda k: (-room[k], _RANK[k])):
        left = room[kind]
        if left < top - 1:
            break  # neither the best nor within a point of it; nor is any kind after it
        total = 0.0
        for weight, patterns in cues[kind]:
            if total + left < top - 1:
                break
            if weight > 0:
                left -= weight
            if not reply:
                if any(p.search(both) for p in patterns):
                    total += weight
            elif any(p.search(body) for p in patterns):
                total += weight
            elif any(p.search(subject) for p in patterns):
                total += weight * 0.5
        else:
            if total:
                totals[kind] = total
                if total > top or (total == top and winner is not None and _RANK[kind] < _RANK[winner]):
                    top, winner = total, kind
    if winner is None or top < MIN_SCORE:
        return Verdict("unknown", top, 0.0)
    rival = max((t for k, t in totals.items() if k != winner), default=0.0)
    return Verdict(winner, top, rival if top - rival <= 1 else 0.0)
