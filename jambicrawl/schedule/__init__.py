"""Recurring crawls: schedule files, next runs, the scheduler, and scrapyd."""
