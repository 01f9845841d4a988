"""CMS template families: one module each, holding all the family knows (layouts, URL
shapes, network hosts, listings); a new family is its module and a line below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.registry.families.antara import Antara
from jambicrawl.registry.families.disway import Disway
from jambicrawl.registry.families.family import PARTS, Family, FamilyError
from jambicrawl.registry.families.generic import Generic
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.tribun import Tribun
from jambicrawl.registry.families.wordpress import WordPress

if TYPE_CHECKING:
    from collections.abc import Mapping


def by_name(*families: type[Family]) -> Mapping[str, type[Family]]:
    """``families`` by name; two of one name is an error."""
    out: dict[str, type[Family]] = {}
    for family in families:
        if family.name in out:
            raise FamilyError(f"two families named {family.name!r}")
        out[family.name] = family
    return out


#: Every family, in the order a host is matched against their networks.
FAMILIES = by_name(Disway, Tribun, Antara, WordPress, Generic)

__all__ = ["FAMILIES", "PARTS", "Family", "FamilyError", "Template", "by_name"]
