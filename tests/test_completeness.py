"""Every registered site has fixtures, and fixtures say what the page has."""

from __future__ import annotations

from collections import Counter

import pytest

from jambicrawl.items import EXTRACTED_FIELDS
from jambicrawl.registry import load_registry
from tests.fixturecases import PAGES, all_cases

REGISTRY = load_registry()
CASES = all_cases()
#: Fields a news page always has: an expected value may never be empty.
ALWAYS_PRESENT = ("title", "date_published", "date_published_raw", "body", "canonical_url")


@pytest.mark.parametrize("site", [s.key for s in REGISTRY])
def test_every_site_has_three_cases(site: str) -> None:
    count = Counter(c.site for c in CASES)[site]
    assert count >= 3, f"{site} has {count} fixture cases, needs 3"


def test_generic_path_has_real_pages() -> None:
    assert len([c for c in CASES if c.site == "generic"]) >= 2


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_expected_output_is_complete(case: object) -> None:
    expected = case.expected  # type: ignore[attr-defined]
    missing = [f for f in EXTRACTED_FIELDS if f not in expected]
    assert not missing, f"output.json lacks {missing}"
    empty = [f for f in ALWAYS_PRESENT if not expected[f]]
    assert not empty, f"output.json has empty {empty}"
    assert expected["word_count"] == len(expected["body"].split())
    assert expected["page_count"] >= 1
    meta = case.meta  # type: ignore[attr-defined]
    assert meta.get("captured_at") and meta.get("origin")


def test_site_folders_are_registered() -> None:
    folders = {p.name for p in PAGES.iterdir() if p.is_dir()}
    assert folders <= {s.key for s in REGISTRY} | {"generic"}


def test_multi_page_and_no_jsonld_cases_exist() -> None:
    assert any(c.expected["page_count"] > 1 for c in CASES)
    no_jsonld = [
        c
        for c in CASES
        if b"ld+json" not in (c.folder / "inputs" / "HttpResponse-body.html").read_bytes()
    ]
    assert no_jsonld
    assert any(c.expected["dateline"] and c.expected["signoff"] for c in CASES)
    assert any(not c.expected["authors"] for c in CASES)


def test_case_ids_are_unique_and_name_their_folder() -> None:
    """A case id names one test per field and one quality floor: two cases may not share one."""
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i, n in Counter(ids).items() if n > 1)
    for case in CASES:
        assert case.id == f"{case.site}/{case.folder.name}"
