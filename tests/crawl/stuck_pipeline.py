"""An item pipeline that never returns: a task that fails where nobody looks.

With ``STUCK_PIPELINE_MARKER`` in the environment, it creates that file when the first item
gets stuck: the moment a test waits for."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any


class NeverReturns:
    async def process_item(self, item: Any) -> Any:
        marker = os.environ.get("STUCK_PIPELINE_MARKER")
        if marker:
            Path(marker).touch()
        await asyncio.get_running_loop().create_future()  # never resolved
        return item
