"""The Access to Work corpus (tests/conversations/atw/*.yaml): replies to the questions of
procedure 004 in staff's own words, written by a helper who had not seen the reader."""
from __future__ import annotations

from pathlib import Path

from tests.conversations import corpus

ATW = Path(__file__).parent / "atw"
HOLDOUT = Path(__file__).parent / "atw_holdout"      # by a second helper who saw neither code nor ATW
SUBJECT = "[ATW-000001] Access to Work: Mr Daniel Okafor (AW0183342)"

# file -> (the bot's subject, the kinds the wait expects): as handlers/visiting_referral.py asks
QUESTIONS = {
    "concerns": (SUBJECT, ("acs_concern",)),      # new mail: read as a concern (or an adviser's reply)
    "triage": (SUBJECT, ("acs_triage",)),
    "visit_reports": (SUBJECT, ("atw_visit_report",)),
    "ceast_contact": (SUBJECT, ("ceast_contact",)),
    "second_visit": (SUBJECT, ("second_visit_decision",)),
    "conference": (SUBJECT, ("conference_held",)),
    "ceast_findings": (SUBJECT, ("ceast_finding", "conference_held")),
    "ceast_updates": (SUBJECT, ("ceast_update", "conference_held")),
    "dwp_updated": (SUBJECT, ("dwp_updated",)),
    "award_decisions": (SUBJECT, ("award_decision", "acs_concern")),
}
ANSWER_KIND = {name: kinds[0] for name, (_, kinds) in QUESTIONS.items()}

# Where we decided otherwise than the corpus's author, and why.
DECIDED_OTHERWISE = {
    # An AtW reference identifies the customer on ATWIS: the SPOC is not held up for the name.
    "atw_con_12": {"ask_for": []},
    # "Bit uneasy about him" is a concern in the processor's words: the SPOC judges it (and
    # can ask); the bot does not weigh how specific it is.
    "atw_con_11": {"ask_for": []},
    # A question whether emails count as the conference: a person answers it, not the bot
    # (it goes to the others asked, with the question).
    "atw_conf_08": {"not_an_answer": True},
    # CEAST says the customer made contact and the notes follow: the SPOC is asked to update
    # DISC/ATWIS with the conversation, which CEAST can give them; not held up.
    "atw_cc_07": {"ask_for": []},
    "hatw_cec_inc_01": {"ask_for": []},
    # An ineffective visit reported with no day at all: the bot asks which day (one line back)
    # rather than take the email's date for the visit's, which starts the five working days.
    "hatw_vis_05": {"visit_date": None, "ask_for": ["visit_date"]},
    # Attempts are recorded as CEAST words them; "all reasonable steps taken" ends CEAST's part
    # (the attempts came in earlier emails of the same case).
    "atw_cu_07": {"ask_for": []},
    "atw_cu_08": {"ask_for": []},
}
ASK_NAMES = {"customer_name": "customer"}


def load_all(folder: Path = ATW) -> list[corpus.Reply]:
    replies = []
    for name in QUESTIONS:
        for reply in corpus.load(name, folder):
            override = DECIDED_OTHERWISE.get(reply.id)
            if override:
                reply.expect = {**reply.expect, **override}
            if "ask_for" in reply.expect:
                reply.expect["ask_for"] = [ASK_NAMES.get(n, n) for n in reply.expect["ask_for"]]
            replies.append(reply)
    return replies


def kinds(reply: corpus.Reply) -> tuple[str, ...]:
    if reply.file == "concerns" and reply.quote != "none":
        return QUESTIONS["award_decisions"][1]        # an adviser's reply on the case (step 5)
    return QUESTIONS[reply.file][1]
