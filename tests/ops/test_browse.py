"""``jambicrawl browse`` in headless Chromium, over a demo archive with edits (the demo
crawls the living mirror twice) and a hostile page crafted into it: a search renders hits,
facets and the attention chart; a story page shows the diff of an edited article and its
capture in a sandboxed iframe of the other origin; the hostile page's script reaches nothing
of the application's origin; the downloads are the matches. Screenshots stay in the test's
folder."""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from jambicrawl.browse.server import Browse
from tests.ops.browser import Browser
from tests.ops.processes import jambicrawl
from tests.replay.archives import Builder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PROBE_URL = "https://jambi.tribunnews.com/probe/hostile.html"
PROBE_CSS = "https://jambi.tribunnews.com/probe/style.css"
PROBE_DATE = "2026-03-12T10:00:00Z"
#: Everything the probe's script tries against the application: a cookie and storage of
#: its origin, its API by fetch, an image and a navigation, its page's title.
PROBE_SCRIPT = """
document.cookie = "probe=1; path=/";
try { localStorage.setItem("probe", "1"); } catch (e) {}
try { parent.localStorage.setItem("probe", "1"); } catch (e) {}
try { parent.document.title = "PWNED"; } catch (e) {}
fetch("APP/?q=probe-fetch").catch(() => {});
new Image().src = "APP/?q=probe-image";
navigator.sendBeacon && navigator.sendBeacon("APP/?q=probe-beacon");
try { top.location = "APP/?q=probe-navigate"; } catch (e) {}
document.body.insertAdjacentHTML("beforeend", "<p id=ran>SCRIPT RAN</p>");
"""
PROBE_PAGE = """<!DOCTYPE html><html><head><title>probe</title>
<link rel="stylesheet" href="style.css">
<meta http-equiv="refresh" content="5;url=https://example.com/">
</head><body><h1>PROBE PAGE</h1><p>archived, hostile.</p>
<img src="/probe/missing.png" alt="not archived">
<script>SCRIPT</script>
<img src="x" onerror="fetch('APP/?q=probe-onerror')">
</body></html>"""


@dataclass
class Served:
    browse: Browse
    archive: Path
    folder: Path

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.browse.url + path, timeout=60) as answer:
            body: bytes = answer.read()
        return body


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _probe_warc(archive: Path, app: str) -> None:
    """A page whose script tries to reach the application, as if a crawl had archived it."""
    page = PROBE_PAGE.replace("SCRIPT", PROBE_SCRIPT).replace("APP", app).encode()
    warc = Builder(archive / "probe-20260312100000.warc.gz")
    warc.response(PROBE_URL, PROBE_DATE, page, [("Content-Type", "text/html; charset=utf-8")])
    css = b"h1 { color: rgb(200, 0, 0); border-bottom: 4px solid rgb(200, 0, 0); }"
    warc.response(PROBE_CSS, PROBE_DATE, css, [("Content-Type", "text/css")])
    warc.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("browse")
    archive = folder / "archive"
    done = jambicrawl("demo", "--archive", str(archive))
    assert done.returncode == 0, done.stderr[-2000:]
    port = _free_port()
    _probe_warc(archive, f"http://127.0.0.1:{port}")
    browse = Browse([archive], port=port)
    browse.start()
    try:
        yield Served(browse, archive, folder)
    finally:
        browse.stop()


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[Browser]:
    started = Browser(served.folder / "profile")
    try:
        yield started
    finally:
        started.close()


def _look(browser: Browser, served: Served, path: str, name: str) -> tuple[str, Any]:
    session, page = browser.open(served.browse.url + path, height=1400)
    browser.screenshot(session, served.folder / f"{name}.png")
    return session, page


SEARCH_JS = """JSON.stringify({
  total: document.querySelector('#total').textContent,
  hits: [...document.querySelectorAll('ol.hits li')].map(li => ({
    title: li.querySelector('a.title').textContent,
    snippet: li.querySelector('.snippet').innerHTML})),
  facets: Object.fromEntries([...document.querySelectorAll('section.facet')].map(s => [
    s.querySelector('h3').textContent,
    [...s.querySelectorAll('li')].map(li => li.textContent)])),
  charts: [...document.querySelectorAll('figure.chart')].map(f => ({
    caption: f.querySelector('figcaption').textContent,
    bars: [...f.querySelectorAll('svg .mark')].map(m => m.getBoundingClientRect().height)})),
  words: [...document.querySelectorAll('#words li')].map(li => li.textContent),
  downloads: [...document.querySelectorAll('#downloads a')].map(a => a.getAttribute('href')),
})"""


