"""Bulk edit: many products in one request, every row applied or none, each refusal named."""

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select, update

from tests.conftest import make_client
from tests.factories import auth_headers, create_order, create_product, create_user
from webshop.catalog import bulk
from webshop.catalog.models import Product, StockMovement
from webshop.catalog.schemas import MAX_BULK_ROWS, ProductBulkRow
from webshop.events.models import OutboxEvent
from webshop.users.models import UserRole


async def send(client, headers, *rows):
    return await client.patch("/products/bulk", json={"products": list(rows)}, headers=headers)


async def state(session, *products: Product) -> list[tuple]:
    """What the database holds for these products, read afresh."""
    rows = await session.execute(
        select(Product.id, Product.price, Product.stock, Product.category, Product.is_active)
        .where(Product.id.in_([p.id for p in products]))
        .order_by(Product.id)
        .execution_options(populate_existing=True)
    )
    return [tuple(row) for row in rows]


async def movements(session) -> list[tuple]:
    rows = await session.execute(
        select(
            StockMovement.product_id,
            StockMovement.delta,
            StockMovement.stock_after,
            StockMovement.reason,
            StockMovement.actor_id,
        ).order_by(StockMovement.id)
    )
    return [tuple(row) for row in rows]


async def updated_events(session) -> list[OutboxEvent]:
    return list(
        (
            await session.execute(
                select(OutboxEvent)
                .where(OutboxEvent.event_type == "product_updated")
                .order_by(OutboxEvent.id)
            )
        )
        .scalars()
        .all()
    )


@pytest.fixture
async def shelf(session):
    return [
        await create_product(session, name="Lamp", price="10.00", stock=5, category="home"),
        await create_product(session, name="Mug", price="4.00", stock=0, category="kitchen"),
        await create_product(session, name="Old", price="7.00", stock=2, is_active=False),
    ]


async def test_every_row_is_applied(client, session, admin, admin_headers, shelf):
    lamp, mug, old = shelf

    response = await send(
        client,
        admin_headers,
        {"id": mug.id, "stock": 12, "price": "4.50"},
        {"id": old.id, "is_active": True, "category": " Garden "},
        {"id": lamp.id, "stock": 1, "category": None},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["id"] for p in body] == [mug.id, old.id, lamp.id]  # the order of the rows
    assert (body[0]["stock"], body[0]["price"], body[0]["in_stock"]) == (12, "4.50", True)
    assert (body[1]["is_active"], body[1]["category"]) == (True, "garden")
    assert (body[2]["stock"], body[2]["category"]) == (1, None)
    assert await state(session, *shelf) == [
        (lamp.id, Decimal("10.00"), 1, None, True),
        (mug.id, Decimal("4.50"), 12, "kitchen", True),
        (old.id, Decimal("7.00"), 2, "garden", True),
    ]
    assert await movements(session) == [
        (lamp.id, -4, 1, "adjustment", admin.id),
        (mug.id, 12, 12, "adjustment", admin.id),
    ]


async def test_each_changed_product_publishes_what_changed(
    client, session, admin, admin_headers, shelf
):
    lamp, mug, old = shelf

    await send(
        client,
        admin_headers,
        {"id": old.id, "is_active": True},
        {"id": lamp.id, "price": "12.00", "stock": 5, "category": "home"},  # only the price
        {"id": mug.id, "stock": 0, "price": "4.00", "category": "kitchen"},  # nothing
    )

    events = await updated_events(session)
    assert [(e.key, e.data["changed"]) for e in events] == [
        (str(lamp.id), ["price"]),
        (str(old.id), ["is_active"]),
    ]
    assert all(e.user_id == admin.id for e in events)
    assert events[0].data == {
        "product_id": lamp.id,
        "product_name": "Lamp",
        "price": "12.00",
        "category": "home",
        "changed": ["price"],
    }
    assert await movements(session) == []


async def test_rows_that_change_nothing_leave_the_product_untouched(
    client, session, admin_headers, shelf
):
    lamp, mug, _ = shelf
    before = (await client.get(f"/products/{lamp.id}")).json()

    response = await send(
        client,
        admin_headers,
        {"id": lamp.id},
        {"id": mug.id, "price": None, "stock": None, "is_active": None},
    )

    assert response.status_code == 200
    assert response.json()[0] == before
    assert (await client.get(f"/products/{lamp.id}")).json() == before
    assert (response.json()[1]["price"], response.json()[1]["category"]) == ("4.00", "kitchen")
    assert await updated_events(session) == []


