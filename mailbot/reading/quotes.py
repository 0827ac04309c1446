"""Telling a message's own words from the history it quotes, and forwards from replies."""
from __future__ import annotations

import re

_FORWARD_SUBJECT = re.compile(r"^\s*(?:\[[^\]]*\]\s*)?(?:(?:re|aw|sv)\s*:\s*)*(?:fw|fwd|fw\s*d)\s*:",
                              re.I)
_FORWARD_MARKER = re.compile(
    r"^\s*(?:begin forwarded message\s*:?|-{2,}\s*forwarded message\s*-{2,}|"
    r"-{2,}\s*original message\s*-{2,}\s*$(?=[\s\S]{0,10}^\s*from:)|"
    r"-{5,}\s*forwarded by .*|forwarded message:?)\s*$", re.I | re.M)

# Where quoted history starts, as separate line patterns.
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(?:original message|original|message d'origine|"
                       r"ursprüngliche nachricht|mensaje original)\s*-{2,}\s*$", re.I)
_RULE = re.compile(r"^\s*(?:_{10,}|-{10,})\s*$")
_FROM = re.compile(r"^\s*\*?(?:from|van|von|de)\s*:\*?\s*\S", re.I)
_HEADERISH = re.compile(r"^\s*\*?(?:sent|date|to|subject|cc|envoyé|gesendet)\s*:\*?", re.I)
_WROTE = re.compile(r"\bwrote\s*:\s*$|\bschrieb\s*:\s*$|\ba écrit\s*:\s*$", re.I)
_ON = re.compile(r"^\s*(?:on|am|le)\s+\S", re.I)


def is_forward(subject: str, text: str) -> bool:
    """A forward is read whole: subject Fw:/Fwd:, or a forwarded-message marker on top."""
    if _FORWARD_SUBJECT.match(subject or ""):
        return True
    head = text[:4000]
    m = _FORWARD_MARKER.search(head)
    if not m:
        return False
    # "Begin forwarded message" with nothing of the sender's own above it but a note.
    return "begin forwarded" in m.group(0).lower() or "forward" in m.group(0).lower()


_STARTERS = set("-_FfVvDd*")


def split_quoted(text: str) -> tuple[str, str]:
    """(new text, quoted history): history starts at the first quote header or '>' block."""
    lines = text.splitlines()
    n = len(lines)
    cut = n
    for i, line in enumerate(lines):
        head = line.lstrip()[:1]
        if head not in _STARTERS and not ("wrote" in line or "schrieb" in line or "écrit" in line):
            continue
        if _ORIGINAL.match(line):
            cut = i
            break
        if _RULE.match(line) and _header_block_follows(lines, i + 1):
            cut = i
            break
        if _FROM.match(line) and _header_block_follows(lines, i):
            cut = i
            break
        if _WROTE.search(line) and (_ON.match(line) or (i > 0 and _ON.match(lines[i - 1]))):
            cut = i - 1 if (i > 0 and _ON.match(lines[i - 1]) and not _WROTE.search(lines[i - 1])
                            and lines[i - 1].strip()) else i
            break
    new_lines = [l for l in lines[:cut] if not l.lstrip().startswith(">")]
    quoted = lines[cut:] + [l for l in lines[:cut] if l.lstrip().startswith(">")]
    return "\n".join(new_lines).strip(), "\n".join(quoted)


def _header_block_follows(lines: list[str], start: int) -> bool:
    """A From: line with Sent:/Date:/To:/Subject: lines right under it (Outlook, Notes)."""
    seen_from = False
    headers = 0
    for line in lines[start:start + 8]:
        if not line.strip():
            if seen_from and headers:
                break
            continue
        if _FROM.match(line):
            seen_from = True
        elif _HEADERISH.match(line):
            headers += 1
        else:
            break
    return seen_from and headers >= 1


_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)+")


def unquote(text: str) -> str:
    """A forward read whole: quote markers removed, everything kept."""
    return "\n".join(_QUOTE_MARKS.sub("", l) for l in text.splitlines())
