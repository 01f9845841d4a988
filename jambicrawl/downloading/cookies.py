"""Scrapy's cookie middleware, without its fetch of the public suffix list.

Scrapy asks tldextract whether a cookie's domain is a public suffix, through an extractor it
builds when its cookie module is imported. That extractor downloads the list from two
third-party hosts the first time a page sets a cookie (and logs tracebacks when offline): a
crawler should talk to the sites it crawls only. This one reads the snapshot tldextract
ships, and keeps no cache on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares import cookies
from tldextract import TLDExtract

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

#: Same private-domain rule as Scrapy's extractor; no URL to fetch, no cache folder.
OFFLINE_EXTRACTOR = TLDExtract(
    cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True, include_psl_private_domains=True
)


class OfflineCookiesMiddleware(cookies.CookiesMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # Scrapy looks the extractor up by this module-level name on every cookie.
        cookies._split_domain = OFFLINE_EXTRACTOR
        return super().from_crawler(crawler)
