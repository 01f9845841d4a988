"""The conditional-request middleware and the validators table, on their own."""

from __future__ import annotations

import socket
import sqlite3
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from jambicrawl.downloading.conditional import (
    DOCUMENT_META,
    ConditionalRequests,
    KeptDocuments,
)
from jambicrawl.state.articles import ArticleStore
from jambicrawl.state.validators import KeptDocument, Validators, ValidatorStore
from jambicrawl.warc.digest import payload_digest
from jambicrawl.warc.exchange import REVALIDATES_META
from jambicrawl.warc.extension import CITE_META

if TYPE_CHECKING:
    from pathlib import Path

URL = "https://jambi.tribunnews.com/2026/06/01/berita"


def _store_article(db: Path, url: str = URL) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO articles VALUES (?, 'tribunjambi', '2026-06-01T00:00:00Z',"
            " '2026-06-01T00:00:00Z', 'hash', 1, 1)",
            (url,),
        )


def _middleware(db: Path) -> ConditionalRequests:
    crawler = get_crawler(settings_dict={"JAMBICRAWL_STATE_DB": str(db)})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return ConditionalRequests.from_crawler(crawler)


def test_a_database_made_before_validators_gets_their_table(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    ArticleStore(db).close()  # an archive of before: articles, no validators
    _store_article(db)
    store = ValidatorStore(db)
    assert store.of_known_article(URL) is None  # fetched once in full again
    store.save(URL, Validators('"a"', None, "sha1:X"))
    assert store.of_known_article(URL) == Validators('"a"', None, "sha1:X")
    store.close()


def test_validators_of_a_page_never_stored_as_an_article_are_not_used(tmp_path: Path) -> None:
    store = ValidatorStore(tmp_path / "state.sqlite3")
    store.save(URL, Validators('"a"', "Mon, 01 Jun 2026 00:00:00 GMT", "sha1:X"))
    assert store.of_known_article(URL) is None
    store.close()


def test_a_200_is_remembered_and_the_next_request_is_conditional(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    middleware = _middleware(db)
    first = Request(URL, meta={CITE_META: True})
    assert middleware.process_request(first) is None
    assert b"If-None-Match" not in first.headers  # unknown yet
    body = b"<html><body>berita</body></html>"
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jun 2026 02:00:00 GMT"}
    response = HtmlResponse(URL, body=body, headers=headers, request=first)
    assert middleware.process_response(first, response) is response
    _store_article(db)  # the pipeline stored the article

    again = Request(URL, meta={CITE_META: True})
    middleware.process_request(again)
    assert again.headers[b"If-None-Match"] == b'"v1"'
    assert again.headers[b"If-Modified-Since"] == b"Mon, 01 Jun 2026 02:00:00 GMT"
    assert again.meta[REVALIDATES_META] == payload_digest(body)
    assert 304 in again.meta["handle_httpstatus_list"]
    # Discovery documents (no citation asked) are fetched as before.
    listing = Request(URL, meta={})
    middleware.process_request(listing)
    assert b"If-None-Match" not in listing.headers


def test_switched_off(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "JAMBICRAWL_STATE_DB": str(tmp_path / "s.sqlite3"),
            "JAMBICRAWL_CONDITIONAL_REQUESTS": False,
        }
    )
    with pytest.raises(NotConfigured):
        ConditionalRequests.from_crawler(crawler)


def test_a_304_whose_kept_document_was_replaced_is_asked_again_in_full(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    sitemap = "https://jambi.tribunnews.com/sitemap.xml"
    store = ValidatorStore(db)
    kept = KeptDocument(Validators('"new"', None, "sha1:NEW"), [], b"<urlset/>")
    store.keep_document(sitemap, kept)
    store.close()
    crawler = get_crawler(settings_dict={"JAMBICRAWL_STATE_DB": str(db)})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    documents = KeptDocuments.from_crawler(crawler)
    # Sent with the validators of a capture kept before: the store now holds another one.
    sent = Request(
        sitemap,
        headers={"If-None-Match": '"old"'},
        meta={DOCUMENT_META: True, REVALIDATES_META: "sha1:OLD"},
    )
    again = documents.process_response(sent, HtmlResponse(sitemap, status=304, request=sent))
    assert isinstance(again, Request)
    assert b"If-None-Match" not in again.headers and REVALIDATES_META not in again.meta
    # Not made conditional again on its way out.
    _middleware(db).process_request(again)
    assert b"If-None-Match" not in again.headers and REVALIDATES_META not in again.meta


def test_a_digest_index_out_of_reach_means_a_full_fetch(tmp_path: Path) -> None:
    """A shared crawl whose Redis went away: the document is asked for in full, and the
    request is not lost to an exception (the crawl's Redis extension stops the crawl)."""
    db = tmp_path / "state.sqlite3"
    sitemap = "https://jambi.tribunnews.com/sitemap.xml"
    store = ValidatorStore(db)
    store.keep_document(sitemap, KeptDocument(Validators('"a"', None, "sha1:A"), [], b"<x/>"))
    store.close()
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = {
        "JAMBICRAWL_STATE_DB": str(db),
        "JAMBICRAWL_REDIS_URL": f"redis://127.0.0.1:{port}/0",
        # As the shared crawl's add-on sets it.
        "JAMBICRAWL_PAYLOAD_INDEX": "jambicrawl.scale.digests.RedisDigestIndex",
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()  # type: ignore[union-attr]
    middleware = ConditionalRequests.from_crawler(crawler)
    request = Request(sitemap, meta={DOCUMENT_META: True})
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers
    assert crawler.stats.get_value("conditional/index_errors") == 1  # type: ignore[union-attr]
