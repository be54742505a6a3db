"""The live feed behind `GET /analytics/stream`: small updates fanned out to connected admins.

Every web worker runs its own feed, which follows the outbox (new rows by id) while at least
one client is connected — so it works with any number of workers, and even while Kafka is
down. Each client has its own bounded queue: a slow client loses old updates instead of
slowing anyone down. It is a live view, best effort: an event whose transaction commits after
a later one was already shown may be skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core.throttled_log import FailureLog
from webshop.core.waiting import sleep_unless
from webshop.db.session import failure_reason
from webshop.events.envelope import EventEnvelope
from webshop.events.models import OutboxEvent

logger = logging.getLogger(__name__)

LIVE_EVENTS = frozenset(
    {
        "order_created",
        "order_paid",
        "order_shipped",
        "order_completed",
        "order_cancelled",
        "product_viewed",
    }
)
QUEUE_SIZE = 100
POLL_SECONDS = 0.5
BATCH = 200


class LiveFeed:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()

    async def run(
        self,
        stop: asyncio.Event,
        sessionmaker: async_sessionmaker[AsyncSession],
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        """Follow the outbox. With nobody listening only the newest id is tracked, so a client
        that connects hears everything from (at most one poll before) that moment on."""
        cursor: int | None = None
        failing = FailureLog(logger, "Live feed reading the outbox")
        while not stop.is_set():
            try:
                cursor = await self.follow(sessionmaker, cursor)
            except (SQLAlchemyError, OSError) as exc:
                failing.failed(failure_reason(exc))
            else:
                failing.recovered()
            await sleep_unless(stop, poll_seconds)

    async def follow(
        self, sessionmaker: async_sessionmaker[AsyncSession], cursor: int | None
    ) -> int:
        """One poll: publish the live events after `cursor`; returns the new cursor."""
        async with sessionmaker() as session:
            if cursor is None or not self._queues:
                newest = int(await session.scalar(select(func.max(OutboxEvent.id))) or 0)
                # A viewer who subscribed while the newest id was read would miss what was
                # committed meanwhile: keep the old cursor, the next poll publishes from it.
                return cursor if cursor is not None and self._queues else newest
            events = (
                await session.scalars(
                    select(OutboxEvent)
                    .where(OutboxEvent.id > cursor, OutboxEvent.event_type.in_(LIVE_EVENTS))
                    .order_by(OutboxEvent.id)
                    .limit(BATCH)
                )
            ).all()
        if not events:
            return cursor
        await self.publish([EventEnvelope.of(e).pseudonymised(self.secret) for e in events])
        return events[-1].id

    @property
    def listeners(self) -> int:
        return len(self._queues)

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._queues.discard(queue)

    async def publish(self, events: list[EventEnvelope]) -> None:
        for event in events:
            if event.event_type not in LIVE_EVENTS:
                continue
            update: dict[str, Any] = {
                "type": event.event_type,
                "timestamp": event.timestamp.isoformat(),
            }
            for key in ("order_id", "status", "total_amount", "product_id"):
                if key in event.data:
                    update[key] = event.data[key]
            for queue in self._queues:
                if queue.full():
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()
                queue.put_nowait(update)
