"""classify.decide names the same kind as scoring every cue (it only skips sums that cannot matter)."""
from __future__ import annotations

import random
import re
from pathlib import Path

from mailbot.reading import classify, read_message
from mailbot.reading.vocabulary import _alternatives, lexicon_for

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
        kind, top, second = classify.best(classify.scores(subject, text, lexicon))
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
