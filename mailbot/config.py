"""The routing config: one YAML file, validated at start and by `mailbot check-config`.

Every error names the file, the key path and what to do. Credentials are never values in
the file: the config names environment variables and they are read when a backend connects.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from mailbot.config_mailboxes import (EwsConnectionConfig, EwsInboxConfig, EwsSenderConfig,  # noqa: F401
                                      ImapInboxConfig, InboxConfig, MaildirInboxConfig,
                                      MaildirSenderConfig, SenderConfig, SmtpSenderConfig, Strict,
                                      _email)

ROLES = {
    "ssst_officer", "vsat_officer", "team_leader", "nominated_officer", "triage",
    "f2f_consultant", "enforcement_officer", "consultant_manager", "ecm", "caseworker",
    "cpo", "cpt", "quarantine_reviewer",
    # Access to Work visiting referrals (procedure 004)
    "spoc", "atw_adviser", "visiting_officer", "ceast", "acssl",
}
NATIONS = ("england_wales", "scotland", "northern_ireland")


class ConfigError(Exception):
    """The config is wrong. str() is one line per problem: file, key path, what to do."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


class MailboxConfig(Strict):
    address: str
    team: str
    case_prefix: str = Field(pattern=r"^[A-Z]{2,8}$")
    inbound: InboxConfig
    outbound: SenderConfig
    confirm_sends: bool = Field(True, description=(
        "smtp only: also deliver each message to this mailbox, so that after a crash "
        "mid-send the bot can tell a message that went from one that did not"))
    confirm_grace_seconds: float = 60.0

    @field_validator("address")
    @classmethod
    def _address(cls, v: str) -> str:
        return _email(v)


# --- people and teams ------------------------------------------------------------------

class PersonConfig(Strict):
    name: str
    email: str
    roles: list[str]
    team: str | None = None
    manager: str | None = Field(None, description="email of this person's manager")
    regions: list[str] = []

    @field_validator("email", "manager")
    @classmethod
    def _emails(cls, v: str | None) -> str | None:
        return None if v is None else _email(v)

    @field_validator("roles")
    @classmethod
    def _roles(cls, roles: list[str]) -> list[str]:
        bad = [r for r in roles if r not in ROLES]
        if bad:
            raise ValueError(f"unknown role {bad[0]!r}; use one of {', '.join(sorted(ROLES))}")
        return roles


class TeamConfig(Strict):
    name: str
    team_leader: str
    nominated_officer: str
    triage: str
    quarantine_reviewer: str | None = None
    deputy: str | None = Field(None, description=(
        "the nominated officer's named deputy: emailed too when a suicide threat is not "
        "opened or answered within client_contact.suicide_unanswered_working_hours"))
    officer_role: str | None = Field(None, description=(
        "the role whose holders are this team's case officers (a case goes to the one with "
        "the fewest open cases); default <team>_officer, e.g. spoc for Access to Work"))

    @field_validator("officer_role")
    @classmethod
    def _known_role(cls, v: str | None) -> str | None:
        if v is not None and v not in ROLES:
            raise ValueError(f"unknown role {v!r}; use one of {', '.join(sorted(ROLES))}")
        return v

    @field_validator("team_leader", "nominated_officer", "triage", "quarantine_reviewer", "deputy")
    @classmethod
    def _emails(cls, v: str | None) -> str | None:
        return None if v is None else _email(v)


class RegionConfig(Strict):
    name: str
    postcode_areas: list[str] = Field(description="postcode areas or districts: LS, BD1, G")
    offices: list[str] = Field(description="offices used when PV or a dangerous area applies")
    cpo_manager_folder: str | None = None
    cpt_email: str | None = None
    cpt_shared_folder: str | None = Field(None, description="the CPT's shared folder (LO bundles)")

    @field_validator("postcode_areas")
    @classmethod
    def _upper(cls, v: list[str]) -> list[str]:
        return [a.strip().upper() for a in v]


class AllowListConfig(Strict):
    addresses: list[str] = []
    domains: list[str] = []
    authserv_ids: list[str] = Field([], description=(
        "the authserv-ids of our own mail servers (RFC 8601): only their Authentication-Results "
        "headers are believed when DMARC, DKIM or SPF fails; empty = the topmost header only, "
        "the one our own server adds"))

    @field_validator("domains")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in v]


