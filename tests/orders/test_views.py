"""What customers and administrators see of orders."""

from datetime import UTC, datetime

import pytest

from tests.factories import auth_headers, create_order, create_product, create_user
from webshop.orders import service as orders_service
from webshop.orders.models import Order, OrderStatus


@pytest.fixture
async def shop(session, customer, admin):
    """Three orders of the customer (one paid, one cancelled, one pending) and one of another."""
    pen = await create_product(session, name="Pen", price="2.50", stock=100, category="office")
    mug = await create_product(session, name="Mug", price="8.00", stock=100, category="kitchen")

    paid = await create_order(session, customer, (pen, 2), (mug, 1))
    cancelled = await create_order(session, customer, (mug, 3))
    pending = await create_order(session, customer, (pen, 1))
    await orders_service.change_status(session, paid.id, OrderStatus.PAID, actor=admin)
    await orders_service.cancel_own_order(session, cancelled.id, customer=customer)
    other_customer = await create_user(session, username="otto")
    other = await create_order(session, other_customer, (pen, 4))
    return {
        "paid": paid.model_dump(mode="json"),
        "cancelled": cancelled.model_dump(mode="json"),
        "pending": pending.model_dump(mode="json"),
        "other": other.model_dump(mode="json"),
        "other_customer": other_customer,
    }


async def test_my_orders_newest_first_with_items(client, shop, customer_headers):
    response = await client.get("/orders/detailed?limit=2", headers=customer_headers)

    assert response.headers["x-total-count"] == "3"
    assert [o["id"] for o in response.json()] == [shop["pending"]["id"], shop["cancelled"]["id"]]
    assert response.json()[0]["items"][0]["product_name"] == "Pen"
    rest = await client.get("/orders/detailed?skip=2", headers=customer_headers)
    assert [o["id"] for o in rest.json()] == [shop["paid"]["id"]]


async def test_my_summary(client, shop, customer_headers):
    summary = (await client.get("/orders/summary", headers=customer_headers)).json()

    assert summary["order_count"] == 3
    assert summary["total_spent"] == "13.00"  # only the paid order: 2 x 2.50 + 8.00
    assert summary["counts_by_status"] == {
        "pending": 1,
        "paid": 1,
        "shipped": 0,
        "delivered": 0,
        "cancelled": 1,
    }
    assert summary["last_order"]["id"] == shop["pending"]["id"]


async def test_summary_of_a_new_customer(client, session):
    headers = auth_headers(await create_user(session))
    summary = (await client.get("/orders/summary", headers=headers)).json()
    assert summary["order_count"] == 0
    assert summary["total_spent"] == "0.00"
    assert summary["last_order"] is None


async def test_read_one_order(client, shop, customer_headers, admin_headers):
    mine = await client.get(f"/orders/{shop['paid']['id']}", headers=customer_headers)
    theirs = await client.get(f"/orders/{shop['other']['id']}", headers=customer_headers)
    as_admin = await client.get(f"/orders/{shop['other']['id']}", headers=admin_headers)

    assert mine.status_code == 200
    assert [h["to_status"] for h in mine.json()["history"]] == ["pending", "paid"]
    assert theirs.status_code == 404
    assert theirs.json() == {"detail": "Order not found", "code": "not_found"}
    assert as_admin.status_code == 200
    assert (await client.get("/orders/999999", headers=customer_headers)).status_code == 404


async def test_admin_lists_and_filters_all_orders(client, session, shop, customer, admin_headers):
    everything = await client.get("/orders/admin/all", headers=admin_headers)
    pending = await client.get("/orders/admin/all?status=pending", headers=admin_headers)
    by_user = await client.get(f"/orders/admin/all?user_id={customer.id}", headers=admin_headers)

    assert everything.headers["x-total-count"] == "4"
    assert {o["id"] for o in pending.json()} == {shop["pending"]["id"], shop["other"]["id"]}
    assert by_user.headers["x-total-count"] == "3"

    old = await session.get(Order, shop["paid"]["id"])
    old.created_at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    await session.flush()
    january = await client.get(
        "/orders/admin/all?created_from=2026-01-01T00:00:00Z&created_to=2026-02-01T00:00:00Z",
        headers=admin_headers,
    )
    since_feb = await client.get(
        "/orders/admin/all",
        params={"created_from": (datetime(2026, 2, 1, tzinfo=UTC)).isoformat()},
        headers=admin_headers,
    )
    assert [o["id"] for o in january.json()] == [shop["paid"]["id"]]
    assert since_feb.headers["x-total-count"] == "3"


async def test_admin_views_are_admin_only(client, shop, customer, customer_headers):
    assert (await client.get("/orders/admin/all", headers=customer_headers)).status_code == 403
    response = await client.get(f"/orders/admin/customer/{customer.id}", headers=customer_headers)
    assert response.status_code == 403


