"""The live feed behind `GET /analytics/stream`: small updates fanned out to connected admins.

The relay publishes each event it has delivered; every connected client has its own bounded
queue, so a slow client loses old updates instead of slowing the relay down.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from webshop.events.envelope import EventEnvelope

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


class LiveFeed:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()

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
