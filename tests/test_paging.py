"""The later pages of a split article, as its pager links them (``pages/paging.py``)."""

from __future__ import annotations

import lxml.html
import pytest

from jambicrawl.pages.paging import later_page_urls, may_link_later_pages

URL = "https://beritajambi.example/daerah/banjir-merendam-tiga-desa"


def _page(pager: str) -> str:
    return (
        "<html><body><h1>Banjir Merendam Tiga Desa</h1><div class='isi'><p>Teks.</p></div>"
        f"<div class='pager'>{pager}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        # Only ?halaman=N links: the pager test once looked for "page=" and "hal=" alone.
        ('<a href="?halaman=2">2</a> <a href="?halaman=3">3</a>', ["?halaman=2", "?halaman=3"]),
        ('<a href="?page=3">3</a> <a href="?page=2">2</a>', ["?page=2", "?page=3"]),
        ('<a href="?hal=2">2</a>', ["?hal=2"]),
        ('<a href="?page=all">Tampilkan semua</a>', []),
    ],
)
def test_a_pagers_links_are_the_later_pages(pager: str, expected: list[str]) -> None:
    source = _page(pager)
    root = lxml.html.document_fromstring(source)
    assert later_page_urls(root, URL, source) == [URL + link for link in expected]


def test_the_spider_reads_a_pager_of_each_parameter() -> None:
    for parameter in ("page", "halaman", "hal"):
        assert may_link_later_pages(_page(f'<a href="?{parameter}=2">2</a>'), URL), parameter


def test_a_page_with_no_pager_is_not_searched() -> None:
    assert not may_link_later_pages(_page('<a href="/daerah">Daerah</a>'), URL)
