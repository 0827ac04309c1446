"""The reader: one raw email in, one Reading out. Same code for the daemon and `mailbot parse`.

The steps, in order: MIME (mime.py), the message's own text (quotes.py), machine mail
(reports.py), people's kinds (classify.py), forms only when the kind needs them
(forms.py), fields (extract.py), flags (safety.py), and last an honest account of what is
missing (needs_human, problems).
"""
from __future__ import annotations

import re

from mailbot.reading import (answer_fields, answers, classify, context_answers, extract, forms, mime,
                             quotes, reports, safety, values)
from mailbot.reading.html_text import to_text
from mailbot.reading.record import NotAnEmail, Reading, typed
from mailbot.reading.vocabulary import Lexicon, Vocabulary, lexicon_for

__all__ = ["Vocabulary", "read_message", "NotAnEmail"]

MAX_TEXT_CHARS = 300_000
TOKEN = re.compile(r"\[([A-Z]{2,8}-\d{6})\]")
TOKEN_BARE = re.compile(r"(?<![\w-])([A-Z]{2,8}-\d{6})(?![\w-])")
_F2F_REQUIRED = ("sr_number", "scin", "client_name", "address", "postcode", "reason")
_ESSENTIAL = {
    "court_action_request": ("action",),
    "enforcement_fee_request": ("fee",),
    "cpo_assignment": ("cpo_name",),
    "summons_issued": ("issue_date",),
    "cover_letter_request": ("hearing_at",),
    "vsat_decision": ("decision",),
    "appointment_confirmation": ("appointment_at", "location"),
    "visit_outcome": ("outcome",),
    "read_receipt": ("original_message_id", "disposition"),
    "bounce": ("original_message_id", "failed_recipients"),
    "second_pv_check_request": ("hearing_at",),
}
_ESCALATE = {"suicide_risk", "threat", "complaint", "foi_request", "sar_request"}
_FORM_FIELDS = {"sr_number", "scin", "client_name", "client_role", "address", "postcode", "reason",
                "pv", "ucb", "dangerous_area", "under_16", "caseworker_email", "team_leader_email"}


def read_message(raw: bytes, vocabulary: Vocabulary | None = None,
                 honour_auto_headers: bool = True, expect: tuple[str, ...] = (),
                 others: tuple[str, ...] = (), again: Reading | None = None) -> Reading:
    """Read one raw message. Raises NotAnEmail only when the bytes are not an email at all.

    `expect`: the answer kinds of the question this message replies to. The message is then
    read as one of them (or `unknown`: not an answer), never as a new referral or request;
    `others`: kinds the case would take as messages of their own (a CPO moving the hearing
    while the outcome is awaited): a message plainly one of them that gives no complete
    answer is read as that kind (its reply subject, the bot's question, not counted);
    `again`: this message's reading without context, whose MIME is not parsed twice."""
    lexicon = lexicon_for(vocabulary)
    parsed = getattr(again, "source", None) or mime.parse(raw)
    try:
        return _read(parsed, lexicon, honour_auto_headers, tuple(expect), tuple(others))
    except Exception as exc:  # the reader never takes the daemon down: a person looks instead
        reading = _envelope(parsed, "unknown", {}, [], True,
                            parsed.problems + [f"reader error: {type(exc).__name__}: {exc}"[:200]])
        return reading


def _envelope(parsed: mime.Parsed, kind: str, fields: dict, flags: list[str], needs_human: bool,
              problems: list[str], new_text: str = "", automatic: bool = False) -> Reading:
    m = TOKEN.search(parsed.subject) or TOKEN_BARE.search(parsed.subject)
    reading = Reading(kind=kind, case_ref=m.group(1) if m else None, fields=typed(fields),
                      flags=sorted(set(flags)), needs_human=needs_human, problems=problems,
                      message_id=parsed.message_id, in_reply_to=parsed.in_reply_to,
                      references=parsed.references, sender=parsed.sender,
                      recipients=parsed.recipients, subject=parsed.subject, date=parsed.date,
                      new_text=new_text, attachments=parsed.attachments, automatic=automatic)
    reading.source = parsed      # kept beside the record: read as an answer, it is not parsed again
    return reading


