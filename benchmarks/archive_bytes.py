"""Archive bytes of a crawl against bare Scrapy through warcprox, for the same URL list.

    python -m benchmarks.archive_bytes [--articles-per-site N] [--warcprox PATH]

Starts the offline mirror as its own process, crawls it with ``jambicrawl crawl all`` into a
new archive, reads the URLs the crawl fetched from its request records (every hop: robots,
sitemaps, feeds, listings, redirects, errors, articles), then fetches the same list once with
``benchmarks/url_list_spider.py`` (bare Scrapy, the same request headers) through warcprox,
which archives each exchange (``--gzip``, its payload dedup on). Prints the WARC bytes of
both, per record type, and the ratio jambicrawl / warcprox (target: at most 1.0; floor 1.1).

warcprox pins libraries of its own: it runs from a virtualenv of its own
(``python3 -m venv .venv-warcprox && .venv-warcprox/bin/pip install warcprox``; the path of
its ``warcprox`` with ``--warcprox`` or ``WARCPROX``). One run; no assertions.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from benchmarks.revisit_growth import bytes_per_record_type
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.settings import DEFAULT_REQUEST_HEADERS
from jambicrawl.useragent import user_agent
from tests.crawl.mirror_process import MirrorProcess, crawl_command

TARGET, FLOOR = 1.0, 1.1
ROOT = Path(__file__).resolve().parent.parent
SPIDER = Path(__file__).with_name("url_list_spider.py")


def requested_urls(files: list[Path]) -> list[str]:
    urls = []
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    urls.append(record.rec_headers.get_header("WARC-Target-URI"))
    return urls


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("warcprox exited at start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("warcprox did not start listening")


def warcprox_archive(warcprox: str, urls: list[str], folder: Path) -> list[Path]:
    """The WARC files warcprox writes while bare Scrapy fetches ``urls`` through it."""
    port = _free_port()
    warcs = folder / "warcs"
    # The mirror is on loopback, which warcprox refuses unless its handler allows it.
    python = str(Path(warcprox).with_name("python"))
    start = (
        "import sys, warcprox.main, warcprox.warcproxy as w;"
        " w.WarcProxyHandler.allow_localhost = True; sys.argv[0] = 'warcprox';"
        " warcprox.main.main()"
    )
    command = [python, "-c", start, "-b", "127.0.0.1", "-p", str(port), "-d", str(warcs), "-z",
               "-n", "warcprox", "--dedup-db-file", str(folder / "dedup.db"),
               "--stats-db-file", str(folder / "stats.db")]  # fmt: skip
    with (folder / "warcprox.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_listening(port, process)
        (folder / "urls.txt").write_text("\n".join(urls) + "\n", "utf-8")
        headers = DEFAULT_REQUEST_HEADERS
        settings = [f"USER_AGENT={user_agent_value()}", "LOG_LEVEL=WARNING",
                    f"DEFAULT_REQUEST_HEADERS={__import__('json').dumps(headers)}",
                    "CONCURRENT_REQUESTS=16", "TELNETCONSOLE_ENABLED=False"]  # fmt: skip
        proxy = f"proxy=http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER), "-a",
                   f"urls={folder / 'urls.txt'}", "-a", proxy]  # fmt: skip
        for setting in settings:
            command += ["-s", setting]
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"bare Scrapy failed: {done.stderr[-2000:]}")
    finally:
        os.kill(process.pid, signal.SIGTERM)  # warcprox finishes its queue and closes files
        process.wait(timeout=120)
    return sorted(warcs.glob("*.warc.gz"))


def user_agent_value() -> str:
    from scrapy.settings import Settings

    from jambicrawl import settings as project

    return user_agent(Settings({k: getattr(project, k) for k in dir(project) if k.isupper()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles-per-site", type=int, default=20, metavar="N")
    default = os.environ.get("WARCPROX") or str(ROOT / ".venv-warcprox" / "bin" / "warcprox")
    parser.add_argument("--warcprox", default=default, help="the warcprox of its virtualenv")
    args = parser.parse_args()
    if not Path(args.warcprox).exists():
        raise SystemExit(f"no warcprox at {args.warcprox} (see --help)")
    mirror = MirrorProcess.start(articles_per_site=args.articles_per_site)
    try:
        with tempfile.TemporaryDirectory(prefix="archive-bytes-") as tmp:
            archive = Path(tmp) / "archive"
            done = subprocess.run(crawl_command(mirror.url, archive), capture_output=True)
            if done.returncode != 0:
                raise SystemExit(f"crawl failed ({done.returncode})")
            ours_files = sorted(archive.glob("*.warc.gz"))
            # The crawl's records carry the sites' own URLs (its download handler sends them
            # to the mirror); bare Scrapy asks the mirror for them by their mirror URLs,
            # which are 15 to 20 characters longer in warcprox's records.
            urls = [to_mirror(url, mirror.url) for url in requested_urls(ours_files)]
            theirs_files = warcprox_archive(args.warcprox, urls, Path(tmp))
            ours, theirs = bytes_per_record_type(ours_files), bytes_per_record_type(theirs_files)
            ours_total = sum(p.stat().st_size for p in ours_files)
            theirs_total = sum(p.stat().st_size for p in theirs_files)
            if not theirs_files:
                log = (Path(tmp) / "warcprox.log").read_text("utf-8", "replace")
                raise SystemExit(f"warcprox wrote no WARC file: {log[-3000:]}")
    finally:
        mirror.stop()
    print(f"{len(urls)} URLs, {args.articles_per_site} articles per site")
    print(f"{'record type':12} {'jambicrawl':>12} {'warcprox':>12}")
    for kind in sorted(set(ours) | set(theirs)):
        print(f"{kind:12} {ours[kind]:12,} {theirs[kind]:12,}")
    print(f"{'files':12} {ours_total:12,} {theirs_total:12,}")
    ratio = ours_total / theirs_total
    verdict = "met" if ratio <= TARGET else ("floor met" if ratio <= FLOOR else "MISSED")
    print(f"archive bytes jambicrawl / warcprox: {ratio:.3f} (target <= {TARGET}: {verdict})")


if __name__ == "__main__":
    main()
