"""Every command of the README and of docs/*.md runs as written.

The commands are read from the Markdown itself: every line of every ```sh block (comments
dropped, ``&&`` chains split). Each ``jambicrawl ...`` (or ``python -m jambicrawl ...``)
command runs against the demo's archive, made once per session by ``jambicrawl demo
--archive DIR``, in a folder of its own holding a copy of it as ``archive/``, so the docs'
``archive/`` is the demo's as a newcomer's would be. What a test cannot have is stood in for:

- the live sites: a crawl that names no ``--mirror`` (nor ``--from-archive``) is given the
  session's offline mirror, which answers as the sites themselves (the same URLs);
- a mirror the docs start (``jambicrawl mirror ... --port N``) is started as written on a free
  port, and ``http://127.0.0.1:N`` in the docs means it;
- ``/srv/archive`` is ``archive/``; ``/mnt/crawler1/archive`` and ``/mnt/crawler2/archive``
  are two copies of the demo's archive; ``old-crawls/`` holds the demo's WARC files;
  ``my-sites.toml`` is the sites file docs/sites.md shows; ``schedules.toml`` the repository's.

A command is expected to exit 0, or with the status its comment names ("exit status 4").
What cannot run here at all (servers, installers, the live sites through Scrapy) is in
:data:`HELP_ONLY` (run with ``--help``: the command and its options still parse) or
:data:`SKIPPED`, each with its reason; a command of the docs in neither runs, so a command
that stops working as written fails here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jambicrawl.cli.main import main
from tests.crawl.mirror_process import MirrorProcess

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: Articles per site the demo serves (``jambicrawl demo``'s default), and so the session's
#: mirror: a crawl of it into the demo's archive finds the same articles.
DEMO_ARTICLES = "10"

#: Commands run with ``--help`` instead: they need what a test cannot have.
HELP_ONLY = {
    "jambicrawl crawl all --metrics-port 9410": "serves metrics on a fixed port while it runs "
    "(tests/ops/ scrape a crawl's metrics on a free port)",
    "jambicrawl schedule run-due --archive /srv/archive": "starts what schedules.toml makes due: "
    "crawls of the live sites (tests/schedule/ run it against the mirror)",
    "jambicrawl browse archive/ --port 8700": "serves until stopped, on a fixed port "
    "(tests/ops/test_browse.py serves and stops it, on a free port)",
    "jambicrawl schedule serve --archive /srv/archive --max-parallel 2": "runs until stopped "
    "(tests/schedule/ run and stop it)",
    "jambicrawl schedule serve --scrapyd http://crawler2:6800 --archive /srv/archive": "needs a "
    "scrapyd server (tests/schedule/test_scrapyd.py runs one)",
    "jambicrawl crawl all --redis redis://10.0.0.5:6379/0 --archive /srv/archive": "needs a "
    "Redis server (tests/scale/ start one when redis-server is installed)",
}

#: Commands not run, and why.
SKIPPED = {
    "pip install -e .": "installs the package: the test runs in the installed package",
    "pip install -e '.[test]'": "installs the test tools: the test runs with them",
    "python -m pytest": "the test suite itself",
    "jambicrawl crawl all -s JAMBICRAWL_ALARM_WEBHOOK_URL=https://hooks.slack.com/...": "needs "
    "a real Slack URL (tests/ops/ post alarms to a local webhook receiver)",
    "kill %1": "stops the mirror started with & above; the test stops the mirrors it starts",
    "python3 -m venv .venv-pywb": "pywb's virtual environment: an install "
    "(tests/replay/ replay the archive in pywb when it is installed)",
    ".venv-pywb/bin/pip install 'pywb==2.10.*'": "installs pywb (see above)",
    "mkdir replay": "pywb's collection folder (see above)",
    "cd replay": "pywb's collection folder (see above)",
    "../.venv-pywb/bin/wb-manager init jambi": "needs pywb (see above)",
    "../.venv-pywb/bin/wb-manager add jambi '../archive/*.warc.gz'": "needs pywb (see above)",
    "../.venv-pywb/bin/wayback -b 127.0.0.1 -p 8080": "needs pywb, and runs until stopped",
    "scrapy list": "Scrapy's own command (tests/test_cli.py runs it)",
    "scrapy crawl tribunjambi": "Scrapy's own command, of the live site",
    "python -m benchmarks.generic_quality": "a benchmark: minutes, and a data set kept "
    "outside the repository (tests/quality/ run it on a subset)",
    "python -m benchmarks.generic_quality --misses": "a benchmark (see above)",
    "redis-server --bind 10.0.0.5 --protected-mode no": "a Redis server on the private network",
    "pip install -e . scrapyd scrapyd-client": "installs scrapyd on a crawl machine",
    "export JAMBICRAWL_SCRAPYD_USERNAME=... JAMBICRAWL_SCRAPYD_PASSWORD=...": "a scrapyd's "
    "credentials",
    "scrapyd-deploy": "needs a scrapyd server (tests/schedule/test_scrapyd.py deploys to one)",
}

#: The paths of the docs that stand for folders of the test's own.
PATHS = {
    "/srv/archive": "archive",
    "/mnt/crawler1/archive": "crawler1/archive",
    "/mnt/crawler2/archive": "crawler2/archive",
}

#: Commands run in a process of their own: a crawl runs Twisted's reactor, which runs once a
#: process; the wacz package's validator leaves a temporary directory to the garbage collector.
OWN_PROCESS = ("crawl", "demo", "wacz")

MIRROR_URL = re.compile(r"http://127\.0\.0\.1:(\d+)")
EXIT_STATUS = re.compile(r"exit(?:s| status) (\d+)")


@dataclass(frozen=True)
class Command:
    source: str  # FILE:LINE
    text: str  # as shlex.join writes the words: the key of HELP_ONLY and SKIPPED
    words: tuple[str, ...]
    status: int  # the exit status the line's comment names, else 0


def doc_commands() -> list[Command]:
    """Every command of the docs' ```sh blocks, each text once (its first place)."""
    found: dict[str, Command] = {}
    for path in DOCS:
        text = path.read_text("utf-8")
        for block in re.finditer(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
            first = text.count("\n", 0, block.start(1)) + 1
            for number, line in enumerate(block.group(1).splitlines(), first):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                comment = line.partition(" #")[2]
                named = EXIT_STATUS.search(comment)
                words = shlex.split(line, comments=True)
                group: list[str] = []
                for word in [*words, "&&"]:
                    if word != "&&":
                        group.append(word)
                        continue
                    key = shlex.join(group)
                    source = f"{path.relative_to(ROOT)}:{number}"
                    status = int(named.group(1)) if named else 0
                    found.setdefault(key, Command(source, key, tuple(group), status))
                    group = []
    return list(found.values())


COMMANDS = doc_commands()


def jambicrawl_args(command: Command) -> list[str] | None:
    """The arguments of a ``jambicrawl`` command (None: another program)."""
    words = list(command.words)
    if words[-1:] == ["&"]:
        words.pop()
    if words[:1] == ["jambicrawl"]:
        return words[1:]
    if words[:3] == ["python", "-m", "jambicrawl"]:
        return words[3:]
    return None


def test_the_docs_have_commands_and_every_listed_one_is_still_in_them() -> None:
    texts = {command.text for command in COMMANDS}
    assert len(texts) > 40
    assert set(HELP_ONLY) - texts == set()
    assert set(SKIPPED) - texts == set()
    assert set(HELP_ONLY) & set(SKIPPED) == set()
    others = {c.text for c in COMMANDS if jambicrawl_args(c) is None}
    assert others - set(SKIPPED) == set(), "a command of another program runs nowhere"


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``jambicrawl demo --archive DIR``, as the README's first command makes it."""
    archive = tmp_path_factory.mktemp("demo") / "archive"
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "demo", "--archive", str(archive)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return archive


class Mirrors:
    """The session's mirror (the sites, offline), and the mirrors the docs start, by the port
    they name."""

    def __init__(self) -> None:
        self.started: dict[str, MirrorProcess] = {}

    def url(self, port: str = "") -> str:
        if port not in self.started:
            args = ["--articles-per-site", DEMO_ARTICLES]
            if port:
                args = next(self.written(c) for c in COMMANDS if self.port_of(c) == port)
            self.started[port] = MirrorProcess.start(0, *args)
        return self.started[port].url

    @staticmethod
    def port_of(command: Command) -> str:
        args = jambicrawl_args(command) or []
        if args[:1] != ["mirror"] or "--port" not in args:
            return ""
        return args[args.index("--port") + 1]

    @staticmethod
    def written(command: Command) -> list[str]:
        """The mirror's options as written, but for its port: any free one."""
        args = (jambicrawl_args(command) or [])[1:]
        at = args.index("--port")
        return args[:at] + args[at + 2 :]

    def stop(self) -> None:
        for mirror in self.started.values():
            mirror.stop()


@pytest.fixture(scope="session")
def mirrors() -> Iterator[Mirrors]:
    started = Mirrors()
    yield started
    started.stop()


def workdir(tmp_path: Path, demo_archive: Path, args: list[str]) -> Path:
    """A folder holding what the command names: the demo's archive as ``archive/`` and the
    stand-ins of :data:`PATHS`, ``old-crawls/``, ``my-sites.toml``, ``schedules.toml``."""
    shutil.copytree(demo_archive, tmp_path / "archive")
    named = " ".join(args)
    for folder in ("crawler1", "crawler2"):
        if folder in named:
            shutil.copytree(demo_archive, tmp_path / folder / "archive")
    if "old-crawls/" in named:
        (tmp_path / "old-crawls").mkdir()
        for warc in demo_archive.glob("*.warc.gz"):
            shutil.copy(warc, tmp_path / "old-crawls")
    shutil.copy(ROOT / "schedules.toml", tmp_path)
    sites = (ROOT / "docs" / "sites.md").read_text("utf-8")
    example = re.search(r"^```toml\n(.*?)^```", sites, flags=re.S | re.M)
    assert example is not None
    (tmp_path / "my-sites.toml").write_text(example.group(1), "utf-8")
    return tmp_path


def stand_ins(args: list[str], folder: Path, mirrors: Mirrors) -> list[str]:
    """The docs' arguments with the stand-ins put in, globs expanded in ``folder``."""
    out: list[str] = []
    for arg in args:
        for written, here in PATHS.items():
            arg = arg.replace(written, here)
        port = MIRROR_URL.fullmatch(arg)
        if port:
            arg = mirrors.url(port.group(1))
        # A path pattern, as a shell expands it (a query's `prefix*` is quoted in the docs,
        # and has no folder or suffix).
        if "*" in arg and ("/" in arg or "." in arg):
            expanded = sorted(str(p.relative_to(folder)) for p in folder.glob(arg))
            assert expanded, f"{arg}: matches nothing"
            out += expanded
            continue
        out.append(arg)
    if out[:1] == ["crawl"] and not {"--mirror", "--from-archive", "--redis"} & set(out):
        out += ["--mirror", mirrors.url()]  # the live sites, offline
    return out


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.text not in SKIPPED], ids=lambda c: c.source
)
def test_command_runs_as_written(
    command: Command,
    demo_archive: Path,
    mirrors: Mirrors,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = jambicrawl_args(command)
    assert args is not None, f"{command.text}: not a jambicrawl command; list it in SKIPPED"
    folder = workdir(tmp_path, demo_archive, args)
    monkeypatch.chdir(folder)
    if command.text in HELP_ONLY:
        with pytest.raises(SystemExit) as stopped:
            main([*stand_ins(args, folder, mirrors), "--help"])
        assert stopped.value.code == 0
        assert "usage: jambicrawl" in capsys.readouterr().out
        return
    if args[0] == "mirror":  # runs until stopped: started, serving, as written
        assert mirrors.url(Mirrors.port_of(command)).startswith("http://127.0.0.1:")
        return
    argv = stand_ins(args, folder, mirrors)
    if argv[0] in OWN_PROCESS:
        done = subprocess.run(
            [sys.executable, "-m", "jambicrawl", *argv],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        status, err = done.returncode, done.stderr
    else:
        status = main(argv)
        err = capsys.readouterr().err
    assert status == command.status, f"{command.source}: {command.text}: {argv}\n{err}"
    assert "Traceback" not in err


def test_every_link_between_the_docs_leads_somewhere() -> None:
    """The README's links into docs/ and back, and their anchors (GitHub's heading slugs)."""

    def slugs(path: Path) -> set[str]:
        headings = re.findall(r"^#+ (.+)$", path.read_text("utf-8"), flags=re.M)
        return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}

    for path in DOCS:
        text = re.sub(r"^```.*?^```", "", path.read_text("utf-8"), flags=re.S | re.M)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith("http"):
                continue
            name, _, anchor = target.partition("#")
            linked = (path.parent / name).resolve() if name else path
            assert linked.exists(), f"{path.name}: {target}"
            if anchor:
                assert anchor in slugs(linked), f"{path.name}: {target}"
