"""jambicrawl: crawl, extract and archive the regional news sites of Jambi province."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives. Imported on first use: the crawl's helper processes (the
#: archive process) import parts of the package and need no page objects.
_MODULES = {
    "Article": "jambicrawl.items",
    "Capture": "jambicrawl.items",
    "Image": "jambicrawl.items",
    "ExtractionError": "jambicrawl.pages",
    "extract_article": "jambicrawl.pages",
    "extract_pages": "jambicrawl.pages",
}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(_MODULES[name]), name)
    raise AttributeError(f"module 'jambicrawl' has no attribute {name!r}")
