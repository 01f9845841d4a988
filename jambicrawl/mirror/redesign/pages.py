"""Redesigns that serve another page in place of the article: one error page for every
article URL (a soft 404), or a cookie-consent interstitial."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from jambicrawl.mirror.redesign.markup import Page, site_name

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.registry.families import Template

_OTHERS = (
    ("/berita/pemprov-jambi-gelar-rapat-koordinasi", "Pemprov Jambi Gelar Rapat Koordinasi"),
    ("/berita/harga-karet-di-batanghari-naik", "Harga Karet di Batanghari Naik"),
    ("/berita/festival-candi-muaro-jambi-dibuka", "Festival Candi Muaro Jambi Dibuka"),
)


def _document(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>{body}</body></html>\n"
    ).encode()


def soft_404(page: bytes, layout: Template, now: datetime) -> bytes:
    """The site's "Artikel tidak ditemukan" page, with a breadcrumb and other articles,
    answered with status 200: the same page for every article."""
    name = html.escape(site_name(Page.parse(page, layout).root))
    links = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in _OTHERS)
    body = (
        f'<header class="top"><a href="/">{name}</a></header>'
        '<div class="container"><ul class="breadcrumb breadcrumbs">'
        '<li><a href="/">Home</a></li><li><a href="/berita">Berita</a></li></ul>'
        '<div class="notfound"><h1>Artikel tidak ditemukan</h1>'
        "<p>Maaf, artikel yang Anda cari tidak ditemukan, sudah dihapus, atau alamatnya "
        "telah berubah. Silakan kembali ke beranda atau gunakan fitur pencarian untuk "
        "menemukan berita lain yang Anda butuhkan.</p>"
        f"<h3>Berita lainnya</h3><ul>{links}</ul></div></div>"
    )
    return _document(f"Artikel tidak ditemukan - {name}", body)


def consent_interstitial(page: bytes, layout: Template, now: datetime) -> bytes:
    """A cookie-consent page in place of the article (the page's title kept)."""
    parsed = Page.parse(page, layout)
    title = html.escape(parsed.root.findtext(".//title") or site_name(parsed.root))
    name = html.escape(site_name(parsed.root))
    body = (
        '<div class="consent-wall"><h1>Kami menghargai privasi Anda</h1>'
        f"<p>{name} dan mitra kami menggunakan cookie dan teknologi serupa untuk menyimpan "
        "dan mengakses informasi di perangkat Anda, untuk menampilkan iklan dan konten yang "
        "dipersonalisasi, mengukur iklan dan konten, serta memahami pembaca kami.</p>"
        "<p>Dengan mengklik Setuju, Anda menyetujui penggunaan cookie tersebut. Anda dapat "
        "mengubah pilihan Anda kapan saja melalui tautan Pengaturan Privasi di bagian bawah "
        "setiap halaman situs ini.</p>"
        '<form method="post" action="/consent"><button name="c" value="1">Setuju</button>'
        '<button name="c" value="0">Atur pilihan</button></form></div>'
    )
    return _document(title, body)
