"""An old URL that redirects to an article for good is asked for at the article's URL in
later crawls; one that redirects for now is fetched again."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from jambicrawl.spiders import NewsSpider
from jambicrawl.spiders.discovery import Link
from jambicrawl.state.aliases import AliasStore

if TYPE_CHECKING:
    from pathlib import Path

ARTICLE = "https://jambi.tribunnews.com/2026/06/01/jalan-baru-diresmikan"
OLD = f"{ARTICLE}-2"
PAGE = b"<html><head><title>Jalan Baru</title></head><body><h1>Jalan Baru</h1></body></html>"


def _spider(tmp_path: Path) -> NewsSpider:
    crawler = get_crawler(NewsSpider, {"JAMBICRAWL_ARCHIVE_DIR": str(tmp_path)})
    spider = NewsSpider.from_crawler(crawler, site="tribunjambi")
    crawler.spider = spider
    return spider


def _redirected(status: int) -> HtmlResponse:
    """The article page, reached from OLD through one redirect of ``status``."""
    meta = {"redirect_urls": [OLD], "redirect_reasons": [status]}
    request = scrapy.Request(ARTICLE, meta=meta)
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(ARTICLE, body=PAGE, headers=headers, request=request)


@pytest.mark.parametrize(("status", "asked_for"), [(301, ARTICLE), (308, ARTICLE), (302, OLD)])
def test_the_next_crawl_asks_for_a_permanent_redirects_target(
    tmp_path: Path, status: int, asked_for: str
) -> None:
    first = _spider(tmp_path)
    list(first.parse_article(_redirected(status)))
    first.closed("finished")

    later = _spider(tmp_path)
    (request,) = list(later.article_request(Link(OLD, None)))
    assert request.url == asked_for
    later.closed("finished")


def test_a_url_is_no_alias_of_itself(tmp_path: Path) -> None:
    aliases = AliasStore(tmp_path / "state.sqlite3")
    aliases.remember([ARTICLE, OLD], ARTICLE)
    assert aliases.target(OLD) == ARTICLE
    assert aliases.target(ARTICLE) is None
    aliases.close()


def test_an_alias_of_an_article_found_gone_is_followed_again(tmp_path: Path) -> None:
    first = _spider(tmp_path)
    list(first.parse_article(_redirected(301)))
    first.closed("finished")

    second = _spider(tmp_path)
    (request,) = list(second.article_request(Link(OLD, None)))
    assert request.url == ARTICLE
    # The article's own URL answers 404 now: the site may point the old URL elsewhere.
    gone = HtmlResponse(ARTICLE, status=404, body=b"", request=request)
    failure = Failure(HttpError(gone, "Ignoring non-200 response"))
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy sets it
    second.article_failed(failure)
    second.closed("finished")

    later = _spider(tmp_path)
    (request,) = list(later.article_request(Link(OLD, None)))
    assert request.url == OLD
    later.closed("finished")
