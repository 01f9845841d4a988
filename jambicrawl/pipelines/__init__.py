"""Item pipelines, in order: extract the fetched pages, keep the date window, store."""
