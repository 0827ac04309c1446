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


def test_a_certificate_credential_must_name_a_private_key_mailbot_can_read(tmp_path):
    """Microsoft 365 with a certificate: certificate_path is the certificate's private key. A
    path that is not there, the certificate alone (no key) or a key cut short is refused at
    check-config, naming the key and what to give instead, never quoting the file; a
    thumbprint that is not 40 hex digits likewise."""
    from tests.m365 import CLIENT_ID, TENANT, app_certificate
    cert_path, key_path, thumbprint = app_certificate(str(tmp_path))
    key_lines = Path(key_path).read_text().splitlines()
    cut_short = tmp_path / "cut-short-key.pem"
    cut_short.write_text("\n".join(key_lines[:6] + key_lines[-1:]) + "\n")
    missing = tmp_path / "not-there.pem"

    def m365(path, thumb=thumbprint) -> dict:
        return {"backend": "imap", "host": "outlook.office365.com", "username": "ssst@example.test",
                "auth": "xoauth2", "oauth2": {"tenant_id": TENANT, "client_id": CLIENT_ID,
                                              "certificate_path": str(path), "certificate_thumbprint": thumb}}
    data = example()
    data["mailboxes"]["ssst"]["inbound"] = m365(missing)
    data["mailboxes"]["vsat"]["inbound"] = m365(cert_path)
    data["mailboxes"]["atw"]["inbound"] = m365(cut_short, thumb="not-a-thumbprint")
    path = tmp_path / "m365.yaml"
    path.write_text(yaml.safe_dump(data))
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 2
    said = result.stderr
    assert (f"mailboxes.ssst.inbound.oauth2.certificate_path: cannot read {missing} (No such file or "
            "directory); give the PEM file holding the private key") in said
    assert f"mailboxes.vsat.inbound.oauth2.certificate_path: {cert_path} holds no private key" in said
    assert f"mailboxes.atw.inbound.oauth2.certificate_path: {cut_short} holds no private key" in said
    assert "mailboxes.atw.inbound.oauth2.certificate_thumbprint: 'not-a-thumbprint' is not a" in said
    printed = result.stdout + result.stderr
    body = [line for line in key_lines + Path(cert_path).read_text().splitlines() if "-----" not in line]
    assert not any(line in printed for line in body)

    data["mailboxes"]["ssst"]["inbound"] = m365(key_path, thumb=":".join(
        thumbprint[i:i + 2].lower() for i in range(0, 40, 2)))      # as openssl prints it
    data["mailboxes"]["vsat"]["inbound"] = data["mailboxes"]["atw"]["inbound"] = m365(key_path)
    path.write_text(yaml.safe_dump(data))
    config = load_config(path)
    assert config.mailboxes["ssst"].inbound.oauth2.certificate_thumbprint == thumbprint


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
