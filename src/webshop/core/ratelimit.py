"""A per-key sliding-window rate limit, kept in this process's memory.

Enough for one web worker; with several, each counts its own requests, so the effective limit
is up to the number of workers times this one.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Hashable

from webshop.core.errors import RateLimited


class SlidingWindowLimiter:
    def __init__(
        self,
        limit: int,
        window_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._hits: dict[Hashable, deque[float]] = {}

    def hit(self, key: Hashable) -> None:
        """Count one request for `key`, or raise `RateLimited` if it is over the limit."""
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            raise RateLimited(max(1, math.ceil(hits[0] + self.window - now)))
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle keys now and then, so memory stays bounded
            self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.window}
