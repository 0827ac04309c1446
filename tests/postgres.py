"""A private PostgreSQL server for tests: its own cluster in a temporary folder, listening
on a free loopback port, trust authentication, gone when the tests end.

PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to `nobody` and its
programs run through `runuser`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.servers import free_port, wait_for_port

PG_BIN = Path(os.environ.get("MAILBOT_PG_BIN", "/usr/lib/postgresql/15/bin"))


def postgres_available() -> bool:
    return (PG_BIN / "postgres").exists() and (PG_BIN / "initdb").exists()


class Postgres:
    """`start()` a cluster; `new_database()` gives the SQLAlchemy URL of a fresh database.
    The cluster lives in a fresh dir under `root_parent` (pass "/dev/shm" for benchmarks)."""

    def __init__(self, root_parent: str = "/tmp"):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mailbot-pg-", dir=root_parent))
        self.data = self.dir / "data"
        self.user = "nobody" if os.geteuid() == 0 else None

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(a) for a in argv]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)

    def start(self) -> "Postgres":
        if self.user:
            shutil.chown(self.dir, self.user)
        self._run(PG_BIN / "initdb", "-D", self.data, "-U", "mailbot", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        self._start_server()
        return self

    def _start_server(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log",
                  "-o", options, "-w", "start")
        wait_for_port(self.port)

    def restart(self, mode: str = "fast", down_seconds: float = 0.0) -> None:
        """Restart the server as an administrator would: `mode` as pg_ctl's (fast: every
        session is ended; immediate: as after a crash), down for `down_seconds` (connections
        refused), then up again with the same databases on the same port."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")
        time.sleep(down_seconds)
        self._start_server()

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        import psycopg
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=mailbot dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://mailbot@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
