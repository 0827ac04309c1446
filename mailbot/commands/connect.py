"""`mailbot check-config --connect`: log in to every mailbox once, in and out, and say what
each result means in a sentence an administrator can act on."""
from __future__ import annotations

import smtplib
import ssl

from mailbot.config import Config


def check_connections(config: Config, out=print) -> int:
    """0 when every mailbox logged in; 1 (and a sentence for each) otherwise."""
    from mailbot.mailboxes.factory import make_inbox, make_sender
    failed = 0
    for key, mailbox in config.mailboxes.items():
        for side, make in (("inbound", make_inbox), ("outbound", make_sender)):
            cfg = getattr(mailbox, side)
            where = f"mailboxes.{key}.{side} ({cfg.backend}{' ' + cfg.host if hasattr(cfg, 'host') else ''})"
            if cfg.backend == "maildir":
                out(f"{where}: local Maildir under {cfg.path}: nothing to log in to")
                continue
            try:
                backend = make(key, cfg, config)
                backend.connect()
                backend.close()
            except Exception as exc:      # every failure becomes advice, none a traceback
                failed += 1
                out(f"{where}: FAILED: {advice(exc, cfg, side)}")
                continue
            out(f"{where}: OK, logged in" + (" with a Microsoft 365 token" if getattr(cfg, "oauth2", None) else ""))
    return 1 if failed else 0


def advice(exc: Exception, cfg, side: str) -> str:
    """What a failed login means, and what to do."""
    from mailbot.mailboxes.oauth import TokenError
    text = str(exc)
    if isinstance(exc, TokenError):
        return f"Microsoft 365 gave no token: {text}"
    refused = isinstance(exc, smtplib.SMTPAuthenticationError) or "login refused" in text \
        or "AUTHENTICATIONFAILED" in text or "Authentication unsuccessful" in text
    if refused and getattr(cfg, "auth", None) == "xoauth2":
        right = "IMAP.AccessAsApp" if side == "inbound" else "SMTP.SendAsApp"
        return (f"the server refused the token: grant the app {right} (Office 365 Exchange Online), "
                f"and give its service principal access to this mailbox (Add-MailboxPermission). "
                f"The server said: {text}")
    if refused:
        return f"the server refused the login: check the username and the password in {cfg.password_env}. {text}"
    if isinstance(exc, ssl.SSLError) or "certificate" in text.lower():
        return f"TLS failed: fix the server certificate or the CA bundle. {text}"
    if isinstance(exc, (ConnectionError, OSError)) or "failed" in text:
        return f"could not reach the server: check host, port and security. {text}"
    return text
