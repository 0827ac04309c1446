"""Managing Client Contact, "Bogus Calls" (procedure 003): bogus callers try to get
information about our clients under false pretences. By email the signs are an address
made to look like a colleague's, a member of staff's name on a stranger's address, a
message our own mail server says is not from who it claims, and a request for another
person's details from someone who is not staff.

Each sign is a function that reads the message (a Reading, its parsed headers in
`reading.source`) and the routing config and returns the reason a person is told, or None.
mailbot/routing.py quarantines a message that shows any sign, before the allow-list rule;
nothing goes back to its sender, and the reviewer's notice says what to verify first
(mailbox_rules.tell_about_quarantine, templates/email/quarantined.txt).
"""
from __future__ import annotations

import re
import unicodedata

PREFIX = "possible bogus contact: "


def sign_of_bogus_contact(reading, config, in_conversation=lambda: False) -> str | None:
    """Every sign the message shows, as one reason (None: no sign). `in_conversation()`: the
    message replies to one of the bot's own emails (a Visiting Officer asked for a visit
    asking back for the customer's phone number is in the case's conversation, not fishing)."""
    signs = [sign(reading, config) for sign in (look_alike_domain, staff_name_on_a_stranger,
                                                failed_authentication)]
    asking = asks_for_anothers_details(reading, config)
    if asking and not in_conversation():
        signs.append(asking)
    signs = [s for s in signs if s]
    return PREFIX + "; ".join(signs) if signs else None


def is_sign(reason: str | None) -> bool:
    """True when a quarantine reason is one of these signs (its notice carries the checklist)."""
    return bool(reason) and reason.startswith(PREFIX)


# --- the four signs ---------------------------------------------------------------------
def look_alike_domain(reading, config) -> str | None:
    """An address outside the allow-list whose domain is made to look like an allow-listed one."""
    if not reading.sender or config.knows(reading.sender):
        return None
    domain = reading.sender.rpartition("@")[2]
    for allowed in allowed_domains(config):
        if looks_like(domain, allowed):
            return f"the sender's domain {domain} looks like the allow-listed {allowed}"
    return None


def staff_name_on_a_stranger(reading, config) -> str | None:
    """A member of staff's (or a team's) name, or a known address, shown on an address
    outside the allow-list."""
    shown = getattr(getattr(reading, "source", None), "sender_name", None)
    if not shown or not reading.sender or config.knows(reading.sender):
        return None
    if any(name_matches(shown, staff) for staff in staff_names(config)) \
            or any(address in shown.lower() for address in staff_addresses(config)):
        return f"the display name '{shown}' is a member of staff's, but the address is outside " \
               f"the allow-list"
    return None


def failed_authentication(reading, config) -> str | None:
    """Our own mail server says DMARC, DKIM or SPF failed for an allow-listed sender."""
    headers = getattr(getattr(reading, "source", None), "headers", None)
    if headers is None or not reading.sender or not config.knows(reading.sender):
        return None
    failed = failed_checks(headers.get_all("Authentication-Results") or [],
                           config.allow_list.authserv_ids)
    if not failed:
        return None
    domain = reading.sender.rpartition("@")[2]
    return f"{' and '.join(failed)} failed for {domain}: the message may not be from who it says"


def asks_for_anothers_details(reading, config) -> str | None:
    """An allow-listed sender the config does not know as staff asks for a person's details."""
    if not reading.sender or not config.knows(reading.sender) \
            or reading.sender.lower() in staff_addresses(config):
        return None
    if asks_for_personal_details(reading.new_text or ""):
        return "asks for another person's details and is not a member of staff the config knows"
    return None


# --- who is staff -----------------------------------------------------------------------
def allowed_domains(config) -> list[str]:
    """The allow-listed domains, then the domains of allow-listed addresses and mailboxes."""
    found: list[str] = []
    for domain in [*config.allow_list.domains,
                   *(a.lower().rpartition("@")[2] for a in config.allow_list.addresses),
                   *(a.rpartition("@")[2] for a in sorted(config.mailbox_addresses()))]:
        if domain and domain not in found:
            found.append(domain)
    return found