async def test_reads_do_not_grow_with_the_rows(client, session, connection, admin_headers):
    """One SELECT loads every product and one their ratings, however many rows there are."""
    products = [await create_product(session, stock=1) for _ in range(12)]
    selects: list[str] = []

    def count_selects(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(connection.sync_connection, "before_cursor_execute", count_selects)
    try:
        await send(client, admin_headers, *({"id": p.id, "stock": 2} for p in products[:2]))
        few = len(selects)
        selects.clear()
        await send(client, admin_headers, *({"id": p.id, "stock": 3} for p in products))
        many = len(selects)
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", count_selects)

    assert 0 < few == many


async def test_one_bad_row_refuses_every_row(client, session, admin_headers, shelf):
    lamp, mug, old = shelf

    response = await send(
        client,
        admin_headers,
        {"id": lamp.id, "stock": 50, "price": "11.00"},
        {"id": 999_999, "stock": 1},
        {"id": old.id, "is_active": True},
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Some rows were refused; nothing was changed",
        "code": "bulk_rejected",
        "rows": [{"row": 1, "product_id": 999_999, "field": "id", "message": "Product not found"}],
    }
    assert await state(session, *shelf) == [
        (lamp.id, Decimal("10.00"), 5, "home", True),
        (mug.id, Decimal("4.00"), 0, "kitchen", True),
        (old.id, Decimal("7.00"), 2, "general", False),
    ]
    assert await movements(session) == []
    assert await updated_events(session) == []


async def test_every_refused_row_is_listed(client, session, admin_headers, shelf):
    lamp, mug, _ = shelf

    response = await send(
        client,
        admin_headers,
        {"id": 888_888, "price": "1.00"},
        {"id": lamp.id, "stock": 3},
        {"id": mug.id, "stock": 3},
        {"id": lamp.id, "stock": 4},
        {"id": 777_777},
        {"id": lamp.id, "price": "2.00"},
    )

    assert response.status_code == 422
    assert response.json()["rows"] == [
        {"row": 0, "product_id": 888_888, "field": "id", "message": "Product not found"},
        {
            "row": 3,
            "product_id": lamp.id,
            "field": "id",
            "message": f"Product {lamp.id} is already changed in row 1",
        },
        {"row": 4, "product_id": 777_777, "field": "id", "message": "Product not found"},
        {
            "row": 5,
            "product_id": lamp.id,
            "field": "id",
            "message": f"Product {lamp.id} is already changed in row 1",
        },
    ]
    assert [row[2] for row in await state(session, lamp, mug)] == [5, 0]
    assert await movements(session) == []


async def test_deleted_products_can_be_edited_and_restored(client, session, admin_headers, shelf):
    old = shelf[2]

    response = await send(client, admin_headers, {"id": old.id, "stock": 9, "is_active": True})

    assert response.status_code == 200
    assert (response.json()[0]["stock"], response.json()[0]["is_active"]) == (9, True)
    assert (await client.get(f"/products/{old.id}")).status_code == 200


async def test_a_product_can_be_deactivated_in_bulk(client, session, admin_headers, shelf):
    lamp, mug, _ = shelf

    response = await send(
        client,
        admin_headers,
        {"id": lamp.id, "is_active": False},
        {"id": mug.id, "is_active": False},
    )

    assert [p["is_active"] for p in response.json()] == [False, False]
    assert (await client.get(f"/products/{lamp.id}")).status_code == 404


async def test_stock_follows_sales_made_before_the_edit(client, session, customer, admin_headers):
    lamp = await create_product(session, stock=5)
    await create_order(session, customer, (lamp, 3))

    response = await send(client, admin_headers, {"id": lamp.id, "stock": 10})

    assert response.json()[0]["stock"] == 10
    moved = await session.scalars(
        select(StockMovement.delta)
        .where(StockMovement.product_id == lamp.id)
        .order_by(StockMovement.id)
    )
    assert moved.all() == [-3, 8]


async def test_a_stock_change_the_database_refuses_is_that_rows_refusal(session, admin, shelf):
    """As when a sale takes stock between reading a product and changing it: the movement is
    refused, never left below zero, and the row says why."""
    lamp, mug, _ = shelf
    await session.execute(
        update(Product)
        .where(Product.id == lamp.id)
        .values(stock=1)
        .execution_options(synchronize_session=False)
    )
    rows = [ProductBulkRow(id=mug.id, stock=3), ProductBulkRow(id=lamp.id, stock=2)]

    short = await bulk._move_stock(
        session,
        rows,
        {lamp.id: lamp, mug.id: mug},
        {lamp.id: {"stock": 2}, mug.id: {"stock": 3}},
        actor=admin,
    )

    assert short == [
        {"row": 1, "product_id": lamp.id, "field": "stock", "message": "Not enough stock"}
    ]
    assert await session.scalar(select(Product.stock).where(Product.id == lamp.id)) == 1


async def test_concurrent_sales_and_bulk_edits_never_go_below_zero(committed_app):
    """Orders and a bulk edit of the same products, each on its own connection."""
    async with committed_app.state.sessionmaker() as session:
        admin = await create_user(session, role=UserRole.ADMIN)
        shopper = await create_user(session)
        products = [await create_product(session, stock=3) for _ in range(3)]
        await session.commit()
    order = {"items": [{"product_id": p.id, "quantity": 1} for p in products]}
    edit = {"products": [{"id": p.id, "stock": 2} for p in reversed(products)]}

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(client.post("/orders/", json=order, headers=auth_headers(shopper)) for _ in range(3)),
            client.patch("/products/bulk", json=edit, headers=auth_headers(admin)),
            *(client.post("/orders/", json=order, headers=auth_headers(shopper)) for _ in range(3)),
        )

    assert all(r.status_code in {200, 201, 409} for r in responses), [r.text for r in responses]
    assert responses[3].status_code == 200
    async with committed_app.state.sessionmaker() as session:
        for product in products:
            stock = await session.scalar(select(Product.stock).where(Product.id == product.id))
            moved = await session.scalar(
                select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id)
            )
            assert stock is not None
            assert stock >= 0
            assert moved == stock - 3


