"""Rate-limit counters in the shop's own database: shared by every worker with no extra server."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy import BigInteger, Integer, String, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from webshop.core.ratelimit import Window
from webshop.db.base import Base

PRUNE_EVERY = 1000
Transaction = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


class RateLimitCounter(Base):
    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    window_ends: Mapped[int] = mapped_column(BigInteger, index=True)
    """Unix time (seconds) at which the window ends."""


class DatabaseCounters:
    """Each hit is one upsert in a transaction of its own, so a request that fails afterwards
    (a wrong password) still counts, and concurrent hits never lose each other."""

    def __init__(self, begin: Transaction, dialect: str) -> None:
        """`begin()` opens a transaction of its own, e.g. `engine.begin`."""
        self.begin = begin
        self.dialect = postgresql if dialect == "postgresql" else sqlite
        self._hits = itertools.count(1)

    @classmethod
    def on(cls, engine: AsyncEngine) -> DatabaseCounters:
        return cls(engine.begin, engine.dialect.name)

    async def add(self, key: str, seconds: int, now: float) -> Window:
        new_end = int(now) + seconds
        insert = self.dialect.insert(RateLimitCounter).values(key=key, hits=1, window_ends=new_end)
        ended = RateLimitCounter.window_ends <= int(now)
        statement = insert.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "hits": case((ended, 1), else_=RateLimitCounter.hits + 1),
                "window_ends": case((ended, new_end), else_=RateLimitCounter.window_ends),
            },
        ).returning(RateLimitCounter.hits, RateLimitCounter.window_ends)
        async with self.begin() as connection:
            hits, window_ends = (await connection.execute(statement)).one()
            if next(self._hits) % PRUNE_EVERY == 0:
                await connection.execute(
                    delete(RateLimitCounter).where(RateLimitCounter.window_ends <= int(now))
                )
        return Window(hits, float(window_ends))

    async def read(self, key: str, now: float) -> Window | None:
        async with self.begin() as connection:
            row = (
                await connection.execute(
                    select(RateLimitCounter.hits, RateLimitCounter.window_ends).where(
                        RateLimitCounter.key == key, RateLimitCounter.window_ends > int(now)
                    )
                )
            ).first()
        return None if row is None else Window(row.hits, float(row.window_ends))

    async def clear(self, keys: list[str]) -> None:
        async with self.begin() as connection:
            await connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key.in_(keys)))
