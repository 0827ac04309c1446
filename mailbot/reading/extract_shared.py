"""What every kind's extractor shares: the message as the extractors see it (`Context`),
and the fields many kinds carry — SR number, SCIN, the client's name, the court, the hearing,
who signs the message."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from mailbot.reading import dates, values
from mailbot.reading.labels import Pairs, read_pairs
from mailbot.reading.vocabulary import Lexicon


@dataclass
class Context:
    """What one message offers the extractors."""

    lexicon: Lexicon
    subject: str
    text: str                       # the message's own text (new text, or a forward whole)
    anchor: date | None             # the Date header's day, UK time
    sender: str | None = None
    sender_name: str | None = None
    form_lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _pairs: Pairs | None = None

    @property
    def pairs(self) -> Pairs:
        if self._pairs is None:
            self._pairs = read_pairs(self.form_lines + self.text.splitlines(), self.lexicon)
        return self._pairs

    @property
    def all_text(self) -> str:
        return self.subject + "\n" + self.text

    def labelled(self, name: str) -> str | None:
        return self.pairs.get(name)


# --- shared -----------------------------------------------------------------------------

def _sr(ctx: Context) -> str | None:
    value = ctx.labelled("sr_number")
    if value:
        found = values.SR.search(value.replace(" ", "")) if value else None
        if found:
            return found.group(0).upper()
    for text in (ctx.subject, "\n".join(ctx.form_lines), ctx.text):
        found = values.sr_number(text)
        if found:
            return found
    return None


_SIX_DIGITS = re.compile(r"\d{6}")


def _scin(ctx: Context) -> str | None:
    value = ctx.labelled("scin")
    if value and _SIX_DIGITS.search(value.replace(" ", "").replace("-", "")):
        return values.scin_value(value)
    for text in (ctx.subject, ctx.text):
        found = values.scin(text)
        if found:
            return found
    return None


_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+)?[A-Z][A-Za-z'’\-]+(?:[ \t]+(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.?)){0,3}"
_CLIENT_NAME = [
    re.compile(rf"(?:[Pp]aying|[Rr]eceiving|[Nn]on[- ]?resident) parent[,:]?\s+(?:is\s+|called\s+|named\s+|being\s+)?({_NAME})"),
    re.compile(rf"\b(?:NRP|PWC|PeWC|PP|RP|client|customer)\b[,:]?\s*(?:is\s+|called\s+|named\s+|-\s+)?({_NAME})"),
    re.compile(rf"\bagainst\s+(?:the\s+(?:paying|receiving)\s+parent,?\s+)?({_NAME})"),
    re.compile(rf"\b((?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s+){{0,3}}[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?)"),
]


_ROLE_AFTER_NAME = re.compile(r"\s*[(\[]\s*(?:the\s+)?(?:NRP|PWC|PeWC|PP|RP|paying parent|receiving parent|"
                              r"non[- ]?resident parent|parent with care|person with care)\s*[)\]]\s*$", re.I)


def _client_name(ctx: Context) -> str | None:
    value = values.text_value(ctx.labelled("client_name"))
    if value:
        return _ROLE_AFTER_NAME.sub("", value) or value
    for pattern in _CLIENT_NAME:
        for m in pattern.finditer(ctx.text):
            name = _clean_name(m.group(1), ctx.lexicon)
            if name:
                return name
    return None


_POSSESSIVE = re.compile(r"['’]s$")


def _clean_name(name: str, lexicon: Lexicon) -> str | None:
    name = _POSSESSIVE.sub("", name)  # "Mrs Alison Grey's case"
    words = name.split()
    while words and words[-1].lower().strip(".") in lexicon.not_names:
        words.pop()
    if not words or words[0].lower().strip(".") in lexicon.not_names:
        return None
    if words[0].lower().strip(".") in lexicon.titles and len(words) == 1:
        return None
    return " ".join(words)


_COURT = re.compile(
    r"((?:[A-Z][\w'’.&-]*\s+(?:(?:and|upon|on|under)\s+(?=[A-Z]))?){1,5}?(?:County|Magistrates['’]?|Family|Sheriff|Crown|Civil|Combined|"
    r"Justice)\s+Court(?:\s+(?:Centre|Center|House))?|(?:[A-Z][\w'’.&-]*\s+){1,4}?(?:Civil|Family|Combined)?"
    r"\s*Justice\s+Centre)|(Sheriff Court of [A-Z][\w-]+)")
_COURT_LEAD = re.compile(r"^(?:The|At|In|To|From|For|Via|A|An|Our|Your|Local|Hearing|Court|On|[A-Z][a-z]+ing)\s+")
_COURT_KIND_ONLY = re.compile(r"(?i)(?:county|magistrates['’]?|family|crown|civil|combined|sheriff)\s+court")


_NEXT_SENTENCE = re.compile(r"\.\s+(?=[A-Z][a-z]+\s+[a-z])")


_ACTION_ONLY = re.compile(r"(?i)county court|commitment|liability order")


def _court(ctx: Context) -> str | None:
    # "Court: Hull Magistrates' Court. Hearing to be confirmed." - the court, not the note after it
    value = values.text_value(_NEXT_SENTENCE.split(ctx.labelled("court") or "", maxsplit=1)[0].rstrip("."))
    if value and not _ACTION_ONLY.fullmatch(value):
        return value
    if ctx.labelled("court") and value is None:
        return None  # "Court: TBC"
    for text in (ctx.text, ctx.subject):
        for m in _COURT.finditer(text):
            court = m.group(1) or m.group(2)
            while _COURT_LEAD.match(court) and len(court.split()) > 2:
                court = _COURT_LEAD.sub("", court, count=1)
            if not _COURT_KIND_ONLY.fullmatch(court.strip()):  # "Allocating County Court": no court named
                return court.strip()
    return value


_HEARING = re.compile(r"hearing|listed|court date|in court|before the (?:court|magistrates)|"
                      r"court on|attend(?:ing)? court", re.I)


def _labelled_when(ctx: Context, name: str, forward: bool = True) -> str | None:
    """A labelled date, with its time when that is on a row of its own ("Time: 2pm")."""
    found = [v for v in ctx.pairs.values.get(name, ()) if v.strip()]
    if not found:
        return None
    when = dates.pick(found[0], ctx.anchor, forward=forward)
    if when and "T" not in when:
        times = found[1:3] + [v for v in ctx.pairs.values.get("time_of_day", ()) if v.strip()][:1]
        if times:
            joined = dates.pick("\n".join([found[0]] + times), ctx.anchor, forward=forward)
            if joined and joined.startswith(when):
                when = joined
    return when


def _hearing_at(ctx: Context, subject_first: bool = False) -> str | None:
    found = _labelled_when(ctx, "hearing_at")
    if found:
        return found
    sources = [ctx.subject, ctx.text] if subject_first else [ctx.text, ctx.subject]
    for text in sources:
        found = dates.pick(text, ctx.anchor, forward=True, near=_HEARING, need_day=True)
        if found:
            return found
    return None


_CLOSING = re.compile(r"^\W*(?:(?:kind|best|warm|many)?\s*(?:regards|thanks|thank you|wishes)|cheers|"
                      r"all the best|ta|diolch|yours sincerely|yours faithfully)\b[\w ]{0,20}\W*$", re.I | re.M)
_TEAM_WORDS = re.compile(r"\b(?:team|inbox|mailbox|cpt|ssst|vsat|cmg|unit|office|admin|north|south|east|west|"
                         r"midlands|wales|scotland|region)\b", re.I)


def _signature_name(ctx: Context) -> str | None:
    """The person who signs the message: the name under "Kind regards" and the like."""
    last = None
    for last in _CLOSING.finditer(ctx.text):
        pass
    if last is None:
        return None
    for line in ctx.text[last.end():].splitlines()[:4]:
        line = line.strip()
        if not line:
            continue
        return _person_name(re.split(r"\s+[|,–-]\s+|\s*\(", line)[0], ctx.lexicon)
    return None


def _person_name(raw: str | None, lexicon: Lexicon) -> str | None:
    """A person's name as people write it: "Shah, Priya" is Priya Shah; a team mailbox is no one."""
    if not raw:
        return None
    raw = re.sub(r"\s*[(\[].*$", "", raw.strip().strip('"')).strip()
    m = re.fullmatch(r"([A-Z][\w'’-]+),\s*([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", raw)
    if m:
        raw = f"{m.group(2)} {m.group(1)}"
    if _TEAM_WORDS.search(raw) or not re.fullmatch(_NAME, raw) or len(raw.split()) < 2:
        return None
    return _clean_name(raw, lexicon)
