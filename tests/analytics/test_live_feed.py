"""The live feed's poll, step by step, on the test's transaction."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker

from tests.factories import create_order, create_product, create_user
from webshop.analytics.live import LiveFeed


async def test_a_viewer_who_subscribes_while_the_feed_reads_misses_nothing(session, connection):
    feed = LiveFeed("secret")
    sessions = async_sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    cursor = await feed.follow(sessions, None)
    customer = await create_user(session, username="shopper")
    order = await create_order(session, customer, (await create_product(session, stock=5), 1))
    await session.flush()

    queues = []

    def subscribe_meanwhile(*_: object) -> None:
        if not queues:
            queues.append(feed.subscribe())

    event.listen(connection.sync_connection, "before_cursor_execute", subscribe_meanwhile)
    try:
        cursor = await feed.follow(sessions, cursor)  # idle: only reads the newest id
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", subscribe_meanwhile)
    await feed.follow(sessions, cursor)

    [queue] = queues
    update = queue.get_nowait()
    assert (update["type"], update["order_id"]) == ("order_created", order.id)


async def test_an_idle_feed_skips_what_nobody_was_there_to_see(session, connection):
    feed = LiveFeed("secret")
    sessions = async_sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    cursor = await feed.follow(sessions, None)
    customer = await create_user(session, username="shopper")
    await create_order(session, customer, (await create_product(session, stock=5), 1))
    await session.flush()

    cursor = await feed.follow(sessions, cursor)
    queue = feed.subscribe()
    await feed.follow(sessions, cursor)

    assert queue.empty()
