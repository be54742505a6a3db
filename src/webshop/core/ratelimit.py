"""Rate limits: fixed-window counters shared by every worker, in the database or in Redis.

A limit is one or more rates ("5/1m,10/15m,20/1h"): each rate is a counter of its own, so a
client that keeps going meets ever longer waits. Counters live in a `CounterStore`; whichever
store, all workers of all hosts using it count together.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

from webshop.core import metrics
from webshop.core.errors import RateLimited

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    hits: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.hits}/{self.seconds}s"


def parse_rates(text: str) -> tuple[Rate, ...]:
    """`"5/1m,10/15m"` → two rates; a unit alone means one of it (`"60/m"`)."""
    rates = []
    for part in text.split(","):
        match = RATE_PATTERN.match(part)
        if not match:
            raise ValueError(
                f"{part.strip()!r} is not a rate like 5/1m (count/period, period in s, m, h or d)"
            )
        hits, count, unit = match.groups()
        seconds = int(count or 1) * UNIT_SECONDS[unit]
        if int(hits) < 1 or seconds < 1:
            raise ValueError(f"{part.strip()!r}: count and period must be at least 1")
        rates.append(Rate(int(hits), seconds))
    return tuple(rates)


@dataclass(frozen=True)
class Window:
    hits: int
    ends_at: float
    """Unix time at which the window's count starts again from zero."""


class CounterStore(Protocol):
    async def add(self, key: str, seconds: int, now: float) -> Window:
        """Count one hit in `key`'s window (a new `seconds` long one if the last has ended)."""

    async def read(self, key: str, now: float) -> Window | None:
        """The window of `key`, if one is running."""

    async def clear(self, keys: list[str]) -> None: ...


class Limiter:
    """Checks and counts hits against rates, raising `RateLimited` (429, Retry-After)."""

    def __init__(
        self,
        store: CounterStore,
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.enabled = enabled
        self.clock = clock

    async def hit(self, name: str, subject: object, rates: tuple[Rate, ...]) -> None:
        """Count a hit for `subject` (an address, a user id) and refuse it over any rate."""
        if not self.enabled:
            return
        now = self.clock()
        waits = []
        for rate in rates:
            window = await self.store.add(_key(name, subject, rate), rate.seconds, now)
            if window.hits > rate.hits:
                waits.append(window.ends_at - now)
        self._refuse_if(name, waits)

    async def check(self, name: str, subject: object, rates: tuple[Rate, ...]) -> None:
        """Refuse if `subject` has used up any rate, without counting this request."""
        if not self.enabled:
            return
        now = self.clock()
        waits = []
        for rate in rates:
            window = await self.store.read(_key(name, subject, rate), now)
            if window is not None and window.hits >= rate.hits:
                waits.append(window.ends_at - now)
        self._refuse_if(name, waits)

    async def forget(self, name: str, subject: object, rates: tuple[Rate, ...]) -> None:
        if self.enabled:
            await self.store.clear([_key(name, subject, rate) for rate in rates])

    def _refuse_if(self, name: str, waits: list[float]) -> None:
        if waits:
            metrics.THROTTLED.labels(name).inc()
            raise RateLimited(max(1, math.ceil(max(waits))))


def _key(name: str, subject: object, rate: Rate) -> str:
    # Hashed: keys stay short, and no email or address is stored with the counters.
    digest = hashlib.sha256(str(subject).encode()).hexdigest()[:32]
    return f"{name}:{digest}:{rate.seconds}"


class RedisCounters:
    """Counters in Redis (`REDIS_URL`): each window a key that expires when the window ends."""

    def __init__(self, url: str, prefix: str = "webshop:ratelimit:") -> None:
        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    async def add(self, key: str, seconds: int, now: float) -> Window:
        name = self.prefix + key
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=seconds, nx=True)
            pipe.incr(name)
            pipe.pttl(name)
            _, hits, ttl_ms = await pipe.execute()
        return Window(int(hits), now + max(int(ttl_ms), 0) / 1000)

    async def read(self, key: str, now: float) -> Window | None:
        name = self.prefix + key
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.get(name)
            pipe.pttl(name)
            hits, ttl_ms = await pipe.execute()
        if hits is None or int(ttl_ms) <= 0:
            return None
        return Window(int(hits), now + int(ttl_ms) / 1000)

    async def clear(self, keys: list[str]) -> None:
        await self.redis.delete(*(self.prefix + key for key in keys))

    async def close(self) -> None:
        await self.redis.aclose()
