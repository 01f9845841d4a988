"""The WARC writer process: WARC writing for all the crawlers of one crawl process, on its own
core.

``jambicrawl crawl`` starts one beside each process that runs crawlers. The crawlers' archiving
extension then hands exchanges to it over a queue (:class:`~.client.RemoteWarcWriter`) instead
of to a writer thread in the crawl process. Link extraction, record building, gzip and disk
writes were a third of a crawl's CPU time, and a writer thread shares the reactor's GIL: in a
process of its own that work runs beside the reactor, and the kernel spreads it over the
cores. Without a running writer process (``scrapy crawl``, ``WARC_PROCESS = False``) the
extension writes from a thread as before.

- :mod:`.messages`: what the two sides say to each other.
- :mod:`.server`: the loop of the writer process.
- :mod:`.client`: the crawl process's side, which starts it and proxies each crawler's writer.
"""
