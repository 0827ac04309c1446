"""The engine benchmark (issue 2): mailbot end to end beside the bare mail stack, one run.

On a private Dovecot in /dev/shm, with the aiosmtpd→LMTP relay (tests/servers.py) run in
a process of its own (so the bot's processes hold only the bot and their memory is the bot's):

- baselines (bench/bench_mail_baseline.py): bare IDLE wake of a plain imapclient listener
  (SMTP start → EXISTS), and the bare SMTP → relay → LMTP → mailbox delivery rate — that
  one measured again straight after the drain, which is set beside the mean of the two
  (the machine's speed drifts over minutes);
- (a) reaction: the real Daemon (inbox threads in IDLE, worker, APScheduler), SystemClock.
  One message at a time by SMTP to the SSST mailbox; time from the start of the SMTP
  delivery until the bot's reply makes a plain imapclient listener on the recipient's
  INBOX see EXISTS — the same end point as the bare IDLE wake;
- (b) drain: N messages put into the SSST INBOX (IMAP APPEND) before the Daemon starts;
  time from Daemon start until N replies are in the recipient's mailbox;
- (c) memory of the bot during the drain — PSS of its process, its worker's and its launcher's:
  at start, after 1,000 and N processed, and the peak (sampled every 500 ms).

The daemon runs as `mailbot run` does on the system clock: mailbox threads and the sender
in one process, the worker (reading and handling) in a process of its own; `--worker
thread` keeps the worker a thread of the same process, for comparison.

The work per message: by default a tiny benchmark workflow (`--path workflow`) opens a
case for each "Benchmark request" message (kind `unknown`, from a known caseworker), and
its one step replies to the requester with the `question` template (In-Reply-To set) and
leaves the case open — so each message costs a read, a case, its events and one send.
`--path triage` instead relies on the engine's triage of `unknown` messages: no case, one
triage email (with the original attached) to the SSST triage person.

The bot confirms each send (confirm_sends, the product default): its own copy is
delivered back to its mailbox and fetched, matched and moved like any other message; that
is counted as part of the product's cost. `--compare-no-confirm` adds a second drain with
confirm_sends off. The SQLite store is on /dev/shm too, beside Dovecot (mail_fsync=never).

`--store postgres` keeps the store in a private PostgreSQL cluster instead (tests/postgres.py:
its own server on a free loopback port, its data in --root too, a fresh database for each
daemon); `--compare-stores` drains on SQLite and then on PostgreSQL in the same run and sets
the rates side by side (`--rounds N`: N pairs, each store first in every other pair). Every
drain starts with the bot's mailbox and the recipient's emptied, so that what one drain
leaves in Dovecot does not slow the next. `--count-statements` counts the round trips the bot makes to the
store during the drain, per message, by thread and statement kind (the worker runs as a
thread for it, as for --profile).

    .venv/bin/python -m bench.bench_engine                       # full size, ~3-6 min
    .venv/bin/python -m bench.bench_engine --messages 500 --reaction 10   # quick
    .venv/bin/python -m bench.bench_engine --profile /tmp/drain.prof       # cProfile the drain
    .venv/bin/python -m bench.bench_engine --messages 1000 --reaction 10 --compare-stores

Targets: reaction median ≤ 1.5× bare IDLE wake; drain ≥ 0.5× bare delivery rate; RSS flat;
a drain on PostgreSQL ≥ 0.8× the same drain on SQLite (issue 16).
"""
from __future__ import annotations

import argparse
import collections
import logging
import os
import re
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select  # noqa: E402

from bench.bench_mail_baseline import delivery_rate, idle_wake_times, percentile  # noqa: E402
from mailbot.clock import SystemClock  # noqa: E402
from mailbot.daemon import Daemon  # noqa: E402
from mailbot.engine import Engine  # noqa: E402
from mailbot.store import InboundMessage, OutboxMessage  # noqa: E402
from mailbot.workflow import ANY_REPLY, Workflow  # noqa: E402
from tests.botworld import CASEWORKER, CASEWORKER_LEADER, SSST, real_server_config  # noqa: E402
from tests.postgres import PG_BIN, Postgres, postgres_available  # noqa: E402
from tests.servers import Dovecot, free_port, make_message, wait_for_port  # noqa: E402

SUBJECT = "Benchmark request"
BODY = ("Hello SSST,\n\nPlease acknowledge this benchmark message; there is nothing to do.\n\n"
        "Thanks\nHarriet\n")
SIZE = 4000   # bytes per inbound message, as bench_mail_baseline.delivery_rate uses

bench_flow = Workflow("bench", team="ssst", initial="new",
                      opens=lambda r: r.kind == "unknown" and (r.subject or "").startswith(SUBJECT))


@bench_flow.step(ANY_REPLY)
def acknowledge(case, message, act):
    """One reply to the requester per message; the case stays open."""
    case.sr_number = None    # the question template asks for it (StrictUndefined otherwise)
    act.send("question", "requester", reply=True, question=f"Received: {message.subject}.")
    return "answered"


