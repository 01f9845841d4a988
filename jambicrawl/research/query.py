"""A search query read into an FTS5 expression over the stemmed words of the index.

The syntax: words (``kebakaran hutan``: both), phrases (``"kabut asap"``), ``AND``, ``OR``
and ``NOT`` in capitals (``a NOT b``: a without b), parentheses, and a prefix
(``kebakar*``). Every word is stemmed as the index is (:mod:`jambicrawl.normalize.stemming`),
so any form of it finds the others; a prefix is stemmed as a word first. ``AND`` binds
closer than ``OR``, ``NOT`` closest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.stemming import words

_TOKEN = re.compile(r'\s*(?:(")([^"]*)("?)|(\()|(\))|([^\s"()]+))')
_OPERATORS = ("AND", "OR", "NOT")


class QueryError(JambicrawlError):
    """A query that cannot be read: the message says where, in one line."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "phrase", "word", "(", ")", or an operator
    text: str = ""


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(query):
        quote, phrase, closed, opening, closing, word = match.groups()
        if quote:
            if not closed:
                raise QueryError(f"query {query!r}: a phrase's closing quote is missing")
            tokens.append(_Token("phrase", phrase))
        elif opening or closing:
            tokens.append(_Token(opening or closing))
        elif word:
            tokens.append(_Token(word if word in _OPERATORS else "word", word))
    return tokens


def _phrase(text: str, query: str, *, prefix: bool = False) -> str:
    stems = words(text)
    if not stems:
        raise QueryError(f"query {query!r}: {text!r} has no word to search for")
    return f'"{" ".join(stems)}"' + ("*" if prefix else "")


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def fail(self, why: str) -> QueryError:
        return QueryError(f"query {self.query!r}: {why}")

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> str:
        if not self.tokens:
            raise self.fail("nothing to search for")
        expression = self.any_of()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.take().kind!r}")
        return expression

    def any_of(self) -> str:
        parts = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else f"({' OR '.join(parts)})"

    def all_of(self) -> str:
        parts = [self.without()]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            parts.append(self.without())
        return parts[0] if len(parts) == 1 else f"({' AND '.join(parts)})"

    def without(self) -> str:
        expression = self.term()
        while self.peek() == "NOT":
            self.take()
            expression = f"({expression} NOT {self.term()})"
        return expression

    def term(self) -> str:
        kind = self.peek()
        if kind is None:
            raise self.fail("a word is missing at the end")
        token = self.take()
        if kind == "phrase":
            return _phrase(token.text, self.query)
        if kind == "word":
            prefix = token.text.endswith("*")
            return _phrase(token.text.rstrip("*"), self.query, prefix=prefix)
        if kind == "(":
            expression = self.any_of()
            if self.peek() != ")":
                raise self.fail("a closing parenthesis is missing")
            self.take()
            return expression
        if kind == "NOT":
            raise self.fail("NOT needs a word before it (a NOT b)")
        raise self.fail(f"a word is missing before {token.kind!r}")


def fts_expression(query: str) -> str:
    """``query`` as an FTS5 expression over stems. Raises :class:`QueryError`."""
    return _Parser(query).parse()
