"""The site registry: which sites exist, their CMS family, hosts and discovery paths."""

from jambicrawl.registry.loader import Registry, RegistryError, load_registry
from jambicrawl.registry.model import GENERIC_SITE, Discovery, Site

__all__ = ["GENERIC_SITE", "Discovery", "Registry", "RegistryError", "Site", "load_registry"]
