"""Microsoft 365 offline: IMAP and SMTP XOAUTH2 with tokens mailbot acquires itself (msal,
client credentials) from a local identity platform, against a Dovecot and a submission
server that check them (tests/m365.py, after shared/spec/M365.md). A token refused mid-run
(expired, revoked) is renewed once and nothing is lost; a token near its end is replaced
before a login, not used; a certificate works as well as a secret; a wrong secret or an
unknown certificate is reported in a sentence an administrator can act on."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

import pytest

from mailbot.commands.connect import check_connections
from mailbot.config import parse_config
from mailbot.config_mailboxes import OAuth2Config
from mailbot.mailboxes.base import LoginRefused
from mailbot.mailboxes.imap import ImapInbox
from mailbot.mailboxes.oauth import TokenError, TokenSource, token_source
from mailbot.mailboxes.smtp import SmtpSender
from tests.m365 import CLIENT_ID, TENANT, OAuthDovecot, OAuthSubmission, TokenService, app_certificate
from tests.servers_plugin import _require_dovecot

MAILBOX = "atw.spoc@atw.dwp.example.gov.uk"


@pytest.fixture
def m365():
    _require_dovecot()
    tokens = TokenService(secret="s3cret").start()
    dovecot = OAuthDovecot(tokens).start()
    dovecot.add_user(MAILBOX, "not-used-by-the-bot")
    submission = OAuthSubmission(tokens, dovecot.lmtp_port).start()
    yield tokens, dovecot, submission
    submission.stop()
    dovecot.cleanup()
    tokens.stop()


def source(tokens: TokenService, secret: str = "s3cret", client_id: str = CLIENT_ID) -> TokenSource:
    return TokenSource(TENANT, client_id, secret=secret, authority_host=tokens.authority_host,
                       ca_file=tokens.cert_path)


def certificate_source(tokens: TokenService, key_path: str, thumbprint: str):
    """The token source mailbot makes of an `oauth2:` block that names a certificate."""
    oauth2 = OAuth2Config(tenant_id=TENANT, client_id=CLIENT_ID, certificate_path=key_path,
                          certificate_thumbprint=thumbprint, authority_host=tokens.authority_host,
                          ca_file=tokens.cert_path)
    return token_source(oauth2, None)


def imap_inbox(dovecot, tokens_from) -> ImapInbox:
    return ImapInbox("atw", "127.0.0.1", dovecot.imap_port, "plain", MAILBOX, tokens_from,
                     processed_folder=None, oauth2=True, use_idle=False)


def message(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "lena.fischer@atw.dwp.example.gov.uk", MAILBOX, f"concern {n}"
    msg["Message-ID"] = f"<m365.{n}@atw.dwp.example.gov.uk>"
    msg.set_content(f"message {n}")
    return msg.as_bytes()


def lmtp(dovecot, raw: bytes) -> None:
    with smtplib.LMTP("127.0.0.1", dovecot.lmtp_port) as server:
        server.sendmail("lena.fischer@atw.dwp.example.gov.uk", [MAILBOX], raw)


def test_imap_logs_in_with_its_own_token_and_renews_a_refused_one_losing_nothing(m365):
    tokens, dovecot, _ = m365
    inbox = ImapInbox("atw", "127.0.0.1", dovecot.imap_port, "plain", MAILBOX, source(tokens),
                      processed_folder=None, oauth2=True, use_idle=False)
    lmtp(dovecot, message(1))
    first = [f.raw for f in inbox.fetch_new(None)]
    assert [b"concern 1" in r for r in first] == [True]
    assert tokens.issued == 1

    tokens.revoke_all()           # the token expires mid-run; the next login finds it refused
    inbox.close()
    lmtp(dovecot, message(2))
    second = [f.raw for f in inbox.fetch_new(None)]
    assert any(b"concern 2" in r for r in second)
    assert tokens.issued == 2     # renewed once, on the refusal
    inbox.close()


def test_smtp_sends_with_its_own_token_and_renews_a_refused_one(m365):
    tokens, dovecot, submission = m365
    context = ssl.create_default_context(cafile=tokens.cert_path)
    sender = SmtpSender("atw", "127.0.0.1", submission.port, "starttls", MAILBOX, source(tokens),
                        ssl_context=context, oauth2=True)
    sender.send(message(1), MAILBOX, [MAILBOX])
    sender.close()
    tokens.revoke_all()
    sender.send(message(2), MAILBOX, [MAILBOX])
    sender.close()
    delivered = dovecot.read_mailbox(MAILBOX, "not-used-by-the-bot")
    assert sorted(b"concern 1" in r for r in delivered) == [False, True]
    assert len(delivered) == 2
    assert submission.refused == 1 and tokens.issued == 2


def test_a_wrong_secret_is_reported_in_words_an_administrator_can_act_on(m365):
    tokens, _, _ = m365
    with pytest.raises(TokenError, match="client secret is wrong"):
        source(tokens, secret="an-old-secret")()
    with pytest.raises(TokenError, match="client_id is wrong"):
        source(tokens, client_id="00000000-0000-0000-0000-000000000000")()


def test_check_config_connect_logs_in_to_each_mailbox_and_says_what_failed(m365, monkeypatch, tmp_path):
    tokens, dovecot, submission = m365
    monkeypatch.setenv("ATW_APP_SECRET", "s3cret")
    monkeypatch.setenv("VSAT_APP_SECRET", "expired-secret")
    oauth2 = (f"{{tenant_id: {TENANT}, client_id: {CLIENT_ID}, client_secret_env: {{env}}, "
              f"authority_host: '{tokens.authority_host}', ca_file: '{tokens.cert_path}'}}")
    config = parse_config(f"""
