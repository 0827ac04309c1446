"""Retention: old settled work loses its files and raw mail, keeps its history."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mailbot.retention import purge_expired
from mailbot.store import Case, CaseEvent, InboundMessage, OutboxMessage
from tests.botworld import ECM, SSST
from tests.engine.test_engine import FEE_REQUEST, world  # noqa: F401  (the fixture)


def test_old_closed_cases_lose_files_and_raw_mail_but_keep_their_history(world):
    world.send(ECM, SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST)
    world.send(ECM, SSST, "Enforcement fee - SR 1-2AB3CD4",
               FEE_REQUEST.replace("1-9RB2WX5", "1-2AB3CD4").replace("700812334465", "700812339999"))
    world.run()
    config = world.engine.config
    with world.engine.sessions() as s:
        old = s.scalar(select(Case).where(Case.sr_number == "1-9RB2WX5"))
        old.closed_at, old.state = world.clock.now(), "closed"
        s.commit()
    folder = world.engine.files_root / "ssst" / "SSST-000001"
    folder.mkdir(parents=True)
    (folder / "CMSL5501.pdf").write_bytes(b"%PDF-1.4")

    assert purge_expired(world.engine.sessions, config, world.clock.now()).inbound == 0
    later = world.clock.now() + timedelta(days=config.files.retention_days + 1)
    purged = purge_expired(world.engine.sessions, config, later)

    assert (purged.inbound, purged.outbound, purged.case_folders) == (1, 1, 1)
    assert not folder.exists()
    with world.engine.sessions() as s:
        raws = {r.case_id: r.raw for r in s.scalars(select(InboundMessage))}
        assert raws[1] == b"" and raws[2] != b""            # the open case keeps its mail
        assert s.scalar(select(OutboxMessage).where(OutboxMessage.case_id == 1)).subject
        kinds = [e.kind for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == 1))]
        assert "opened" in kinds and "purged" in kinds
