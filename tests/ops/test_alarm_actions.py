"""Alarms leave the crawl: a Slack-style webhook POST to a real HTTP receiver and an e-mail
to a real SMTP server (aiosmtpd), both on loopback."""

from __future__ import annotations

import json
import socket
from email import message_from_bytes
from typing import TYPE_CHECKING, Any

from aiosmtpd.controller import Controller

from tests.crawl.mirror_process import crawl
from tests.ops.processes import start_mirror
from tests.ops.webhook import Receiver

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

import pytest

SITE = "jambiekspres"


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def test_a_failed_monitor_posts_and_mails_its_alarm(
    tmp_path: Path, receiver: Receiver, mailbox: tuple[Mailbox, int]
) -> None:
    box, smtp_port = mailbox
    mirror = start_mirror()
    try:
        # Every site of the mirror has a deleted article (a 404): with no error allowed,
        # the error-rate monitor fails.
        done = crawl(mirror.url, tmp_path / "archive",
                     "-s", "JAMBICRAWL_MONITOR_MAX_ERROR_RATE=0",
                     "-s", "JAMBICRAWL_MONITOR_MIN_PAGES_FOR_ERROR_RATE=1",
                     "-s", f"JAMBICRAWL_ALARM_WEBHOOK_URL=http://127.0.0.1:"
                           f"{receiver.server_port}/hooks/ops",
                     "-s", "JAMBICRAWL_ALARM_SMTP_HOST=127.0.0.1",
                     "-s", f"JAMBICRAWL_ALARM_SMTP_PORT={smtp_port}",
                     "-s", "JAMBICRAWL_ALARM_EMAIL_TO=ops@example.org,archivist@example.org",
                     "-s", "JAMBICRAWL_ALARM_EMAIL_FROM=crawler@example.org")  # fmt: skip
    finally:
        mirror.stop()
    command_sites = 7
    assert done.returncode == 4, done.stderr[-3000:]
    assert "ALARM jambiekspres: error_rate: error rate" in done.stderr

    # One POST per site, each the Slack-style {"text": ...}.
    assert receiver.received.is_set()
    assert len(receiver.posts) == command_sites
    texts = []
    for path, content_type, body in receiver.posts:
        assert path == "/hooks/ops" and content_type == "application/json"
        texts.append(json.loads(body)["text"])
    ours = next(t for t in texts if f"alarm: {SITE}:" in t)
    assert "- error_rate: error rate" in ours and "article_errors 1" in ours

    assert len(box.messages) == command_sites
    sender, to, content = next(m for m in box.messages if f": {SITE}: ".encode() in m[2])
    assert sender == "crawler@example.org"
    assert to == ["ops@example.org", "archivist@example.org"]
    mail = message_from_bytes(content)
    assert mail["Subject"] == f"jambicrawl alarm: {SITE}: error_rate"
    assert "- error_rate: error rate" in mail.get_payload()


def test_without_alarm_settings_only_the_log_says_it(tmp_path: Path, receiver: Receiver) -> None:
    mirror = start_mirror()
    try:
        done = crawl(mirror.url, tmp_path / "archive",
                     "-s", "JAMBICRAWL_MONITOR_MAX_ERROR_RATE=0",
                     "-s", "JAMBICRAWL_MONITOR_MIN_PAGES_FOR_ERROR_RATE=1")  # fmt: skip
    finally:
        mirror.stop()
    assert done.returncode == 4
    assert done.stderr.count("ALARM ") == 7
    assert receiver.posts == []
