"""Building an outgoing message once, so that every retry sends exactly the same bytes."""
from __future__ import annotations

import email.policy
import email.utils
import mimetypes
import secrets
from datetime import datetime
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path



class _HeaderFactory(HeaderRegistry):
    """email's header factory, made cheap for a bot that builds much the same message over
    and over: each header class is made once (the standard factory makes a new class for
    every header it parses), and a header seen lately (From, Auto-Submitted, …) is not
    parsed again. Header objects are immutable, so one can serve many messages."""

    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        cls = self._classes.get(name.lower())
        if cls is None:
            cls = self._classes[name.lower()] = super().__getitem__(name)
        return cls

    @lru_cache(maxsize=256)
    def __call__(self, name: str, value: str):
        return super().__call__(name, value)


POLICY = email.policy.SMTP.clone(max_line_length=998, header_factory=_HeaderFactory())


def message_id(case_ref: str | None, now: datetime, domain: str) -> str:
    """A new, globally unique Message-ID; the case and the time in it help a human reader."""
    stamp = now.strftime("%Y%m%d%H%M%S")
    local = f"{(case_ref or 'mailbot').lower()}.{stamp}.{secrets.token_hex(8)}"
    return f"<{local}@{domain}>"


def compose(*, sender: str, sender_name: str, to: list[str], cc: list[str], subject: str,
            body: str, msg_id: str, now: datetime, in_reply_to: str | None = None,
            references: list[str] = (), importance: str = "normal",
            attachments: list[Path] = (), attached_message: bytes | None = None) -> bytes:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = email.utils.formataddr((sender_name, sender))
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = msg_id
    # Read receipt (RFC 8098) and "I am a robot" (RFC 3834) on every message.
    msg["Disposition-Notification-To"] = sender
    msg["Auto-Submitted"] = "auto-generated"
    # Ask Exchange not to send us out-of-office replies or recall notices.
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = " ".join(list(references) + [in_reply_to])
    if importance == "high":
        msg["Importance"] = "High"
        msg["X-Priority"] = "1 (Highest)"
    msg.set_content(body)
    for path in attachments:
        ctype, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                           filename=path.name)
    if attached_message is not None:
        _attach_original(msg, attached_message)
    return msg.as_bytes(policy=POLICY)


def _attach_original(msg: EmailMessage, raw: bytes) -> None:
    # Attached as an opaque .eml so a malformed original can never break our own message.
    msg.add_attachment(raw, maintype="application", subtype="octet-stream",
                       filename="original-message.eml")
