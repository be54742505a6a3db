"""The orders' summaries (`order_totals`, `product_sales_by_period`, `product_sales`) always equal
what the orders say: after checkouts, payments, shipping, delivery and cancellations, under
concurrency, after re-dating, after a rebuild and after the migration that creates them."""

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import make_client
from tests.databases import postgres_database
from tests.factories import auth_headers, create_order, create_product, create_user
from tests.orders.summaries import actual, expected
from webshop.analytics.models import (
    ActiveUserDaily,
    LastActiveDay,
    ProductViewsDaily,
    ProductViewsTotal,
)
from webshop.db import migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.orders import revenue
from webshop.orders.models import OrderStatus, OrderTotals
from webshop.users.models import UserRole


async def assert_exact(session):
    summaries = await actual(session)
    assert summaries == await expected(session)
    return summaries


async def test_summaries_follow_every_order_and_status_change(
    client, session, customer, customer_headers, admin_headers
):
    pen = await create_product(session, price="1.50", stock=100)
    ink = await create_product(session, price="4.05", stock=5)

    async def place(*lines, key=None, status=201):
        headers = {**customer_headers, **({"Idempotency-Key": key} if key else {})}
        body = {"items": [{"product_id": p.id, "quantity": q} for p, q in lines]}
        response = await client.post("/orders/", json=body, headers=headers)
        assert response.status_code == status, response.text
        return response.json().get("id")

    async def move(order_id, *statuses, status=200):
        for each in statuses:
            response = await client.put(
                f"/orders/{order_id}/status", json={"status": each}, headers=admin_headers
            )
            assert response.status_code == status, response.text

    first = await place((pen, 2), (ink, 1), key="checkout-1")
    assert await place((pen, 2), (ink, 1), key="checkout-1") == first  # a retry counts once
    second = await place((pen, 3))
    third = await place((ink, 2))
    fourth = await place((pen, 1), (ink, 1))
    await place((ink, 50), status=409)  # short: nothing is counted
    counted = await assert_exact(session)
    assert sum(row[0] for row in counted["order_totals"].values()) == 2 * 4  # pending, 2 spans
    assert counted["product_sales"] == {}

    await move(first, "paid", "shipped", "delivered")
    await move(second, "paid")
    await assert_exact(session)
    await move(second, "cancelled")  # a paid order cancelled: its sale is taken back
    await move(first, "cancelled", status=409)  # delivered is final: nothing changes
    response = await client.post(f"/orders/{third}/cancel", headers=customer_headers)
    assert response.status_code == 200, response.text
    await move(fourth, "paid", "shipped")
    counted = await assert_exact(session)
    assert counted["product_sales"] == {
        pen.id: (3, Decimal("4.50"), 2),
        ink.id: (2, Decimal("8.10"), 2),
    }


async def test_redating_moves_an_order_across_days_and_quarter_hours(session, customer, admin):
    pen = await create_product(session, price="2.00", stock=100)
    paid = await create_order(session, customer, (pen, 3), status=OrderStatus.SHIPPED, actor=admin)
    pending = await create_order(session, customer, (pen, 1))

    for order, moment in (
        (paid, datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)),
        (paid, datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),  # the next day, the next quarter hour
        (pending, datetime(2026, 3, 2, 0, 14, 59, tzinfo=UTC)),  # the same quarter hour
        (pending, datetime(2026, 3, 2, 0, 15, tzinfo=UTC)),
    ):
        await revenue.redate_order(session, order.id, moment)
        await assert_exact(session)


async def test_orders_placed_one_after_another_count_in_different_rows(session, customer, admin):
    """Concurrent checkouts do not queue for one row: each order's shard of its quarter hour
    and day follows its id; reports add the shards up (every test here checks the sums)."""
    pen = await create_product(session, price="2.00", stock=100)
    orders = [await create_order(session, customer, (pen, 1)) for _ in range(revenue.SHARDS)]
    await create_order(session, customer, (pen, 1), status=OrderStatus.PAID, actor=admin)

    rows = await session.execute(
        select(OrderTotals.shard, func.sum(OrderTotals.pending), func.sum(OrderTotals.paid))
        .where(OrderTotals.span_minutes == revenue.QUARTER_MINUTES)
        .group_by(OrderTotals.shard)
    )

    counted = {shard: (pending, paid) for shard, pending, paid in rows}
    assert sorted(counted) == list(range(revenue.SHARDS))
    assert sum(pending for pending, _ in counted.values()) == len(orders)
    assert sum(paid for _, paid in counted.values()) == 1
    await assert_exact(session)


async def test_a_rebuild_finds_what_was_kept(session, customer, admin):
    pen = await create_product(session, price="1.10", stock=100)
    ink = await create_product(session, price="3.30", stock=100)
    for status, lines in (
        (OrderStatus.DELIVERED, [(pen, 1), (ink, 2)]),
        (OrderStatus.PAID, [(pen, 4)]),
        (OrderStatus.CANCELLED, [(ink, 1)]),
        (OrderStatus.PENDING, [(pen, 2), (ink, 2)]),
    ):
        await create_order(session, customer, *lines, status=status, actor=admin)
    kept = await assert_exact(session)

    await revenue.rebuild_sales(session)
    await revenue.rebuild_order_totals(session)

    assert await actual(session) == kept


