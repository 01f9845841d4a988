"""jambicrawl: crawl, extract and archive the regional news sites of Jambi province.

The names below are imported when first used: ``import jambicrawl`` (which every command
does first) loads no parser, and a Ctrl-C while the command starts is one line
(jambicrawl/cli/starting.py).
"""

from __future__ import annotations

from jambicrawl.cli.starting import starting

starting()  # first: a Ctrl-C from here on is one line (jambicrawl/cli/starting.py)

import importlib  # noqa: E402
import warnings  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from jambicrawl.items import Article, Capture, Image
    from jambicrawl.pages import ExtractionError, extract_article, extract_pages

# cdxj-indexer's AMF reader (py3amf) imports pkg_resources, which setuptools 80 announces as
# deprecated on every import: a warning about a library's library, no use to our users.
warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)

__version__ = "0.1.0"

#: Each public name and the module it comes from.
_MODULES = {
    "Article": "jambicrawl.items",
    "Capture": "jambicrawl.items",
    "Image": "jambicrawl.items",
    "ExtractionError": "jambicrawl.pages",
    "extract_article": "jambicrawl.pages",
    "extract_pages": "jambicrawl.pages",
}

__all__ = [
    "Article",
    "Capture",
    "ExtractionError",
    "Image",
    "__version__",
    "extract_article",
    "extract_pages",
]


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module 'jambicrawl' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value
