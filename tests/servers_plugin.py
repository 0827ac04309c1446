"""pytest fixtures for real mail servers (see tests/servers.py for the classes).

- `dovecot` (session): a running `Dovecot`, IMAP/IMAPS/LMTP on loopback, TLS with a
  self-signed certificate (`dovecot.cert_path`).
- `smtp_relay` (session): an `SmtpRelay` into that Dovecot's LMTP (`smtp_relay.port`).
- `mail_user` (function): a fresh `MailUser(address, password)` on `dovecot`.
- `new_mail_user` (function): a factory, `new_mail_user(prefix="user")`, for more users.
- `private_dovecot` (function): a Dovecot of the test's own, for tests that stop or
  restart it; `private_relay` relays into it.
- `postgres` (session): a private PostgreSQL cluster (tests/postgres.py); `pg_url`
  (function): the SQLAlchemy URL of a fresh, empty database on it.

Without Dovecot (or PostgreSQL) installed these skip, unless MAILBOT_REQUIRE_SERVERS=1
(CI), where a missing server is a failure.
"""
from __future__ import annotations

import os

import pytest

from tests.postgres import PG_BIN, Postgres, postgres_available
from tests.servers import Dovecot, MailUser, SmtpRelay, dovecot_available, DOVECOT_BIN


def _require(available: bool, message: str) -> None:
    if available:
        return
    if os.environ.get("MAILBOT_REQUIRE_SERVERS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _require_dovecot() -> None:
    _require(dovecot_available(), f"Dovecot not installed ({DOVECOT_BIN} missing): "
             "apt-get install dovecot-imapd dovecot-lmtpd to run the real-server tests")


@pytest.fixture(scope="session")
def dovecot():
    _require_dovecot()
    server = Dovecot().start()
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def smtp_relay(dovecot):
    relay = SmtpRelay(dovecot.lmtp_port).start()
    yield relay
    relay.stop()


@pytest.fixture
def new_mail_user(dovecot):
    def make(prefix: str = "user") -> MailUser:
        return dovecot.new_user(prefix)
    return make


@pytest.fixture
def mail_user(new_mail_user) -> MailUser:
    return new_mail_user()


@pytest.fixture
def private_dovecot():
    _require_dovecot()
    server = Dovecot().start()
    yield server
    server.cleanup()


@pytest.fixture
def private_relay(private_dovecot):
    relay = SmtpRelay(private_dovecot.lmtp_port).start()
    yield relay
    relay.stop()


@pytest.fixture(scope="session")
def postgres():
    _require(postgres_available(), f"PostgreSQL not installed ({PG_BIN} has no postgres): "
             "apt-get install postgresql to run the PostgreSQL store tests")
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres) -> str:
    return postgres.new_database()
