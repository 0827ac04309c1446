"""Machine mail: read receipts (RFC 8098, Outlook), bounces (RFC 3464, Exchange, MTA text)
and automatic replies (RFC 3834 and the vendors' headers)."""
from __future__ import annotations

import re
from email.message import Message

from mailbot.reading.mime import Parsed, msgid
from mailbot.reading.values import EMAIL

DISPOSITIONS = ("displayed", "deleted", "dispatched", "processed", "denied", "failed")

_READ_SUBJECT = re.compile(r"^\s*(?:(?:read|read receipt|read report|return receipt|read notification|"
                           r"receipt|gelesen|lu|le[ií]do|gelezen)\s*:|read:|not read\s*:|"
                           r"read receipt\b|return receipt\b|disposition notification)", re.I)
_NOT_READ_SUBJECT = re.compile(r"^\s*(?:not read|unread|nicht gelesen|non lu)\s*:", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered mail|undeliverable mail|delivery status notification|"
    r"delivery failure|mail delivery failed|failure notice|returned mail|delivery has failed|"
    r"non[- ]?delivery|message not delivered|delivery notification: delivery has failed|"
    r"could not deliver|delivery failed|mail delivery failure|warning: could not send|"
    r"unzustellbar|non remis|notification d.état de remise|message delivery failure|"
    r"rejected|bounced|mail system error)", re.I)
_BOUNCE_TEXT = re.compile(
    r"could ?n.?t be delivered|delivery has failed to these recipients|following (?:address(?:es)?|"
    r"recipients?) (?:had permanent fatal errors|failed|could not be reached)|message could not be delivered|"
    r"recipient address rejected|user unknown|mailbox (?:unavailable|not found|does not exist)|"
    r"no such user|address not found|delivery to the following recipients? (?:failed|has been delayed)|"
    r"\b5\.\d\.\d{1,3}\b|permanent (?:error|failure)|this is the mail system at host|"
    r"i.m sorry to have to inform you that your message could not|unable to deliver|"
    r"your message wasn.t delivered|was not delivered|undeliverable", re.I)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|auto[- ]?response|autoreply|auto[- ]?respond|"
    r"out of (?:the )?office|ooo\b|away from (?:the |my )?office|on leave|annual leave|"
    r"abwesend|abwesenheitsnotiz|automatische antwort|ateb awtomatig|resposta autom[áa]tica|"
    r"odpowied\w* automatyczn\w*|automatisk svar|réponse automatique|r[ée]ponse automatique|respuesta autom[áa]tica|"
    r"risposta automatica|automatisch antwoord|autosvar|automaattinen vastaus|away\b|holiday|"
    r"i am out of|i.m out of|absence|annual leave)", re.I)
_AUTO_TEXT = re.compile(
    r"(?:i am|i.m|i will be|i shall be)\s+(?:currently\s+|now\s+)?(?:out of (?:the )?office|away from (?:the|my) "
    r"(?:office|desk)|on (?:annual |parental |maternity |paternity |sick |study )?leave|on holiday|"
    r"not in the office|out of the office|working away|off work|away)|out of (?:the )?office (?:until|till|from|"
    r"and|with)|(?:limited|no) access to (?:my )?e-?mail|(?:will|shall) (?:respond|reply|get back to you|deal with"
    r"|read)[^.]{0,40}(?:on|when|upon|after) (?:my|I) return|this is an automatic (?:reply|response|message)|"
    r"automatic reply|auto-?reply|back in the office on|returning to (?:the )?office on", re.I)
_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|microsoftexchange\w*|"
                     r"bounces?|mail\.?delivery|maildelivery)[@+]", re.I)


def disposition_report(parsed: Parsed) -> dict | None:
    """The MDN fields if the message is a disposition notification."""
    for report in parsed.reports:
        if "disposition" in report.content_type:
            merged: dict[str, str] = {}
            for block in report.blocks:
                for k, v in block.items():
                    merged.setdefault(k, v)
            return merged
    if parsed.report_type and "disposition" in parsed.report_type.lower():
        return {}
    return None


def delivery_report(parsed: Parsed) -> list[dict] | None:
    for report in parsed.reports:
        if "delivery-status" in report.content_type:
            return report.blocks
    if parsed.report_type and "delivery-status" in parsed.report_type.lower():
        return []
    return None


def looks_like_read_receipt(parsed: Parsed, text: str) -> bool:
    if disposition_report(parsed) is not None:
        return True
    if _READ_SUBJECT.match(parsed.subject):
        return bool(re.search(r"\b(?:was read|has been (?:read|displayed)|been displayed|was deleted without being read|"
                              r"read on|displayed|not read|deleted)\b", text, re.I)) or \
            bool(_NOT_READ_SUBJECT.match(parsed.subject)) or \
            bool(re.match(r"^\s*(?:read|read receipt|return receipt)\s*:", parsed.subject, re.I))
    return False


def read_receipt_fields(parsed: Parsed, text: str) -> dict:
    mdn = disposition_report(parsed) or {}
    returned = parsed.returned_headers[0] if parsed.returned_headers else None
    original = _msgid(mdn.get("original-message-id")) or \
        (_msgid(returned.get("Message-ID")) if returned is not None else None) or parsed.in_reply_to or \
        (parsed.references[-1] if parsed.references else None)
    disposition = None
    raw = mdn.get("disposition", "")
    if raw:
        token = raw.split(";")[-1].strip().lower()
        token = token.split("/")[0].strip()
        for name in DISPOSITIONS:
            if token.startswith(name):
                disposition = name
                break
    if disposition is None:
        if _NOT_READ_SUBJECT.match(parsed.subject) or re.search(
                r"deleted without being read|was deleted|not read", text, re.I):
            disposition = "deleted"
        elif re.search(r"\bdenied\b", text, re.I):
            disposition = "denied"
        elif re.search(r"\bdispatched\b", text, re.I):
            disposition = "dispatched"
        elif re.search(r"\bprocessed\b", text, re.I):
            disposition = "processed"
        elif re.search(r"was read|has been (?:read|displayed)|\bdisplayed\b|\bread on\b", text, re.I) or \
                _READ_SUBJECT.match(parsed.subject):
            disposition = "displayed"
    return {"original_message_id": original, "disposition": disposition}


