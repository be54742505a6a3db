"""The one way services emit events: a row in the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.clock import utcnow
from webshop.db.base import table_of
from webshop.events.models import OutboxEvent
from webshop.events.schemas import EventType


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
        key=None if key is None else str(key),
        user_id=user_id,
        data=to_jsonable_python(data),
        timestamp=utcnow(),
    )
    session.add(event)
    await session.flush()
    return event


async def publish_many(
    session: AsyncSession,
    event_type: EventType,
    events: Iterable[tuple[str | int | None, dict[str, Any]]],
    *,
    user_id: int | None = None,
    timestamp: datetime | None = None,
) -> int:
    """Record one event per `(key, data)`, as `publish` would, with one multi-row INSERT: for
    bulk work (an import), where a flush per event would cost more than the work itself.
    Returns how many were recorded. `timestamp`: when they happened, if not now."""
    now = timestamp or utcnow()
    rows = [
        outbox_row(event_type, data, user_id=user_id, key=key, timestamp=now)
        for key, data in events
    ]
    await insert_outbox_rows(session, rows)
    return len(rows)


def outbox_row(
    event_type: EventType,
    data: dict[str, Any],
    *,
    user_id: int | None,
    key: str | int | None,
    timestamp: datetime | None = None,
) -> dict[str, Any]:
    """An event as a row of the outbox, for `insert_outbox_rows`."""
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": EventType(event_type).value,
        "key": None if key is None else str(key),
        "user_id": user_id,
        "data": to_jsonable_python(data),
        "timestamp": timestamp or utcnow(),
    }


async def insert_outbox_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Write `outbox_row`s with one multi-row INSERT (flushes only, like `publish`)."""
    if rows:
        await session.execute(_INSERT_OUTBOX, rows)


_OUTBOX = table_of(OutboxEvent)
# RETURNING makes SQLAlchemy send multi-row INSERTs, several times faster than the driver's
# executemany on PostgreSQL. Built once: building it costs more than sending one event.
_INSERT_OUTBOX = insert(_OUTBOX).returning(_OUTBOX.c.id)
