"""`mailbot run`: one thread per mailbox fetching mail (mailbot/mailbox_threads.py), one
worker that reads and handles it, one sender that sends the outbox as the worker fills it
(so sending overlaps reading), and APScheduler (persistent job store in the same
database) to wake the daemon when a reminder falls due. SIGHUP or a change to the config
file reloads it.

On the system clock the worker is a process of its own (started at start, and again after
a reload or if it dies), so reading and handling mail runs on a second core beside the
mailbox threads and the sender, instead of sharing one interpreter lock with them. Worker
processes are forked from a launcher process forked before any thread starts (see
mailbot/worker_process.py). Both die with the daemon (a kill -9 takes all three). A
watchdog thread replaces a worker that died or stalled (mailbot/worker_supervisor.py). With
an injected clock the worker is a thread, so that tests and the demo drive one clock.

Where several instances share one store, each mailbox and the worker (with the scheduler
and the sender) are worked by one instance at a time, under a lease (mailbot/leases.py)."""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from pathlib import Path

from mailbot import health
from mailbot.clock import Clock, SystemClock
from mailbot.config import Config, ConfigError, load_config
from mailbot.engine import Engine, build_mailboxes
from mailbot.leases import WORKER, Leases, mailbox_lease
from mailbot.mailbox_threads import MailboxThreads
from mailbot.mailboxes.base import one_line
from mailbot.retention import purge_expired
from mailbot.store import StoreUnavailable, outage_as_unavailable, store_unreachable
from mailbot.worker_supervisor import BATCH, WORKER_STALL_SECONDS, WorkerSupervisor

log = logging.getLogger("mailbot")

# How often the worker looks at the clock even with nothing to do: a wall-clock jump
# (suspend, NTP step) is noticed within this many seconds.
TICK_SECONDS = 5.0
# While the store does not answer: seconds between two tries of a mailbox's look or a pass.
STORE_RETRY_SECONDS = 2.0
# While mail keeps coming, the sender's passes start at most this often: a pass takes all
# that was queued meanwhile, in fewer claims and commits (on PostgreSQL, a round trip
# each). The first message after a quiet spell goes at once.
SEND_PACE_SECONDS = 0.025

_WAKERS: dict[str, threading.Event] = {}


def wake(name: str) -> None:
    """APScheduler job target (importable by reference, so it survives a restart)."""
    event = _WAKERS.get(name)
    if event is not None:
        event.set()


