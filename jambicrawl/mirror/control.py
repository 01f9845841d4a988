"""``BASE/_clock``: a living mirror's clock, read and moved over HTTP.

``GET`` says where the clock is and lists what every site has published and edited
(JSON); ``POST ?advance=DURATION`` (``10m``, ``2 hours``: as schedule files take them) moves
it forward, as a test or a script moves it between two crawls, and answers the same.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from jambicrawl.mirror.replies import Reply, text_reply
from jambicrawl.normalize.window import parse_duration

if TYPE_CHECKING:
    from jambicrawl.mirror.living import LivingMirror

PATH = "/_clock"
JSON = "application/json; charset=UTF-8"


def _error(status: int, message: str) -> Reply:
    return Reply(status, (message + "\n").encode("utf-8"), "text/plain; charset=UTF-8")


def clock_reply(living: LivingMirror | None, method: str, target: str) -> Reply:
    """The answer to ``method`` on ``target`` (``/_clock?...``)."""
    if living is None:
        return _error(404, "this mirror does not publish (jambicrawl mirror --publish-every)")
    if method == "POST":
        query = dict(parse_qsl(urlsplit(target).query))
        by = parse_duration(query.get("advance", ""))
        if by is None:
            return _error(400, f"advance: not a duration: {query.get('advance', '')!r}")
        living.clock.advance(by)
    elif method != "GET":
        return _error(405, f"{method} is not allowed here")
    changes = [asdict(c) | {"at": c.at.isoformat()} for c in living.changes()]
    state = {
        "now": living.clock.now().isoformat(timespec="seconds"),
        "started": living.clock.start.isoformat(),
        "every": living.publishing.every.total_seconds(),
        "step": living.clock.step(living.publishing.every),
        "changes": changes,
    }
    return text_reply(json.dumps(state, indent=1) + "\n", JSON)
