"""Backends from the config: which class serves which `backend:`."""
from __future__ import annotations

from pathlib import Path

from mailbot.config import Config, ConfigError


def make_inbox(key: str, cfg, config: Config):
    if cfg.backend == "maildir":
        from mailbot.mailboxes.maildir import MaildirInbox
        return MaildirInbox(key, Path(cfg.path))
    if cfg.backend == "imap":
        from mailbot.mailboxes.imap import ImapInbox
        return ImapInbox(key, cfg.host, cfg.port, cfg.security, cfg.username,
                         _secret(cfg, config), folder=cfg.folder,
                         processed_folder=cfg.processed_folder,
                         quarantine_folder=cfg.quarantine_folder, use_idle=cfg.idle,
                         poll_interval=cfg.poll_seconds, oauth2=cfg.auth == "xoauth2")
    if cfg.backend == "ews":
        from mailbot.mailboxes.ews import EwsInbox
        return EwsInbox(key, config.mailboxes[key].address, folder=cfg.folder,
                        processed_folder=cfg.processed_folder,
                        quarantine_folder=cfg.quarantine_folder, poll_interval=cfg.poll_seconds,
                        **_ews_login(cfg, config))
    raise ConfigError("config", [f"mailboxes.{key}.inbound.backend: unknown backend {cfg.backend!r}"])


def make_sender(key: str, cfg, config: Config):
    if cfg.backend == "maildir":
        from mailbot.mailboxes.maildir import MaildirDelivery, MaildirSender
        delivery = MaildirDelivery(key, str(cfg.path))
        if not config.files.outgoing_eml:
            return delivery
        eml_dir = Path(config.files.outgoing_eml)
        return _Both(key, delivery, MaildirSender(key, str(eml_dir / "maildir"), eml_dir=str(eml_dir)))
    if cfg.backend == "smtp":
        from mailbot.mailboxes.smtp import SmtpSender, SmtpSenders
        password = _secret(cfg, config)

        def one() -> SmtpSender:
            return SmtpSender(key, cfg.host, cfg.port, cfg.security, cfg.username, password,
                              oauth2=cfg.auth == "xoauth2")
        return one() if cfg.connections == 1 else SmtpSenders(cfg.connections, one)
    if cfg.backend == "ews":
        from mailbot.mailboxes.ews import EwsSender
        return EwsSender(key, config.mailboxes[key].address, **_ews_login(cfg, config))
    raise ConfigError("config", [f"mailboxes.{key}.outbound.backend: unknown backend {cfg.backend!r}"])


def _secret(cfg, config: Config):
    """A password, or with auth: xoauth2 a token source (msal's tokens for an oauth2: block, or
    a token made elsewhere in password_env), called at each login."""
    if cfg.auth != "xoauth2":
        return config.password(cfg.password_env)
    from mailbot.mailboxes.oauth import token_source
    return token_source(cfg.oauth2, cfg.password_env)


def _ews_login(cfg, config: Config) -> dict:
    """How an `ews` inbox or sender reaches and logs in to Exchange."""
    return dict(service_endpoint=cfg.service_endpoint, server=cfg.server, username=cfg.username,
                password=None if cfg.auth_type == "noauth" else config.password(cfg.password_env),
                auth_type=cfg.auth_type, version=cfg.version, access_type=cfg.access_type,
                timeout=cfg.timeout_seconds)


class _Both:
    """Deliver to the recipients' Maildirs and keep a copy in the outbox (both idempotent)."""

    def __init__(self, name, delivery, outbox):
        self.name, self.delivery, self.outbox = name, delivery, outbox

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self.delivery.send(raw, sender, recipients)
        self.outbox.send(raw, sender, recipients)

    def close(self) -> None:
        self.delivery.close()
        self.outbox.close()
