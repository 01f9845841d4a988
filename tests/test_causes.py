"""What a crawl's summary says of a site that stored nothing new, read from its stats."""

from __future__ import annotations

from jambicrawl.state.causes import no_article_cause, nothing_new_cause

FINISHED = {"finish_reason": "finished", "response_received_count": 40}


def test_a_site_whose_every_version_was_held_back_says_so_not_the_window() -> None:
    # Eight articles extracted, every new version held back by the version guard: none was
    # scraped (a held version is dropped after it is stored), none fell outside a window.
    stats = {**FINISHED, "extract/jambione/articles": 8, "state/held": 8}
    assert no_article_cause(stats) == ""
    assert nothing_new_cause(stats) == (
        "no new or changed article: 8 new versions held back as worse than the stored ones"
    )


def test_articles_extracted_and_dropped_by_the_window_say_widen_it() -> None:
    stats = {**FINISHED, "extract/jambione/articles": 8}
    assert no_article_cause(stats).startswith("no article inside the --since/--until window")