def _body_text(parsed: mime.Parsed) -> tuple[str, bool]:
    """(the body as text, whether it came from HTML)."""
    plain = parsed.text_plain.replace("\r\n", "\n").replace("\r", "\n")
    if plain.strip():
        text, from_html = _repair(plain), False
    elif parsed.text_html.strip():
        text, from_html = to_text(parsed.text_html[:2_000_000]), True
    else:
        text, from_html = "", False
    for headers, inner_plain, inner_html in parsed.embedded:  # an attached message, as Outlook quotes one
        inner = inner_plain.replace("\r\n", "\n").strip() or to_text(inner_html[:2_000_000])
        head = "\n".join(f"{name}: {mime.decode_header(headers.get(name))}"
                         for name in ("From", "Sent", "Date", "To", "Subject") if headers.get(name))
        text = f"{text}\n\n{head}\n\n{inner}" if head.startswith("From") else f"{text}\n\n{inner}"
    return text, from_html


def _repair(text: str) -> str:
    """Undo the most common charset slip (UTF-8 read as Latin-1: "Â£")."""
    if "Ã" in text or "Â" in text:
        try:
            return text.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return text
    return text


def _read(parsed: mime.Parsed, lexicon: Lexicon, honour_auto_headers: bool,
          expect: tuple[str, ...] = (), others: tuple[str, ...] = ()) -> Reading:
    problems = list(parsed.problems)
    body, from_html = _body_text(parsed)
    if len(body) > MAX_TEXT_CHARS:  # nobody types a form this long; keep reading bounded
        problems.append(f"body of {len(body)} characters; read the first {MAX_TEXT_CHARS}")
        body = body[:MAX_TEXT_CHARS]
    subject = parsed.subject
    forward = quotes.is_forward(subject, body)
    if forward:
        text = quotes.unquote(body)
    else:
        text, _ = quotes.split_quoted(body)
    replied, automatic = reports.auto_headers(parsed.headers)
    if reports.is_daemon(parsed.sender):
        automatic = True
    anchor = parsed.date.date() if parsed.date else None
    ctx = extract.Context(lexicon=lexicon, subject=subject, text=text, anchor=anchor,
                          sender=parsed.sender, sender_name=parsed.sender_name, problems=problems)

    kind = _machine_kind(parsed, body, text, replied, automatic, honour_auto_headers, lexicon)
    if kind is None and expect:
        return _read_answer(parsed, ctx, expect, lexicon, problems, automatic, others)
    if kind is None:
        kind, top, rival = classify.decide(subject, text, lexicon)
        kind = _short_answer(subject, text, lexicon) or kind
        kind = _with_forms(kind, top, parsed, ctx, lexicon, problems)
        if kind != "f2f_referral" and top < 6 and _typed_form(ctx):
            kind = "f2f_referral"
        if kind == "f2f_referral" and not from_html and "<table" in parsed.text_html.lower():
            _use_html_tables(parsed, ctx, forward)
        if kind != "unknown" and _not_casework(parsed, subject, text, automatic):
            problems.append("a meeting invitation or list mail, not casework")
            kind = "unknown"
        if kind != "unknown" and rival and top < 9:
            problems.append(f"kind uncertain: {kind} scored {top}, another kind {rival}")
    if kind in ("read_receipt", "bounce"):
        automatic = True
        fields = (reports.read_receipt_fields if kind == "read_receipt"
                  else reports.bounce_fields)(parsed, body)
    else:
        fields = extract.extract(kind, ctx)
        if kind == "f2f_referral" and not ctx.form_lines and not parsed.attachments and \
                not any(fields.get(n) for n in _IDENTITY):
            # "do we still need the CMSF5579 for ...?": about referrals, but names nobody
            problems.append("talks about referrals but names no client, SR or address")
            kind, fields = "unknown", {}

    flags: set[str] = set()
    if kind not in ("read_receipt", "bounce"):
        flags = safety.flags(subject + "\n" + ctx.text, lexicon)
        if ctx.form_lines:
            flags |= safety.flags("\n".join(ctx.form_lines), lexicon) - {"pv", "complaint"}
        if kind == "f2f_referral":
            flags.discard("pv")
            if fields.get("pv"):
                flags.add("pv")
    if (lexicon.known_addresses or lexicon.known_domains) and not _known(parsed.sender, lexicon):
        flags.add("unknown_sender")

    needs_human = _needs_human(kind, fields, parsed, problems)
    if flags & _ESCALATE or "unknown_sender" in flags:
        needs_human = True
    return _envelope(parsed, kind, fields, sorted(flags), needs_human, problems,
                     new_text=ctx.text, automatic=automatic)


