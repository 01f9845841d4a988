"""Runs through scrapyd: one ``schedule.json`` job per site, followed with ``listjobs.json``.

Credentials come from the environment (``JAMBICRAWL_SCRAPYD_USERNAME`` and
``JAMBICRAWL_SCRAPYD_PASSWORD``), never the command line, where ``ps`` would show them.
The figures of a finished job are read from the Scrapy stats its log ends with.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from jambicrawl.crawling.options import CrawlOptions
from jambicrawl.crawling.process import project_settings
from jambicrawl.errors import JambicrawlError
from jambicrawl.schedule.runner import LocalLauncher, LocalRun, Outcome
from jambicrawl.state.causes import ended_well
from jambicrawl.state.runs import Figures

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from jambicrawl.schedule.planner import Decision
    from jambicrawl.state.runs import RunHistory

USERNAME_ENV = "JAMBICRAWL_SCRAPYD_USERNAME"
PASSWORD_ENV = "JAMBICRAWL_SCRAPYD_PASSWORD"
#: The project name in scrapyd, as ``scrapy.cfg``'s ``[deploy]`` section deploys it.
PROJECT = "jambicrawl"

_STAT = re.compile(r"""^[{ ]'([^']+)': (?:(\d+)|'([^']*)')""")


class ScrapydError(JambicrawlError):
    """scrapyd could not be reached or refused a request; the message says which."""


class ScrapydClient:
    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        user, password = os.environ.get(USERNAME_ENV, ""), os.environ.get(PASSWORD_ENV, "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._headers = {"Authorization": f"Basic {token}"} if user else {}

    def call(self, action: str, form: list[tuple[str, str]] | None = None, **query: str) -> Any:
        """A JSON API call (GET, or POST when ``form`` is given)."""
        url = f"{self.url}/{action}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        answer = self._fetch(urllib.request.Request(url, data=data, headers=self._headers))
        try:
            reply = json.loads(answer)
        except ValueError:
            raise ScrapydError(f"scrapyd at {self.url}: {action}: not a JSON answer") from None
        if reply.get("status") != "ok":
            message = reply.get("message", "no message")
            raise ScrapydError(f"scrapyd at {self.url}: {action}: {message}")
        return reply

    def text(self, path: str) -> str:
        """A page of scrapyd's site, such as a job's log."""
        request = urllib.request.Request(urllib.parse.urljoin(self.url + "/", path.lstrip("/")),
                                         headers=self._headers)  # fmt: skip
        return self._fetch(request).decode("utf-8", "replace")

    def _fetch(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise ScrapydError(
                    f"scrapyd at {self.url} refused the credentials "
                    f"(set {USERNAME_ENV} and {PASSWORD_ENV})"
                ) from None
            raise ScrapydError(f"scrapyd at {self.url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(f"cannot reach scrapyd at {self.url} ({reason})") from None

    def check(self) -> None:
        """Reachable, the credentials accepted, the project deployed."""
        projects = self.call("listprojects.json").get("projects", [])
        if PROJECT not in projects:
            raise ScrapydError(
                f"scrapyd at {self.url} has no project {PROJECT!r} (deploy it: scrapyd-deploy)"
            )


def spider_settings(decision: Decision, archive: Path, now: datetime) -> list[tuple[str, str]]:
    """``setting=NAME=VALUE`` fields: what ``jambicrawl crawl`` would set for the run."""
    entry = decision.entry
    options = CrawlOptions(
        archive=archive, mirror=entry.mirror, since=entry.since_at(now),
        max_articles=entry.max_articles, refresh=entry.refresh,
    )  # fmt: skip
    values: dict[str, Any] = {**project_settings(options), **entry.settings}
    # The figures are read from the stats the log ends with, an INFO line.
    values["LOG_LEVEL"] = "INFO"
    # No jambicrawl process holds the site's lock for the job: its crawler takes it.
    values["JAMBICRAWL_SITE_LOCK"] = True
    return setting_fields(values)


def setting_fields(values: dict[str, Any]) -> list[tuple[str, str]]:
    """``setting=NAME=VALUE`` fields (and ``scrapy crawl -s`` values) of Scrapy settings."""
    fields = []
    for name, value in values.items():
        if isinstance(value, dict):
            text = json.dumps(value)  # Scrapy's getdict reads JSON
        elif isinstance(value, list):
            text = ",".join(map(str, value))  # and getlist, commas
        else:
            text = str(value)
        fields.append(("setting", f"{name}={text}"))
    return fields


def stats_of_log(log: str) -> dict[str, Any]:
    """Whole-number and text stats from the last ``Dumping Scrapy stats`` of a log."""
    start = log.rfind("Dumping Scrapy stats:")
    stats: dict[str, Any] = {}
    if start < 0:
        return stats
    for line in log[start:].splitlines()[1:]:
        found = _STAT.match(line)
        if found:
            stats[found.group(1)] = int(found.group(2)) if found.group(2) else found.group(3)
        elif not line.startswith(" ") and stats:
            break
    return stats


class ScrapydLauncher:
    def __init__(self, client: ScrapydClient, archive: Path, history: RunHistory) -> None:
        self.client, self.archive, self.history = client, archive, history
        # The entries' follow-ups (index, wacz) run here, on the archive the jobs wrote.
        self.local = LocalLauncher(archive, history, threading.Event())

    def start(self, decision: Decision, now: datetime) -> ScrapydRun | Outcome:
        entry = decision.entry
        run_id = self.history.start(entry.name, decision.sites, scheduled=decision.slot_text,
                                    note=decision.note, runner=self.client.url)  # fmt: skip
        fields = spider_settings(decision, self.archive.resolve(), now)
        jobs: dict[str, str] = {}
        try:
            for site in decision.sites:
                job = f"run{run_id}-{site}"
                form = [("project", PROJECT), ("spider", site), ("jobid", job), *fields]
                self.client.call("schedule.json", form)
                jobs[job] = site
        except ScrapydError as exc:
            for job in jobs:
                self._cancel(job)
            self.history.finish(run_id, "failed", None, str(exc))
            return Outcome("failed", None, str(exc))
        note = "scrapyd jobs " + ", ".join(jobs)
        self.history.add_note(run_id, note)
        return ScrapydRun(run_id, decision, self, jobs, now)

    def _cancel(self, job: str) -> None:
        # A job that ended meanwhile, or a scrapyd that is gone: listjobs tells.
        form = [("project", PROJECT), ("job", job), ("signal", "TERM")]
        with suppress(ScrapydError):
            self.client.call("cancel.json", form)


class ScrapydRun:
    def __init__(
        self,
        run_id: int,
        decision: Decision,
        launcher: ScrapydLauncher,
        jobs: dict[str, str],
        started: datetime,
    ) -> None:
        self.run_id, self.decision, self.launcher, self.jobs = run_id, decision, launcher, jobs
        self.started = started
        self.stopping = False
        self.failures = 0
        #: The entry's follow-ups, run here once the jobs ended well.
        self.follow_ups: LocalRun | None = None

    def poll(self) -> Outcome | None:
        if self.follow_ups is not None:
            return self.follow_ups.poll()
        client = self.launcher.client
        try:
            listing = client.call("listjobs.json", project=PROJECT)
        except ScrapydError as exc:
            self.failures += 1
            if self.failures < 10:
                return None  # a passing fault: asked again at the next poll
            return self._end(Outcome("failed", None, str(exc)), [])
        self.failures = 0
        states = {job["id"]: (state, job) for state in ("pending", "running", "finished")
                  for job in listing.get(state, [])}  # fmt: skip
        if any(states.get(job, ("gone",))[0] in ("pending", "running") for job in self.jobs):
            return None
        all_stats: list[dict[str, Any]] = []
        problems: list[str] = []
        for job, site in self.jobs.items():
            state, info = states.get(job, ("gone", {}))
            stats = {}
            if state == "finished" and info.get("log_url"):
                try:
                    stats = stats_of_log(client.text(info["log_url"]))
                except ScrapydError as exc:
                    problems.append(f"{site}: {exc}")
                    continue
            reason = str(stats.get("finish_reason", ""))
            all_stats.append(stats)
            if state == "gone":
                problems.append(f"{site}: job {job} is no longer known to scrapyd")
            elif reason == "shutdown":
                problems.append(f"{site}: interrupted")
            elif not ended_well(reason):
                problems.append(f"{site}: {reason or 'the job ended without final stats'}")
        if not problems:
            outcome = Outcome("ok", 0)
        elif self.stopping or all(p.endswith(": interrupted") for p in problems):
            outcome = Outcome("interrupted", None, "; ".join(problems))
        else:
            outcome = Outcome("failed", None, "; ".join(problems))
        if outcome.status == "ok" and not self.stopping:
            local = self.launcher.local
            self.follow_ups = local.follow_ups(self.decision, self.run_id, self.started)
        if self.follow_ups is None:
            return self._end(outcome, all_stats)
        # Recorded as ended well, then open again while the follow-ups run.
        self._end(outcome, all_stats)
        self.launcher.history.update(self.run_id, ended=None)
        self.follow_ups.start_next()
        return None

    def _end(self, outcome: Outcome, stats: list[dict[str, Any]]) -> Outcome:
        history = self.launcher.history
        history.update(self.run_id, figures=Figures.from_stats(stats))
        history.finish(self.run_id, outcome.status, outcome.exit_status, outcome.reason)
        return replace(outcome)

    def stop(self) -> None:
        self.stopping = True
        if self.follow_ups is not None:
            self.follow_ups.stop()
            return
        for job in self.jobs:
            self.launcher._cancel(job)
