"""Monitors that run when a crawl closes (Spidermon), and the alarms they raise."""
