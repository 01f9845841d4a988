"""Reading site entries from TOML and finding the site of a URL."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jambicrawl.registry.model import (
    FAMILIES,
    GENERIC_SITE,
    SELECTOR_KEYS,
    Discovery,
    Site,
)
from jambicrawl.registry.selectors import BadSelectorError, compile_css

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_KEY = re.compile(r"^[a-z][a-z0-9]*$")

#: Hosts of unregistered sister sites whose template family is known: any Disway,
#: Tribun or Antara regional site extracts with its family's selectors.
_FAMILY_HOST_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".disway.id", "disway"),
    (".tribunnews.com", "tribun"),
    ("tribunnews.com", "tribun"),
    (".antaranews.com", "antara"),
    ("antaranews.com", "antara"),
)


class RegistryError(ValueError):
    """A sites file that cannot be used; the message names the file and the entry."""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RegistryError(f"{where}: expected a string or a list of strings")


def _site_from_entry(key: str, entry: dict[str, Any], source: str) -> Site:
    where = f"{source}: [sites.{key}]"
    if not _KEY.match(key):
        raise RegistryError(f"{where}: key must be lowercase letters and digits")
    family = entry.get("family", "generic")
    if family not in FAMILIES:
        raise RegistryError(f"{where}: unknown family {family!r} (one of {', '.join(FAMILIES)})")
    hosts = tuple(h.lower() for h in _strings(entry.get("hosts", []), f"{where} hosts"))
    if not hosts:
        raise RegistryError(f"{where}: needs at least one host")
    disc = entry.get("discovery", {})
    selectors = entry.get("selectors", {})
    unknown = set(selectors) - set(SELECTOR_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown selector keys {', '.join(sorted(unknown))}")
    return Site(
        key=key,
        name=str(entry.get("name", key)),
        family=family,
        hosts=hosts,
        timezone=str(entry.get("timezone", "Asia/Jakarta")),
        title_suffixes=_strings(entry.get("title_suffixes", []), f"{where} title_suffixes"),
        discovery=Discovery(
            robots=bool(disc.get("robots", True)),
            sitemaps=_strings(disc.get("sitemaps", []), f"{where} sitemaps"),
            feeds=_strings(disc.get("feeds", []), f"{where} feeds"),
            listings=_strings(disc.get("listings", []), f"{where} listings"),
            article_pattern=_pattern(disc.get("article_pattern", ""), where),
        ),
        selectors=_selectors(selectors, where),
    )


def _pattern(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RegistryError(f"{where} article_pattern: expected a string")
    try:
        re.compile(value)
    except re.error as exc:
        raise RegistryError(f"{where} article_pattern: bad regular expression: {exc}") from None
    return value


def _selectors(table: dict[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    """Selector overrides, each compiled now so that a typo fails at load, not mid-crawl."""
    out = {key: _strings(value, f"{where} selectors.{key}") for key, value in table.items()}
    for key, values in out.items():
        for selector in values:
            try:
                compile_css(selector)
            except BadSelectorError as exc:
                raise RegistryError(f"{where} selectors.{key}: {exc}") from None
    return out


def parse_sites(text: str, source: str) -> list[Site]:
    """Sites of one TOML document; raises :class:`RegistryError` on a bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source}: not valid TOML: {exc}") from None
    entries = data.get("sites", {})
    if not isinstance(entries, dict):
        raise RegistryError(f"{source}: [sites] must be a table")
    return [_site_from_entry(key, entry, source) for key, entry in entries.items()]


class Registry:
    """The known sites, by key and by host."""

    def __init__(self, sites: Iterable[Site]) -> None:
        self._sites: dict[str, Site] = {}
        for site in sites:
            self._sites[site.key] = site  # a later file overrides an earlier entry
        self._by_host = {host: site for site in self._sites.values() for host in site.hosts}

    def __iter__(self) -> Iterator[Site]:
        return iter(self._sites.values())

    def __len__(self) -> int:
        return len(self._sites)

    def __contains__(self, key: object) -> bool:
        return key in self._sites

    def get(self, key: str) -> Site:
        """The site registered as ``key``; :class:`KeyError` with the known keys otherwise."""
        try:
            return self._sites[key]
        except KeyError:
            known = ", ".join(sorted(self._sites))
            raise KeyError(f"unknown site {key!r} (known: {known})") from None

    def for_url(self, url: str) -> Site:
        """The site a URL belongs to; unregistered hosts get the generic site, with the
        family of a known network when the host belongs to one."""
        host = (urlsplit(url).hostname or "").lower()
        site = self._by_host.get(host)
        if site is not None:
            return site
        for suffix, family in _FAMILY_HOST_SUFFIXES:
            if host.endswith(suffix):
                return replace(GENERIC_SITE, family=family, hosts=(host,))
        return replace(GENERIC_SITE, hosts=(host,) if host else ())


def builtin_sites() -> list[Site]:
    """The sites shipped with jambicrawl."""
    text = resources.files("jambicrawl.registry").joinpath("sites.toml").read_text("utf-8")
    return parse_sites(text, "built-in sites.toml")


def load_registry(extra_files: Iterable[str | Path] = ()) -> Registry:
    """The built-in sites plus those of ``extra_files`` (later entries win)."""
    sites = builtin_sites()
    for path in extra_files:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError(f"{path}: cannot read sites file: {exc}") from None
        sites.extend(parse_sites(text, str(path)))
    return Registry(sites)
