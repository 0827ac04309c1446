"""Access to Work replies in staff's own words (tests/conversations/atw/), read as the answer
to the question of procedure 004 they reply to; a processor's new email read as a concern."""
from __future__ import annotations

import pytest
import yaml

from mailbot.reading import read_message
from mailbot.reading.answers import missing
from tests.conversations.atw_corpus import ANSWER_KIND, ATW, HOLDOUT, SUBJECT, kinds, load_all
from tests.conversations.test_reading_answers import check_fields

KNOWN_MISSES: dict[str, str] = {}
REPLIES = load_all() + load_all(HOLDOUT)
ASKED = {(path.parent.name, path.stem): yaml.safe_load(path.read_text())["asked"]
         for folder in (ATW, HOLDOUT) for path in folder.glob("*.yaml")}
FOLDER = {r.id: ("atw_holdout" if r.id.startswith("hatw_") else "atw") for r in REPLIES}
PARAMS = [pytest.param(r, id=r.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[r.id]))
          if r.id in KNOWN_MISSES else pytest.param(r, id=r.id) for r in REPLIES]


def raw(reply) -> bytes:
    return reply.raw(question_subject=SUBJECT, question_body=ASKED[FOLDER[reply.id], reply.file] + "\n",
                     question_from="mailbot <atw.spoc@atw.dwp.example.gov.uk>",
                     question_id="<question.1@mailbot.example>", to="atw.spoc@atw.dwp.example.gov.uk")


@pytest.mark.parametrize("reply", PARAMS)
def test_atw_reply_is_read_as_the_answer_it_gives(reply):
    reading = read_message(raw(reply), expect=kinds(reply))
    if reply.expect.get("not_an_answer"):
        assert reading.kind == "unknown", (reading.kind, reading.fields)
        return
    want = "acs_concern" if reply.file == "concerns" else ANSWER_KIND[reply.file]
    assert reading.kind == want, (reading.kind, reading.fields, reading.problems)
    assert set(missing(reading.kind, reading.fields)) == set(reply.expect.get("ask_for", [])), reading.fields
    assert not check_fields(reply, reading.fields), (check_fields(reply, reading.fields), reply.body)
