import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select

from webshop.events.models import OutboxEvent
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.events.transport import topic_for


async def test_publish_writes_the_spec_event_schema(session):
    event = await publish(
        session,
        EventType.PRODUCT_VIEWED,
        {"product_id": 456, "product_name": "Sample", "price": Decimal("29.99")},
        user_id=123,
        key=456,
    )

    stored = (await session.execute(select(OutboxEvent))).scalar_one()
    assert stored is event
    assert uuid.UUID(stored.event_id).version == 4
    assert stored.event_type == "product_viewed"
    assert stored.user_id == 123
    assert stored.key == "456"
    assert stored.timestamp.tzinfo is not None
    assert stored.data == {"product_id": 456, "product_name": "Sample", "price": "29.99"}
    assert stored.sent_at is None


@pytest.mark.parametrize(
    ("event_type", "topic"),
    [
        (EventType.PRODUCT_CREATED, "webshop-products"),
        (EventType.PRODUCT_LIST_VIEWED, "webshop-analytics"),
        (EventType.ORDER_CREATED, "webshop-orders"),
        (EventType.USER_LOGIN, "webshop-users"),
        (EventType.CART_UPDATED, "webshop-analytics"),
        (EventType.ADMIN_DASHBOARD_ACCESS, "webshop-analytics"),
    ],
)
def test_events_go_to_their_domain_topic(settings, event_type, topic):
    assert topic_for(event_type, settings) == topic


async def test_unknown_event_types_are_refused(session):
    with pytest.raises(ValueError, match="not_an_event"):
        await publish(session, "not_an_event", {})  # type: ignore[arg-type]


async def test_events_live_and_die_with_the_callers_transaction(session, count_rows):
    await publish(session, EventType.USER_LOGIN, {"user_id": 1})
    await session.rollback()
    assert await count_rows("outbox") == 0

    await publish(session, EventType.USER_LOGIN, {"user_id": 1})
    await session.commit()
    assert await count_rows("outbox") == 1


async def test_event_ids_are_unique_and_rows_keep_insertion_order(session):
    events = [await publish(session, EventType.CART_UPDATED, {"n": n}) for n in range(5)]

    rows = (await session.execute(select(OutboxEvent).order_by(OutboxEvent.id))).scalars().all()
    assert [row.data["n"] for row in rows] == [0, 1, 2, 3, 4]
    assert len({event.event_id for event in events}) == 5
