"""Where the relay delivers events: in-process subscribers, or Kafka."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core.config import Settings
from webshop.events import consumer
from webshop.events.consumer import EventHandler
from webshop.events.envelope import EventEnvelope, pseudonym
from webshop.events.models import OutboxEvent
from webshop.events.schemas import EventType

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The transport could not deliver; the relay backs off and tries the same events again."""


class Transport(Protocol):
    name: str

    async def connect(self) -> None: ...

    async def deliver(self, events: Sequence[OutboxEvent]) -> None: ...

    async def close(self) -> None: ...


def topic_for(event_type: str, settings: Settings) -> str:
    """The domain topic an event belongs to; everything else is plain analytics."""
    if event_type.startswith("product_") and event_type != EventType.PRODUCT_LIST_VIEWED:
        return settings.KAFKA_PRODUCTS_TOPIC
    if event_type.startswith("order_"):
        return settings.KAFKA_ORDERS_TOPIC
    if event_type.startswith("user_"):
        return settings.KAFKA_USERS_TOPIC
    return settings.KAFKA_ANALYTICS_TOPIC


def topics_of(settings: Settings) -> list[str]:
    return [
        settings.KAFKA_ANALYTICS_TOPIC,
        settings.KAFKA_PRODUCTS_TOPIC,
        settings.KAFKA_ORDERS_TOPIC,
        settings.KAFKA_USERS_TOPIC,
    ]


class InProcessTransport:
    """Embedded mode: the handler (the analytics tables) runs right here, on pseudonymised
    events, with the same exactly-once bookkeeping as the Kafka consumer."""

    name = "in-process"

    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        handle: EventHandler,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.handle = handle

    async def connect(self) -> None:
        return None

    async def deliver(self, events: Sequence[OutboxEvent]) -> None:
        secret = self.settings.secret_key
        envelopes = [EventEnvelope.of(event).pseudonymised(secret) for event in events]
        async with self.sessionmaker() as session:
            await consumer.apply_events(session, envelopes, handle=self.handle)

    async def close(self) -> None:
        return None


class KafkaTransport:
    """Every event to the analytics topic (pseudonymised); product, order and user events also
    to their domain topic (with real ids). Keyed by aggregate, so each product's, order's or
    user's events stay in order; `acks="all"`."""

    name = "kafka"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.producer: AIOKafkaProducer | None = None

    async def connect(self) -> None:
        """(Re)connect, and make sure the topics exist: a broker may come back empty."""
        await self.close()
        producer = AIOKafkaProducer(
            bootstrap_servers=self.settings.KAFKA_BOOTSTRAP_SERVERS,
            acks="all",
            request_timeout_ms=10_000,
        )
        try:
            await ensure_topics(self.settings)
            await producer.start()
        except (KafkaError, OSError) as exc:
            await producer.stop()
            raise DeliveryFailed(f"cannot connect to Kafka: {exc!r}") from exc
        self.producer = producer

    async def deliver(self, events: Sequence[OutboxEvent]) -> None:
        if self.producer is None:
            raise DeliveryFailed("not connected")
        analytics_topic, secret = self.settings.KAFKA_ANALYTICS_TOPIC, self.settings.secret_key
        try:
            pending = []
            for event in events:
                envelope = EventEnvelope.of(event)
                key = event.key.encode() if event.key else None
                analytics = envelope.pseudonymised(secret).model_dump_json().encode()
                alias = analytics_key(event, secret)
                pending.append(await self.producer.send(analytics_topic, analytics, key=alias))
                topic = topic_for(event.event_type, self.settings)
                if topic != analytics_topic:
                    value = envelope.model_dump_json().encode()
                    pending.append(await self.producer.send(topic, value, key=key))
            await asyncio.gather(*pending)
        except (KafkaError, OSError) as exc:
            raise DeliveryFailed(f"Kafka did not take the events: {exc!r}") from exc

    async def close(self) -> None:
        producer, self.producer = self.producer, None
        if producer is not None:
            try:
                await producer.stop()
            except (KafkaError, OSError):
                logger.debug("Ignoring an error while closing the producer", exc_info=True)


def analytics_key(event: OutboxEvent, secret: str) -> bytes | None:
    """The analytics copy's key. Events keyed by a user (accounts, logins, carts) are keyed by
    the user's pseudonym there, as the ids in the message are, so the key cannot undo it."""
    if not event.key:
        return None
    if event.event_type.startswith("user_") or event.event_type == EventType.CART_UPDATED:
        return pseudonym(event.key, secret).encode()
    return event.key.encode()


async def ensure_topics(settings: Settings) -> list[str]:
    """Create whichever of the four topics is missing; return those created."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.KAFKA_BOOTSTRAP_SERVERS, request_timeout_ms=10_000
    )
    try:
        await admin.start()
        existing = set(await admin.list_topics())
        missing = [topic for topic in topics_of(settings) if topic not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another process was quicker
                await admin.create_topics(
                    [NewTopic(topic, num_partitions=1, replication_factor=1) for topic in missing]
                )
        return missing
    finally:
        await admin.close()


def transport_for(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], handle: EventHandler
) -> Transport:
    """Kafka when `KAFKA_ENABLED`, else `handle` applied in-process."""
    if settings.KAFKA_ENABLED:
        return KafkaTransport(settings)
    return InProcessTransport(settings, sessionmaker, handle)