mailboxes:
  atw:
    address: {MAILBOX}
    team: atw
    case_prefix: ATW
    inbound: {{backend: imap, host: 127.0.0.1, port: {dovecot.imap_port}, security: plain, username: {MAILBOX},
              auth: xoauth2, oauth2: {oauth2.replace("{env}", "ATW_APP_SECRET")}}}
    outbound: {{backend: maildir, path: {tmp_path}}}
  vsat:
    address: vsat@vsat.cmg.example.gov.uk
    team: atw
    case_prefix: VSAT
    inbound: {{backend: imap, host: 127.0.0.1, port: {dovecot.imap_port}, security: plain, username: {MAILBOX},
              auth: xoauth2, oauth2: {oauth2.replace("{env}", "VSAT_APP_SECRET")}}}
    outbound: {{backend: maildir, path: {tmp_path}}}
teams:
  atw: {{name: AtW, team_leader: a@dwp.example.gov.uk, nominated_officer: a@dwp.example.gov.uk,
         triage: a@dwp.example.gov.uk}}
""")
    said: list[str] = []
    assert check_connections(config, out=said.append) == 1
    assert any(line.startswith("mailboxes.atw.inbound") and "OK, logged in with a Microsoft 365 token" in line
               for line in said), said
    assert any(line.startswith("mailboxes.vsat.inbound") and "FAILED" in line
               and "client secret is wrong" in line for line in said), said


# ---------------------------------------------------------------------- tokens near their end

@pytest.mark.parametrize("lifetime, tokens_issued", [(3600, 1), (299, 2)], ids=["an hour", "299 s"])
def test_a_token_near_its_end_is_replaced_before_a_login_not_used(m365, lifetime, tokens_issued):
    """msal 1.3x takes a cached token with under 5 minutes left as expired and asks for a new
    one (msal/application.py, _acquire_token_silent_from_cache_and_possibly_refresh_it:
    `expires_in = expires_on - time.time()`, `if expires_in < 5*60: # Then consider it
    expired`). A token issued for 299 s is inside that margin from the moment it comes, so
    without sleeping: two logins in a row take one token when it lives an hour, and a new
    token each when it lives 299 s, each accepted at the first try (none refused, none
    renewed after a refusal)."""
    tokens, dovecot, _ = m365
    tokens.expires_in = lifetime
    inbox = imap_inbox(dovecot, source(tokens))
    for n in (1, 2):
        lmtp(dovecot, message(n))
        assert any(f"concern {n}".encode() in f.raw for f in inbox.fetch_new(None))
        inbox.close()
    assert tokens.issued == tokens_issued
    # each login presented the token issued last, once, and it was taken
    assert tokens.presented == [tokens.issued_tokens[0], tokens.issued_tokens[-1]]


# ---------------------------------------------------------------------- a certificate, not a secret

def test_with_a_certificate_instead_of_a_secret_imap_reads_and_smtp_sends(m365, tmp_path):
    """Given an app registration with a certificate uploaded, and mailbot's oauth2: block naming
    its private key and thumbprint, msal signs a client assertion with the key; the token
    service checks it (signature, x5t, aud, iss/sub, exp) and issues tokens that IMAP and SMTP
    log in with."""
    tokens, dovecot, submission = m365
    cert_path, key_path, thumbprint = app_certificate(str(tmp_path))
    tokens.register_certificate(cert_path)
    tokens.secret = "no secret is sent: a certificate is the credential"

    inbox = imap_inbox(dovecot, certificate_source(tokens, key_path, thumbprint))
    lmtp(dovecot, message(1))
    assert [b"concern 1" in f.raw for f in inbox.fetch_new(None)] == [True]
    inbox.close()

    context = ssl.create_default_context(cafile=tokens.cert_path)
    sender = SmtpSender("atw", "127.0.0.1", submission.port, "starttls", MAILBOX,
                        certificate_source(tokens, key_path, thumbprint), ssl_context=context, oauth2=True)
    sender.send(message(2), MAILBOX, [MAILBOX])
    sender.close()
    assert any(b"concern 2" in r for r in dovecot.read_mailbox(MAILBOX, "not-used-by-the-bot"))
    assert tokens.issued == 2 and submission.logins == 1 and submission.refused == 0


def test_a_certificate_the_app_registration_does_not_know_is_refused_saying_what_to_fix(m365, tmp_path):
    """Another key pair than the certificate uploaded (AADSTS700027, by its thumbprint or by
    its signature) is refused as a login refused for good, in a sentence that says what to
    upload or to configure, with the thumbprint mailbot used to compare with the portal's."""
    tokens, dovecot, _ = m365
    uploaded, _, uploaded_thumbprint = app_certificate(str(tmp_path), "uploaded")
    tokens.register_certificate(uploaded)
    _, other_key, other_thumbprint = app_certificate(str(tmp_path), "other")

    with pytest.raises(TokenError, match="not one uploaded to the app registration") as refused:
        certificate_source(tokens, other_key, other_thumbprint)()
    said = str(refused.value)
    assert "upload its public part" in said and "certificate_thumbprint" in said
    assert other_thumbprint in said

    # the uploaded certificate's thumbprint, signed with another key: the signature fails
    with pytest.raises(TokenError, match="not one uploaded to the app registration"):
        certificate_source(tokens, other_key, uploaded_thumbprint)()

    # at an IMAP login: a refusal for good (LoginRefused), which the daemon says once at ERROR
    inbox = imap_inbox(dovecot, certificate_source(tokens, other_key, other_thumbprint))
    with pytest.raises(LoginRefused, match="not one uploaded to the app registration"):
        inbox.connect()
    inbox.close()
    assert tokens.issued == 0