_IDENTITY = ("sr_number", "scin", "client_name", "address", "postcode", "phone")


# Requests with steps of their own: a message plainly one of these is not an answer to the
# question its case waits on (a CPO asking for the second PV check while the outcome is awaited).
_OWN_REQUESTS = {"second_pv_check_request", "cover_letter_request", "summons_issued",
                 "court_action_request"}


def _read_answer(parsed: mime.Parsed, ctx: extract.Context, expect: tuple[str, ...],
                 lexicon: Lexicon, problems: list[str], automatic: bool,
                 others: tuple[str, ...] = ()) -> Reading:
    """The message as the answer to a question whose answer kinds are `expect`: a complete
    answer of one of them (the kind its words point to first, else the question's order),
    else an attempt at one (on the question's subject but lacking what it needs: the bot asks
    back), else `unknown` (not an answer). Values come from the message's own words only."""
    if _REPLY_SUBJECT.match(ctx.subject):
        ctx.subject = ""          # the bot's own subject: the question, not the answer
    has_pdf = any((a.filename or "").lower().endswith(".pdf") or a.content_type == "application/pdf"
                  for a in parsed.attachments)
    readings = {kind: _answer_fields(kind, parsed, ctx) for kind in expect}
    verdict = classify.decide(ctx.subject, answers.statements(ctx.text), lexicon)
    given = [k for k in expect if answers.gives_answer(k, readings[k], has_pdf)]
    complete = [k for k in given if not answers.missing(k, readings[k], has_pdf)]
    attempts = [k for k in expect if k in given or answers.on_topic(k, ctx.text)]
    if (verdict.kind in _OWN_REQUESTS and verdict.kind not in expect and verdict.score >= 6) \
            or answers.cannot_answer(ctx.text, expect):
        complete, attempts = [], []   # a request of its own, or why they cannot answer yet
    if verdict.kind in others and verdict.kind not in expect and not complete:
        attempts = []                 # a message of its own kind, not a half answer
    if complete:
        kind = verdict.kind if verdict.kind in complete else complete[0]
    elif attempts:
        kind = attempts[0]
    elif verdict.kind in others:
        kind = verdict.kind           # a message of its own, read without the question's subject
        readings[kind] = extract.extract(kind, ctx)
    else:
        kind = "unknown"
    fields = readings.get(kind, {})
    flags = safety.flags(parsed.subject + "\n" + ctx.text, lexicon)
    if kind in expect:
        lacking = answers.missing(kind, fields, has_pdf)
        if lacking:
            problems.append(f"{kind} without {', '.join(lacking)}")
    elif kind == "unknown":
        problems.append(f"not an answer of the kinds expected ({', '.join(expect)})")
    return _envelope(parsed, kind, fields, sorted(flags), kind == "unknown" or bool(problems),
                     problems, new_text=ctx.text, automatic=automatic)


