"""Scrapy extensions of jambicrawl (progress display)."""
