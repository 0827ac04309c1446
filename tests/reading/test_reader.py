"""The reader, story by story: each fixture is a message and how mailbot must read it."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailbot.reading import NotAnEmail, Vocabulary, read_message

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path("/work/shared/samples")
CASES = sorted(p.with_suffix("") for p in FIXTURES.glob("*.eml") if p.with_suffix(".json").exists())
SAMPLE_CASES = sorted(p.with_suffix("") for p in SAMPLES.glob("*.eml")) if SAMPLES.is_dir() else []


def _check(base: Path) -> None:
    expected = json.loads(base.with_suffix(".json").read_text("utf-8"))
    started = time.perf_counter()
    reading = read_message(base.with_suffix(".eml").read_bytes())
    elapsed = time.perf_counter() - started
    got = reading.contract()
    assert got["kind"] == expected["kind"], got
    assert got["case_ref"] == expected["case_ref"], got
    assert set(got["fields"]) == set(expected["fields"]), got
    for key, want in expected["fields"].items():
        have = got["fields"][key]
        if isinstance(want, list):
            assert sorted(have) == sorted(want), (key, got)
        else:
            assert have == want and type(have) is type(want), (key, have, want, got)
    assert got["flags"] == sorted(expected["flags"]), got
    if "needs_human" in expected:
        assert got["needs_human"] == expected["needs_human"], got
    assert elapsed < 5, f"took {elapsed:.1f} s"


@pytest.mark.parametrize("base", CASES, ids=[c.name for c in CASES])
def test_fixture(base):
    _check(base)


@pytest.mark.parametrize("base", SAMPLE_CASES, ids=[c.name for c in SAMPLE_CASES])
def test_sample(base):
    _check(base)


def test_fixtures_exist():
    assert len(CASES) >= 40


@pytest.mark.parametrize("raw", [b"", b"   \n", b"%PDF-1.4\n\x00\x01binary", b"just some words\nno headers\n",
                                 b"PK\x03\x04\x00\x00zip"])
def test_not_an_email(raw):
    with pytest.raises(NotAnEmail):
        read_message(raw)


def test_envelope_for_the_engine():
    raw = (FIXTURES / "f2f_docx_tickboxes.eml").read_bytes()
    reading = read_message(raw)
    assert reading.sender == "sam.officer@cmg.example.gov.uk"
    assert reading.recipients == ["specialist.services@ssst.cmg.example.gov.uk"]
    assert reading.date.utcoffset().total_seconds() == 0 and str(reading.date.tzinfo) == "Europe/London"
    assert reading.attachments and reading.attachments[0].payload[:2] == b"PK"
    assert reading.automatic is False


def test_new_text_drops_quoted_history():
    reading = read_message((FIXTURES / "payment_paid_reply.eml").read_bytes())
    assert reading.new_text == "Paid today."


def test_auto_headers_not_honoured_for_another_mailbot():
    raw = (FIXTURES / "vsat_accept.eml").read_bytes().replace(
        b"MIME-Version: 1.0\n", b"MIME-Version: 1.0\nAuto-Submitted: auto-replied\n", 1)
    assert read_message(raw).kind == "auto_reply"
    mailbot = read_message(raw, honour_auto_headers=False)
    assert mailbot.kind == "vsat_decision" and mailbot.automatic


def test_bounces_and_lists_are_automatic():
    assert read_message((FIXTURES / "bounce_plain_mta.eml").read_bytes()).automatic
    raw = (FIXTURES / "vsat_accept.eml").read_bytes().replace(
        b"MIME-Version: 1.0\n", b"MIME-Version: 1.0\nList-Id: <team.example>\n", 1)
    assert read_message(raw).automatic


def test_unknown_sender_only_with_known_lists():
    raw = (FIXTURES / "vsat_accept.eml").read_bytes()
    assert "unknown_sender" not in read_message(raw).flags
    known = Vocabulary(known_domains={"cmg.example.gov.uk"})
    assert "unknown_sender" not in read_message(raw, known).flags
    stranger = Vocabulary(known_addresses={"someone@else.example"})
    assert "unknown_sender" in read_message(raw, stranger).flags


def test_config_extends_vocabulary():
    raw = (FIXTURES / "vsat_accept.eml").read_bytes().replace(b"Accepted - consultant", b"Accepted - kumquat")
    vocabulary = Vocabulary(safety_phrases={"threat": ["kumquat"]},
                            label_synonyms={"client_name": ["punter"]})
    assert "threat" in read_message(raw, vocabulary).flags
    own_flag = Vocabulary(safety_phrases={"media_enquiry": ["kumquat"]})
    assert "media_enquiry" in read_message(raw, own_flag).flags   # a flag of the admin's own
    form = (FIXTURES / "f2f_incomplete.eml").read_bytes().replace(b"Client name:", b"Punter:")
    assert read_message(form, vocabulary).fields["client_name"] == "Ann Lee"


def test_cli_json_and_exit_codes(tmp_path):
    sample = FIXTURES / "vsat_accept.eml"
    out = subprocess.run([sys.executable, "-m", "mailbot.commands.parse", str(sample), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and json.loads(out.stdout)["kind"] == "vsat_decision"
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\x01\x02")
    out = subprocess.run([sys.executable, "-m", "mailbot.commands.parse", str(junk), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    out = subprocess.run([sys.executable, "-m", "mailbot.commands.parse", str(tmp_path / "missing.eml")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
