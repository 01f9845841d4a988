"""What happens when monitors have run: results kept, alarms logged, posted, mailed.

Webhook and e-mail alarms are Spidermon actions that skip themselves unless configured:
``JAMBICRAWL_ALARM_WEBHOOK_URL`` (a Slack-style incoming webhook: JSON ``{"text": ...}``)
and ``JAMBICRAWL_ALARM_SMTP_HOST`` with ``JAMBICRAWL_ALARM_EMAIL_TO``.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Any

from spidermon.core.actions import Action
from spidermon.exceptions import SkipAction

from jambicrawl import settings as defaults
from jambicrawl.state.jobs import MONITORS_STAT, MonitorOutcome

logger = logging.getLogger(__name__)

#: How long a webhook or SMTP server may take to answer.
TIMEOUT = 15


def outcomes(result: Any) -> list[MonitorOutcome]:
    """Every monitor's outcome from a Spidermon result."""
    found = []
    for item in result.monitor_results:
        message = item.reason or ""
        if not message and item.error:
            message = str(item.error).strip().splitlines()[-1]
        found.append(MonitorOutcome(item.monitor.method_name.removeprefix("test_"),
                                    item.status, str(message)))  # fmt: skip
    return found


def _site(data: Any) -> str:
    spider = data.spider
    return str(getattr(spider, "site_key", spider.name))


def alarm_text(site: str, failed: list[MonitorOutcome]) -> str:
    """The alarm as people read it: which site, which monitors, why."""
    lines = [f"jambicrawl alarm: {site}: {len(failed)} monitor(s) failed"]
    lines += [f"- {m.name}: {m.message}" for m in failed]
    return "\n".join(lines)


class _Alarm(Action):  # type: ignore[misc]
    def failed(self) -> list[MonitorOutcome]:
        return [m for m in outcomes(self.result) if m.failed]

    def text(self) -> str:
        return alarm_text(_site(self.data), self.failed())


class RecordResults(_Alarm):
    """Every monitor's result into the job's stats, for the job table and ``stats``."""

    def run_action(self) -> None:
        results = [{"name": m.name, "status": m.status, "message": m.message}
                   for m in outcomes(self.result)]  # fmt: skip
        self.data.crawler.stats.set_value(MONITORS_STAT, results)


class LogAlarm(_Alarm):
    """A warning line per failed monitor: always on."""

    def run_action(self) -> None:
        site = _site(self.data)
        for m in self.failed():
            logger.warning("ALARM %s: %s: %s", site, m.name, m.message)


class WebhookAlarm(_Alarm):
    """A Slack-style JSON POST (``{"text": ...}``) to ``JAMBICRAWL_ALARM_WEBHOOK_URL``."""

    def __init__(self, url: str = "") -> None:
        super().__init__()
        self.url = url

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        return {"url": crawler.settings.get("JAMBICRAWL_ALARM_WEBHOOK_URL") or ""}

    def run_action(self) -> None:
        if not self.url:
            raise SkipAction("JAMBICRAWL_ALARM_WEBHOOK_URL is not set")
        body = json.dumps({"text": self.text()}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url, body, {"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                answer.read()
        except OSError as exc:
            logger.warning("alarm webhook %s failed: %s", self.url, exc)
            raise


class EmailAlarm(_Alarm):
    """An e-mail through ``JAMBICRAWL_ALARM_SMTP_HOST`` to ``JAMBICRAWL_ALARM_EMAIL_TO``."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.settings = settings or {}

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        s = crawler.settings
        return {
            "settings": {
                "host": s.get("JAMBICRAWL_ALARM_SMTP_HOST") or "",
                "port": s.getint("JAMBICRAWL_ALARM_SMTP_PORT", defaults.JAMBICRAWL_ALARM_SMTP_PORT),
                "user": s.get("JAMBICRAWL_ALARM_SMTP_USER") or "",
                "password": s.get("JAMBICRAWL_ALARM_SMTP_PASSWORD") or "",
                "starttls": s.getbool(
                    "JAMBICRAWL_ALARM_SMTP_STARTTLS", defaults.JAMBICRAWL_ALARM_SMTP_STARTTLS
                ),
                "sender": s.get("JAMBICRAWL_ALARM_EMAIL_FROM") or "jambicrawl@localhost",
                "to": s.getlist("JAMBICRAWL_ALARM_EMAIL_TO"),
            }
        }

    def run_action(self) -> None:
        s = self.settings
        if not s.get("host") or not s.get("to"):
            raise SkipAction("JAMBICRAWL_ALARM_SMTP_HOST or JAMBICRAWL_ALARM_EMAIL_TO is not set")
        failed = self.failed()
        message = EmailMessage()
        message["Subject"] = f"jambicrawl alarm: {_site(self.data)}: " + ", ".join(
            m.name for m in failed
        )
        message["From"], message["To"] = s["sender"], ", ".join(s["to"])
        message.set_content(self.text())
        try:
            with smtplib.SMTP(s["host"], s["port"], timeout=TIMEOUT) as smtp:
                if s["starttls"]:
                    smtp.starttls()
                if s["user"]:
                    smtp.login(s["user"], s["password"])
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            logger.warning("alarm e-mail through %s failed: %s", s["host"], exc)
            raise