def test_a_search_renders_hits_facets_and_the_attention_chart(
    browser: Browser, served: Served
) -> None:
    session, page = _look(browser, served, "/?q=kebakaran+OR+banjir", "search")
    seen = json.loads(browser.evaluate(session, SEARCH_JS))
    assert page.console_errors == []
    assert seen["hits"], seen["total"]
    assert any("<mark>" in hit["snippet"] for hit in seen["hits"])
    assert set(seen["facets"]) == {"site", "year", "month", "category", "author"}
    total = int(seen["total"].split()[0])
    counts = [int(value.rsplit(" ", 1)[1]) for value in seen["facets"]["site"]]
    assert sum(counts) == total
    assert seen["charts"] and all(chart["bars"] for chart in seen["charts"])
    assert all(height > 0 for chart in seen["charts"] for height in chart["bars"])
    assert sum(int(c["caption"].split("·")[1].split()[0]) for c in seen["charts"]) <= total
    assert seen["words"]
    assert len(seen["downloads"]) == 3


def _edited_story(browser: Browser, served: Served) -> tuple[str, str]:
    session, _ = _look(browser, served, "/edits", "edits")
    rows = json.loads(
        browser.evaluate(
            session,
            """JSON.stringify(
        [...document.querySelectorAll('#edits tr')].slice(1).map(tr => ({
          href: tr.querySelector('a').getAttribute('href'),
          captured: tr.cells[0].textContent, kinds: tr.cells[3].textContent})))""",
        )
    )
    assert rows, "the demo's second crawl stored edits"
    assert [r["captured"] for r in rows] == sorted((r["captured"] for r in rows), reverse=True)
    assert {kind for r in rows for kind in r["kinds"].split(", ")} >= {"body", "title"}
    title_edit = next(r for r in rows if "title" in r["kinds"])
    return title_edit["href"], title_edit["kinds"]


STORY_JS = """JSON.stringify({
  inserted: [...document.querySelectorAll('.diff ins')].map(e => e.textContent),
  deleted: [...document.querySelectorAll('.diff del')].map(e => e.textContent),
  versions: document.querySelectorAll('#versions tr').length - 1,
  citation: document.querySelector('#citation').textContent,
  frame: [...document.querySelectorAll('iframe')].map(f => ({
    src: f.src, sandbox: f.getAttribute('sandbox'),
    width: f.getBoundingClientRect().width, height: f.getBoundingClientRect().height})),
  origin: location.origin,
})"""


def _frames(browser: Browser, origin: str) -> list[dict[str, Any]]:
    """The frames of ``origin`` the browser shows (a sandboxed iframe is a target of its
    own: Chromium puts it in a process of its own)."""
    targets = browser.send("Target.getTargets")["targetInfos"]
    return [t for t in targets if t["type"] == "iframe" and t["url"].startswith(origin)]


def test_a_story_page_shows_the_diff_and_the_capture_from_another_origin(
    browser: Browser, served: Served
) -> None:
    path, _kinds = _edited_story(browser, served)
    asked = len(served.browse.capture_asked)
    session, page = _look(browser, served, path, "story")
    seen = json.loads(browser.evaluate(session, STORY_JS))
    assert page.console_errors == []
    assert seen["versions"] >= 2
    assert seen["inserted"] and seen["deleted"]  # the title, word by word
    assert ".warc.gz" in seen["citation"] and "urn:uuid:" in seen["citation"]
    [frame] = seen["frame"]
    assert frame["sandbox"] == ""  # no permission: no script, no same origin
    assert urlsplit(frame["src"]).netloc != urlsplit(seen["origin"]).netloc
    assert frame["src"].startswith(served.browse.capture_origin + "/web/")
    assert frame["width"] > 600 and frame["height"] > 400
    assert frame["src"] in [f["url"] for f in _frames(browser, served.browse.capture_origin)]
    served_now = served.browse.capture_asked[asked:]
    assert urlsplit(frame["src"]).path in served_now  # served from the archive


VERSIONS_JS = """JSON.stringify({
  links: [...document.querySelectorAll('#versions tr')].slice(1).map(tr => {
    const a = tr.cells[4].querySelector('a');
    return a ? a.getAttribute('href') : tr.cells[4].textContent; }),
  frame: document.querySelector('#capture iframe').src,
  heading: document.querySelector('#capture h3').textContent,
})"""


def test_each_version_opens_its_own_capture(browser: Browser, served: Served) -> None:
    path, _kinds = _edited_story(browser, served)
    session, _ = _look(browser, served, path, "story-current-capture")
    current = json.loads(browser.evaluate(session, VERSIONS_JS))
    assert current["links"][-1] == "shown"  # the current version's, by default
    older = [link for link in current["links"] if link.startswith("/story?")]
    assert older, current["links"]
    asked = len(served.browse.capture_asked)
    session, page = _look(browser, served, older[0], "story-older-capture")
    seen = json.loads(browser.evaluate(session, VERSIONS_JS))
    assert page.console_errors == []
    at = parse_qs(urlsplit(older[0]).query)["at"][0]
    assert urlsplit(seen["frame"]).path.startswith(f"/web/{at}/")
    assert seen["frame"] != current["frame"]
    assert seen["links"].count("shown") == 1 and seen["links"][-1] != "shown"
    assert "version 1" in seen["heading"]
    assert urlsplit(seen["frame"]).path in served.browse.capture_asked[asked:]


