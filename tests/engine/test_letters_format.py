"""A client who asks for large print gets it; braille and translation go to a person (issue 15, item 8).

Procedure 001 (Letters (Outbound) - Alternative Format): where a client needs a letter in large
print or braille, it is issued in that format. A CMSF5579's special requirements say so in the
caseworker's words; the bot makes the CMSL5501 in large print itself (every word 16 point or
more, headings larger) and tells the SSST officer when braille or another language must be
arranged before the letter is issued."""
from __future__ import annotations

import io
import math
from datetime import datetime
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from handlers import f2f_routing
from handlers.f2f_routing import record_referral
from mailbot import actions as A
from mailbot.clock import LONDON
from mailbot.documents import letter_styles, render_pdf
from mailbot.templates import CaseFields, render_email
from mailbot.workflow import CaseView
from tests.engine.test_templates import PASSED, base

LARGE = 16
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)


def client_case(**fields) -> CaseFields:
    return CaseFields(client_name="Mr Tomasz Nowak", client_role="paying_parent", reason="complaint",
                      sr_number="1-7QF3KD2", scin="123456789", address="3 Quay Street, Cardiff",
                      postcode="CF10 1EA", appointment_at=datetime(2026, 12, 14, 10, 30, tzinfo=LONDON),
                      location="Cardiff Jobcentre Plus, Charles Street",
                      special_requirements="visually impaired - large print please", **fields)


def text_runs(pdf: bytes) -> list[tuple[float, str, str]]:
    """(size in points on the page, font, text) of every piece of text the PDF shows."""
    runs = []

    def seen(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            runs.append((round(size * scale, 2), (font or {}).get("/BaseFont", ""), text.strip()))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=seen)
    return runs


def cmsl5501(large_print: bool, **fields) -> list[tuple[float, str, str]]:
    return text_runs(render_pdf("CMSL5501.txt", {**base(set()), "case": client_case(**fields)},
                                large_print=large_print))


@pytest.mark.parametrize("nation, body", [("england_wales", "CMG"), ("northern_ireland", "NICMS")])
def test_a_large_print_cmsl5501_is_16_point_throughout_with_larger_headings(nation, body):
    runs = text_runs(render_pdf("CMSL5501.txt", {**base(set()), "nation": nation, "body": body,
                                                 "case": client_case(nation=nation)}, large_print=True))
    small = [(size, text) for size, _, text in runs if size < LARGE]
    assert runs and not small, f"large print CMSL5501 has text under {LARGE} point: {small}"
    body_sizes = {size for size, font, _ in runs if "Bold" not in font}
    heading_sizes = {size for size, font, _ in runs if "Bold" in font}
    assert any("Dear Mr Tomasz Nowak" in text for _, _, text in runs)
    assert heading_sizes and min(heading_sizes) > max(body_sizes), (heading_sizes, body_sizes)


def test_a_cmsl5501_not_asked_for_in_large_print_is_in_ordinary_print():
    runs = cmsl5501(large_print=False)
    body = [(size, text) for size, font, text in runs if "Bold" not in font]
    assert body and all(size < LARGE for size, _ in body), \
        f"ordinary CMSL5501 text at {LARGE} point or more: {body}"
    assert any(text == "Your meeting" for _, _, text in runs), "the sub headings are there too"


def test_large_print_lines_are_spaced_for_their_size():
    """Leading at least 1.2 times the font size, so 16 point lines do not touch."""
    for name, style in letter_styles(large_print=True).items():
        assert style.fontSize >= LARGE and style.leading >= 1.2 * style.fontSize, name
    assert letter_styles(True)["Heading1"].fontSize > letter_styles(True)["Heading2"].fontSize \
        > letter_styles(True)["BodyText"].fontSize


def referral(special_requirements: str | None) -> CaseView:
    case = CaseView("SSST-000001", "ssst", "f2f_routing", "new", {})
    record_referral(case, {"special_requirements": special_requirements})
    return case


