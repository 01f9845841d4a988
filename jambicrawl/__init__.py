"""jambicrawl: crawl, extract and archive the regional news sites of Jambi province."""

from __future__ import annotations

import warnings

from jambicrawl.items import Article, Capture, Image
from jambicrawl.pages import ExtractionError, extract_article, extract_pages

# cdxj-indexer's AMF reader (py3amf) imports pkg_resources, which setuptools 80 announces as
# deprecated on every import: a warning about a library's library, no use to our users.
warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)

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
