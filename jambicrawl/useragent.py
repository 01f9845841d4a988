"""The User-Agent of a crawl, derived from the operator's contact URL.

``USER_AGENT`` is left unset in the project settings: the add-on below fills it in from
``JAMBICRAWL_CONTACT_URL`` once every ``-s`` override is known, so that changing the contact
URL changes what the sites see. A ``USER_AGENT`` set explicitly is kept as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl import settings as defaults

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def user_agent(settings: BaseSettings) -> str:
    """``USER_AGENT`` when set, else the jambicrawl User-Agent with the contact URL."""
    explicit = settings.get("USER_AGENT")
    if explicit:
        return str(explicit)
    contact = settings.get("JAMBICRAWL_CONTACT_URL") or defaults.JAMBICRAWL_CONTACT_URL
    return f"jambicrawl/0.1 (+{contact}; news archiving)"


class ContactUserAgent:
    """Scrapy add-on: sets ``USER_AGENT`` before any component reads it (the User-Agent and
    robots.txt middlewares read it once, when the crawler starts)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("USER_AGENT"):
            priority = settings.getpriority("USER_AGENT") or "project"
            settings.set("USER_AGENT", user_agent(settings), priority)
