"""Baselines of the mail stack alone, for comparing mailbot's figures against.

On a private Dovecot in /dev/shm with the aiosmtpd→LMTP relay (tests/servers.py):
- IDLE wake: SMTP delivery → a plain imapclient listener sees EXISTS (median, p95),
  and the same through mailbot's ImapInbox.wait();
- delivery rate: SMTP → relay → Dovecot mailbox, one connection, messages/s;
- fetch rate: imapclient UID FETCH BODY.PEEK[] in batches of 200, messages/s.

    .venv/bin/python -m bench.bench_mail_baseline [--wakes 50] [--messages 2000]

The engine benchmark imports `idle_wake_times`, `inbox_wake_times`, `delivery_rate`, `fetch_rate`.
"""
from __future__ import annotations

import argparse
import os
import smtplib
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from imapclient import IMAPClient  # noqa: E402

from tests.servers import Dovecot, SmtpRelay, make_message  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _listener(dovecot: Dovecot, address: str) -> IMAPClient:
    client = dovecot.imap(address)
    client.select_folder("INBOX")
    return client


def idle_wake_times(dovecot: Dovecot, relay: SmtpRelay, address: str, n: int = 50) -> list[float]:
    """Seconds from the start of an SMTP delivery until an idling plain imapclient
    listener is told (EXISTS), n times."""
    client = _listener(dovecot, address)
    times = []
    with smtplib.SMTP(relay.host, relay.port) as smtp:
        for i in range(n):
            client.idle()
            raw = make_message(address, f"wake {i}")
            start = time.perf_counter()
            smtp.sendmail("bench@example.test", [address], raw)
            woke = None
            while woke is None:
                for resp in client.idle_check(timeout=10):
                    if len(resp) > 1 and resp[1] == b"EXISTS":
                        woke = time.perf_counter()
                if woke is None and time.perf_counter() - start > 10:
                    raise TimeoutError("no IDLE notice within 10 s")
            client.idle_done()
            times.append(woke - start)
    client.logout()
    return times


def inbox_wake_times(dovecot: Dovecot, relay: SmtpRelay, address: str, n: int = 50) -> list[float]:
    """The same through mailbot's ImapInbox: delivery start → wait() returns True."""
    from mailbot.mailboxes.imap import ImapInbox

    inbox = ImapInbox("bench", dovecot.host, dovecot.imap_port, "plain", address,
                      dovecot.users[address.lower()], processed_folder="Processed")
    list(inbox.fetch_new(None))
    times = []
    with smtplib.SMTP(relay.host, relay.port) as smtp:
        for i in range(n):
            raw = make_message(address, f"inbox wake {i}")
            start = time.perf_counter()
            threading.Timer(0.05, smtp.sendmail, ("bench@example.test", [address], raw)).start()
            if not inbox.wait(10):
                raise TimeoutError("ImapInbox.wait did not wake within 10 s")
            times.append(time.perf_counter() - start - 0.05)
            for f in inbox.fetch_new(None):
                inbox.settle(f)
    inbox.close()
    return times


def delivery_rate(relay: SmtpRelay, address: str, n: int = 2000, size: int = 4000) -> float:
    """Messages/s delivered SMTP → relay → LMTP → mailbox over one SMTP connection."""
    raws = [make_message(address, f"rate {i}", size=size) for i in range(n)]
    with smtplib.SMTP(relay.host, relay.port) as smtp:
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        start = time.perf_counter()
        for raw in raws:
            smtp.sendmail("bench@example.test", [address], raw)
        elapsed = time.perf_counter() - start
    return n / elapsed


def fetch_rate(dovecot: Dovecot, address: str, batch: int = 200) -> tuple[int, float]:
    """(messages, messages/s) for fetching the whole INBOX in batches with imapclient."""
    client = _listener(dovecot, address)
    uids = client.search(["ALL"])
    start = time.perf_counter()
    count = 0
    for i in range(0, len(uids), batch):
        count += len(client.fetch(uids[i:i + batch], ["BODY.PEEK[]"]))
    elapsed = time.perf_counter() - start
    client.logout()
    return count, count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wakes", type=int, default=50)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--root", default="/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")
    args = parser.parse_args()

    with Dovecot(root_parent=args.root) as dovecot, SmtpRelay(dovecot.lmtp_port) as relay:
        idler, sink = dovecot.new_user("idle"), dovecot.new_user("rate")
        wakes = idle_wake_times(dovecot, relay, idler.address, args.wakes)
        inbox_wakes = inbox_wake_times(dovecot, relay, dovecot.new_user("inbox").address, args.wakes)
        rate = delivery_rate(relay, sink.address, args.messages)
        fetched, frate = fetch_rate(dovecot, sink.address)
        print(f"Dovecot in {dovecot.root} ({dovecot.mail_format})")
        print(f"bare IDLE wake (SMTP start → EXISTS), {len(wakes)} messages: "
              f"median {statistics.median(wakes) * 1000:.0f} ms, p95 {percentile(wakes, 95) * 1000:.0f} ms")
        print(f"mailbot ImapInbox.wait wake (delivery → True), {len(inbox_wakes)} messages: "
              f"median {statistics.median(inbox_wakes) * 1000:.0f} ms, "
              f"p95 {percentile(inbox_wakes, 95) * 1000:.0f} ms")
        print(f"bare delivery SMTP → relay → LMTP, {args.messages} × ~4 KB, one connection: {rate:.0f} msg/s")
        print(f"bare fetch, imapclient BODY.PEEK[] batches of 200, {fetched} messages: {frate:.0f} msg/s")


if __name__ == "__main__":
    main()
