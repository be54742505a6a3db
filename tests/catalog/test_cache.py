"""The public catalog's answers are reused, never past a change: a price, a stock level or a
rating someone committed shows at once, and browsers revalidate with ETags."""

import asyncio
import os
from decimal import Decimal

import asyncpg
import pytest
from sqlalchemy import make_url, select, text, update

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user, write_views
from webshop.catalog.models import Product
from webshop.db import changes
from webshop.events.models import OutboxEvent
from webshop.users.models import UserRole

on_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="NOTIFY is PostgreSQL's"
)


@pytest.fixture
async def shop(committed_app):
    async with committed_app.state.sessionmaker() as session:
        lamp = await create_product(session, name="Lamp", price="20.00", stock=5)
        customer = await create_user(session, username="cora", email="cora@example.com")
        admin = await create_user(
            session, username="ada", email="ada@example.com", role=UserRole.ADMIN
        )
        await session.commit()
    async with make_client(committed_app) as client:
        yield client, lamp, customer, admin


async def test_anonymous_answers_revalidate_with_their_etag(shop):
    client, lamp, customer, _ = shop

    page = await client.get("/products/?limit=5")
    again = await client.get("/products/?limit=5", headers={"If-None-Match": page.headers["etag"]})
    personal = await client.get("/products/?limit=5", headers=auth_headers(customer))
    product = await client.get(f"/products/{lamp.id}")
    stale = await client.get(f"/products/{lamp.id}", headers={"If-None-Match": '"other"'})

    assert page.headers["cache-control"] == "public, no-cache"
    assert page.headers["x-total-count"] == "1"
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == page.headers["etag"]
    assert personal.json() == page.json()
    assert personal.headers["cache-control"] == "no-store"
    assert product.headers["cache-control"] == "public, no-cache"
    assert (stale.status_code, stale.json()["id"]) == (200, lamp.id)


def frozen_clock(app) -> list[float]:
    """The cache's clock, moved only by the test."""
    now = [1000.0]
    app.state.catalog_cache.clock = lambda: now[0]
    return now


async def change_unnoticed(engine, product_id: int, price: str) -> None:
    """A change no session makes, so no one is told of it."""
    async with engine.begin() as connection:
        await connection.execute(
            update(Product).where(Product.id == product_id).values(price=Decimal(price))
        )


async def price(client, product_id: int) -> str:
    return (await client.get(f"/products/{product_id}")).json()["price"]


async def test_a_page_is_reused_and_ages_out(committed_app, engine, shop):
    client, lamp, _, _ = shop
    now = frozen_clock(committed_app)
    assert await price(client, lamp.id) == "20.00"

    await change_unnoticed(engine, lamp.id, "25.00")
    assert await price(client, lamp.id) == "20.00"

    # ...for at most CATALOG_CACHE_SECONDS.
    now[0] += committed_app.state.settings.CATALOG_CACHE_SECONDS
    assert await price(client, lamp.id) == "25.00"


async def test_an_admin_s_change_shows_at_once(shop):
    client, lamp, _, admin = shop
    assert (await client.get("/products/?limit=5")).json()[0]["price"] == "20.00"

    changed = await client.put(
        f"/products/{lamp.id}", json={"price": "18.50"}, headers=auth_headers(admin)
    )
    assert changed.status_code == 200, changed.text

    assert (await client.get("/products/?limit=5")).json()[0]["price"] == "18.50"
    assert (await client.get(f"/products/{lamp.id}")).json()["price"] == "18.50"


async def test_an_order_s_stock_and_a_review_s_rating_show_at_once(shop):
    client, lamp, customer, _ = shop
    assert (await client.get(f"/products/{lamp.id}")).json()["stock"] == 5

    order = {"items": [{"product_id": lamp.id, "quantity": 2}]}
    placed = await client.post("/orders/", json=order, headers=auth_headers(customer))
    assert placed.status_code == 201, placed.text
    assert (await client.get(f"/products/{lamp.id}")).json()["stock"] == 3

    review = {"rating": 4, "comment": "Bright"}
    url = f"/products/{lamp.id}/reviews"
    assert (await client.post(url, json=review, headers=auth_headers(customer))).status_code == 201
    listed = (await client.get("/products/?limit=5")).json()[0]
    assert (listed["average_rating"], listed["review_count"]) == (4.0, 1)


async def test_a_change_committed_by_another_session_shows_at_once(committed_app, shop):
    client, lamp, _, _ = shop
    assert (await client.get("/products/categories")).json() == [
        {"name": "general", "product_count": 1}
    ]

    async with committed_app.state.sessionmaker() as session:
        product = await session.get(Product, lamp.id)
        product.category = "lighting"
        await session.commit()

    assert (await client.get("/products/categories")).json() == [
        {"name": "lighting", "product_count": 1}
    ]


async def test_a_rolled_back_change_drops_nothing(committed_app, engine, shop):
    client, lamp, _, _ = shop
    frozen_clock(committed_app)
    await price(client, lamp.id)
    await change_unnoticed(engine, lamp.id, "25.00")

    async with committed_app.state.sessionmaker() as session:
        product = await session.get(Product, lamp.id)
        product.price = Decimal("1.00")
        await session.flush()
        await session.rollback()

    assert await price(client, lamp.id) == "20.00"


