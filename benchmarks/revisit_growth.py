"""How much a re-crawl of unchanged sites adds to the archive, thanks to revisit records.

    python -m benchmarks.revisit_growth [--articles-per-site N]

Starts the offline mirror as its own process, crawls every site into a new archive folder,
then crawls again with ``--refresh`` (every known article fetched again, conditionally) into
the same folder, while nothing on the mirror changed. Prints the archive's bytes after each
crawl and the growth of the second as a percentage of the first (target: at most 2 %, floor
5 %), the bytes received on the wire by the second crawl as a percentage of the first's
(target: at most 10 %), the bytes the second
crawl's WARC files hold per record type, and the mirror's average article page size (the
target needs pages of real weight: at least 50 KB). One run; no assertions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.crawl.mirror_process import MirrorProcess, crawl_command, latest_stats

TARGET_PERCENT = 2.0
FLOOR_PERCENT = 5.0
WIRE_TARGET_PERCENT = 10.0
PAGE_TARGET = 50_000


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr[-2000:]}")


def sizes(archive: Path) -> dict[str, int]:
    """Bytes of the archive folder: WARC files, state database, JSON Lines, the rest."""
    parts = Counter[str]()
    for path in archive.rglob("*"):
        if not path.is_file():
            continue
        if path.name.endswith(".warc.gz"):
            part = "warc"
        elif path.name.startswith("state.sqlite3"):
            part = "state db"
        elif path.parent.name == "items":
            part = "items jsonl"
        else:
            part = "other"
        parts[part] += path.stat().st_size
    return {"all": sum(parts.values()), **parts}


def bytes_per_record_type(files: list[Path]) -> Counter[str]:
    per_type = Counter[str]()
    for path in files:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                records.read_to_end(record)
                per_type[record.rec_type] += records.get_record_length()
    return per_type


def article_page_sizes(archive: Path, files: list[Path]) -> tuple[float, float, int]:
    """Average decoded and as-sent size of the article pages the first crawl archived."""
    conn = sqlite3.connect(archive / "state.sqlite3")
    try:
        rows = conn.execute("SELECT article_json FROM article_versions").fetchall()
    finally:
        conn.close()
    pages = {c["url"] for (article_json,) in rows for c in json.loads(article_json)["captures"]}
    decoded: list[int] = []
    sent: list[int] = []
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type != "response" or uri not in pages:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                body = record.raw_stream.read()
                sent.append(len(body))
                encoding = record.http_headers.get_header("Content-Encoding") or ""
                decoded.append(len(gzip.decompress(body) if encoding == "gzip" else body))
    count = max(1, len(decoded))
    return sum(decoded) / count, sum(sent) / count, len(decoded)


def wire_bytes(archive: Path) -> int:
    """Bytes received (``downloader/response_bytes``) by the newest job of every site."""
    return sum(int(s.get("downloader/response_bytes", 0)) for s in latest_stats(archive).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles-per-site", type=int, default=300, metavar="N")
    args = parser.parse_args()
    mirror = MirrorProcess.start(articles_per_site=args.articles_per_site)
    try:
        with tempfile.TemporaryDirectory(prefix="revisit-growth-") as tmp:
            archive = Path(tmp) / "archive"
            _run(crawl_command(mirror.url, archive))
            first_files = sorted(archive.glob("*.warc.gz"))
            first = sizes(archive)
            first_wire = wire_bytes(archive)
            _run(crawl_command(mirror.url, archive, "--refresh"))
            second = sizes(archive)
            second_wire = wire_bytes(archive)
            second_files = sorted(set(archive.glob("*.warc.gz")) - set(first_files))
            per_type = bytes_per_record_type(second_files)
            decoded, sent, pages = article_page_sizes(archive, first_files)
    finally:
        mirror.stop()

    print(f"{'':12} {'after 1st':>12} {'after 2nd':>12} {'growth':>9}")
    for part in ("warc", "state db", "items jsonl", "other", "all"):
        before, after = first.get(part, 0), second.get(part, 0)
        growth = (after - before) / before * 100 if before else 0.0
        print(f"{part:12} {before:12,} {after:12,} {growth:8.1f}%")
    print("second crawl's WARC bytes by record type:")
    total = sum(per_type.values()) or 1
    for kind, size in per_type.most_common():
        print(f"  {kind:9} {size:12,}  {size / total * 100:5.1f}%")
    growth = (second["warc"] - first["warc"]) / first["warc"] * 100
    verdict = "met" if growth <= TARGET_PERCENT else "MISSED"
    if verdict == "MISSED" and growth <= FLOOR_PERCENT:
        verdict = f"MISSED, floor {FLOOR_PERCENT:g} % met"
    print(
        f"WARC growth of the --refresh crawl: {growth:.1f} % of the first"
        f" (target <= {TARGET_PERCENT:g} %: {verdict})"
    )
    wire = second_wire / first_wire * 100 if first_wire else 0.0
    wire_verdict = "met" if wire <= WIRE_TARGET_PERCENT else "MISSED"
    print(
        f"bytes on the wire of the --refresh crawl: {second_wire:,} = {wire:.1f} % of the"
        f" first's {first_wire:,} (target <= {WIRE_TARGET_PERCENT:g} %: {wire_verdict})"
    )
    page_verdict = "met" if decoded >= PAGE_TARGET else "MISSED"
    print(
        f"average article page: {decoded / 1000:.1f} KB decoded, {sent / 1000:.1f} KB as sent"
        f" (gzip), over {pages} pages (target >= {PAGE_TARGET / 1000:g} KB: {page_verdict})"
    )


if __name__ == "__main__":
    main()
