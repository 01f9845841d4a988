"""The input of a page object: one HTTP response, live or read back from a WARC record."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from lxml import etree

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.charset import decode_html, without_xml_declaration
from jambicrawl.normalize.text import collapse
from jambicrawl.normalize.urls import canonical_url
from jambicrawl.pages.selectors import PageSource
from jambicrawl.pages.tree import PARSER, Element, first_descendant

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.items import Capture

#: Pages larger than this are cut before parsing: no article needs more, and a runaway
#: page must not stall a crawl or exhaust memory.
MAX_PARSE_BYTES = 8 * 1024 * 1024


def _until(end: str) -> str:
    """What ``.*?`` (dot matching newlines) takes before ``end``, a pattern opening with a
    literal character: unrolled, so that the regex engine takes a run of other characters at
    once instead of trying ``end`` after every one (scripts are a tenth of a page)."""
    first, rest = end[0], end[1:]
    return rf"[^{first}]*(?:{first}(?!{rest})[^{first}]*)*"


_SCRIPT_END = r"</script\s*>"
_STYLE_END = r"</style\s*>"
# Scripts, styles and comments; group 1: a JSON-LD script's content.
_NOT_CONTENT = re.compile(
    r"<(?:script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[^>]*>"
    rf"({_until(_SCRIPT_END)}){_SCRIPT_END}"
    rf"|script\b[^>]*>{_until(_SCRIPT_END)}{_SCRIPT_END}"
    rf"|style\b[^>]*>{_until(_STYLE_END)}{_STYLE_END}|!--{_until('-->')}-->)",
    re.I,
)


class ExtractionError(JambicrawlError, ValueError):
    """No Article can be made of this input; the message says why in one line."""


class NotHTMLError(ExtractionError):
    """The response holds no HTML document (empty, binary, or another format)."""


def _looks_binary(body: bytes) -> bool:
    head = body[:1024]
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


@dataclass(slots=True)
class PageResponse:
    """URL, headers and body of one fetched page, and when it was captured."""

    url: str
    #: Left out of repr: a dropped item's log line would otherwise carry the whole page.
    body: bytes = field(repr=False)
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    #: Capture time (aware); picks the parser version and anchors relative dates.
    captured_at: datetime | None = None
    #: Where the response is archived; becomes the Article's citation of this page.
    capture: Capture | None = None
    #: This response already parsed (by a spider that read its pager), so that extraction
    #: parses it once, not twice; drop it once the Article is made.
    parsed: ParsedPage | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, url: str, html: str | bytes, **kwargs: object) -> PageResponse:
        body = html.encode("utf-8") if isinstance(html, str) else html
        headers = kwargs.pop("headers", None) or (
            {"Content-Type": "text/html; charset=utf-8"} if isinstance(html, str) else {}
        )
        return cls(url, body, headers, **kwargs)  # type: ignore[arg-type]

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


class ParsedPage:
    """A response parsed once; every extraction layer reads this tree."""

    @classmethod
    def of(cls, response: PageResponse) -> ParsedPage:
        """The response's page as parsed already, or parsed now."""
        return response.parsed if response.parsed is not None else cls(response)

    def __init__(self, response: PageResponse) -> None:
        self.response = response
        body = response.body[:MAX_PARSE_BYTES]
        if not body.strip() or _looks_binary(body):
            raise NotHTMLError("empty or binary body")
        text = decode_html(body, response.header("Content-Type"))
        if "<" not in text[:65536]:
            raise NotHTMLError("no markup in body")
        #: JSON-LD documents of the page, taken out before parsing.
        self.jsonld: list[str] = []
        # Scripts, styles and comments are a third of a news page and never article text:
        # leaving them out of the tree makes parsing and every later search cheaper. One
        # pass takes them out and keeps the JSON-LD.
        text = without_xml_declaration(_NOT_CONTENT.sub(self._set_aside, text))
        #: The source without them, for cheap "can this selector match at all" tests.
        self.source = PageSource(text)
        try:
            root = etree.fromstring(text, PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            raise NotHTMLError(f"unparsable HTML: {exc}") from None
        if root is None:
            raise NotHTMLError("no elements in body")
        self.root: Element = root

    def _set_aside(self, match: re.Match[str]) -> str:
        if match.group(1) is not None:
            self.jsonld.append(match.group(1))
        return " "

    @property
    def url(self) -> str:
        return self.response.url

    @cached_property
    def canonical_url(self) -> str:
        """The canonical form of the page's URL (w3lib's canonicalisation is a cost of its
        own: the article's URL and its pager both need it)."""
        return canonical_url(self.url)

    @cached_property
    def title(self) -> str:
        """The text of the page's ``<title>``, whitespace collapsed ("" when it has none)."""
        element = first_descendant(self.root, "title")
        return collapse(element.text if element is not None else None)

    @cached_property
    def lang(self) -> str | None:
        value = self.root.get("lang") or ""
        return value.split("-")[0].lower() or None