async def test_admin_sees_one_customers_orders(client, shop, admin_headers):
    other = shop["other_customer"]
    response = await client.get(f"/orders/admin/customer/{other.id}", headers=admin_headers)

    assert [o["id"] for o in response.json()] == [shop["other"]["id"]]
    missing = await client.get("/orders/admin/customer/999999", headers=admin_headers)
    assert missing.status_code == 404


async def test_date_filters_take_dates_shop_times_and_offsets(
    client, session, settings, customer, admin_headers, monkeypatch
):
    """In New York: a date is the whole local day, a time without an offset is local time, one
    with an offset is that instant. 8 March 2026 has 23 hours there (clocks go forward)."""
    monkeypatch.setattr(settings, "SHOP_TIMEZONE", "America/New_York")
    pen = await create_product(session, stock=100)
    placed = {
        "a": datetime(2026, 1, 15, 4, 30, tzinfo=UTC),  # 14 Jan 23:30 in New York
        "b": datetime(2026, 1, 15, 5, 30, tzinfo=UTC),  # 15 Jan 00:30
        "c": datetime(2026, 1, 16, 4, 59, tzinfo=UTC),  # 15 Jan 23:59
        "d": datetime(2026, 1, 16, 5, 0, tzinfo=UTC),  # 16 Jan 00:00
        "e": datetime(2026, 3, 9, 3, 30, tzinfo=UTC),  # 8 Mar 23:30 (EDT)
        "f": datetime(2026, 3, 9, 4, 30, tzinfo=UTC),  # 9 Mar 00:30 (EDT)
    }
    ids = {
        (await create_order(session, customer, (pen, 1), placed_at=when)).id: name
        for name, when in placed.items()
    }

    async def found(**params):
        response = await client.get("/orders/admin/all", params=params, headers=admin_headers)
        assert response.status_code == 200, (params, response.text)
        return sorted(ids[order["id"]] for order in response.json())

    assert await found(created_from="2026-01-15", created_to="2026-01-15") == ["b", "c"]
    assert await found(created_from="2026-01-15T00:00") == ["b", "c", "d", "e", "f"]
    assert await found(created_to="2026-01-15T00:30") == ["a"]
    assert await found(created_from="2026-01-15T05:00:00+00:00", created_to="2026-01-16") == [
        "b",
        "c",
        "d",
    ]
    assert await found(created_from="2026-01-16T05:00:00Z", created_to="2026-02-01") == ["d"]
    assert await found(created_from="2026-03-08", created_to="2026-03-08") == ["e"]
    assert await found(created_from="1900-01-01", created_to="9999-12-31") == sorted(placed)


async def test_admin_filters_are_validated(client, admin_headers):
    for query in (
        "status=lost",
        "created_from=yesterday",
        "created_from=2026-02-30",
        "created_from=1899-12-31",
        "created_to=10000-01-01",
        "created_to=%2B275760-09-13",
        "user_id=0",
        "limit=101",
    ):
        response = await client.get(f"/orders/admin/all?{query}", headers=admin_headers)
        assert response.status_code == 422, query


async def test_delivered_orders_make_reviews_verified(
    client, session, customer, customer_headers, admin_headers
):
    book = await create_product(session, stock=5)
    other = await create_product(session, stock=5)
    order = (
        await client.post(
            "/orders/",
            json={"items": [{"product_id": book.id, "quantity": 1}]},
            headers=customer_headers,
        )
    ).json()
    review = {"rating": 5, "comment": "Great"}
    await client.post(f"/products/{book.id}/reviews", json=review, headers=customer_headers)
    await client.post(f"/products/{other.id}/reviews", json=review, headers=customer_headers)

    def verified(product_id):
        return client.get(f"/products/{product_id}/reviews")

    assert (await verified(book.id)).json()[0]["verified_purchase"] is False
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        await client.put(
            f"/orders/{order['id']}/status", json={"status": status}, headers=admin_headers
        )

    assert (await verified(book.id)).json()[0]["verified_purchase"] is True
    assert (await verified(other.id)).json()[0]["verified_purchase"] is False


async def test_orders_survive_product_deletion(client, session, customer_headers, admin_headers):
    lamp = await create_product(session, name="Lamp")
    order = (
        await client.post(
            "/orders/",
            json={"items": [{"product_id": lamp.id, "quantity": 1}]},
            headers=customer_headers,
        )
    ).json()

    await client.delete(f"/products/{lamp.id}", headers=admin_headers)

    again = await client.get(f"/orders/{order['id']}", headers=customer_headers)
    assert again.status_code == 200
    assert again.json()["items"][0]["product_name"] == "Lamp"
