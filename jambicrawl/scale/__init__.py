"""Scale-out: several crawl workers, on one machine or many, sharing one crawl through Redis.

With ``--redis URL`` (``JAMBICRAWL_REDIS_URL``) each site's frontier is a scrapy-redis queue,
the URLs requested in the current crawl a Redis set, and the "article already stored" state
and the WARC payload digest index Redis hashes, so that workers never fetch a page twice and
a payload archived by one is a revisit for all. Each worker keeps its own archive folder.
"""
