"""Safety and routing flags from the message's own words (never from quoted history)."""
from __future__ import annotations

import re

from mailbot.reading.vocabulary import Lexicon

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•]|\s*[A-Z][\w ]{0,30}:)")
_CLAUSE = re.compile(r"[.;,\n]|\bbut\b|\bhowever\b", re.I)

SAFETY_FLAGS = ("suicide_risk", "threat", "complaint", "foi_request", "sar_request", "pv")


def flags(text: str, lexicon: Lexicon) -> set[str]:
    """The flags the text raises; a threat of suicide or self-harm is suicide_risk only."""
    raised: set[str] = set()
    if not text:
        return raised
    low = text.lower()
    quick = {}
    for flag in SAFETY_FLAGS:
        quick[flag] = _search_lower(flag, low, lexicon)
    for flag in lexicon.safety_lower:  # administrators' extra flags
        if flag not in SAFETY_FLAGS and _search_lower(flag, low, lexicon):
            raised.add(flag)
    if not any(quick.values()):
        return raised
    if any(quick[f] for f in ("threat", "complaint", "sar_request", "foi_request")) \
            and lexicon.boilerplate.search(low):  # a footer never says PV or suicide
        text = _without_boilerplate(text, lexicon)
    for sentence in _SENTENCES.split(text):
        if not sentence.strip():
            continue
        suicide = bool(quick.get("suicide_risk")) and bool(lexicon.safety["suicide_risk"].search(sentence))
        if suicide:
            raised.add("suicide_risk")
        for flag in ("threat", "complaint", "foi_request", "sar_request"):
            if not quick.get(flag) or flag in raised:
                continue
            m = lexicon.safety[flag].search(sentence)
            if not m:
                continue
            if flag == "threat" and suicide:
                continue
            exclusion = lexicon.safety_exclusions.get(flag)
            if exclusion and exclusion.search(sentence):
                scrubbed = exclusion.sub(" ", sentence)
                if not lexicon.safety[flag].search(scrubbed):
                    continue
            raised.add(flag)
        if quick.get("pv") and "pv" not in raised and _pv(sentence, lexicon):
            raised.add("pv")
    return raised


_PARAGRAPHS = re.compile(r"\n\s*\n")


def _without_boilerplate(text: str, lexicon: Lexicon) -> str:
    """The text less its legal footers: paragraphs with two or more boilerplate phrases."""
    kept = [p for p in _PARAGRAPHS.split(text)
            if len({m.group(0) for m in lexicon.boilerplate.finditer(p.lower())}) < 2]
    return "\n\n".join(kept)


def _search_lower(flag: str, low: str, lexicon: Lexicon) -> re.Match | None:
    """The flag's phrases in the lower-cased text, behind the gate of the literals they need."""
    needs = lexicon.safety_gates.get(flag)
    if needs is not None and needs.isdisjoint(lexicon.gates.present(low)):
        return None
    return lexicon.safety_lower[flag].search(low)


_PV_CHECK = re.compile(r"\bPV\s+checks?\b", re.I)
_PV_MARKER = re.compile(r"marker|flag|indicator|potentially violent|status|warning|\bis PV|\ba PV\b", re.I)


def _pv(sentence: str, lexicon: Lexicon) -> bool:
    """'has a PV marker' raises pv; 'no PV marker', 'PV: no marker', 'PV check' do not."""
    for m in lexicon.safety["pv"].finditer(sentence):
        starts = [c.end() for c in _CLAUSE.finditer(sentence, 0, m.start())]
        start = starts[-1] if starts else 0
        end_m = _CLAUSE.search(sentence, m.end())
        end = end_m.start() if end_m else len(sentence)
        clause = sentence[start:end]
        if _PV_CHECK.search(clause) and not _PV_MARKER.search(clause):
            continue
        if lexicon.pv_negation.search(clause):
            continue
        return True
    return False
