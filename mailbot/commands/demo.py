"""`mailbot demo`: seed referrals and officers' replies into local Maildir mailboxes, run
the bot on a simulated clock, print a timeline, leave the sent mail and PDFs to look at."""
from __future__ import annotations

import email
import email.policy
import shutil
import sys
from datetime import datetime
from pathlib import Path

import yaml

from mailbot.clock import LONDON, SimulatedClock
from mailbot.commands.world import MaildirPostOffice, World
from mailbot.config import example_config, load_config
from mailbot.engine import Engine

START = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)   # a Monday morning


def demo_config(out: Path):
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
    from mailbot.commands import demo_atw, demo_basics, demo_court, demo_f2f
    return [demo_f2f.journey, demo_court.journey, demo_atw.journey, demo_basics.journey]


def run_demo(out: Path) -> int:
    world, timeline = build_world(out)
    for journey in journeys():
        print(f"\n== {journey.__doc__.strip().splitlines()[0]}")
        journey(world, timeline.say)
    world.engine.close()
    sent = sorted((out / "sent").glob("*.eml")) if (out / "sent").exists() else []
    pdfs = _collect_pdfs(sent, out / "pdfs")
    config_file = out / "mailbot.yaml"
    config_file.write_text(yaml.safe_dump(world.engine.config.model_dump(mode="json"), sort_keys=False))
    print(f"\nDone. Under {out}/:")
    print(f"  sent/   {len(sent)} messages the bot sent, as .eml files")
    print(f"  pdfs/   {len(pdfs)} letters and forms it made (case folders in files/ are deleted "
          f"when a case completes, as the procedure says)")
    print("  mail/   every person's and team's mailbox, as Maildirs")
    print(f"Look inside: mailbot cases --all --config {config_file}")
    return 0


def _collect_pdfs(sent: list[Path], folder: Path) -> list[Path]:
    """The PDFs the bot attached to its emails, saved once each."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for path in sent:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part in msg.iter_attachments():
            name = part.get_filename() or ""
            if name.lower().endswith(".pdf"):
                target = folder / f"{path.stem.split('-')[0]}-{name}"
                target.write_bytes(part.get_payload(decode=True))
                saved.append(target)
    return saved
