"""File rotation at WARC_MAX_SIZE, and responses served from Scrapy's HTTP cache."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from warc_helpers import read_warc, run_crawl, warcio_check

if TYPE_CHECKING:
    from pathlib import Path


def test_rotation_makes_several_files_each_starting_with_warcinfo(
    server_url: str, tmp_path: Path
) -> None:
    crawl = run_crawl(server_url, tmp_path, "WARC_MAX_SIZE=20000", "WARC_PREFIX=rot")
    assert len(crawl.files) >= 3
    assert crawl.stats["warc/files"] == len(crawl.files)
    serials = []
    for path in crawl.files:
        match = re.fullmatch(r"rot-\d{17}-(\d{5})-\d+~[A-Za-z0-9.-]+\.warc\.gz", path.name)
        assert match, path.name
        serials.append(int(match.group(1)))
        records = read_warc(path)
        assert records[0].type == "warcinfo"
        assert records[0].header("WARC-Filename") == path.name
        # A capture's records stay together in one file: each response or revisit has its
        # request beside it (and a response its metadata).
        types = [r.type for r in records[1:]]
        assert types.count("request") == types.count("response") + types.count("revisit")
        assert types.count("metadata") == types.count("response")
        # Only a capture bigger than the limit on its own makes a bigger file.
        assert path.stat().st_size <= 20000 or len(records) == 4
    assert sorted(serials) == list(range(len(serials)))
    assert not list(crawl.warc_dir.glob("*.open"))
    assert warcio_check(crawl.files).returncode == 0


def test_responses_from_the_http_cache_are_not_captures(server_url: str, tmp_path: Path) -> None:
    cache = f"HTTPCACHE_DIR={tmp_path / 'httpcache'}"
    live = run_crawl(server_url, tmp_path / "live", "HTTPCACHE_ENABLED=True", cache)
    assert live.stats["warc/records"] > 30
    cached = run_crawl(server_url, tmp_path / "cached", "HTTPCACHE_ENABLED=True", cache)
    assert cached.stats["httpcache/hit"] >= 10
    # Only the two over-size pages (never cached) were downloaded again, and not archived.
    assert "warc/records" not in cached.stats
    assert cached.files == []
