"""kill -9 at random moments: every message processed once, every reply delivered once."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from email.parser import BytesHeaderParser

import yaml
from sqlalchemy import func, select

from mailbot.store import InboundMessage, OutboxMessage, open_store
from tests.botworld import ECM, PASSWORD, SSST, real_server_config
from tests.servers import make_message

TRIAGE = "moira.hughes@ssst.cmg.example.gov.uk"
MESSAGES = 200
KILLS = 20


def start(config_file, tmp_path):
    env = {**os.environ, "MAILBOT_TEST_SSST_PASSWORD": PASSWORD,
           "MAILBOT_TEST_VSAT_PASSWORD": PASSWORD}
    log = open(tmp_path / "daemon.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "mailbot.cli", "run", "--config", str(config_file)],
                            env=env, stdout=log, stderr=log, cwd=tmp_path)


def survivors(config_file) -> list[int]:
    """Processes still running this config: a worker process left behind by its daemon
    (a forked worker has the daemon's command line)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if str(config_file).encode() in f.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def tally(sessions) -> tuple[dict[str, int], list[str], int]:
    """Inbound messages by status, the Message-IDs processed, and outbox messages not sent."""
    with sessions() as s:
        statuses = dict(s.execute(select(InboundMessage.status, func.count())
                                  .group_by(InboundMessage.status)).all())
        processed_ids = s.scalars(select(InboundMessage.message_id)
                                  .where(InboundMessage.status == "processed")).all()
        unsent = s.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.status != "sent"))
    return statuses, processed_ids, unsent


def gone(config_file, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while survivors(config_file) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not survivors(config_file)


def test_killed_twenty_times_over_two_hundred_messages(tmp_path, private_dovecot, private_relay):
    config = real_server_config(tmp_path, private_dovecot, private_relay)
    config = config.model_copy(update={"mailboxes": {
        k: mb.model_copy(update={"confirm_grace_seconds": 3.0}) for k, mb in config.mailboxes.items()}})
    config_file = tmp_path / "mailbot.yaml"
    config_file.write_text(yaml.safe_dump(config.model_dump(mode="json")))
    # Messages nobody has a workflow for: each is answered by exactly one triage email.
    def note(n):
        return make_message(SSST, f"note {n}", f"A note about nothing in particular, number {n}.\n",
                            sender=ECM, message_id=f"<note-{n}@cmg.example.gov.uk>")
    private_dovecot.append(SSST, [note(n) for n in range(MESSAGES // 2)])

    rng = random.Random(5579)
    for kill in range(KILLS):
        proc = start(config_file, tmp_path)
        if kill == KILLS // 2:       # the rest arrive while it is being killed
            private_dovecot.append(SSST, [note(n) for n in range(MESSAGES // 2, MESSAGES)])
        time.sleep(rng.uniform(0.8, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert gone(config_file), "the worker process outlived its daemon"

    proc = start(config_file, tmp_path)
    try:
        delivered = private_dovecot.wait_for_messages(TRIAGE, MESSAGES, timeout=120)
        time.sleep(4)        # anything still to come (a duplicate) would arrive now
        delivered = private_dovecot.message_count(TRIAGE)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert gone(config_file), "the worker process did not stop with its daemon"
    assert "worker process" in (tmp_path / "daemon.log").read_text()

    statuses, processed_ids, unsent = tally(open_store(config.store.url))
    assert statuses == {"processed": MESSAGES}
    assert len(set(processed_ids)) == MESSAGES
    assert unsent == 0
    raws = private_dovecot.read_mailbox(TRIAGE)
    ids = [BytesHeaderParser().parsebytes(r)["Message-ID"] for r in raws]
    assert delivered == MESSAGES and len(set(ids)) == MESSAGES
