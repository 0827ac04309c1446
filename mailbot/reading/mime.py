"""MIME: raw bytes to the parts the reader looks at.

One parse of the bytes with the email package (the parser mail-parser itself runs). A plain
message - text and HTML bodies only, nothing attached, no defects - is read straight from
that tree. Anything else (attachments, reports, returned or forwarded messages, broken
structure) goes to mail-parser, given the same tree, for its attachment and defect handling.
Most of an inbox is plain, and mail-parser spends most of its time on header work the reader
does not use, so this is where the reader's speed comes from.

Bounded: an oversized message is cut before parsing, a nesting too deep for the email
package falls back to the headers alone; either way a problem is recorded.
"""
from __future__ import annotations

import base64
import binascii
import email
import email.errors
import email.header
import email.parser
import email.utils
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import Message

import mailparser

from mailbot.clock import LONDON
from mailbot.reading.record import Attachment, NotAnEmail

MAX_MESSAGE_BYTES = 30 * 1024 * 1024
MAX_PARTS = 500

# mail-parser logs every odd part at WARNING; the reader records its own problems.
logging.getLogger("mailparser").setLevel(logging.ERROR)

_HEADER_LINE = re.compile(rb"^(?:From [^\r\n]*|[!-9;-~]{1,76}:[^\r\n]*)\r?$")
_KNOWN_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|message-id|received|mime-version|content-type|return-path|"
    rb"delivered-to|x-[a-z0-9-]+|cc|reply-to|in-reply-to|references|sender):", re.I | re.M)


@dataclass
class ReportPart:
    """A machine-readable report part: its content type and its fields (one dict per block)."""

    content_type: str
    blocks: list[dict[str, str]]


@dataclass
class Parsed:
    headers: Message
    subject: str = ""
    sender: str | None = None
    sender_name: str | None = None
    recipients: list[str] = field(default_factory=list)
    date: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    content_type: str = "text/plain"
    report_type: str | None = None
    text_plain: str = ""
    text_html: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    reports: list[ReportPart] = field(default_factory=list)
    returned_headers: list[Message] = field(default_factory=list)
    embedded: list[tuple[Message, str, str]] = field(default_factory=list)  # (headers, plain, html)
    problems: list[str] = field(default_factory=list)


def check_is_email(raw: bytes) -> None:
    """Raise NotAnEmail when the bytes cannot be an RFC 5322 message at all."""
    if not raw or not raw.strip():
        raise NotAnEmail("the file is empty")
    head = raw[:4096]
    if b"\x00" in head:
        raise NotAnEmail("the file is binary, not an email message")
    first = head.lstrip(b"\r\n").split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first):
        raise NotAnEmail("the file does not start with email headers")
    end = re.search(rb"\r?\n\r?\n", raw[:262144])
    header_block = raw[: end.start()] if end else raw[:262144]
    if not _KNOWN_HEADERS.search(header_block):
        raise NotAnEmail("no email headers (From, To, Subject, Date ...) found")