def staff_names(config) -> list[str]:
    """The names of the people the config knows, and of its teams."""
    return [p.name for p in config.people] + [t.name for t in config.teams.values()]


_STAFF: list = [None, set()]      # (the config, its staff addresses): built once per config


def staff_addresses(config) -> set[str]:
    """The addresses the config knows as staff: its people, mailboxes, teams' people and CPTs
    (asked for every allow-listed message: built once for each config loaded)."""
    if _STAFF[0] is not config:
        _STAFF[:] = [config, _staff_addresses(config)]
    return _STAFF[1]


def _staff_addresses(config) -> set[str]:
    teams = {a for t in config.teams.values()
             for a in (t.team_leader, t.nominated_officer, t.triage, t.quarantine_reviewer) if a}
    return ({p.email for p in config.people} | config.mailbox_addresses() | teams
            | {r.cpt_email.lower() for r in config.regions if r.cpt_email})


# --- look-alike domains and names (pure) --------------------------------------------------
# Letters from other scripts that look like Latin ones; digits and pairs that pass for
# letters. Applied to both sides, so only what a reader could confuse compares equal.
_CONFUSABLES = str.maketrans({
    # Cyrillic
    "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "l", "ї": "l", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "к": "k", "м": "m", "в": "b", "п": "n",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "l", "κ": "k", "τ": "t", "υ": "u",
    "χ": "x", "ε": "e", "ω": "w", "η": "n", "β": "b",
    # Latin look-alikes and digits
    "ı": "l", "ɡ": "g", "ɑ": "a", "i": "l", "1": "l", "|": "l", "!": "l", "0": "o", "5": "s",
})
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
# Second-level labels under a two-letter country code that are a public suffix (gov.uk, co.uk).
_SECOND_LEVEL = {"ac", "co", "com", "edu", "gov", "govt", "ltd", "me", "mod", "net", "nhs", "nic",
                 "org", "parliament", "plc", "police", "sch"}


def skeleton(text: str) -> str:
    """What text looks like: accents dropped, other scripts' look-alikes as Latin, 0 as o,
    1/i/l as one letter, rn as m."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_CONFUSABLES)
    for pair, letter in _PAIRS:
        text = text.replace(pair, letter)
    return text


def from_punycode(domain: str) -> str:
    """An xn-- (punycode) domain as the letters it shows."""
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label)
    return ".".join(labels)


def split_suffix(domain: str) -> tuple[list[str], list[str]]:
    """(the labels an owner chose, the public suffix): cmg.example / gov.uk."""
    labels = domain.split(".")
    n = 2 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 1
    return labels[:-n], labels[-n:]


def distance(a: str, b: str) -> int:
    """Edits from a to b: a letter added, dropped, changed, or two neighbours swapped."""
    prev2, prev = [], list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def near(seen: str, real: str, same_suffix: bool) -> bool:
    """One or two edits from `real`, as much as its length makes a typo rather than another
    name: one edit in five letters or more (three with the same suffix), two in seven."""
    edits, n = distance(seen, real), len(real)
    if edits == 1:
        return n >= 5 or (n >= 3 and same_suffix)
    return edits == 2 and n >= 7 and same_suffix


def looks_like(domain: str, allowed: str) -> bool:
    """True when `domain` (not `allowed` nor under it) passes for `allowed`: look-alike
    letters, `allowed` embedded in it, or a letter or two different in the owner's part."""
    domain, allowed = domain.lower().rstrip("."), allowed.lower().rstrip(".")
    if domain == allowed or domain.endswith("." + allowed):
        return False
    seen, real = skeleton(from_punycode(domain)), skeleton(allowed)
    if seen == real or seen.endswith("." + real):
        return True                                    # cmg.exarnple.gov.uk, cmg.еxample.gov.uk
    if _flat(real) in _flat(seen):
        return True                          # cmg.example.gov.uk.evil.com, cmg-example-gov.uk
    seen_name, seen_suffix = split_suffix(seen)
    real_name, real_suffix = split_suffix(real)
    if not seen_name or not real_name:
        return False
    same_suffix = seen_suffix == real_suffix
    if seen_name[-1] != real_name[-1]:                 # the registrable label: exmaple, examples
        return near(seen_name[-1], real_name[-1], same_suffix)
    # the same registrable label: the subdomains that stand where the allowed one's do
    real_sub = real_name[:-1]
    seen_sub = seen_name[:-1][-len(real_sub):] if real_sub else []
    if not same_suffix and seen_sub == real_sub:
        return True                                    # cmg.example.co.uk
    return bool(real_sub) and near(".".join(seen_sub), ".".join(real_sub), same_suffix)


