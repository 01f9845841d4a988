"""An item pipeline that never returns: a task that fails where nobody looks."""

from __future__ import annotations

import asyncio
from typing import Any


class NeverReturns:
    async def process_item(self, item: Any) -> Any:
        await asyncio.get_running_loop().create_future()  # never resolved
        return item
