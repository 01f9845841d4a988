"""The WARC_* settings, checked once, and the warcinfo fields they lead to."""

from __future__ import annotations

import importlib
import socket
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from jambicrawl import settings as defaults
from jambicrawl.state.paths import archive_dir, state_db
from jambicrawl.useragent import user_agent
from jambicrawl.warc.files import PREFIX_PATTERN

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

FORMAT = "WARC File Format 1.0"
CONFORMS_TO = "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf"
BODIES = (
    "HTTP bodies are stored transfer-decoded: chunk framing removed and Transfer-Encoding"
    " dropped by the HTTP client; Content-Encoding (gzip, deflate) kept as sent"
)
NOT_MODIFIED = (
    "a server-not-modified revisit has no request record: its request was the referred"
    " capture's with If-None-Match and If-Modified-Since from that capture's ETag and"
    " Last-Modified"
)
MIRROR = "yes: a demo or mirror crawl, these captures are not of the live sites"


@dataclass(frozen=True, slots=True)
class WarcConfig:
    directory: Path
    prefix: str
    max_size: int
    state_db: Path
    operator: str
    description: str
    is_part_of: str
    mirror: bool
    robots: str
    user_agent: str
    download_maxsize: int
    #: Heritrix-style metadata records (via, hops, fetch time, outlinks) beside responses.
    outlinks: bool = False
    #: A request record beside each server-not-modified revisit.
    not_modified_requests: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> WarcConfig:
        """Raises NotConfigured when archiving is off, ValueError on a bad setting."""
        if not settings.getbool("WARC_ENABLED", defaults.WARC_ENABLED):
            raise NotConfigured  # off on purpose: no message, so Scrapy logs no warning
        directory = Path(settings.get("WARC_DIR") or archive_dir(settings))
        prefix = settings.get("WARC_PREFIX") or defaults.WARC_PREFIX
        if not PREFIX_PATTERN.fullmatch(prefix):
            raise ValueError(f"WARC_PREFIX {prefix!r}: use letters, digits, '.', '_' and '-' only")
        max_size = settings.getint("WARC_MAX_SIZE", defaults.WARC_MAX_SIZE)
        if max_size <= 0:
            raise ValueError(f"WARC_MAX_SIZE must be positive, not {max_size}")
        return cls(
            directory=directory,
            prefix=prefix,
            max_size=max_size,
            # The one state database of the archive, shared with the article pipeline.
            state_db=state_db(settings),
            operator=settings.get("WARC_OPERATOR") or settings.get("JAMBICRAWL_CONTACT_URL") or "",
            description=settings.get("WARC_DESCRIPTION") or "",
            is_part_of=settings.get("WARC_IS_PART_OF") or "",
            mirror=settings.getbool("WARC_MIRROR", defaults.WARC_MIRROR),
            robots="obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            user_agent=user_agent(settings),
            download_maxsize=settings.getint("DOWNLOAD_MAXSIZE", defaults.DOWNLOAD_MAXSIZE),
            outlinks=settings.getbool("WARC_OUTLINKS", defaults.WARC_OUTLINKS),
            not_modified_requests=settings.getbool(
                "WARC_NOT_MODIFIED_REQUESTS", defaults.WARC_NOT_MODIFIED_REQUESTS
            ),
        )

    def warcinfo_fields(self, spider_name: str) -> dict[str, str]:
        description = self.description or f"jambicrawl crawl by spider {spider_name}"
        fields = {
            "software": software(),
            "hostname": socket.gethostname(),
            "operator": self.operator,
            "description": ("Demo/mirror crawl. " if self.mirror else "") + description,
            "isPartOf": self.is_part_of or spider_name,
            "robots": self.robots,
            "http-header-user-agent": self.user_agent,
            "format": FORMAT,
            "conformsTo": CONFORMS_TO,
            "http-bodies": BODIES,
        }
        if self.mirror:
            fields["mirror"] = MIRROR
        if not self.not_modified_requests:
            fields["jambicrawl-not-modified"] = NOT_MODIFIED
        return {name: " ".join(value.split()) for name, value in fields.items() if value}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        pass
    try:  # A source checkout that was never installed.
        return str(getattr(importlib.import_module(package), "__version__", "unknown"))
    except Exception:
        return "unknown"


def software() -> str:
    return (
        f"jambicrawl/{_version('jambicrawl')} (Scrapy/{_version('scrapy')},"
        f" warcio/{_version('warcio')})"
    )