class Daemon:
    def __init__(self, config_file: Path, config: Config, clock: Clock | None = None,
                 engine: Engine | None = None, worker_process: bool | None = None):
        self.config_file = config_file
        self.clock = clock or SystemClock()
        self.engine = engine or Engine(config, self.clock)
        # The worker in a process of its own: only where the clock is the system's (a
        # process cannot share an injected clock) and the platform can fork.
        if worker_process is None:
            worker_process = isinstance(self.engine.clock, SystemClock)
        self.worker_process = worker_process and hasattr(os, "fork")
        self.failed: str | None = None      # why the daemon stopped of itself, if it did
        self.tick = threading.Event()     # wakes the daemon's own loop (process mode)
        self.stop = threading.Event()
        # The worker process, where there is one (mailbot/worker_supervisor.py).
        self.workers = WorkerSupervisor(
            self.engine, self.stop, TICK_SECONDS, self.launcher_gone,
            with_outcomes=self.engine.config.health.port is not None) \
            if self.worker_process else None
        self.worker_stall_seconds = WORKER_STALL_SECONDS     # the worker loop's, in thread mode
        self.sender_thread: threading.Thread | None = None
        self.sending = threading.Lock()     # held while the outbox is sent; a reload waits
        self.reload_requested = threading.Event()
        self.config_mtime = _mtime(config_file)
        self.scheduler = None
        self.purged_on = None
        self.scheduled: set[int] = set()
        # For /healthz and /metrics (mailbot/health.py), when health.port is set.
        self.started = time.monotonic()
        self.loop_beat = time.monotonic()       # the daemon's loop (the worker, in thread mode)
        self.metrics: health.Metrics | None = None
        self.health_server: health.HealthServer | None = None
        if self.engine.config.health.port is not None:
            self.metrics = health.Metrics(self.engine.sessions, self.engine.clock)
            self.engine.dispatcher.on_send_failure = self.metrics.send_failed
            if not self.worker_process:
                self.engine.listener = self.metrics.counting(self.engine.listener)
        # Which mailboxes, and whether the worker, this instance works (mailbot/leases.py):
        # made before the worker process is forked, which reads the worker's lease.
        self.leases = Leases(self.engine.sessions, self.lease_names(),
                             self.engine.config.store.lease_seconds, on_change=self.lease_changed)
        self.engine.may_work = lambda: self.leases.held(WORKER)
        self.engine.fences = (self.leases.fence(WORKER),)
        for name in self.lease_names() if self.metrics is not None else ():
            self.metrics.lease(name, False)
        self.recover_sends = False      # the worker's lease was taken: see run()
        self.store_trouble: str | None = None     # why the store does not answer, said once
        self._store_said = threading.Lock()
        # A thread per mailbox (mailbot/mailbox_threads.py).
        self.inboxes = MailboxThreads(
            self.engine, self.leases, self.stop, wait_seconds=TICK_SECONDS * 6,
            retry_seconds=STORE_RETRY_SECONDS, store_down=self.store_down,
            store_answers=self.store_answers,
            on_failed=self.metrics.reconnected if self.metrics is not None else lambda key: None)

    # --- the store not answering, wherever it is found -----------------------------------------
    def store_down(self, where: str, exc: Exception) -> None:
        """One ERROR when the store stops answering, whichever thread finds it first; the
        mail waits where it is (the mailbox, or new in the store) and is tried again."""
        with self._store_said:
            if self.store_trouble is None:
                log.error("%s: %s; mail waits where it is and is tried again every %.0fs until "
                          "the store answers", where, exc, STORE_RETRY_SECONDS)
            self.store_trouble = str(exc)

    def store_answers(self) -> None:
        if self.store_trouble is not None:
            with self._store_said:
                if self.store_trouble is not None:
                    log.warning("the store answers again; mail is read and handled")
                self.store_trouble = None

    # --- leases: which of several instances works what (mailbot/leases.py) -------------------
    def lease_names(self) -> list[str]:
        return [WORKER, *(mailbox_lease(key) for key in self.engine.mailboxes)]

    def lease_changed(self, name: str, held: bool) -> None:
        """The leases thread took or lost a lease. Taking the worker's: what the last holder
        left 'sending' is looked at (run()), and reminders are scheduled here; losing it:
        the scheduler pauses (the worker, reminders and sending stop of themselves)."""
        if self.metrics is not None:
            self.metrics.lease(name, held)
        if name != WORKER:
            return
        if held:
            self.recover_sends = True
            self.scheduled.clear()
            if self.scheduler is not None:
                self.scheduler.resume()
            self.tick.set()
            self.engine.wakeup.set()
        elif self.scheduler is not None:
            self.scheduler.pause()

    # --- the sender -----------------------------------------------------------------------------
    def start_sender(self) -> None:
        self.sender_thread = threading.Thread(target=self.send_loop, name="sender", daemon=True)
        self.sender_thread.start()

    def send_loop(self) -> None:
        """Send what is due whenever the worker has queued mail, and every TICK_SECONDS
        (deferred retries, unconfirmed sends whose grace has passed); while mail keeps
        coming, a pass at most every SEND_PACE_SECONDS."""
        while not self.stop.is_set():
            self.engine.outbox_ready.clear()
            began = time.monotonic()
            sent = 0
            try:
                with self.sending:
                    sent = self.engine.dispatch()
            except Exception:
                log.exception("sending failed; retrying")
                self.stop.wait(TICK_SECONDS)
            if self.engine.outbox_ready.wait(TICK_SECONDS) and sent:
                pause = began + SEND_PACE_SECONDS - time.monotonic()
                if pause > 0:
                    self.stop.wait(pause)

    # --- reminders: APScheduler wakes the worker ----------------------------------------------
    def start_scheduler(self) -> None:
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
        from apscheduler.schedulers.background import BackgroundScheduler
        _WAKERS["worker"] = self.tick if self.worker_process else self.engine.wakeup
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=self.engine.config.store.url,
                                                     tablename="apscheduler_jobs")},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
            timezone="Europe/London")
        self.scheduler.start(paused=not self.leases.held(WORKER))
        # A periodic look as well as exact wake-ups: the wall clock can jump.
        self.scheduler.add_job(wake, "interval", args=["worker"], seconds=TICK_SECONDS * 6,
                               id="mailbot-tick", replace_existing=True)
        self.schedule_reminders()

    def schedule_reminders(self) -> None:
        """One wake-up job per pending reminder, added once and kept in the job store, so the
        worker wakes at each reminder's time (and a restart still knows of them)."""
        if self.scheduler is None or not self.leases.held(WORKER):
            return
        for reminder_id, due in self.engine.pending_reminders():
            if reminder_id in self.scheduled:
                continue
            self.scheduled.add(reminder_id)
            self.scheduler.add_job(wake, "date", args=["worker"], run_date=due,
                                   id=f"mailbot-reminder-{reminder_id}", replace_existing=True)

    # --- config reload --------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            config = load_config(self.config_file)
        except ConfigError as exc:
            log.error("config reload refused, keeping the running config:\n%s", exc)
            return
        old = self.engine.config
        self.engine.config = config
        self.engine.vocabulary = config.vocabulary()
        if config.mailboxes != old.mailboxes:
            self.inboxes.stop_all()
            with self.sending:
                self.engine.close_mailboxes()
                self.engine.mailboxes = build_mailboxes(config)
            self.leases.want(self.lease_names())
            self.inboxes.start_all()
        if self.workers is not None:    # the worker holds the old config: a new one takes over
            self.workers.restart()
        log.info("config reloaded from %s", self.config_file)

    def check_config_file(self) -> None:
        mtime = _mtime(self.config_file)
        if mtime != self.config_mtime:
            self.config_mtime = mtime
            self.reload_requested.set()

    # --- health and metrics (mailbot/health.py) -------------------------------------------------
    def health_checks(self) -> list[health.Check]:
        cfg = self.engine.config.health
        now = time.monotonic()
        holders: dict = {}
        if set(self.leases.held_names()) != set(self.lease_names()):
            try:
                holders = self.leases.holders()      # a stand-by says who works the rest
            except Exception as exc:
                log.debug("health: leases unreadable (%s)", type(exc).__name__)

        def standing_by(part: str, lease: str) -> health.Check:
            holder, left = holders.get(lease, (None, None))
            return health.check_standing_by(part, holder, left, self.leases.seconds,
                                            self.leases.last_error)
        checks = [health.check_mailbox(key, health.monotonic_ago(self.inboxes.polled.get(key)),
                                       now - self.started, cfg.mailbox_stale_seconds,
                                       self.inboxes.errors.get(key))
                  if self.leases.held(mailbox_lease(key)) else
                  standing_by(f"mailbox {key}", mailbox_lease(key))
                  for key in list(self.engine.mailboxes)]
        checks.append(health.check_worker(self.worker_problem()) if self.leases.held(WORKER)
                      else standing_by("worker", WORKER))
        checks.append(health.check_outbox(health.oldest_unsent(self.engine.sessions),
                                          self.engine.clock.now(), cfg.outbox_max_age_seconds))
        return checks

    def worker_problem(self) -> str | None:
        """Why the worker is not well, or None."""
        if self.stop.is_set():
            return "mailbot is stopping"
        if not self.worker_process:      # the worker is the daemon's own loop
            quiet = time.monotonic() - self.loop_beat
            if quiet > self.worker_stall_seconds:
                return f"the worker loop has shown no progress for {quiet:.0f}s"
            return None
        return self.workers.problem()

    @property
    def worker(self):
        """The worker process's handle (None: none running, or the worker is a thread)."""
        return self.workers.worker if self.workers is not None else None

    @property
    def launcher(self):
        return self.workers.launcher if self.workers is not None else None

    def launcher_gone(self, why: str) -> None:
        self.failed = why
        self.request_stop()

    def start_health(self) -> None:
        if self.metrics is None:
            return
        if self.workers is not None and self.workers.outcomes is not None:
            self.workers.outcomes.start_reading(self.metrics)
        self.health_server = health.HealthServer(self.engine.config.health, self.health_checks,
                                                 self.metrics)
        self.health_server.start()

    def stop_health(self) -> None:
        if self.health_server is not None:
            self.health_server.stop()
        if self.workers is not None and self.workers.outcomes is not None:
            self.workers.outcomes.close()
            self.workers.outcomes = None

    # --- the worker -----------------------------------------------------------------------------
    def request_stop(self) -> None:
        """Stop soon: the loop, the worker and the threads (a signal handler calls this)."""
        self.stop.set()
        self.tick.set()
        self.engine.wakeup.set()

    def run(self) -> None:
        if self.workers is not None:
            self.workers.start()      # before any thread starts: a clean fork
        self.leases.start()       # what is free is taken now; renewed in the background
        self.start_health()
        self.inboxes.start_all()
        self.start_sender()
        self.start_scheduler()
        log.info("mailbot running: %d mailboxes, worker %s", len(self.engine.mailboxes),
                 f"process {self.worker.pid}" if self.worker else "thread")
        while not self.stop.is_set():
            self.loop_beat = time.monotonic()
            wake = self.tick if self.worker_process else self.engine.wakeup
            wake.clear()
            if self.reload_requested.is_set():
                self.reload_requested.clear()
                self.reload()
            try:
                if self.recover_sends and self.leases.held(WORKER):
                    with self.sending:     # what the last holder left 'sending'
                        self.engine.recover_interrupted_sends()
                    self.recover_sends = False
                # In slices, so that reminders, reloads and the watchdog are not held up
                # by a backlog.
                more = not self.worker_process and \
                    len(self.engine.process_pending(limit=BATCH)) == BATCH
                self.engine.fire_due_reminders()
                self.engine.outbox_ready.set()     # and whatever else fell due: a retry
                with outage_as_unavailable():
                    self.schedule_reminders()
                self.store_answers()
                if more:
                    wake.set()
            except StoreUnavailable as exc:
                self.store_down("worker", exc)
                self.stop.wait(STORE_RETRY_SECONDS)
            except Exception:
                log.exception("worker pass failed; retrying")
                self.stop.wait(TICK_SECONDS)
            self.inboxes.watch()
            self.check_config_file()
            self.purge_once_a_day()
            wake.wait(TICK_SECONDS)
        self.shutdown()

    def purge_once_a_day(self) -> None:
        today = self.clock.now().date()
        if self.purged_on == today or not self.leases.held(WORKER):
            return
        self.purged_on = today
        try:
            purged = purge_expired(self.engine.sessions, self.engine.config, self.clock.now())
        except Exception:
            log.exception("retention purge failed; trying again tomorrow")
            return
        if purged.inbound or purged.outbound or purged.case_folders:
            log.info("retention: purged %d inbound, %d outbound raw messages, %d case folders",
                     purged.inbound, purged.outbound, purged.case_folders)

    def shutdown(self) -> None:
        if self.workers is not None:
            self.workers.shutdown()
        self.inboxes.ask_to_stop()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self.sender_thread is not None:
            self.engine.outbox_ready.set()
            self.sender_thread.join(timeout=30)
        # Every thread ends before run() returns: none is left inside the store when the
        # process goes on (a launcher forked meanwhile would inherit its locks held).
        self.inboxes.stop_all(close=True)
        if self.workers is not None:
            self.workers.join_watchdog()
        self.leases.stop()        # given back: a stand-by takes over at its next look
        self.engine.may_work, self.engine.fences = (lambda: True), ()
        self.stop_health()
        self.engine.close()
        log.info("mailbot stopped")


