"""Applying delivered events exactly once per event, through a handler the caller provides.

The same `apply_events` runs in-process (embedded mode, called by the relay) and behind Kafka
(`webshop events consume`). Each event is recorded in `processed_events` in the same
transaction as its effect, so a redelivered copy changes nothing; the Kafka consumer commits
its offsets only after that transaction has committed. The handler (the analytics tables'
`record_event`) is handed in by whoever starts the relay or the consumer: events sit below
every domain and import none.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.core.waiting import sleep_unless
from webshop.db.session import is_outage
from webshop.db.upsert import insert_returning_new
from webshop.events.envelope import EventEnvelope
from webshop.events.models import ProcessedEvent

logger = logging.getLogger(__name__)
CONSUMER = "analytics"
MAX_RECORDS = 500
RETRY_SECONDS = 2.0

EventHandler = Callable[[AsyncSession, Sequence[EventEnvelope]], Awaitable[None]]
"""Applies events' effects in the session's transaction (flushes only; the caller commits)."""


async def apply_events(
    session: AsyncSession,
    events: Sequence[EventEnvelope],
    *,
    handle: EventHandler,
    consumer: str = CONSUMER,
) -> int:
    """Apply the events not applied before, in one transaction; return how many were new.

    Should one of them hold a value the tables cannot (a well-formed but hostile message), the
    batch is applied again event by event, without that one, rather than failing for ever.
    """
    try:
        return await _apply(session, events, handle=handle, consumer=consumer)
    except (DBAPIError, OverflowError) as exc:
        await session.rollback()
        if is_outage(exc):
            raise
    applied = 0
    for event in events:
        try:
            applied += await _apply(session, [event], handle=handle, consumer=consumer)
        except (DBAPIError, OverflowError) as exc:
            await session.rollback()
            if is_outage(exc):
                raise
            logger.warning(
                "Skipping event %s that the tables cannot hold (%s)", event.event_id, exc
            )
    return applied


async def _apply(
    session: AsyncSession, events: Sequence[EventEnvelope], *, handle: EventHandler, consumer: str
) -> int:
    now = utcnow()
    markers = [{"consumer": consumer, "event_id": e.event_id, "processed_at": now} for e in events]
    new = set(await insert_returning_new(session, ProcessedEvent, markers, "event_id"))
    fresh = []
    for event in events:
        if event.event_id in new:
            new.discard(event.event_id)  # a second copy in the same batch is a duplicate
            fresh.append(event)
    if fresh:
        await handle(session, fresh)
    await session.commit()
    return len(fresh)


async def forget_processed(session: AsyncSession, *, older_than: timedelta) -> int:
    """Drop de-duplication markers older than any redelivery can be."""
    result = await session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.processed_at < utcnow() - older_than)
    )
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def decode(record: ConsumerRecord[bytes, bytes]) -> EventEnvelope | None:
    """The envelope in a Kafka record; anything unreadable is logged and skipped."""
    try:
        return EventEnvelope.model_validate(json.loads(record.value or b""))
    except (ValueError, ValidationError, RecursionError):  # RecursionError: "[[[[…" nesting
        logger.warning("Skipping unreadable message at %s:%s", record.partition, record.offset)
        return None


class AnalyticsConsumer:
    """`webshop events consume`: a consumer group member feeding the analytics tables."""

    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        handle: EventHandler,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.handle = handle

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            consumer = AIOKafkaConsumer(
                self.settings.KAFKA_ANALYTICS_TOPIC,
                bootstrap_servers=self.settings.KAFKA_BOOTSTRAP_SERVERS,
                group_id=self.settings.KAFKA_CONSUMER_GROUP,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
            )
            try:
                await consumer.start()
                logger.info("Consuming %s", self.settings.KAFKA_ANALYTICS_TOPIC)
                await self._consume(consumer, stop)
            except (KafkaError, SQLAlchemyError, OSError) as exc:
                # Nothing is lost: offsets were committed only after the database.
                logger.warning("Consumer failed (%s); retrying in %.0f s", exc, RETRY_SECONDS)
                await sleep_unless(stop, RETRY_SECONDS)
            finally:
                await consumer.stop()

    async def _consume(self, consumer: AIOKafkaConsumer, stop: asyncio.Event) -> None:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=500, max_records=MAX_RECORDS)
            for partition, records in batches.items():
                events = [event for event in map(decode, records) if event is not None]
                async with self.sessionmaker() as session:
                    applied = await apply_events(session, events, handle=self.handle)
                # Only now is the work durable: tell Kafka where to resume.
                await consumer.commit({partition: records[-1].offset + 1})
                logger.info("Applied %d of %d events from %s", applied, len(records), partition)