# --------------------------------------------------------------------------- plumbing

class RelayProcess:
    """tests.servers.SmtpRelay in a child process; has .host/.port like SmtpRelay."""

    def __init__(self, lmtp_port: int):
        self.host, self.port = "127.0.0.1", free_port()
        code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
                "from tests.servers import SmtpRelay\n"
                f"r = SmtpRelay({lmtp_port}, port={self.port}).start()\n"
                "print('ready', flush=True)\n"
                "sys.stdin.read()\n"
                "r.stop()\n")
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        if self.proc.stdout.readline().strip() != b"ready":
            raise RuntimeError("the SMTP relay process did not start")
        wait_for_port(self.port)

    def stop(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()


def rss_kb(pid: int | str = "self") -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB (0, 0 if it is gone)."""
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    values[key] = int(value.split()[0])
    except OSError:
        pass
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def pss_kb(pid: int | str = "self") -> int:
    """Proportional set size of a process in kB: its RSS, with each page it shares with
    other processes (a forked worker shares much of its parent) split between them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _ticks(stat_path: str) -> int:
    """utime + stime of a process or thread, in clock ticks (0 if it is gone)."""
    try:
        with open(stat_path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def cpu_seconds(relay_pid: int, worker_pid: int | None = None) -> dict[str, float]:
    """CPU seconds so far: each of this process's threads by name, the bot's worker process
    (if it has one), the relay process, every Dovecot process together and every PostgreSQL
    process together (when the private cluster runs)."""
    hz = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        name = thread.name.split("-")[0] if thread.name.startswith("inbox-") else thread.name
        ticks = _ticks(f"/proc/self/task/{thread.native_id}/stat")
        out[f"bot: {name}"] = out.get(f"bot: {name}", 0) + ticks / hz
    out["bot: whole process"] = _ticks("/proc/self/stat") / hz
    if worker_pid:
        out["bot: worker process"] = _ticks(f"/proc/{worker_pid}/stat") / hz
    out["relay process"] = _ticks(f"/proc/{relay_pid}/stat") / hz
    dovecot = postgres = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    comm = f.read().strip()
            except OSError:
                continue
            if comm == "postgres":      # the private cluster's server and its backends
                postgres += _ticks(f"/proc/{entry}/stat")
            elif comm in ("dovecot", "imap", "imap-login", "lmtp", "anvil", "log", "config",
                        "auth", "stats", "indexer", "indexer-worker"):
                dovecot += _ticks(f"/proc/{entry}/stat")
    out["dovecot processes"] = dovecot / hz
    if postgres:
        out["postgres processes"] = postgres / hz
    return out


def reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")    # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


class Bot:
    """The real Daemon on its own thread (its worker a process of its own, as `mailbot run`
    has it, unless worker_process=False), with a listener counting sends (the sender is a
    thread of this process; what the worker does is read from the store)."""

    def __init__(self, config, workflows, worker_process: bool | None = None):
        self.sent = 0
        self.first_sent: float | None = None     # perf_counter of the first reply sent
        self.engine = Engine(config, SystemClock(), workflows=workflows, listener=self._listen)
        self.daemon = Daemon(Path(config.files.root).parent / "mailbot.yaml", config,
                             engine=self.engine, worker_process=worker_process)
        self.thread = threading.Thread(target=self.daemon.run, name="daemon", daemon=True)

    def _listen(self, event: str, data: dict) -> None:
        if event == "sent":
            self.sent += 1
            if self.first_sent is None:
                self.first_sent = time.perf_counter()

    @property
    def worker_pid(self) -> int | None:
        worker = self.daemon.worker
        return worker.pid if worker is not None else None

    def memory_kb(self) -> int:
        """The bot's memory: PSS of this process plus its worker's and its launcher's."""
        launcher = self.daemon.launcher.process.pid if self.daemon.launcher else None
        return pss_kb() + sum(pss_kb(pid) for pid in (self.worker_pid, launcher) if pid)

    def processed(self) -> int:
        with self.engine.sessions() as s:
            return s.scalar(select(func.count()).select_from(InboundMessage)
                            .where(InboundMessage.status != "new"))

    def start(self) -> "Bot":
        """Start the daemon; return once its worker runs. (Until then nothing else here
        touches the store: the daemon forks its launcher as it starts.)"""
        self.thread.start()
        wait_until(lambda: self.daemon.worker is not None or not self.daemon.worker_process
                   or not self.thread.is_alive(), 60, 0.01)
        return self

    def stop(self) -> None:
        self.daemon.request_stop()
        self.thread.join(30)


class RoundTrips:
    """The round trips the bot's threads make to the store, by thread and statement kind
    (--count-statements). A statement is one (an executemany too: psycopg pipelines it);
    on PostgreSQL so are the BEGIN psycopg sends before a transaction's first statement,
    each COMMIT or ROLLBACK of an open transaction, and the pool's pre-ping (SQLAlchemy's:
    an empty statement in autocommit; the store's own on psycopg: the BEGIN, at checkout).
    The bench's own queries (its memory sampler, its checks) are counted apart."""

    def __init__(self, engine):
        self.counts: collections.Counter = collections.Counter()   # (thread, kind) → count
        self._lock = threading.Lock()
        self.postgres = engine.dialect.name == "postgresql"
        if self.postgres:
            from psycopg.pq import TransactionStatus
            self.IDLE, self.UNKNOWN = TransactionStatus.IDLE, TransactionStatus.UNKNOWN
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", lambda conn: self._end(conn, "COMMIT"))
        event.listen(engine, "rollback", lambda conn: self._end(conn, "ROLLBACK"))
        event.listen(engine.pool, "reset", self._reset)
        event.listen(engine, "checkout", self._checkout)    # after the store's own listener
        event.listen(engine, "connect", lambda *_: self._add(
            "new connection (PostgreSQL: a server process started for it)" if self.postgres
            else "new connection"))
        ping = engine.dialect.do_ping      # (this engine's dialect only: the bench's own)

        def counted_ping(dbapi_conn):
            self._add("pool pre-ping (';' outside a transaction)")
            return ping(dbapi_conn)
        engine.dialect.do_ping = counted_ping

    @staticmethod
    def thread() -> str:
        name = threading.current_thread().name
        if name == "daemon":
            return "worker"         # the daemon's loop: the worker, run as a thread
        if name.startswith("inbox-"):
            return "intake (mailbox threads)"
        if name.startswith(("sender", "send")):
            return "sender"
        return "bench: " + name

    def _add(self, kind: str) -> None:
        with self._lock:
            self.counts[(self.thread(), kind)] += 1

    def _begin(self, dbapi_conn) -> None:
        """psycopg sends BEGIN by itself before the first statement of a transaction."""
        if self.postgres and dbapi_conn.info.transaction_status == self.IDLE:
            self._add("BEGIN")

    def _statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self._begin(conn.connection.dbapi_connection)
        self._add(statement_kind(statement) + (" (executemany)" if executemany else ""))

    def _end(self, conn, kind: str) -> None:
        if conn.closed or conn.invalidated:
            return
        self._ended(conn.connection.dbapi_connection, conn.info, kind)

    def _ended(self, dbapi_conn, info, kind: str) -> None:
        """A COMMIT or ROLLBACK (seen after the store's own listeners, which end a
        transaction that only read by COMMIT on psycopg: mailbot.store._end_reads_by_commit;
        and a connection leaves the pool in a transaction there, so one found idle at a
        ROLLBACK was ended so)."""
        if not self.postgres:
            self._add(kind)
        elif dbapi_conn.info.transaction_status not in (self.IDLE, self.UNKNOWN):
            self._add(kind)
            if kind != "COMMIT":
                self._deallocated(dbapi_conn)
        elif kind != "COMMIT" and info.get("store_wrote") is False:
            self._add("COMMIT (a transaction that only read)")

    def _deallocated(self, dbapi_conn) -> None:
        """psycopg forgets its prepared statements at a ROLLBACK and has the server forget
        them too (DEALLOCATE ALL, a round trip of its own), if it had any (read from its
        private bookkeeping: not counted if that is gone)."""
        if self.postgres and getattr(getattr(dbapi_conn, "_prepared", None), "_names", None):
            self._add("DEALLOCATE ALL (psycopg, after a ROLLBACK)")

    def _checkout(self, dbapi_conn, record, proxy) -> None:
        """The store's pre-ping on psycopg is the BEGIN itself (mailbot.store._begin_as_ping):
        a connection leaves the pool in a transaction."""
        if self.postgres and dbapi_conn.info.transaction_status != self.IDLE:
            self._add("BEGIN (the pool's pre-ping, at checkout)")

    def _reset(self, dbapi_conn, record, state) -> None:
        if self.postgres and not state.transaction_was_reset and \
                dbapi_conn.info.transaction_status not in (self.IDLE, self.UNKNOWN):
            self._add("ROLLBACK (connection back in the pool)")
            self._deallocated(dbapi_conn)

    def per_message(self, n: int) -> dict[str, dict[str, float]]:
        """{thread: {kind: round trips per message}} for the bot's threads."""
        out: dict[str, dict[str, float]] = {}
        for (thread, kind), count in self.counts.items():
            out.setdefault(thread, {})[kind] = count / n
        return out


def statement_kind(statement: str) -> str:
    """SELECT/INSERT/UPDATE/DELETE and the table it names first."""
    words = statement.split(None, 1)
    verb = words[0].upper() if words else "?"
    pattern = {"SELECT": r"\bFROM\s+(\w+)", "INSERT": r"\bINTO\s+(\w+)",
               "UPDATE": r"^UPDATE\s+(\w+)", "DELETE": r"\bFROM\s+(\w+)"}.get(verb)
    found = re.search(pattern, statement) if pattern else None
    return f"{verb} {found.group(1)}" if found else verb


class Store:
    """The store a daemon of the bench keeps: SQLite in its work dir (in --root), or a fresh
    database on the private PostgreSQL cluster (its data in --root too)."""

    def __init__(self, name: str, postgres: Postgres | None = None):
        self.name, self.postgres = name, postgres

    def new_url(self) -> str | None:
        """A fresh store's URL (None: SQLite, the config's own file in the work dir)."""
        return self.postgres.new_database() if self.name == "postgres" else None

    @property
    def label(self) -> str:
        return "PostgreSQL" if self.name == "postgres" else "SQLite"


# What each store runs with, for the printed figures (store.py, tests/postgres.py).
STORE_SETTINGS = {
    "sqlite": "SQLite: WAL, synchronous=NORMAL, file in {root}",
    "postgres": "PostgreSQL {version}: private cluster in {root}, loopback TCP, fsync=off, "
                "synchronous_commit=off, full_page_writes=off (the test cluster's settings)",
}


HEALTH = False      # --health: the daemons serve /healthz and /metrics (their cost measured)


def make_config(workdir: Path, dovecot: Dovecot, relay, confirm: bool = True,
                store_url: str | None = None):
    """The bot's config; its store SQLite in `workdir` unless `store_url` names another."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = real_server_config(workdir, dovecot, relay)
    if store_url is not None:
        config = config.model_copy(update={"store": config.store.model_copy(update={"url": store_url})})
    if HEALTH:
        from tests.servers import free_port
        config = config.model_copy(update={"health": config.health.model_copy(update={"port": free_port()})})
    if not confirm:
        config = config.model_copy(update={"mailboxes": {
            k: mb.model_copy(update={"confirm_sends": False}) for k, mb in config.mailboxes.items()}})
    return config


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def empty_mailbox(dovecot: Dovecot, address: str) -> None:
    """Every folder of a mailbox emptied (expunged)."""
    client = dovecot.imap(address)
    try:
        for _flags, _delim, folder in client.list_folders():
            client.select_folder(folder)
            uids = client.search("ALL")
            if uids:
                client.delete_messages(uids)
                client.expunge()
    finally:
        client.logout()


def settled(dovecot: Dovecot, bot: Bot) -> bool:
    """The bot's INBOX empty (own copies included) and nothing left to send."""
    if dovecot.message_count(SSST) != 0:
        return False
    with bot.engine.sessions() as s:
        return (s.scalar(select(InboundMessage.id).where(InboundMessage.status == "new")) is None
                and s.scalar(select(OutboxMessage.id).where(
                    OutboxMessage.status.in_(("pending", "sending")))) is None)


# --------------------------------------------------------------------------- (a) reaction

class ArrivalPoller:
    """A second connection to the recipient's INBOX that NOOPs every `interval` seconds and
    notes when the message count grows: when a message is in the mailbox, without paying
    Dovecot's IDLE notification delay."""

    def __init__(self, dovecot: Dovecot, address: str, interval: float = 0.002):
        self.client = dovecot.imap(address)
        self.count = self.client.select_folder("INBOX")[b"EXISTS"]
        self.arrivals: dict[int, float] = {}     # message count → perf_counter when seen
        self.interval = interval
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="arrival-poller", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            _, responses = self.client.noop()
            for resp in responses:
                if len(resp) > 1 and resp[1] == b"EXISTS" and resp[0] > self.count:
                    now = time.perf_counter()
                    for c in range(self.count + 1, resp[0] + 1):
                        self.arrivals[c] = now
                    self.count = resp[0]
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(5)
        self.client.logout()


def reaction_times(dovecot: Dovecot, relay, bot: Bot, sender: str, recipient: str,
                   n: int, warmup: int = 3) -> tuple[list[float], list[float], list[dict]]:
    """Seconds from the start of an SMTP delivery to the bot until its reply is (1) in the
    recipient's INBOX (fast NOOP poller) and (2) seen by an idling plain imapclient
    listener there (EXISTS), n times after `warmup` unmeasured ones."""
    listener = dovecot.imap(recipient)
    exists = listener.select_folder("INBOX")[b"EXISTS"]
    poller = ArrivalPoller(dovecot, recipient)
    arrived, seen, stamps = [], [], []
    with smtplib.SMTP(relay.host, relay.port) as smtp:
        for i in range(warmup + n):
            listener.idle()
            msg_id = f"<bench-reaction-{i}-{time.time_ns()}@example.test>"
            raw = make_message(SSST, f"{SUBJECT} r{i}", BODY, sender=sender, message_id=msg_id,
                               size=SIZE)
            wall = time.time()
            start = time.perf_counter()
            smtp.sendmail(sender, [SSST], raw)
            woke = None
            while woke is None:
                for resp in listener.idle_check(timeout=5):
                    if len(resp) > 1 and resp[1] == b"EXISTS" and resp[0] > exists:
                        exists = resp[0]
                        woke = time.perf_counter()
                if woke is None and time.perf_counter() - start > 30:
                    raise TimeoutError(f"no reply to reaction message {i} within 30 s")
            listener.idle_done()
            wait_until(lambda: exists in poller.arrivals, 5, 0.001)
            landed = poller.arrivals.get(exists, woke)
            if i >= warmup:
                arrived.append(landed - start)
                seen.append(woke - start)
                stamps.append({"message_id": msg_id, "start": wall, "arrived": wall + landed - start})
            # Let the bot's own copy come back and settle, as between real messages.
            wait_until(lambda: settled(dovecot, bot), 10, 0.02)
    poller.stop()
    listener.logout()
    return arrived, seen, stamps


def reaction_breakdown(bot: Bot, stamps: list[dict]) -> dict[str, list[float]]:
    """Per message: SMTP start → stored (delivery, the bot's IDLE wake, fetch, commit),
    stored → sent (read, case, commit, dispatch, SMTP to the relay), sent → in the mailbox."""
    parts = {"SMTP start → stored by the bot": [], "stored → reply sent": [],
             "reply sent → seen in the mailbox (poller)": []}
    with bot.engine.sessions() as s:
        for st in stamps:
            row = s.scalar(select(InboundMessage).where(InboundMessage.message_id == st["message_id"]))
            out = s.scalar(select(OutboxMessage).where(OutboxMessage.case_id == row.case_id)
                           .order_by(OutboxMessage.id)) if row is not None and row.case_id else None
            if out is None and row is not None:   # triage: no case; the outbox row after it
                out = s.scalar(select(OutboxMessage).where(OutboxMessage.created_at >= row.received_at)
                               .order_by(OutboxMessage.id))
            if row is None or out is None or out.sent_at is None:
                continue
            stored, sent = row.received_at.timestamp(), out.sent_at.timestamp()
            parts["SMTP start → stored by the bot"].append(stored - st["start"])
            parts["stored → reply sent"].append(sent - stored)
            parts["reply sent → seen in the mailbox (poller)"].append(st["arrived"] - sent)
    return parts


# --------------------------------------------------------------------------- (b, c) drain

def drain(dovecot: Dovecot, relay, workdir: Path, workflows, sender: str, recipient_of,
          n: int, confirm: bool, profile: str | None = None,
          worker_process: bool | None = None, store: "Store | None" = None,
          count: bool = False) -> dict:
    store = store or Store("sqlite")
    config = make_config(workdir, dovecot, relay, confirm=confirm, store_url=store.new_url())
    recipient = recipient_of(config)
    # Each drain starts from the same mail state: what earlier drains left (the bot's
    # Processed folder, the replies) makes Dovecot slower drain after drain (4% a drain
    # measured), which would weigh on whichever store goes later.
    for address in (SSST, recipient):
        empty_mailbox(dovecot, address)
    before = dovecot.message_count(recipient)
    raws = [make_message(SSST, f"{SUBJECT} d{i}", BODY, sender=sender, size=SIZE) for i in range(n)]
    t = time.perf_counter()
    dovecot.append(SSST, raws)
    queue_s = time.perf_counter() - t
    del raws
    assert dovecot.message_count(SSST) == n, "the SSST INBOX should hold exactly the queued messages"

    marks = sorted({m for m in (500, 1000, 2000, 3000, 4000, 5000, n) if m <= n})
    rss_at: dict[int, tuple[int, float]] = {}
    t0 = [0.0]

    peak = [0]
    sampling = threading.Event()

    def sampler() -> None:
        """Every 500 ms the bot's memory (all its processes) and how many messages it has
        processed, noting the memory when a mark is passed. (Reading PSS costs the
        kernel a walk of both processes' pages: more often, and the sampler itself
        takes a noticeable share of a core from the drain.)"""
        while not sampling.is_set():
            rss = bot.memory_kb()
            peak[0] = max(peak[0], rss)
            if len(rss_at) < len(marks):
                done = bot.processed()
                for mark in marks:
                    if done >= mark and mark not in rss_at:
                        rss_at[mark] = (rss, time.perf_counter() - t0[0])
            time.sleep(0.5)

    import gc
    gc.collect()
    hwm_reset = reset_hwm()
    rss_start = pss_kb()
    bot = Bot(config, workflows, worker_process=False if (profile or count) else worker_process)
    trips = RoundTrips(bot.engine.sessions.kw["bind"]) if count else None
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
        # Run the daemon's worker under the profiler (the inbox threads are not profiled).
        original = bot.daemon.run
        bot.thread = threading.Thread(target=lambda: prof.runcall(original), name="daemon",
                                      daemon=True)
    cpu_before = cpu_seconds(relay.proc.pid)
    t0[0] = time.perf_counter()
    bot.start()
    threading.Thread(target=sampler, name="rss", daemon=True).start()
    target = before + n
    # One connection watches the recipient's INBOX (a fresh login every 100 ms cost Dovecot
    # more CPU than it is fair to charge to the drain).
    watcher = dovecot.imap(recipient)
    ok = wait_until(lambda: watcher.folder_status("INBOX", [b"MESSAGES"])[b"MESSAGES"] >= target,
                    900, 0.1)
    watcher.logout()
    elapsed = time.perf_counter() - t0[0]
    cpu_after = cpu_seconds(relay.proc.pid, bot.worker_pid)
    cpu = {k: v - cpu_before.get(k, 0) for k, v in cpu_after.items()}
    wait_until(lambda: settled(dovecot, bot), 60, 0.1)
    wait_until(lambda: n in rss_at, 5, 0.05)
    processed_at = rss_at.get(n, (0, float("nan")))[1]
    sampling.set()
    rss_end = bot.memory_kb()
    hwm = None if bot.worker_pid else rss_kb()[1]
    worker = "process" if bot.worker_pid else "thread"
    bot.stop()
    if prof is not None:
        prof.dump_stats(profile)
    with bot.engine.sessions() as s:
        statuses = {}
        for (status,) in s.execute(select(InboundMessage.status)):
            statuses[status] = statuses.get(status, 0) + 1
        confirmed = s.scalar(select(OutboxMessage.id).where(OutboxMessage.confirmed_at.is_not(None))
                             .order_by(OutboxMessage.id.desc()).limit(1))
    bot.engine.sessions.kw["bind"].dispose()      # no idle connections left for the next drain
    return {"n": n, "ok": ok, "elapsed": elapsed, "rate": n / elapsed, "processed_at": processed_at,
            "queue_s": queue_s, "rss_start": rss_start, "rss_at": rss_at, "peak": max(peak[0], rss_end),
            "hwm": hwm if hwm_reset and hwm else None, "statuses": statuses, "confirm": confirm,
            "replies": dovecot.message_count(recipient) - before, "sent": bot.sent,
            "first_sent": (bot.first_sent - t0[0]) if bot.first_sent else float("nan"),
            "confirmed_any": confirmed is not None, "cpu": cpu, "worker": worker,
            "store": store.name, "round_trips": trips.per_message(n) if trips else None}


# --------------------------------------------------------------------------- main

def profile_file(profile: str | None, store: Store, i: int, drains: int) -> str | None:
    """The --profile file of a drain: FILE itself, or FILE.<store>-<i> when there are several."""
    if not profile or drains == 1:
        return profile
    return f"{profile}.{store.name}-{i}"


def postgres_version(postgres: Postgres) -> str:
    import psycopg
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=mailbot dbname=postgres") as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def print_round_trips(run: dict) -> None:
    """The bot's round trips to the store per message, by thread and statement kind."""
    bot = {t: kinds for t, kinds in run["round_trips"].items() if not t.startswith("bench: ")}
    total = sum(sum(kinds.values()) for kinds in bot.values())
    print(f"    round trips to the store per message on {Store(run['store']).label} "
          f"(confirm_sends {'on' if run['confirm'] else 'off'}; worker as a thread): {total:.1f}")
    for thread, kinds in sorted(bot.items(), key=lambda tk: -sum(tk[1].values())):
        print(f"      {thread + ':':<40} {sum(kinds.values()):6.2f}")
        for kind, per in sorted(kinds.items(), key=lambda kv: -kv[1]):
            if per >= 0.005:
                print(f"        {kind:<50} {per:6.2f}")


def main_run_worker(runs: list[dict]) -> str:
    return runs[0]["worker"] if runs else "?"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000, help="drain size (default 5000)")
    parser.add_argument("--reaction", type=int, default=50, help="reaction messages (default 50)")
    parser.add_argument("--path", choices=("workflow", "triage"), default="workflow",
                        help="per-message work: a bench workflow's reply, or the engine's triage")
    parser.add_argument("--compare-no-confirm", action="store_true",
                        help="also drain with confirm_sends off")
    parser.add_argument("--profile", metavar="FILE",
                        help="cProfile the drain's worker (run as a thread for this)")
    parser.add_argument("--worker", choices=("process", "thread"), default="process",
                        help="the daemon's worker: a process of its own (as `mailbot run` "
                             "has it, the default) or a thread")
    parser.add_argument("--root", default="/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")
    parser.add_argument("--health", action="store_true",
                        help="serve /healthz and /metrics on a port, as health.port does")
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite",
                        help="the bot's store: SQLite (the default) or a private PostgreSQL "
                             "server, its data in --root")
    parser.add_argument("--compare-stores", action="store_true",
                        help="drain on SQLite, then on PostgreSQL, in the same run; print "
                             "each rate and the ratio PostgreSQL / SQLite")
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --compare-stores: this many SQLite/PostgreSQL pairs, "
                             "SQLite first in one pair and PostgreSQL in the next (the "
                             "machine's speed drifts over minutes)")
    parser.add_argument("--count-statements", action="store_true",
                        help="count the bot's round trips to the store during the drain, per "
                             "message, by thread and statement kind (worker run as a thread)")
    args = parser.parse_args(argv)
    if (args.store == "postgres" or args.compare_stores) and not postgres_available():
        parser.error(f"PostgreSQL is not installed ({PG_BIN} has no postgres); set MAILBOT_PG_BIN")
    global HEALTH
    HEALTH = args.health
    logging.basicConfig(level=logging.WARNING)
    # A stopped Daemon's inbox threads see their connection closed under an IDLE: noise.
    logging.getLogger("mailbot.mailboxes.imap").setLevel(logging.ERROR)

    workflows = [bench_flow] if args.path == "workflow" else []
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="mailbot-bench-", dir=args.root))
    postgres = Postgres(root_parent=args.root) \
        if args.store == "postgres" or args.compare_stores else None
    store = Store(args.store, postgres)
    # SQLite first in one pair, PostgreSQL first in the next (ABBA): what drift is left in
    # the machine's speed over a run then weighs on both alike.
    pair = [Store("sqlite"), Store("postgres", postgres)]
    drain_stores = [s for i in range(args.rounds) for s in (pair if i % 2 == 0 else pair[::-1])] \
        if args.compare_stores else [store]
    try:
        if postgres is not None:
            postgres.start()
            pg_version = postgres_version(postgres)
        with Dovecot(root_parent=args.root) as dovecot:
            relay = RelayProcess(dovecot.lmtp_port)
            try:
                # Baselines, same stack, same run.
                idler, sink = dovecot.new_user("idle"), dovecot.new_user("rate")
                wakes = idle_wake_times(dovecot, relay, idler.address, args.reaction)
                bare_rate = delivery_rate(relay, sink.address, args.messages, size=SIZE)
                print(f"baselines done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

                # (a) reaction, the real Daemon.
                config = make_config(work / "reaction", dovecot, relay, store_url=store.new_url())
                triage_to = config.teams["ssst"].triage
                r_sender, d_sender = CASEWORKER, CASEWORKER_LEADER
                r_recipient = r_sender if args.path == "workflow" else triage_to

                def recipient_of(cfg):
                    return d_sender if args.path == "workflow" else cfg.teams["ssst"].triage

                worker_process = args.worker == "process"
                bot = Bot(config, workflows, worker_process=worker_process).start()
                reaction, reaction_seen, stamps = reaction_times(dovecot, relay, bot, r_sender, r_recipient,
                                                  args.reaction)
                wait_until(lambda: settled(dovecot, bot), 30)
                breakdown = reaction_breakdown(bot, stamps)
                bot.stop()
                print(f"reaction done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

                # (b, c) drain, fresh store (each store in turn, with --compare-stores).
                runs = []
                for i, drain_store in enumerate(drain_stores):
                    runs.append(drain(dovecot, relay, work / f"drain-{drain_store.name}-{i}", workflows,
                                      d_sender, recipient_of, args.messages, confirm=True,
                                      profile=profile_file(args.profile, drain_store, i,
                                                           len(drain_stores)),
                                      worker_process=worker_process, store=drain_store,
                                      count=args.count_statements))
                    print(f"drain on {drain_store.label}: {runs[-1]['rate']:.1f} msg/s "
                          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
                # The bare rate again, straight after: the machine's speed drifts over minutes,
                # so the drain is set beside the mean of the rates measured either side of it.
                bare_after = delivery_rate(relay, sink.address, args.messages, size=SIZE)
                print(f"drain done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
                if args.compare_no_confirm:
                    runs.append(drain(dovecot, relay, work / "drain-noconfirm", workflows, d_sender,
                                      recipient_of, args.messages, confirm=False,
                                      worker_process=worker_process, store=store))
            finally:
                relay.stop()
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)

    # ------------------------------------------------------------------ report
    wake_med, react_med = statistics.median(wakes), statistics.median(reaction)
    print()
    stores_used = [s.name for s in [store, *drain_stores]]
    print(f"mailbot engine benchmark — Dovecot {dovecot.mail_format} in {args.root}, "
          f"{' and '.join(Store(n).label for n in dict.fromkeys(stores_used))} store in {args.root}, "
          f"relay in its own process, path: {args.path}, "
          f"worker: {main_run_worker(runs)}, {SIZE}-byte messages, "
          f"total {time.perf_counter() - started:.0f} s")
    for name in dict.fromkeys(stores_used):
        print("    " + STORE_SETTINGS[name].format(root=args.root,
                                                   version=pg_version if postgres else ""))
    print()
    print(f"(a) reaction on {store.label}, ", end="")
    print(f"{len(reaction)} messages one at a time, real Daemon (IDLE), SystemClock:")
    print(f"    bare IDLE wake, plain imapclient (SMTP start → EXISTS):  median {ms(wake_med):>7}   "
          f"p95 {ms(percentile(wakes, 95)):>7}")
    print(f"    mailbot: SMTP start → reply in recipient's mailbox:      median {ms(react_med):>7}   "
          f"p95 {ms(percentile(reaction, 95)):>7}")
    ratio = react_med / wake_med
    print(f"      ratio to bare IDLE wake (median): {ratio:.2f}×   (target ≤ 1.5×) "
          f"{'MET' if ratio <= 1.5 else 'MISSED'}")
    seen_med = statistics.median(reaction_seen)
    print(f"    mailbot: SMTP start → reply seen by an IDLE listener:    median {ms(seen_med):>7}   "
          f"p95 {ms(percentile(reaction_seen, 95)):>7}")
    print(f"      ratio to bare IDLE wake (median): {seen_med / wake_med:.2f}×   (two IDLE wakes "
          f"in series: the bot's, then the listener's)")
    print("    where the reaction goes (per message, medians / p95):")
    for name, values in breakdown.items():
        if values:
            print(f"      {name:<38}             median {ms(statistics.median(values)):>7}   "
                  f"p95 {ms(percentile(values, 95)):>7}")
    print()
    main_run = runs[0]
    print(f"(b) drain, {args.messages} messages queued in the SSST INBOX before start "
          f"(APPEND took {main_run['queue_s']:.1f} s):")
    bare_mean = (bare_rate + bare_after) / 2
    print(f"    bare delivery SMTP → relay → LMTP → mailbox, one connection: {bare_mean:7.0f} msg/s   "
          f"(mean of {bare_rate:.0f} before the reaction test and {bare_after:.0f} after the drain)")
    for run in runs:
        label = "confirm_sends on (product default)" if run["confirm"] else "confirm_sends off"
        if len(drain_stores) > 1 or run["store"] != "sqlite":
            label = f"{Store(run['store']).label}, {label}"
        print(f"    mailbot, {label + ':':<48}{run['rate']:7.1f} msg/s   "
              f"({run['elapsed']:.1f} s; first reply sent at {run['first_sent']:.1f} s, "
              f"last message processed at {run['processed_at']:.1f} s; "
              f"replies {run['replies']}, sent {run['sent']})")
        print(f"      inbound rows: {', '.join(f'{k} {v}' for k, v in sorted(run['statuses'].items()))}"
              + ("" if run["ok"] else "   — DID NOT FINISH"))
    for run in runs[:len(drain_stores)][:2]:
        print(f"    CPU during the drain on {Store(run['store']).label} (confirm_sends on), ms per "
              f"message ({os.cpu_count()} cores; the drain's wall time is "
              f"{1000 * run['elapsed'] / args.messages:.2f} ms per message):")
        for name, seconds in sorted(run["cpu"].items(), key=lambda kv: -kv[1]):
            if seconds > 0:
                print(f"      {name:<28} {1000 * seconds / args.messages:6.2f}")
    if args.compare_stores:
        rates = {name: [r["rate"] for r in runs[:len(drain_stores)] if r["store"] == name]
                 for name in ("sqlite", "postgres")}
        sqlite_rate, pg_rate = (statistics.mean(rates["sqlite"]), statistics.mean(rates["postgres"]))
        pr = pg_rate / sqlite_rate
        rounds = f" (means of {args.rounds} drains each, in pairs taking turns to go first: SQLite " \
                 f"{', '.join(f'{r:.1f}' for r in rates['sqlite'])}; PostgreSQL " \
                 f"{', '.join(f'{r:.1f}' for r in rates['postgres'])})" if args.rounds > 1 else ""
        print(f"    ratio PostgreSQL / SQLite:              {pr:.2f}×   (target ≥ 0.8×) "
              f"{'MET' if pr >= 0.8 else 'MISSED'}   ({pg_rate:.1f} / {sqlite_rate:.1f} msg/s){rounds}")
        if args.rounds > 1:
            pairs = [p / s for s, p in zip(rates["sqlite"], rates["postgres"])]
            print(f"      each pair: {', '.join(f'{r:.2f}' for r in pairs)}; "
                  f"median {statistics.median(pairs):.2f}×")
    for run in runs:
        if run["round_trips"]:
            print_round_trips(run)
    dr = main_run["rate"] / bare_mean
    print(f"    ratio mailbot / bare delivery:          {dr:.2f}×   (target ≥ 0.5×) "
          f"{'MET' if dr >= 0.5 else 'MISSED'}   (to each bare rate alone: "
          f"{main_run['rate'] / bare_rate:.2f}× before, {main_run['rate'] / bare_after:.2f}× after)")
    print()
    print(f"(c) memory of the bot during the drain on {Store(main_run['store']).label} "
          "(confirm_sends on): PSS of its process, its worker's and its launcher's (pages they "
          "share split between them):")
    print(f"    at start {main_run['rss_start'] / 1024:6.1f} MB")
    for count, (kb, at) in sorted(main_run["rss_at"].items()):
        print(f"    after {count:5d} processed ({at:6.1f} s): {kb / 1024:6.1f} MB")
    print(f"    peak (sampled 500 ms) {main_run['peak'] / 1024:6.1f} MB"
          + (f"; VmHWM since drain start {main_run['hwm'] / 1024:.1f} MB" if main_run["hwm"] else ""))
    at = main_run["rss_at"]
    if 1000 in at and args.messages in at and args.messages > 1000:
        growth = (at[args.messages][0] - at[1000][0]) / 1024
        per_k = growth / ((args.messages - 1000) / 1000)
        print(f"    growth from 1,000 to {args.messages:,}: {growth:+.1f} MB ({per_k:+.2f} MB per 1,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