class ChaseConfig(Strict):
    """How soon someone who has not answered is chased, and after how many chases the
    person over them (their manager, the team leader) is told."""
    after_working_days: int = Field(ge=1)
    escalate_after_chases: int = Field(ge=0)


class VisitingConfig(Strict):
    """Access to Work visiting referrals (procedure 004)."""
    contact_window_working_days: int = Field(5, ge=1, description=(
        "after a first ineffective visit, the customer may contact CEAST within this many working "
        "days (the nation's bank holidays); then the Visiting Officer makes the second visit"))
    case_conference_days: int = Field(3, ge=1, description=(
        "calendar days for the CEAST and SPOC case conference after two ineffective visits "
        "(004 step 16: 'within 3 days')"))
    acssl_review_working_days: int = Field(10, ge=1, description=(
        "the ACSSL referral's review date when CEAST does not give one"))


class RemindersConfig(Strict):
    follow_up_call_hours: float = Field(4.0, description="working hours after an operational email")
    # A reminder to telephone someone falls within these hours on a working day of the case's nation.
    working_hours: str = Field("09:00-17:00", pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$",
                               description="when people can be telephoned, HH:MM-HH:MM")
    second_pv_check_lead_hours: float = 48.0
    fee_payment_working_days: int = 2
    chase_after_working_days: int = 3
    escalate_after_chases: int = 1
    auto_reject_incomplete_referrals: bool = False
    # Per role (f2f_consultant, officer, ...): chase sooner or later than the defaults above.
    chase: dict[str, ChaseConfig] = {}
    visiting: VisitingConfig = VisitingConfig()

    def chase_for(self, role: str) -> ChaseConfig:
        return self.chase.get(role) or ChaseConfig(after_working_days=self.chase_after_working_days,
                                                   escalate_after_chases=self.escalate_after_chases)

    @field_validator("working_hours")
    @classmethod
    def _hours_in_order(cls, value: str) -> str:
        opens, closes = value.split("-")
        if not ("00:00" <= opens < closes <= "23:59"):
            raise ValueError(f"{value!r}: give the opening time first, e.g. 09:00-17:00")
        return value

    def call_hours(self):
        """(opens, closes) of `working_hours` as times."""
        from datetime import time
        opens, closes = self.working_hours.split("-")
        return time.fromisoformat(opens), time.fromisoformat(closes)


class ClientContactConfig(Strict):
    """Where the rules of every mailbox send what they find (procedures 001 and 003), and when."""
    foi_route: str | None = Field(None, description="Freedom of Information requests go here")
    sar_route: str | None = Field(None, description="subject access requests: the SAR team")
    complaints_route: str | None = Field(None, description="complaints and dissatisfaction")
    foi_working_days: int = Field(20, ge=1, description="the FOI Act's deadline, UK working days")
    foi_reminders_working_days: list[int] = [10, 15]
    foi_escalate_working_day: int = Field(18, ge=1, description="the team leader told then, unless answered")
    sar_days: int = Field(40, ge=1, description=(
        "calendar days to release a SAR (001 says 40; data protection law now gives one month)"))
    sar_reminders_days: list[int] = [30, 37]
    complaint_call_working_hours: float = Field(4.0, gt=0, description=(
        "when the case officer is reminded to make the outbound call about a complaint"))
    suicide_unanswered_working_hours: float = Field(1.0, gt=0, description=(
        "a suicide threat nobody opens or answers by then is sent again, and to the deputy"))

    @field_validator("foi_route", "sar_route", "complaints_route")
    @classmethod
    def _route(cls, v: str | None) -> str | None:
        return None if v is None else _email(v)


class ReaderConfig(Strict):
    label_synonyms: dict[str, list[str]] = {}
    safety_phrases: dict[str, list[str]] = {}


