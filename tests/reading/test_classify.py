"""classify.decide names the same kind as scoring every cue (it only skips sums that cannot matter)."""
from __future__ import annotations

import random
import re
from pathlib import Path

from mailbot.reading import classify, read_message
from mailbot.reading.vocabulary import _alternatives, fix_typos, lexicon_for

FIXTURES = Path(__file__).parent / "fixtures"


def _messages() -> list[tuple[str, str]]:
    found = []
    for path in sorted(FIXTURES.glob("*.eml")):
        try:
            reading = read_message(path.read_bytes())
        except Exception:
            continue
        found.append((reading.subject, reading.new_text))
    rng = random.Random(11)
    words = " ".join(text for _, text in found).split()
    for _ in range(300):  # jumbles: several kinds' words in one message, close calls
        found.append(("RE: " * rng.randint(0, 1) + " ".join(rng.choice(words) for _ in range(6)),
                      " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))))
    return found


def test_decide_agrees_with_every_cue_scored():
    lexicon = lexicon_for(None)
    for subject, text in _messages():
        kind, top, second = _reference_best(_reference_scores(subject, text, lexicon))
        verdict = classify.decide(subject, text, lexicon)
        assert verdict.kind == kind, (subject, text[:200])
        if kind != "unknown":
            assert verdict.score == top
            close = bool(top and second and top - second <= 1)
            assert bool(verdict.rival) == close and (not close or verdict.rival == second)



def test_a_cue_split_into_alternatives_matches_where_it_did_whole():
    assert [p.pattern for p in _alternatives(re.compile(r"a(b|c)|[|]d|\|e"))] == ["a(b|c)", "[|]d", "\\|e"]
    assert len(_alternatives(re.compile(r"(a)x|\1y"))) == 1  # a back-reference keeps it whole
    lexicon = lexicon_for(None)
    texts = [text.lower() for _, text in _messages()]
    for cues in lexicon.kind_cues.values():
        for _, pattern in cues:
            parts = _alternatives(pattern)
            for text in texts:
                assert bool(pattern.search(text)) == any(p.search(text) for p in parts), pattern.pattern[:60]


# --- the reference: every cue searched, every total summed ---------------------------------

_REPLY = classify._REPLY


def _reference_scores(subject: str, text: str, lexicon) -> dict[str, float]:
    """Each person kind's cue total over the subject and the message's own text, every cue
    searched: slow, the reference that classify.decide is checked against."""
    body = text[:6000].lower()
    subject = subject.lower()
    result = _every_cue(subject, body, lexicon)
    if max(result.values(), default=0) < 6:  # weak: try again with misspellings spelt right
        fixed_body, fixed_subject = fix_typos(body), fix_typos(subject)
        if fixed_body != body or fixed_subject != subject:
            retry = _every_cue(fixed_subject, fixed_body, lexicon)
            if max(retry.values(), default=0) > max(result.values(), default=0):
                return retry
    return result


def _every_cue(subject: str, body: str, lexicon) -> dict[str, float]:
    both = subject + "\n" + body
    # A reply's subject was written by the other side: it counts for half.
    subject_weight = 0.5 if _REPLY.match(subject) else 1.0
    result: dict[str, float] = {}
    for kind in classify.PERSON_KINDS:
        total = 0.0
        for weight, pattern in lexicon.kind_cues.get(kind, ()):
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


def _reference_best(found: dict[str, float]) -> tuple[str, float, float]:
    """(kind, its score, the runner-up's score); 'unknown' when nothing scores enough."""
    if not found:
        return "unknown", 0, 0
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], classify.PERSON_KINDS.index(kv[0])))
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if top < classify.MIN_SCORE:
        return "unknown", top, second
    return kind, top, second
