"""Running crawls: the crawlers of one process, worker processes, and how a crawl stops.

``jambicrawl crawl`` and ``demo`` call :func:`jambicrawl.crawl.run_crawl`, which runs here.
"""
