"""Running crawls: the crawlers of one process, worker processes, and how a crawl stops.

``jambicrawl crawl`` and ``demo`` call :func:`jambicrawl.crawling.run.run_crawl` (run.py).
"""
