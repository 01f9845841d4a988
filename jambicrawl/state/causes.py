"""Why a site's crawl failed, or found no article, read from its final stats.

A crawl that ran to its end can still have fetched nothing: every request failed without an
answer (the site is *unreachable*: DNS, connection refused, timeouts), or the site answered
but none of its discovery documents could be read (*discovery failed*). Such a run is
``failed`` (jambicrawl/state/jobs.py), alarms, and makes ``crawl`` exit non-zero. A crawl
that reached the site and found no article says why in its summary: the ``--since/--until``
window excluded every article found, or no link matched the site's ``article_pattern``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Stats keys ``jambicrawl/network_errors/KIND/HOST``: requests that failed for good without
#: an answer (after their retries), by kind of failure and host (jambicrawl/spiders/failures.py).
NETWORK_ERRORS = "jambicrawl/network_errors/"
#: Discovery documents (robots.txt, sitemaps, feeds, listing pages) read.
DISCOVERY_DOCUMENTS = "jambicrawl/discovery_documents"
#: Article links discovery found published outside ``--since``/``--until``.
OUTSIDE_WINDOW = "jambicrawl/links_outside_window"
#: Links of sitemaps and feeds that did not match the site's ``article_pattern``.
NOT_ARTICLE_LINKS = "jambicrawl/links_not_article"

#: What each kind of network failure says, of a host.
NETWORK_KINDS = {
    "dns": "DNS lookup failed for {host}",
    "refused": "connection refused by {host}",
    "timeout": "timed out at {host}",
    "connection": "connection to {host} failed",
}


def _int(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key, 0) or 0)


def ended_well(reason: str) -> bool:
    """Whether a crawl's finish reason says it ran to its end: ``finished``, or a
    ``closespider_*`` limit it was given (as many articles, pages or seconds as asked)."""
    return reason == "finished" or reason.startswith("closespider_")


def ran_to_its_end(stats: Mapping[str, Any]) -> bool:
    return ended_well(str(stats.get("finish_reason", "")))


def articles_found(stats: Mapping[str, Any]) -> int:
    """Articles discovery led to: stored, unchanged, held back (stored, not current), or
    known and not fetched again."""
    keys = ("item_scraped_count", "jambicrawl/articles_skipped_known", "state/unchanged",
            "state/held")  # fmt: skip
    return sum(_int(stats, key) for key in keys)


def _failed_requests(stats: Mapping[str, Any]) -> int:
    return _int(stats, "jambicrawl/discovery_errors") + _int(stats, "jambicrawl/article_errors")


def _network(stats: Mapping[str, Any]) -> dict[str, int]:
    """``{KIND/HOST: requests}`` that failed without an answer."""
    return {k[len(NETWORK_ERRORS) :]: _int(stats, k) for k in stats if k.startswith(NETWORK_ERRORS)}


def _unreachable(stats: Mapping[str, Any]) -> str:
    """Every request failed without an answer: the commonest failure, its host, and how
    many requests it failed."""
    network = _network(stats)
    if not network or _int(stats, "response_received_count"):
        return ""
    where, count = max(network.items(), key=lambda item: (item[1], item[0]))
    kind, _, host = where.partition("/")
    total = max(_failed_requests(stats), sum(network.values()))
    what = NETWORK_KINDS.get(kind, NETWORK_KINDS["connection"]).format(host=host)
    return f"unreachable: {what} ({count} of {total} requests)"


def _answers(stats: Mapping[str, Any]) -> str:
    """What the failed requests got: ``HTTP 503 ×3, refused ×1``."""
    prefix = "downloader/response_status_count/"
    codes = {key[len(prefix) :]: _int(stats, key) for key in stats if key.startswith(prefix)}
    failed = Counter({f"HTTP {c}": n for c, n in codes.items() if not c.startswith(("2", "3"))})
    for where, n in _network(stats).items():
        failed[where.partition("/")[0]] += n
    return ", ".join(f"{what} ×{n}" for what, n in sorted(failed.items())) or "no answer"


def _outside_window(stats: Mapping[str, Any]) -> int:
    """Articles discovery found outside ``--since``/``--until``, and those extracted but not
    stored (when none was stored: the date window pipeline dropped them)."""
    extracted = (key for key in stats if key.startswith("extract/") and key.endswith("/articles"))
    return _int(stats, OUTSIDE_WINDOW) + sum(_int(stats, key) for key in extracted)


def _links_seen(stats: Mapping[str, Any]) -> int:
    """Links the discovery documents read gave, articles or not."""
    return _int(stats, NOT_ARTICLE_LINKS) + _outside_window(stats)


def failure_cause(stats: Mapping[str, Any]) -> str:
    """The one-line cause of a crawl that ran to its end and fetched nothing it could use,
    else "" (a crawl stopped early says why in its finish reason)."""
    if not ran_to_its_end(stats) or articles_found(stats):
        return ""
    unreachable = _unreachable(stats)
    if unreachable:
        return unreachable
    failed = _int(stats, "jambicrawl/discovery_errors")
    if not failed or _links_seen(stats):
        return ""
    read = _int(stats, DISCOVERY_DOCUMENTS)
    what = f"{failed} of its {failed + read}" if read else f"none of its {failed}"
    others = ", and the others listed no article" if read else ""
    answers = _answers(stats)
    return f"discovery failed: {what} discovery documents could not be read ({answers}){others}"


def nothing_new_cause(stats: Mapping[str, Any]) -> str:
    """Why a crawl that found articles stored none new or changed ("" when it stored some, or
    found none: :func:`no_article_cause`): ``70 known, unchanged``, and what was held back."""
    if not ran_to_its_end(stats) or _int(stats, "item_scraped_count"):
        return ""
    counts = (
        (_int(stats, "state/unchanged"), "known, unchanged"),
        (
            _int(stats, "jambicrawl/articles_skipped_known"),
            "known, not fetched again (--refresh fetches them)",
        ),
        (_int(stats, "state/held"), "new versions held back as worse than the stored ones"),
    )
    parts = [f"{count} {what}" for count, what in counts if count]
    return f"no new or changed article: {'; '.join(parts)}" if parts else ""


def no_article_cause(stats: Mapping[str, Any]) -> str:
    """Why a crawl that ran to its end found no article ("" when it found some): the site
    could not be reached or read, the date window excluded all, or the pattern matched
    nothing."""
    if not ran_to_its_end(stats) or articles_found(stats):
        return ""
    failure = failure_cause(stats)
    if failure:
        return failure
    outside = _outside_window(stats)
    if outside:
        return (
            f"no article inside the --since/--until window ({outside} found outside it; "
            "widen the window)"
        )
    documents, links = _int(stats, DISCOVERY_DOCUMENTS), _int(stats, NOT_ARTICLE_LINKS)
    return (
        f"no link of its {documents} discovery documents matched its article_pattern "
        f"({links} other links; check its article_pattern and discovery entries)"
    )
