"""`mailbot run`'s /healthz and /metrics, on a local port (config `health:`; off by default).

/healthz answers 200 when every part is well and 503 when one is not, one line per part:
each mailbox looked through lately, the worker alive, no unsent outbox message too old.
/metrics is Prometheus's text format (prometheus_client, a registry of our own): counters
fed by the daemon (messages in, outcomes, reaction time, reconnects), and gauges read from
the store when scraped (outbox, reminders, waits), so they are right whichever process
wrote the rows. Neither page shows client data: ids, counts and ages only."""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from mailbot.clock import Clock
from mailbot.config import HealthConfig
from mailbot.store import Case, InboundMessage, OutboxMessage, Reminder, Wait

log = logging.getLogger("mailbot")

UNSENT = ("pending", "sending")
# Seconds from a message's arrival in the store to its outcome.
REACTION_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
# Outcomes that end a message's handling (a "skipped" one was handled elsewhere).
COUNTED_OUTCOMES = ("processed", "quarantined", "triage", "ignored")


# --- the judgement ----------------------------------------------------------------------------
@dataclass
class Check:
    part: str        # "mailbox ssst", "worker", "outbox"
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK' if self.ok else 'FAIL'} {self.part}: {self.detail}"


def check_mailbox(key: str, polled_ago: float | None, up_for: float, stale: float,
                  error: str | None = None) -> Check:
    """A mailbox is well when it was looked through (a poll, or a wake from IDLE followed by
    one) within `stale` seconds; one not yet looked through has `stale` seconds from start."""
    because = f" (last error: {error})" if error else ""
    if polled_ago is None:
        if up_for > stale:
            return Check(f"mailbox {key}", False,
                         f"not looked through since start {up_for:.0f}s ago{because}")
        return Check(f"mailbox {key}", True, f"connecting ({up_for:.0f}s since start){because}")
    if polled_ago > stale:
        return Check(f"mailbox {key}", False,
                     f"last looked through {polled_ago:.0f}s ago, over {stale:.0f}s{because}")
    return Check(f"mailbox {key}", True, f"looked through {polled_ago:.0f}s ago")


def check_worker(problem: str | None) -> Check:
    return Check("worker", problem is None, problem or "alive")


def check_standing_by(part: str, holder: str | None, left: float | None, lease_seconds: float,
                      renew_error: str | None) -> Check:
    """A part another instance works (mailbot/leases.py) is well while the other holds its
    lease, or while it is free or expired for less than a term (this one takes it over at
    its next renewal); not while this instance cannot renew its leases."""
    if renew_error:
        return Check(part, False, f"this instance cannot renew its leases: {renew_error}")
    if holder is not None and left is not None and left > 0:
        return Check(part, True, f"standing by: {holder} works it")
    if holder is None or left is None or left > -lease_seconds:
        return Check(part, True, "standing by: its lease is free and being taken over")
    return Check(part, False, f"no instance works it: its lease expired {-left:.0f}s ago "
                              f"({holder} held it)")


def check_outbox(oldest: tuple[int, datetime] | None, now: datetime, max_age: float) -> Check:
    """`oldest`: the id and creation time of the oldest unsent (pending or sending) message."""
    if oldest is None:
        return Check("outbox", True, "nothing waiting to be sent")
    out_id, created = oldest
    age = (now - created).total_seconds()
    if age > max_age:
        return Check("outbox", False, f"outbox={out_id} unsent for {age:.0f}s, over {max_age:.0f}s")
    return Check("outbox", True, f"oldest unsent message {age:.0f}s old")


def judge(checks: list[Check]) -> tuple[int, str]:
    """The HTTP status and body of /healthz."""
    status = 200 if all(c.ok for c in checks) else 503
    return status, "".join(c.line() + "\n" for c in checks)


def oldest_unsent(sessions) -> tuple[int, datetime] | None:
    with sessions() as s:
        row = s.execute(select(OutboxMessage.id, OutboxMessage.created_at)
                        .where(OutboxMessage.status.in_(UNSENT))
                        .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(1)).first()
    return (row[0], row[1]) if row else None


