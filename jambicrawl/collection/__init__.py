"""The collection side of an archive: what is made of archive folders once they are written
(CDXJ indexes for pywb, WACZ packages for ReplayWeb.page), reading the WARC files, the
state database and the export of the stored articles, never the writer."""
