"""Cheap gates for costly patterns: the plain strings any match of a regex must contain.

`required(pattern)` reads the pattern's syntax tree and returns a few literal strings such
that no match exists in a text containing none of them, or None when no such set can be
worked out (a pattern of classes and wildcards). `Gates` finds which of all the gates'
literals a text holds in one scan, and the reader skips every search whose literals are
all absent. A gate only ever skips a search that could not have matched, so the words in
vocabulary.yaml and the administrator's additions are read exactly as before; a pattern
with no computable literal is simply always searched.

Only for patterns matched case-sensitively against text as given (the reader lower-cases
text and pattern alike, see vocabulary.lower_pattern), so a literal's absence is exact.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_MAX_SPELLINGS = 24   # beyond this many spellings of a run, stop extending it
_MAX_CANDIDATES = 8   # requirement sets kept per node, the cheapest
_TEST_COST = 0.01     # one more literal in the scan, against 1.0 for the regex search it may save
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def required(pattern: str | re.Pattern) -> tuple[str, ...] | None:
    """Literals of which every match contains at least one; None if there is no such set."""
    if isinstance(pattern, re.Pattern):
        if pattern.flags & re.IGNORECASE:
            return None
        pattern = pattern.pattern
    try:
        tree = _p.parse(pattern, 0)
    except re.error:
        return None
    if tree.state.flags & re.IGNORECASE:  # an inline (?i): case is not ours to rely on
        return None
    _, candidates = _sequence(list(tree))
    if not candidates or min(map(len, candidates[0])) < 2:
        return None  # a single character is in every text: no use as a gate
    return tuple(sorted(candidates[0], key=lambda s: (-len(s), s)))


class Gates:
    """Which of a set of literals a text holds, found in one scan: a trie-shaped regex tried
    at every position gives the longest literal starting there, and with it every literal
    that is a prefix of that one (two literals found at one position always are)."""

    def __init__(self, literals: set[str]):
        self.literals = frozenset(literals)
        self._scan = re.compile(f"(?=({_trie(self.literals)}))") if self.literals else None
        self._prefixes = {s: frozenset(k for k in self.literals if s.startswith(k)) for s in self.literals}
        self._last: tuple[str | None, frozenset[str]] = (None, frozenset())

    def present(self, text: str) -> frozenset[str]:
        """The literals found in text (the last answer is kept: the classifier and the
        safety flags ask about the same text in turn)."""
        last_text, last_found = self._last
        if text == last_text:
            return last_found
        found: set[str] = set()
        if self._scan is not None:
            for literal in set(self._scan.findall(text)):
                found |= self._prefixes[literal]
        result = frozenset(found)
        self._last = (text, result)
        return result


def _trie(literals: frozenset[str]) -> str:
    """One regex for many literals, sharing prefixes: ab|abc|ad -> a(?:b(?:c)?|d)."""
    root: dict = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else f"(?:{'|'.join(branches)})"
        return body + ("?" if "" in node else "")

    return build(root)


Candidates = list  # of requirement sets, cheapest first


def _sequence(items: list) -> tuple[set[str] | None, Candidates]:
    """(the exact spellings of the sequence if it has few, its requirement sets)."""
    run: set[str] = {""}             # spellings of the literal run being built
    fixed = ""                       # the run's latest stretch with one spelling only
    exact: set[str] | None = {""}    # spellings of the whole sequence, while it is all literal
    found: Candidates = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the text either side is contiguous
        spellings, needs = _node(op, av)
        found.extend(needs)
        if spellings is not None and len(spellings) == 1:
            fixed += next(iter(spellings))
        else:
            found.append({fixed})
            fixed = ""
        if spellings is not None and len(run) * len(spellings) <= _MAX_SPELLINGS:
            found.append(run)  # a prefix of every longer spelling: required as well
            run = {a + b for a in run for b in spellings}
            exact = {a + b for a in exact for b in spellings} if exact is not None else None
            continue
        found.append(run)
        run = set(spellings) if spellings is not None and len(spellings) <= _MAX_SPELLINGS else {""}
        exact = None
    found.append({fixed})
    found.append(run)
    return exact, _cheapest(found)


def _node(op, av) -> tuple[set[str] | None, Candidates]:
    if op is _c.LITERAL:
        char = chr(av)
        return {char}, [{char}]
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        if add_flags & re.IGNORECASE:
            return None, []
        return _sequence(list(sub))
    if op is _c.BRANCH:
        return _branch(av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, needs = _sequence(list(sub))
        if low == 0:
            needs = []
        if exact is not None and high <= 2:
            spellings: set[str] = set()
            for times in range(low, high + 1):
                repeated = {""}
                for _ in range(times):
                    repeated = {a + b for a in repeated for b in exact}
                spellings |= repeated
            if len(spellings) <= _MAX_SPELLINGS:
                return spellings, needs
        return None, needs
    if op is _c.IN and len(av) <= 4 and all(kind is _c.LITERAL for kind, _ in av):
        spellings = {chr(code) for _, code in av}
        return spellings, [spellings]
    return None, []  # classes, wildcards, group references, conditionals


def _branch(branches: list) -> tuple[set[str] | None, Candidates]:
    """Any one alternative may match: a requirement takes one set from each of them, chosen
    greedily, then pruned of what later choices made redundant ('marke' taken for
    'pv marker' and 'marked as pv' before a bare 'pv' came along)."""
    spellings: set[str] | None = set()
    options = []
    for branch in branches:
        exact, needs = _sequence(list(branch))
        spellings = spellings | exact if spellings is not None and exact is not None else None
        options.append(needs)
    if spellings is not None and len(spellings) > _MAX_SPELLINGS:
        spellings = None
    if not all(options):
        return spellings, []
    union: set[str] = set()
    for needs in options:
        union = min((_minimal(union | n) for n in needs), key=_cost)
    for literal in sorted(union, key=len):
        rest = union - {literal}
        if all(any(_covers(rest, n) for n in needs) for needs in options):
            union = rest
    return spellings, [union]


def _covers(literals: set[str], needs: set[str]) -> bool:
    """Whether a text holding one of `needs` must hold one of `literals`."""
    return all(any(k in s for k in literals) for s in needs)


def _minimal(strings: set[str]) -> set[str]:
    """Drop any string that contains a shorter one of the set (the shorter already suffices)."""
    keep: set[str] = set()
    for s in sorted(strings, key=len):
        if not any(k in s for k in keep):
            keep.add(s)
    return keep


def _cheapest(found: Candidates) -> Candidates:
    valid = {frozenset(_minimal(c)) for c in found if c and "" not in c}
    ranked = sorted(valid, key=lambda c: (_cost(c), -min(map(len, c)), sorted(c)))
    return [set(c) for c in ranked[:_MAX_CANDIDATES]]


_CHANCE = {1: 1.0, 2: 0.8, 3: 0.4, 4: 0.15, 5: 0.06}   # that a literal of this length is present


def _cost(literals) -> float:
    """A rough cost: a little per literal scanned for, plus the search whenever one is present
    (short literals are present nearly everywhere; ' to ' counts as 'to')."""
    present = sum(_CHANCE.get(len(s.strip()) or 1, 0.03) for s in literals)
    return _TEST_COST * len(literals) + present