def _flat(domain: str) -> str:
    return re.sub(r"[.\-_]", "", domain)


def name_matches(shown: str, name: str) -> bool:
    """True when a display name shows `name` (either way round, look-alike letters too)."""
    shown_words, words = _words(shown), _words(name)
    if not words:
        return False
    if len(words) == 1:
        return shown_words == words
    return any(_contains(shown_words, w) for w in (words, words[::-1]))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", skeleton(text))


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


# --- authentication results (RFC 8601, pure) ----------------------------------------------
_CHECKS = (("dmarc", "DMARC", {"fail"}), ("dkim", "DKIM", {"fail"}),
           ("spf", "SPF", {"fail", "softfail"}))


def failed_checks(values: list[str], trusted_ids: list[str]) -> list[str]:
    """The checks (DMARC, DKIM, SPF) that trusted Authentication-Results headers say failed.

    Trusted: those whose authserv-id is in `trusted_ids`; none named, the topmost only (our
    own server adds it above any the sender wrote). DKIM fails only when no signature passed."""
    trusted = {i.lower() for i in trusted_ids}
    results: dict[str, set[str]] = {}
    for position, value in enumerate(values):
        authserv_id, found = parse_authentication_results(str(value))
        if (authserv_id in trusted) if trusted else position == 0:
            for method, result in found:
                results.setdefault(method, set()).add(result)
    failed = []
    for method, name, failing in _CHECKS:
        seen = results.get(method, set())
        if seen & failing and not (method == "dkim" and "pass" in seen):
            failed.append(name)
    return failed


def parse_authentication_results(value: str) -> tuple[str, list[tuple[str, str]]]:
    """(authserv-id, [(method, result)]) of one Authentication-Results header, lower case."""
    parts = _top_level_parts(value)
    authserv_id = parts[0].split()[0].strip('"').lower() if parts and parts[0].split() else ""
    found = []
    for part in parts[1:]:
        m = re.match(r"\s*([a-z0-9_.-]+)\s*(?:/\s*\d+\s*)?=\s*([a-z]+)", part, re.I)
        if m:
            found.append((m.group(1).lower(), m.group(2).lower()))
    return authserv_id, found


def _top_level_parts(value: str) -> list[str]:
    """The ;-separated parts of a header: comments (nested) left out, a ; in quotes kept."""
    parts, current, depth, quoted, escaped = [], [], 0, False, False
    for c in value:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif quoted:
            current.append(c)
            quoted = c != '"'
        elif c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif depth:
            pass
        elif c == '"':
            quoted = True
            current.append(c)
        elif c == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts]


# --- a request for another person's details (pure) ---------------------------------------
# One sentence that asks for something, names a personal detail and points at a person
# other than the writer: "please send me the address of the paying parent".
_ASKS = re.compile(
    r"\b(?:send|give|forward|pass|e-?mail|provide|supply|share|disclose|release|tell|let)\b"
    r"[^.?!\n]{0,30}?\b(?:me|us|myself)\b"
    r"|\b(?:can|could|would|will)\s+(?:you|someone|somebody)\b[^.?!\n]{0,30}?"
    r"\b(?:send|give|forward|pass|provide|supply|share|disclose|release|confirm|tell|check|find|"
    r"look\s+up|let\s+me)\b"
    r"|\bplease\b[^.?!\n]{0,30}?\b(?:send|give|forward|pass|provide|supply|share|disclose|release|"
    r"confirm|tell|advise|let\s+me)\b"
    r"|\b(?:i|we)(?:\s+(?:need|require|want|would\s+like|am\s+after|are\s+after|"
    r"am\s+looking\s+for|are\s+looking\s+for)|['’]d\s+like)\b"
    r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:have|get|obtain|ask\s+for)\b"
    r"|\bdo\s+you\s+(?:have|know)\b",
    re.I)
