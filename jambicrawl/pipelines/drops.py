"""Why an item left the pipelines, and how loudly the log says so.

Scrapy logs every drop at WARNING with the item's repr (up to a thousand characters of a
``NotModified`` or an Article). Most drops are the normal path of a re-crawl: an article
unchanged or not modified, one found twice in a crawl, one outside the date window. Those are
logged at DEBUG; a version the version guard held back stays a warning, one short line per
article. :class:`jambicrawl.logformatter.LogFormatter` leaves the repr out of every drop.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem


def expected(message: str) -> DropItem:
    """A drop on the normal path of a crawl (logged at DEBUG)."""
    return DropItem(message, log_level="DEBUG")


def held_back(message: str) -> DropItem:
    """A version the version guard held back (logged as a warning)."""
    return DropItem(message, log_level="WARNING")
