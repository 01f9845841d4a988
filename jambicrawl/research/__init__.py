"""For researchers: full-text search over the current versions of a collection's Articles.

Modules: ``query`` (the query language, read into an FTS5 expression over stems),
``collection`` (the state databases searched, each with its index), ``search`` (ranked
hits, each Article once, with snippets; counts; export rows). The index itself lives in the
state database and is kept current by the store (:mod:`jambicrawl.state.search`).
"""
