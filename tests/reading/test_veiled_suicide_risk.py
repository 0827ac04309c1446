"""Suicide risk said the way customers say it, veiled (found in the AtW corpora, where the
reader missed them): each raises suicide_risk, and ordinary sentences near them do not."""
from __future__ import annotations

import pytest

from mailbot.reading import read_message

RAW = ("From: lena.fischer@atw.dwp.example.gov.uk\r\nTo: atw.spoc@atw.dwp.example.gov.uk\r\n"
       "Subject: concern\r\nDate: Mon, 8 Mar 2027 10:00:00 +0000\r\n\r\n{}\r\n")


@pytest.mark.parametrize("said", [
    'On the phone today he said he "won\'t be around much longer" and that nothing matters any more.',
    'He told me he\'d "be better off not waking up".',
    'She said that if the money was stopped she would "take all her tablets and be done with it".',
    "He said nobody would notice if he wasn't around.",
])
def test_veiled_words_raise_a_suicide_risk(said):
    assert "suicide_risk" in read_message(RAW.format(said).encode()).flags


@pytest.mark.parametrize("said", [
    "The support worker won't be around much on Friday, so ring on Monday.",
    "She takes her tablets with breakfast and is coping well.",
])
def test_ordinary_words_do_not(said):
    assert "suicide_risk" not in read_message(RAW.format(said).encode()).flags
