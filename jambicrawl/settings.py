"""Scrapy settings of the jambicrawl project: every default in one place.

Politeness first: the sites are small regional newsrooms. Override any of these with
``jambicrawl crawl -s NAME=VALUE`` or ``scrapy crawl -s NAME=VALUE``.
"""

BOT_NAME = "jambicrawl"
SPIDER_MODULES = ["jambicrawl.spiders"]
NEWSPIDER_MODULE = "jambicrawl.spiders"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# --- Politeness -------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
#: Where the operator can be reached; goes into the User-Agent and the WARC warcinfo.
JAMBICRAWL_CONTACT_URL = "https://github.com/jambicrawl/jambicrawl"
#: None: "jambicrawl/0.1 (+CONTACT_URL; news archiving)", made from JAMBICRAWL_CONTACT_URL by
#: the add-on below once every -s override is known (jambicrawl/useragent.py).
USER_AGENT = None
ADDONS = {
    "jambicrawl.useragent.ContactUserAgent": 0,
    # Switches to the shared frontier when JAMBICRAWL_REDIS_URL is set (jambicrawl/scale/).
    "jambicrawl.scale.addon.SharedCrawlAddon": 10,
}
#: The offline mirror's base URL; "" for the sites themselves. Set, every site is fetched
#: from the offline mirror: the spiders add its add-on to ADDONS (jambicrawl/mirror/handler.py).
JAMBICRAWL_MIRROR = ""
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id,en;q=0.8",
    # Archival crawls ask only for encodings every replay tool decodes (no br, no zstd).
    "Accept-Encoding": "gzip, deflate",
}

# --- Safe by default ---------------------------------------------------------------------
# Both consoles run any Python sent to them in the crawl; on only when asked for.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
DOWNLOADER_MIDDLEWARES = {
    # robots.txt fetched once a crawl, by the spider's discovery request, not again by
    # Scrapy's middleware (jambicrawl/downloading/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "jambicrawl.downloading.robots.RobotsTxtOnce": 100,
    # Scrapy's cookie middleware, deciding public suffixes from tldextract's bundled list
    # instead of fetching it from the network (jambicrawl/downloading/cookies.py).
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "jambicrawl.downloading.cookies.OfflineCookiesMiddleware": 700,
    # Known articles fetched again carry If-None-Match / If-Modified-Since; a 304 is an
    # unchanged article and a server-not-modified revisit (jambicrawl/downloading/conditional.py).
    "jambicrawl.downloading.conditional.ConditionalRequests": 950,
    # A discovery document's 304 read from its kept body, after the bytes received are
    # counted (DownloaderStats, 850) and before decompression (590).
    "jambicrawl.downloading.conditional.KeptDocuments": 800,
}
SPIDER_MIDDLEWARES = {
    # A scrapyd job takes its site's lock before its first request (jambicrawl crawl takes
    # it in its main process): jambicrawl/extensions/site_lock.py.
    "jambicrawl.extensions.site_lock.SiteLockMiddleware": 10,
}
#: True: the crawler takes its site's lock itself (``schedule --scrapyd`` sets it).
JAMBICRAWL_SITE_LOCK = False
#: False: known articles and discovery documents are fetched again in full (no
#: If-None-Match / If-Modified-Since).
JAMBICRAWL_CONDITIONAL_REQUESTS = True

# --- Robustness -------------------------------------------------------------------------
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 10

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
#: Items dropped on the normal path (unchanged, not modified, outside the window) are logged
#: at DEBUG, each drop in one line without the item (jambicrawl/pipelines/drops.py).
LOG_FORMATTER = "jambicrawl.logformatter.LogFormatter"
#: ``jambicrawl crawl`` writes the log to ARCHIVE/logs/ and shows only warnings and errors on
#: stderr; True (``-v``) shows all of it there too.
JAMBICRAWL_VERBOSE = False

# --- Pipeline ---------------------------------------------------------------------------
ITEM_PIPELINES = {
    "jambicrawl.pipelines.extract.ExtractPipeline": 100,
    "jambicrawl.pipelines.window.DateWindowPipeline": 200,
    "jambicrawl.pipelines.store.StatePipeline": 300,
}
#: Where WARC files, the state database, the job files (items/) and queues (jobs/) go
#: (jambicrawl/state/paths.py derives every path from it).
JAMBICRAWL_ARCHIVE_DIR = "archive"

# --- Set by ``jambicrawl crawl``'s options (jambicrawl/crawling/process.py) ---------------
#: ``--since``/``--until``: the date window (jambicrawl/normalize/window.py); "": open.
JAMBICRAWL_SINCE = ""
JAMBICRAWL_UNTIL = ""
#: ``--max-articles`` (0: no limit), ``--refresh``, ``--sites-file``, ``--from-archive``.
JAMBICRAWL_MAX_ARTICLES = 0
JAMBICRAWL_REFRESH = False
JAMBICRAWL_SITES_FILES: list[str] = []
JAMBICRAWL_FROM_ARCHIVE = ""
#: The crawl a job belongs to (default: the time its store opens).
JAMBICRAWL_CRAWL_ID = ""

