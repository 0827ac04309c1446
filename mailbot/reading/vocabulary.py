"""The reader's words: vocabulary.yaml, extended by the routing config, compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Pattern

import yaml

from mailbot.reading import literals


@dataclass
class Vocabulary:
    """Administrator extensions from the routing config (reader: section)."""

    label_synonyms: dict[str, list[str]] = field(default_factory=dict)
    safety_phrases: dict[str, list[str]] = field(default_factory=dict)
    known_addresses: set[str] = field(default_factory=set)
    known_domains: set[str] = field(default_factory=set)


_QUESTION_WORDS = frozenset(("is", "does", "do", "has", "have", "are", "was", "will", "can", "should", "did"))
_NON_WORD = re.compile(r"[^a-z0-9&]+")


def normalise_label(label: str) -> str:
    """'Client's name:' -> 'clients name', 'Adress' -> 'address' (the form labels are compared in)."""
    text = label.lower().replace("'", "").replace("\u2019", "")
    return fix_typos(_NON_WORD.sub(" ", text).strip())


@lru_cache(maxsize=1)
def base_data() -> dict:
    text = resources.files("mailbot.reading").joinpath("vocabulary.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _typos() -> tuple[dict[str, str], Pattern]:
    table = {wrong.lower(): right for right, wrongs in (base_data().get("typos") or {}).items()
             for wrong in wrongs}
    return table, re.compile(rf"(?<![\w-])(?:{literals._trie(frozenset(table))})(?![\w-])")


def fix_typos(low: str) -> str:
    """Lower-cased text with the misspellings of vocabulary.yaml (typos) spelt right."""
    table, pattern = _typos()
    return pattern.sub(lambda m: table[m.group(0)], low)


def _alternation(phrases: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in phrases)


def _compile_phrases(phrases: list[str]) -> Pattern:
    return re.compile(rf"(?<![\w-])(?:{_alternation(phrases)})(?![\w-])", re.I)


class Lexicon:
    """Everything the reader looks words up in, compiled for one Vocabulary."""

    def __init__(self, vocabulary: Vocabulary | None):
        data = base_data()
        vocabulary = vocabulary or Vocabulary()
        synonyms: dict[str, list[str]] = {k: list(v) for k, v in data["label_synonyms"].items()}
        for name, extra in (vocabulary.label_synonyms or {}).items():
            synonyms.setdefault(name, []).extend(extra)
        self.exact: dict[str, set[str]] = {}       # normalised label -> fields
        self.contained: list[tuple[str, str]] = []  # (synonym, field), for long labels
        for name, words in synonyms.items():
            for word in words:
                norm = normalise_label(str(word))
                if not norm:
                    continue
                self.exact.setdefault(norm, set()).add(name)
                if len(norm) >= 3:
                    self.contained.append((norm, name))
        self.contained.sort(key=lambda pair: -len(pair[0]))
        self._label_memo: dict[str, set[str]] = {}
        # a long label holds a synonym as whole words: looked up word run by word run
        self._contained_map: dict[str, str] = {}
        for synonym, name in self.contained:
            self._contained_map.setdefault(synonym, name)
        self._contained_words = max((s.count(" ") + 1 for s in self._contained_map), default=1)

        self.options: dict[str, dict[str, str]] = {}  # field -> normalised option -> value
        for name, values in data["options"].items():
            table = self.options.setdefault(name, {})
            for value, words in values.items():
                for word in words:
                    table[normalise_label(word)] = value

        self.role_terms = [(value, re.compile(_alternation(words), re.I))
                           for value, words in data["role_terms"].items()]
        self.reasons = [(value, re.compile(rf"^\W*(?:{_alternation(words)})\W*$", re.I))
                        for value, words in data["reasons"].items()]
        self.reason_search = [(value, re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.I))
                              for value, words in data["reasons"].items() if value != "other"]

        phrases: dict[str, list[str]] = {k: list(v) for k, v in data["safety_phrases"].items()}
        for flag, extra in (vocabulary.safety_phrases or {}).items():
            phrases.setdefault(flag, []).extend(re.escape(p) if _plain(p) else p for p in extra)
        self.safety = {flag: _compile_phrases(words) for flag, words in phrases.items()}
        self.safety_exclusions = {flag: re.compile(_alternation(words), re.I)
                                  for flag, words in data["safety_exclusions"].items()}
        self.pv_negation = re.compile(_alternation(data["pv_negations"]), re.I)

        # Cues and safety phrases run on lower-cased text without re.I (twice as fast), each
        # behind a gate: the literals any match must contain (literals.py), all looked for
        # in one scan of the text. A pattern with no such literals is always searched.
        self.kind_cues: dict[str, list[tuple[float, Pattern]]] = {}
        for kind, cues in data["kind_cues"].items():
            self.kind_cues[kind] = [(weight, re.compile(lower_pattern(pattern), re.M)) for weight, pattern in cues]
        self.safety_lower = {flag: re.compile(lower_pattern(pattern.pattern))
                             for flag, pattern in self.safety.items()}
        self.safety_gates = {flag: _gate(p) for flag, p in self.safety_lower.items()}
        # A cue "a|b|c" matches where any of its alternatives does, so each alternative is
        # searched on its own, behind its own gate: most texts let none or one through.
        # cue_table: (kind, weight) by kind, strongest first; cue_alternatives: (cue, pattern)
        self.cue_table: list[tuple[str, float]] = []
        self.cue_alternatives: list[tuple[int, Pattern, frozenset[str] | None]] = []
        by_literal: dict[str, list[int]] = {}
        for kind, cues in self.kind_cues.items():
            for weight, pattern in sorted(cues, key=lambda cue: -cue[0]):
                cue = len(self.cue_table)
                self.cue_table.append((kind, weight))
                for alternative in _alternatives(pattern):
                    needs = _gate(alternative)
                    for literal in needs or ():
                        by_literal.setdefault(literal, []).append(len(self.cue_alternatives))
                    self.cue_alternatives.append((cue, alternative, needs))
        self.alternatives_by_literal = {k: tuple(v) for k, v in by_literal.items()}
        self.ungated_alternatives = tuple(i for i, (_, _, needs) in enumerate(self.cue_alternatives)
                                          if needs is None)
        self.gates = literals.Gates(set(by_literal) | {s for needs in self.safety_gates.values() if needs
                                                       for s in needs})
        short = data.get("short_answers") or {}
        self.short_answers = [(said, re.compile(rf"\W*(?:{_alternation(words)})\W*", re.I))
                              for said, words in (short.get("words") or {}).items()]
        self.answer_kinds: dict[str, dict[str, str]] = dict(short.get("answers") or {})
        self.daemon_senders = tuple(data["daemon_senders"])
        self.place_words = re.compile(
            rf"(?<!\w)(?:{_alternation([re.escape(w) for w in data['place_words']])})(?!\w)", re.I)
        self.titles = set(data["titles"])
        self.not_names = set(data["not_names"])
        self.boilerplate = re.compile(lower_pattern(_alternation(data.get("boilerplate") or ["(?!)"])))

        self.known_addresses = {a.lower() for a in vocabulary.known_addresses or ()}
        self.known_domains = {d.lower().lstrip("@") for d in vocabulary.known_domains or ()}

    def fields_for_label(self, label: str) -> set[str]:
        """The fields a printed label may stand for: exact synonyms, else the best contained one."""
        cached = self._label_memo.get(label)  # keyed as printed: normalising costs more than the lookup
        if cached is None:
            if len(self._label_memo) > 5000:
                self._label_memo.clear()
            norm = normalise_label(label)
            cached = self._label_memo[label] = self._fields_for_norm(norm) if norm else set()
        return cached

    def _fields_for_norm(self, norm: str) -> set[str]:
        found = self.exact.get(norm)
        if found:
            return found
        if len(norm) > 80 or norm.count(" ") > 7:
            return set()
        words = norm.split(" ")
        # the earliest synonym, the longest one where two start together; a question
        # ("Is the client the paying or receiving parent?") is about its longest synonym
        question = words[0] in _QUESTION_WORDS
        best, best_n = None, 0
        for i in range(len(words)):
            for n in range(min(self._contained_words, len(words) - i), 0, -1):
                name = self._contained_map.get(" ".join(words[i:i + n]))
                if name:
                    if not question:
                        return {name}
                    if n > best_n:
                        best, best_n = name, n
                    break
        return {best} if best else set()

    def option_for(self, name: str, label: str) -> str | None:
        return self.options.get(name, {}).get(normalise_label(label))