# --- the metrics --------------------------------------------------------------------------------
class StoreCollector:
    """Gauges read from the store at scrape time."""

    def __init__(self, sessions, clock: Clock):
        self.sessions, self.clock = sessions, clock

    def collect(self):
        now = self.clock.now()
        with self.sessions() as s:
            outbox = dict(s.execute(select(OutboxMessage.status, func.count())
                                    .where(OutboxMessage.status != "sent")
                                    .group_by(OutboxMessage.status)).all())
            oldest = s.scalar(select(func.min(OutboxMessage.created_at))
                              .where(OutboxMessage.status.in_(UNSENT)))
            pending, first_due = s.execute(select(func.count(), func.min(Reminder.due_at))
                                           .where(Reminder.status == "pending")).one()
            overdue = s.scalar(select(func.count()).select_from(Reminder)
                               .where(Reminder.status == "pending", Reminder.due_at <= now))
            waits = s.execute(select(Case.workflow, func.count()).select_from(Wait).join(Case, Wait.case_id == Case.id)
                              .where(Wait.status == "open").group_by(Case.workflow)).all()
            new = s.scalar(select(func.count()).select_from(InboundMessage)
                           .where(InboundMessage.status == "new"))
        by_status = GaugeMetricFamily("mailbot_outbox_messages",
                                      "Outbox messages not yet sent for good, by status", labels=["status"])
        for status in ("pending", "sending", "unconfirmed", "failed"):
            by_status.add_metric([status], outbox.get(status, 0))
        yield by_status
        yield GaugeMetricFamily("mailbot_outbox_depth", "Outbox messages waiting to be sent "
                                "(pending or sending)", value=sum(outbox.get(k, 0) for k in UNSENT))
        yield GaugeMetricFamily("mailbot_outbox_oldest_age_seconds",
                                "Age of the oldest unsent outbox message (0 when none)",
                                value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        yield GaugeMetricFamily("mailbot_reminders_pending", "Reminders not yet fired", value=pending)
        yield GaugeMetricFamily("mailbot_reminders_overdue", "Pending reminders whose time has passed",
                                value=overdue)
        lag = (now - first_due).total_seconds() if first_due and first_due <= now else 0.0
        yield GaugeMetricFamily("mailbot_reminder_lag_seconds",
                                "How long the most overdue pending reminder has been due (0 when none)",
                                value=lag)
        open_waits = GaugeMetricFamily("mailbot_waits_open", "Open waits (questions awaiting an "
                                       "answer), by workflow", labels=["workflow"])
        for workflow, count in waits:
            open_waits.add_metric([workflow], count)
        yield open_waits
        yield GaugeMetricFamily("mailbot_inbound_new", "Inbound messages stored, not yet handled",
                                value=new)


class Metrics:
    """A registry of its own (tests make several), fed by the daemon."""

    def __init__(self, sessions, clock: Clock):
        self.sessions, self.clock = sessions, clock
        self.registry = CollectorRegistry()
        self.messages_in = Counter("mailbot_messages_in", "Inbound messages handled, by mailbox "
                                   "and kind", ["mailbox", "kind"], registry=self.registry)
        self.outcomes = Counter("mailbot_outcomes", "What became of inbound messages",
                                ["outcome"], registry=self.registry)
        for outcome in COUNTED_OUTCOMES:
            self.outcomes.labels(outcome)
        self.reaction = Histogram("mailbot_reaction_seconds", "From a message's arrival in the "
                                  "store to its outcome", buckets=REACTION_BUCKETS,
                                  registry=self.registry)
        self.reconnects = Counter("mailbot_mailbox_reconnects", "Mailbox connections lost or "
                                  "refused, by mailbox", ["mailbox"], registry=self.registry)
        self.send_failures = Counter("mailbot_send_failures", "Sends that did not go, by mailbox and "
                                     "why (login_refused, temporary, refused)", ["mailbox", "why"],
                                     registry=self.registry)
        self.leases = Gauge("mailbot_lease_held", "1 where this instance works the lease (the "
                            "worker, or a mailbox), 0 where it stands by", ["lease"],
                            registry=self.registry)
        self.registry.register(StoreCollector(sessions, clock))

    def processed(self, mailbox: str | None, received_at: datetime | None, status: str,
                  kind: str | None, at: datetime) -> None:
        """One inbound message handled (the engine's "processed" event, which carries the
        message's mailbox and arrival: no store read per message)."""
        if status not in COUNTED_OUTCOMES or mailbox is None or received_at is None:
            return
        self.messages_in.labels(mailbox, kind or "unknown").inc()
        self.outcomes.labels(status).inc()
        self.reaction.observe(max(0.0, (at - received_at).total_seconds()))

    def send_failed(self, mailbox: str, why: str) -> None:
        """A send that did not go: login_refused, temporary (tried again), refused (for good)."""
        self.send_failures.labels(mailbox, why).inc()

    def counting(self, listener):
        """The engine's listener, counting each outcome first (the worker is a thread here)."""
        def listen(event: str, data: dict) -> None:
            if event == "processed":
                self.count(data.get("mailbox"), data.get("received_at"), data["status"],
                           data.get("kind"), self.clock.now())
            listener(event, data)
        return listen

    def count(self, mailbox, received_at, status, kind, at) -> None:
        """processed(), never raising: a metric must not cost a message."""
        try:
            self.processed(mailbox, received_at, status, kind, at)
        except Exception:
            log.exception("metrics: could not count an outcome")

    def lease(self, name: str, held: bool) -> None:
        self.leases.labels(name).set(1 if held else 0)

    def reconnected(self, mailbox: str) -> None:
        self.reconnects.labels(mailbox).inc()

    def text(self) -> bytes:
        return generate_latest(self.registry)


class OutcomePipe:
    """Outcomes from the worker process to the daemon, where the counters live: one JSON
    line each (atomic below PIPE_BUF), written without blocking — a full pipe drops one
    count rather than hold up the worker — and read by a thread of the daemon."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.read_end, self.write_end = os.pipe()
        os.set_blocking(self.write_end, False)
        self.thread: threading.Thread | None = None

    def writing(self, listener):
        """In the worker process: the engine's listener, sending each outcome first."""
        def listen(event: str, data: dict) -> None:
            if event == "processed":
                received = data.get("received_at")
                line = json.dumps([data.get("mailbox"), received.isoformat() if received else None,
                                   data["status"], data.get("kind"), self.clock.now().isoformat()])
                try:
                    os.write(self.write_end, (line + "\n").encode())
                except OSError:
                    pass
            listener(event, data)
        return listen

    def start_reading(self, metrics: "Metrics") -> None:
        self.thread = threading.Thread(target=self._read, args=(metrics,), name="worker-events",
                                       daemon=True)
        self.thread.start()

    def _read(self, metrics: "Metrics") -> None:
        with os.fdopen(self.read_end, "rb", closefd=False) as lines:
            for line in lines:
                if line == b"stop\n":
                    return
                try:
                    mailbox, received, status, kind, at = json.loads(line)
                except ValueError:
                    log.exception("metrics: could not read a worker's outcome")
                    continue
                metrics.count(mailbox, datetime.fromisoformat(received) if received else None,
                              status, kind, datetime.fromisoformat(at))

    def close(self) -> None:
        if self.thread is not None:
            os.set_blocking(self.write_end, True)
            os.write(self.write_end, b"stop\n")
            self.thread.join(timeout=10)
        os.close(self.read_end)
        os.close(self.write_end)


# --- the server ---------------------------------------------------------------------------------
class HealthServer:
    """/healthz and /metrics on a ThreadingHTTPServer, served from a daemon thread.
    `checks` gives the checks of the moment (the daemon knows its mailboxes and worker)."""

    def __init__(self, config: HealthConfig, checks: Callable[[], list[Check]], metrics: Metrics):
        self.config, self.checks, self.metrics = config, checks, metrics
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> None:
        health = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    if self.path.split("?")[0] == "/healthz":
                        status, body = judge(health.checks())
                        self.answer(status, body.encode(), "text/plain; charset=utf-8")
                    elif self.path.split("?")[0] == "/metrics":
                        self.answer(200, health.metrics.text(), CONTENT_TYPE_LATEST)
                    else:
                        self.answer(404, b"not found: try /healthz or /metrics\n", "text/plain")
                except Exception as exc:
                    log.exception("health: answering %s failed", self.path)
                    self.answer(503, f"FAIL health: {type(exc).__name__}\n".encode(), "text/plain")

            def answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):     # every scrape is no news
                pass

        self.server = ThreadingHTTPServer((self.config.host, self.config.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="health", daemon=True)
        self.thread.start()
        log.info("health: /healthz and /metrics on %s:%d", self.config.host, self.port)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=10)
            self.server = None


def monotonic_ago(then: float | None) -> float | None:
    return None if then is None else time.monotonic() - then