def run_daemon(config_file: Path, config: Config, once: bool = False, verbose: bool = False) -> int:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(threadName)s %(message)s")
    for name in ("apscheduler", "imapclient", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    Path(config.files.root).mkdir(parents=True, exist_ok=True)   # the store makes its own
    engine = start_engine(config)
    if once:
        return run_once(engine, config)
    daemon = Daemon(config_file, config, engine=engine)
    signal.signal(signal.SIGHUP, lambda *_: daemon.reload_requested.set())
    signal.signal(signal.SIGTERM, lambda *_: daemon.request_stop())
    signal.signal(signal.SIGINT, lambda *_: daemon.request_stop())
    daemon.run()
    return 1 if daemon.failed else 0


def start_engine(config: Config) -> Engine:
    """The engine, once the store answers: a database still starting (or unreachable for a
    while) is waited for, said once, rather than stopping mailbot."""
    delay, said = 1.0, False
    while True:
        try:
            return Engine(config, SystemClock())
        except Exception as exc:
            if not store_unreachable(exc):
                raise
            if not said:
                log.error("the store does not answer at start (%s); trying again, at most "
                          "every 30s", one_line(exc))
                said = True
            time.sleep(delay)
            delay = min(delay * 2, 30.0)


def run_once(engine: Engine, config: Config) -> int:
    """`mailbot run --once`: everything once, holding every lease meanwhile; refused while
    another instance works any of them."""
    leases = Leases(engine.sessions, [WORKER, *map(mailbox_lease, engine.mailboxes)],
                    config.store.lease_seconds)
    leases.start()
    try:
        busy = [name for name in (WORKER, *map(mailbox_lease, engine.mailboxes))
                if not leases.held(name)]
        if busy:
            log.error("another mailbot instance works %s on this store; stop it, or leave the "
                      "work to it, before running --once", ", ".join(busy))
            return 1
        engine.recover_interrupted_sends()
        engine.run_until_idle()
        return 0
    finally:
        leases.stop()
        engine.close()


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
