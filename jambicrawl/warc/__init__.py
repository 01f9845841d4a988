"""Web archiving: every HTTP response the crawler receives, written to WARC files as sent.

Modules: ``capture`` (what was received, copied off Scrapy's objects), ``records`` (WARC records
from a capture), ``outlinks`` (links for the metadata record), ``crawl_links`` (those links
taken from the crawl's own parse of a page), ``files`` (rotating WARC files),
``writer`` (the background thread that writes), ``repair`` (closing files left open by a
crash), ``extension`` (the Scrapy extension), ``cli`` (``archive repair``).
"""
