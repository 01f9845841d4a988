"""The crawl's state database: what was archived and extracted, kept across crawls."""