def test_a_hostile_archived_page_reaches_nothing_of_the_application(
    browser: Browser, served: Served
) -> None:
    app_before = len(served.browse.app_asked)
    capture_before = len(served.browse.capture_asked)
    session, page = _look(browser, served, f"/capture?url={PROBE_URL}&at=20260312100000", "probe")
    state = json.loads(
        browser.evaluate(
            session,
            """JSON.stringify({
        cookie: document.cookie, stored: localStorage.getItem('probe'), title: document.title,
        location: location.href,
        sandbox: document.querySelector('iframe').getAttribute('sandbox')})""",
        )
    )
    probe = f"{served.browse.capture_origin}/web/20260312100000/{PROBE_URL}"
    [frame] = [f for f in _frames(browser, served.browse.capture_origin) if f["url"] == probe]
    inside = browser.send("Target.attachToTarget", {"targetId": frame["targetId"], "flatten": True})
    seen_inside = json.loads(
        browser.evaluate(
            inside["sessionId"],
            """JSON.stringify({
        origin: self.origin, ran: !!document.getElementById('ran'),
        heading: document.querySelector('h1').textContent})""",
        )
    )
    app_asked = served.browse.app_asked[app_before:]
    capture_asked = served.browse.capture_asked[capture_before:]
    # The page was served, from the archive, to the iframe of the other origin ...
    assert f"/web/20260312100000/{PROBE_URL}" in capture_asked
    assert f"/web/20260312100000/{PROBE_CSS}" in capture_asked  # archived: served too
    assert "/web/20260312100000/https://jambi.tribunnews.com/probe/missing.png" in capture_asked
    # ... and nothing of its script reached the application's origin.
    assert not [p for p in app_asked if "probe-" in p], app_asked
    assert "probe" not in state["cookie"]
    assert state["stored"] is None
    assert "PWNED" not in state["title"]
    assert state["location"].startswith(served.browse.url + "/capture")
    assert state["sandbox"] == ""
    # Inside the frame: the page, in an opaque origin, its script never run.
    assert seen_inside == {"origin": "null", "ran": False, "heading": "PROBE PAGE"}
    assert page.console_errors == [] or all("probe" not in e for e in page.console_errors)


def test_a_missing_resource_is_a_404_never_fetched(served: Served) -> None:
    missing = f"{served.browse.capture_origin}/web/20260312100000/https://example.com/x.js"
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(missing, timeout=30)
    answer.value.close()
    assert answer.value.code == 404
    with urllib.request.urlopen(
        f"{served.browse.capture_origin}/web/20260312100000/{PROBE_URL}", timeout=30
    ) as capture:
        policy = capture.headers["Content-Security-Policy"]
        body = capture.read()
    assert policy.startswith("sandbox;") and "script-src 'none'" in policy
    assert b"<script" not in body and b"refresh" not in body
    assert b'href="/web/20260312100000/' + PROBE_CSS.encode() in body


def test_the_downloads_are_the_matches(browser: Browser, served: Served) -> None:
    session, _ = _look(browser, served, "/?q=kebakaran", "downloads")
    links = browser.evaluate(
        session, "[...document.querySelectorAll('#downloads a')].map(a => a.getAttribute('href'))"
    )
    total = int(
        browser.evaluate(session, "document.querySelector('#total').textContent").split()[0]
    )
    by_format = {link.rsplit("=", 1)[1]: link for link in links}
    rows = list(csv.DictReader(io.StringIO(served.get(by_format["csv"]).decode())))
    lines = served.get(by_format["jsonl"]).decode().splitlines()
    assert len(rows) == len(lines) == total > 0
    assert {row["canonical_url"] for row in rows} == {json.loads(x)["canonical_url"] for x in lines}
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(served.get(by_format["parquet"])))
    assert table.num_rows == total


def _tree(folder: Path) -> dict[str, tuple[int, float]]:
    """Every file's size and time, but SQLite's shared-memory index of the WAL (which any
    reader of a WAL database maps and updates, read-only ones too)."""
    files = (p for p in folder.rglob("*") if not p.name.endswith("-shm"))
    return {str(p): (p.stat().st_size, p.stat().st_mtime) for p in files}


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_the_command_serves_on_a_free_port_reads_only_and_stops_on_a_signal(
    served: Served, stop: signal.Signals, status: int
) -> None:
    before = _tree(served.archive)
    process = subprocess.Popen(
        [sys.executable, "-m", "jambicrawl", "browse", str(served.archive), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split()[0]
        assert url.startswith("http://127.0.0.1:") and "archived pages served from" in line
        with urllib.request.urlopen(url + "?q=banjir", timeout=60) as answer:
            assert b'id="total"' in answer.read()
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
        assert process.returncode == status
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "Traceback" not in err
    assert _tree(served.archive) == before  # nothing written: no index.cdxj, no database


def test_bad_input_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = jambicrawl("browse", str(tmp_path / "nowhere"), "--port", "0")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert jambicrawl("browse", "--port", "70000").returncode == 2
