"""What a step asks the engine to do. A step records actions on `act`; the engine carries
them out in the same transaction as the case change."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable

from mailbot import workdays


@dataclass
class Send:
    template: str
    to: list[str]                  # role names or addresses
    cc: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    attach: list[str] = field(default_factory=list)   # names of documents made on act
    attach_message: bool = False   # attach the inbound message itself (message/rfc822)
    reply: bool = False            # In-Reply-To/References the inbound message
    importance: str = "normal"
    follow_up: str | None = None   # role to remind to telephone the recipient
    via_mailbox: str | None = None  # send from another team's mailbox
    wait: str | tuple[str, ...] | None = None   # the wait(s) this email asks (the case waits on them)
    proposed: dict[str, Any] = field(default_factory=dict)   # what the question proposes


@dataclass
class Remind:
    key: str
    at: datetime
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class WaitFor:
    """The case waits on `wait` without emailing a question (the procedure has the person
    write unprompted: the consultant's visit report)."""
    wait: str


@dataclass
class Cancel:
    key_prefix: str


@dataclass
class Document:
    """A PDF letter or form laid out from templates/letters/<template>."""
    name: str                      # file name, e.g. CMSL5501.pdf
    template: str
    values: dict[str, Any]
    folder: str | None = None      # under the files root; default the case folder


@dataclass
class Bundle:
    name: str                      # zip file name
    members: list[str]             # document names (made on act) to put in it
    folder: str | None = None


@dataclass
class SaveAttachment:
    filename: str
    payload: bytes
    folder: str | None = None


@dataclass
class MakeFolder:
    folder: str


@dataclass
class DeleteClericalFiles:
    folder: str | None = None      # under the files root; default the case folder


@dataclass
class Note:
    text: str
    kind: str = "note"
    data: dict[str, Any] | None = None


@dataclass
class Close:
    resolution: str                # completed | cancelled | failed_to_attend


@dataclass
class Actions:
    """The `act` a step receives. Each method records one action; nothing happens yet."""

    now: datetime
    nation: str
    config: Any
    case_ref: str
    resolve_role: Callable[[str], list[str]]
    recorded: list[Any] = field(default_factory=list)
    # How many open cases of this case's team name a person (to spread work across people).
    open_cases_of: Callable[[str], int] = lambda address: 0

    # --- email ---------------------------------------------------------------------------
    def send(self, template: str, to: str | list[str], *, cc: str | list[str] = (),
             attach: list[str] = (), attach_message: bool = False, reply: bool = False,
             importance: str = "normal", follow_up: str | None = None,
             via_mailbox: str | None = None, wait: str | tuple[str, ...] | None = None,
             proposed: dict[str, Any] | None = None, **values) -> None:
        """Email templates/email/<template>.txt to roles or addresses (read receipt always
        requested). `follow_up` names the role reminded to telephone the recipient; `wait`
        names the question it asks (a declared wait): the recipients' reply is read as its
        answer; `proposed` holds answer fields the question proposes (a rejection's reason),
        taken when the reply does not say otherwise."""
        self.recorded.append(Send(template, _list(to), _list(cc), values, list(attach),
                                  attach_message, reply, importance, follow_up, via_mailbox,
                                  wait, dict(proposed or {})))

    def ask(self, role: str, question: str, wait: str | None = None, **values) -> None:
        """A question for a person, never a guess; with `wait`, the case waits on their reply."""
        self.send("question", role, question=question, reply=True, wait=wait, **values)
        self.note(f"asked {role}: {question}", kind="question")

    def wait_for(self, wait: str) -> None:
        """Wait on a declared wait whose answer comes unasked (the person it names is
        expected to write): a message from them is read as its answer."""
        self.recorded.append(WaitFor(wait))

    # --- time ----------------------------------------------------------------------------
    def remind(self, key: str, at: datetime, **values) -> None:
        """Fire the workflow's timer `key` at `at` (replaces a pending one with that key)."""
        if at.tzinfo is None:
            raise ValueError(f"{self.case_ref}: reminder {key!r} needs an aware datetime")
        self.recorded.append(Remind(key, at, values))

    def cancel(self, key_prefix: str = "") -> None:
        """Cancel pending reminders whose key starts with `key_prefix` (all when empty)."""
        self.recorded.append(Cancel(key_prefix))

    def working_days_after(self, n: int, start: datetime | None = None) -> datetime:
        return workdays.add_working_days(start or self.now, n, self.nation)

    def hours_after(self, hours: float, start: datetime | None = None) -> datetime:
        from zoneinfo import ZoneInfo
        base = (start or self.now).astimezone(ZoneInfo("UTC"))
        return (base + timedelta(hours=hours)).astimezone(self.now.tzinfo)

    # --- files ---------------------------------------------------------------------------
    def document(self, name: str, template: str, folder: str | None = None, **values) -> str:
        self.recorded.append(Document(name, template, values, folder))
        return name

    def bundle(self, name: str, members: list[str], folder: str | None = None) -> str:
        self.recorded.append(Bundle(name, list(members), folder))
        return name

    def save_attachment(self, filename: str, payload: bytes, folder: str | None = None) -> str:
        self.recorded.append(SaveAttachment(filename, payload, folder))
        return filename

    def folder(self, folder: str) -> None:
        self.recorded.append(MakeFolder(folder))

    def delete_clerical_files(self, folder: str | None = None) -> None:
        """Delete the case folder, or `folder` (a clerical folder made elsewhere for the case)."""
        self.recorded.append(DeleteClericalFiles(folder))

    # --- the case ------------------------------------------------------------------------
    def note(self, text: str, kind: str = "note", **data) -> None:
        """A line in the case history (the SR notes the procedure asks for)."""
        self.recorded.append(Note(text, kind, data or None))

    def close(self, resolution: str) -> None:
        self.recorded.append(Close(resolution))


def _list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
