"""Replay of WARC files in the shapes real crawlers write: Articles equal to the fixtures'
expected output, with the provenance of every page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import jambicrawl.replay.articles as articles_module
from jambicrawl.items import Article
from jambicrawl.mirror.rewrite import HostRewriter
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.window import DateWindow
from jambicrawl.pages import PageResponse, extract_pages
from jambicrawl.registry import load_registry
from jambicrawl.registry.families.antara import Antara
from tests.replay.archives import (
    CASES,
    GENERIC,
    MULTI_PAGE,
    OFFSET_PAGES,
    OLD_LAYOUT,
    THREE_PAGES,
    Builder,
    browsertrix_archive,
    case,
    find_records,
    heritrix_archive,
    html_headers,
    jambicrawl_archive,
    jambicrawl_capture,
    jambicrawl_warcinfo,
    warc_date,
    wget_archive,
)
from tests.replay.helpers import article_at, assert_fixture_fields, replay_paths

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.registry import Site

ALL_CASES = sorted(CASES)
REVISITED = "tribunjambi/single-page-baca-juga-ringkasan"


@pytest.fixture(scope="module")
def jambicrawl_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jambicrawl")
    return jambicrawl_archive(folder / "crawl-00000.warc.gz", ALL_CASES, revisit_of=REVISITED)


@pytest.fixture(scope="module")
def replayed(jambicrawl_warc: Path) -> list[Article]:
    articles, problems = replay_paths(jambicrawl_warc)
    assert problems == []
    return articles


@pytest.mark.parametrize("case_id", ALL_CASES)
def test_jambicrawl_archive_gives_each_fixture_article(
    replayed: list[Article], case_id: str
) -> None:
    articles = replayed
    the_case = case(case_id)
    article = article_at(articles, the_case.expected["url"], warc_date(the_case))
    assert_fixture_fields(article, the_case)


@pytest.mark.parametrize("case_id", [MULTI_PAGE, THREE_PAGES, OFFSET_PAGES, REVISITED])
def test_every_page_is_cited(jambicrawl_warc: Path, replayed: list[Article], case_id: str) -> None:
    articles = replayed
    the_case = case(case_id)
    article = article_at(articles, the_case.expected["url"], warc_date(the_case))
    records = find_records(jambicrawl_warc)
    pages = the_case.responses()
    assert [c.url for c in article.captures] == [p.url for p in pages]
    for i, (capture, page) in enumerate(zip(article.captures, pages, strict=True)):
        record_id, digest, _ = records[(page.url, warc_date(the_case, i))]
        assert capture.warc_file == jambicrawl_warc.name
        assert capture.record_id == record_id
        assert capture.payload_digest == digest
        assert capture.captured_at == warc_date(the_case, i)


def test_revisit_gives_the_article_again_citing_the_revisit(
    jambicrawl_warc: Path, replayed: list[Article]
) -> None:
    articles = replayed
    the_case = case(REVISITED)
    later = warc_date(the_case, 86400)
    article = article_at(articles, the_case.expected["url"], later)
    assert_fixture_fields(article, the_case)
    (capture,) = article.captures
    record_id, digest, _ = find_records(jambicrawl_warc)[(the_case.expected["url"], later)]
    assert (capture.record_id, capture.payload_digest) == (record_id, digest)
    assert len(articles) == len(ALL_CASES) + 1


def test_heritrix_archive_with_dns_metadata_and_chunked_gzip_bodies(tmp_path: Path) -> None:
    cases = [MULTI_PAGE, OLD_LAYOUT, GENERIC]
    path = heritrix_archive(tmp_path / "IA-HERITRIX-20221012050251-00000.warc.gz", cases)
    articles, problems = replay_paths(path)
    assert problems == []
    assert len(articles) == len(cases)
    for case_id in cases:
        the_case = case(case_id)
        assert_fixture_fields(
            article_at(articles, the_case.expected["url"], warc_date(the_case)), the_case
        )


def test_wget_plain_warc_with_bracketed_uris_and_revisit_by_record_id(tmp_path: Path) -> None:
    cases = [THREE_PAGES, "jambione/kur-triwulan-i-two-authors"]
    path = wget_archive(tmp_path / "site.warc", cases, revisit_of=cases[1])
    articles, problems = replay_paths(path)
    assert problems == []
    for case_id in cases:
        the_case = case(case_id)
        assert_fixture_fields(
            article_at(articles, the_case.expected["url"], warc_date(the_case)), the_case
        )
    revisited = case(cases[1])
    again = article_at(articles, revisited.expected["url"], warc_date(revisited, 3600))
    assert_fixture_fields(again, revisited)


def test_browsertrix_warc_1_1_with_millisecond_dates_and_sha256(tmp_path: Path) -> None:
    cases = [OFFSET_PAGES, "detailjambi/sumur-minyak-ilegal-yoast"]
    path = browsertrix_archive(tmp_path / "rec-20240101-crawl.warc.gz", cases, revisit_of=cases[1])
    articles, problems = replay_paths(path)
    assert problems == []
    assert len(articles) == 3
    for case_id in cases:
        the_case = case(case_id)
        date = warc_date(the_case, millis=True)
        article = article_at(articles, the_case.expected["url"], date)
        assert_fixture_fields(article, the_case)
        assert article.captures[0].payload_digest.startswith("sha256:")
    assert (
        len(
            article_at(
                articles,
                case(OFFSET_PAGES).expected["url"],
                warc_date(case(OFFSET_PAGES), millis=True),
            ).captures
        )
        == 3
    )


def test_revisit_resolved_across_files(tmp_path: Path) -> None:
    first = jambicrawl_archive(tmp_path / "a.warc.gz", [REVISITED])
    the_case = case(REVISITED)
    page = the_case.responses()[0]
    record_id, digest, _ = find_records(first)[(page.url, warc_date(the_case))]
    later = Builder(tmp_path / "b.warc.gz")
    jambicrawl_warcinfo(later)
    later.revisit(page.url, warc_date(the_case, 600), digest, html_headers(page),
                  refers_to=record_id, target=(page.url, warc_date(the_case)))  # fmt: skip
    second = later.close()
    articles, problems = replay_paths(first, second)
    assert problems == []
    again = article_at(articles, page.url, warc_date(the_case, 600))
    assert_fixture_fields(again, the_case)
    assert again.captures[0].warc_file == "b.warc.gz"
    alone, problems = replay_paths(second)
    assert alone == []
    assert [p.reason for p in problems] == [
        f"revisit of {page.url} at {warc_date(the_case)}: original not in the given files"
    ]


def test_warc_date_is_the_capture_time_that_picks_the_parser_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_case = case(OLD_LAYOUT)
    builder = Builder(tmp_path / "two-dates.warc.gz")
    page = the_case.responses()[0]
    jambicrawl_capture(builder, page, warc_date(the_case), gzipped=False)
    jambicrawl_capture(builder, page, "2026-01-14T06:31:09Z", gzipped=True)
    seen: list[tuple[str, str]] = []

    def extract(pages: list[PageResponse], site: Site, **kwargs: Any) -> Article:
        when = pages[0].captured_at
        assert when is not None
        seen.append((Antara.template_for(when).name, when.strftime("%Y-%m-%dT%H:%M:%SZ")))
        return extract_pages(pages, site, **kwargs)

    monkeypatch.setattr(articles_module, "extract_pages", extract)
    articles, _ = replay_paths(builder.close())
    assert seen == [("antara-2015", warc_date(the_case)), ("antara", "2026-01-14T06:31:09Z")]
    assert_fixture_fields(article_at(articles, page.url, warc_date(the_case)), the_case)


def test_later_pages_from_the_capture_nearest_in_time(tmp_path: Path) -> None:
    the_case = case(MULTI_PAGE)
    builder = Builder(tmp_path / "two-crawls.warc.gz")
    for day, gzipped in ((0, False), (30, True)):
        for i, page in enumerate(the_case.responses()):
            jambicrawl_capture(builder, page, warc_date(the_case, day * 86400 + i), gzipped=gzipped)
    articles, _ = replay_paths(builder.close())
    assert len(articles) == 2
    for article in articles:
        first, second = article.captures
        gap = parse_date(second.captured_at) - parse_date(first.captured_at)  # type: ignore[operator]
        assert gap.total_seconds() == 1
        assert_fixture_fields(article, the_case)


def test_site_and_date_window(jambicrawl_warc: Path) -> None:
    tribun, _ = replay_paths(jambicrawl_warc, site="tribunjambi")
    assert {a.site for a in tribun} == {"tribunjambi"}
    assert len(tribun) == 4  # three cases and the revisit
    generic, _ = replay_paths(jambicrawl_warc, site="generic")
    assert {a.site for a in generic} == {"generic"} and len(generic) == 3
    window = DateWindow.parse("2026-01-01", "2026-03-31")
    recent, _ = replay_paths(jambicrawl_warc, dates=window)
    assert recent
    for article in recent:
        published = parse_date(article.date_published)
        assert published is not None and window.start <= published < window.end  # type: ignore[operator]


def test_only_html_200_article_pages_become_articles(tmp_path: Path) -> None:
    the_case = case(REVISITED)
    page = the_case.responses()[0]
    builder = Builder(tmp_path / "mixed.warc.gz")
    date = warc_date(the_case)
    host = page.url.split("/")[2]
    builder.response(f"https://{host}/", date, page.body, html_headers(page))  # not an article URL
    builder.response(page.url.replace("2022/09/05", "2022/09/06"), date, b"Not found",
                     html_headers(page), status="404 Not Found")  # fmt: skip
    builder.response(
        f"https://{host}/logo.png", date, b"\x89PNG\r\n", [("Content-Type", "image/png")]
    )
    builder.response(page.url, date, page.body, html_headers(page))
    articles, problems = replay_paths(builder.close())
    assert problems == []
    assert [a.url for a in articles] == [page.url]


def test_mirror_crawl_archive_keeps_mirror_urls_and_finds_the_site(tmp_path: Path) -> None:
    mirror = "http://127.0.0.1:8123"
    the_case = case(MULTI_PAGE)
    registry = load_registry()
    rewriter = HostRewriter([h for s in registry for h in s.hosts], mirror)
    builder = Builder(tmp_path / "mirror.warc.gz")
    jambicrawl_warcinfo(builder, mirror=True)
    for i, page in enumerate(the_case.responses()):
        page.url = to_mirror(page.url, mirror)
        page.body = rewriter.bytes(page.body)
        jambicrawl_capture(builder, page, warc_date(the_case, i), gzipped=True)
    (article,), problems = replay_paths(builder.close())
    assert problems == []
    assert article.site == "tribunjambi"
    assert article.url == to_mirror(the_case.expected["url"], mirror)
    assert article.page_count == 2 and article.complete
    for name in ("title", "body", "date_published", "authors", "editors", "tags"):
        assert article.to_dict()[name] == the_case.expected[name], name


def test_article_pages_that_cannot_be_extracted_or_decoded_are_reported(tmp_path: Path) -> None:
    the_case = case(REVISITED)
    page = the_case.responses()[0]
    date = warc_date(the_case)
    builder = Builder(tmp_path / "broken-pages.warc.gz")
    empty_url = page.url.replace("2022/09/05", "2022/09/07")
    builder.response(empty_url, date, b"", html_headers(page))
    bad_gzip_url = page.url.replace("2022/09/05", "2022/09/08")
    builder.response(
        bad_gzip_url, date, b"\x1f\x8b\x08\x00broken", html_headers(page, encoding="gzip")
    )
    builder.response("https://blog.example.id/2022/09/07/kosong", date, b"", html_headers(page))
    builder.response(page.url, date, page.body, html_headers(page))
    path = builder.close()
    articles, problems = replay_paths(path)
    assert [a.url for a in articles] == [page.url]
    offsets = _response_offsets(path)
    assert [(p.offset, p.reason) for p in problems] == [
        (offsets[0], f"{empty_url}: no article: empty or binary body"),
        (offsets[1], "gzip body cut short before any data"),
    ]


def _response_offsets(path: Path) -> list[int]:
    from io import BytesIO

    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(BytesIO(path.read_bytes()))
    return [iterator.get_record_offset() for record in iterator if record.rec_type == "response"]
