"""The daemon's mailbox threads: one per mailbox, fetching, storing and settling its mail and
waiting (IDLE) for more, forever. A failing mailbox never stops the others; one whose lease
another instance holds stands by (mailbot/leases.py); the daemon's watchdog replaces a
thread that died or went quiet (watch)."""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from mailbot.leases import mailbox_lease
from mailbot.mailboxes.base import LoginRefused, MailboxError, one_line
from mailbot.store import StoreUnavailable

log = logging.getLogger("mailbot")

# A mailbox thread that has not come back from wait() for this long is restarted.
STALL_SECONDS = 35 * 60


class MailboxThreads:
    """The engine's mailboxes, each worked on a thread of its own. `store_down(where, exc)`
    and `store_answers()` are the daemon's: one ERROR for an outage, whichever thread finds
    it; `on_failed(key)` is told of each failed connection (the metrics count reconnects).
    For /healthz: `polled` (mailbox → last successful look) and `errors` (its last failure)."""

    def __init__(self, engine, leases, stop: threading.Event, *, wait_seconds: float,
                 retry_seconds: float, store_down: Callable[[str, Exception], None],
                 store_answers: Callable[[], None], on_failed: Callable[[str], None]):
        self.engine, self.leases, self.stop = engine, leases, stop
        self.wait_seconds = wait_seconds          # the longest IDLE between two looks
        self.retry_seconds = retry_seconds        # between two looks while the store is down
        self.store_down, self.store_answers, self.on_failed = store_down, store_answers, on_failed
        self.threads: dict[str, tuple[threading.Thread, threading.Event]] = {}
        self.heartbeats: dict[str, float] = {}
        self.polled: dict[str, float] = {}
        self.errors: dict[str, str] = {}

    def start_all(self) -> None:
        for key in self.engine.mailboxes:
            self.start(key)

    def start(self, key: str) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=self.loop, args=(key, stop), name=f"inbox-{key}",
                                  daemon=True)
        self.threads[key] = (thread, stop)
        self.heartbeats[key] = time.monotonic()
        thread.start()

    def loop(self, key: str, stop: threading.Event) -> None:
        """Fetch, store, settle, wait — forever. A failing mailbox never stops the others."""
        delay = 1.0
        box = self.engine.mailboxes[key]
        refused = False         # our login is refused: said once, at ERROR, until it works
        lease = mailbox_lease(key)
        while not (stop.is_set() or self.stop.is_set()):
            self.heartbeats[key] = time.monotonic()
            if not self.leases.held(lease):      # another instance works it: stand by
                stop.wait(0.25)
                continue
            try:
                box.inbox.connect()
                if refused:
                    log.warning("mailbox %s: login accepted again; reading mail", key)
                    refused = False
                while not (stop.is_set() or self.stop.is_set()) and self.leases.held(lease):
                    self.heartbeats[key] = time.monotonic()
                    try:
                        found = self.engine.poll(key)
                    except StoreUnavailable as exc:
                        # the mail stays in the mailbox; the connection is kept
                        self.store_down(f"mailbox {key}", exc)
                        stop.wait(self.retry_seconds)
                        continue
                    self.store_answers()
                    if found:
                        self.engine.wakeup.set()
                    self.polled[key] = time.monotonic()
                    self.errors.pop(key, None)
                    box.inbox.wait(self.wait_seconds)
                    delay = 1.0
            except LoginRefused as exc:
                # A person must fix the credentials: one ERROR with the server's whole
                # reason, then quiet retries (at most every 5 minutes) until it works.
                if not refused:
                    log.error("mailbox %s: %s; no mail is read until the login works (trying "
                              "again, at most every 5 minutes)", key, one_line(exc, limit=None))
                else:
                    log.debug("mailbox %s: login still refused; trying again in %.0fs", key, delay)
                refused = True
                self.failed(key, one_line(exc))
            except MailboxError as exc:
                log.warning("mailbox %s: %s; reconnecting in %.0fs", key, one_line(exc), delay)
                self.failed(key, one_line(exc))
            except Exception as exc:
                log.exception("mailbox %s failed; reconnecting in %.0fs", key, delay)
                self.failed(key, f"{type(exc).__name__} (see the log)")
            try:
                box.inbox.close()
            except Exception:
                pass
            stop.wait(delay)
            delay = min(delay * 2, 300)

    def failed(self, key: str, error: str) -> None:
        self.errors[key] = error
        self.on_failed(key)

    def watch(self) -> None:
        """The watchdog: a mailbox thread that died or went quiet is replaced."""
        for key, (thread, stop) in list(self.threads.items()):
            quiet = time.monotonic() - self.heartbeats.get(key, 0)
            if not thread.is_alive() or quiet > STALL_SECONDS:
                log.error("mailbox %s stalled (%.0fs quiet); restarting it", key, quiet)
                stop.set()
                self._close(key)
                self.start(key)

    def ask_to_stop(self) -> None:
        """Every thread stops after its current step."""
        for _, stop in self.threads.values():
            stop.set()

    def stop_all(self, close: bool = False) -> None:
        """Stop every thread and wait for it; `close`: close each mailbox first, which cuts
        short a wait in IDLE."""
        self.ask_to_stop()
        if close:
            for key in self.threads:
                self._close(key)
        for thread, _ in self.threads.values():
            thread.join(timeout=self.wait_seconds + 5)
        self.threads.clear()

    def _close(self, key: str) -> None:
        try:
            self.engine.mailboxes[key].inbox.close()
        except Exception:
            pass
