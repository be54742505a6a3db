"""Embedded mode (KAFKA_ENABLED=false): the relay applies events in-process, once each."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user, write_views
from webshop.analytics.models import ActiveUserDaily, DailyCount, ProductViewsDaily
from webshop.core.clock import utcnow
from webshop.events import relay as relay_module
from webshop.events.envelope import EventEnvelope, pseudonym
from webshop.events.models import OutboxEvent, ProcessedEvent, RelayLease
from webshop.events.publish import publish
from webshop.events.relay import Relay
from webshop.events.schemas import EventType
from webshop.events.transport import DeliveryFailed, InProcessTransport


@pytest.fixture
def sessionmaker(committed_app):
    return committed_app.state.sessionmaker


@pytest.fixture
def relay(settings, sessionmaker, event_handler):
    return Relay(settings, sessionmaker, InProcessTransport(settings, sessionmaker, event_handler))


async def count(sessionmaker, statement):
    async with sessionmaker() as session:
        return await session.scalar(statement)


async def test_views_logins_and_carts_are_counted_once(committed_app, sessionmaker, relay):
    async with sessionmaker() as session:
        shopper = await create_user(session)
        lamp = await create_product(session)
        await session.commit()
    async with make_client(committed_app) as client:
        for _ in range(3):
            await client.get(f"/products/{lamp.id}", headers=auth_headers(shopper))
        await client.get("/products/")
        await client.post(
            "/events/cart",
            json={"action": "add", "product_id": lamp.id, "quantity": 1, "cart_item_count": 1},
            headers=auth_headers(shopper),
        )
    async with sessionmaker() as session:
        await write_views(committed_app, session)

    assert await relay.hold_lease()
    assert await relay.deliver_batch() == 5
    assert await relay.deliver_batch() == 0

    today = utcnow().date()
    assert await count(sessionmaker, select(ProductViewsDaily.views)) == 3
    metrics = dict(await _rows(sessionmaker, select(DailyCount.metric, DailyCount.count)))
    assert metrics == {"product_views": 3, "list_views": 1, "cart_updates": 1}
    users = await _rows(sessionmaker, select(ActiveUserDaily.day, ActiveUserDaily.user_key))
    assert users == [(today, pseudonym(shopper.id, relay.settings.secret_key))]
    assert await count(sessionmaker, select(func.count()).select_from(ProcessedEvent)) == 5
    unsent = select(func.count()).where(OutboxEvent.sent_at.is_(None))
    assert await count(sessionmaker, unsent) == 0


async def test_a_redelivered_batch_changes_nothing(sessionmaker, relay, settings, event_handler):
    async with sessionmaker() as session:
        product = await create_product(session)
        for _ in range(2):
            await publish(session, EventType.PRODUCT_VIEWED, {"product_id": product.id})
        await session.commit()
        events = list((await session.scalars(select(OutboxEvent))).all())

    transport = InProcessTransport(settings, sessionmaker, event_handler)
    await transport.deliver(events)
    await transport.deliver(events)  # as if the relay died before marking them sent

    assert await count(sessionmaker, select(ProductViewsDaily.views)) == 2


async def test_only_one_relay_holds_the_lease(settings, sessionmaker, relay, event_handler):
    other = Relay(settings, sessionmaker, InProcessTransport(settings, sessionmaker, event_handler))

    assert await relay.hold_lease()
    assert not await other.hold_lease()
    assert await relay.hold_lease()  # renewing

    async with sessionmaker() as session:  # the holder died: its lease runs out
        await session.execute(update(RelayLease).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    assert await other.hold_lease()
    assert not await relay.hold_lease()


async def test_the_relay_backs_off_and_keeps_the_events(
    settings, sessionmaker, monkeypatch, event_handler
):
    class BrokenTransport(InProcessTransport):
        calls = 0

        async def deliver(self, events):
            BrokenTransport.calls += 1
            if BrokenTransport.calls <= 2:
                raise DeliveryFailed("broker down")
            await super().deliver(events)

    monkeypatch.setattr(relay_module, "BACKOFF_FIRST", 0.01)
    relay = Relay(settings, sessionmaker, BrokenTransport(settings, sessionmaker, event_handler))
    async with sessionmaker() as session:
        await publish(session, EventType.USER_LOGIN, {"user_id": 1}, user_id=1)
        await session.commit()

    delays = [await relay._step() for _ in range(3)]

    assert delays[0] > 0
    assert delays[1] > delays[0] * 1.3  # exponential
    assert relay.failures == 0  # recovered on the third try
    assert await count(sessionmaker, select(DailyCount.count)) == 1
    unsent = select(func.count()).where(OutboxEvent.sent_at.is_(None))
    assert await count(sessionmaker, unsent) == 0


async def test_delivered_events_are_pruned_after_the_retention(settings, sessionmaker, relay):
    async with sessionmaker() as session:
        await publish(session, EventType.CART_UPDATED, {})
        await publish(session, EventType.CART_UPDATED, {})
        await session.commit()
    await relay.hold_lease()
    await relay.deliver_batch()
    async with sessionmaker() as session:
        old = utcnow() - timedelta(hours=settings.OUTBOX_RETENTION_HOURS + 1)
        first = await session.scalar(select(func.min(OutboxEvent.id)))
        await session.execute(
            update(OutboxEvent).where(OutboxEvent.id == first).values(sent_at=old)
        )
        await session.execute(update(ProcessedEvent).values(processed_at=old))
        await session.commit()

    await relay._prune_if_due()

    assert await count(sessionmaker, select(func.count()).select_from(OutboxEvent)) == 1
    assert await count(sessionmaker, select(func.count()).select_from(ProcessedEvent)) == 0


async def test_relay_run_stops_cleanly_and_releases_the_lease(settings, sessionmaker, relay):
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    async with sessionmaker() as session:
        await publish(session, EventType.CART_UPDATED, {})
        await session.commit()
    for _ in range(100):
        if not await count(sessionmaker, select(func.count()).where(OutboxEvent.sent_at.is_(None))):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 5)

    assert await count(sessionmaker, select(RelayLease.holder)) is None


def test_analytics_envelopes_carry_pseudonyms_only():
    envelope = EventEnvelope(
        event_id="e",
        event_type="user_registered",
        timestamp=utcnow(),
        user_id=7,
        data={"user_id": 7, "username": "carla", "email": "c@example.com", "role": "customer"},
    )

    analytics = envelope.pseudonymised("secret-one")

    assert analytics.user_id == pseudonym(7, "secret-one")
    assert str(analytics.user_id).startswith("u_")
    assert analytics.data == {"user_id": analytics.user_id, "role": "customer"}
    assert pseudonym(7, "secret-one") == pseudonym(7, "secret-one")  # stable
    assert pseudonym(7, "secret-one") != pseudonym(8, "secret-one")
    assert pseudonym(7, "secret-one") != pseudonym(7, "secret-two")  # keyed
    assert envelope.user_id == 7  # the original is untouched


async def _rows(sessionmaker, statement):
    async with sessionmaker() as session:
        return [tuple(row) for row in (await session.execute(statement)).all()]
