"""Stock changes only through the inventory service; it never goes below zero."""

import asyncio

import pytest
from sqlalchemy import func, select

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog import inventory
from webshop.catalog.errors import InsufficientStock
from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.users.models import UserRole


async def test_restock_and_adjust(client, session, admin, admin_headers):
    product = await create_product(session, stock=3)

    restock = await client.post(
        f"/products/{product.id}/stock",
        json={"delta": 7, "reason": "restock", "note": "Delivery #12"},
        headers=admin_headers,
    )
    adjust = await client.post(
        f"/products/{product.id}/stock",
        json={"delta": -2, "reason": "adjustment", "note": "Broken in storage"},
        headers=admin_headers,
    )

    assert restock.status_code == 201
    assert restock.json()["stock_after"] == 10
    assert restock.json()["actor_id"] == admin.id
    assert adjust.json()["stock_after"] == 8
    assert (await client.get(f"/products/{product.id}")).json()["stock"] == 8


async def test_stock_cannot_go_below_zero(client, session, admin_headers, count_rows):
    product = await create_product(session, stock=2)

    response = await client.post(
        f"/products/{product.id}/stock",
        json={"delta": -3, "reason": "adjustment"},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Not enough stock for product(s): {product.id}",
        "code": "out_of_stock",
        "product_ids": [product.id],
    }
    assert (await client.get(f"/products/{product.id}")).json()["stock"] == 2
    assert await count_rows("stock_movements") == 0


async def test_manual_changes_take_only_manual_reasons(client, session, admin_headers):
    product = await create_product(session)
    for body in (
        {"delta": 1, "reason": "sale"},
        {"delta": 1, "reason": "initial"},
        {"delta": 1, "reason": "whatever"},
        {"delta": "many", "reason": "restock"},
        {"delta": 2_000_000, "reason": "restock"},
        {"reason": "restock"},
    ):
        response = await client.post(
            f"/products/{product.id}/stock", json=body, headers=admin_headers
        )
        assert response.status_code == 422, body


async def test_stock_change_on_unknown_product_is_404(client, admin_headers):
    response = await client.post(
        "/products/999999/stock", json={"delta": 1, "reason": "restock"}, headers=admin_headers
    )
    assert response.status_code == 404


async def test_stock_history_newest_first_with_total(client, session, admin_headers):
    product = await create_product(session, stock=0)
    for delta in (5, -1, 3):
        await client.post(
            f"/products/{product.id}/stock",
            json={"delta": delta, "reason": "restock" if delta > 0 else "adjustment"},
            headers=admin_headers,
        )

    response = await client.get(
        f"/products/{product.id}/stock-history?limit=2", headers=admin_headers
    )

    assert response.headers["x-total-count"] == "3"
    assert [(m["delta"], m["stock_after"]) for m in response.json()] == [(3, 7), (-1, 4)]


async def test_low_stock_lists_the_emptiest_first(client, session, admin_headers):
    empty = await create_product(session, stock=0)
    low = await create_product(session, stock=4)
    await create_product(session, stock=6)
    await create_product(session, stock=1, is_active=False)

    default = await client.get("/products/low-stock", headers=admin_headers)
    strict = await client.get("/products/low-stock?threshold=0", headers=admin_headers)

    assert [p["id"] for p in default.json()] == [empty.id, low.id]
    assert default.headers["x-total-count"] == "2"
    assert [p["id"] for p in strict.json()] == [empty.id]
    bad = await client.get("/products/low-stock?threshold=-1", headers=admin_headers)
    assert bad.status_code == 422


async def test_apply_movement_raises_and_changes_nothing(session):
    product = await create_product(session, stock=1)

    with pytest.raises(InsufficientStock) as raised:
        await inventory.apply_movement(
            session, product_id=product.id, delta=-2, reason=StockReason.SALE
        )

    assert raised.value.product_ids == [product.id]
    assert await session.scalar(select(Product.stock).where(Product.id == product.id)) == 1


async def test_concurrent_decrements_never_oversell(committed_app):
    """30 simultaneous -1 changes, each on its own connection, against a stock of 10."""
    async with committed_app.state.sessionmaker() as session:
        admin = await create_user(session, role=UserRole.ADMIN)
        product = await create_product(session, stock=10)
        await session.commit()
    headers = auth_headers(admin)

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/products/{product.id}/stock",
                    json={"delta": -1, "reason": "adjustment"},
                    headers=headers,
                )
                for _ in range(30)
            )
        )

    codes = sorted(response.status_code for response in responses)
    assert codes == [201] * 10 + [409] * 20
    async with committed_app.state.sessionmaker() as session:
        stock = await session.scalar(select(Product.stock).where(Product.id == product.id))
        moved = await session.scalar(
            select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id)
        )
        floors = await session.scalars(
            select(StockMovement.stock_after).where(StockMovement.product_id == product.id)
        )
        assert stock == 0
        assert moved == -10
        assert sorted(floors.all()) == list(range(10))
