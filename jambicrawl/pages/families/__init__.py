"""CMS template families: the site-layer selectors of every family, by version."""

from __future__ import annotations

from jambicrawl.pages.families.antara import ANTARA
from jambicrawl.pages.families.base import Family, Template
from jambicrawl.pages.families.disway import DISWAY
from jambicrawl.pages.families.generic import GENERIC
from jambicrawl.pages.families.tribun import TRIBUN
from jambicrawl.pages.families.wordpress import WORDPRESS

FAMILIES: dict[str, Family] = {f.name: f for f in (DISWAY, TRIBUN, ANTARA, WORDPRESS, GENERIC)}

__all__ = ["FAMILIES", "Family", "Template"]
