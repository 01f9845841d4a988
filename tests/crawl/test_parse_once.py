"""An article page is parsed once in a crawl: the spider reads its pager off the tree that
extraction then uses, and the tree is let go once the Article is made."""

from __future__ import annotations

import asyncio
import json
import pickle
from typing import TYPE_CHECKING, Any

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from jambicrawl.pages import response as page_response_module
from jambicrawl.pipelines.extract import ExtractPipeline
from jambicrawl.registry import load_registry
from jambicrawl.spiders import NewsSpider
from jambicrawl.spiders.fetched import FetchedArticle
from tests.fixturecases import PAGES

if TYPE_CHECKING:
    from pathlib import Path

CASE = PAGES / "tribunjambi" / "multi-page-2" / "inputs"


def _response(stem: str) -> HtmlResponse:
    info = json.loads((CASE / f"{stem}-info.json").read_text("utf-8"))
    body = (CASE / f"{stem}-body.html").read_bytes()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    url = info["url"]
    return HtmlResponse(url, body=body, headers=headers, request=scrapy.Request(url))


def _spider(tmp_path: Path) -> NewsSpider:
    crawler = get_crawler(NewsSpider, {"JAMBICRAWL_ARCHIVE_DIR": str(tmp_path)})
    spider = NewsSpider.from_crawler(crawler, site="tribunjambi")
    crawler.spider = spider
    return spider


def test_the_spider_hands_on_the_tree_it_read_the_pager_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spider = _spider(tmp_path)
    (request,) = list(spider.parse_article(_response("HttpResponse")))
    assert isinstance(request, scrapy.Request)  # page 2, found by the pager
    fetched: FetchedArticle = request.cb_kwargs["fetched"]
    (first,) = fetched.pages
    # The tree waits in the spider, not in the request, which the resumable queue saves.
    assert first.parsed is None and first.url in spider.trees
    (item,) = list(spider.parse_later_page(_response("HttpResponse-2"), **request.cb_kwargs))
    assert item is fetched and len(item.pages) == 2
    assert item.pages[0].parsed is not None and not spider.trees

    parses: list[Any] = []
    real_init = page_response_module.ParsedPage.__init__

    def counting_init(self: Any, response: Any) -> None:
        parses.append(response.url)
        real_init(self, response)

    monkeypatch.setattr(page_response_module.ParsedPage, "__init__", counting_init)
    pipeline = ExtractPipeline(load_registry(), spider.crawler.stats)  # type: ignore[arg-type]
    article = asyncio.run(pipeline.process_item(item))
    assert article.page_count == 2 and article.complete
    assert parses == [item.pages[1].url]  # page 2 only: page 1 was parsed by the spider
    assert all(page.parsed is None for page in item.pages)  # no tree kept past extraction
    spider.closed("finished")


def test_a_later_page_request_survives_the_resumable_queue(tmp_path: Path) -> None:
    """What a later-page request carries can be saved and read back (a killed crawl's queue
    holds it); the article made of it after a resume is the one made without."""
    spider = _spider(tmp_path)
    (request,) = list(spider.parse_article(_response("HttpResponse")))
    restored = request_from_dict(
        pickle.loads(pickle.dumps(request.to_dict(spider=spider))), spider=spider
    )
    resumed = _spider(tmp_path / "resumed")  # a new process: no tree waiting
    (item,) = list(resumed.parse_later_page(_response("HttpResponse-2"), **restored.cb_kwargs))
    (direct,) = list(spider.parse_later_page(_response("HttpResponse-2"), **request.cb_kwargs))
    pipeline = ExtractPipeline(load_registry(), spider.crawler.stats)  # type: ignore[arg-type]
    assert asyncio.run(pipeline.process_item(item)) == asyncio.run(pipeline.process_item(direct))
    spider.closed("finished")
    resumed.closed("finished")
