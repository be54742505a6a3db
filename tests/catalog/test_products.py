from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import auth_headers, create_product, write_views
from webshop.catalog.models import Product, StockMovement
from webshop.core.clock import utcnow
from webshop.events.models import OutboxEvent

NEW = {"name": "Test Product", "description": "Test Description", "price": 29.99, "stock": 10}


async def test_product_crud_as_in_the_spec(client, admin_headers):
    response = await client.post("/products/", json=NEW, headers=admin_headers)
    assert response.status_code == 200
    product_id = response.json()["id"]

    response = await client.get(f"/products/{product_id}")
    assert response.status_code == 200
    assert response.json()["name"] == "Test Product"


async def test_created_product_reads_back_exactly(client, admin_headers):
    body = (
        await client.post(
            "/products/",
            json={**NEW, "price": "1234.50", "category": "  Electronics "},
            headers=admin_headers,
        )
    ).json()

    assert body["price"] == "1234.50"  # money is an exact string, never a float
    assert body["category"] == "electronics"
    assert body["stock"] == 10
    assert body["in_stock"] is True
    assert body["is_active"] is True
    assert body["average_rating"] is None
    assert body["review_count"] == 0
    assert body["image_url"] is None


async def test_initial_stock_is_a_stock_movement(client, admin, admin_headers, session):
    product_id = (await client.post("/products/", json=NEW, headers=admin_headers)).json()["id"]

    movement = (await session.execute(select(StockMovement))).scalar_one()
    assert (movement.product_id, movement.delta, movement.stock_after) == (product_id, 10, 10)
    assert (movement.reason, movement.actor_id) == ("initial", admin.id)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "x" * 201),
        ("price", 0),
        ("price", -1),
        ("price", 1_000_000),
        ("price", "12.345"),
        ("price", "abc"),
        ("stock", -1),
        ("stock", 1.5),
    ],
)
async def test_create_validation_names_the_field(client, admin_headers, field, value):
    response = await client.post("/products/", json={**NEW, field: value}, headers=admin_headers)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]


async def test_price_boundaries(client, admin_headers):
    for price in ("0.01", "999999.99"):
        response = await client.post(
            "/products/", json={**NEW, "price": price}, headers=admin_headers
        )
        assert response.status_code == 200, price
        assert response.json()["price"] == price


async def test_only_admins_manage_products(client, session, customer_headers):
    product = await create_product(session)
    for method, path, body in (
        ("POST", "/products/", NEW),
        ("PUT", f"/products/{product.id}", {"name": "Hacked"}),
        ("DELETE", f"/products/{product.id}", None),
        ("POST", f"/products/{product.id}/stock", {"delta": 5, "reason": "restock"}),
        ("GET", f"/products/{product.id}/stock-history", None),
        ("GET", "/products/low-stock", None),
    ):
        as_customer = await client.request(method, path, json=body, headers=customer_headers)
        anonymous = await client.request(method, path, json=body)
        assert as_customer.status_code == 403, path
        assert anonymous.status_code == 401, path


async def test_partial_update_changes_only_what_was_sent(client, session, admin_headers):
    product = await create_product(session, name="Lamp", price="10.00", category="home")

    response = await client.put(
        f"/products/{product.id}", json={"price": "12.50"}, headers=admin_headers
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["price"], body["category"]) == ("Lamp", "12.50", "home")


async def test_update_stock_is_recorded_as_an_adjustment(client, session, admin, admin_headers):
    product = await create_product(session, stock=10)

    response = await client.put(f"/products/{product.id}", json={"stock": 4}, headers=admin_headers)

    assert response.json()["stock"] == 4
    movement = (await session.execute(select(StockMovement))).scalar_one()
    assert (movement.delta, movement.stock_after, movement.reason) == (-6, 4, "adjustment")


async def test_update_validates_and_404s(client, session, admin_headers):
    product = await create_product(session)
    bad = await client.put(f"/products/{product.id}", json={"price": 0}, headers=admin_headers)
    unknown_field = await client.put(
        f"/products/{product.id}", json={"colour": "red"}, headers=admin_headers
    )
    missing = await client.put("/products/999999", json={"name": "x"}, headers=admin_headers)

    assert bad.status_code == 422
    assert unknown_field.status_code == 422
    assert missing.status_code == 404


