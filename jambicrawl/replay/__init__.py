"""Replay: Articles re-extracted from WARC files, and responses served back from them.

In the order data flows: ``inputs`` (the WARC files named on a command line), ``reader``
and ``damage`` (the records of one file, read robustly: a :class:`RecordProblem` per bad record
with file and offset), ``scan`` (every capture of the given files, revisits resolved
across them by ``revisits``), ``payload`` and ``responses`` (HTTP bodies decoded as their
headers say),
``sites`` (which captures are article pages, of which site), ``articles`` (the Articles a
crawl would have made of them), ``provenance`` (the :class:`~jambicrawl.items.Capture`
citing a record). ``cdxj`` and ``handler``: the archive-backed Scrapy download handler of
``crawl --from-archive``.
"""
