"""The hosting organisation's branding: ``branding.toml`` at the repository root, each value
overridable by an environment variable.

conf.py puts the organisation's name and logo in the site's header, its contact line in the
footer, its name on the PDF's title page and in the EPUB's publisher field, and the base URL in
every page's canonical link. The chapters never change. Empty values show nothing.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import tomllib
from collections.abc import Mapping

from scripts.layout import ROOT

BRANDING_FILE = ROOT / "branding.toml"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
# An absolute http(s) address with a host, e.g. "https://intranet.example.org/handbooks/".
WEB_ADDRESS = re.compile(r"^https?://[^/\s?#]+(/[^\s?#]*)?$")
# A TOML table header such as "[organisation]", and a "key = value" line.
TABLE_LINE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


@dataclasses.dataclass(frozen=True)
class Setting:
    """Where one branding value is set."""

    table: str
    """Its TOML table in branding.toml, e.g. "organisation"."""
    key: str
    """Its key in that table, e.g. "name"."""
    variable: str
    """The environment variable that overrides it, e.g. "HANDBOOK_ORG_NAME"."""


# Branding's fields, and where each is set.
SETTINGS = {
    "org_name": Setting("organisation", "name", "HANDBOOK_ORG_NAME"),
    "org_logo": Setting("organisation", "logo", "HANDBOOK_ORG_LOGO"),
    "org_contact": Setting("organisation", "contact", "HANDBOOK_ORG_CONTACT"),
    "base_url": Setting("site", "base_url", "HANDBOOK_BASE_URL"),
}


@dataclasses.dataclass(frozen=True)
class Branding:
    """The hosting organisation, as the site, the PDF and the EPUB show it. The defaults show nothing."""

    org_name: str = ""
    """The organisation's name, e.g. "St Elsewhere Hospital"; "" for none."""
    org_logo: pathlib.Path | None = None
    """An existing PNG, JPEG or SVG file of its logo; None for none."""
    org_contact: str = ""
    """One line telling readers whom to ask, e.g. "Spinal unit: 0100 000 0000"; "" for none."""
    base_url: str = ""
    """The site's public address ending in "/", e.g. "https://example.org/handbook/"; "" if unknown."""


class BrandingError(ValueError):
    """A branding value is wrong; the message names the file and line (or variable) and the fix."""


def line_of(text: str, table: str, key: str) -> int:
    """The line of *key* in *table* of the TOML *text* (1-based), or 0 if it is not written there."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := TABLE_LINE.match(line):
            current = header.group(1)
        elif (assignment := KEY_LINE.match(line)) and current == table and assignment.group(1) == key:
            return number
    return 0


def check_known_keys(data: dict, text: str, path: pathlib.Path) -> None:
    """Refuse tables and keys branding.toml does not define: a misspelt key would otherwise be ignored."""
    tables = {setting.table for setting in SETTINGS.values()}
    for table, values in data.items():
        if table not in tables or not isinstance(values, dict):
            raise BrandingError(f"{path}: [{table}] is not a branding table; use "
                                + " and ".join(f"[{name}]" for name in sorted(tables)))
        keys = sorted(s.key for s in SETTINGS.values() if s.table == table)
        for key in values:
            if key not in keys:
                raise BrandingError(f"{path}:{line_of(text, table, key)}: {table}.{key} is not a branding "
                                    f"setting; the settings of [{table}] are {', '.join(keys)}")


def one_line(value: str, where: str) -> str:
    if "\n" in value.strip():
        raise BrandingError(f"{where}: must be one line of text")
    return value.strip()


def logo_file(value: str, where: str, base: pathlib.Path) -> pathlib.Path | None:
    if not value.strip():
        return None
    logo = (base / value.strip()).resolve()
    if not logo.is_file():
        raise BrandingError(f"{where}: the logo file {logo} does not exist; give a path relative to {base} "
                            'or an absolute path, or "" for no logo')
    if logo.suffix.lower() not in LOGO_SUFFIXES:
        raise BrandingError(f"{where}: the logo {logo.name} is not a {', '.join(LOGO_SUFFIXES)} file")
    return logo


def web_address(value: str, where: str) -> str:
    address = value.strip()
    if not address:
        return ""
    if not WEB_ADDRESS.match(address):
        raise BrandingError(f"{where}: {address!r} is not a web address such as "
                            '"https://intranet.example.org/handbooks/vertebroplasty/"')
    return address if address.endswith("/") else address + "/"


def load(path: pathlib.Path = BRANDING_FILE, environ: Mapping[str, str] = os.environ) -> Branding:
    """Read *path* (a missing file means the neutral defaults) and apply the environment's overrides.

    A variable that is set, even to "", replaces the file's value. Logo paths are relative to the
    folder of *path* when written there, to the current folder when given in a variable.
    """
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BrandingError(f"{path}: cannot be read as TOML: {error}") from None
    check_known_keys(data, text, path)

    values = {}
    for field, setting in SETTINGS.items():
        if setting.variable in environ:
            value, where, base = environ[setting.variable], f"environment variable {setting.variable}", pathlib.Path.cwd()
        else:
            value = data.get(setting.table, {}).get(setting.key, "")
            line = line_of(text, setting.table, setting.key)
            where = f"{path}{f':{line}' if line else ''}: {setting.table}.{setting.key}"
            base = path.parent
        if not isinstance(value, str):
            raise BrandingError(f'{where}: must be a quoted string such as "..." ("" for none)')
        if field == "org_logo":
            values[field] = logo_file(value, where, base)
        elif field == "base_url":
            values[field] = web_address(value, where)
        else:
            values[field] = one_line(value, where)
    return Branding(**values)
