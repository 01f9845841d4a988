"""The site registry and --sites-file entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jambicrawl import extract_article
from jambicrawl.registry import RegistryError, load_registry

if TYPE_CHECKING:
    from pathlib import Path


def test_builtin_sites() -> None:
    registry = load_registry()
    keys = {s.key for s in registry}
    assert {"jambiekspres", "jambiindependent", "tribunjambi", "antarajambi"} <= keys
    assert len(keys) >= 6


def test_site_for_url() -> None:
    registry = load_registry()
    assert registry.for_url("https://jambi.tribunnews.com/2022/09/05/x").key == "tribunjambi"
    sister = registry.for_url("https://palembang.tribunnews.com/2022/09/05/x")
    assert (sister.key, sister.family) == ("generic", "tribun")
    assert registry.for_url("https://example.org/x").family == "generic"


def test_a_site_is_a_config_entry(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        '[sites.kabarjambi]\nname = "Kabar Jambi"\nfamily = "wordpress"\n'
        'hosts = ["kabarjambi.example"]\ntitle_suffixes = [" - Kabar Jambi"]\n'
        '[sites.kabarjambi.selectors]\nbody = [".isi-berita"]\n',
        "utf-8",
    )
    registry = load_registry([sites])
    page = (
        "<html><head><title>Banjir Surut - Kabar Jambi</title></head><body>"
        "<h1 class='entry-title'>Banjir Surut</h1><div class='entry-content'>salah</div>"
        "<div class='isi-berita'><p>Banjir di Kota Jambi mulai surut pada Selasa pagi.</p>"
        "</div></body></html>"
    )
    article = extract_article(page, "https://kabarjambi.example/2024/01/banjir/", registry=registry)
    assert article.site == "kabarjambi"
    assert article.title == "Banjir Surut"
    assert article.body == "Banjir di Kota Jambi mulai surut pada Selasa pagi."
    assert article.sources["body"] == "site"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sites.x]\nfamily = 'nope'\nhosts = ['a.b']\n", "unknown family"),
        ("[sites.x]\nfamily = 'generic'\n", "at least one host"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.selectors]\nbody = ['div[']\n", "bad CSS"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.selectors]\nbogus = ['div']\n", "unknown selector"),
        ("[sites.X-1]\nhosts = ['a.b']\n", "lowercase"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_bad_sites_files(tmp_path: Path, text: str, message: str) -> None:
    sites = tmp_path / "bad.toml"
    sites.write_text(text, "utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry([sites])
