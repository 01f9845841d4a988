"""jambicrawl: crawl, extract and archive the regional news sites of Jambi province."""

from __future__ import annotations

from jambicrawl.items import Article, Capture, Image
from jambicrawl.pages import ExtractionError, extract_article, extract_pages

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Capture",
    "ExtractionError",
    "Image",
    "__version__",
    "extract_article",
    "extract_pages",
]
