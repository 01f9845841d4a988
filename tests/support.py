"""What tests share about the real components they start."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(package: str) -> NoReturn:
    """A Debian package a test starts is not installed: a skip on a developer's machine,
    a failure in CI, whose ``.ci/run`` installs it."""
    message = f"{package} is not installed (apt-get install {package}; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
