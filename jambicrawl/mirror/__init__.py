"""The offline mirror: every registered site served on loopback, built from the fixtures."""

from __future__ import annotations

from jambicrawl.mirror.catalogue import Catalogue, Entry, build_catalogue
from jambicrawl.mirror.fixtures import MirrorError
from jambicrawl.mirror.server import MirrorServer
from jambicrawl.mirror.site import Faults

__all__ = ["Catalogue", "Entry", "Faults", "MirrorError", "MirrorServer", "build_catalogue"]
