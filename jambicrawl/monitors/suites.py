"""The Spidermon monitor suite that runs when a crawl closes (``SPIDERMON_SPIDER_CLOSE_MONITORS``).

Each monitor reads the run's final stats and the site's earlier runs from the job table of
the state database, and fails with the check's one-line message (checks.py).
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors

from jambicrawl.monitors import checks
from jambicrawl.monitors.actions import EmailAlarm, LogAlarm, RecordResults, WebhookAlarm
from jambicrawl.state.baseline import site_baseline
from jambicrawl.state.jobs import JobStore, job_from_stats
from jambicrawl.state.paths import state_db

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from jambicrawl.state.baseline import Baseline
    from jambicrawl.state.jobs import JobRecord

# unittest leaves the frames of modules that set this out of a failure's report: Spidermon
# logs a failed monitor as its one-line message, not as a traceback.
__unittest = True

# Spidermon logs its report through Spider.log(), which Scrapy 2.13+ deprecates: a warning
# per line of every report, nothing to act on in this project.
warnings.filterwarnings(
    "ignore",
    message=r"Spider\.log\(\) is deprecated",
    category=ScrapyDeprecationWarning,
    module=r"spidermon\.",
)


def thresholds(settings: BaseSettings) -> checks.Thresholds:
    """The ``JAMBICRAWL_MONITOR_*`` settings."""
    default = checks.Thresholds()
    prefix = "JAMBICRAWL_MONITOR_"
    values = {}
    for name in checks.Thresholds.__dataclass_fields__:
        given = settings.get(prefix + name.upper())
        values[name] = type(getattr(default, name))(given) if given is not None else None
    return checks.Thresholds(**{k: v for k, v in values.items() if v is not None})


class _ReportsAsInfo(logging.Filter):
    """Spidermon logs a failed monitor's report at ERROR through the spider's logger. Every
    crawler of the process counts every ERROR record in its ``log_count/ERROR`` (Scrapy's
    log counter is the root logger's), so one site's alarms raised the others' error rates;
    and the alarm itself is logged once, by :class:`LogAlarm`, as a warning. The report is
    kept, at INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and str(record.msg).startswith("[Spidermon]"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_REPORTS_AS_INFO = _ReportsAsInfo()


@monitors.name("crawl")
class CrawlMonitor(Monitor):  # type: ignore[misc]
    """Checks of one site's crawl job against its figures and its history."""

    def _run(self) -> JobRecord:
        spider = self.data.spider
        return job_from_stats(getattr(spider, "site_key", spider.name), self.data.stats)

    def _history(self, run: JobRecord, limit: int) -> list[JobRecord]:
        settings = self.data.crawler.settings
        path = state_db(settings)
        if not path.exists():
            return []
        with JobStore(path) as store:
            return store.history(run.site, limit=limit, before=run.started_at)

    def _limits(self) -> checks.Thresholds:
        return thresholds(self.data.crawler.settings)

    def _check(self, message: str | None) -> None:
        if message is not None:
            self.fail(message)

    def setUp(self) -> None:
        logging.getLogger(self.data.spider.name).addFilter(_REPORTS_AS_INFO)  # once: a set
        # A stop a person or systemd asked for is no alarm: every monitor skips it.
        if self._run().interrupted:
            self.skipTest("the crawl was stopped on request")

    def test_site_failed(self) -> None:
        self._check(self._run().failure or None)

    def test_finish_reason(self) -> None:
        self._check(checks.finish_reason(self._run()))

    def test_error_rate(self) -> None:
        self._check(checks.error_rate(self._run(), self._limits()))

    def test_warc_failures(self) -> None:
        self._check(checks.warc_failures(self._run()))

    def _baseline(self, run: JobRecord) -> Baseline:
        """The site's stored current versions, but those of this job."""
        return site_baseline(state_db(self.data.crawler.settings), run.site, run.versions_job)

    def test_field_coverage(self) -> None:
        run = self._run()
        self._check(checks.coverage_drop(run, self._baseline(run), self._limits()))

    def test_layer_shift(self) -> None:
        run = self._run()
        self._check(checks.layer_shift(run, self._baseline(run), self._limits()))

    def test_body_length(self) -> None:
        run = self._run()
        self._check(checks.body_length(run, self._baseline(run), self._limits()))

    def test_shared_content(self) -> None:
        self._check(checks.shared_content(self._run(), self._limits()))

    def test_doubtful_values(self) -> None:
        run = self._run()
        self._check(checks.doubtful_values(run, self._baseline(run), self._limits()))

    def test_version_guard(self) -> None:
        self._check(checks.version_guard(self._run(), self._limits()))

    def test_new_articles(self) -> None:
        run, limits = self._run(), self._limits()
        earlier = self._history(run, 0)
        self._check(checks.new_articles_gap(run, earlier, limits))


class CloseMonitors(MonitorSuite):  # type: ignore[misc]
    """Every monitor; results kept in the job's stats; alarms logged, and posted or mailed
    when configured."""

    monitors = [CrawlMonitor]  # noqa: RUF012 (Spidermon reads class attributes)
    monitors_finished_actions = [RecordResults]  # noqa: RUF012
    monitors_failed_actions = [LogAlarm, WebhookAlarm, EmailAlarm]  # noqa: RUF012
