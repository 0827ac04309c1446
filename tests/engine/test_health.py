"""/healthz and /metrics of `mailbot run` (mailbot/health.py), and logs free of client data."""
from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from mailbot.clock import LONDON, SystemClock
from mailbot.config import HealthConfig
from mailbot.daemon import Daemon
from mailbot.engine import Engine
from mailbot.health import check_mailbox, check_outbox, check_worker, judge
from mailbot.store import OutboxMessage
from tests.botworld import (CASEWORKER, ECM, SSST, SSST_OFFICER, VSAT_OFFICER, make_world,
                            real_server_config)
from tests.engine.test_daemon import until
from tests.engine.test_engine import FEE_REQUEST, acknowledge_flow
from tests.journeys.test_f2f import BEN, one, request
from tests.servers import deliver, free_port, make_message


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except urllib.error.URLError:       # not listening yet
        return 0, ""


def samples(port: int) -> dict[tuple, float]:
    """Every sample of /metrics, keyed by name and sorted labels."""
    status, text = get(port, "/metrics")
    assert status == 200, text
    return {(s.name, *sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


# --- the judgement, with made-up inputs --------------------------------------------------------
def test_healthz_is_well_only_when_every_part_is():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
    well = [check_mailbox("ssst", 20, 600, 300), check_mailbox("vsat", None, 10, 300),
            check_worker(None), check_outbox((7, now - timedelta(seconds=30)), now, 600)]
    status, body = judge(well)
    assert status == 200
    assert body.splitlines() == ["OK mailbox ssst: looked through 20s ago",
                                 "OK mailbox vsat: connecting (10s since start)",
                                 "OK worker: alive", "OK outbox: oldest unsent message 30s old"]

    status, body = judge([check_mailbox("ssst", 20, 600, 300),
                          check_mailbox("vsat", None, 400, 300, "login refused"),
                          check_worker("worker process 42 has exited"),
                          check_outbox((7, now - timedelta(seconds=900)), now, 600)])
    assert status == 503
    assert body.splitlines() == [
        "OK mailbox ssst: looked through 20s ago",
        "FAIL mailbox vsat: not looked through since start 400s ago (last error: login refused)",
        "FAIL worker: worker process 42 has exited",
        "FAIL outbox: outbox=7 unsent for 900s, over 600s"]
    assert judge([check_mailbox("ssst", 301, 900, 300)])[0] == 503
    assert judge([check_outbox(None, now, 600)]) == (200, "OK outbox: nothing waiting to be sent\n")


# --- the daemon, for real ------------------------------------------------------------------------
def test_a_running_daemon_reports_its_health_and_counts_what_it_handles(
        tmp_path, private_dovecot, private_relay):
    """Given mailbot running on the system clock (its worker a process of its own) with health
    on, /healthz names every part well; a fee request handled shows in /metrics; an outbox
    message stuck unsent past the limit makes /healthz fail, naming the outbox."""
    port = free_port()
    config = real_server_config(tmp_path, private_dovecot, private_relay, health=HealthConfig(
        port=port, outbox_max_age_seconds=60, mailbox_stale_seconds=30))
    engine = Engine(config, SystemClock(), workflows=[acknowledge_flow])
    daemon = Daemon(tmp_path / "unused.yaml", config, engine=engine)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        assert daemon.worker_process
        boxes = list(config.mailboxes)     # ssst, vsat, atw
        assert until(lambda: get(port, "/healthz")[1].count("looked through") == len(boxes))
        status, body = get(port, "/healthz")
        assert status == 200, body
        assert [line.split(":")[0] for line in body.splitlines()] == [
            *(f"OK mailbox {key}" for key in boxes), "OK worker", "OK outbox"]

        deliver(private_relay.port, make_message(SSST, "Enforcement fee - SR 1-9RB2WX5", FEE_REQUEST,
                                                 sender=ECM), SSST, sender=ECM)
        assert private_dovecot.wait_for_messages(SSST_OFFICER, 1, timeout=20) == 1
        in_ssst = ("mailbot_messages_in_total", ("kind", "enforcement_fee_request"), ("mailbox", "ssst"))
        assert until(lambda: samples(port).get(in_ssst) == 1, timeout=10)
        metrics = samples(port)
        assert metrics[("mailbot_outcomes_total", ("outcome", "processed"))] == 1
        assert metrics[("mailbot_outcomes_total", ("outcome", "quarantined"))] == 0
        assert metrics[("mailbot_reaction_seconds_count",)] == 1
        assert metrics[("mailbot_reaction_seconds_bucket", ("le", "+Inf"))] == 1
        assert metrics[("mailbot_reminders_pending",)] >= 1      # acknowledge_flow's follow-up
        assert ("mailbot_outbox_depth",) in metrics and ("mailbot_reminder_lag_seconds",) in metrics

        # a send that never finished, an hour ago
        with engine.writing(), engine.sessions() as s:
            stuck = OutboxMessage(mailbox="ssst", message_id="<stuck@mailbot.invalid>", sender=SSST,
                                  recipients=[SSST_OFFICER], subject="stuck", template="summary",
                                  raw=b"", created_at=SystemClock().now() - timedelta(hours=1),
                                  status="sending")
            s.add(stuck)
            s.commit()
            stuck_id = stuck.id
        status, body = get(port, "/healthz")
        assert status == 503
        assert f"FAIL outbox: outbox={stuck_id} unsent for 36" in body
        assert "OK worker" in body and "OK mailbox ssst" in body
        metrics = samples(port)
        assert metrics[("mailbot_outbox_depth",)] == 1
        assert metrics[("mailbot_outbox_oldest_age_seconds",)] >= 3600
    finally:
        daemon.request_stop()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert daemon.health_server is not None and daemon.health_server.server is None   # closed


# --- log lines free of client data -----------------------------------------------------------------
CLIENT_DATA = ["Dean Fletcher", "Fletcher", "1100 2233 4455", "110022334455", "14 Harehills Lane",
               "Harehills", "LS8 4AB", "07700 900123"]


def test_a_whole_face_to_face_journey_logs_no_client_data(tmp_path, private_dovecot, private_relay,
                                                          caplog):
    """Given a face to face referral taken from request to completed visit, with every log
    line kept (DEBUG), the client's name, SCIN, address, postcode and phone appear in none."""
    caplog.set_level(logging.DEBUG, logger="mailbot")
    world = make_world(tmp_path, private_dovecot, private_relay)
    try:
        world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request())
        world.run()
        world.reply(SSST_OFFICER, one(world, SSST_OFFICER, "Full PV check"), "PV: no marker")
        world.run()
        world.reply(VSAT_OFFICER, one(world, VSAT_OFFICER, "referral to review"), "ACCEPT\n\nGillian")
        world.run()
        visit = one(world, BEN, "Face to face visit required")
        world.advance(hours=24)
        world.reply(BEN, visit, "Appointment booked for Thursday 3 December 2026 at 10:30.\n"
                                "Location: client's home, 14 Harehills Lane, Leeds LS8 4AB")
        world.run()
        world.advance(to=world.clock.now().replace(month=12, day=3, hour=15))
        world.reply(BEN, visit, "Visit completed today, the client attended and we went through "
                                "the payments.")
        world.run()
        assert one(world, CASEWORKER, "visit completed")
    finally:
        world.engine.close()
    records = [r for r in caplog.records if r.name.startswith("mailbot")]
    assert len(records) > 20             # the journey was logged
    text = "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}" for r in records) + caplog.text
    leaked = [words for words in CLIENT_DATA if words.lower() in text.lower()]
    assert not leaked, [r.getMessage() for r in records
                        if any(w.lower() in r.getMessage().lower() for w in leaked)]


def test_sends_that_did_not_go_are_counted_by_mailbox_and_why(tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    from mailbot.clock import SystemClock
    from mailbot.health import Metrics
    from mailbot.store import open_store
    metrics = Metrics(open_store(f"sqlite:///{tmp_path / 'm.db'}"), SystemClock())
    metrics.send_failed("ssst", "login_refused")
    metrics.send_failed("ssst", "login_refused")
    metrics.send_failed("vsat", "refused")
    samples = {(s.labels.get("mailbox"), s.labels.get("why")): s.value
               for family in text_string_to_metric_families(metrics.text().decode())
               if family.name == "mailbot_send_failures" for s in family.samples if s.name.endswith("_total")}
    assert samples == {("ssst", "login_refused"): 2.0, ("vsat", "refused"): 1.0}
