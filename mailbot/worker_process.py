"""The daemon's worker as a process of its own, and how it is started safely.

A process forked while other threads run inherits whatever locks those threads held at
that instant — SQLite's own mutexes among them, held by a mailbox thread or the sender in
the middle of a query — and hangs for good the first time it takes one. So the daemon
forks only once, at start, before any thread: a *launcher* that stays single-threaded and
does nothing but fork worker processes when asked (at start, after a reload, after a
worker died). Every worker is a clean fork of that one quiet process.

Each process dies with the one that started it (PR_SET_PDEATHSIG): a kill -9 of the
daemon takes the launcher and the worker with it."""
from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import select
import signal
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Callable

from mailbot.config import Config

log = logging.getLogger("mailbot")


# How long the launcher's check that SQLite works in it may take.
CANARY_SECONDS = 5.0


class LauncherGone(Exception):
    """The launcher process is not there to start a worker (killed from outside)."""


class WorkerHandle:
    """A worker process seen from the daemon: its pid, is it alive, stop it. The launcher
    is its parent and reaps it, so the daemon watches it through a pidfd (Linux) or, where
    there is none, by signal 0."""

    def __init__(self, pid: int):
        self.pid = pid
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self._fd = None

    def is_alive(self) -> bool:
        return not self.join(0)

    def join(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds for the process to end; True once it has."""
        if self._fd is not None:
            return bool(select.select([self._fd], [], [], timeout)[0])
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            select.select([], [], [], 0.05)

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass


class Launcher:
    """The quiet process workers are forked from. `start()` forks it (call it before any
    thread of the daemon starts); `launch(config, mailboxes)` has it fork a worker that runs
    `work(config, mailboxes)` and returns the worker's handle."""

    def __init__(self, work: Callable[[Config, dict], None]):
        self.work = work
        self.process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self) -> None:
        """Fork the launcher; once it has shown that SQLite works in it. (Where another
        thread of this process was inside SQLite at the fork, it would not, and every
        worker forked from it would hang: then it is forked again.)"""
        context = multiprocessing.get_context("fork")
        # What exists now (modules, config, templates) is left out of garbage collection,
        # which would otherwise write to every such object and unshare the pages the
        # processes share (copy-on-write).
        gc.freeze()
        for attempt in range(1, 6):
            ours, theirs = context.Pipe()
            process = context.Process(target=self._serve, args=(os.getpid(), theirs, ours),
                                      name="mailbot-launcher", daemon=True)
            process.start()
            theirs.close()
            if _answer(ours, CANARY_SECONDS + 5) == "ready":
                self.process, self._conn = process, ours
                log.info("worker launcher process %s started", process.pid)
                return
            log.warning("worker launcher process %s found SQLite locked (forked while "
                        "another thread was inside it); forking another", process.pid)
            process.kill()
            process.join(timeout=10)
            ours.close()
            time.sleep(0.2 * attempt)      # let whatever thread was in SQLite get out
        raise LauncherGone("could not fork a worker launcher in which SQLite works")

    def launch(self, config: Config, mailboxes: dict) -> WorkerHandle:
        """A new worker process on `config`; only what names each mailbox crosses over
        (its connections stay with the daemon)."""
        plain = {key: replace(box, inbox=None, sender=None) for key, box in mailboxes.items()}
        try:
            self._conn.send((config, plain))
            pid = self._conn.recv()
        except (OSError, EOFError) as exc:
            raise LauncherGone(f"the worker launcher process is gone ({exc})") from exc
        return WorkerHandle(pid)

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()      # the launcher sees EOF and exits
            self._conn = None
        if self.process is not None:
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout=10)
            self.process = None

    def _serve(self, parent: int, conn: Connection, daemons_end: Connection) -> None:
        """The launcher: fork a worker for each request, until the daemon hangs up."""
        daemons_end.close()
        die_with(parent)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for sig in (signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)      # the daemon decides; it stops us
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # workers are reaped as they exit
        if not _sqlite_works():
            os._exit(3)
        conn.send("ready")
        launcher = os.getpid()
        while True:
            try:
                config, mailboxes = conn.recv()
            except (EOFError, OSError):
                os._exit(0)
            gc.freeze()
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    conn.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    die_with(launcher)
                    self.work(config, mailboxes)
                except BaseException:
                    log.exception("worker process failed")
                    code = 1
                finally:
                    logging.shutdown()
                    os._exit(code)
            conn.send(pid)


class WorkerProgress:
    """What the worker process is doing, in memory it shares with the daemon (made before
    the launcher forks): when it last showed progress, and which inbound message it has
    in hand (0: none). The daemon's watchdog reads it; no lock, so a stopped worker can
    never block the daemon."""

    def __init__(self):
        self._at = multiprocessing.RawValue("d", time.monotonic())
        self._row = multiprocessing.RawValue("q", 0)

    def beat(self, row_id: int | None = None) -> None:
        """Progress now; with `row_id`, that message is in hand (0: none)."""
        if row_id is not None:
            self._row.value = row_id
        self._at.value = time.monotonic()

    @property
    def quiet_for(self) -> float:
        return time.monotonic() - self._at.value

    @property
    def in_hand(self) -> int:
        return self._row.value


class PipeEvent:
    """threading.Event's set/clear/wait across a fork, on a pipe: set() writes a byte (and
    never blocks), wait() waits for one, clear() drains them. Unlike multiprocessing.Event,
    it cannot be left locked by a process killed while waiting on it."""

    def __init__(self):
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)

    def set(self) -> None:
        try:
            os.write(self._write, b"!")
        except BlockingIOError:
            pass     # the pipe is full: it is set already

    def clear(self) -> None:
        try:
            while os.read(self._read, 4096):
                pass
        except BlockingIOError:
            pass

    def wait(self, timeout: float | None = None) -> bool:
        return bool(select.select([self._read], [], [], timeout)[0])

    def is_set(self) -> bool:
        return self.wait(0)


def die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), as a kill -9 of a
    single process would; elsewhere the worker notices within a tick (getppid changes)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:     # it died before we could ask
        os._exit(0)


def _answer(conn: Connection, timeout: float):
    """What the launcher says within `timeout` seconds (None: nothing, or it exited)."""
    try:
        return conn.recv() if conn.poll(timeout) else None
    except (EOFError, OSError):
        return None


def _sqlite_works() -> bool:
    """Open, write and read a small SQLite file in a thread of its own, which hangs if a
    lock SQLite needs was held by another thread at the fork."""
    import sqlite3
    import tempfile
    import threading

    done = threading.Event()

    def probe() -> None:
        with tempfile.TemporaryDirectory(prefix="mailbot-launcher-") as folder:
            connection = sqlite3.connect(os.path.join(folder, "probe.db"))
            connection.execute("CREATE TABLE t (x)")
            connection.execute("INSERT INTO t VALUES (1)")
            connection.execute("SELECT x FROM t").fetchall()
            connection.close()
        done.set()
    threading.Thread(target=probe, daemon=True).start()
    return done.wait(CANARY_SECONDS)
