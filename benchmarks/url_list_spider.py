"""The baseline of ``benchmarks/archive_bytes.py``: bare Scrapy fetching a list of URLs.

    scrapy runspider benchmarks/url_list_spider.py -a urls=URLS.txt -a proxy=http://HOST:PORT

One GET per line of URLS.txt, through the proxy (warcprox, which archives them), no redirect
followed (the list holds every hop), every status accepted. Only Scrapy is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.http import Response


class UrlListSpider(scrapy.Spider):
    name = "url-list"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ROBOTSTXT_OBEY": False,
        "REDIRECT_ENABLED": False,
        "RETRY_ENABLED": False,
    }

    def __init__(self, *args: Any, urls: str = "", proxy: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urls = Path(urls).read_text("utf-8").split()
        self.proxy = proxy

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            meta = {"proxy": self.proxy, "handle_httpstatus_all": True}
            yield scrapy.Request(url, self.parse, meta=meta, dont_filter=True)

    def parse(self, response: Response) -> None:
        pass
