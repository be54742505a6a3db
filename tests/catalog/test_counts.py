"""`product_counts` follows every change of the catalog, so a category page's total is exact
without counting its products: creation, sales and cancellations across zero stock, manual
stock changes, edits, bulk changes, deletion and restoring."""

import asyncio
import os
from collections import Counter

import pytest
from sqlalchemy import case, func, select

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog import counts
from webshop.catalog.models import Product, ProductCount, ProductCountChange


async def kept(session) -> dict[tuple[str, bool], int]:
    """The counts the triggers keep, with the changes not folded in yet."""
    summed: Counter[tuple[str, bool]] = Counter()
    for category, in_stock, n in await session.execute(
        select(ProductCount.category, ProductCount.in_stock, ProductCount.products)
    ):
        summed[category, in_stock] += n
    for category, in_stock, delta in await session.execute(
        select(ProductCountChange.category, ProductCountChange.in_stock, ProductCountChange.delta)
    ):
        summed[category, in_stock] += delta
    return {key: n for key, n in summed.items() if n}


async def counted(session) -> dict[tuple[str, bool], int]:
    """The same, counted from the products themselves."""
    category = func.coalesce(Product.category, "")
    in_stock = case((Product.stock > 0, True), else_=False)
    rows = await session.execute(
        select(category, in_stock, func.count())
        .where(Product.is_active.is_(True))
        .group_by(category, in_stock)
    )
    return {(c, bool(s)): n for c, s, n in rows}


async def assert_in_step(session) -> None:
    assert await kept(session) == await counted(session)


async def total(client, query: str) -> int:
    response = await client.get(f"/products/?{query}")
    assert response.status_code == 200, response.text
    return int(response.headers["x-total-count"])


async def test_counts_follow_every_kind_of_change(client, session, admin_headers, customer):
    lamp = await create_product(session, category="home", stock=1)
    mug = await create_product(session, category="kitchen", stock=0)
    await create_product(session, category=None, stock=4)
    await assert_in_step(session)
    assert await total(client, "category=home&in_stock=true") == 1

    # A sale that empties the shelf, then its cancellation.
    order = {"items": [{"product_id": lamp.id, "quantity": 1}]}
    placed = await client.post("/orders/", json=order, headers=auth_headers(customer))
    assert placed.status_code == 201, placed.text
    await assert_in_step(session)
    assert await total(client, "category=home&in_stock=false") == 1
    cancelled = await client.put(
        f"/orders/{placed.json()['id']}/status", json={"status": "cancelled"}, headers=admin_headers
    )
    assert cancelled.status_code == 200, cancelled.text
    await assert_in_step(session)

    # A restock, a recategorised product, a deletion and a bulk change.
    restock = {"delta": 3, "reason": "restock"}
    assert (
        await client.post(f"/products/{mug.id}/stock", json=restock, headers=admin_headers)
    ).status_code == 201
    await assert_in_step(session)
    moved = await client.put(
        f"/products/{mug.id}", json={"category": "Home"}, headers=admin_headers
    )
    assert moved.status_code == 200, moved.text
    await assert_in_step(session)
    assert await total(client, "category=home") == 2
    assert (await client.delete(f"/products/{lamp.id}", headers=admin_headers)).status_code == 204
    await assert_in_step(session)
    bulk = {"products": [{"id": lamp.id, "is_active": True}, {"id": mug.id, "stock": 0}]}
    assert (
        await client.patch("/products/bulk", json=bulk, headers=admin_headers)
    ).status_code == 200
    await assert_in_step(session)
    assert await total(client, "category=home&in_stock=false") == 1
    assert await total(client, "") == 3


async def test_categories_come_from_the_counts(client, session):
    await create_product(session, category="home", stock=0)
    await create_product(session, category="home", stock=2)
    await create_product(session, category="toys", is_active=False)

    listed = (await client.get("/products/categories")).json()

    assert listed == [{"name": "home", "product_count": 2}]


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="concurrent writers")
async def test_concurrent_checkouts_that_empty_shelves_keep_the_counts(committed_app):
    async with committed_app.state.sessionmaker() as session:
        products = [await create_product(session, category=f"c{n % 3}", stock=1) for n in range(12)]
        customers = [
            await create_user(session, username=f"buyer{n}", email=f"b{n}@example.com")
            for n in range(6)
        ]
        await session.commit()

    async def buy(customer, wanted) -> int:
        order = {"items": [{"product_id": p.id, "quantity": 1} for p in wanted]}
        async with make_client(committed_app) as client:
            response = await client.post("/orders/", json=order, headers=auth_headers(customer))
            return response.status_code

    # Each product is wanted by two customers, in different combinations: half the orders fail.
    wanted = [[products[(2 * n + k) % 12] for k in range(4)] for n in range(6)]
    statuses = await asyncio.gather(*(buy(c, w) for c, w in zip(customers, wanted, strict=True)))

    assert set(statuses) <= {201, 409}
    async with committed_app.state.sessionmaker() as session:
        await assert_in_step(session)
        assert await counts.compact(session) > 0
        await assert_in_step(session)
        assert await session.scalar(select(func.count()).select_from(ProductCountChange)) == 0