# The writer offers to pass details on ("do you want me to pass his number on?"): not a request.
_OFFERS = re.compile(r"\b(?:want|like)\s+me\s+to\b|\b(?:shall|should)\s+i\b", re.I)
# A question: it opens with what/where/who/which, or ends with a question mark.
_QUESTION = re.compile(r"^\W*(?:(?:and|so|also|but|ok|okay|hi|hello|then)\W+)*"
                       r"(?:what|where|who|which)\b|\?\W*$", re.I)
_DETAILS = re.compile(
    r"\b(?:e-?mail\s+)?address(?:es)?\b"
    r"|\b(?:tele)?phone\s+(?:numbers?|no\.?)(?!\w)|\bmobile\b|\bcontact\s+(?:numbers?|details)\b"
    r"|\bnational\s+insurance(?:\s+numbers?)?\b|\bni\s+(?:numbers?|no\.?)(?!\w)|\bnino\b"
    r"|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bd\.?o\.?b\b"
    r"|\bbank(?:\s+account)?\s+details\b|\bbank\s+account\b|\bsort\s+code\b|\baccount\s+number\b"
    r"|\bemployers?\b|\bplace\s+of\s+work\b|\bworkplace\b"
    r"|\bwhere\s+(?:does\s+|is\s+|do\s+)?(?:he|she|they)\s+(?:now\s+)?"
    r"(?:lives?|living|works?|working|stay|staying)\b"
    r"|\bwho\s+(?:does\s+)?(?:he|she|they)\s+works?\s+for\b",
    re.I)
# A detail that is where something goes ("to his address"), or the writer's or ours
# ("our old phone number"): not another person's details asked for.
_NOT_ASKED = re.compile(r"(?:\b(?:to|at|from)\s+(?:the|his|her|their|this|that|a|an)\s+"
                        r"|\b(?:our|my|your|own)\s+)(?:[\w'’-]+\s+){0,2}$", re.I)
_PERSON = re.compile(
    r"\b(?:his|her|hers|their|him|them|he|she|they)\b"
    r"|\b(?:paying|receiving|non[- ]resident|other|absent)\s+parent\b|\bparent\s+with\s+care\b"
    r"|\b(?:client|customer|claimant|father|mother|dad|mum|ex|ex-partner|ex-wife|ex-husband|"
    r"partner|husband|wife|son|daughter|child|children|tenant|employee)(?:'s|’s)?\b"
    r"|\b(?:mr|mrs|ms|miss|dr)\b"
    r"|(?-i:\b[A-Z][a-z]+(?:'s|’s)\s)",          # a name's: "Connor Doyle's"
    re.I)
# A form's line ("Address: 14 Harehills Lane") or a list item: never part of a wrapped sentence.
_FORM_LINE = re.compile(r"^(?:[-*•>]|\w[\w /'()-]{0,40}:(?:\s|$))")


def asks_for_personal_details(text: str) -> bool:
    """True when a sentence of the text asks for a person's address, phone, NI number, date
    of birth, bank details or employer."""
    for sentence in _sentences(text):
        if not (_ASKS.search(sentence) or _QUESTION.search(sentence)) or _OFFERS.search(sentence) \
                or not _PERSON.search(sentence):
            continue
        if any(not _NOT_ASKED.search(sentence[:m.start()]) for m in _DETAILS.finditer(sentence)):
            return True
    return False


def _sentences(text: str) -> list[str]:
    """The text's sentences, a line wrapped mid-sentence joined to the next."""
    lines: list[str] = []
    for line in (raw.strip() for raw in text.replace("\r", "").split("\n")):
        if lines and lines[-1] and line and not lines[-1].endswith((".", "?", "!", ":")) \
                and not _FORM_LINE.match(lines[-1]) and not _FORM_LINE.match(line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return [s for line in lines for s in re.split(r"(?<=[.?!])\s+", line) if s]
