"""Web archiving: every HTTP response the crawler receives, written to WARC files as sent.

Modules: ``exchange`` (what was received, copied off Scrapy's objects), ``records`` (WARC
records from an exchange), ``outlinks`` (links for the metadata record), ``files`` (rotating
WARC files),
``writer`` (the background thread that writes), ``repair`` (closing files left open by a
crash), ``extension`` (the Scrapy extension), ``cli`` (``archive repair``).
"""