def looks_like_bounce(parsed: Parsed, text: str) -> bool:
    if delivery_report(parsed) is not None:
        return True
    sender = parsed.sender or ""
    if _BOUNCE_SUBJECT.match(parsed.subject) and (_BOUNCE_TEXT.search(text) or _DAEMON.match(sender)
                                                  or parsed.returned_headers or not parsed.in_reply_to):
        return True
    if _DAEMON.match(sender) and (_BOUNCE_TEXT.search(text) or parsed.returned_headers):
        return True
    if parsed.headers.get("X-Failed-Recipients"):
        return True
    return False


def bounce_fields(parsed: Parsed, text: str) -> dict:
    failed: list[str] = []
    blocks = delivery_report(parsed) or []
    for block in blocks:
        recipient = block.get("final-recipient") or block.get("original-recipient")
        action = block.get("action", "failed").lower()
        if recipient and action.startswith("fail"):
            _add(failed, recipient.split(";")[-1])
    for value in parsed.headers.get_all("X-Failed-Recipients") or []:
        for addr in str(value).split(","):
            _add(failed, addr)
    returned = parsed.returned_headers[0] if parsed.returned_headers else None
    original = _msgid(returned.get("Message-ID")) if returned is not None else None
    if original is None:
        m = re.search(r"^\s*Message-ID:\s*(<[^<>\s]+>)", text, re.I | re.M)
        original = m.group(1) if m else None
    # a report that gives each recipient's action has said who failed: a delivery
    # receipt ("Action: delivered") or a delay names no failed recipient
    reported = any(block.get("action") for block in blocks)
    if not failed and not reported:
        failed = _failed_from_text(text, parsed, returned)
    if original is None:
        original = parsed.in_reply_to or (parsed.references[-1] if parsed.references else None)
    return {"original_message_id": original, "failed_recipients": failed}


def nothing_failed(parsed: Parsed) -> bool:
    """A delivery report that gives each recipient's action and none of them failed
    (a delivery receipt, a relay or a delay notice): nobody needs to act on it."""
    actions = [str(block.get("action", "")).lower() for block in delivery_report(parsed) or []]
    actions = [a for a in actions if a]
    return bool(actions) and not any(a.startswith("fail") for a in actions)


def _failed_from_text(text: str, parsed: Parsed, returned: Message | None) -> list[str]:
    """Addresses a plain-text bounce names as failed, not those of the returned message."""
    head = re.split(r"^\s*(?:-{2,}.*(?:original message|returned message|message headers|"
                    r"below this line).*|Original message headers:|Received: .*|From: .*)\s*$",
                    text, maxsplit=1, flags=re.I | re.M)[0]
    exclude = {parsed.sender or ""}
    if returned is not None:
        exclude.update(a.lower() for a in EMAIL.findall(str(returned.get("From", ""))))
    exclude.update(a.lower() for a in EMAIL.findall(str(parsed.headers.get("To", ""))))
    found: list[str] = []
    for address in EMAIL.findall(head):
        address = address.lower().strip(".")
        if address in exclude or _DAEMON.match(address):
            continue
        _add(found, address)
    return found


def _add(found: list[str], address: str) -> None:
    m = EMAIL.search(address or "")
    if m:
        value = m.group(0).lower().strip(".")
        if value not in found:
            found.append(value)


def _msgid(value) -> str | None:
    return msgid(value, need_at=True)


_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply", "x-autogenerated",
                 "x-ms-exchange-generated-message-source", "x-auto-response-suppress")


_AUTO_VALUES = frozenset(("auto-submitted", "precedence", "x-ms-exchange-generated-message-source"))


def auto_headers(headers: Message) -> tuple[bool, bool]:
    """(is an automatic reply by its headers, is automatic at all: never answer it)."""
    # one pass over the raw header list: Message.get would scan it once per name
    keys: set[str] = set()
    submitted = precedence = source = ""
    for name, value in headers._headers:
        key = name.lower()
        keys.add(key)
        if key in _AUTO_VALUES:
            value = str(value).strip().lower()
            if key == "auto-submitted":
                submitted = submitted or value
            elif key == "precedence":
                precedence = precedence or value
            else:
                source = source or value
    replied = submitted.startswith("auto-replied") or precedence == "auto_reply" or \
        bool(keys & {"x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply"}) or \
        "oof" in source
    automatic = replied or (submitted and submitted != "no") or \
        precedence in ("bulk", "list", "junk", "auto_reply") or \
        bool(keys & {"list-id", "list-unsubscribe", "x-autogenerated", "feedback-id"}) or \
        bool(keys & set(_AUTO_HEADERS))
    return replied, bool(automatic)


def is_daemon(sender: str | None) -> bool:
    return bool(sender and _DAEMON.match(sender))


def looks_like_auto_reply_subject(subject: str) -> bool:
    return bool(_AUTO_SUBJECT.match(subject))


def looks_like_auto_reply_text(text: str) -> bool:
    return bool(_AUTO_TEXT.search(text[:3000]))
