"""Every CMS family is one object holding every part; a family lacking one fails at load."""

from __future__ import annotations

import importlib.util
import re
import textwrap
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import pytest

from jambicrawl.registry.families import FAMILIES, PARTS, Family, FamilyError, Template, by_name
from jambicrawl.registry.families.generic import Generic

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

#: A family module as a new family's author writes it, every part set.
COMPLETE = """
from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import (
    PAGING_DIV, SUFFIXED_SITEMAPS, ListingMarkup, QueryPager,
)

class NewCms(Family):
    name = "newcms"
    layouts = (Template("newcms", title=("h1.judul",), body=(".isi",)),)
    layer = "site"
    article_pattern = r"/baca/\\d+"
    host_suffixes = (".newcms.id",)
    pager = QueryPager()
    listing = ListingMarkup(item='<a href="{href}">{title}</a> {date}', pager=PAGING_DIV)
    sitemaps = SUFFIXED_SITEMAPS
"""


def _load(folder: Path, source: str) -> ModuleType:
    """Import ``source`` as a module file, the way the registry's import of it runs."""
    path = folder / "newcms.py"
    path.write_text(textwrap.dedent(source), "utf-8")
    spec = importlib.util.spec_from_file_location("newcms_family", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_parts_are_those_a_family_declares() -> None:
    assert PARTS == (
        "name",
        "layouts",
        "layer",
        "article_pattern",
        "host_suffixes",
        "pager",
        "listing",
        "sitemaps",
    )


@pytest.mark.parametrize("family", FAMILIES.values(), ids=list(FAMILIES))
def test_every_family_provides_every_part(family: type[Family]) -> None:
    # Set by the family itself (or a family it extends), never left to the base class.
    own = {key for cls in family.__mro__ if issubclass(cls, Family) and cls is not Family
           for key in vars(cls)}  # fmt: skip
    assert set(PARTS) <= own
    assert FAMILIES[family.name] is family
    assert all(isinstance(t, Template) for t in family.layouts)
    assert family.template_for(datetime(2026, 1, 1, tzinfo=UTC)) is family.layouts[-1]
    assert re.compile(family.article_pattern)
    for page in (1, 2, 3):
        target = urlsplit(family.pager.target("/kategori/jambi", page))
        asked = dict(parse_qsl(target.query)).get("page")
        assert family.pager.number("/kategori/jambi", target.path, asked) == page
    item = family.listing.render_item("/a?b=1&c=2", "A & B", "1 Jan", datetime(2026, 1, 1))
    assert "/a?b=1&amp;c=2" in item and "A &amp; B" in item
    pager = family.listing.render_pager(["<a>1</a>", "<a>2</a>"])
    assert pager.index("<a>1</a>") < pager.index("<a>2</a>")
    assert all(child.endswith(".xml") for child in family.sitemaps.children("/sitemap.xml"))


def test_a_complete_family_module_loads_and_registers(tmp_path: Path) -> None:
    family = _load(tmp_path, COMPLETE).NewCms
    families = by_name(*FAMILIES.values(), family)
    assert families["newcms"].pager.target("/terkini", 2) == "/terkini?page=2"
    assert family.in_network("kota.newcms.id")


@pytest.mark.parametrize("part", PARTS)
def test_a_family_module_lacking_a_part_fails_at_load_naming_family_and_part(
    tmp_path: Path, part: str
) -> None:
    lines = [line for line in COMPLETE.splitlines() if not line.startswith(f"    {part} = ")]
    # Without its name the family is named by its class.
    with pytest.raises(FamilyError, match=rf"family '(newcms|NewCms)' .*lacks its {part}$"):
        _load(tmp_path, "\n".join(lines))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("layouts = ()", "layouts must be one Template or more"),
        ("article_pattern = '(unclosed'", "article_pattern is no regular expression"),
        ("layer = 'jsonld'", "layer must be 'site' or 'generic'"),
    ],
)
def test_a_family_part_that_cannot_be_used_fails_at_load(
    tmp_path: Path, change: str, message: str
) -> None:
    part = change.split(" = ")[0]
    source = re.sub(rf"(?m)^    {part} = .*$", f"    {change}", COMPLETE)
    with pytest.raises(FamilyError, match=message):
        _load(tmp_path, source)


def test_two_families_of_one_name_are_refused() -> None:
    with pytest.raises(FamilyError, match="two families named 'generic'"):
        by_name(*FAMILIES.values(), Generic)
