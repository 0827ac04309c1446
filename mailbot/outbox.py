"""The outbox: an email composed into the store inside the message's transaction (`queue`),
with the banner every email about a case begins with. It is sent after the commit by the
dispatcher (mailbot/dispatcher.py), exactly once across crashes."""
from __future__ import annotations

import logging
from pathlib import Path

from mailbot import actions as A
from mailbot import reminders
from mailbot import waits as W
from mailbot.casefile import addresses, base_values, find_document, template_values
from mailbot.compose import compose, message_id
from mailbot.reading import Reading
from mailbot.store import Case, OutboxMessage
from mailbot.templates import render_email
from mailbot.transaction import Transaction
from mailbot.workflow import CaseView

log = logging.getLogger("mailbot")


# ------------------------------------------------------------------ composing, in the transaction
def queue(tx: Transaction, case: Case | None, view: CaseView | None, send: A.Send,
          documents: dict[str, Path], reading: Reading | None) -> OutboxMessage | None:
    """Compose `send` into the outbox (uncommitted): recipients the config does not know are
    refused, the waits it asks are opened, its follow-up call is planned."""
    box = tx.box
    if send.via_mailbox:
        box = tx.engine.mailboxes.get(send.via_mailbox) or tx.engine.mailbox_for_team(send.via_mailbox)
    if box is None:
        raise ValueError(f"no mailbox to send {send.template} from")
    to = addresses(tx, send.to, view)
    cc = [a for a in addresses(tx, send.cc, view) if a not in to]
    unknown = [a for a in to + cc if not tx.config.knows(a)]
    if unknown or not to:
        why = (f"{', '.join(unknown)} not known to the config" if unknown
               else f"nobody holds the role {send.to}")
        if case is not None:
            tx.event(case, "refused", f"did not send {send.template}: {why}")
        log.error("refused to send template=%s case=%s: %d unknown recipient(s)",
                  send.template, case.ref if case else None, len(unknown))
        to = [a for a in to if a not in unknown]
        cc = [a for a in cc if a not in unknown]
        if not to:
            return None
    values = {**(template_values(tx, case, view) if case else base_values(tx)),
              **send.values}
    if reading is not None:
        values.setdefault("message", reading)
    subject, body = render_email(send.template, values, tx.config.templates_dir)
    if case is not None:
        body = banner((view.data if view is not None else case.data) or {}) + body
    ref = case.ref if case else None
    if ref and f"[{ref}]" not in subject:
        subject = f"[{ref}] {subject}"
    msg_id = message_id(ref, tx.now, tx.config.message_id_domain)
    in_reply_to = reading.message_id if (send.reply and reading is not None) else None
    attachments = [documents.get(n) or find_document(tx, case, n) for n in send.attach]
    attachments = [p for p in attachments if p is not None]
    raw = compose(sender=box.address, sender_name=f"{tx.config.bot_name} ({box.team.upper()})",
                  to=to, cc=cc, subject=subject, body=body, msg_id=msg_id, now=tx.now,
                  in_reply_to=in_reply_to,
                  references=reading.references if (send.reply and reading) else [],
                  importance=send.importance, attachments=attachments,
                  attached_message=tx.row.raw if (send.attach_message and tx.row) else None)
    out = OutboxMessage(case=case, mailbox=box.key, message_id=msg_id,
                        sender=box.address, recipients=to + cc, subject=subject,
                        template=send.template, raw=raw, created_at=tx.now, status="pending")
    tx.s.add(out)
    tx.sent.append(f"{send.template} → {', '.join(to + cc)}")
    for name in ((send.wait,) if isinstance(send.wait, str) else send.wait or ()):
        if case is None:
            break
        spec = tx.engine.workflows[case.workflow].wait(name)
        tx.s.flush()
        wait = W.open_wait(tx.s, case, spec, msg_id, to, tx.now)
        if send.proposed:
            wait.partial = {**(wait.partial or {}), spec.expects[0]: dict(send.proposed)}
        tx.event(case, "waiting", f"waiting on {spec.name}: {spec.question} "
                                  f"(asked {', '.join(to)})", {"wait": spec.name})
    if case is not None:
        tx.event(case, "queued", f"{send.template} to {', '.join(to + cc)}: {subject}",
                 {"message_id": msg_id})
        if send.follow_up:
            reminders.plan_follow_up_call(tx, case, view, out, send.follow_up, to)
    return out


def banner(fields: dict) -> str:
    """What every email about a case says first: its warning marker (procedure 003, a threat
    to staff) and a suppression of contact (procedure 001), each with its reason."""
    lines = []
    if fields.get("warning_marker"):
        lines.append(f"WARNING MARKER - {fields['warning_marker']}. Take care in any contact; a "
                     f"face to face visit follows the PV rule (an office, two consultants).")
    if fields.get("contact_suppressed"):
        lines.append(f"CONTACT SUPPRESSED - mailbot makes no client letter for this case "
                     f"(reason: {fields.get('suppression_reason') or 'not given'}).")
    return "".join(f"*** {line} ***\n" for line in lines) + ("\n" if lines else "")
