"""The reader's two MIME paths read alike: a plain message read straight from the email
package's tree gives the same Reading as the same message handed to mail-parser."""
from __future__ import annotations

import email
from pathlib import Path

import pytest

from mailbot.reading import mime, read_message

HERE = Path(__file__).parent
MESSAGES = sorted((HERE / "fixtures").glob("*.eml")) + sorted(Path("/work/shared/samples").glob("*.eml"))


def _as_dict(reading) -> dict:
    found = {k: v for k, v in vars(reading).items() if k != "source"}   # the parsed MIME it keeps
    found["attachments"] = [(a.filename, a.content_type, a.payload) for a in reading.attachments]
    return found


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_plain_path_reads_as_mail_parser_does(path, monkeypatch):
    raw = path.read_bytes()
    try:
        fast = _as_dict(read_message(raw))
    except mime.NotAnEmail:
        return
    monkeypatch.setattr(mime, "_plain", lambda msg: False)
    assert _as_dict(read_message(raw)) == fast


def test_attachments_and_reports_go_to_mail_parser():
    with_form = email.message_from_bytes((HERE / "fixtures" / "f2f_docx_tickboxes.eml").read_bytes())
    plain = email.message_from_bytes(b"From: a@b.c\nSubject: x\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nhello\n")
    assert mime._plain(plain)
    report = email.message_from_bytes(
        b"From: a@b.c\nSubject: x\nContent-Type: multipart/report; report-type=delivery-status;"
        b" boundary=B\n\n--B\nContent-Type: text/plain\n\nfailed\n--B\n"
        b"Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822;x@y.z\n--B--\n")
    assert not mime._plain(report)
    assert not mime._plain(with_form)