_FORM_ATTACHED = re.compile(r"CMSF ?5579|visiting service referral", re.I)


def _answer_fields(kind: str, parsed: mime.Parsed, ctx: extract.Context) -> dict:
    """One expected kind's fields from the message's own words (a date and a time kept apart
    where only one is given, so that the bot can ask for the other)."""
    if kind in context_answers.CONTEXT_FIELDS:
        return context_answers.extract_context_kind(kind, ctx.text, ctx.anchor)
    if kind not in extract.FIELDS:
        return {}
    fields = answer_fields.read(kind, ctx.text, ctx.anchor, extract.extract(kind, ctx), ctx.sender,
                                ctx.sender_name, parsed.date)
    if kind == "visit_outcome" and fields.get("outcome") is None and any(
            _is_referral_form(a) for a in parsed.attachments):
        fields["outcome"] = "completed"     # 002 step 5: the completed CMSF5579 comes back
    return fields


def _is_referral_form(attachment) -> bool:
    if _FORM_ATTACHED.search(attachment.filename or ""):
        return True
    form_kind = forms.kind_of(attachment.filename, attachment.content_type, attachment.payload)
    if not form_kind:
        return False
    lines, _ = forms.read_form(form_kind, attachment.payload, attachment.filename or "")
    return bool(_FORM_ATTACHED.search("\n".join(lines[:40])))


_MEETING = re.compile(r"(?i)\bwhen:|invit|meeting|calendar|\bteams\b|\bjoin")


def _not_casework(parsed: mime.Parsed, subject: str, text: str, automatic: bool) -> bool:
    """A calendar invitation, or mail from a list (a newsletter) that names no case."""
    if parsed.content_type.startswith("multipart/") and (_MEETING.search(subject) or _MEETING.search(text, 0, 4000)):
        if any(part.get_content_type() == "text/calendar" for part in parsed.headers.walk()):
            return True
    if not automatic:  # a list's headers make the message automatic (reports.auto_headers)
        return False
    headers = parsed.headers
    listed = headers.get("List-Id") or headers.get("List-Unsubscribe") or \
        str(headers.get("Precedence", "")).strip().lower() in ("bulk", "list")
    if not listed:
        return False
    return not (TOKEN.search(subject) or values.sr_number(subject + "\n" + text) or values.scin(text))


_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|antw)\s*:\s*", re.I)


def _short_answer(subject: str, text: str, lexicon: Lexicon) -> str | None:
    """The kind of a reply that only says "Done." or "Yes, go ahead." (and signs off), read
    from what its subject asked for (vocabulary.yaml short_answers); None for any other text."""
    if not _REPLY_SUBJECT.match(subject):
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or len(lines) > 4 or any(len(line) > 40 for line in lines[1:]):
        return None
    said = next((name for name, pattern in lexicon.short_answers if pattern.fullmatch(lines[0])), None)
    if said is None:
        return None
    asked = classify.decide(_REPLY_SUBJECT.sub("", subject), "", lexicon).kind
    return lexicon.answer_kinds.get(asked, {}).get(said)


def _machine_kind(parsed: mime.Parsed, body: str, text: str, replied: bool, automatic: bool,
                  honour: bool, lexicon: Lexicon) -> str | None:
    if reports.disposition_report(parsed) is not None:
        return "read_receipt"
    if reports.delivery_report(parsed) is not None:
        return "bounce"
    if reports.looks_like_read_receipt(parsed, body):
        return "read_receipt"
    if reports.looks_like_bounce(parsed, body):
        return "bounce"
    if reports.looks_like_auto_reply_subject(parsed.subject):
        return "auto_reply"
    if replied and honour:
        return "auto_reply"
    if (replied or automatic) and reports.looks_like_auto_reply_text(text):
        kind, top, _ = classify.decide(parsed.subject, text, lexicon)
        if kind == "unknown" or top < 6:
            return "auto_reply"
    return None


