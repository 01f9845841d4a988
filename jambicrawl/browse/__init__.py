"""``jambicrawl browse``: a local web application over a collection of archive folders.

Two listening sockets on the same host. The application's origin (``app``: pages rendered
on the server, no script of its own) serves the search page with its facets, the attention
chart and the over-represented words (``matches``, ``attention``), the story pages with
every version and the diffs between them (``story``, ``diff``), the edits view (``edits``)
and the downloads. The capture origin (``captures``), on a port of its own, serves the
archived responses from the WARC records, rewritten to point into the archive, never to the
network; the application shows them in an ``<iframe sandbox>`` of that other origin, so no
script of an archived page runs with the application's origin or reaches it.
"""
