"""For ``scrapyd-deploy``, which builds the project's egg with ``setup.py bdist_egg``.

Everything (metadata, package data, the ``scrapy`` entry point that tells scrapyd the
settings module) comes from pyproject.toml."""

from setuptools import setup

setup()