def decode_header(value) -> str:
    """An RFC 2047 header as text; undecodable words are kept as written."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        value = str(value)
    value = str(value)
    if "=?" not in value:
        return " ".join(value.split())
    try:
        text = str(email.header.make_header(email.header.decode_header(value)))
    except (UnicodeError, LookupError, ValueError, email.errors.HeaderParseError):
        text = value
    return " ".join(text.split())


# "Name <local@domain>" or a bare address: the everyday shapes, read without the email
# package's full RFC 5322 address parser (quotes, comments and groups still go to it).
_SIMPLE_ADDRESS = re.compile(r"\s*(?:([^\"<>,;:()\\@]*?)\s*<([^<>\s\"(),;:\\]+@[^<>\s\"(),;:\\]+)>"
                             r"|([^<>\s\"(),;:\\]+@[^<>\s\"(),;:\\]+))\s*")


def _parseaddr(text: str) -> tuple[str, str]:
    m = _SIMPLE_ADDRESS.fullmatch(text)
    if m:
        return (m.group(1) or "", m.group(2) or m.group(3))
    return email.utils.parseaddr(text)


def _getaddresses(texts: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for text in texts:
        pieces = text.split(",")
        matches = [_SIMPLE_ADDRESS.fullmatch(piece) for piece in pieces]
        if all(matches):
            found.extend((m.group(1) or "", m.group(2) or m.group(3)) for m in matches)
        else:
            found.extend(email.utils.getaddresses([text]))
    return found


def _address(value: str) -> tuple[str | None, str | None]:
    name, addr = _parseaddr(decode_header(value))
    addr = addr.strip().lower() or None
    if addr and "@" not in addr:
        addr = None if " " in addr else addr
    return (name.strip() or None), addr


def _addresses(*values) -> list[str]:
    found = []
    for _, addr in _getaddresses([decode_header(v) for v in values if v]):
        addr = addr.strip().lower()
        if "@" in addr and addr not in found:
            found.append(addr)
    return found


def header_date(value) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000": UTC, origin unknown (RFC 5322 3.3)
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(LONDON)


def _received_date(msg: Message) -> datetime | None:
    for value in msg.get_all("Received") or []:
        if ";" in str(value):
            found = header_date(str(value).rsplit(";", 1)[1].strip())
            if found:
                return found
    return None


def parse(raw: bytes) -> Parsed:
    """One parse of the message with mail-parser; reports and returned headers from its tree."""
    check_is_email(raw)
    problems: list[str] = []
    if len(raw) > MAX_MESSAGE_BYTES:
        problems.append(f"message of {len(raw) // 1048576} MB cut to "
                        f"{MAX_MESSAGE_BYTES // 1048576} MB before reading")
        raw = raw[:MAX_MESSAGE_BYTES]
    mail = msg = None
    try:
        msg = email.message_from_bytes(raw)
        if _plain(msg):
            parsed = _envelope(msg)
            parsed.problems = problems
            _plain_bodies(parsed, msg)
        else:
            mail = mailparser.MailParser(msg)
    except Exception as exc:  # mail-parser has many failure modes on hostile input
        problems.append(f"MIME structure unreadable ({type(exc).__name__}); headers only")
        msg = email.parser.BytesHeaderParser().parsebytes(raw)
        parsed = _envelope(msg)
        parsed.problems = problems
        parsed.content_type = "text/plain"
    if mail is not None:
        parsed = _envelope_from(mail)
        parsed.problems = problems
        _bodies(parsed, mail, msg)
    if parsed.date is None:
        parsed.problems.append("no readable Date header")
    return parsed


_PLAIN_CONTAINERS = ("multipart/alternative", "multipart/mixed", "multipart/related")


def _plain(msg: Message) -> bool:
    """Text and HTML bodies only, in ordinary containers, nothing attached, no defects."""
    for count, part in enumerate(msg.walk()):
        if part.defects or count > 20:
            return False
        ctype = part.get_content_type()
        if part.is_multipart():
            if ctype not in _PLAIN_CONTAINERS:
                return False
            continue
        if ctype not in ("text/plain", "text/html"):
            return False
        disposition = part.get("Content-Disposition")
        if disposition is not None and (not str(disposition).lower().startswith("inline")
                                        or part.get_param("filename", header="content-disposition")):
            return False
        if "name" in str(part.get("Content-Type", "")).lower() and part.get_param("name"):
            return False
    return True


def _plain_bodies(parsed: Parsed, msg: Message) -> None:
    plain: list[str] = []
    html: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        text = _body_text(part)
        if text:
            (html if part.get_content_subtype() == "html" else plain).append(text)
    parsed.text_plain = "\n".join(plain)
    parsed.text_html = "\n".join(html)


def _body_text(part: Message) -> str:
    """A leaf part as text, decoded as mail-parser decodes a body (so both paths read alike)."""
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    stored = part._payload  # the email package keeps 7bit/8bit bodies as text already
    if cte in ("", "7bit", "8bit") and isinstance(stored, str):
        try:
            stored.encode("utf-8")
            return stored
        except UnicodeEncodeError:  # undecoded 8-bit bytes, kept as surrogates
            pass
    payload = part.get_payload(decode=True)
    if not payload:
        return ""
    try:
        text = payload.decode(part.get_content_charset("utf-8"))
        text.encode("utf-8")
        return text
    except (LookupError, UnicodeError):
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("utf-8", "replace")


def _envelope(msg: Message) -> Parsed:
    parsed = Parsed(headers=msg)
    parsed.subject = decode_header(msg.get("Subject"))
    parsed.sender_name, parsed.sender = _address(msg.get("From", ""))
    parsed.recipients = _addresses(*(msg.get_all("To") or []), *(msg.get_all("Cc") or []))
    parsed.date = header_date(msg.get("Date")) or _received_date(msg)
    parsed.message_id = msgid(msg.get("Message-ID"))
    parsed.in_reply_to = msgid(msg.get("In-Reply-To"))
    parsed.references = re.findall(r"<[^<>\s]+>", str(msg.get("References", "")))
    try:
        parsed.content_type = msg.get_content_type()
        parsed.report_type = (msg.get_param("report-type") or None) if \
            parsed.content_type == "multipart/report" else None
    except Exception:
        parsed.content_type = "text/plain"
    if isinstance(parsed.report_type, tuple):
        parsed.report_type = email.utils.collapse_rfc2231_value(parsed.report_type)
    return parsed


def _envelope_from(mail) -> Parsed:
    """The envelope from what mail-parser already decoded (no second parse of the headers)."""
    msg = mail.message
    values = mail.mail
    parsed = Parsed(headers=msg)
    parsed.subject = " ".join(str(values.get("subject") or "").split())
    senders = values.get("from") or []
    if senders:
        name, addr = senders[0]
        parsed.sender_name = (name or "").strip() or None
        addr = (addr or "").strip().lower()
        parsed.sender = addr if "@" in addr else None
    for _, addr in list(values.get("to") or []) + list(values.get("cc") or []):
        addr = (addr or "").strip().lower()
        if "@" in addr and addr not in parsed.recipients:
            parsed.recipients.append(addr)
    when = values.get("date")
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        parsed.date = when.astimezone(LONDON)
    else:
        parsed.date = header_date(msg.get("Date")) or _received_date(msg)
    parsed.message_id = msgid(values.get("message-id"))
    parsed.in_reply_to = msgid(values.get("in-reply-to"))
    refs = values.get("references") or ""
    parsed.references = re.findall(r"<[^<>\s]+>", refs if isinstance(refs, str) else " ".join(refs))
    ctype = str(values.get("content-type") or "text/plain")
    parsed.content_type = ctype.split(";", 1)[0].strip().lower()
    if parsed.content_type == "multipart/report":
        m = re.search(r"report-type\s*=\s*\"?([\w/.-]+)", ctype, re.I)
        parsed.report_type = m.group(1).lower() if m else None
    return parsed


def msgid(value, need_at: bool = False) -> str | None:
    """A Message-ID in angle brackets from a header value (bare ids get brackets)."""
    if not value:
        return None
    m = re.search(r"<[^<>\s]+>", str(value))
    if m:
        return m.group(0)
    text = str(value).strip()
    ok = text and " " not in text and (not need_at or "@" in text)
    return f"<{text}>" if ok else None


_REPORT_TYPES = ("message/delivery-status", "message/disposition-notification",
                 "message/global-delivery-status", "message/global-disposition-notification")
_RETURNED = ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers",
             "message/global", "message/global-headers")


def _bodies(parsed: Parsed, mail, msg: Message) -> None:
    parsed.text_plain = "\n".join(mail.text_plain)
    parsed.text_html = "\n".join(mail.text_html)
    for item in mail.attachments:
        parsed.attachments.append(_attachment(item, parsed.problems))
    if len(parsed.attachments) > MAX_PARTS:
        parsed.problems.append(f"{len(parsed.attachments)} attachments; read the first {MAX_PARTS}")
        parsed.attachments = parsed.attachments[:MAX_PARTS]
    if not msg.is_multipart():
        return
    nested = False
    for count, part in enumerate(msg.walk()):
        if count > MAX_PARTS:
            parsed.problems.append(f"more than {MAX_PARTS} MIME parts; the rest not read")
            break
        ctype = part.get_content_type()
        if ctype in _REPORT_TYPES:
            parsed.reports.append(ReportPart(ctype, _report_blocks(part)))
        elif ctype in _RETURNED:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                parsed.returned_headers.append(inner[0])
                nested = True
            elif isinstance(inner, str):
                try:
                    parsed.returned_headers.append(email.message_from_string(
                        _body_text(part)))
                except Exception:
                    pass


    if nested:
        _own_bodies(parsed, msg)


def _own_bodies(parsed: Parsed, msg: Message) -> None:
    """mail-parser runs the bodies of an attached message into the outer one's: keep them apart
    (an Exchange NDR's own words are its HTML, not the returned message's plain text)."""
    plain: list[str] = []
    html: list[str] = []

    def visit(part: Message, depth: int) -> None:
        if depth > 20:
            return
        ctype = part.get_content_type()
        if part.is_multipart():
            if ctype in _RETURNED:
                for inner in part.get_payload()[:1]:
                    if isinstance(inner, Message) and len(parsed.embedded) < 5:
                        sub = Parsed(headers=inner)
                        _own_bodies_into(sub, inner)
                        parsed.embedded.append((inner, sub.text_plain, sub.text_html))
                return
            for sub in part.get_payload():
                visit(sub, depth + 1)
            return
        if str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            return
        if ctype == "text/plain":
            plain.append(_body_text(part))
        elif ctype == "text/html":
            html.append(_body_text(part))

    visit(msg, 0)
    parsed.text_plain = "\n".join(plain)
    parsed.text_html = "\n".join(html)


def _own_bodies_into(sub: Parsed, inner: Message) -> None:
    if inner.is_multipart():
        _own_bodies(sub, inner)
    else:
        ctype = inner.get_content_type()
        if ctype == "text/html":
            sub.text_html = _body_text(inner)
        elif ctype.startswith("text/"):
            sub.text_plain = _body_text(inner)


def _report_blocks(part: Message) -> list[dict[str, str]]:
    payload = part.get_payload()
    blocks: list[dict[str, str]] = []
    if isinstance(payload, list):
        for sub in payload:
            if isinstance(sub, Message):
                blocks.append({k.lower(): str(v) for k, v in sub.items()})
                inner = sub.get_payload()
                if isinstance(inner, str) and ":" in inner:
                    blocks.extend(_blocks_from_text(inner))
    else:
        blocks = _blocks_from_text(_body_text(part))
    return [b for b in blocks if b]


def _blocks_from_text(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    for chunk in re.split(r"\r?\n\s*\r?\n", text):
        block: dict[str, str] = {}
        last = None
        for line in chunk.splitlines():
            if line[:1] in (" ", "\t") and last:
                block[last] += " " + line.strip()
                continue
            if ":" in line:
                key, value = line.split(":", 1)
                last = key.strip().lower()
                block[last] = value.strip()
        if block:
            blocks.append(block)
    return blocks


def _attachment(item: dict, problems: list[str]) -> Attachment:
    payload = item.get("payload") or ""
    data: bytes
    if item.get("binary"):
        try:
            data = base64.b64decode(payload)
        except (binascii.Error, ValueError):
            problems.append(f"attachment {item.get('filename')!r}: base64 unreadable")
            data = b""
    else:
        data = payload.encode("utf-8", "replace") if isinstance(payload, str) else bytes(payload)
    return Attachment(filename=item.get("filename"),
                      content_type=(item.get("mail_content_type") or "application/octet-stream").lower(),
                      payload=data)