@on_postgres
@pytest.mark.parametrize("listening", [False, True], ids=["cli", "serve"])
async def test_other_processes_hear_of_a_commit_and_not_of_a_rollback(
    committed_app, shop, settings, listening
):
    """A process that does not listen (a CLI command) notifies inside its transaction; one that
    does (a `serve` worker) notifies from its listening connection once the commit is done, so
    its commits never queue for the server's notification lock."""
    _, lamp, _, _ = shop
    dsn = make_url(settings.DATABASE_URL).set(drivername="postgresql")
    heard: asyncio.Queue[int] = asyncio.Queue()
    other = await asyncpg.connect(dsn.render_as_string(False))
    stop, ready = asyncio.Event(), asyncio.Event()
    listener = None
    try:
        await other.add_listener(changes.CHANNEL, lambda *args: heard.put_nowait(args[1]))
        if listening:
            listener = asyncio.create_task(
                changes.listen(settings.DATABASE_URL, stop, listening=ready)
            )
            await asyncio.wait_for(ready.wait(), 5)
        async with committed_app.state.sessionmaker() as session:
            product = await session.get(Product, lamp.id)
            product.price = Decimal("2.00")
            await session.flush()
            await session.rollback()
            product = await session.get(Product, lamp.id)
            product.price = Decimal("3.00")
            await session.flush()
            own_pid = await session.scalar(text("SELECT pg_backend_pid()"))
            await session.commit()

        notifier = await asyncio.wait_for(heard.get(), 5)
        await other.execute("SELECT 1")  # a round trip: anything else sent has arrived
        assert heard.empty()
    finally:
        stop.set()
        if listener is not None:
            await listener
        await other.close()

    assert (notifier == own_pid) is not listening


@on_postgres
async def test_a_worker_announces_a_stream_of_commits_with_few_notifications(
    committed_app, shop, settings, monkeypatch
):
    """The first commit is announced at once; those within the next interval together, at its
    end or, when the worker stops, as it stops."""
    monkeypatch.setattr(changes, "ANNOUNCE_INTERVAL_SECONDS", 3600)
    _, lamp, _, _ = shop
    dsn = make_url(settings.DATABASE_URL).set(drivername="postgresql")
    heard: asyncio.Queue[int] = asyncio.Queue()
    other = await asyncpg.connect(dsn.render_as_string(False))
    stop, ready = asyncio.Event(), asyncio.Event()
    listener = asyncio.create_task(changes.listen(settings.DATABASE_URL, stop, listening=ready))

    async def change_price(price: str) -> None:
        async with committed_app.state.sessionmaker() as session:
            await session.execute(
                update(Product).where(Product.id == lamp.id).values(price=Decimal(price))
            )
            await session.commit()

    try:
        await other.add_listener(changes.CHANNEL, lambda *args: heard.put_nowait(args[1]))
        await asyncio.wait_for(ready.wait(), 5)
        await change_price("1.00")
        await asyncio.wait_for(heard.get(), 5)
        for cents in range(10):
            await change_price(f"2.{cents:02}")
        await other.execute("SELECT 1")  # a round trip: anything else sent has arrived
        assert heard.empty()
    finally:
        stop.set()
        await listener
        await other.execute("SELECT 1")
        await other.close()

    assert heard.qsize() == 1  # the ten commits, announced as the worker stopped


@on_postgres
async def test_a_worker_drops_its_answers_when_another_process_commits(committed_app, engine, shop):
    client, lamp, _, _ = shop
    frozen_clock(committed_app)
    settings = committed_app.state.settings
    stop, listening = asyncio.Event(), asyncio.Event()
    listener = asyncio.create_task(changes.listen(settings.DATABASE_URL, stop, listening=listening))
    try:
        await asyncio.wait_for(listening.wait(), 5)
        await price(client, lamp.id)
        await change_unnoticed(engine, lamp.id, "25.00")
        assert await price(client, lamp.id) == "20.00"
        dsn = make_url(settings.DATABASE_URL).set(drivername="postgresql")
        other = await asyncpg.connect(dsn.render_as_string(False))
        try:  # what another process's commit sends
            await other.execute(f"SELECT pg_notify('{changes.CHANNEL}', '')")
        finally:
            await other.close()
        for _ in range(500):  # up to 5 s
            if await price(client, lamp.id) == "25.00":
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the notification never dropped the cached answer")
    finally:
        stop.set()
        await listener


async def test_an_answer_served_from_the_cache_still_counts_as_a_view(committed_app, shop, caplog):
    client, lamp, customer, _ = shop
    caplog.set_level("INFO", logger="webshop.access")

    for headers in ({}, {}, auth_headers(customer)):
        assert (await client.get(f"/products/{lamp.id}", headers=headers)).status_code == 200
    async with committed_app.state.sessionmaker() as session:
        await write_views(committed_app, session)
        viewers = await session.scalars(
            select(OutboxEvent.user_id)
            .where(OutboxEvent.event_type == "product_viewed")
            .order_by(OutboxEvent.id)
        )
        assert list(viewers) == [None, None, customer.id]

    routes = [record.route for record in caplog.records if record.name == "webshop.access"]
    assert routes[-3:] == ["/products/{product_id}"] * 3
