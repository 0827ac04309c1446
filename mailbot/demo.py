"""`mailbot demo`: seed referrals and officers' replies into local Maildir mailboxes, run
the bot on a simulated clock, print a timeline, leave the sent mail and PDFs to look at."""
from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

from mailbot.clock import LONDON, SimulatedClock
from mailbot.config import load_config
from mailbot.engine import Engine
from mailbot.world import MaildirPostOffice, World

START = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)   # a Monday morning


def demo_config(out: Path):
    from mailbot.cli import example_config
    config = load_config(example_config())
    mail = out / "mail"
    mailboxes = {}
    for key, mb in config.mailboxes.items():
        mailboxes[key] = mb.model_copy(update={
            "inbound": mb.inbound.model_copy(update={"path": str(mail / mb.address)}),
            "outbound": mb.outbound.model_copy(update={"path": str(mail)}),
        })
    return config.model_copy(update={
        "mailboxes": mailboxes,
        "store": config.store.model_copy(update={"url": f"sqlite:///{out / 'mailbot.db'}"}),
        "files": config.files.model_copy(update={"root": str(out / "files"),
                                                 "outgoing_eml": str(out / "sent")}),
    })


class Timeline:
    def __init__(self, clock: SimulatedClock, stream=sys.stdout):
        self.clock, self.stream = clock, stream

    def say(self, who: str, text: str) -> None:
        print(f"{self.clock.now():%a %d %b %H:%M}  {who:<10} {text}", file=self.stream)

    def listener(self, event: str, data: dict) -> None:
        if event == "processed":
            what = data.get("kind") or "?"
            where = f" → case {data['case_ref']}" if data.get("case_ref") else ""
            why = f" ({data['reason']})" if data.get("reason") else ""
            self.say("bot read", f"{what.replace('_', ' ')}: {data['status']}{where}{why}")
        elif event == "sent":
            self.say("bot sent", f"{data['subject']}  → {', '.join(data['to'])}")
        elif event == "reminder":
            self.say("reminder", f"{data['key'].split(':')[0].replace('_', ' ')} for {data['case_ref']}")


def build_world(out: Path, stream=sys.stdout) -> tuple[World, Timeline]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    config = demo_config(out)
    clock = SimulatedClock(START)
    timeline = Timeline(clock, stream)
    engine = Engine(config, clock, listener=timeline.listener)
    world = World(engine, clock, MaildirPostOffice(out / "mail"))
    return world, timeline


def journeys():
    """The demo's journeys, in order. Workflow issues add theirs here."""
    from mailbot import demo_basics
    found = [demo_basics.journey]
    for name in ("demo_f2f", "demo_court"):
        try:
            module = __import__(f"mailbot.{name}", fromlist=["journey"])
        except ImportError:
            continue
        found.append(module.journey)
    return found


def run_demo(out: Path) -> int:
    world, timeline = build_world(out)
    for journey in journeys():
        print(f"\n== {journey.__doc__.strip().splitlines()[0]}")
        journey(world, timeline.say)
    world.engine.close()
    sent = sorted((out / "sent").glob("*.eml")) if (out / "sent").exists() else []
    pdfs = sorted((out / "files").rglob("*.pdf"))
    print(f"\nDone. {len(sent)} sent messages as .eml in {out / 'sent'}; "
          f"{len(pdfs)} PDFs under {out / 'files'}; every mailbox as a Maildir under {out / 'mail'}.")
    print(f"Look inside: mailbot cases --all --config ... or open {out / 'mailbot.db'}")
    return 0
