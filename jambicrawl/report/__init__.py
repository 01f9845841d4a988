"""``jambicrawl report``: one self-contained HTML file of the archive's crawl history."""
