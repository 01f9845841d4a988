"""Parser versions by date: Antara's 2015 layout beside its current one."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from jambicrawl.pages.layouts import layout_of
from jambicrawl.registry.families import FAMILIES
from jambicrawl.registry.families.antara import ANTARA_2015, ANTARA_CURRENT
from tests.fixturecases import all_cases

ANTARA = FAMILIES["antara"]
OLD = next(c for c in all_cases() if c.id == "antarajambi/layout-2015")
NEW = next(c for c in all_cases() if c.id == "antarajambi/current-layout-jsonld")


def _root(case: object) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(case.responses()[0].body)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("captured", "expected"),
    [
        (datetime(2015, 9, 7, tzinfo=UTC), ANTARA_2015),
        (datetime(2018, 12, 31, 23, tzinfo=UTC), ANTARA_2015),
        (datetime(2019, 1, 1, 1, tzinfo=UTC), ANTARA_CURRENT),
        (datetime(2026, 1, 1, tzinfo=UTC), ANTARA_CURRENT),
        (None, ANTARA_CURRENT),
    ],
)
def test_capture_date_picks_the_layout(captured: datetime | None, expected: object) -> None:
    assert ANTARA.template_for(captured) is expected


def test_each_layout_reads_its_own_pages() -> None:
    assert layout_of(ANTARA, datetime(2015, 9, 7, tzinfo=UTC), _root(OLD)) is ANTARA_2015
    assert layout_of(ANTARA, datetime(2026, 1, 1, tzinfo=UTC), _root(NEW)) is ANTARA_CURRENT


def test_an_old_layout_served_today_still_parses() -> None:
    """A 2015-layout page captured today lacks the current body container."""
    assert layout_of(ANTARA, datetime(2026, 1, 1, tzinfo=UTC), _root(OLD)) is ANTARA_2015