async def test_delete_hides_the_product_but_keeps_the_row(client, session, admin_headers):
    product = await create_product(session, name="Old Lamp")

    response = await client.delete(f"/products/{product.id}", headers=admin_headers)

    assert response.status_code == 204
    assert (await client.get(f"/products/{product.id}")).status_code == 404
    # Administrators still read it (for the editing page): see test_admin_read.py.
    assert (await client.get(f"/products/{product.id}", headers=admin_headers)).json()[
        "is_active"
    ] is False
    listed = await client.get("/products/")
    assert product.id not in [p["id"] for p in listed.json()]
    assert (
        await client.delete(f"/products/{product.id}", headers=admin_headers)
    ).status_code == 404
    still_there = await session.scalar(select(Product.name).where(Product.id == product.id))
    assert still_there == "Old Lamp"


async def test_admin_sees_and_restores_deleted_products(client, session, admin_headers):
    product = await create_product(session, is_active=False)

    listed = await client.get("/products/?include_inactive=true", headers=admin_headers)
    restored = await client.put(
        f"/products/{product.id}", json={"is_active": True}, headers=admin_headers
    )

    assert product.id in [p["id"] for p in listed.json()]
    assert restored.json()["is_active"] is True
    assert (await client.get(f"/products/{product.id}")).status_code == 200


async def test_include_inactive_is_for_admins_only(client, customer_headers):
    assert (await client.get("/products/?include_inactive=true")).status_code == 403
    response = await client.get("/products/?include_inactive=true", headers=customer_headers)
    assert response.status_code == 403


async def test_unknown_and_malformed_ids(client):
    assert (await client.get("/products/999999")).status_code == 404
    assert (await client.get("/products/999999")).json() == {
        "detail": "Product not found",
        "code": "not_found",
    }
    for impossible in ("abc", "0", "-1", "1.5", str(2**31), str(2**63), "9" * 40):
        response = await client.get(f"/products/{impossible}")
        assert response.status_code == 404, impossible
        assert response.json() == {"detail": "Not found", "code": "not_found"}


async def test_admin_actions_emit_product_events(client, admin, admin_headers, session):
    product_id = (
        await client.post("/products/", json={**NEW, "category": "toys"}, headers=admin_headers)
    ).json()["id"]
    await client.put(f"/products/{product_id}", json={"price": "5.00"}, headers=admin_headers)
    await client.delete(f"/products/{product_id}", headers=admin_headers)

    events = (await session.execute(select(OutboxEvent).order_by(OutboxEvent.id))).scalars().all()
    assert [e.event_type for e in events] == [
        "product_created",
        "product_updated",
        "product_deleted",
    ]
    assert all(e.user_id == admin.id and e.key == str(product_id) for e in events)
    assert events[0].data == {
        "product_id": product_id,
        "product_name": "Test Product",
        "price": "29.99",
        "category": "toys",
    }
    assert events[1].data["price"] == "5.00"
    assert events[1].data["changed"] == ["price"]


async def test_viewing_emits_product_viewed_with_the_viewer(app, client, session, customer):
    product = await create_product(session, name="Kettle", price="19.90", category="kitchen")

    await client.get(f"/products/{product.id}", headers=auth_headers(customer))
    await client.get(f"/products/{product.id}")
    await write_views(app, session)

    events = (
        (
            await session.execute(
                select(OutboxEvent).where(OutboxEvent.event_type == "product_viewed")
            )
        )
        .scalars()
        .all()
    )
    assert [e.user_id for e in events] == [customer.id, None]
    assert events[0].data == {
        "product_id": product.id,
        "product_name": "Kettle",
        "price": "19.90",
        "category": "kitchen",
    }


async def test_an_invalid_token_on_a_public_page_browses_as_a_guest(client, session):
    product = await create_product(session)
    response = await client.get(
        f"/products/{product.id}", headers={"Authorization": "Bearer expired.or.bad"}
    )
    assert response.status_code == 200


async def test_categories_count_products_for_sale(client, session):
    await create_product(session, category="books")
    await create_product(session, category="books")
    await create_product(session, category="toys")
    await create_product(session, category="toys", is_active=False)
    await create_product(session, category=None)

    response = await client.get("/products/categories")

    assert response.json() == [
        {"name": "books", "product_count": 2},
        {"name": "toys", "product_count": 1},
    ]


async def test_newest_first_by_default(client, session):
    old = await create_product(session, name="Old")
    old.created_at = utcnow() - timedelta(days=2)
    new = await create_product(session, name="New")
    await session.flush()

    response = await client.get("/products/")

    assert [p["id"] for p in response.json()] == [new.id, old.id]


async def test_prices_are_decimal_in_the_database(session, client, admin_headers):
    body = (
        await client.post("/products/", json={**NEW, "price": "0.10"}, headers=admin_headers)
    ).json()
    stored = await session.scalar(select(Product.price).where(Product.id == body["id"]))
    assert stored == Decimal("0.10")
    assert isinstance(stored, Decimal)
