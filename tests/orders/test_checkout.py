"""Placing orders: prices from the catalog, exact totals, all-or-nothing stock."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import create_product
from webshop.catalog.models import Product, StockMovement
from webshop.events.models import OutboxEvent
from webshop.orders.models import Order


async def place(client, headers, items, **extra):
    return await client.post("/orders/", json={"items": items, **extra}, headers=headers)


async def stock_of(session, product_id: int) -> int:
    return await session.scalar(select(Product.stock).where(Product.id == product_id))


async def test_an_order_takes_prices_from_the_catalog(client, session, customer, customer_headers):
    pen = await create_product(session, name="Pen", price="0.10", stock=100)
    ink = await create_product(session, name="Ink", price="19.99", stock=5)

    response = await place(
        client,
        customer_headers,
        [{"product_id": pen.id, "quantity": 3}, {"product_id": ink.id, "quantity": 2}],
        shipping_address="1 Main St",
        note="Ring twice",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["user_id"] == customer.id
    assert body["total_amount"] == "40.28"  # 0.30 + 39.98, exactly
    assert body["item_count"] == 5
    assert body["shipping_address"] == "1 Main St"
    assert [
        (i["product_id"], i["product_name"], i["unit_price"], i["quantity"], i["line_total"])
        for i in body["items"]
    ] == [(pen.id, "Pen", "0.10", 3, "0.30"), (ink.id, "Ink", "19.99", 2, "39.98")]
    assert await stock_of(session, pen.id) == 97
    assert await stock_of(session, ink.id) == 3


async def test_a_price_sent_by_the_client_is_refused(client, session, customer_headers):
    pen = await create_product(session)
    response = await place(
        client, customer_headers, [{"product_id": pen.id, "quantity": 1, "unit_price": "0.01"}]
    )
    assert response.status_code == 422


async def test_names_and_prices_are_snapshotted(client, session, customer_headers, admin_headers):
    lamp = await create_product(session, name="Lamp", price="25.00")
    order = (await place(client, customer_headers, [{"product_id": lamp.id, "quantity": 1}])).json()

    await client.put(
        f"/products/{lamp.id}", json={"name": "Lamp v2", "price": "99.00"}, headers=admin_headers
    )

    again = (await client.get(f"/orders/{order['id']}", headers=customer_headers)).json()
    assert again["items"][0]["product_name"] == "Lamp"
    assert again["items"][0]["unit_price"] == "25.00"
    assert again["total_amount"] == "25.00"


async def test_duplicate_lines_are_merged(client, session, customer_headers):
    pen = await create_product(session, stock=10)

    body = (
        await place(
            client,
            customer_headers,
            [{"product_id": pen.id, "quantity": 2}, {"product_id": pen.id, "quantity": 3}],
        )
    ).json()

    assert [(i["product_id"], i["quantity"]) for i in body["items"]] == [(pen.id, 5)]
    assert await stock_of(session, pen.id) == 5


async def test_merged_lines_still_obey_the_quantity_limit(client, session, customer_headers):
    pen = await create_product(session, stock=5000)
    response = await place(
        client,
        customer_headers,
        [{"product_id": pen.id, "quantity": 600}, {"product_id": pen.id, "quantity": 600}],
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"product_id": 1, "quantity": 0}],
        [{"product_id": 1, "quantity": 1001}],
        [{"product_id": 0, "quantity": 1}],
        [{"product_id": "x", "quantity": 1}],
        [{"product_id": 1}],
        [{"product_id": n, "quantity": 1} for n in range(1, 52)],
    ],
    ids=["empty", "zero", "too-many", "bad-id", "not-int", "no-quantity", "51-lines"],
)
async def test_bad_orders_are_422(client, customer_headers, items, count_rows):
    response = await place(client, customer_headers, items)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:2] == ["body", "items"]
    assert await count_rows("orders") == 0


async def test_unavailable_products_are_named(client, session, customer_headers, count_rows):
    gone = await create_product(session, is_active=False)
    fine = await create_product(session)

    response = await place(
        client,
        customer_headers,
        [
            {"product_id": fine.id, "quantity": 1},
            {"product_id": gone.id, "quantity": 1},
            {"product_id": 999999, "quantity": 1},
        ],
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": f"Products not available: {gone.id}, 999999",
        "code": "products_unavailable",
        "product_ids": [gone.id, 999999],
    }
    assert await count_rows("orders") == 0
    assert await stock_of(session, fine.id) == 10


async def test_a_short_line_changes_nothing_and_names_every_short_product(
    client, session, customer_headers, count_rows
):
    plenty = await create_product(session, stock=50)
    few = await create_product(session, stock=1)
    none = await create_product(session, stock=0)

    response = await place(
        client,
        customer_headers,
        [
            {"product_id": plenty.id, "quantity": 5},
            {"product_id": few.id, "quantity": 2},
            {"product_id": none.id, "quantity": 1},
        ],
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Not enough stock for product(s): {few.id}, {none.id}",
        "code": "out_of_stock",
        "product_ids": [few.id, none.id],
    }
    assert [await stock_of(session, p.id) for p in (plenty, few, none)] == [50, 1, 0]
    assert await count_rows("orders") == 0
    assert await count_rows("order_items") == 0
    assert await count_rows("stock_movements") == 0
    assert await count_rows("outbox") == 0


async def test_sales_are_stock_movements_of_the_order(client, session, customer, customer_headers):
    pen = await create_product(session, stock=10)

    order_id = (
        await place(client, customer_headers, [{"product_id": pen.id, "quantity": 4}])
    ).json()["id"]

    movement = (await session.execute(select(StockMovement))).scalar_one()
    assert (movement.delta, movement.stock_after, movement.reason) == (-4, 6, "sale")
    assert (movement.order_id, movement.actor_id) == (order_id, customer.id)


async def test_order_created_event(client, session, customer, customer_headers):
    pen = await create_product(session, name="Pen", price="1.50")

    order_id = (
        await place(client, customer_headers, [{"product_id": pen.id, "quantity": 2}])
    ).json()["id"]

    event = (
        await session.execute(select(OutboxEvent).where(OutboxEvent.event_type == "order_created"))
    ).scalar_one()
    assert (event.key, event.user_id) == (str(order_id), customer.id)
    assert event.data == {
        "order_id": order_id,
        "total_amount": "3.00",
        "item_count": 2,
        "items": [
            {"product_id": pen.id, "product_name": "Pen", "quantity": 2, "unit_price": "1.50"}
        ],
    }


async def test_ordering_needs_a_login(client, session):
    pen = await create_product(session)
    response = await client.post(
        "/orders/", json={"items": [{"product_id": pen.id, "quantity": 1}]}
    )
    assert response.status_code == 401


async def test_totals_are_exact_decimals_in_the_database(client, session, customer_headers):
    items = [await create_product(session, price=price) for price in ("0.10", "0.20", "0.70")]

    body = (
        await place(client, customer_headers, [{"product_id": p.id, "quantity": 3} for p in items])
    ).json()

    stored = await session.scalar(select(Order.total_amount).where(Order.id == body["id"]))
    assert stored == Decimal("3.00")
    assert body["total_amount"] == "3.00"
