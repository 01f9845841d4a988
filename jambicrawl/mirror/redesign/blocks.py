"""Redesigns that put other text around the article's body, or cut it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.mirror.redesign.markup import Page, fragment, text_blocks

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.mirror.redesign.markup import HtmlElement
    from jambicrawl.registry.families import Template

#: The renamed body container's class: no family's selectors know it.
RENAMED = "story-body"
#: How many paragraphs a premium article shows before its notice.
PREMIUM_PARAGRAPHS = 2

_COMMENTS = (
    ("Budi Santoso", "Semoga bantuan dan perhatian pemerintah benar-benar sampai ke warga "
     "yang membutuhkan, jangan hanya ramai di awal lalu hilang begitu saja, seperti yang "
     "sudah sering terjadi di kampung kami selama bertahun-tahun."),
    ("Sari Wulandari", "Terima kasih atas beritanya, tapi tolong juga diliput kondisi jalan "
     "di kecamatan kami yang rusak parah sejak musim hujan kemarin, anak-anak sekolah harus "
     "berjalan kaki jauh karena angkutan tidak bisa lewat."),
    ("Rahmat Hidayat", "Saya setuju dengan pendapat warga di atas, pemerintah daerah harus "
     "lebih sering turun ke lapangan, mendengar keluhan masyarakat kecil, dan tidak hanya "
     "menunggu laporan dari bawahan di kantor."),
)  # fmt: skip
_TEASERS = (
    ("Harga Pinang di Tanjabtim Naik Lagi, Petani Sambut Gembira",
     "Harga pinang kering di tingkat petani Tanjung Jabung Timur kembali naik pekan ini, "
     "setelah sempat turun tajam pada awal tahun karena permintaan ekspor melemah."),
    ("Jalan Lintas Timur Rusak, Truk Batu Bara Antre Berjam-jam",
     "Kerusakan jalan di lintas timur membuat antrean truk batu bara mengular hingga "
     "beberapa kilometer, sopir mengeluh waktu tempuh menjadi dua kali lipat."),
)  # fmt: skip
_PREMIUM = (
    '<div class="box-notice"><p><strong>Konten Premium</strong></p>'
    "<p>Ini adalah konten premium. Berlangganan untuk membaca artikel ini selengkapnya "
    "dan nikmati akses tanpa batas ke semua berita.</p>"
    '<a class="btn" href="/berlangganan">Berlangganan sekarang</a></div>'
)


def comments_and_teasers() -> list[HtmlElement]:
    """A comment thread and related teasers, named by their headings only."""
    comments = "".join(
        f'<div class="thread-item"><b>{name}</b> <span>2 hari lalu</span><p>{text}</p></div>'
        for name, text in _COMMENTS
    )
    teasers = "".join(
        f'<div class="card"><a href="/baca/{n}">{title}</a><p>{lead}</p></div>'
        for n, (title, lead) in enumerate(_TEASERS)
    )
    return fragment(
        f'<div class="thread"><h3>Komentar ({len(_COMMENTS)})</h3>{comments}</div>'
        f'<div class="more"><h3>Berita Terkait</h3>{teasers}</div>'
    )


def _renamed(parsed: Page) -> HtmlElement | None:
    body = parsed.body()
    if body is not None:
        body.attrib.pop("id", None)
        body.set("class", RENAMED)
    return body


def comments_in_body(page: bytes, layout: Template, now: datetime) -> bytes:
    """The body container renamed, with comments and related teasers inside it."""
    parsed = Page.parse(page, layout)
    body = _renamed(parsed)
    if body is not None:
        body.extend(comments_and_teasers())
    return parsed.serialised()


def comments_beside_body(page: bytes, layout: Template, now: datetime) -> bytes:
    """The body container renamed, with comments and related teasers right after it."""
    parsed = Page.parse(page, layout)
    body = _renamed(parsed)
    if body is not None:
        for block in reversed(comments_and_teasers()):
            body.addnext(block)
    return parsed.serialised()


def premium_cut(page: bytes, layout: Template, now: datetime) -> bytes:
    """The body cut to its first paragraphs, followed by a "konten premium" notice."""
    parsed = Page.parse(page, layout)
    body = parsed.body()
    if body is None:
        return page
    _cut(body, PREMIUM_PARAGRAPHS)
    body.extend(fragment(_PREMIUM))
    return parsed.serialised()


def _cut(container: HtmlElement, keep: int) -> None:
    """Keeps the first ``keep`` texts of ``container``: blocks, or runs between ``<br>``s."""
    kept = 1 if container.text and container.text.strip() else 0
    blocks = set(text_blocks(container))
    for child in list(container):
        if kept >= keep:
            container.remove(child)
            continue
        kept += child in blocks
        if child.tail and child.tail.strip():
            if kept >= keep:
                child.tail = None
            else:
                kept += 1