class StoreConfig(Strict):
    url: str = "sqlite:///var/mailbot.db"
    lease_seconds: float = Field(15.0, ge=1.0, le=300.0, description=(
        "instances sharing the store: how long the holder of a mailbox's or the worker's "
        "lease may go without renewing it before another takes over (mailbot/leases.py)"))

    @field_validator("url")
    @classmethod
    def _no_password(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(f"{value!r} is not a database URL; write it as sqlite:///var/mailbot.db "
                             "or postgresql+psycopg://user@host/dbname") from None
        if url.password:
            raise ValueError("the URL holds a password; take it out and set PGPASSWORD (or a "
                             "~/.pgpass file) in the daemon's environment instead")
        return value


class FoldersConfig(Strict):
    """Where each kind of folder goes under files.root: a pattern with {team}, {ref},
    {sr_number}, {region} (the CPO Manager and CPT shared folders are per region)."""
    case: str = Field("{team}/{ref}", description="a case's own files (letters, filed outcomes)")
    vsat_visit: str = Field("VSAT visits/{ref} SR {sr_number}", description="VSAT's folder for a visit")

    @field_validator("case", "vsat_visit")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            value.format(team="ssst", ref="SSST-000001", sr_number="1-ABC123", region="Wales")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"{value!r}: use only {{team}}, {{ref}}, {{sr_number}} and {{region}} ({exc})")
        if value.startswith("/") or ".." in value.split("/"):
            raise ValueError(f"{value!r}: give a path under files.root, without / at the start or ..")
        return value

    def path(self, purpose: str, **values) -> str:
        return getattr(self, purpose).format(**{k: ("" if v is None else v) for k, v in values.items()})


class FilesConfig(Strict):
    root: str = "var/files"
    folders: FoldersConfig = FoldersConfig()
    outgoing_eml: str | None = None
    retention_days: int = 730


class NoticesConfig(Strict):
    """What a person is told about mail the bot keeps but does not act on (quarantine, triage)."""
    attach_original_max_mb: float = Field(10.0, gt=0, description=(
        "a larger original is not attached to the notice, which says where it is kept"))


class HealthConfig(Strict):
    """`mailbot run`'s /healthz and /metrics (mailbot/health.py); off unless a port is set."""
    port: int | None = Field(None, ge=1, le=65535, description="serve /healthz and /metrics here")
    host: str = Field("127.0.0.1", description="the address to listen on; local only by default")
    outbox_max_age_seconds: float = Field(600, gt=0, description=(
        "unhealthy when the oldest unsent outbox message is older than this"))
    mailbox_stale_seconds: float = Field(300, gt=0, description=(
        "unhealthy when a mailbox has not been looked through for this long"))


class Config(Strict):
    bot_name: str = "mailbot"
    message_id_domain: str = "mailbot.invalid"
    default_nation: Literal["england_wales", "scotland", "northern_ireland"] = "england_wales"
    store: StoreConfig = StoreConfig()
    files: FilesConfig = FilesConfig()
    mailboxes: dict[str, MailboxConfig]
    teams: dict[str, TeamConfig]
    people: list[PersonConfig] = []
    regions: list[RegionConfig] = []
    dangerous_areas: list[str] = []
    allow_list: AllowListConfig = AllowListConfig()
    reminders: RemindersConfig = RemindersConfig()
    reader: ReaderConfig = ReaderConfig()
    client_contact: ClientContactConfig = ClientContactConfig()
    notices: NoticesConfig = NoticesConfig()
    health: HealthConfig = HealthConfig()
    templates_dir: str | None = Field(None, description="folder of template overrides")
    _source: Path | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _cross_references(self) -> "Config":
        problems = []
        for key, mb in self.mailboxes.items():
            if mb.team not in self.teams:
                problems.append(f"mailboxes.{key}.team: team {mb.team!r} is not under teams: "
                                f"add it there, or use one of {', '.join(self.teams)}")
        for i, p in enumerate(self.people):
            if p.team and p.team not in self.teams:
                problems.append(f"people[{i}].team: team {p.team!r} is not under teams:")
            for r in p.regions:
                if r not in {reg.name for reg in self.regions}:
                    problems.append(f"people[{i}].regions: region {r!r} is not under regions:")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # --- lookups used by the engine and handlers ----------------------------------------

    def people_with_role(self, role: str, team: str | None = None) -> list[PersonConfig]:
        return [p for p in self.people if role in p.roles and (team is None or p.team == team)]

    def person(self, email: str) -> PersonConfig | None:
        email = email.lower()
        return next((p for p in self.people if p.email == email), None)

    def mailbox_addresses(self) -> set[str]:
        return {mb.address for mb in self.mailboxes.values()}

    def knows(self, address: str) -> bool:
        """True when client data may go to this address (the allow-list rule)."""
        address = address.lower()
        if address in self.mailbox_addresses() or self.person(address):
            return True
        if address in {a.lower() for a in self.allow_list.addresses}:
            return True
        domain = address.rpartition("@")[2]
        return any(domain == d or domain.endswith("." + d) for d in self.allow_list.domains)

    def region_for(self, postcode: str | None) -> RegionConfig | None:
        """The region whose postcode area/district is the longest match for the postcode."""
        if not postcode:
            return None
        outward = postcode.upper().split()[0]
        best, best_len = None, 0
        for region in self.regions:
            for area in region.postcode_areas:
                if _postcode_matches(outward, postcode.upper(), area) and len(area) > best_len:
                    best, best_len = region, len(area)
        return best

    def is_dangerous_area(self, postcode: str | None) -> bool:
        if not postcode:
            return False
        outward = postcode.upper().split()[0]
        return any(_postcode_matches(outward, postcode.upper(), a.upper())
                   for a in self.dangerous_areas)

    def vocabulary(self):
        from mailbot.reading import Vocabulary
        return Vocabulary(label_synonyms=self.reader.label_synonyms,
                          safety_phrases=self.reader.safety_phrases,
                          known_addresses={a.lower() for a in self.allow_list.addresses}
                          | self.mailbox_addresses() | {p.email for p in self.people},
                          known_domains=set(self.allow_list.domains))

    def password(self, env_name: str | None) -> str | None:
        if env_name is None:
            return None
        value = os.environ.get(env_name)
        if value is None:
            raise ConfigError("environment", [
                f"{env_name}: the config names this environment variable for a password "
                f"but it is not set; export {env_name}=... before starting mailbot"])
        return value


