"""Every email and letter template renders with the least a case can know (issue 13, g).

A failed-attendance report on a case with no appointment recorded crashed its template. Here
every template under templates/ is rendered under StrictUndefined with an empty case (every
field unknown) and the values the code that sends it passes, found by reading the code:
nothing may raise, and nothing may print "None" where a person reads it."""
from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest

from mailbot.clock import LONDON
from mailbot.reading.record import Reading
from mailbot.templates import CaseFields, render_email, render_text

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = {"cc", "attach", "attach_message", "reply", "importance", "follow_up", "via_mailbox", "wait",
           "proposed", "folder"}
SEND_OPTIONS = OPTIONS - {"folder"}      # act.send has no folder: there it is a template value
LISTS = {"missing", "checks", "systems", "chosen", "flags", "problems", "scanned", "understood", "lacking",
         "said", "asked", "original_recipients", "recipients", "offices", "consultants", "dates",
         "history", "refused"}
FLAGS = {"rebooked", "liability_order", "has_date", "has_location", "need_reason", "needs_human",
         "full_check", "later", "not_known", "adviser"}
NUMBERS = {"attempts", "limit", "needed", "chases", "failed_attempts", "inbound_id", "chase", "outbox_id"}


def values_passed() -> dict[str, set[str]]:
    """template name -> the values the code passes to it (act.send/act.ask/act.document, A.Send)."""
    found: dict[str, set[str]] = {}
    for path in [*ROOT.glob("mailbot/**/*.py"), *ROOT.glob("handlers/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "send" and args:
                found.setdefault(args[0], set()).update(k.arg for k in node.keywords
                                                        if k.arg and k.arg not in SEND_OPTIONS)
            elif name == "Send" and args:
                keys = found.setdefault(args[0], set())
                for k in node.keywords:
                    if k.arg == "values" and isinstance(k.value, ast.Dict):
                        keys.update(key.value for key in k.value.keys if isinstance(key, ast.Constant))
            elif name == "tell_about_absence" and len(node.args) >= 4 and isinstance(node.args[3], ast.Dict):
                template = node.args[2].value if isinstance(node.args[2], ast.Constant) else None
                if template:
                    found.setdefault(template, set()).update(
                        key.value for key in node.args[3].keys if isinstance(key, ast.Constant))
            elif name == "ask":
                found.setdefault("question", set()).update({"question"})
            elif name == "document" and len(args) >= 2:
                found.setdefault(args[1].removesuffix(".txt"), set()).update(
                    k.arg for k in node.keywords if k.arg and k.arg not in OPTIONS)
    from mailbot import dispatcher   # rendered by the dispatcher from a dict of its own
    found.setdefault(dispatcher.SEND_FAILED, set()).update(dispatcher.SEND_FAILED_VALUES)
    return found


def placeholder(name: str):
    if name.endswith(("_at", "_on", "_date")) or name in ("until", "due"):
        return None                   # a date not known
    if name in LISTS:
        return []
    if name in FLAGS:
        return False
    if name in NUMBERS:
        return 1
    if name in ("fields",):
        return {}
    if name in ("reading", "message"):
        return least_reading()
    return f"<{name}>"


def least_reading() -> Reading:
    return Reading(kind="unknown", case_ref=None, fields={}, flags=[], needs_human=True, problems=[],
                   sender="someone@cmg.example.gov.uk", subject="", date=None)


def base(values: set[str]) -> dict:
    now = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
    return {"now": now, "bot_name": "mailbot", "body": "CMG", "team": "SSST", "case": CaseFields(),
            "case_ref": "SSST-000001", "state": "new", "nation": "england_wales",
            "message": least_reading(), "reading": least_reading(),
            **{name: placeholder(name) for name in values}}


# "None" where a value was missing; a form's own "Label: None" (the CMSF5579 way) is meant.
PRINTS_NONE = re.compile(r"(?<!: )\bNone\b")
PASSED = values_passed()
EMAILS = sorted(p.stem for p in (ROOT / "templates" / "email").glob("*.txt") if not p.stem.endswith("_macros"))
LETTERS = sorted(p.stem for p in (ROOT / "templates" / "letters").glob("*.txt"))


def test_every_template_is_sent_by_some_code():
    """A template no code sends is dead wording (and this test could not know its values)."""
    unsent = [t for t in EMAILS + LETTERS if t not in PASSED]
    assert not unsent, f"templates no code sends: {unsent}"


@pytest.mark.parametrize("name", EMAILS)
def test_an_email_renders_for_a_case_that_knows_nothing_yet(name):
    subject, body = render_email(name, base(PASSED.get(name, set())))
    assert subject and body.strip()
    assert not PRINTS_NONE.search(subject + body), f"{name} prints None:\n{subject}\n{body}"


@pytest.mark.parametrize("name", LETTERS)
def test_a_letter_renders_for_a_case_that_knows_nothing_yet(name):
    text = render_text(f"letters/{name}.txt", base(PASSED.get(name, set())))
    assert text.strip() and not PRINTS_NONE.search(text), f"{name} prints None:\n{text}"