async def test_only_admins_edit_in_bulk(client, session, customer_headers, shelf):
    body = {"products": [{"id": shelf[0].id, "price": "1.00"}]}

    as_customer = await client.patch("/products/bulk", json=body, headers=customer_headers)
    anonymous = await client.patch("/products/bulk", json=body)

    assert (as_customer.status_code, anonymous.status_code) == (403, 401)
    assert as_customer.json()["code"] == "admin_required"
    assert (await state(session, shelf[0]))[0][1] == Decimal("10.00")


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ([], ["body", "products"]),
        ([{"id": 1}] * (MAX_BULK_ROWS + 1), ["body", "products"]),
        ([{"id": 1, "price": "0"}], ["body", "products", 0, "price"]),
        ([{"id": 1}, {"id": 2, "price": "1.001"}], ["body", "products", 1, "price"]),
        ([{"id": 1, "stock": -1}], ["body", "products", 0, "stock"]),
        ([{"id": 1, "stock": 1_000_001}], ["body", "products", 0, "stock"]),
        ([{"id": 0}], ["body", "products", 0, "id"]),
        ([{"id": 1, "name": "Renamed"}], ["body", "products", 0, "name"]),
        ([{"price": "1.00"}], ["body", "products", 0, "id"]),
        ([{"id": 1, "category": ""}], ["body", "products", 0, "category"]),
        ([{"id": 1, "is_active": "perhaps"}], ["body", "products", 0, "is_active"]),
    ],
)
async def test_invalid_rows_are_422(client, admin_headers, rows, where):
    response = await client.patch("/products/bulk", json={"products": rows}, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["loc"] == where


async def test_the_largest_edit_is_accepted(client, session, admin_headers):
    lamp = await create_product(session, stock=0)
    others = [await create_product(session, stock=0) for _ in range(MAX_BULK_ROWS - 1)]
    rows = [{"id": p.id, "stock": 1} for p in [lamp, *others]]

    response = await client.patch("/products/bulk", json={"products": rows}, headers=admin_headers)

    assert response.status_code == 200
    assert len(response.json()) == MAX_BULK_ROWS
    assert await session.scalar(select(func.sum(Product.stock))) == MAX_BULK_ROWS
