"""Datasets from the state database: one row per article version, in JSON Lines, CSV or
Parquet, columns in the documented order of :data:`jambicrawl.export.columns.COLUMNS`.

Modules: ``columns`` (the column order and what each holds), ``rows`` (reading the
``article_versions`` table), ``writers`` (one writer per format).
"""
