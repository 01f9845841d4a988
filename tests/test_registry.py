"""The site registry and --sites-file entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jambicrawl import extract_article
from jambicrawl.registry import RegistryError, load_registry
from jambicrawl.registry.model import Discovery, Site

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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sites.x]\nfamilly = 'generic'\nhosts = ['a.b']\n",
         "bad.toml: [sites.x]: unknown key 'familly' (did you mean 'family'?)"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.discovery]\nsitemap = ['/s.xml']\n",
         "bad.toml: [sites.x.discovery]: unknown key 'sitemap' (did you mean 'sitemaps'?)"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.discovery]\nlisting = ['/l']\n",
         "bad.toml: [sites.x.discovery]: unknown key 'listing' (did you mean 'listings'?)"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.discovery]\narticle_patern = '/news/'\n",
         "[sites.x.discovery]: unknown key 'article_patern' (did you mean 'article_pattern'?)"),
        ("[sites.x]\nhosts = ['a.b']\nlistings = ['/l']\n",
         "bad.toml: [sites.x]: unknown key 'listings' (discovery keys go in a"),
        ("[site.x]\nhosts = ['a.b']\n", "bad.toml: unknown table or key 'site' (did you mean"),
        ("[sites.x]\nhosts = ['a.b']\n[sites.x.discovery]\nrobots = 'no'\n",
         "bad.toml: [sites.x.discovery] robots: expected true or false, not 'no'"),
        ("[sites.x]\nhosts = ['a.b']\ntimezone = 'Asia/Jakrta'\n",
         "bad.toml: [sites.x] timezone: unknown time zone 'Asia/Jakrta' (did you mean "
         "'Asia/Jakarta'?)"),
        ("[sites.x]\nhosts = ['a.b']\nname = 3\n", "bad.toml: [sites.x] name: expected a string"),
        ("[sites.x]\nhosts = ['http://a.b']\n",
         "bad.toml: [sites.x] hosts: 'http://a.b' is a URL, not a host name (write hosts = "
         "['a.b'] and scheme = 'http')"),
        ("[sites.x]\nhosts = ['a.b/berita']\n", "'a.b/berita' is not a host name"),
        ("[sites.x]\nhosts = ['a.b']\nscheme = 'ftp'\n", "scheme: 'ftp' is not one of"),
    ],
)  # fmt: skip
def test_typos_and_wrong_types_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    sites = tmp_path / "bad.toml"
    sites.write_text(text, "utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry([sites])
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{sites}: ")
    assert "\n" not in str(caught.value)


def test_a_plain_http_site_is_crawled_on_http(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        '[sites.kabar]\nhosts = ["kabar.example", "www.kabar.example"]\nscheme = "http"\n'
        '[sites.lokal]\nhosts = ["127.0.0.1:8080"]\nscheme = "http"\n',
        "utf-8",
    )
    registry = load_registry([sites])
    assert registry.get("kabar").base_url == "http://kabar.example"
    assert registry.get("tribunjambi").base_url == "https://jambi.tribunnews.com"
    assert registry.for_url("http://www.kabar.example/berita/1").key == "kabar"
    assert registry.for_url("http://127.0.0.1:8080/berita/1").key == "lokal"


def test_the_mirror_serves_a_plain_http_site(tmp_path: Path) -> None:
    from jambicrawl.mirror import MirrorServer
    from jambicrawl.mirror.urls import to_mirror
    from tests.mirror.client import fetch

    sites = tmp_path / "sites.toml"
    sites.write_text(
        '[sites.jambiupdate]\nname = "Jambi Update"\nfamily = "generic"\nscheme = "http"\n'
        'hosts = ["jambiupdate.co", "www.jambiupdate.co"]\n',
        "utf-8",
    )
    site = load_registry([sites]).get("jambiupdate")
    server = MirrorServer(port=0, registry=load_registry([sites]))
    mirror = server.start()
    try:
        home = fetch(to_mirror(site.base_url + "/", mirror))
        assert home.status == 200
        assert f'href="{mirror}/jambiupdate.co/' in home.text
        assert "http://jambiupdate.co" not in home.text  # every link stays on the mirror
    finally:
        server.stop()


def test_article_pattern_is_a_regex_of_the_path_as_documented() -> None:
    anchored = Site(
        key="anchored",
        name="Anchored",
        family="wordpress",
        hosts=("berita.example",),
        discovery=Discovery(article_pattern=r"^/\d{4}/\d{2}/[^/]+/$"),
    )
    assert anchored.is_article_url("https://berita.example/2024/03/jalan-baru/")
    assert (
        anchored.is_article_url("https://berita.example/2024/03/jalan-baru/?utm_source=x") is False
    )
    assert not anchored.is_article_url("https://berita.example/tag/2024/03/x/")
    by_host = Site(
        key="byhost",
        name="By host",
        family="generic",
        hosts=("localhost",),
        discovery=Discovery(article_pattern="localhost"),
    )
    # The host is no part of the path: "Tentang Kami" is no article.
    assert not by_host.is_article_url("http://localhost/tentang-kami")
