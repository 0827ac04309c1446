"""Retention: after `files.retention_days`, case files and raw messages of settled work are
purged; the audit trail (cases, their events, who was sent what and when) is kept."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage


@dataclass
class Purged:
    inbound: int = 0
    outbound: int = 0
    case_folders: int = 0


def purge_expired(sessions: sessionmaker[Session], config: Config, now: datetime) -> Purged:
    cutoff = now - timedelta(days=config.files.retention_days)
    purged = Purged()
    with sessions() as s:
        closed_before = select(Case.id).where(Case.closed_at.is_not(None), Case.closed_at < cutoff)
        purged.inbound = s.execute(
            update(InboundMessage)
            .where(InboundMessage.received_at < cutoff, InboundMessage.raw != b"",
                   InboundMessage.status != "new",
                   or_(InboundMessage.case_id.is_(None), InboundMessage.case_id.in_(closed_before)))
            .values(raw=b"")).rowcount
        purged.outbound = s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.created_at < cutoff, OutboxMessage.raw != b"",
                   OutboxMessage.status.in_(("sent", "failed")),
                   or_(OutboxMessage.case_id.is_(None), OutboxMessage.case_id.in_(closed_before)))
            .values(raw=b"")).rowcount
        for case in s.scalars(select(Case).where(Case.id.in_(closed_before))):
            folder = Path(config.files.root) / config.files.folders.path(
                "case", team=case.team, ref=case.ref, sr_number=case.sr_number,
                region=(case.data or {}).get("region"))
            if folder.exists():
                shutil.rmtree(folder)
                purged.case_folders += 1
                s.add(CaseEvent(case_id=case.id, at=now, kind="purged",
                                text=f"case files purged after {config.files.retention_days} days"))
        s.commit()
    return purged