# --- Discovery (jambicrawl/spiders/) ----------------------------------------------------
#: Listing pages a spider follows in one run, over all its listings.
JAMBICRAWL_LISTING_MAX_PAGES = 200

# --- Extensions -------------------------------------------------------------------------
EXTENSIONS = {
    "jambicrawl.warc.extension.WarcArchivingExtension": 100,
    "jambicrawl.extensions.progress.Progress": 500,
    "jambicrawl.extensions.watchdog.StallWatchdog": 510,
    # The spider keeps no ``spider.state``: nothing to pickle into JOBDIR at close, where a
    # kill would leave a torn file for the next run to trip on.
    "scrapy.extensions.spiderstate.SpiderState": None,
    "jambicrawl.extensions.metrics.CrawlMetrics": 550,
    # After CoreStats (finish reason, times) and the archiving extension: monitors read both.
    "spidermon.contrib.scrapy.extensions.Spidermon": 900,
}
#: Seconds without progress (no byte received by any download, nothing scheduled or
#: processed) after which a crawl that has not ended is looked at again; a second such
#: period stops it as ``stalled``. 0: never.
JAMBICRAWL_STALL_SECONDS = 60.0
#: Seconds a graceful stop (SIGINT, SIGTERM) may take: then the downloads still in flight
#: (a server that accepts and never answers) are cancelled and counted in
#: ``jambicrawl/stop/cancelled_downloads``, as a second signal would, and the crawl ends
#: with what it archived. Under systemd's 90 s and above ``docker stop -t``'s 10 s default
#: (give docker ``-t 45``). 0: wait for every download however long it takes.
JAMBICRAWL_STOP_TIMEOUT = 30.0
JAMBICRAWL_PROGRESS_INTERVAL = 5.0
#: False: plain progress lines even on a terminal (set for worker processes).
JAMBICRAWL_PROGRESS_LIVE = True

# --- Monitors and alarms (jambicrawl/monitors/) ----------------------------------------
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["jambicrawl.monitors.suites.CloseMonitors"]
#: Error rate alarm: errors per page fetched, checked from this many pages on.
JAMBICRAWL_MONITOR_MAX_ERROR_RATE = 0.2
JAMBICRAWL_MONITOR_MIN_PAGES_FOR_ERROR_RATE = 10
#: The monitors of what was extracted hold a run's articles against the site's stored current
#: versions (jambicrawl/state/baseline.py), when both number COVERAGE_MIN_ARTICLES or more.
#: Layout-change alarm: a field found on this share fewer of the run's articles.
JAMBICRAWL_MONITOR_COVERAGE_DROP = 0.3
JAMBICRAWL_MONITOR_COVERAGE_MIN_ARTICLES = 5
#: Layer-shift alarm: the layer that gave a field to most stored articles gives it to this
#: share fewer of the run's ("date_published: 100% now from the generic fallback, was 95%
#: from meta tags").
JAMBICRAWL_MONITOR_LAYER_SHIFT = 0.5
#: Body-length alarm: the run's median body this many times longer, or shorter, than the
#: stored articles' median.
JAMBICRAWL_MONITOR_BODY_LENGTH_FACTOR = 2.0
#: Shared-content alarm: this many articles of a run with one body (or one title, when it
#: is also half of them).
JAMBICRAWL_MONITOR_SHARED_MIN = 3
#: Doubtful-values alarm: a flag (date_conflict, date_relative, soft_404, interstitial,
#: paywall_suspected) on at least DOUBTFUL_MIN articles and this share more of the run's
#: articles than of the stored ones.
JAMBICRAWL_MONITOR_DOUBTFUL_SHARE = 0.2
JAMBICRAWL_MONITOR_DOUBTFUL_MIN = 2
#: Version-guard alarm: this many new versions held back as worse than the stored ones.
JAMBICRAWL_MONITOR_HELD_MIN = 2
#: Quiet-site alarm: no new article for GAP_FACTOR times the site's usual gap between runs
#: that found new ones (at least GAP_MIN_SECONDS; judged from GAP_MIN_SAMPLES gaps on).
JAMBICRAWL_MONITOR_GAP_FACTOR = 3.0
JAMBICRAWL_MONITOR_GAP_MIN_SECONDS = 3600.0
JAMBICRAWL_MONITOR_GAP_MIN_SAMPLES = 3
#: Alarms go to the log always; to a Slack-style webhook and by e-mail when these are set.
JAMBICRAWL_ALARM_WEBHOOK_URL = ""
JAMBICRAWL_ALARM_SMTP_HOST = ""
JAMBICRAWL_ALARM_SMTP_PORT = 25
JAMBICRAWL_ALARM_SMTP_USER = ""
JAMBICRAWL_ALARM_SMTP_PASSWORD = ""
JAMBICRAWL_ALARM_SMTP_STARTTLS = False
JAMBICRAWL_ALARM_EMAIL_FROM = "jambicrawl@localhost"
#: Addresses, comma-separated or a list.
JAMBICRAWL_ALARM_EMAIL_TO: list[str] = []

