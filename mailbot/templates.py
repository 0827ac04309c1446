"""Where wording lives: Jinja2 templates for emails and letter layouts.

The shipped templates are in the `templates/` folder (installed as mailbot.shipped_templates); a
config's `templates_dir` holds overrides with the same names, looked up first.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from mailbot.clock import LONDON

NATION_BODY = {"england_wales": "CMG", "scotland": "CMG", "northern_ireland": "NICMS"}


def shipped_templates_dir() -> Path:
    """Installed: the mailbot.shipped_templates package data. From a source checkout: templates/."""
    try:
        return Path(str(resources.files("mailbot.shipped_templates")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


def _uk_datetime(value) -> str:
    if value is None:
        return "not known"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return value
    if isinstance(value, datetime):
        value = value.astimezone(LONDON)
        return value.strftime("%a %-d %b %Y %H:%M")
    return value.strftime("%a %-d %b %Y")


def _uk_date(value) -> str:
    if value is None:
        return "not known"
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return value.strftime("%-d %B %Y")


def _role_words(value) -> str:
    return {"paying_parent": "paying parent", "receiving_parent": "receiving parent"}.get(
        value or "", value or "")


def _yes_no(value) -> str:
    return "Yes" if value else "No"


def _shown(value):
    """What a template prints for a value: a field not known yet reads "not known"."""
    return "not known" if value is None else value


@lru_cache(maxsize=8)
def environment(override_dir: str | None = None) -> jinja2.Environment:
    search = ([override_dir] if override_dir else []) + [str(shipped_templates_dir())]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(search),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, autoescape=False,
                             finalize=_shown)
    env.filters.update(uk_datetime=_uk_datetime, uk_date=_uk_date, role_words=_role_words,
                       yes_no=_yes_no)
    return env


class CaseFields(dict):
    """A case's fields as templates see them: a field not known yet is None (and the
    template says so in words), never an error that stops the email."""

    def __missing__(self, key):
        return None


class TemplateMissing(Exception):
    pass


def render_email(name: str, values: dict, override_dir: str | None = None) -> tuple[str, str]:
    """Render templates/email/<name>.txt; its first line is `Subject: ...`."""
    try:
        template = environment(override_dir).get_template(f"email/{name}.txt")
    except jinja2.TemplateNotFound:
        raise TemplateMissing(f"email template email/{name}.txt not found in "
                              f"{override_dir or ''} or {shipped_templates_dir()}") from None
    text = template.render(**values)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateMissing(f"email/{name}.txt must start with a 'Subject: ...' line")
    return first.removeprefix("Subject:").strip(), body.lstrip("\n")


def render_text(path: str, values: dict, override_dir: str | None = None) -> str:
    return environment(override_dir).get_template(path).render(**values)
