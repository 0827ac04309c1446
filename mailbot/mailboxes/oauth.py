"""Microsoft 365 access tokens for IMAP and SMTP XOAUTH2, acquired with msal's
client-credentials flow (an app registration granted the mailbox) and renewed before they
expire; or a static token from the environment (`token_env`, for tokens made elsewhere).

A TokenSource is called for the token at each login. `renew()` drops the cached token, so
the next call asks the identity platform again: done once when a server refuses a token,
before the refusal counts as a failure."""
from __future__ import annotations

import logging
import os
import threading

from mailbot.mailboxes.base import LoginRefused

log = logging.getLogger("mailbot")


class TokenError(LoginRefused):
    """The identity platform refused us: the message says what to fix. A login refused for
    good as far as the backends go: retried with backoff, the outbox kept, until it is fixed."""


class StaticToken:
    """A token someone else made and renews, read from an environment variable at each login."""

    def __init__(self, env_name: str):
        self.env_name = env_name

    def __call__(self) -> str:
        token = os.environ.get(self.env_name)
        if not token:
            raise TokenError(f"the environment variable {self.env_name} holds no token")
        return token

    def renew(self) -> bool:
        return False          # nothing to renew from: the next login reads the variable again


class TokenSource:
    """Client-credentials tokens for one app registration (msal caches and renews them)."""

    def __init__(self, tenant_id: str, client_id: str, *, secret: str | None = None,
                 certificate: dict | None = None, authority_host: str = "https://login.microsoftonline.com",
                 scope: str = "https://outlook.office365.com/.default", ca_file: str | None = None):
        import msal
        import requests
        session = requests.Session()
        session.trust_env = False          # msal ignores verify= when *_CA_BUNDLE is set (M365.md)
        if ca_file:
            session.verify = ca_file
        self.scope = scope
        self.thumbprint = (certificate or {}).get("thumbprint") if secret is None else None
        self._lock = threading.Lock()
        # Microsoft's own authority is checked against its public discovery service; another
        # (a sovereign cloud's, a test's) is taken as given
        own = authority_host.rstrip("/") == "https://login.microsoftonline.com"
        self._app = msal.ConfidentialClientApplication(
            client_id, client_credential=secret if secret is not None else certificate,
            authority=f"{authority_host.rstrip('/')}/{tenant_id}", http_client=session,
            **({} if own else {"instance_discovery": False}))

    def __call__(self) -> str:
        with self._lock:
            result = self._app.acquire_token_for_client(scopes=[self.scope])
        if "access_token" not in result:
            raise TokenError(explain(result, thumbprint=self.thumbprint))
        return result["access_token"]

    def renew(self) -> bool:
        with self._lock:
            self._app.remove_tokens_for_client()
        log.info("oauth2: token dropped after a refused login; a new one is asked for")
        return True


# What the identity platform's errors mean to an administrator (AADSTS codes).
ADVICE = {
    "AADSTS90002": "the tenant_id is wrong: no such tenant",
    "AADSTS700016": "the client_id is wrong, or the app is not registered in this tenant",
    "AADSTS7000215": "the client secret is wrong; copy the secret's Value (not its ID) into the variable",
    "AADSTS7000222": "the client secret has expired; make a new one in the app registration",
    "AADSTS700027": ("the certificate is not one uploaded to the app registration: upload its public "
                     "part under Certificates & secrets, or set certificate_path and "
                     "certificate_thumbprint to the certificate uploaded there"),
    "AADSTS70011": "the scope is wrong: use https://outlook.office365.com/.default",
    "AADSTS7000112": "the app registration is disabled",
}


def explain(result: dict, thumbprint: str | None = None) -> str:
    """One sentence an administrator can act on, from msal's error result (and, for a
    certificate refused, the thumbprint mailbot signed with, to compare with the portal's)."""
    description = result.get("error_description") or ""
    code = next((c for c in ADVICE if c in description), None)
    what = ADVICE.get(code) or result.get("error") or "the identity platform refused the request"
    if code == "AADSTS700027" and thumbprint:
        what += f" (mailbot signs with the certificate whose thumbprint is {thumbprint})"
    first = description.splitlines()[0] if description else ""
    return f"{what} ({first})" if first and code is None else what


def token_source(oauth2, password_env: str | None, environ=os.environ):
    """The token source a backend's `oauth2:` block (or its `password_env` token) names."""
    if oauth2 is None:
        return StaticToken(password_env)
    secret = environ.get(oauth2.client_secret_env) if oauth2.client_secret_env else None
    certificate = None
    if oauth2.certificate_path:
        with open(oauth2.certificate_path) as f:
            certificate = {"private_key": f.read(), "thumbprint": oauth2.certificate_thumbprint}
    return TokenSource(oauth2.tenant_id, oauth2.client_id, secret=secret, certificate=certificate,
                       authority_host=oauth2.authority_host, scope=oauth2.scope, ca_file=oauth2.ca_file)
