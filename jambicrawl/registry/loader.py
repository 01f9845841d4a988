"""Reading site entries from TOML and finding the site of a URL."""

from __future__ import annotations

import difflib
import re
import tomllib
import zoneinfo
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError
from lxml import etree

from jambicrawl.errors import JambicrawlError
from jambicrawl.registry.families import FAMILIES
from jambicrawl.registry.model import GENERIC_SITE, SELECTOR_KEYS, Discovery, Site

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_KEY = re.compile(r"^[a-z][a-z0-9]*$")
#: A host name, with a port when the site answers on one (no scheme, no path).
_HOST = re.compile(r"^[^\s/:@?#]+(?::\d{1,5})?$")
SCHEMES = ("https", "http")
_CSS = GenericTranslator()

#: The keys of an entry, of its [discovery] table and of a sites file, each with the
#: type its value must have (a str key accepts a string or a list of strings).
_ENTRY_KEYS = ("name", "family", "hosts", "scheme", "timezone", "title_suffixes",
               "discovery", "selectors")  # fmt: skip
_DISCOVERY_KEYS = ("robots", "sitemaps", "feeds", "listings", "article_pattern")
_TOP_LEVEL = ("sites",)


class RegistryError(JambicrawlError, ValueError):
    """A sites file that cannot be used; the message names the file and the entry."""


def _check_keys(table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """A one-line error for the first key that is not in ``known``, with the close match."""
    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        elif key in _DISCOVERY_KEYS or difflib.get_close_matches(key, _DISCOVERY_KEYS, n=1):
            hint = " (discovery keys go in a [sites.KEY.discovery] table)"
        else:
            hint = f" (known: {', '.join(known)})"
        raise RegistryError(f"{where}: unknown key {key!r}{hint}")


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: expected a table")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RegistryError(f"{where}: expected a string, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)  # fmt: skip


def _hosts(value: Any, where: str) -> tuple[str, ...]:
    hosts = tuple(h.lower() for h in _strings(value, where))
    for host in hosts:
        if "://" in host:
            scheme, _, rest = host.partition("://")
            raise RegistryError(
                f"{where}: {host!r} is a URL, not a host name "
                f"(write hosts = [{rest.split('/')[0]!r}] and scheme = {scheme!r})"
            )
        if not _HOST.match(host):
            raise RegistryError(f"{where}: {host!r} is not a host name (HOST or HOST:PORT)")
    return hosts


def _timezone(value: Any, where: str) -> str:
    name = _string(value, where)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(name, zoneinfo.available_timezones(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise RegistryError(f"{where}: unknown time zone {name!r}{hint}") from None
    return name


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
    entry = _table(entry, where)
    _check_keys(entry, _ENTRY_KEYS, where)
    family = _string(entry.get("family", "generic"), f"{where} family")
    if family not in FAMILIES:
        raise RegistryError(f"{where}: unknown family {family!r} (one of {', '.join(FAMILIES)})")
    hosts = _hosts(entry.get("hosts", []), f"{where} hosts")
    if not hosts:
        raise RegistryError(f"{where}: needs at least one host")
    scheme = _string(entry.get("scheme", "https"), f"{where} scheme")
    if scheme not in SCHEMES:
        raise RegistryError(f"{where} scheme: {scheme!r} is not one of {', '.join(SCHEMES)}")
    disc_where = f"{source}: [sites.{key}.discovery]"
    disc = _table(entry.get("discovery", {}), disc_where)
    _check_keys(disc, _DISCOVERY_KEYS, disc_where)
    robots = disc.get("robots", True)
    if not isinstance(robots, bool):
        raise RegistryError(f"{disc_where} robots: expected true or false, not {robots!r}")
    selectors = _table(entry.get("selectors", {}), f"{source}: [sites.{key}.selectors]")
    unknown = set(selectors) - set(SELECTOR_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown selector keys {', '.join(sorted(unknown))}")
    return Site(
        key=key,
        name=_string(entry.get("name", key), f"{where} name"),
        family=family,
        hosts=hosts,
        scheme=scheme,
        timezone=_timezone(entry.get("timezone", "Asia/Jakarta"), f"{where} timezone"),
        title_suffixes=_strings(entry.get("title_suffixes", []), f"{where} title_suffixes"),
        discovery=Discovery(
            robots=robots,
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
    """Selector overrides, each translated now so that a typo fails at load, not mid-crawl.
    cssselect's own translation is the test: the engine pages run on
    (``pages/selectors.py``) only adds shortcuts to the XPath it gives."""
    out = {key: _strings(value, f"{where} selectors.{key}") for key, value in table.items()}
    for key, values in out.items():
        for selector in values:
            try:
                etree.XPath(_CSS.css_to_xpath(selector))
            except (SelectorError, etree.XPathSyntaxError) as exc:
                raise RegistryError(
                    f"{where} selectors.{key}: bad CSS selector {selector!r}: {exc}"
                ) from None
    return out


def parse_sites(text: str, source: str) -> list[Site]:
    """Sites of one TOML document; raises :class:`RegistryError` on a bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source}: not valid TOML: {exc}") from None
    for key in data:
        if key not in _TOP_LEVEL:
            close = difflib.get_close_matches(key, _TOP_LEVEL, n=1)
            hint = f" (did you mean [{close[0]}.KEY]?)" if close else " (entries are [sites.KEY])"
            raise RegistryError(f"{source}: unknown table or key {key!r}{hint}")
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
        split = urlsplit(url)
        host = (split.hostname or "").lower()
        # A host registered with its port ("127.0.0.1:8080") matches on host and port.
        site = self._by_host.get(host) or self._by_host.get(split.netloc.rpartition("@")[2])
        if site is not None:
            return site
        # Sister sites of a network extract with its family's selectors.
        for family in FAMILIES.values():
            if family.in_network(host):
                return replace(GENERIC_SITE, family=family.name, hosts=(host,))
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
