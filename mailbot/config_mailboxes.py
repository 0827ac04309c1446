"""The mailbox backends of the routing config (maildir, imap, ews in; maildir, smtp, ews out),
and the strict base every config section shares. `mailbot.config` imports them: use them from
there."""
from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address; write it as name@domain")
    return value


# --- mailboxes -----------------------------------------------------------------------

class MaildirInboxConfig(Strict):
    backend: Literal["maildir"]
    path: str


class OAuth2Config(Strict):
    """Microsoft 365: an app registration's client credentials (msal); tokens renewed by mailbot."""
    tenant_id: str
    client_id: str
    client_secret_env: str | None = Field(None, description="environment variable holding the client secret")
    certificate_path: str | None = Field(None, description="PEM private key of the app's certificate")
    certificate_thumbprint: str | None = None
    authority_host: str = "https://login.microsoftonline.com"
    scope: str = "https://outlook.office365.com/.default"
    ca_file: str | None = Field(None, description="CA bundle for the identity platform (tests, proxies)")

    @field_validator("certificate_path")
    @classmethod
    def _holds_a_private_key(cls, path: str | None) -> str | None:
        # Checked here, not at the first login: msal only reads the key when it asks for a
        # token. The messages never quote the file: it holds a secret.
        if path is None:
            return path
        try:
            with open(path, "rb") as f:
                pem = f.read()
        except OSError as exc:
            raise ValueError(f"cannot read {path} ({exc.strerror}); give the PEM file holding the "
                             "private key of the certificate uploaded to the app registration") from None
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
        try:
            load_pem_private_key(pem, password=None)
        except TypeError:
            raise ValueError(f"{path}: the private key is encrypted; mailbot needs it without a "
                             "passphrase (openssl pkey -in KEY -out KEY.pem), readable only by "
                             "mailbot's user") from None
        except Exception:
            raise ValueError(f"{path} holds no private key mailbot can read; give the PEM file with "
                             "the certificate's private key (-----BEGIN PRIVATE KEY-----), not the "
                             "certificate alone") from None
        return path

    @field_validator("certificate_thumbprint")
    @classmethod
    def _sha1_thumbprint(cls, thumbprint: str | None) -> str | None:
        if thumbprint is None:
            return thumbprint
        digits = re.sub(r"[\s:]", "", thumbprint).upper()
        if not re.fullmatch(r"[0-9A-F]{40}", digits):
            raise ValueError(f"{thumbprint!r} is not a certificate thumbprint; copy the 40 hex digits "
                             "the app registration shows under Certificates & secrets")
        return digits

    @model_validator(mode="after")
    def _one_credential(self) -> "OAuth2Config":
        if not self.client_secret_env and not (self.certificate_path and self.certificate_thumbprint):
            raise ValueError("give client_secret_env (the variable holding the secret), or "
                             "certificate_path and certificate_thumbprint")
        return self


class ImapInboxConfig(Strict):
    backend: Literal["imap"]
    host: str
    port: int = 993
    security: Literal["tls", "starttls", "plain"] = "tls"
    username: str
    password_env: str | None = Field(None, description=(
        "name of the environment variable holding the password (or, with auth: xoauth2 and no "
        "oauth2: block, a token made elsewhere)"))
    auth: Literal["password", "xoauth2"] = Field(
        "password", description="xoauth2: tokens from oauth2: below, else the variable holds a token")
    oauth2: OAuth2Config | None = None
    folder: str = "INBOX"
    processed_folder: str | None = "Processed"
    quarantine_folder: str = Field("Quarantine", description=(
        "quarantined mail is moved here (unread) once read; created when missing"))
    idle: bool = True
    poll_seconds: float = 30.0

    @model_validator(mode="after")
    def _credentials(self) -> "ImapInboxConfig":
        if not self.password_env and not (self.auth == "xoauth2" and self.oauth2):
            raise ValueError("give password_env (the variable holding the password), or auth: "
                             "xoauth2 with an oauth2: block (Microsoft 365)")
        return self


