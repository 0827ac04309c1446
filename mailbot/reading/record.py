"""The record the reader makes of one message: what the rest of mailbot acts on."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Attachment:
    filename: str | None
    content_type: str
    payload: bytes


@dataclass
class Reading:
    """One message as mailbot reads it.

    The first six attributes are the `mailbot parse --json` contract (PARSE.md); the rest
    are the envelope the engine needs to store, correlate and answer the message.
    """

    kind: str
    case_ref: str | None
    fields: dict[str, Any]
    flags: list[str]
    needs_human: bool
    problems: list[str]
    # envelope
    message_id: str | None = None          # with angle brackets, as in the header
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    sender: str | None = None              # lower-case address from From
    recipients: list[str] = field(default_factory=list)   # To + Cc, lower case
    subject: str = ""
    date: datetime | None = None           # Europe/London
    new_text: str = ""                     # the message's own text, quoted history removed
    attachments: list[Attachment] = field(default_factory=list)
    automatic: bool = False                # RFC 3834 auto-submitted, bulk or list mail

    def contract(self) -> dict[str, Any]:
        """The PARSE.md JSON object (dates and times as ISO text only here, at its edge)."""
        return {
            "kind": self.kind,
            "case_ref": self.case_ref,
            "fields": {name: iso(value) for name, value in self.fields.items()},
            "flags": sorted(set(self.flags)),
            "needs_human": self.needs_human,
            "problems": self.problems,
        }


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def typed(fields: dict[str, Any]) -> dict[str, Any]:
    """A reading's date and time fields as values: aware datetimes (Europe/London) and dates."""
    from mailbot.clock import LONDON
    out = dict(fields)
    for name, value in fields.items():
        if isinstance(value, str) and name in DATE_FIELDS:
            try:
                parsed = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            except ValueError:
                continue
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=LONDON)
            out[name] = parsed
    return out


DATE_FIELDS = {"hearing_at", "appointment_at", "issue_date", "paid_on", "until",
               "visit_date", "held_on", "review_date"}


class NotAnEmail(ValueError):
    """The bytes are not an email message at all (`mailbot parse` exits 2)."""