@pytest.mark.parametrize("asked", ["large print", "LP", "16pt", "visually impaired - large print please",
                                   "Large-print letters", "letters in 18 point please", "Bigger font",
                                   "Braille and large print"])
def test_a_referral_asking_for_large_print_marks_the_case(asked):
    assert referral(asked).large_print is True


@pytest.mark.parametrize("asked", [None, "", "Wheelchair access", "Hearing loop needed", "Arial 12pt",
                                   "Help with forms", "Ground floor room please (uses a walking frame)"])
def test_other_requirements_ask_for_no_large_print(asked):
    assert not referral(asked).large_print


@pytest.mark.parametrize("asked, format_", [
    ("Braille", "braille"),
    ("Client is blind - letters in braille please", "braille"),
    ("Interpreter - Polish", "another language: Interpreter - Polish"),
    ("Needs an interpreter (Irish)", "another language: Needs an interpreter (Irish)"),
    ("Welsh language interview", "another language: Welsh language interview"),
    ("Welsh speaker preferred", "another language: Welsh speaker preferred"),
    ("letters translated into Urdu", "another language: letters translated into Urdu"),
    ("Braille; Lithuanian  translation", "braille; another language: Braille; Lithuanian translation"),
])
def test_a_referral_asking_for_braille_or_another_language_names_the_format(asked, format_):
    assert referral(asked).alternative_format == format_


@pytest.mark.parametrize("asked", [None, "large print", "BSL interpreter", "Hearing loop",
                                   "Client is deaf - BSL interpreter needed", "Mum to attend with her"])
def test_no_alternative_format_a_person_must_arrange(asked):
    """A sign language interpreter is for the meeting: the letter itself is read in English."""
    assert referral(asked).alternative_format is None


def cmsl5501_email(special_requirements: str) -> tuple[str, str]:
    """Drive Face to Face steps 1 and 4 and render the email that carries the CMSL5501."""
    case = CaseView("SSST-000001", "ssst", "f2f_routing", "new", {})
    act = A.Actions(now=NOW, nation="england_wales", config=SimpleNamespace(default_nation="england_wales"),
                    case_ref=case.ref, resolve_role=lambda role: [])
    fields = {"sr_number": "1-7QF3KD2", "client_name": "Mr Tomasz Nowak", "client_role": "paying_parent",
              "special_requirements": special_requirements}
    f2f_routing.take_referral_and_ask_for_pv_check(case, SimpleNamespace(fields=fields), act)
    f2f_routing.record_appointment_and_prepare_cmsl5501(
        case, SimpleNamespace(fields={"appointment_at": "2026-12-14T10:30:00+00:00",
                                      "location": "Cardiff Jobcentre Plus"}), act)
    send = next(a for a in act.recorded if isinstance(a, A.Send) and a.template == "f2f_cmsl5501")
    values = {**base(PASSED["f2f_cmsl5501"]), "case": CaseFields(case.fields()), **send.values}
    return render_email("f2f_cmsl5501", values)


def test_the_officer_is_told_to_arrange_braille_before_issuing_the_letter():
    _, body = cmsl5501_email("Braille please")
    assert "special requirements ask for braille" in body
    assert "must also be arranged in that format before it is issued" in body


def test_the_officer_is_told_to_arrange_a_translation_as_written():
    _, body = cmsl5501_email("Interpreter - Polish, and 16pt letters")
    assert "ask for another language: Interpreter - Polish, and 16pt letters" in body
    assert "The letter is in large print (16 point)" in body


def test_the_email_says_nothing_of_formats_when_none_is_asked():
    subject, body = cmsl5501_email("Wheelchair access")
    assert subject.startswith("Issue CMSL5501") and "Mr Tomasz Nowak" in body
    assert "BEFORE YOU ISSUE IT" not in body and "large print" not in body