# --- Live metrics (jambicrawl/extensions/metrics.py) -------------------------------------
#: Set by ``jambicrawl crawl --metrics-port``: counters for the Prometheus endpoint.
JAMBICRAWL_METRICS = False
#: Seconds between two updates of the counters from the crawl's stats.
JAMBICRAWL_METRICS_INTERVAL = 1.0

# --- WARC archiving (jambicrawl/warc/) --------------------------------------------------
WARC_ENABLED = True
#: None: the archive folder (JAMBICRAWL_ARCHIVE_DIR).
WARC_DIR = None
#: File name prefix: letters, digits, ".", "_" and "-" only.
WARC_PREFIX = "jambicrawl"
WARC_MAX_SIZE = 1_000_000_000
#: Who runs the crawl (warcinfo "operator"); "" falls back to JAMBICRAWL_CONTACT_URL.
WARC_OPERATOR = ""
WARC_DESCRIPTION = ""
#: warcinfo "isPartOf"; "" falls back to the spider name.
WARC_IS_PART_OF = ""
#: Set for crawls of the offline mirror: the warcinfo says so.
WARC_MIRROR = False
#: ``jambicrawl crawl`` writes WARC files from a writer process beside each crawl process
#: (jambicrawl/warc/writer_process/); False: from a thread of the crawl process, as ``scrapy
#: crawl`` always does.
WARC_PROCESS = True
#: Heritrix-style metadata records (via, hops, fetch time, outlinks) beside each response.
#: Off: replay tools read none of it, and all of it can be derived again from the archive
#: (links from the payloads, via from the request records' Referer); see the README.
WARC_OUTLINKS = False
#: A request record beside each server-not-modified revisit (a 304 of a conditional
#: re-fetch). Off: it is the first capture's request with the validators of the capture the
#: revisit refers to, so derivable, and over half of an unchanged re-crawl's bytes (README).
WARC_NOT_MODIFIED_REQUESTS = False
#: None: <JAMBICRAWL_ARCHIVE_DIR>/state.sqlite3, shared with the article pipeline.
JAMBICRAWL_STATE_DB = None

# --- Throughput -------------------------------------------------------------------------
DOWNLOAD_HANDLERS = {
    "http": "jambicrawl.downloading.handler.KeepAliveHandler",
    "https": "jambicrawl.downloading.handler.KeepAliveHandler",
}
# Scrapy's check for generator callbacks that return a value caches on bound methods, new on
# every response, so it re-reads the callback's source each time: 1.2 ms a page.
WARN_ON_GENERATOR_RETURN_VALUE = False
# One output of a callback at a time: a task per output cost 10% of the reactor thread.
CONCURRENT_ITEMS = 1
# One crawler per site, so one download slot each: the downloader-aware queue only added a
# queue per slot, closed (and its JOBDIR folder removed) each time it ran empty.
SCHEDULER_PRIORITY_QUEUE = "jambicrawl.frontier.sqlite.SqlitePriorityQueue"

# --- Frontier (jambicrawl/frontier/) ----------------------------------------------------
# A resumable queue (JOBDIR) that any kill leaves readable: one SQLite transaction per push
# and pop, instead of queuelib files whose header and index are written only at close.
SCHEDULER_DISK_QUEUE = "jambicrawl.frontier.sqlite.LifoSqliteQueue"
SCHEDULER_START_DISK_QUEUE = "jambicrawl.frontier.sqlite.FifoSqliteQueue"

# --- Storage of the crawl's state (the scale-out add-on switches both to Redis) -----------
#: Which articles are stored, and storing one: a callable ``(local ArticleStore, settings)``
#: giving the :class:`jambicrawl.state.articles.ArticleState` (the state database itself).
JAMBICRAWL_ARTICLE_STATE = "jambicrawl.state.articles.local_article_state"
#: The payload digest index the WARC writer fills and conditional requests read: a class
#: with ``location(settings)`` and ``open(location)`` (the state database's table).
JAMBICRAWL_PAYLOAD_INDEX = "jambicrawl.state.digests.DigestIndex"

# --- Shared crawl across workers (jambicrawl/scale/) --------------------------------------
#: A Redis URL (``jambicrawl crawl --redis URL``): the frontier, the URLs requested, the
#: articles stored and the payload digest index are shared by every worker through it.
JAMBICRAWL_REDIS_URL = ""
#: Continue the shared crawl's queue even when no worker of it is alive (``--resume``).
JAMBICRAWL_REDIS_RESUME = False
#: Seconds without a heartbeat after which a worker is dead and the requests it had taken
#: go back on the queue.
JAMBICRAWL_REDIS_WORKER_TIMEOUT = 60.0
