"""The gates in front of the reader's patterns never skip a search that would have matched."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from mailbot.reading import Vocabulary, read_message
from mailbot.reading.literals import Gates, required
from mailbot.reading.vocabulary import Lexicon

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("pattern, text", [
    ("(a|b){2}xyz", "baxyz"),
    ("x?abc", "abc"),
    ("(?:foo|bar)+baz", "foobarbaz"),
    ("hello|wor.d", "world"),
    ("face[- ]to[- ]face", "face to-face"),
    ("(the )?cpo (is|will be)", "cpo will be"),
    (r"\bpaid\b", "it was paid."),
    (r"(?<![\w-])(?:pv marker|marked as pv|\bpv\W*(yes|y))(?![\w-])", "pv: yes"),
    (r"abc(?=d)def", "abcdef"),  # never matches; the gate may say anything
])
def test_a_text_that_matches_holds_a_required_literal(pattern, text):
    needs = required(pattern)
    if re.search(pattern, text):
        assert needs is None or any(n in text for n in needs), (pattern, needs)


def test_what_cannot_be_relied_on_is_never_gated():
    assert required("(?i)abc") is None          # case-insensitive: 'ABC' would slip past
    assert required(re.compile("abc", re.I)) is None
    assert required(r"\w+@\w+") is None          # nothing literal at all
    assert required("a|bcd") is None             # one alternative is a single letter
    assert required("(?:abc)?def") == ("def",)


def test_gates_find_overlapping_and_nested_literals():
    gates = Gates({"ab", "abc", "bcd", "cd", "referral", "ref"})
    assert gates.present("xabcdx") == {"ab", "abc", "bcd", "cd"}
    assert gates.present("a referral") == {"referral", "ref"}
    assert gates.present("nothing here") == frozenset()


def _texts() -> list[str]:
    texts = []
    for path in sorted(FIXTURES.glob("*.eml")):
        try:
            reading = read_message(path.read_bytes())
        except Exception:
            continue
        texts.append((reading.subject + "\n" + reading.new_text).lower())
    rng = random.Random(5)
    words = " ".join(texts).split()
    texts += [" ".join(rng.choice(words) for _ in range(40)) for _ in range(200)]
    return texts


def test_every_cue_and_safety_phrase_is_searched_whenever_it_could_match():
    lexicon = Lexicon(Vocabulary(safety_phrases={"threat": ["going to get you"],
                                                 "custom": [r"special (thing|matter)"]}))
    patterns = [(p, needs) for _, p, needs in lexicon.cue_alternatives]
    patterns += [(lexicon.safety_lower[f], lexicon.safety_gates[f]) for f in lexicon.safety_lower]
    texts = _texts() + ["he is going to get you", "a special matter", "pv: yes", "dna'd twice"]
    for text in texts:
        present = lexicon.gates.present(text)
        for pattern, needs in patterns:
            if needs is not None and pattern.search(text):
                assert not needs.isdisjoint(present), (pattern.pattern[:80], sorted(needs), text[:80])
