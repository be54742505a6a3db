"""The one way services emit events: a row in the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.config import Settings, get_settings
from webshop.db.base import utcnow
from webshop.events.models import OutboxEvent
from webshop.events.schemas import EventType


def topic_for(event_type: EventType, settings: Settings) -> str:
    """The domain topic an event belongs to; everything else is plain analytics."""
    if event_type.startswith("product_") and event_type != EventType.PRODUCT_LIST_VIEWED:
        return settings.KAFKA_PRODUCTS_TOPIC
    if event_type.startswith("order_"):
        return settings.KAFKA_ORDERS_TOPIC
    if event_type.startswith("user_"):
        return settings.KAFKA_USERS_TOPIC
    return settings.KAFKA_ANALYTICS_TOPIC


async def publish(
    session: AsyncSession,
    event_type: EventType,
    data: dict[str, Any],
    *,
    user_id: int | None = None,
    key: str | int | None = None,
) -> OutboxEvent:
    """Record an event in the outbox. Flushes only: the caller's commit makes it real.

    `key` is the aggregate the event is about (a product, order or user id) and keeps that
    aggregate's events in order downstream. Money and dates in `data` become JSON strings,
    so an amount is never rounded through a float.
    """
    event = OutboxEvent(
        event_id=str(uuid.uuid4()),
        event_type=EventType(event_type).value,
        topic=topic_for(event_type, get_settings()),
        key=None if key is None else str(key),
        user_id=user_id,
        data=to_jsonable_python(data),
        timestamp=utcnow(),
    )
    session.add(event)
    await session.flush()
    return event
