"""'Label: value' lines and table rows, read into (field, value) pairs.

One reader for every layout: typed bodies ("SCIN: 1234 ..."), label-then-value lines,
several pairs on a line ("PV: N   UCB: N"), and table rows from HTML, DOCX and PDF forms
(tab-separated cells: label, value, label, value ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailbot.reading.vocabulary import Lexicon, normalise_label

# A colon between digits is a time ("Listed for 10:00 on ..."), never a label's end.
# "SR number.........1-7YT6RE5": dot leaders end a label as a colon does
_PAIR = re.compile(r"^\s*(?:[-*•·>]+\s*)?(?P<label>[^:\t=]{1,70}?)\s*(?:\?\s*|(?:(?<!\d)[:=]|[:=](?!\d))\s*|\s[-–—]\s+|"
                   r"(?:\.{2,}|…+)\s*)(?P<value>.*)$")
_SEPARATOR = re.compile(r"[:=?]|\s[-–—]\s|\.\.|…")
_SEGMENTS = re.compile(r"(\s{2,}|\s[|/]\s|;\s+)")  # "PV - N / UCB - N": a piece joins on unless labelled
_SEGMENTS_LABELLED = re.compile(r"(\s{2,}|\s[|/]\s|;\s+|\s(?=[A-Za-z][\w /']{0,25}?:\s))")  # "PV: N UCB: N"
_ANSWERS = frozenset(("yes", "no", "y", "n", "none", "nil", "ticked"))
# "PV yes", "UCB n": a short label and a yes/no with nothing between
_BARE_ANSWER = re.compile(r"^(?P<label>[A-Za-z][\w /]{0,28}?)\s+(?P<value>yes|no|y|n|none|nil|ticked)\W*$", re.I)
_SIGN_OFF = re.compile(r"(?i)^(?:thanks|thank you|many thanks|regards|kind regards|best regards|best wishes|"
                       r"cheers|ta|best|warm regards|yours sincerely|yours faithfully)\b")
_BOX = re.compile(r"[☒☐☑✓✔■□✗✘]|\[\s*[xX✓]?\s*\]")
_TICK = re.compile(r"[☒☑✓✔■✗✘]|\[\s*[xX✓]\s*\]|\(\s*[xX]\s*\)")
_ANY_BOX = re.compile(r"[☒☐☑✓✔■□✗✘]|\[\s*[xX✓]?\s*\]|\(\s*[xX]\s*\)")
# a label with its answer boxes after it: "Dangerous area   [ ] Yes  [x] No"
_LABEL_BOXES = re.compile(r"^(?P<label>[A-Za-z][^\[\]☒☐☑✓✔■□✗✘:]{0,59}?)\s*"
                          r"(?P<value>(?:[☒☐☑✓✔■□✗✘]|\[\s*[xX✓]?\s*\]).*)$")


@dataclass
class Pairs:
    """What the labels of one message say: field -> values in order of appearance."""

    values: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)   # ticked option labels

    def get(self, name: str) -> str | None:
        """The first non-blank value for a field, '' when only blank ones, None when absent."""
        found = self.values.get(name)
        if not found:
            return None
        for value in found:
            if value.strip():
                return value
        return ""

    def add(self, names: set[str], value: str) -> None:
        for name in names:
            self.values.setdefault(name, []).append(value)

    def __len__(self) -> int:
        return len(self.values)


def read_pairs(lines: list[str], lexicon: Lexicon) -> Pairs:
    pairs = Pairs()
    n = len(lines)
    i = 0
    while i < n:
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line:
            continue
        if "\t" in raw and ("\t" in line or raw.rstrip(" \r\n").endswith("\t")):  # "Enforcement:<TAB>": blank
            cells = line.split("\t") if "\t" in line else [line, ""]
            stacked = [_label_over_value(cell, lexicon) for cell in cells if cell.strip()]
            if all(stacked):  # every cell a label over its value: "SCIN<br>7710 ..." reads "SCIN, 7710 ..."
                for names, value in stacked:
                    pairs.add(names, value)
                continue
            j = i + 1 if i + 1 < n and i < n and not lines[i].strip() else i  # HTML puts a gap between rows
            below = lines[j].strip().split("\t") if j < n and "\t" in lines[j] else None
            if below and _labels_across(cells, below, lexicon):
                for label, value in zip(cells, below):
                    if label.strip():
                        pairs.add(lexicon.fields_for_label(label.strip().rstrip(":")), value.strip())
                i = j + 1
                continue
            _row(cells, lexicon, pairs)
            continue
        if len(line) > 60 and not _SEPARATOR.search(line[:72]) and not _TICK.match(line):
            continue  # prose: no label in front (a long ticked option is no prose)
        # several pairs need several separators; one label's value is never split
        if not _SEPARATOR.search(line):
            segments = []  # no separator: no "label: value" here (and _PAIR need not try)
        elif line.count(":") + line.count(" - ") > 1:
            segments = _segments(line, lexicon)
        else:
            segments = [line]
        matched_any = False
        for segment in segments:
            m = _PAIR.match(segment)
            if not m:
                continue
            names = lexicon.fields_for_label(m.group("label"))
            if not names:
                _option(m.group("label"), m.group("value"), lexicon, pairs)
                continue
            value = m.group("value").strip()
            matched_any = True
            if not value and len(segments) == 1:
                value, i = _next_value(lines, i, lexicon)
                if value and "location" in names:  # "Location:" over "Preston Jobcentre Plus" / "Lune Street"
                    value, i = _continued(value, lines, i, lexicon)
            elif "address" in names and len(segments) == 1:
                value, i = _continued(value, lines, i, lexicon)
            pairs.add(names, value)
        if matched_any:
            continue
        bare = line.rstrip(":").strip()
        if len(bare) <= 60:
            names = lexicon.fields_for_label(bare) if line.endswith(":") or \
                bare.lower() in lexicon.exact else set()
            if names:
                value, i = _next_value(lines, i, lexicon)
                if "address" in names or value and "location" in names:
                    value, i = _continued(value, lines, i, lexicon)
                pairs.add(names, value)
                continue
            answer = _BARE_ANSWER.match(bare) if len(bare) <= 34 and \
                bare.rsplit(None, 1)[-1].lower() in _ANSWERS else None
            names = lexicon.fields_for_label(answer.group("label")) if answer else set()
            if names:
                pairs.add(names, answer.group("value"))
                continue
        if not _ANY_BOX.search(line):
            continue  # no box: no option ticked here
        boxed = _LABEL_BOXES.match(line)
        if boxed:  # "Potentially violent (PV)   [ ] Yes  [x] No"
            names = lexicon.fields_for_label(boxed.group("label"))
            if names:
                pairs.add(names, boxed.group("value"))
                continue
        if len(bare) <= 60 or _TICK.match(line):
            _option_line(line, lexicon, pairs)
    return pairs


def _label_over_value(cell: str, lexicon: Lexicon) -> tuple[set[str], str] | None:
    head, comma, rest = cell.strip().partition(", ")
    names = lexicon.exact.get(normalise_label(head)) if comma and rest.strip() and len(head) <= 40 else None
    return (names, rest.strip()) if names else None


def _segments(line: str, lexicon: Lexicon) -> list[str]:
    """Several pairs on one line ("PV: N  UCB: N"); a piece with no label of its own stays with
    the one before ("Other: deaf; needs a BSL interpreter", "Name: Morag  McLeod")."""
    pieces = (_SEGMENTS_LABELLED if line.count(": ") > 1 else _SEGMENTS).split(line)
    out = [pieces[0]]
    for k in range(1, len(pieces) - 1, 2):
        piece = pieces[k + 1]
        m = _PAIR.match(piece)
        if m and lexicon.fields_for_label(m.group("label")):
            out.append(piece)
        else:
            out[-1] += pieces[k] + piece
    return out


def _labels_across(cells: list[str], below: list[str], lexicon: Lexicon) -> bool:
    """A table with its labels along one row and their values in the row under it."""
    labels = [c.strip().rstrip(":") for c in cells if c.strip()]
    if len(labels) < 2 or len(below) != len(cells):
        return False
    if not all(len(c) <= 40 and lexicon.fields_for_label(c) for c in labels):
        return False
    under = [c.strip() for c in below if c.strip()]
    return not under or sum(bool(len(c) <= 40 and lexicon.fields_for_label(c.rstrip(":"))) for c in under) * 2 < len(under)


def _is_label_line(line: str, lexicon: Lexicon) -> bool:
    line = line.strip()
    if "\t" in line:
        return True
    m = _PAIR.match(line)
    if m and lexicon.fields_for_label(m.group("label")):
        return True
    bare = line.rstrip(":").strip().lower()
    return bool(bare) and len(bare) <= 60 and (line.endswith(":") and bool(
        lexicon.fields_for_label(bare)) or bare in lexicon.exact)


def _next_value(lines: list[str], i: int, lexicon: Lexicon) -> tuple[str, int]:
    """A label alone on its line: its value is the next non-blank line, if not a label."""
    j = i
    while j < len(lines) and j < i + 3 and not lines[j].strip():
        j += 1
    if j < len(lines) and lines[j].strip() and not _is_label_line(lines[j], lexicon):
        return lines[j].strip(), j + 1
    return "", i


def _continued(value: str, lines: list[str], i: int, lexicon: Lexicon) -> tuple[str, int]:
    """An address written over several lines: join the short lines that follow."""
    parts = [value] if value else []
    j = i
    while j < len(lines) and j < i + 5:
        line = lines[j].strip()
        if not line or len(line) > 60 or ":" in line or "\t" in line or \
                _is_label_line(line, lexicon) or line.endswith((".", "?", "!")) or _SIGN_OFF.match(line):
            break
        parts.append(line.rstrip(","))
        j += 1
    return ", ".join(p.rstrip(",") for p in parts), j


def _row(cells: list[str], lexicon: Lexicon, pairs: Pairs) -> None:
    cells = [c.strip() for c in cells]
    k = 0
    while k < len(cells):
        cell = cells[k]
        label = cell.rstrip(":").strip()
        names = lexicon.fields_for_label(label) if label and len(label) <= 70 else set()
        if names and k + 2 < len(cells) and not _BOX.fullmatch(cells[k + 1]) and _BOX.fullmatch(cells[k + 2]):
            # options with their boxes after them: "PV | Yes | ☐ | No | ☒" reads "☐ Yes ☒ No"
            j, boxes = k + 1, []
            while j + 1 < len(cells) and _BOX.fullmatch(cells[j + 1]) and not _BOX.fullmatch(cells[j]):
                boxes.append(f"{cells[j + 1]} {cells[j]}")
                j += 2
            pairs.add(names, " ".join(boxes))
            k = j
            continue
        if names and k + 1 < len(cells):
            pairs.add(names, cells[k + 1])
            k += 2
            continue
        if names and k + 1 == len(cells):
            pairs.add(names, "")
            k += 1
            continue
        m = _PAIR.match(cell) if cell else None
        if m and lexicon.fields_for_label(m.group("label")):
            pairs.add(lexicon.fields_for_label(m.group("label")), m.group("value").strip())
        elif cell and k + 1 < len(cells) and _TICK.search(cells[k + 1]):
            _option(cell, cells[k + 1], lexicon, pairs)
        elif cell:
            _option_line(cell, lexicon, pairs)
        k += 1


def _option(label: str, value: str, lexicon: Lexicon, pairs: Pairs) -> None:
    """A printed option with its own box: "Paying parent ☒"."""
    if not (_TICK.search(value) or value.strip().lower() in ("yes", "y", "x", "true")):
        return
    for name in lexicon.options:
        option = lexicon.option_for(name, label)
        if option:
            pairs.options.setdefault(name, []).append(option)
    pairs.options.setdefault("*", []).append(label.strip())


_TICKED_OPTION = re.compile(r"(?:[☒☑✓✔■✗✘]|\[\s*[xX✓]\s*\]|\(\s*[xX]\s*\))\s*([^☒☐☑✓✔■□\[\]()]+)")


_OPTION_THEN_BOX = re.compile(r"([^☒☐☑✓✔■□✗✘\[\]]+?)\s*([☒☐☑✓✔■□✗✘]|\[\s*[xX✓]?\s*\])")


def _option_line(line: str, lexicon: Lexicon, pairs: Pairs) -> None:
    """Options with boxes on a line of their own: "☐ NRP ☒ PWC", or "NRP [ ]  PWC [x]"."""
    if not line[:1].isalpha():
        for m in _TICKED_OPTION.finditer(line):
            _option(m.group(1).strip(), "☒", lexicon, pairs)
        return
    for m in _OPTION_THEN_BOX.finditer(line):  # the box after its option
        if _TICK.fullmatch(m.group(2)):
            _option(m.group(1).strip(), "☒", lexicon, pairs)