def _alternatives(pattern: Pattern) -> list[Pattern]:
    """The top-level alternatives of a pattern, each compiled alone ("a(b|c)|d" -> "a(b|c)", "d");
    the pattern whole when splitting could change it (inline flags, back-references)."""
    source = pattern.pattern
    if re.search(r"^\(\?[aiLmsux]|\(\?P=|\(\?\(|\\[1-9]", source):
        return [pattern]
    parts, current, depth, in_class, escaped = [], [], 0, False, False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]" or (current and current[-1] == "[")  # "[]...]": the ] is a member
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    if len(parts) == 1:
        return [pattern]
    try:
        return [re.compile(part, pattern.flags) for part in parts]
    except re.error:  # split where it should not have been: keep it whole
        return [pattern]


def _gate(pattern: Pattern) -> frozenset[str] | None:
    needs = literals.required(pattern)
    return frozenset(needs) if needs else None


def lower_pattern(pattern: str) -> str:
    """The pattern for lower-cased text: letters lowered, escapes (\\W, \\S, \\B ...) kept."""
    out = []
    escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        else:
            out.append(ch.lower())
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def _plain(phrase: str) -> bool:
    return not any(ch in phrase for ch in "\\[]()|?*+^$")


_CACHE: dict[tuple, Lexicon] = {}


def lexicon_for(vocabulary: Vocabulary | None) -> Lexicon:
    """One compiled Lexicon per distinct vocabulary (the config rarely changes)."""
    if vocabulary is None:
        key: tuple = ()
    else:
        key = (tuple(sorted((k, tuple(v)) for k, v in vocabulary.label_synonyms.items())),
               tuple(sorted((k, tuple(v)) for k, v in vocabulary.safety_phrases.items())),
               tuple(sorted(vocabulary.known_addresses)), tuple(sorted(vocabulary.known_domains)))
    lexicon = _CACHE.get(key)
    if lexicon is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        lexicon = _CACHE[key] = Lexicon(vocabulary)
    return lexicon
