"""A mailbot on real servers for journey tests: the SSST and VSAT mailboxes are IMAP
mailboxes on a private Dovecot, the bot sends through an SMTP relay into it, and every
person of the example config has a mailbox there too.

    world = make_world(tmp_path, private_dovecot, private_relay)
    world.send(CASEWORKER, SSST, "Face to face request", body)
    world.run()                     # the bot fetches, reads, acts and sends, once
    msg = world.last(OFFICER, "PV check")
    world.reply(OFFICER, msg, "PV: no marker")
    world.advance(hours=48)         # the injected clock moves; reminders fire
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from mailbot.clock import LONDON, SimulatedClock
from mailbot.config import Config
from mailbot.commands.demo import demo_config
from mailbot.engine import Engine
from mailbot.commands.world import World
from tests.servers import Dovecot, SmtpRelay, deliver

PASSWORD = "secret"
START = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)   # Monday 23 November 2026, 09:00

SSST = "specialist.services@ssst.cmg.example.gov.uk"
VSAT = "vsat.interviews@vsat.cmg.example.gov.uk"
SSST_OFFICER = "priya.shah@ssst.cmg.example.gov.uk"
SSST_OFFICER_2 = "tom.reilly@ssst.cmg.example.gov.uk"
SSST_LEADER = "moira.hughes@ssst.cmg.example.gov.uk"
NOMINATED = "david.osei@ssst.cmg.example.gov.uk"
VSAT_OFFICER = "gillian.peart@vsat.cmg.example.gov.uk"
VSAT_LEADER = "alan.birch@vsat.cmg.example.gov.uk"
ECM = "andrew.kettle@cmg.example.gov.uk"
CPO = "farah.qureshi@cpt.cmg.example.gov.uk"
CASEWORKER = "harriet.okonjo@cmg.example.gov.uk"
CASEWORKER_LEADER = "ifan.roberts@cmg.example.gov.uk"
STRANGER = "curious.person@example.com"


class DovecotPostOffice:
    """People's mail goes in by SMTP (through the relay) and is read back over IMAP."""

    def __init__(self, dovecot: Dovecot, relay: SmtpRelay):
        self.dovecot, self.relay = dovecot, relay

    def deliver(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        deliver(self.relay.port, raw, recipients, sender=sender)

    def messages_for(self, address: str) -> list[bytes]:
        return self.dovecot.read_mailbox(address.lower())


def real_server_config(tmp_path: Path, dovecot: Dovecot, relay: SmtpRelay,
                       extra_addresses: list[str] = (), **overrides) -> Config:
    config = demo_config(tmp_path)
    mailboxes = {}
    for key, mb in config.mailboxes.items():
        env = f"MAILBOT_TEST_{key.upper()}_PASSWORD"
        os.environ[env] = PASSWORD
        mailboxes[key] = mb.model_copy(update={
            "inbound": _imap(dovecot, mb.address, env),
            "outbound": _smtp(relay),
        })
    config = config.model_copy(update={"mailboxes": mailboxes, **overrides})
    addresses = ({mb.address for mb in config.mailboxes.values()}
                 | {p.email for p in config.people}
                 | {a for t in config.teams.values() for a in
                    (t.team_leader, t.nominated_officer, t.triage, t.quarantine_reviewer) if a}
                 | {r.cpt_email for r in config.regions if r.cpt_email}
                 | {CASEWORKER, CASEWORKER_LEADER, STRANGER, "se.cpt@cpt.cmg.example.gov.uk",
                    "tv.cpt@cpt.cmg.example.gov.uk", "duncan.meikle@cmg.example.gov.uk",
                    "fiona.lamont@cmg.example.gov.uk", "rebecca.thornhill@cmg.example.gov.uk"}
                 | set(extra_addresses))
    for address in addresses:
        dovecot.add_user(address, PASSWORD)
    return config


def _imap(dovecot: Dovecot, address: str, env: str):
    from mailbot.config import ImapInboxConfig
    return ImapInboxConfig(backend="imap", host="127.0.0.1", port=dovecot.imap_port,
                           security="plain", username=address, password_env=env,
                           processed_folder="Processed", idle=True, poll_seconds=1.0)


def _smtp(relay: SmtpRelay):
    from mailbot.config import SmtpSenderConfig
    return SmtpSenderConfig(backend="smtp", host="127.0.0.1", port=relay.port, security="plain")


def make_world(tmp_path: Path, dovecot: Dovecot, relay: SmtpRelay, *, start: datetime = START,
               extra_addresses: list[str] = (), workflows=None, **overrides) -> World:
    """`workflows` defaults to the real handlers; engine tests pass workflows of their own."""
    config = real_server_config(tmp_path, dovecot, relay, extra_addresses, **overrides)
    clock = SimulatedClock(start)
    engine = Engine(config, clock, workflows=workflows)
    return World(engine, clock, DovecotPostOffice(dovecot, relay))
