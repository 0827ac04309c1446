"""A small world of people who work by email around one mailbot: the demo plays it, and the
journey tests play it against real servers.

A PostOffice moves mail between people; the World writes people's emails (new ones and
replies to the bot's real messages), drives the simulated clock and runs the engine.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import itertools
import mimetypes
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Protocol

from mailbot.clock import SimulatedClock

_seq = itertools.count(1)


class PostOffice(Protocol):
    def deliver(self, raw: bytes, sender: str, recipients: list[str]) -> None: ...
    def messages_for(self, address: str) -> list[bytes]: ...


class MaildirPostOffice:
    """Each address has a Maildir under root/<address>/ (the embedded default)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def deliver(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        for address in recipients:
            new = self.root / address.lower() / "new"
            for sub in ("new", "cur", "tmp"):
                (self.root / address.lower() / sub).mkdir(parents=True, exist_ok=True)
            name = f"{datetime.now().timestamp():.6f}.{next(_seq)}.world"
            tmp = self.root / address.lower() / "tmp" / name
            tmp.write_bytes(raw)
            tmp.rename(new / name)

    def messages_for(self, address: str) -> list[bytes]:
        box = self.root / address.lower()
        files = [p for sub in ("cur", "new") for p in (box / sub).glob("*") if p.is_file()]
        return [p.read_bytes() for p in sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))]


@dataclass
class Received:
    """A message as a person sees it in their mailbox."""
    raw: bytes

    @property
    def msg(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def subject(self) -> str:
        return str(self.msg["Subject"] or "")

    @property
    def message_id(self) -> str:
        return str(self.msg["Message-ID"] or "")

    @property
    def body(self) -> str:
        part = self.msg.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def header(self, name: str) -> str | None:
        value = self.msg[name]
        return None if value is None else str(value)

    def attachments(self) -> dict[str, bytes]:
        return {p.get_filename(): p.get_payload(decode=True)
                for p in self.msg.iter_attachments() if p.get_filename()}


class World:
    def __init__(self, engine, clock: SimulatedClock, post: PostOffice,
                 run: Callable[[], None] | None = None):
        self.engine = engine
        self.clock = clock
        self.post = post
        self._run = run or engine.run_until_idle
        self._seen: dict[str, int] = {}

    # --- people write -----------------------------------------------------------------------
    def send(self, sender: str, to: str | list[str], subject: str, body: str, *,
             name: str | None = None, attachments: list[Path | tuple[str, bytes]] = (),
             in_reply_to: Received | None = None, headers: dict[str, str] | None = None,
             html: str | None = None) -> bytes:
        to = [to] if isinstance(to, str) else list(to)
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["From"] = email.utils.formataddr((name or _name_of(sender), sender))
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg["Date"] = email.utils.format_datetime(self.clock.now())
        msg["Message-ID"] = f"<world.{next(_seq)}.{int(self.clock.now().timestamp())}@{sender.split('@')[1]}>"
        if in_reply_to is not None:
            msg["In-Reply-To"] = in_reply_to.message_id
            refs = (in_reply_to.header("References") or "").split()
            msg["References"] = " ".join(refs + [in_reply_to.message_id])
        for key, value in (headers or {}).items():
            msg[key] = value
        msg.set_content(body)
        if html:
            msg.add_alternative(html, subtype="html")
        for item in attachments:
            filename, data = (item.name, item.read_bytes()) if isinstance(item, Path) else item
            ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            maintype, subtype = ctype.split("/", 1)
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        raw = msg.as_bytes()
        self.post.deliver(raw, sender, to)
        return raw

    def deliver_raw(self, raw: bytes, sender: str, to: str) -> None:
        self.post.deliver(raw, sender, [to])

    def reply(self, person: str, to_message: Received, body: str, *,
              attachments: list = (), quote: bool = True) -> bytes:
        """`person` answers one of the bot's messages (Re: subject, threaded, quoting it)."""
        sender = email.utils.parseaddr(to_message.header("From") or "")[1]
        subject = to_message.subject
        if not subject.lower().startswith("re:"):
            subject = "RE: " + subject
        if quote:
            quoted = "\n".join("> " + line for line in to_message.body.splitlines())
            body = f"{body}\n\nOn {to_message.header('Date')}, {sender} wrote:\n{quoted}\n"
        return self.send(person, sender, subject, body, in_reply_to=to_message,
                         attachments=attachments)

    # --- people read ------------------------------------------------------------------------
    def inbox(self, address: str) -> list[Received]:
        return [Received(r) for r in self.post.messages_for(address)]

    def new_mail(self, address: str) -> list[Received]:
        """Messages that arrived for `address` since the last call."""
        all_ = self.inbox(address)
        start = self._seen.get(address, 0)
        self._seen[address] = len(all_)
        return all_[start:]

    def last(self, address: str, containing: str = "") -> Received:
        for message in reversed(self.inbox(address)):
            if containing.lower() in (message.subject + "\n" + message.body).lower():
                return message
        raise AssertionError(f"no message for {address} containing {containing!r}; "
                             f"subjects: {[m.subject for m in self.inbox(address)]}")

    # --- time passes ---------------------------------------------------------------------------
    def run(self) -> None:
        self._run()

    def advance(self, delta: timedelta | None = None, *, hours: float = 0, days: float = 0,
                to: datetime | None = None) -> None:
        """Time passes in steps of at most an hour, the bot working as it goes."""
        target = to or (self.clock.now() + (delta or timedelta(hours=hours, days=days)))
        while self.clock.now() < target:
            step = min(timedelta(hours=1), target - self.clock.now())
            self.clock.advance(step)
            self._run()


def _name_of(address: str) -> str:
    local = address.split("@")[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split("."))
