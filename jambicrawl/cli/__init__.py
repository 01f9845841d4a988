"""The ``jambicrawl`` command line: one module per command."""
