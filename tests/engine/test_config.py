"""The routing config: every error names the file, the key path and what to do; a running
daemon reloads a good new file and keeps the old one when the new one is bad."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from mailbot.cli import example_config
from mailbot.config import load_config
from mailbot.daemon import Daemon
from mailbot.commands.demo import START, demo_config
from mailbot.clock import SimulatedClock
from mailbot.engine import Engine


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "mailbot.cli", *args], capture_output=True,
                          text=True, env=env)


def example() -> dict:
    return yaml.safe_load(example_config().read_text())


def test_the_shipped_example_is_valid():
    result = run_cli("check-config", "--config", str(example_config()))
    assert result.returncode == 0, result.stderr
    assert "OK (3 mailboxes" in result.stdout


def test_errors_name_the_file_the_key_and_the_fix(tmp_path):
    data = example()
    data["mailboxes"]["ssst"]["team"] = "sst"
    data["mailboxes"]["vsat"]["inbound"] = {"backend": "pop3", "path": "x"}
    data["people"][0]["roles"] = ["ssst_oficer"]
    data["people"][1]["email"] = "tom.reilly"
    data["reminders"]["second_pv_check_lead_hourz"] = 48
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    result = run_cli("check-config", "--config", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"{bad}: ") for line in lines)
    text = result.stderr
    assert "mailboxes.vsat.inbound: backend must be one of 'maildir', 'imap'" in text
    assert "people.0.roles: unknown role 'ssst_oficer'" in text
    assert "people.1.email: 'tom.reilly' is not an email address" in text
    assert "reminders.second_pv_check_lead_hourz: unknown key; remove it or check its spelling" in text


def test_cross_references_are_checked(tmp_path):
    data = example()
    data["mailboxes"]["ssst"]["team"] = "sst"
    data["people"][6]["regions"] = ["Cornwall"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    lines = run_cli("check-config", "--config", str(bad)).stderr.strip().splitlines()
    assert f"{bad}: mailboxes.ssst.team: team 'sst' is not under teams: add it there, or use one of atw, ssst, vsat" in lines
    assert f"{bad}: people[6].regions: region 'Cornwall' is not under regions:" in lines


def test_broken_yaml_names_the_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("mailboxes:\n  ssst: [unclosed\nteams: {}\n")
    result = run_cli("check-config", "--config", str(bad))
    assert result.returncode == 2 and "line" in result.stderr and "not valid YAML" in result.stderr


def test_credentials_come_from_the_environment_never_the_file(tmp_path):
    data = example()
    data["mailboxes"]["ssst"]["inbound"] = {"backend": "imap", "host": "imap.example.test",
                                            "username": "ssst", "password_env": "MAILBOT_TEST_NOT_SET"}
    path = tmp_path / "imap.yaml"
    path.write_text(yaml.safe_dump(data))
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 1
    assert "mailboxes.ssst.inbound.password_env: environment variable MAILBOT_TEST_NOT_SET is not set" in result.stderr
    data["mailboxes"]["ssst"]["inbound"]["password"] = "hunter2"
    path.write_text(yaml.safe_dump(data))
    assert "mailboxes.ssst.inbound.password: unknown key" in run_cli("check-config", "--config", str(path)).stderr


def test_a_database_password_in_the_store_url_is_refused(tmp_path):
    data = example()
    data["store"]["url"] = "postgresql+psycopg://mailbot:hunter2@db.example.test/mailbot"
    path = tmp_path / "pg.yaml"
    path.write_text(yaml.safe_dump(data))
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 2
    assert f"{path}: store.url: the URL holds a password; take it out and set PGPASSWORD" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout


def test_a_changed_config_is_reloaded_and_a_bad_one_refused(tmp_path):
    config = demo_config(tmp_path)
    path = tmp_path / "mailbot.yaml"
    path.write_text(yaml.safe_dump(config.model_dump(mode="json")))
    engine = Engine(load_config(path), SimulatedClock(START))
    daemon = Daemon(path, engine.config, clock=engine.clock, engine=engine)

    data = yaml.safe_load(path.read_text())
    data["reminders"]["follow_up_call_hours"] = 2
    path.write_text(yaml.safe_dump(data))
    daemon.reload()
    assert engine.config.reminders.follow_up_call_hours == 2

    path.write_text("mailboxes: {}\nteams: 3\n")
    daemon.reload()                                     # refused: the old config stays
    assert engine.config.reminders.follow_up_call_hours == 2
    assert engine.config.mailboxes
    engine.close()
