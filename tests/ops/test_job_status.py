"""A job's status from its record: a stop asked for is no alarm, even in rows recorded before
the monitors skipped such runs; a shared crawl failed only when no worker reached the site."""

from __future__ import annotations

from jambicrawl.state.jobs import JobRecord, MonitorOutcome, by_crawl
from tests.ops.jobs import job

FAILED = MonitorOutcome("finish_reason", "FAIL", "the crawl ended early: shutdown")
CAUSE = "unreachable: connection refused by 127.0.0.1:9 (3 of 3 requests)"


def test_a_stop_asked_for_is_interrupted_with_no_alarm_even_in_older_rows() -> None:
    stopped = job("s", 0, finish_reason="shutdown", monitors=[FAILED])
    assert stopped.status == "interrupted" and stopped.alarms == []
    # A failure cause and alarms of a run that was not stopped stand.
    assert job("s", 1, monitors=[FAILED]).alarms == [FAILED]
    assert job("s", 2, failure=CAUSE).status == "failed"


def test_a_shared_crawl_failed_only_when_every_worker_failed() -> None:
    def worker(hours: float, failure: str) -> JobRecord:
        return job("s", hours, crawl_id="c1", failure=failure, pages=0 if failure else 9)

    [both] = by_crawl([worker(0, CAUSE), worker(0.1, CAUSE)])
    assert both.status == "failed" and both.failure == CAUSE
    [one] = by_crawl([worker(0, CAUSE), worker(0.1, "")])
    assert one.status == "ok" and one.failure == ""
    # The cause survives the job table's JSON.
    assert JobRecord.from_dict(both.to_dict()).failure == CAUSE