def _postcode_matches(outward: str, full: str, area: str) -> bool:
    area = area.strip().upper()
    if " " in area:                       # a sector: "BD3 1"
        return full.startswith(area)
    if area[-1].isdigit():                # a district: "LS11"
        return outward == area
    letters = re.match(r"[A-Z]+", outward)   # an area: "LS", "G"
    return bool(letters) and letters.group(0) == area


def _format_error(err: dict) -> str:
    where = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
    # drop the discriminator tag pydantic inserts for unions
    where = re.sub(r"\.(maildir|imap|smtp|ews)(?=\.|$)", "", where)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        return f"{where}: required key is missing; add it"
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key; remove it or check its spelling"
    if err["type"] == "union_tag_invalid":
        return f"{where}: backend must be one of {err.get('ctx', {}).get('expected_tags', '')}"
    return f"{where}: {msg}"


def parse_config(text: str, path: Path | str = "<config>") -> Config:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        raise ConfigError(path, [f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}); "
                                 f"fix the indentation or quoting there"]) from None
    if not isinstance(data, dict):
        raise ConfigError(path, ["(top level): the file must be a mapping of keys; "
                                 "start from config/mailbot.example.yaml"])
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            if not e["loc"]:      # cross-references: already "key.path: what to do" each
                problems.extend(e["msg"].removeprefix("Value error, ").split("\n"))
            else:
                problems.append(_format_error(e))
        raise ConfigError(path, problems) from None


def load_config(path: Path | str) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file ({exc.strerror}); "
                                 f"pass --config PATH or copy config/mailbot.example.yaml"]) from None
    config = parse_config(text, path)
    config._source = path
    return config


def check_credentials(config: Config, path: Path | str) -> list[str]:
    """The environment variables the config names and are not set."""
    missing = []
    for key, mb in config.mailboxes.items():
        for side in ("inbound", "outbound"):
            backend = getattr(mb, side)
            env = getattr(backend, "password_env", None)
            oauth2 = getattr(backend, "oauth2", None)
            if env and env not in os.environ and not oauth2:
                missing.append(f"mailboxes.{key}.{side}.password_env: environment variable "
                               f"{env} is not set; export it before starting mailbot")
            secret = oauth2.client_secret_env if oauth2 else None
            if secret and secret not in os.environ:
                missing.append(f"mailboxes.{key}.{side}.oauth2.client_secret_env: environment variable "
                               f"{secret} is not set; export the app registration's client secret")
    return missing


def example_config() -> Path:
    """The shipped example config: local Maildir mailboxes and SQLite under var/."""
    from importlib import resources
    try:
        return Path(str(resources.files("mailbot.shipped_config") / "mailbot.example.yaml"))
    except ModuleNotFoundError:   # a source checkout, not installed
        return Path(__file__).resolve().parent.parent / "config" / "mailbot.example.yaml"
