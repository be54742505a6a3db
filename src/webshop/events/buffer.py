"""Events about reads (a product or catalog page viewed), written to the outbox in batches.

A page view must not cost a write and a commit of its own, so each worker keeps the events in
memory and writes what it holds every `VIEW_EVENTS_FLUSH_SECONDS` in one multi-row INSERT,
and once more when it shuts down. The price is a bounded loss window: a worker that crashes
loses at most the views of that last interval. Events that change anything (orders, reviews,
stock) never come here: they are written in the transaction that makes the change.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core.throttled_log import FailureLog
from webshop.db.session import failure_reason
from webshop.events.publish import insert_outbox_rows, outbox_row
from webshop.events.schemas import EventType

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    """A page-view event, as recorded for whoever viewed (`EventBuffer.add_view`)."""

    event_type: EventType
    data: dict[str, Any]
    key: str | int | None = None


class EventBuffer:
    def __init__(self, *, max_events: int) -> None:
        self.max_events = max_events
        self.dropped = 0
        self._events: list[dict[str, Any]] = []
        self._full = asyncio.Event()

    def __len__(self) -> int:
        return len(self._events)

    def add(
        self,
        event_type: EventType,
        data: dict[str, Any],
        *,
        user_id: int | None = None,
        key: str | int | None = None,
    ) -> None:
        """Keep an event for the next batch. When the database has been unreachable so long
        that `max_events` are waiting, the oldest are dropped (and counted)."""
        self._events.append(outbox_row(event_type, data, user_id=user_id, key=key))
        if len(self._events) >= self.max_events:
            excess = len(self._events) - self.max_events
            if excess > 0:
                del self._events[:excess]
                self.dropped += excess
            self._full.set()

    def add_view(self, view: View, *, user_id: int | None) -> None:
        self.add(view.event_type, view.data, user_id=user_id, key=view.key)

    async def flush(self, session: AsyncSession) -> int:
        """Write every event held to the outbox and commit; on failure they are kept."""
        events, self._events = self._events, []
        self._full.clear()
        try:
            await insert_outbox_rows(session, events)
            await session.commit()
        except BaseException:
            self._events[:0] = events
            raise
        return len(events)

    async def run(
        self, stop: asyncio.Event, sessionmaker: async_sessionmaker[AsyncSession], seconds: float
    ) -> None:
        """Flush every `seconds` (sooner when full) until `stop`, and once more after it."""
        failures = FailureLog(logger, "Writing page-view events")
        reported_drops = 0
        while True:
            stopping = stop.is_set()
            if self._events:
                try:
                    async with sessionmaker() as session:
                        await self.flush(session)
                    failures.recovered()
                except (SQLAlchemyError, OSError) as error:
                    failures.failed(failure_reason(error))
            if self.dropped > reported_drops:
                logger.warning("%d page-view events dropped: too many waiting", self.dropped)
                reported_drops = self.dropped
            if stopping:
                return
            waits = {asyncio.ensure_future(self._full.wait()), asyncio.ensure_future(stop.wait())}
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()