class EwsConnectionConfig(Strict):
    """How to reach one Exchange mailbox over EWS (shared by `ews` inbound and outbound).
    The mailbox worked is the mailbox's `address`; `username` is who logs in (the shared
    mailbox itself, or a service account with full access to it)."""
    service_endpoint: str | None = Field(None, description=(
        "full EWS URL, https://mail.example.gov.uk/EWS/Exchange.asmx"))
    server: str | None = Field(None, description="host name only; the URL is https://SERVER/EWS/Exchange.asmx")
    username: str | None = Field(None, description="DOMAIN\\user or user@domain")
    password_env: str | None = Field(None, description="name of the environment variable holding the password")
    auth_type: Literal["ntlm", "basic", "noauth"] = Field(
        "ntlm", description="noauth: loopback test servers only")
    version: Literal["2010", "2010_sp1", "2010_sp2", "2013", "2013_sp1", "2016", "2019"] | None = Field(
        None, description="Exchange version; left out, exchangelib asks the server once")
    access_type: Literal["delegate", "impersonation"] = "delegate"
    timeout_seconds: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _reachable(self) -> "EwsConnectionConfig":
        if bool(self.service_endpoint) == bool(self.server):
            raise ValueError("give exactly one of service_endpoint "
                             "(https://HOST/EWS/Exchange.asmx) or server (HOST)")
        if self.service_endpoint:
            scheme, _, rest = self.service_endpoint.partition("://")
            host = rest.split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
            if scheme not in ("https", "http") or not host:
                raise ValueError(f"service_endpoint {self.service_endpoint!r} is not a URL; "
                                 "write it as https://HOST/EWS/Exchange.asmx")
            if scheme == "http" and host not in ("127.0.0.1", "localhost", "::1"):
                raise ValueError(f"service_endpoint {self.service_endpoint!r} is plain http; "
                                 "use https:// (http is for loopback test servers only)")
        if self.auth_type != "noauth":
            missing = [k for k in ("username", "password_env") if not getattr(self, k)]
            if missing:
                raise ValueError(f"auth_type {self.auth_type} needs {' and '.join(missing)}; add "
                                 f"{' and '.join(missing)} (the password itself goes in the environment)")
        return self


class EwsInboxConfig(EwsConnectionConfig):
    backend: Literal["ews"]
    folder: str = Field("Inbox", description="Inbox, or a path below the top of the mailbox: Inbox/Referrals")
    processed_folder: str = Field("Processed", description="created when missing; Inbox/Processed for a subfolder")
    quarantine_folder: str = Field("Quarantine", description=(
        "quarantined mail is moved here (MoveItem) once read; created when missing"))
    poll_seconds: float = Field(30.0, gt=0)


InboxConfig = Annotated[Union[MaildirInboxConfig, ImapInboxConfig, EwsInboxConfig],
                        Field(discriminator="backend")]


class MaildirSenderConfig(Strict):
    backend: Literal["maildir"]
    path: str = Field(description="root folder: each recipient gets a Maildir <path>/<address>")


class SmtpSenderConfig(Strict):
    backend: Literal["smtp"]
    host: str
    port: int = 587
    security: Literal["tls", "starttls", "plain"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    auth: Literal["password", "xoauth2"] = "password"
    oauth2: OAuth2Config | None = None
    connections: int = Field(2, ge=1, le=8, description=(
        "SMTP connections a backlog is sent over at once (Exchange Online allows 3 per "
        "mailbox); one case's messages always go one after another, in order"))


class EwsSenderConfig(EwsConnectionConfig):
    """Sends through Exchange (CreateItem, SendAndSaveCopy): a copy lands in Sent Items."""
    backend: Literal["ews"]


SenderConfig = Annotated[Union[MaildirSenderConfig, SmtpSenderConfig, EwsSenderConfig],
                         Field(discriminator="backend")]
