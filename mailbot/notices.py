"""What a notice about a message the bot keeps but does not act on (quarantined, or sent to
triage) tells a person: who sent it, its subject and date, what is wrong with it, and where
the original is kept. The original is attached only up to a size (notices:
attach_original_max_mb); a notice the mail server refuses as too large goes again without
it (`without_original`). The wording is in templates/email/quarantined.txt, triage.txt and
notice_macros.txt; this module only gathers the values."""
from __future__ import annotations

import email
import re
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from mailbot.compose import POLICY
from mailbot.config import Config
from mailbot.reading import NotAnEmail, mime
from mailbot.reading.mime import MAX_MESSAGE_BYTES, decode_header, header_date
from mailbot.templates import environment

ORIGINAL_FILENAME = "original-message.eml"     # as compose attaches the original
HEAD_BYTES = 262144                            # the head is read from no more than this

_headers = BytesHeaderParser(policy=compat32)

# The email package's defects, in words an officer can pass on to whoever sent the message.
DEFECTS = {
    "CloseBoundaryNotFoundDefect": "a multipart part is never closed: the message is cut short "
                                   "or its MIME boundary is wrong",
    "StartBoundaryNotFoundDefect": "the MIME boundary its Content-Type names never appears in the body",
    "NoBoundaryInMultipartDefect": "it is declared multipart but names no MIME boundary",
    "MultipartInvariantViolationDefect": "it is declared multipart but has no parts",
    "MissingHeaderBodySeparatorDefect": "there is no blank line between its headers and its body",
    "FirstHeaderLineIsContinuationDefect": "its first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "a mailbox 'From ' line sits among its headers",
    "InvalidBase64PaddingDefect": "base64 content has wrong padding",
    "InvalidBase64CharactersDefect": "base64 content holds characters base64 does not use",
    "InvalidBase64LengthDefect": "base64 content is cut short",
    "InvalidMultipartContentTransferEncodingDefect": "a multipart part has a transfer encoding "
                                                     "other than 7bit, 8bit or binary",
    "UndecodableBytesDefect": "a header holds bytes that are not text",
    "NonPrintableDefect": "a header holds characters that cannot be printed",
}


def about(raw: bytes) -> dict[str, Any]:
    """Sender, subject and date of the original as its headers give them, and what is wrong
    with it as a message: the problems the reader's MIME parse records, and the MIME
    defects the email package finds, in words."""
    original = headline(raw)
    try:
        problems = list(mime.parse(raw).problems)
    except NotAnEmail as exc:
        problems = [f"it is not an email: {exc}"]
    except Exception as exc:      # the parse itself failed: the reason says so too
        problems = [f"its MIME structure cannot be parsed ({type(exc).__name__})"]
    problems += [p for p in mime_defects(raw) if p not in problems]
    return {"sender": original["sender"], "subject": original["subject"],
            "date": header_date(original["date_header"]), "date_header": original["date_header"],
            "problems": problems}


def headline(raw: bytes) -> dict[str, str]:
    """From, Subject, Date and Message-ID as the head of the raw bytes gives them ("" for
    one missing), read from the head alone: cheap for a large message."""
    head = re.split(rb"\r?\n\r?\n", raw[:HEAD_BYTES], maxsplit=1)[0]
    try:
        headers = _headers.parsebytes(head, headersonly=True)
    except Exception:      # bytes that are no email at all
        headers = None

    def header(name: str) -> str:
        if headers is None:
            return ""
        try:
            return decode_header(headers.get(name))
        except Exception:
            return " ".join(str(headers.get(name, "")).split())
    return {"sender": header("From"), "subject": header("Subject"), "date_header": header("Date"),
            "message_id": header("Message-ID")}


def mime_defects(raw: bytes) -> list[str]:
    """The MIME defects the email package finds, in words (a message larger than the reader
    reads is not looked through: the reader's problems say it was cut)."""
    if not raw.strip() or len(raw) > MAX_MESSAGE_BYTES:
        return []
    try:
        msg = email.message_from_bytes(raw)
        found: list[str] = []
        for part in msg.walk():
            for defect in part.defects:
                name = type(defect).__name__
                words = DEFECTS.get(name) or _words(name)
                where = "" if part is msg else f" (in a {part.get_content_type()} part)"
                if words + where not in found:
                    found.append(words + where)
        return found
    except Exception as exc:     # a structure too broken for the email package itself
        return [f"its MIME structure cannot be parsed ({type(exc).__name__})"]


def kept(config: Config, mailbox: str, inbound_id: int, raw: bytes, quarantined: bool) -> dict[str, Any]:
    """Where the original is kept, and whether it goes attached to the notice."""
    cap = config.notices.attach_original_max_mb
    box = config.mailboxes.get(mailbox)
    folder = None
    if box is not None:
        inbound = box.inbound
        if inbound.backend == "maildir":
            folder = ".Quarantine" if quarantined else None
        elif quarantined:
            folder = inbound.quarantine_folder
        else:
            folder = inbound.processed_folder or inbound.folder
    return {"inbound_id": inbound_id, "kept_in": box.address if box else mailbox, "folder": folder,
            "attached": len(raw) <= cap * 1024 * 1024 and bool(raw), "refused": None,
            "size": megabytes(len(raw)), "cap": f"{cap:g} MB", "purged": not raw}


def without_original(raw: bytes, refusal: str, templates_dir: str | None = None) -> bytes | None:
    """The notice `raw` without its attached original, its text saying why (`refusal`: what
    the mail server answered); None when it carries no original. Headers, Message-ID
    included, stay as they were."""
    msg = email.message_from_bytes(raw, policy=POLICY)
    if not msg.is_multipart():
        return None
    parts = msg.get_payload()
    originals = [p for p in parts if p.get_filename() == ORIGINAL_FILENAME]
    if not originals:
        return None
    macros = environment(templates_dir).get_template("email/notice_macros.txt")
    was = str(macros.make_module({"attached": True}).copy_of_original()).strip()
    instead = str(macros.make_module({"attached": False, "refused": refusal}).copy_of_original()).strip()
    msg.set_payload([p for p in parts if p not in originals])
    body = msg.get_body(("plain",))
    if body is not None:
        text = body.get_content()
        text = text.replace(was, instead) if was and was in text else f"{instead}\n\n{text}"
        body.set_content(text)
    return msg.as_bytes(policy=POLICY)


def megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _words(name: str) -> str:
    """CloseBoundaryNotFoundDefect → "close boundary not found"."""
    return " ".join(re.findall(r"[A-Z][a-z0-9]*", name.removesuffix("Defect"))).lower()
