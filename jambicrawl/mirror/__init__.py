"""The offline mirror: every registered site served on loopback, built from the fixtures.

Its names are imported on first use: the ``jambicrawl`` command reads the redesign kinds
(``mirror.redesign``) for its help, and a crawl of the live sites loads nothing else of it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jambicrawl.mirror.catalogue import Catalogue, MirroredArticle, build_catalogue
    from jambicrawl.mirror.fixtures import MirrorError
    from jambicrawl.mirror.server import MirrorServer
    from jambicrawl.mirror.site import Faults

#: Each name this package gives, and the module that defines it.
_HOMES = {
    "Catalogue": "catalogue",
    "MirroredArticle": "catalogue",
    "build_catalogue": "catalogue",
    "MirrorError": "fixtures",
    "MirrorServer": "server",
    "Faults": "site",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "Catalogue",
    "Faults",
    "MirrorError",
    "MirrorServer",
    "MirroredArticle",
    "build_catalogue",
]
