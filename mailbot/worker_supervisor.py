"""The worker process, seen to by the daemon: forked from the launcher (worker_process.py),
reading and handling new mail in a loop of its own, replaced if it dies or stalls.

The daemon makes one WorkerSupervisor where the worker is a process (the system clock)
and calls `start()` before any of its threads start. The worker shares with the daemon
two pipe events (new mail, mail to send), its progress (for the watchdog) and, with
metrics on, a pipe of outcomes (health.OutcomePipe)."""
from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Callable

from mailbot import health
from mailbot.config import Config
from mailbot.reading.vocabulary import lexicon_for
from mailbot.store import StoreUnavailable
from mailbot.worker_process import Launcher, LauncherGone, PipeEvent, WorkerHandle, WorkerProgress

log = logging.getLogger("mailbot")

# Messages read between two looks at the clock, reloads and the watchdog.
BATCH = 25
# A worker process that shows no progress for this long is replaced, and the message it
# had in hand quarantined (no message takes minutes to read and handle).
WORKER_STALL_SECONDS = 5 * 60


class WorkerSupervisor:
    def __init__(self, engine, stop: threading.Event, tick_seconds: float,
                 on_launcher_gone: Callable[[str], None], with_outcomes: bool = False):
        self.engine = engine
        self.stop = stop                     # the daemon's: set when it stops
        self.tick_seconds = tick_seconds
        self.on_launcher_gone = on_launcher_gone
        self.with_outcomes = with_outcomes
        self.stall_seconds = WORKER_STALL_SECONDS
        self.launcher: Launcher | None = None
        self.worker: WorkerHandle | None = None
        self.progress: WorkerProgress | None = None
        self.outcomes: health.OutcomePipe | None = None     # worker → daemon: outcomes
        self.lost_in_hand = 0     # the message in hand when the last worker died
        self.lock = threading.Lock()     # one of watchdog, reload, shutdown at a time
        self.watchdog_thread: threading.Thread | None = None

    # --- starting ---------------------------------------------------------------------------
    def start(self) -> None:
        """Fork the launcher that worker processes are forked from: now, while this
        process runs no other thread that could hold a lock the forks would inherit. Then
        the first worker, and the watchdog."""
        # Shared with every worker process from here on: new mail (set by the mailbox
        # threads), mail to send (set by the worker).
        self.engine.wakeup = PipeEvent()
        self.engine.outbox_ready = PipeEvent()
        self.progress = self.engine.progress = WorkerProgress()
        if self.with_outcomes:
            self.outcomes = health.OutcomePipe(self.engine.clock)
        lexicon_for(self.engine.vocabulary)    # compiled once (~0.5 s), inherited by workers
        self.engine.before_fork()
        self.launcher = Launcher(self._main)
        self.launcher.start()
        self.launch()
        self.watchdog_thread = threading.Thread(target=self.watchdog, name="worker-watchdog",
                                                daemon=True)
        self.watchdog_thread.start()

    def launch(self) -> None:
        self.progress.beat(0)
        try:
            self.worker = self.launcher.launch(self.engine.config, self.engine.mailboxes)
        except LauncherGone as exc:
            # Forking another launcher now would fork a process full of threads: stop, so
            # that the service manager starts mailbot afresh.
            log.error("%s; mailbot stops so that it can be started afresh", exc)
            self.on_launcher_gone(str(exc))
            return
        log.info("worker process %s started", self.worker.pid)

    def restart(self) -> None:
        """A new worker for a new config (the running one holds the old)."""
        with self.lock:
            if self.worker is not None:
                self.stop_process()
                self.launch()

    # --- the worker process itself ----------------------------------------------------------
    def _main(self, config: Config, mailboxes: dict) -> None:
        """The worker process: read and handle new mail until SIGTERM (stop_process)."""
        engine = self.engine
        parent = os.getppid()        # the launcher
        stopping = threading.Event()

        def on_term(*_):
            stopping.set()
            engine.wakeup.set()
        signal.signal(signal.SIGTERM, on_term)
        for sig in (signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)      # the daemon decides; it stops us
        engine.config, engine.vocabulary = config, config.vocabulary()
        engine.mailboxes = mailboxes
        engine.after_fork()
        if self.outcomes is not None:
            engine.listener = self.outcomes.writing(engine.listener)
        store_down = False
        while not stopping.is_set() and os.getppid() == parent:
            engine.wakeup.clear()
            self.progress.beat()
            try:
                done = len(engine.process_pending(limit=BATCH))
                if store_down:
                    log.warning("the store answers again; handling new mail")
                    store_down = False
                if done == BATCH:
                    continue
            except StoreUnavailable as exc:
                # one ERROR, then quiet passes until the store answers (the mail waits, new)
                if not store_down:
                    log.error("%s; new mail waits and is tried again each pass", exc)
                    store_down = True
            except Exception:
                log.exception("worker pass failed; retrying")
            engine.wakeup.wait(min(self.tick_seconds, self.stall_seconds / 3))

    # --- watching it --------------------------------------------------------------------------
    def watchdog(self) -> None:
        """A thread of its own, so that a worker stuck holding the writer lock (which the
        daemon's own loop waits for) is still seen to, within a second."""
        while not self.stop.wait(min(1.0, self.stall_seconds / 2)):
            with self.lock:
                try:
                    self.watch()
                except Exception:
                    log.exception("worker watchdog failed; looking again")

    def watch(self) -> None:
        """A worker process that died is replaced (what it had not committed is done
        again), but a message in hand at two deaths running is quarantined rather than
        tried a third time. A worker that has shown no progress for stall_seconds is
        killed and replaced, and the message it had in hand quarantined. Either way a
        person is told, as for any quarantined message."""
        if self.worker is None or self.stop.is_set():
            return
        in_hand = self.progress.in_hand
        if not self.worker.is_alive():
            log.error("worker process %s exited%s; starting another", self.worker.pid,
                      f" with inbound={in_hand} in hand" if in_hand else "")
            self.worker.close()
            self.worker = None
            if in_hand and in_hand == self.lost_in_hand:
                self.engine.quarantine_row(in_hand, "the worker process died twice while "
                                                    "handling this message")
            self.lost_in_hand = in_hand
        elif self.progress.quiet_for > self.stall_seconds:
            log.error("worker process %s stalled (%.0fs without progress%s); replacing it",
                      self.worker.pid, self.progress.quiet_for,
                      f", inbound={in_hand} in hand" if in_hand else "")
            self.stop_process(kill=True)
            if in_hand:
                self.engine.quarantine_row(in_hand, f"handling it stalled the worker process "
                                                    f"for over {self.stall_seconds:.0f}s")
        else:
            return
        self.launch()

    def problem(self) -> str | None:
        """Why the worker process is not well (for /healthz), or None."""
        worker = self.worker
        if worker is None:
            return "no worker process running (one is being started)"
        if not worker.is_alive():
            return f"worker process {worker.pid} has exited"
        if self.progress is not None and self.progress.quiet_for > self.stall_seconds:
            return f"worker process {worker.pid} has shown no progress for {self.progress.quiet_for:.0f}s"
        return None

    # --- stopping ---------------------------------------------------------------------------
    def stop_process(self, kill: bool = False) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        if kill:
            worker.kill()
        else:
            worker.terminate()     # SIGTERM: it stops after the message in hand
        if not worker.join(timeout=30):
            log.error("worker process %s did not stop; killing it", worker.pid)
            worker.kill()
            worker.join(timeout=10)
        worker.close()

    def shutdown(self) -> None:
        """The worker, then the launcher (the watchdog ends with the daemon's stop)."""
        with self.lock:
            self.stop_process()
        if self.launcher is not None:
            self.launcher.stop()

    def join_watchdog(self) -> None:
        if self.watchdog_thread is not None:
            self.watchdog_thread.join(timeout=30)
