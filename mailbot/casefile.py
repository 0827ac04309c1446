"""The case as a step, a template and a letter see it: its view and `act`, the people its
roles name, the values every email is rendered with, and its folder of documents."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from mailbot import actions as A
from mailbot.store import Case
from mailbot.templates import NATION_BODY, CaseFields
from mailbot.transaction import Transaction
from mailbot.workflow import CaseView


def view_and_act(tx: Transaction, case: Case) -> tuple[CaseView, A.Actions]:
    """What a step receives: the case (its history with the events noted so far) and `act`."""
    def history():
        written = [(e.at, e.kind, e.text) for e in case.events] if case.id else []
        return written + [(v["at"], v["kind"], v["text"]) for v in tx.pending_events(case)]
    view = CaseView(case.ref, case.team, case.workflow, case.state, case.data or {},
                    case.opened_at, history)
    nation = (case.data or {}).get("nation") or tx.config.default_nation
    act = A.Actions(now=tx.now, nation=nation, config=tx.config, case_ref=case.ref,
                    resolve_role=lambda role: resolve(tx, role, view),
                    open_cases_of=lambda address: open_cases_of(tx, address, case.team))
    return view, act


def open_cases_of(tx: Transaction, address: str, team: str) -> int:
    """Open cases of `team` whose fields name `address` (a consultant's current load)."""
    tx.s.flush()
    needle = f'"{address.lower()}"'
    rows = tx.s.scalars(select(Case.data).where(Case.team == team, Case.closed_at.is_(None)))
    return sum(1 for data in rows if needle in json.dumps(data or {}).lower())


# --- people -------------------------------------------------------------------------------
def addresses(tx: Transaction, roles: list[str], view: CaseView | None) -> list[str]:
    out: list[str] = []
    for role in roles:
        for addr in resolve(tx, role, view):
            if addr not in out:
                out.append(addr)
    return out


def resolve(tx: Transaction, role: str, view: CaseView | None) -> list[str]:
    """A role name (or an address) → the addresses it means for this case."""
    if "@" in role:
        return [role.lower()]
    if role.endswith("_mailbox"):
        box = tx.engine.mailbox_for_team(role.removesuffix("_mailbox"))
        return [box.address] if box else []
    if view is not None:
        value = view.get(f"{role}_email")
        if value:
            return [value] if isinstance(value, str) else list(value)
    team = tx.config.teams.get(view.team if view else tx.team)
    if team is not None and getattr(team, role, None):
        return [getattr(team, role)]
    people = tx.config.people_with_role(role, view.team if view else tx.team) \
        or tx.config.people_with_role(role)
    return [p.email for p in people[:1]]


# --- what templates are rendered with -------------------------------------------------------
def base_values(tx: Transaction) -> dict[str, Any]:
    return {"now": tx.now, "bot_name": tx.config.bot_name, "body": "CMG",
            "team": tx.team.upper(), "case": CaseFields(), "case_ref": None}


def template_values(tx: Transaction, case: Case, view: CaseView | None) -> dict[str, Any]:
    fields = view.fields() if view else {}
    nation = fields.get("nation") or tx.config.default_nation
    return {**base_values(tx), "case": CaseFields(fields), "case_ref": case.ref, "state": case.state,
            "nation": nation, "body": NATION_BODY.get(nation, "CMG"),
            "team": case.team.upper()}


# --- files ------------------------------------------------------------------------------------
def case_folder(tx: Transaction, case: Case) -> Path:
    """The case's own folder. Not resolved on the disk (a stat per path part, every message):
    files.folders.case is checked at load to stay under the root, and a case's ref and SR
    carry no path parts."""
    data = case.data or {}
    relative = tx.config.files.folders.path("case", team=case.team, ref=case.ref,
                                            sr_number=(case.sr_number or "").replace("/", "-"),
                                            region=data.get("region"))
    return tx.engine.files_root / relative


def files_path(tx: Transaction, relative: str) -> Path:
    root = tx.engine.files_root
    path = (root / relative).resolve()
    if not str(path).startswith(str(root.resolve())):
        raise ValueError(f"folder {relative!r} is outside the files root")
    return path


def find_document(tx: Transaction, case: Case | None, name: str) -> Path | None:
    if case is None:
        return None
    noted = [v["data"] for v in tx.pending_events(case)]
    for data in reversed([e.data for e in case.events] + noted if case.id else noted):
        path = (data or {}).get("path")
        if path and Path(path).name == name and Path(path).exists():
            return Path(path)
    candidate = case_folder(tx, case) / name
    return candidate if candidate.exists() else None
