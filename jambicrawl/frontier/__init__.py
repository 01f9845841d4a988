"""The crawl frontier: where a crawler's pending requests wait, and survive a kill."""
