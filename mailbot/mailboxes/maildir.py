"""The `maildir` backend, the embedded default: local Maildir folders, no server.

- `MaildirInbox`: reads `<path>/new` (Maildir deliveries, or .eml files dropped there by
  hand); settling moves a message to `cur/` flagged Seen, or into the `.Quarantine`
  sub-maildir (unread); `quarantine()` moves one settled earlier from `cur/` to `.Quarantine`. UIDVALIDITY is always 1; the UID is the Maildir key (file name
  before any `:2,` info).
- `MaildirSender`: the outbox. Writes each message into one Maildir, named after its
  Message-ID, so writing the same message twice leaves one file; optionally also a
  readable copy `NNNN-subject.eml` in `eml_dir` (the demo shows sent mail that way).
- `MaildirDelivery`: delivers to one Maildir per recipient under a root directory
  (`<root>/<address>/new`), like a local MDA; the demo gives everyone a mailbox with it.

Writes go through `tmp/` and appear in `new/` atomically (link, or rename), so a reader
never sees half a message. Files dropped straight into `new/` are read as found: drop
them via `tmp/` (or rename into place) if they may be read while still being written.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import threading
import time
import uuid
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from typing import Iterator

from .base import Fetched, PermanentFailure, TemporaryFailure
from .smtp import RecipientsRefused

log = logging.getLogger(__name__)

UIDVALIDITY = 1
QUARANTINE = ".Quarantine"
POLL_INTERVAL = 0.2


def ensure_maildir(path: str) -> str:
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    return path


class MaildirInbox:
    """A Maildir as an `Inbox` (see mailbot/mailboxes/base.py)."""

    def __init__(self, name: str, path: str, *, poll_interval: float = POLL_INTERVAL):
        self.name = name
        self.path = os.path.abspath(path)
        self.poll_interval = poll_interval
        self._pending: dict[str, str] = {}  # key → file name in new/, fetched but not settled
        self._closed = threading.Event()    # close() from another thread ends a wait
        ensure_maildir(self.path)

    def __repr__(self) -> str:
        return f"MaildirInbox({self.name!r}, {self.path!r})"

    def connect(self) -> None:
        try:
            ensure_maildir(self.path)
        except OSError as exc:
            raise TemporaryFailure(f"mailbox {self.name}: cannot open Maildir {self.path}: {exc}") from None

    def close(self) -> None:
        """Ends a wait() in progress in another thread (it returns False)."""
        self._closed.set()

    def _scan(self) -> list[os.DirEntry]:
        try:
            entries = [e for e in os.scandir(os.path.join(self.path, "new"))
                       if not e.name.startswith(".") and e.is_file()]
        except OSError as exc:
            raise TemporaryFailure(f"mailbox {self.name}: cannot list {self.path}/new: {exc}") from None
        entries.sort(key=lambda e: (e.stat().st_mtime_ns, e.name))
        return entries

    def fetch_new(self, checkpoint: tuple[int, int | str] | None) -> Iterator[Fetched]:
        """Every message in new/, oldest first. Settled messages have left new/, so the
        checkpoint is not needed; a message fetched but not settled comes again."""
        for entry in self._scan():
            filename = entry.name
            key = filename.split(":", 1)[0]
            if self._settled_exists(key):
                # The same name was used before (a hand-dropped "referral.eml" again):
                # give this one a key of its own, so it is not taken for the old one.
                filename = self._rename_unique(filename)
                if filename is None:
                    continue
                key = filename.split(":", 1)[0]
            try:
                with open(os.path.join(self.path, "new", filename), "rb") as f:
                    raw = f.read()
            except FileNotFoundError:
                continue  # taken meanwhile
            except OSError as exc:
                raise TemporaryFailure(f"mailbox {self.name}: cannot read {filename}: {exc}") from None
            self._pending[key] = filename
            yield Fetched(UIDVALIDITY, key, raw)

    def _settled_exists(self, key: str) -> bool:
        return (os.path.exists(os.path.join(self.path, "cur", key + ":2,S"))
                or os.path.exists(os.path.join(self.path, QUARANTINE, "cur", key + ":2,")))

    def _rename_unique(self, filename: str) -> str | None:
        key, sep, info = filename.partition(":")
        fresh = f"{key}.{uuid.uuid4().hex[:8]}{sep}{info}"
        try:
            os.rename(os.path.join(self.path, "new", filename), os.path.join(self.path, "new", fresh))
        except FileNotFoundError:
            return None
        return fresh

    def settle(self, fetched: Fetched, quarantined: bool = False) -> None:
        """Move to cur/ flagged Seen, or to .Quarantine (unread). Idempotent."""
        key = str(fetched.uid)
        filename = self._pending.pop(key, None) or self._find_in_new(key)
        if filename is None:
            return  # already settled
        if quarantined:
            dest = os.path.join(self._quarantine_dir(), "cur", key + ":2,")
        else:
            dest = os.path.join(self.path, "cur", key + ":2,S")
        try:
            os.rename(os.path.join(self.path, "new", filename), dest)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise TemporaryFailure(f"mailbox {self.name}: cannot settle {key}: {exc}") from None

    def quarantine(self, kept: list[Fetched]) -> set[int | str]:
        """Move messages settled earlier (in cur/) into .Quarantine, unread. Idempotent."""
        moved: set[int | str] = set()
        cur = os.path.join(self.path, "cur")
        for fetched in kept:
            key = str(fetched.uid)
            try:
                names = [n for n in os.listdir(cur) if n.split(":", 1)[0] == key]
            except OSError as exc:
                raise TemporaryFailure(f"mailbox {self.name}: cannot list {cur}: {exc}") from None
            if not names:
                if self._find_in_new(key) is not None:     # stored, never settled
                    self.settle(fetched, quarantined=True)
                    moved.add(fetched.uid)
                continue
            dest_dir = self._quarantine_dir()
            try:
                os.rename(os.path.join(cur, names[0]), os.path.join(dest_dir, "cur", key + ":2,"))
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise TemporaryFailure(f"mailbox {self.name}: cannot quarantine {key}: {exc}") from None
            moved.add(fetched.uid)
        return moved

    def _quarantine_dir(self) -> str:
        dest_dir = ensure_maildir(os.path.join(self.path, QUARANTINE))
        maildirfolder = os.path.join(dest_dir, "maildirfolder")
        if not os.path.exists(maildirfolder):
            open(maildirfolder, "a").close()
        return dest_dir

    def _find_in_new(self, key: str) -> str | None:
        new = os.path.join(self.path, "new")
        if os.path.exists(os.path.join(new, key)):
            return key
        for name in os.listdir(new):
            if name.split(":", 1)[0] == key:
                return name
        return None

    def wait(self, timeout: float) -> bool:
        """Poll new/ every `poll_interval` s until a message not yet fetched is there
        (True) or `timeout` passes (False); False at once if close() is called meanwhile."""
        self._closed.clear()
        deadline = time.monotonic() + timeout
        while True:
            names = {e.name.split(":", 1)[0] for e in self._scan()}
            # forget pending keys that left new/ some other way
            for key in [k for k in self._pending if k not in names]:
                del self._pending[key]
            if names - self._pending.keys():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if self._closed.wait(min(self.poll_interval, remaining)):
                return False


# ---------------------------------------------------------------------- writing

_headers = BytesHeaderParser(policy=default_policy)
_unique = threading.Lock()
_counter = 0
_eml_numbers: dict[str, tuple[int, str]] = {}   # .eml folder → (last number, its file)


def _message_key(raw: bytes) -> tuple[str, str]:
    """(Maildir key derived from the Message-ID — or the bytes if there is none, subject)."""
    headers = _headers.parsebytes(raw)
    message_id = str(headers.get("Message-ID", "") or "").strip()
    basis = message_id.encode() if message_id else raw
    subject = str(headers.get("Subject", "") or "")
    return "mailbot-" + hashlib.sha256(basis).hexdigest()[:40], subject


def _deliver_once(maildir: str, key: str, data: bytes) -> bool:
    """Write `data` as new/<key> unless a message with that key is there already.
    Returns True if it wrote the file."""
    new = os.path.join(maildir, "new", key)
    if os.path.exists(new) or any(os.path.exists(os.path.join(maildir, "cur", key + info))
                                  for info in (":2,", ":2,S")):
        return False
    global _counter
    with _unique:
        _counter += 1
        n = _counter
    tmp = os.path.join(maildir, "tmp", f"{time.time_ns()}.P{os.getpid()}Q{n}.{socket.gethostname()}")
    with open(tmp, "wb") as f:
        f.write(data)
    try:
        os.link(tmp, new)  # fails if it exists: two writers of one message leave one file
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)


def _envelope(sender: str, recipients: list[str], delivered_to: str | None = None) -> bytes:
    lines = [f"Return-Path: <{sender}>"]
    if delivered_to:
        lines.append(f"Delivered-To: {delivered_to}")
    lines.append(f"X-Original-To: {', '.join(recipients)}")
    return ("\r\n".join(lines) + "\r\n").encode()


def _slug(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:limit].rstrip("-") or "message"


class MaildirSender:
    """A `Sender` that writes outgoing mail into the Maildir at `path` (the outbox),
    once per Message-ID; with `eml_dir`, also a copy `NNNN-subject.eml` there."""

    def __init__(self, name: str, path: str, eml_dir: str | None = None):
        self.name = name
        self.path = os.path.abspath(path)
        self.eml_dir = os.path.abspath(eml_dir) if eml_dir else None
        self.written: list[str] = []   # .eml copies written by this sender, in order
        ensure_maildir(self.path)
        if self.eml_dir:
            os.makedirs(self.eml_dir, exist_ok=True)

    def __repr__(self) -> str:
        return f"MaildirSender({self.name!r}, {self.path!r})"

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        if not recipients:
            raise PermanentFailure(f"sender {self.name}: message has no recipients")
        key, subject = _message_key(raw)
        try:
            if _deliver_once(self.path, key, _envelope(sender, recipients) + raw) and self.eml_dir:
                self._write_eml(raw, subject)
        except OSError as exc:
            raise TemporaryFailure(f"sender {self.name}: cannot write to {self.path}: {exc}") from None

    def _write_eml(self, raw: bytes, subject: str) -> None:
        with _unique:
            # The folder is counted only when the last file written there is gone (or
            # at the first send), not at every send: that made a long run quadratic.
            # Senders sharing a folder share its numbering.
            n, last = _eml_numbers.get(self.eml_dir, (0, ""))
            if not last or not os.path.exists(last):
                n = sum(1 for name in os.listdir(self.eml_dir) if name.endswith(".eml"))
            n += 1
            while True:
                path = os.path.join(self.eml_dir, f"{n:04d}-{_slug(subject)}.eml")
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                    break
                except FileExistsError:
                    n += 1
            _eml_numbers[self.eml_dir] = (n, path)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        self.written.append(path)

    def close(self) -> None:
        pass


class MaildirDelivery:
    """A `Sender` delivering to `<root>/<address>/` (a Maildir per recipient), once per
    Message-ID per mailbox. With `create=False` an address without a mailbox is refused
    (550-like: PermanentFailure, or RecipientsRefused when others got it)."""

    def __init__(self, name: str, root: str, *, create: bool = True):
        self.name = name
        self.root = os.path.abspath(root)
        self.create = create
        os.makedirs(self.root, exist_ok=True)

    def __repr__(self) -> str:
        return f"MaildirDelivery({self.name!r}, {self.root!r})"

    def mailbox_path(self, address: str) -> str:
        """The Maildir of `address` (exists only once mail was delivered or create=True)."""
        local = address.strip().strip("<>").lower()
        if "@" not in local or "/" in local or local.startswith(".") or "\0" in local:
            raise PermanentFailure(f"sender {self.name}: not a deliverable address: {address!r}")
        return os.path.join(self.root, local)

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        if not recipients:
            raise PermanentFailure(f"sender {self.name}: message has no recipients")
        key, _ = _message_key(raw)
        refused: dict[str, tuple[int, str]] = {}
        for address in recipients:
            try:
                box = self.mailbox_path(address)
            except PermanentFailure as exc:
                refused[address] = (553, str(exc))
                continue
            if not os.path.isdir(box) and not self.create:
                refused[address] = (550, "no such mailbox")
                continue
            try:
                ensure_maildir(box)
                _deliver_once(box, key, _envelope(sender, recipients, address) + raw)
            except OSError as exc:
                raise TemporaryFailure(f"sender {self.name}: cannot deliver to {box}: {exc}") from None
        if refused:
            detail = "; ".join(f"{a}: {c} {t}" for a, (c, t) in refused.items())
            if len(refused) == len(recipients):
                raise PermanentFailure(f"sender {self.name}: every recipient refused: {detail}")
            raise RecipientsRefused(f"sender {self.name}: delivered to {len(recipients) - len(refused)} "
                                    f"of {len(recipients)} recipients; refused {detail}", refused)

    def close(self) -> None:
        pass
