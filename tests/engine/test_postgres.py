"""The store on PostgreSQL: the same journeys as on SQLite, with the database URL the only
difference — cases, events, outbox, reminders, the scheduler's job store and the officer
load query all on a real PostgreSQL server."""
from __future__ import annotations

import functools

import pytest
from sqlalchemy import select

from mailbot.config import StoreConfig
from mailbot.store import Case
from tests.botworld import make_world, real_server_config
from tests.engine import test_daemon
from tests.journeys import test_court, test_f2f


@pytest.fixture
def on_postgres(pg_url, monkeypatch):
    """Every world and config the borrowed tests build uses the PostgreSQL database."""
    store = StoreConfig(url=pg_url)
    monkeypatch.setattr(test_court, "make_world", functools.partial(make_world, store=store))
    monkeypatch.setattr(test_daemon, "real_server_config",
                        functools.partial(real_server_config, store=store))
    return store


def test_a_home_visit_journey_runs_on_postgresql(tmp_path, private_dovecot, private_relay, on_postgres):
    world = make_world(tmp_path / "bot", private_dovecot, private_relay, store=on_postgres)
    try:
        test_f2f.test_plain_home_visit_from_request_to_completed_visit(world, tmp_path)
        assert world.engine.sessions.kw["bind"].dialect.name == "postgresql"
        with world.engine.sessions() as s:
            assert [c.state for c in s.scalars(select(Case))] == ["closed", "closed"]
    finally:
        world.engine.close()


def test_the_second_pv_check_fires_48_real_hours_before_the_hearing_on_postgresql(
        tmp_path, private_dovecot, private_relay, on_postgres):
    test_court.test_court_county_court_second_pv_check_48_real_hours_before_a_hearing_after_the_clocks_go_back(
        tmp_path, private_dovecot, private_relay)


def test_the_daemon_scheduler_and_officer_spread_work_on_postgresql(
        tmp_path, private_dovecot, private_relay, on_postgres):
    test_daemon.test_reminders_due_in_a_clock_jump_fire_within_seconds_once_each_in_order(
        tmp_path, private_dovecot, private_relay)


def test_the_worker_process_beside_the_daemon_on_postgresql(
        tmp_path, private_dovecot, private_relay, on_postgres):
    test_daemon.test_on_the_system_clock_the_worker_is_a_process_of_its_own_replaced_if_it_dies(
        tmp_path, private_dovecot, private_relay)
