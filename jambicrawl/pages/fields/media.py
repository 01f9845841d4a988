"""Media: the lead image the page declares, then the body's images, with their captions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jambicrawl.items import Image
from jambicrawl.normalize.text import collapse
from jambicrawl.normalize.urls import absolute
from jambicrawl.pages.content import is_noise
from jambicrawl.pages.fields.layers import LAYER_ORDER, Found, field
from jambicrawl.pages.selectors import first_match
from jambicrawl.pages.tree import text_of

if TYPE_CHECKING:
    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.inputs import ArticleInputs
    from jambicrawl.pages.tree import Element

_IMAGE_NOISE = re.compile(r"logo|avatar|icon|sprite|blank|pixel|placeholder|loading|\.svg", re.I)


class Media:
    def __init__(self, inputs: ArticleInputs) -> None:
        self.inputs = inputs

    @field
    def images(self) -> Found[list[Image]] | None:
        i, s = self.inputs, self.inputs.structured
        # The lead image is the one the page declares; the body's images follow it.
        declared = {
            "jsonld": next(iter(s.images), None),
            "meta": s.meta_first("og:image", "twitter:image"),
        }
        lead_url: str | None = None
        layer: Layer = "generic"
        for candidate in LAYER_ORDER["images"]:
            if declared.get(candidate):
                lead_url, layer = declared[candidate], candidate
                break
        images: dict[str, Image] = {}
        for page in i.pages:
            container, body_layer = i.container(page)
            if container is None:
                continue
            for img in container.iter("img"):
                if _in_noise(img, container):
                    continue
                url = _image_src(img, page.url)
                if url and url not in images:
                    images[url] = Image(url, self._caption(img))
            if lead_url is None and images:
                layer = body_layer
        if lead_url:
            lead_url = absolute(i.first.url, lead_url) or lead_url
            lead_caption = images.pop(lead_url).caption if lead_url in images else ""
            if not lead_caption:
                lead_caption = self._caption_in_page(lead_url)
            ordered = [Image(lead_url, lead_caption), *images.values()]
        else:
            ordered = list(images.values())
        return Found(ordered, layer) if ordered else None

    def _caption(self, img: Element) -> str:
        """The caption printed with an image: searched a few levels up from it, never
        higher than its figure."""
        for level, ancestor in enumerate(img.iterancestors()):
            if level >= 3 or ancestor.tag in {"article", "body", "main"}:
                break
            found = first_match(ancestor, self.inputs.template.caption)
            if found:
                return collapse(text_of(found[0]))
            if ancestor.tag == "figure":
                break
        return ""

    def _caption_in_page(self, url: str) -> str:
        name = url.rsplit("/", 1)[-1]
        for img in self.inputs.first.root.iter("img"):
            src = img.get("src") or img.get("data-src") or ""
            if name and src.endswith(name):
                return self._caption(img)
        return ""


def _image_src(img: Element, base: str) -> str | None:
    for attr in ("data-src", "data-lazy-src", "data-original", "src"):
        url = absolute(base, img.get(attr))
        if url and not _IMAGE_NOISE.search(url):
            return url
    return None


def _in_noise(img: Element, container: Element) -> bool:
    """True for images of ads and related-article blocks (figures and captioned wrappers
    hold article images)."""
    for ancestor in img.iterancestors():
        if ancestor is container:
            return False
        if (
            ancestor.tag != "figure"
            and is_noise(ancestor)
            and "caption" not in (ancestor.get("class") or "")
        ):
            return True
    return False
