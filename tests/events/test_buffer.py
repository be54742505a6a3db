"""Page views reach the outbox in batches: held in memory, written every
VIEW_EVENTS_FLUSH_SECONDS and when the app shuts down, kept when the database refuses them."""

import asyncio
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.conftest import make_client
from tests.factories import create_product, create_user
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.buffer import EventBuffer
from webshop.events.models import OutboxEvent
from webshop.events.schemas import EventType
from webshop.main import create_app


async def outbox(sessionmaker) -> list[OutboxEvent]:
    async with sessionmaker() as session:
        return list((await session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))).all())


async def test_views_are_written_in_one_batch_as_publish_would(committed_app):
    sessionmaker = committed_app.state.sessionmaker
    buffer = EventBuffer(max_events=100)
    buffer.add(EventType.PRODUCT_VIEWED, {"product_id": 7, "price": "9.50"}, user_id=None, key=7)
    buffer.add(EventType.PRODUCT_LIST_VIEWED, {"product_ids": [7, 8]}, user_id=None)
    assert await outbox(sessionmaker) == []

    async with sessionmaker() as session:
        assert await buffer.flush(session) == 2

    viewed, listed = await outbox(sessionmaker)
    assert (viewed.event_type, viewed.key, viewed.data) == (
        "product_viewed",
        "7",
        {"product_id": 7, "price": "9.50"},
    )
    assert (listed.event_type, listed.key, listed.data) == (
        "product_list_viewed",
        None,
        {"product_ids": [7, 8]},
    )
    assert viewed.event_id != listed.event_id
    assert viewed.sent_at is None
    assert len(buffer) == 0


async def test_views_the_database_refuses_are_kept_for_the_next_try(tmp_path: Path):
    empty = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'no-tables.db'}")
    buffer = EventBuffer(max_events=100)
    buffer.add(EventType.PRODUCT_VIEWED, {"product_id": 1}, key=1)
    try:
        async with create_sessionmaker(empty)() as session:
            with pytest.raises(OperationalError):
                await buffer.flush(session)
    finally:
        await empty.dispose()

    assert len(buffer) == 1


def test_when_too_many_wait_the_oldest_are_dropped_and_counted():
    buffer = EventBuffer(max_events=100)
    for product_id in range(105):
        buffer.add(EventType.PRODUCT_VIEWED, {"product_id": product_id}, key=product_id)

    assert (len(buffer), buffer.dropped) == (100, 5)


@pytest.fixture
async def serve(committed_app, settings):
    """An app started as `webshop serve` starts it, on the committed test database."""
    async with committed_app.state.sessionmaker() as session:
        product = await create_product(session, name="Kettle")
        await create_user(session)
        await session.commit()

    def serving(flush_seconds: float) -> tuple:
        app = create_app(settings.model_copy(update={"VIEW_EVENTS_FLUSH_SECONDS": flush_seconds}))
        return app, product

    return serving


async def test_a_served_app_writes_views_every_interval(committed_app, serve):
    app, product = serve(flush_seconds=0.05)
    async with LifespanManager(app), make_client(app) as client:
        assert (await client.get(f"/products/{product.id}")).status_code == 200
        for _ in range(250):  # up to 5 s
            if await outbox(committed_app.state.sessionmaker):
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("no view was written")

    [event] = await outbox(committed_app.state.sessionmaker)
    assert (event.event_type, event.data["product_name"]) == ("product_viewed", "Kettle")


async def test_shutting_down_writes_the_views_held(committed_app, serve):
    app, product = serve(flush_seconds=60)
    async with LifespanManager(app), make_client(app) as client:
        for _ in range(3):
            await client.get(f"/products/{product.id}")
        await client.get("/products/?category=general")
        assert await outbox(committed_app.state.sessionmaker) == []

    events = await outbox(committed_app.state.sessionmaker)
    assert [event.event_type for event in events] == ["product_viewed"] * 3 + [
        "product_list_viewed"
    ]
    assert events[-1].data["product_ids"] == [product.id]
