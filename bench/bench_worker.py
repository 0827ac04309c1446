"""The bot's own CPU per message, without mail servers: the worker and the sender alone.

    .venv/bin/python -m bench.bench_worker [--messages 2000] [--profile FILE]

N benchmark requests (the same messages and the same one-step workflow as bench_engine's
drain) are stored as new inbound rows in a SQLite store on /dev/shm; then the engine
processes them all (read, case, events, reply queued) and dispatches the replies to a
local Maildir. Prints milliseconds of CPU per message for each half. In bench_engine's
drain (as under `mailbot run`) the worker is a process of its own and the sender a thread
of the daemon beside the IMAP fetch, so the worker's figure alone bounds the drain rate on
this machine: 1000 / worker messages per second, less whatever the mail servers take of
its core.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_engine import BODY, SIZE, SUBJECT, bench_flow  # noqa: E402
from mailbot.clock import LONDON, SystemClock  # noqa: E402
from mailbot.commands.demo import demo_config  # noqa: E402
from mailbot.engine import Engine  # noqa: E402
from mailbot.store import InboundMessage  # noqa: E402
from tests.botworld import CASEWORKER, SSST  # noqa: E402
from tests.servers import make_message  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--profile", metavar="FILE", help="cProfile both halves into FILE")
    args = parser.parse_args(argv)
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    workdir = Path(tempfile.mkdtemp(prefix="mailbot-worker-", dir=base))
    try:
        config = demo_config(workdir)
        config = config.model_copy(update={"store": config.store.model_copy(
            update={"url": f"sqlite:///{workdir / 'mailbot.db'}"})})
        engine = Engine(config, SystemClock(), workflows=[bench_flow])
        key = next(k for k, mb in config.mailboxes.items() if mb.address == SSST)
        now = datetime.now(LONDON)
        with engine.sessions() as s:
            for i in range(args.messages):
                raw = make_message(SSST, f"{SUBJECT} w{i}", BODY, sender=CASEWORKER, size=SIZE)
                s.add(InboundMessage(mailbox=key, uidvalidity=1, uid=str(i + 1), raw=raw,
                                     message_id=f"<w{i}@bench>", received_at=now, status="new"))
            s.commit()
        prof = None
        if args.profile:
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        t, c = time.perf_counter(), time.process_time()
        outcomes = engine.process_pending()
        work_wall, work_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        sent = engine.dispatch()
        send_wall, send_cpu = time.perf_counter() - t, time.process_time() - c
        if prof is not None:
            prof.disable()
            prof.dump_stats(args.profile)
        n = args.messages
        assert len(outcomes) == n and sent == n, (len(outcomes), sent)
        print(f"{n} messages, SQLite on {base}")
        print(f"  worker (read, case, events, reply queued): {1000 * work_cpu / n:.2f} ms CPU "
              f"per message ({1000 * work_wall / n:.2f} ms wall)")
        print(f"  sender (claim, send to Maildir, record):   {1000 * send_cpu / n:.2f} ms CPU "
              f"per message ({1000 * send_wall / n:.2f} ms wall)")
        print(f"  bound on the drain rate (the worker alone): {n / work_cpu:.0f} messages/s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
