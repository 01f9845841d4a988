"""A second crawl with the same state database writes revisits, not the payloads again."""

from __future__ import annotations

from warc_helpers import Crawl


def test_second_crawl_writes_revisits_for_archived_payloads(
    crawl: Crawl, second_crawl: Crawl
) -> None:
    assert second_crawl.stats["finish_reason"] == "finished"
    originals = {
        r.header("WARC-Payload-Digest"): r
        for r in crawl.records()
        if r.type == "response" and r.payload and not r.header("WARC-Truncated")
    }
    # /echo's body changes with the request (cookies, referer): it is not a repeat.
    repeated = {d: r for d, r in originals.items() if not r.uri.endswith("/echo")}
    assert len(repeated) >= 10
    second = second_crawl.records()
    revisits = [r for r in second if r.type == "revisit"]
    for digest, original in repeated.items():
        matching = [r for r in revisits if r.header("WARC-Payload-Digest") == digest]
        assert matching, original.uri
        for revisit in matching:
            assert revisit.header("WARC-Refers-To-Target-URI") == original.uri
            assert revisit.header("WARC-Refers-To-Date") == original.header("WARC-Date")
            assert revisit.header("WARC-Refers-To") == original.id
            assert revisit.http_status == original.http_status
            assert revisit.payload == b""
    full = [r for r in second if r.type == "response" and r.payload]
    assert {r.uri.rsplit("/", 1)[1] for r in full} <= {"echo", "dataloss"}
    assert second_crawl.stats["warc/revisits"] == len(revisits)


def test_second_crawl_is_smaller(crawl: Crawl, second_crawl: Crawl) -> None:
    first_size = sum(p.stat().st_size for p in crawl.files)
    second_size = sum(p.stat().st_size for p in second_crawl.files)
    assert second_size < first_size / 4
