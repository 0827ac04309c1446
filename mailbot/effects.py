"""Effects: carrying out what a step recorded on `act` (mailbot/actions.py), inside the
message's transaction — one small executor per action type, in the order recorded."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from mailbot import actions as A
from mailbot import reminders
from mailbot import waits as W
from mailbot.casefile import case_folder, files_path, find_document, resolve, template_values
from mailbot.documents import CLIENT_LETTERS, render_pdf, write_zip
from mailbot.outbox import queue
from mailbot.reading import Reading
from mailbot.store import Case
from mailbot.transaction import Transaction
from mailbot.workflow import CLOSED, CaseView


def apply(tx: Transaction, case: Case, view: CaseView, act: A.Actions, next_state: str | None,
          reading: Reading | None) -> None:
    """What a step did: the case's fields from its view, the actions it recorded, the state
    it returned (the waits of the state left behind closed)."""
    case.data = dict(view.data)
    case.sr_number = view.data.get("sr_number") or case.sr_number
    case.scin = view.data.get("scin") or case.scin
    carry_out(tx, case, view, act.recorded, reading, case_folder(tx, case))
    if next_state and case.state != CLOSED and next_state != case.state:
        workflow = tx.engine.workflows.get(case.workflow)
        if workflow is not None:
            workflow.check_state(next_state)
        tx.event(case, "state", f"{case.state} → {next_state}")
        case.state = next_state
        if workflow is not None and workflow.states:
            # a question of the state left behind is no longer asked
            kept = set(workflow.waits_in(next_state))
            gone = W.close([w for w in W.open_waits(tx.s, case) if w.name not in kept],
                           "cancelled", tx.now)
            if gone:
                tx.event(case, "waits", f"no longer waiting on {', '.join(gone)}")
    case.updated_at = tx.now


def carry_out(tx: Transaction, case: Case | None, view: CaseView | None, recorded: list,
              reading: Reading | None, folder: Path | None = None) -> None:
    """Carry out recorded actions in order, each by the executor for its type. A mailbox
    rule (handlers/mailbox_rules.py) may have no case: it only sends and notes."""
    documents: dict[str, Path] = {}     # made or filed by these actions, by name
    for action in recorded:
        execute = EXECUTORS.get(type(action))
        if execute is None:
            raise TypeError(f"{case.ref if case else 'no case'}: no executor for the action "
                            f"{type(action).__name__}")
        execute(tx, case, view, action, documents, folder, reading)


# Each executor: (tx, case, view, action, documents made so far, case folder, the message).
def _note(tx, case, view, action: A.Note, documents, folder, reading) -> None:
    tx.event(case, action.kind, action.text, action.data)


def _make_folder(tx, case, view, action: A.MakeFolder, documents, folder, reading) -> None:
    path = files_path(tx, action.folder)
    path.mkdir(parents=True, exist_ok=True)
    tx.event(case, "folder", f"folder {action.folder} created")


def _document(tx, case, view, action: A.Document, documents, folder, reading) -> None:
    fields = view.data if view is not None else (case.data or {})
    client_letter = action.template in CLIENT_LETTERS
    if client_letter and fields.get("contact_suppressed"):
        # procedure 001: no client letter while contact is suppressed; the email that would
        # carry it says why (templates read case.contact_suppressed)
        tx.event(case, "suppressed", f"{action.name} not made: contact with the client is suppressed "
                                     f"({fields.get('suppression_reason') or 'no reason given'})")
        documents[action.name] = None      # not made: left out of a bundle, not attached
        return
    target = (files_path(tx, action.folder) if action.folder else folder)
    target.mkdir(parents=True, exist_ok=True)
    values = {**template_values(tx, case, view), **action.values}
    pdf = render_pdf(action.template, values, tx.config.templates_dir, title=action.name,
                     large_print=client_letter and bool(fields.get("large_print")))
    path = target / action.name
    path.write_bytes(pdf)
    documents[action.name] = path
    tx.event(case, "document", f"{action.name} made from {action.template}", {"path": str(path)})


def _save_attachment(tx, case, view, action: A.SaveAttachment, documents, folder, reading) -> None:
    target = (files_path(tx, action.folder) if action.folder else folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / Path(action.filename).name
    path.write_bytes(action.payload)
    documents[path.name] = path
    tx.event(case, "document", f"{path.name} filed", {"path": str(path)})


def _bundle(tx, case, view, action: A.Bundle, documents, folder, reading) -> None:
    target = (files_path(tx, action.folder) if action.folder else folder)
    target.mkdir(parents=True, exist_ok=True)
    names = [m for m in action.members if not (m in documents and documents[m] is None)]
    if not names:
        tx.event(case, "bundle", f"{action.name} not made: none of its documents was made")
        return
    members = [documents.get(m) or find_document(tx, case, m) for m in names]
    missing = [m for m, p in zip(names, members) if p is None]
    if missing:
        raise ValueError(f"{case.ref}: bundle {action.name} names documents not made: {missing}")
    path = target / action.name
    write_zip(path, members)
    documents[action.name] = path
    tx.event(case, "bundle", f"{action.name} holds {', '.join(names)}", {"path": str(path)})


def _send(tx, case, view, action: A.Send, documents, folder, reading) -> None:
    queue(tx, case, view, action, documents, reading)


def _wait_for(tx, case, view, action: A.WaitFor, documents, folder, reading) -> None:
    spec = tx.engine.workflows[case.workflow].wait(action.wait)
    tx.s.flush()
    W.open_wait(tx.s, case, spec, None, resolve(tx, spec.ask, view), tx.now)
    tx.event(case, "waiting", f"waiting on {spec.name}: {spec.question}", {"wait": spec.name})


def _remind(tx, case, view, action: A.Remind, documents, folder, reading) -> None:
    reminders.remind(tx, case, action.key, action.at, action.values)


def _cancel(tx, case, view, action: A.Cancel, documents, folder, reading) -> None:
    reminders.cancel_reminders(tx, case, action.key_prefix)


def _delete_clerical_files(tx, case, view, action: A.DeleteClericalFiles, documents, folder,
                           reading) -> None:
    target = files_path(tx, action.folder) if action.folder else folder
    if target.exists():
        shutil.rmtree(target)
    tx.event(case, "files_deleted", "clerical files deleted"
             + (f" ({action.folder})" if action.folder else ""))


def _close(tx, case, view, action: A.Close, documents, folder, reading) -> None:
    case.state, case.closed_at, case.resolution = CLOSED, tx.now, action.resolution
    W.close(W.open_waits(tx.s, case), "cancelled", tx.now)
    # Every timer stops, follow-up calls about earlier emails included (the
    # case is settled); a step that closes and then sends keeps that one's call.
    reminders.cancel_reminders(tx, case, "")
    tx.event(case, "closed", f"case closed: {action.resolution}")


EXECUTORS: dict[type, Callable[..., None]] = {
    A.Note: _note,
    A.MakeFolder: _make_folder,
    A.Document: _document,
    A.SaveAttachment: _save_attachment,
    A.Bundle: _bundle,
    A.Send: _send,
    A.WaitFor: _wait_for,
    A.Remind: _remind,
    A.Cancel: _cancel,
    A.DeleteClericalFiles: _delete_clerical_files,
    A.Close: _close,
}
