"""Indonesian words reduced to their stems, for full-text search: ``kebakaran``,
``terbakar`` and ``membakar`` are all ``bakar``.

The same analysis runs when an Article is indexed and when a query is read, so that a word
form in the query finds the other forms in the text. Each word of the text becomes exactly
one word of the analysed text, in the same place: the search index (SQLite FTS5, its
``unicode61`` tokenizer) then points at the words of the original text, and its snippets
mark them there. Stems come from Sastrawi (Nazief & Adriani with the ECS improvements, and
its dictionary of root words); case and accents are folded first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.metadata import version
from typing import Any

#: A word as FTS5's ``unicode61`` tokenizer sees one: letters and digits, with the common
#: combining accents and private-use characters (both word characters there too).
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\ue000-\uf8ff])+")

#: Names the analysis: an index built by another analysis is rebuilt, not mixed with it.
ANALYZER = f"sastrawi-{version('PySastrawi')}/fold-1"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # The stemmer behind Sastrawi's own unbounded cache: ours (below) is bounded.
    return StemmerFactory().create_stemmer().delegatedStemmer


def fold(word: str) -> str:
    """``Kebakaran`` -> ``kebakaran``, ``Café`` -> ``cafe``: lower case, accents gone."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """One word (as :data:`WORD` finds it) as one folded, stemmed word; a word the stemmer
    cannot reduce, a number, or a word of another script stays as it is, folded."""
    folded = "".join(WORD.findall(fold(word))) or word.lower()
    if not (folded.isascii() and folded.isalpha()):
        return folded
    stemmed = str(_stemmer().stem_word(folded))
    return stemmed if stemmed.isalpha() else folded


def words(text: str | None) -> list[str]:
    """The words of ``text``, stemmed, in order: one for each word of the text."""
    return [stem(word) for word in WORD.findall(text or "")]


def analyze(text: str | None) -> str:
    """``text`` as the index holds it: its stemmed words, one for each word of the text."""
    return " ".join(words(text))
