"""OWASP API10:2023 Unsafe consumption of APIs: what the app takes from Kafka.

The app calls no third-party API; what it consumes from outside its own requests is the
analytics topic (`webshop events consume`), which anyone able to write to the broker can fill.
A message that is not an event is skipped (logged), never fatal; an event that is well formed
but hostile (unknown type, huge or negative ids, overlong strings, odd dates) is applied or
ignored without an error, since an error would stop the consumer on that message for good:
its offset is committed only after the batch is applied, so the batch would be retried forever.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.models import ProductViewsDaily
from webshop.events.consumer import EventHandler, apply_events, decode
from webshop.events.envelope import EventEnvelope

UNREADABLE = [
    b"",
    b"not json",
    b"\xff\xfe\x00",
    b"[]",
    b"null",
    b'"text"',
    b"[" * 10_000,
    b'{"event_id": 1}',
    json.dumps({"event_id": "x", "event_type": "order_created"}).encode(),  # fields missing
    json.dumps(
        {"event_id": "x", "event_type": "t", "timestamp": "yesterday", "user_id": 1, "data": {}}
    ).encode(),
    json.dumps(
        {"event_id": "x", "event_type": "t", "timestamp": "2026-01-01T00:00:00Z", "data": []}
    ).encode(),
]


def record(value: bytes | None) -> Any:
    return SimpleNamespace(value=value, partition=0, offset=7, key=None)


@pytest.mark.parametrize(
    "value",
    [
        *UNREADABLE,
        None,
    ],
    ids=range(len(UNREADABLE) + 1),
)
def test_a_message_that_is_not_an_event_is_skipped(value: bytes | None) -> None:
    assert decode(record(value)) is None


def event(**changes: Any) -> dict[str, Any]:
    event = {
        "event_id": "0b7a6e3c-0000-4000-8000-000000000001",
        "event_type": "product_viewed",
        "timestamp": "2026-11-30T10:00:00Z",
        "user_id": "u_0123456789abcdef01234567",
        "data": {"product_id": 1},
    }
    event.update(changes)
    return event


def hostile(**changes: Any) -> EventEnvelope:
    return EventEnvelope.model_validate(event(**changes))


@pytest.mark.parametrize(
    "changes",
    [{"user_id": "u_" + "f" * 500}, {"event_id": "e" * 500}, {"event_type": "x" * 10_000}],
    ids=["overlong user key", "overlong event id", "overlong type"],
)
def test_an_event_too_big_for_the_tables_is_skipped_as_unreadable(changes: Any) -> None:
    assert decode(record(json.dumps(event(**changes)).encode())) is None


HOSTILE_EVENTS = {
    "unknown type": hostile(event_type="drop_tables"),
    "product id too big for any row": hostile(data={"product_id": 2**40}),
    "product id beyond 64 bits": hostile(data={"product_id": 2**70}),
    "negative product id": hostile(data={"product_id": -5}),
    "product id as text": hostile(data={"product_id": "1; DROP TABLE products"}),
    "year 1": hostile(timestamp="0001-01-01T00:00:00Z"),
    "year 9999": hostile(timestamp="9999-12-31T23:59:59Z"),
    "deeply nested data": hostile(data={"product_id": {"a": [[[[[1]]]]]}}),
}


@pytest.mark.parametrize("name", HOSTILE_EVENTS)
async def test_a_hostile_event_does_not_stop_the_consumer(
    session: AsyncSession, event_handler: EventHandler, name: str
) -> None:
    applied = await apply_events(session, [HOSTILE_EVENTS[name]], handle=event_handler)
    assert applied in (0, 1)


async def test_an_event_the_database_refuses_is_skipped_and_the_batch_goes_on(
    session: AsyncSession, event_handler: EventHandler
) -> None:
    async def handle(session: AsyncSession, envelopes: Sequence[EventEnvelope]) -> None:
        if any(envelope.data.get("poison") for envelope in envelopes):
            # a value no integer column or parameter can hold
            await session.execute(text("SELECT :value"), {"value": 2**70})
        await event_handler(session, envelopes)

    events = [
        hostile(event_id=f"0b7a6e3c-0000-4000-8000-00000000000{n}", data=data)
        for n, data in enumerate([{"product_id": 1}, {"poison": True}, {"product_id": 1}])
    ]

    applied = await apply_events(session, events, handle=handle)

    assert applied == 2
    views = await session.scalar(select(func.sum(ProductViewsDaily.views)))
    assert views == 2
