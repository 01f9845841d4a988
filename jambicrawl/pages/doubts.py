"""What a page says of itself that makes its Article doubtful: an error page served with a
200 (a soft 404), a consent or bot-check interstitial, a body that stops at a paywall.

These read the extracted Article only: the same page gives the same flags, live or replayed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jambicrawl.items import Article

#: Titles of "not found" pages, Indonesian and English. Matched against the whole title
#: (a headline may say "Korban Tidak Ditemukan").
_NOT_FOUND_TITLE = re.compile(
    r"^\W*(?:error\s*)?(?:404\b.*|(?:halaman|artikel|berita|konten|page|article)\s+"
    r"(?:yang\s+anda\s+cari\s+)?(?:tidak|tak|not)\s+(?:ditemukan|tersedia|found|available)"
    r"|not\s+found|oops.*)\W*$",
    re.IGNORECASE,
)
#: What a "not found" page says in its short text.
_NOT_FOUND_TEXT = re.compile(
    r"(?:halaman|artikel|berita|konten)\s+(?:yang\s+anda\s+cari\s+)?(?:tidak|tak)\s+"
    r"(?:ditemukan|tersedia)|page\s+(?:you\s+requested\s+)?(?:was\s+)?not\s+found"
    r"|telah\s+dihapus|sudah\s+tidak\s+tersedia",
    re.IGNORECASE,
)
_INTERSTITIAL = re.compile(
    r"cookie|persetujuan\s+(?:anda|privasi)|kebijakan\s+privasi\s+kami|we\s+value\s+your\s+"
    r"privacy|consent|verify\s+you\s+are\s+(?:a\s+)?human|checking\s+your\s+browser"
    r"|bukan\s+robot|just\s+a\s+moment",
    re.IGNORECASE,
)
# Every phrase starts with one of the letters of the lookahead: at the other positions of
# the text (most of them) the search then fails on one test instead of trying each phrase.
_PAYWALL = re.compile(
    r"(?=[abfks])(?:"
    r"konten\s+premium|artikel\s+premium|berlangganan\s+(?:untuk|sekarang|agar)"
    r"|khusus\s+(?:pelanggan|member|anggota)|baca\s+selengkapnya\s+(?:di|dengan)\s+"
    r"(?:aplikasi|berlangganan)|subscribe\s+to\s+(?:read|continue)|for\s+subscribers\s+only"
    r")",
    re.IGNORECASE,
)
#: A page of this many words or fewer may be an error or consent page; an article is longer.
SHORT = 120
#: How much of a body's end a paywall notice stands in.
_TAIL = 400


def page_flags(article: Article) -> set[str]:
    """The flags of :data:`jambicrawl.items.FLAGS` that the page itself shows."""
    flags: set[str] = set()
    title, body = article.title or "", article.body or ""
    short = article.word_count <= SHORT
    if not body:
        flags.add("body_missing")
    if _NOT_FOUND_TITLE.match(title) or (short and _NOT_FOUND_TEXT.search(f"{title} {body}")):
        flags.add("soft_404")
    if short and _INTERSTITIAL.search(f"{title} {body}"):
        flags.add("interstitial")
    if _PAYWALL.search(body[-_TAIL:]):
        flags.add("paywall_suspected")
    return flags
