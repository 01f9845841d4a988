"""What the crawl's downloader runs, between the spiders and the sites: the HTTP download
handler and its connection pool, and the downloader middlewares (robots.txt fetched once,
cookies without a network fetch of the public suffix list, conditional requests for known
pages and kept discovery documents)."""
