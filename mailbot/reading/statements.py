"""What a reply says, as sentences: the text an answer is read from.

A reply's own words and what it forwards, without signatures (their phone numbers and
addresses), forwarded headers (their dates), questions, and the writer's own comings and
goings ("I'm off till Monday"); shorthand written out ("tmrw", "appt") and a corrected
slip taken as corrected ("Thursday - sorry, I mean Friday 8th")."""
from __future__ import annotations

import re
from functools import lru_cache

_FORWARD_HEAD = re.compile(r"^\s*(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|"
                           r"begin forwarded message\s*:?)\s*$", re.I)
_HEADER_LINE = re.compile(r"^\s*\*?(?:from|sent|date|to|cc|subject)\s*:", re.I)
_SIGN_OFF = re.compile(r"^\W*(?:(?:kind|best|warm|many)?\s*(?:regards|thanks|thank you|wishes)|cheers|ta|"
                       r"diolch|sent from my|get outlook|yours sincerely)\b[\w ,!.]{0,20}$", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
_QUESTION = re.compile(r"\?\s*$")
_DEFERRAL = re.compile(
    r"\b(?:I.?m|I am|I.?ll be|I will be)\s+(?:off|on leave|away|out of (?:the )?office|on holiday|on a course|"
    r"in court|in cardiff|working from)\b|\boff (?:till|until|today|tomorrow)\b|"
    r"\b(?:will|I.?ll|shall)\s+(?:pick (?:this|it) up|reply|get back|come back to|respond|look (?:at|into))\b|"
    r"\bin court all\b|\bwill reply\b|\breply properly\b|\bon a course\b|"
    r"\b(?:I.?ll|I will)\s+(?:do|get|have|sort|check|look)\b[^.\n]*\b(?:tomorrow|later|next week|monday|"
    r"tuesday|wednesday|thursday|friday|first thing|asap|shortly|soon|then)\b", re.I)
# "I can't do this one": the person asked says why they cannot answer, not an answer.
CANNOT = re.compile(r"\b(?:don.?t have access|no access to|can someone else|can.?t do|unable to do|"
                     r"haven.?t (?:done|had a chance)|not had a chance|yet to|still pending|"
                     r"who is this|don.?t have this one|not mine|wrong (?:person|team|consultant)|"
                     r"never had this one|not my (?:visit|case)|can.?t get (?:on|in)to?|outage|"
                     r"(?:systems?|line|website|portal) (?:is |are |was )?down|try (?:it )?again|"
                     r"can.?t book anything|didn.?t come through|hasn.?t happened yet|not happened yet|"
                     r"the wrong one|two (?:srs|cases|referrals) open|not the right person|"
                     r"when.?s the hearing)\b", re.I)


def _signature_like(line: str) -> bool:
    """"Dan", "G", "Priya Shah, VSAT", "Helen Morgan | CPO Wales | 029 2000 5678"."""
    words = re.findall(r"[A-Za-z][\w'’.&-]*", line)
    if re.search(r"\b(?:accept\w*|reject\w*|approv\w*|declin\w*|paid|done|yes|no|ok|complete\w*|clear|"
                 r"negative|none|nil|seen|sorted|agreed|fine|updated|noted|held)\b", line, re.I):
        return False
    if not words:
        return bool(re.fullmatch(r"[\W\d]+", line))
    if len(words) <= 2 and all(len(w) <= 2 and w.isupper() for w in words):
        return len(words) == 1      # "G", "GH"; not "DA N"
    return len(words) <= 8 and all(w[0].isupper() or w in ("of", "and", "for", "the", "&") for w in words) \
        and any(c.islower() for c in line) and not re.search(r"[:?!]|\.\s|\.$", line)


@lru_cache(maxsize=64)
def statements(text: str) -> str:
    """What the message says, as sentences: its own words and what it forwards, without
    signatures (their phone numbers and addresses), forwarded headers (their dates),
    questions, and the writer's own comings and goings ("I'm off till Monday")."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if _FORWARD_HEAD.match(line):
            blocks.append([])
            continue
        blocks[-1].append(line)
    kept: list[str] = []
    for number, block in enumerate(blocks):
        signed = False
        for line in block:
            if number and _HEADER_LINE.match(line):
                continue
            if _SIGN_OFF.match(line.strip()):
                signed = True
            if not signed and line.strip():
                kept.append(line.strip())
    while kept and _signature_like(kept[-1]):
        kept.pop()
    text = _normalised("\n".join(kept))
    sentences = [_corrected(s.strip()) for s in _SENTENCE.split(text) if s.strip()]
    kept = (_without_deferral(s) for s in sentences if s and not _QUESTION.search(s))
    return "\n".join(s for s in kept if s)


def _without_deferral(sentence: str) -> str:
    """A sentence without the writer's comings and goings: "Replying for Priya who's off
    today: no further visit needed" keeps what follows the colon."""
    if not _DEFERRAL.search(sentence):
        return sentence
    head, colon, rest = sentence.partition(": ")
    return rest if colon and _DEFERRAL.search(head) and not _DEFERRAL.search(rest) else ""


_SHORTHAND = [(re.compile(r"\b(?:tmrw|tmw|tomoz|2moro|tomorow)\b", re.I), "tomorrow"),
              (re.compile(r"\b(?:yday|yest|yesterdy)\b", re.I), "yesterday"),
              (re.compile(r"\bhrg\b", re.I), "hearing"), (re.compile(r"\bpmts?\b", re.I), "payments"),
              (re.compile(r"\bappt\b", re.I), "appointment"),
              # "next Tues (12th)", "Thursday just gone (25th)": the day number settles the weekday
              (re.compile(r"\b((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)(?:\s+just gone|\s+last)?\s*\((\d{1,2}(?:st|nd|rd|th)?)\)",
                          re.I), r"\1 \2"),
              # "18.01 @ 14:45": a day and month before a time, not a time itself
              (re.compile(r"\b([0-3]?\d)\.([01]?\d)\b(?=\s*(?:@|at)\s*\d)"), r"\1/\2")]
# "Thursday - sorry, I mean Friday 8th": what comes after the first correction is what is meant
_CORRECTION = re.compile(r"\bno,? sorry\b[,:]?|\bsorry,? I mean[t]?\b|\bscratch that\b[,:]?|\bignore that\b[,:]?|"
                         r"\bhit send too soon\b|(?<=\w)\s+-\s+sorry\b,?", re.I)


def _normalised(text: str) -> str:
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


def _corrected(sentence: str) -> str:
    m = _CORRECTION.search(sentence)
    return sentence[m.end():].strip(" ,:-") if m else sentence