CUSTOMERS = 6
ORDERS = 36


async def test_concurrent_checkouts_and_status_changes_lose_nothing(committed_app):
    """Every checkout lands in the same quarter hour (the same summary rows); then every order
    moves along its own path while the others do, two admins racing to cancel some."""
    async with committed_app.state.sessionmaker() as session:
        customers = [await create_user(session) for _ in range(CUSTOMERS)]
        admin = await create_user(session, role=UserRole.ADMIN)
        products = [await create_product(session, price=f"{n}.25", stock=1000) for n in (1, 2, 3)]
        await session.commit()
    admin_headers = auth_headers(admin)

    def lines(n):
        chosen = [products[n % 3], products[(n + 1) % 3]][: 1 + n % 2]
        return [{"product_id": p.id, "quantity": 1 + n % 4} for p in reversed(chosen)]

    paths = [
        ["paid", "shipped", "delivered"],
        ["paid", "cancelled"],
        ["cancelled"],
        ["paid"],
        ["paid", "shipped"],
        [],
    ]

    async with make_client(committed_app) as client:

        async def checkout(n):
            response = await client.post(
                "/orders/",
                json={"items": lines(n)},
                headers=auth_headers(customers[n % CUSTOMERS]),
            )
            assert response.status_code == 201, response.text
            return response.json()["id"]

        async def follow(order_id, path):
            for status in path:
                response = await client.put(
                    f"/orders/{order_id}/status", json={"status": status}, headers=admin_headers
                )
                assert response.status_code == 200, response.text

        async def race_to_cancel(order_id):
            await follow(order_id, ["paid"])
            responses = await asyncio.gather(
                *(
                    client.put(
                        f"/orders/{order_id}/status",
                        json={"status": "cancelled"},
                        headers=admin_headers,
                    )
                    for _ in range(2)
                )
            )
            assert sorted(r.status_code for r in responses) == [200, 409]

        ids = await asyncio.gather(*(checkout(n) for n in range(ORDERS)))
        await asyncio.gather(
            *(follow(order_id, paths[n % len(paths)]) for n, order_id in enumerate(ids[:-4])),
            *(race_to_cancel(order_id) for order_id in ids[-4:]),
        )

    async with committed_app.state.sessionmaker() as session:
        summaries = await assert_exact(session)
    day_rows = [row for (span, _), row in summaries["order_totals"].items() if span == 1440]
    assert sum(sum(row[:5]) for row in day_rows) == ORDERS


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        with postgres_database(server) as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"


async def test_the_migration_fills_the_summaries_from_the_orders(scratch_url):
    engine = create_engine(scratch_url)
    try:
        await migrate.upgrade(engine)
        async with create_sessionmaker(engine)() as session:
            customer = await create_user(session)
            admin = await create_user(session, role=UserRole.ADMIN)
            pen = await create_product(session, price="0.35", stock=100)
            ink = await create_product(session, price="7.00", stock=100)
            await session.commit()
            for moment, status, items in (
                (datetime(2026, 5, 1, 23, 59, 59, 999999, tzinfo=UTC), "delivered", [(pen, 3)]),
                (datetime(2026, 5, 2, 0, 0, tzinfo=UTC), "paid", [(pen, 1), (ink, 1)]),
                (datetime(2026, 5, 2, 0, 14, 59, tzinfo=UTC), "cancelled", [(ink, 2)]),
                (datetime(2026, 5, 2, 0, 15, tzinfo=UTC), "shipped", [(ink, 1)]),
                (datetime(2026, 5, 2, 18, 30, 1, tzinfo=UTC), "pending", [(pen, 9)]),
            ):
                order = await create_order(
                    session, customer, *items, status=OrderStatus(status), actor=admin
                )
                await revenue.redate_order(session, order.id, moment)
            session.add(ProductViewsDaily(product_id=pen.id, day=moment.date(), views=3))
            session.add(ProductViewsDaily(product_id=pen.id, day=datetime.now(UTC).date(), views=4))
            for offset in (3, 1, 2):
                session.add(ActiveUserDaily(day=date(2026, 5, offset), user_key="u_someone"))
            await session.commit()
            kept = await assert_exact(session)

        await migrate.downgrade(engine, "0008_login_sessions")
        await migrate.upgrade(engine)

        async with create_sessionmaker(engine)() as session:
            assert await actual(session) == kept
            views = await session.scalars(select(ProductViewsTotal))
            assert [(row.product_id, row.views) for row in views] == [(pen.id, 7)]
            latest = await session.scalars(select(LastActiveDay))
            assert [(row.user_key, row.day) for row in latest] == [("u_someone", date(2026, 5, 3))]
    finally:
        await engine.dispose()