_FORM_NUMBER = re.compile(r"CMSF ?5579")


def _with_forms(kind: str, top: int, parsed: mime.Parsed, ctx: extract.Context, lexicon: Lexicon,
                problems: list[str]) -> str:
    """Read attached forms only when the message may be a referral."""
    if kind not in ("f2f_referral", "unknown") and top >= 6:
        return kind
    candidates = [(a, forms.kind_of(a.filename, a.content_type, a.payload)) for a in parsed.attachments]
    candidates = [(a, k) for a, k in candidates if k]
    if not candidates:
        return kind
    for attachment, form_kind in candidates[:5]:
        lines, trouble = forms.read_form(form_kind, attachment.payload,
                                         attachment.filename or attachment.content_type)
        problems.extend(trouble)
        if not lines:
            continue
        from mailbot.reading.labels import read_pairs
        pairs = read_pairs(lines, lexicon)
        if len(set(pairs.values) & _FORM_FIELDS) >= 3 or _FORM_NUMBER.search("\n".join(lines[:5])):
            ctx.form_lines = lines + ctx.form_lines
            ctx._pairs = None
            return "f2f_referral"
    return kind


_REFERRAL_ONLY = {"address", "postcode", "pv", "ucb", "dangerous_area", "under_16", "reason"}


def _typed_form(ctx: extract.Context) -> bool:
    """A referral typed out as labels (forwarded on with no word of its own about it)."""
    if ctx.text.count(":") < 5:
        return False
    found = set(ctx.pairs.values) & _FORM_FIELDS
    return len(found) >= 5 and bool(found & {"address", "postcode"}) and len(found & _REFERRAL_ONLY) >= 3


def _use_html_tables(parsed: mime.Parsed, ctx: extract.Context, forward: bool) -> None:
    """An Outlook table keeps its rows in the HTML; the plain alternative may not."""
    html_text = to_text(parsed.text_html[:2_000_000])
    own = quotes.unquote(html_text) if forward else quotes.split_quoted(html_text)[0]
    rows = [line for line in own.splitlines() if "\t" in line]
    if rows:
        ctx.form_lines = rows + ctx.form_lines
        ctx._pairs = None


def _known(sender: str | None, lexicon: Lexicon) -> bool:
    if not sender:
        return False
    if sender in lexicon.known_addresses:
        return True
    domain = sender.rsplit("@", 1)[-1]
    return any(domain == d or domain.endswith("." + d) for d in lexicon.known_domains)


def _needs_human(kind: str, fields: dict, parsed: mime.Parsed, problems: list[str]) -> bool:
    needs = False
    if kind == "unknown":
        problems.append("not a message kind mailbot knows")
        return True
    if kind == "f2f_referral":
        missing = [name for name in _F2F_REQUIRED if not fields.get(name)]
        if missing:
            problems.append("referral missing " + ", ".join(missing))
            needs = True
        if fields.get("reason") == "other" and not fields.get("reason_text"):
            problems.append("reason is other but no details given")
            needs = True
        return needs
    if kind not in ("read_receipt", "bounce", "auto_reply"):
        tied = TOKEN.search(parsed.subject) or fields.get("sr_number") or fields.get("scin")
        if not tied:
            problems.append("no case reference, SR number or SCIN")
            needs = True
    for name in _ESSENTIAL.get(kind, ()):
        if fields.get(name) in (None, [], ""):
            if kind == "court_outcome":
                continue
            if name == "failed_recipients" and reports.nothing_failed(parsed):
                continue     # a delivery receipt or delay: it names nobody because nobody failed
            problems.append(f"{kind} without {name}")
            needs = True
    if kind == "court_outcome" and fields.get("proceeding") and not fields.get("outcome"):
        problems.append("court_outcome without outcome")
        needs = True
    if kind == "vsat_decision" and fields.get("decision") == "reject" and not fields.get("reason"):
        problems.append("rejection without a reason")
        needs = True
    return needs
