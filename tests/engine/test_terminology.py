"""Every email and letter speaks the procedure's terminology (issue 15, item 9).

Procedure 001 ("Client Contact Overview", Terminology Changes): say receiving parent and
paying parent, never the system's and legislation's parent with care (PWC, PeWC, person with
care) or non resident parent (NRP); and in Northern Ireland say NICMS where Great Britain says
CMG. Each template is rendered as test_templates renders it, for a case in England and Wales
and one in Northern Ireland, first knowing nothing, then with a realistic client and every
reason for a face to face meeting, so that conditional wording is read too.

Access to Work is DWP's, not CMG's: its templates (atw_*, AtW_*) keep to the terminology but
the NICMS rule does not apply to them."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from mailbot.clock import LONDON
from mailbot.templates import CaseFields, render_email, render_text
from tests.engine.test_templates import EMAILS, FLAGS, LETTERS, LISTS, PASSED, base

FORBIDDEN = re.compile(r"\b(parent\s+with\s+care|person\s+with\s+care|pwc|pewc|"
                       r"non[\s-]+resident\s+parent|nrp)\b", re.IGNORECASE)
GB_NAME = re.compile(r"\bCMG\b|\bchild\s+maintenance\s+group\b", re.IGNORECASE)
# An address or a link names a mail domain (cmg.example.gov.uk), not the body that writes.
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n\s*\n")
NATIONS = {"gb": ("england_wales", "CMG"), "ni": ("northern_ireland", "NICMS")}
# The reasons for a face to face meeting (CMSF5579), each with its own CMSL5501 paragraph.
REASONS = ("complaint", "parentage", "under_16", "payments", "appeal", "information", "change",
           "enforcement_paying_parent", "enforcement_receiving_parent", "other")
# Lists whose items are records, not words: left empty in the realistic pass.
UNLISTED = {"history", "dates", "flags"}
PAIRS = {"understood"}


def realistic_case(role: str, reason: str, nation: str) -> CaseFields:
    """A face to face, court and fee case as an officer would see it, all at once."""
    return CaseFields(
        client_name="Ms Aisha Rahman", customer_name="Mr Daniel Okafor", client_role=role,
        reason=reason, reason_text="To go through the arrears statement" if reason == "other" else None,
        sr_number="1-7QF3KD2", scin="123456789", address="14 Mill Lane, Leeds", postcode="LS6 2AB",
        phone="0113 496 0000", special_requirements="large print", large_print=True, nation=nation,
        appointment_at=datetime(2026, 12, 14, 10, 30, tzinfo=LONDON), location="Leeds Jobcentre",
        hearing_at=datetime(2027, 1, 12, 10, 0, tzinfo=LONDON), court="Leeds Magistrates' Court",
        cpo_name="Priya Shah", fee="23.00", costs="23.00", region="Yorkshire", pv=True, ucb=False,
        dangerous_area=False, under_16=reason == "under_16", enforcement=reason.startswith("enforcement"),
        caseworker_email="caseworker@cmg.example.gov.uk", team_leader_email="leader@cmg.example.gov.uk",
        consultant_names=["Sam Lee", "Jo Pike"], failed_attendances=1, sr_status="In Progress")


def rendered(name: str, values: dict) -> str:
    if name in LETTERS:
        return render_text(f"letters/{name}.txt", values)
    subject, body = render_email(name, values)
    return f"{subject}\n{body}"


def cases(nation: str):
    """(what the case is, its values, whether realistic): one knowing nothing, then each
    reason for each client role."""
    yield "a case that knows nothing yet", {"case": CaseFields(nation=nation)}, False
    for reason in REASONS:
        for role in ("paying_parent", "receiving_parent"):
            yield (f"a {role} with reason {reason}",
                   {"case": realistic_case(role, reason, nation)}, True)


def values_for(name: str, nation: str, body: str, case: dict, realistic: bool) -> dict:
    values = {**base(PASSED.get(name, set())), "nation": nation, "body": body, **case}
    if realistic:
        values.update({k: True for k in PASSED.get(name, set()) & FLAGS})
        values.update({k: [(f"<{k} label>", f"<{k} value>") if k in PAIRS else f"<{k} item>"]
                       for k in PASSED.get(name, set()) & LISTS if k not in UNLISTED})
    return values


def gb_names_without_nicms(text: str) -> list[str]:
    """Sentences that name CMG or the Child Maintenance Group but not NICMS."""
    text = ADDRESS.sub("", text)
    return [" ".join(s.split()) for s in SENTENCE_END.split(text)
            if GB_NAME.search(s) and "NICMS" not in s]


@pytest.mark.parametrize("where", NATIONS)
@pytest.mark.parametrize("name", EMAILS + LETTERS)
def test_a_template_says_receiving_and_paying_parent(name, where):
    nation, body = NATIONS[where]
    for what, case, realistic in cases(nation):
        text = rendered(name, values_for(name, nation, body, case, realistic))
        found = FORBIDDEN.search(text)
        assert not found, (f"{name} says {found.group(0)!r} for {what} ({where}); say receiving "
                           f"parent or paying parent:\n{text}")


@pytest.mark.parametrize("name", [n for n in EMAILS + LETTERS if not n.lower().startswith("atw_")])
def test_a_northern_ireland_case_is_told_of_nicms(name):
    nation, body = NATIONS["ni"]
    for what, case, realistic in cases(nation):
        text = rendered(name, values_for(name, nation, body, case, realistic))
        wrong = gb_names_without_nicms(text)
        assert not wrong, (f"{name} names CMG, not NICMS, for {what} in Northern Ireland: "
                           f"{wrong}")


def test_the_checks_catch_what_they_are_for():
    """The patterns themselves: whole words, any case, addresses are not text."""
    assert FORBIDDEN.search("the Parent With Care")
    assert FORBIDDEN.search("tell the non-resident parent") and FORBIDDEN.search("NRP")
    assert not FORBIDDEN.search("the NRPS team") and not FORBIDDEN.search("a pwcheck")
    assert gb_names_without_nicms("Write to the child maintenance group.")
    assert not gb_names_without_nicms("Write to ssst@cmg.example.gov.uk.")
    assert not gb_names_without_nicms("NICMS (CMG in Great Britain) will write.")
