"""One EWS login on one mailbox (exchangelib), under the `ews` inbox and sender (ews.py):
the Account, folder lookups, and the retry core and error mapping both share.

Errors and reconnection: every public method retries by itself after a network error
or a transient server answer (connection refused or reset, timeout, HTTP 5xx, SOAP
ErrorServerBusy, ErrorInternalServerTransientError, mailbox store unavailable, …) —
back off (tenacity: 0.1 s doubling, `retry_attempts` tries, at most `retry_max_wait`
between them) and redo the step on a fresh HTTP session. If it still fails it raises `TemporaryFailure`; the
caller backs off as it does for IMAP. HTTP 401, ErrorAccessDenied, a mailbox that does
not exist, send-as denied → `LoginRefused` (a PermanentFailure that is no fault of a
message: the outbox keeps what it was sending and tries again later); an untrusted
certificate, a redirect → `PermanentFailure`; for a send also a message Exchange refuses
(too big, not convertible, bad recipients) → `MessageRefused`.
Any other EWS error → `TemporaryFailure` without retrying.

exchangelib shares one HTTP session pool per endpoint and login, so an inbox and a
sender of the same mailbox talk over the same connections. Never logged: message
contents, passwords.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable, TypeVar

import requests
from exchangelib import DELEGATE, IMPERSONATION, Account, Configuration, Credentials
from exchangelib import errors as E
from exchangelib import version as ews_version
from exchangelib.ewsdatetime import UTC
from exchangelib.folders import Folder, FolderCollection, MsgFolderRoot
from exchangelib.folders.known_folders import DeletedItems, Drafts, Inbox, JunkEmail, Outbox, SentItems
from exchangelib.folders.queryset import SHALLOW
from exchangelib.properties import DistinguishedFolderId, Mailbox
from exchangelib.queryset import Q
from exchangelib.services import CreateFolder
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .base import LoginRefused, MailboxError, MessageTooLarge, PermanentFailure, TemporaryFailure

log = logging.getLogger("mailbot.mailboxes.ews")     # the backend's logger: one name for both

T = TypeVar("T")

VERSIONS = {"2010": "EXCHANGE_2010", "2010_sp1": "EXCHANGE_2010_SP1",
            "2010_sp2": "EXCHANGE_2010_SP2", "2013": "EXCHANGE_2013",
            "2013_sp1": "EXCHANGE_2013_SP1", "2016": "EXCHANGE_2016", "2019": "EXCHANGE_2019"}
AUTH_TYPES = {"ntlm": "NTLM", "basic": "basic", "noauth": "no authentication"}


class FolderMissing(PermanentFailure):
    """The configured folder to read does not exist in the mailbox."""


class MessageRefused(PermanentFailure):
    """Exchange refused this message (too big, not convertible, bad recipients, …)."""


class MessageTooBig(MessageRefused, MessageTooLarge):
    """Exchange refused this message for its size (ErrorMessageSizeExceeded)."""


# exchangelib's errors, by what mailbot does about them.
RETRY_ERRORS = (E.ErrorServerBusy, E.ErrorInternalServerTransientError, E.ErrorInternalServerError,
                E.ErrorTimeoutExpired, E.ErrorTooManyObjectsOpened, E.ErrorExceededConnectionCount,
                E.ErrorConnectionFailed, E.ErrorConnectionFailedTransientError,
                E.ErrorMailboxStoreUnavailable, E.ErrorMailboxMoveInProgress, E.MalformedResponseError,
                E.SOAPError, E.CASError, E.RateLimitError)
CREDENTIAL_ERRORS = (E.UnauthorizedError, E.ErrorAccessDenied, E.ErrorNonExistentMailbox,
                     E.ErrorImpersonateUserDenied, E.ErrorSendAsDenied)
REFUSED_ERRORS = (E.ErrorMessageSizeExceeded, E.ErrorMimeContentConversionFailed,
                  E.ErrorInvalidRecipients, E.ErrorInvalidSmtpAddress)
# Distinguished folder names a configured path may start with; other paths start at the
# top of the mailbox (msgfolderroot), where Outlook shows Inbox, Sent Items, …
FOLDER_CLASSES = {"inbox": Inbox, "sentitems": SentItems, "outbox": Outbox, "drafts": Drafts,
                  "deleteditems": DeletedItems, "junkemail": JunkEmail, "msgfolderroot": MsgFolderRoot}


def is_transient(exc: BaseException) -> bool:
    """Worth retrying at once: the network, or a server that is busy or restarting."""
    if isinstance(exc, MailboxError):
        return False
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        ConnectionError, TimeoutError)):
        return not isinstance(exc, requests.exceptions.SSLError)
    return isinstance(exc, RETRY_ERRORS)


class EwsClient:
    """One EWS login on one mailbox: the exchangelib Account, folder lookups and the
    retry core that EwsInbox and EwsSender share."""

    def __init__(self, name: str, address: str, *, service_endpoint: str | None = None,
                 server: str | None = None, username: str | None = None,
                 password: str | None = None, auth_type: str = "ntlm", version: str | None = None,
                 access_type: str = "delegate", timeout: float = 30.0, retry_attempts: int = 5,
                 retry_max_wait: float = 5.0, sleep: Callable[[float], object] | None = None):
        if bool(service_endpoint) == bool(server):
            raise ValueError(f"mailbox {name}: give exactly one of service_endpoint or server")
        if auth_type not in AUTH_TYPES:
            raise ValueError(f"mailbox {name}: auth_type must be one of {', '.join(AUTH_TYPES)}")
        if version is not None and version not in VERSIONS:
            raise ValueError(f"mailbox {name}: version must be one of {', '.join(VERSIONS)}")
        self.name = name
        self.address = address
        self.service_endpoint = service_endpoint or f"https://{server}/EWS/Exchange.asmx"
        self.username, self._password = username, password
        self.auth_type = auth_type
        self.version = version
        self.access_type = access_type
        self.timeout = timeout
        self.retry_attempts = retry_attempts
        self.retry_max_wait = retry_max_wait
        self._sleep = sleep if sleep is not None else time.sleep
        self._account = None
        self._folders: dict[str, object] = {}   # configured path → exchangelib folder
        self._lock = threading.RLock()

    @property
    def _where(self) -> str:
        who = f"{self.username} for " if self.username else ""
        return f"mailbox {self.name} ({who}{self.address} at {self.service_endpoint})"

    # ------------------------------------------------------------------ connection
    def account(self):
        """The exchangelib Account (built on first use; building it sends nothing)."""
        if self._account is None:
            credentials = None
            if self.auth_type != "noauth":
                credentials = Credentials(self.username, self._password or "")
            version = None
            if self.version:
                version = ews_version.Version(build=getattr(ews_version, VERSIONS[self.version]))
            config = Configuration(credentials=credentials, service_endpoint=self.service_endpoint,
                                   auth_type=AUTH_TYPES[self.auth_type], version=version)
            account = Account(self.address, config=config, autodiscover=False,
                              access_type=IMPERSONATION if self.access_type == "impersonation" else DELEGATE,
                              default_timezone=UTC)
            account.protocol.TIMEOUT = self.timeout
            self._account = account
        return self._account

    def _drop(self) -> None:
        """Forget the Account and folders: the next step builds them again."""
        self._account = None
        self._folders.clear()

    def folder(self, path: str, create: bool = False):
        """The folder at `path`: a distinguished name (Inbox, SentItems, …) or a path from
        the top of the mailbox, each level found with FindFolder (created with
        CreateFolder when `create` and missing)."""
        if path in self._folders:
            return self._folders[path]
        account = self.account()
        parts = [p for p in path.strip("/").split("/") if p]
        if not parts:
            raise ValueError(f"mailbox {self.name}: empty folder path")
        head = parts[0].replace(" ", "").lower()
        if head in FOLDER_CLASSES:
            current = FOLDER_CLASSES[head].get_distinguished(root=account.root)
            parts = parts[1:]
        else:
            current = MsgFolderRoot.get_distinguished(root=account.root)
        for i, name in enumerate(parts):
            found = [f for f in FolderCollection(account=account, folders=[current])
                     .find_folders(q=Q(name=name), depth=SHALLOW)
                     if not isinstance(f, Exception) and (f.name or "").lower() == name.lower()]
            if found:
                current = found[0]
                continue
            if not create:
                raise FolderMissing(f"{self._where}: folder {'/'.join(parts[:i + 1])!r} of "
                                    f"{path!r} does not exist; create it or fix the folder in the config")
            log.info("mailbox %s: creating folder %s", self.name, path)
            [made] = CreateFolder(account=account).call(
                parent_folder=current, folders=[Folder(parent=current, name=name)])
            if isinstance(made, Exception):
                raise made
            current = made
        self._folders[path] = current
        return current

    def distinguished(self, name: str):
        """A distinguished folder by name only, without asking the server about it."""
        return Folder(root=self.account().root, _distinguished_id=DistinguishedFolderId(
            id=name, mailbox=Mailbox(email_address=self.address)))

    # ------------------------------------------------------------------ retry core
    def _run(self, what: str, step: Callable[[int], T]) -> T:
        """Run `step(attempt)` with retries after transient errors; map the last error to
        a MailboxError."""
        # Exchange's BackOffMilliseconds is not honoured here: exchangelib fills in a guess
        # of its own when the server gives none, so the two cannot be told apart. After
        # `retry_attempts` tries the caller backs off on its own, longer, scale.
        def before_sleep(state) -> None:
            log.warning("%s: %s failed (%s); trying again (attempt %d of %d)", self._where, what,
                        _describe(state.outcome.exception()), state.attempt_number + 1,
                        self.retry_attempts)

        attempts = 0
        try:
            for attempt in Retrying(stop=stop_after_attempt(self.retry_attempts),
                                    wait=wait_exponential(multiplier=0.1, min=0.1, max=self.retry_max_wait),
                                    retry=retry_if_exception(is_transient), before_sleep=before_sleep,
                                    sleep=self._sleep, reraise=True):
                with attempt, self._lock:
                    attempts += 1
                    return step(attempts)
        except Exception as exc:
            raise self._failure(exc, what, attempts) from None
        raise AssertionError("unreachable")

    def _failure(self, exc: Exception, what: str, attempts: int) -> Exception:
        if isinstance(exc, MailboxError):
            return exc
        where = self._where
        if isinstance(exc, CREDENTIAL_ERRORS):
            return LoginRefused(f"{where}: {what}: login or access refused ({_describe(exc, whole=True)}); "
                                    "check the username, the password and the account's rights "
                                    "on the mailbox")
        if isinstance(exc, E.ErrorMessageSizeExceeded):
            return MessageTooBig(f"{where}: {what}: Exchange refused the message as too large: "
                                 f"{_describe(exc)}")
        if isinstance(exc, REFUSED_ERRORS):
            return MessageRefused(f"{where}: {what}: Exchange refused the message: {_describe(exc)}")
        if isinstance(exc, E.RedirectError):
            return PermanentFailure(f"{where}: {what}: the server redirects to {exc.url}; "
                                    "set service_endpoint to the right EWS URL")
        if isinstance(exc, requests.exceptions.SSLError) or type(exc) is E.TransportError:
            # exchangelib raises a bare TransportError for TLS failures (it never retries them)
            return PermanentFailure(f"{where}: {what}: TLS failed ({_describe(exc)}); fix the "
                                    "server certificate or the CA bundle, or the service_endpoint")
        if is_transient(exc):
            tries = f" after {attempts} attempts" if attempts > 1 else ""
            return TemporaryFailure(f"{where}: {what} failed{tries}: {_describe(exc)}")
        if isinstance(exc, (E.EWSError, requests.exceptions.RequestException, OSError)):
            return TemporaryFailure(f"{where}: {what}: {_describe(exc)}")
        raise exc

    def close(self) -> None:
        """Forget the Account; never raises. (The HTTP sessions belong to exchangelib's
        pool, shared with other users of the same login, and are left to it.)"""
        self._drop()


def _describe(exc: BaseException | None, whole: bool = False) -> str:
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split())
    text = text if whole else text[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
