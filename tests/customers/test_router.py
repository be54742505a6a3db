"""Customer management: customers by default (administrators on request), exact aggregates,
admin only."""

from datetime import timedelta

import pytest

from tests.factories import create_order, create_product, create_user
from webshop.core.clock import utcnow
from webshop.orders.models import OrderStatus
from webshop.users.models import UserRole


@pytest.fixture
async def customers(session, admin):
    """Ann spends most (two paid orders), Ben orders most (three, one cancelled), Cy nothing."""
    book = await create_product(session, price="10.00", stock=100, category="books")
    toy = await create_product(session, price="4.50", stock=100, category="toys")
    pen = await create_product(session, price="1.00", stock=100, category=None)
    ann = await create_user(session, username="ann", email="ann@shop.example")
    ben = await create_user(session, username="ben", email="ben@example.com")
    cy = await create_user(session, username="cy", email="cy@example.com")
    ann.created_at = utcnow() - timedelta(days=30)
    ben.created_at = utcnow() - timedelta(days=20)
    await session.flush()

    paid, cancelled = OrderStatus.PAID, OrderStatus.CANCELLED
    await create_order(session, ann, (book, 3), (toy, 1), status=paid, actor=admin)  # 34.50
    await create_order(session, ann, (book, 1), status=paid, actor=admin)  # 10.00
    await create_order(session, ben, (toy, 2), (pen, 5), status=paid, actor=admin)  # 14.00
    await create_order(session, ben, (toy, 1))  # pending 4.50
    await create_order(session, ben, (book, 9), status=cancelled, actor=admin)
    return {"ann": ann, "ben": ben, "cy": cy}


async def list_names(client, headers, query=""):
    response = await client.get(f"/customers/?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return [c["username"] for c in response.json()]


async def test_only_customers_are_listed(client, customers, admin, admin_headers):
    names = await list_names(client, admin_headers)
    assert sorted(names) == ["ann", "ben", "cy"]
    assert "adam" not in names


async def test_sorting(client, customers, admin_headers):
    assert (await list_names(client, admin_headers, "sort=spent"))[:3] == ["ann", "ben", "cy"]
    assert (await list_names(client, admin_headers, "sort=orders"))[:2] == ["ben", "ann"]
    assert (await list_names(client, admin_headers, "sort=joined&order=asc"))[:2] == ["ann", "ben"]


async def test_aggregates_and_search(client, customers, admin_headers):
    response = await client.get("/customers/?q=SHOP.EXAMPLE", headers=admin_headers)

    assert response.headers["x-total-count"] == "1"
    [ann] = response.json()
    assert ann["username"] == "ann"
    assert ann["order_count"] == 2
    assert ann["total_spent"] == "44.50"
    assert ann["last_order_at"] is not None


async def test_pagination(client, customers, admin_headers):
    page = await client.get("/customers/?limit=2&sort=spent", headers=admin_headers)
    assert len(page.json()) == 2
    assert int(page.headers["x-total-count"]) >= 3
    assert (await client.get("/customers/?limit=101", headers=admin_headers)).status_code == 422
    assert (await client.get("/customers/?sort=age", headers=admin_headers)).status_code == 422


async def test_customer_detail_with_recent_orders(client, customers, admin_headers):
    ben = customers["ben"]
    response = await client.get(f"/customers/{ben.id}", headers=admin_headers)

    body = response.json()
    assert body["username"] == "ben"
    assert body["is_active"] is True
    assert body["order_count"] == 3
    assert body["total_spent"] == "14.00"
    assert [o["status"] for o in body["recent_orders"]] == ["cancelled", "pending", "paid"]


async def test_customer_summary(client, customers, admin_headers):
    ann = (
        await client.get(f"/customers/{customers['ann'].id}/summary", headers=admin_headers)
    ).json()
    ben = (
        await client.get(f"/customers/{customers['ben'].id}/summary", headers=admin_headers)
    ).json()
    cy = (
        await client.get(f"/customers/{customers['cy'].id}/summary", headers=admin_headers)
    ).json()

    assert ann["lifetime_value"] == "44.50"
    assert ann["paid_order_count"] == 2
    assert ann["average_order_value"] == "22.25"
    assert ann["favourite_categories"] == [
        {"category": "books", "units": 4},
        {"category": "toys", "units": 1},
    ]
    assert ann["first_order_at"] <= ann["last_order_at"]
    assert ben["order_count"] == 3
    assert ben["lifetime_value"] == "14.00"
    assert ben["favourite_categories"] == [{"category": "toys", "units": 3}]  # cancelled excluded
    assert cy == {
        "user_id": customers["cy"].id,
        "order_count": 0,
        "paid_order_count": 0,
        "lifetime_value": "0.00",
        "average_order_value": "0.00",
        "first_order_at": None,
        "last_order_at": None,
        "favourite_categories": [],
    }


async def test_role_filter(client, session, customers, admin, admin_headers):
    """Customers by default; administrators or everyone on request, each row with its role."""
    other_admin = await create_user(session, username="alba", role=UserRole.ADMIN)

    default = await client.get("/customers/", headers=admin_headers)
    assert {c["role"] for c in default.json()} == {"customer"}

    admins = await client.get("/customers/?role=admin&sort=joined&order=asc", headers=admin_headers)
    assert [(c["username"], c["role"]) for c in admins.json()] == [
        ("adam", "admin"),
        ("alba", "admin"),
    ]
    assert admins.headers["x-total-count"] == "2"

    everyone = await client.get("/customers/?role=all&limit=100", headers=admin_headers)
    names = {c["username"] for c in everyone.json()}
    assert {"ann", "ben", "cy", "adam", "alba"} <= names
    assert everyone.headers["x-total-count"] == str(len(names))

    assert await list_names(client, admin_headers, "role=admin&q=ALB") == ["alba"]
    assert await list_names(client, admin_headers, "role=customer&q=alb") == []
    assert other_admin.id in {c["id"] for c in everyone.json()}


async def test_unknown_role_is_refused(client, admin_headers):
    response = await client.get("/customers/?role=owner", headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_promoted_customer_still_opens_with_history(client, customers, admin_headers):
    """Promote and demote from the console: the account's page and summary keep working."""
    ann = customers["ann"]
    promoted = await client.patch(f"/users/{ann.id}", json={"role": "admin"}, headers=admin_headers)
    assert promoted.status_code == 200, promoted.text

    detail = await client.get(f"/customers/{ann.id}", headers=admin_headers)
    assert detail.status_code == 200, detail.text
    assert detail.json()["role"] == "admin"
    assert detail.json()["order_count"] == 2
    assert len(detail.json()["recent_orders"]) == 2
    summary = await client.get(f"/customers/{ann.id}/summary", headers=admin_headers)
    assert summary.json()["lifetime_value"] == "44.50"
    assert await list_names(client, admin_headers, "role=admin&q=ann") == ["ann"]
    assert await list_names(client, admin_headers, "q=ann") == []

    await client.patch(f"/users/{ann.id}", json={"role": "customer"}, headers=admin_headers)
    detail = await client.get(f"/customers/{ann.id}", headers=admin_headers)
    assert detail.json()["role"] == "customer"
    assert await list_names(client, admin_headers, "q=ann") == ["ann"]


async def test_an_admin_without_orders_opens_too(client, admin, admin_headers):
    detail = await client.get(f"/customers/{admin.id}", headers=admin_headers)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert (body["username"], body["role"], body["order_count"]) == ("adam", "admin", 0)
    assert body["total_spent"] == "0.00"
    assert body["recent_orders"] == []
    summary = await client.get(f"/customers/{admin.id}/summary", headers=admin_headers)
    assert summary.status_code == 200
    assert summary.json()["order_count"] == 0


async def test_own_access_cannot_be_changed(client, admin, admin_headers):
    for change in ({"role": "customer"}, {"is_active": False}):
        response = await client.patch(f"/users/{admin.id}", json=change, headers=admin_headers)
        assert response.status_code == 409
        assert response.json()["code"] == "cannot_change_own_access"
    detail = await client.get(f"/customers/{admin.id}", headers=admin_headers)
    assert (detail.json()["role"], detail.json()["is_active"]) == ("admin", True)


async def test_unknown_users_are_not_found(client, admin_headers):
    for path in ("/customers/999999", "/customers/999999/summary"):
        response = await client.get(path, headers=admin_headers)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Customer not found", "code": "not_found"}


async def test_customers_get_403(client, customer, customer_headers):
    for path in ("/customers/", f"/customers/{customer.id}", f"/customers/{customer.id}/summary"):
        assert (await client.get(path, headers=customer_headers)).status_code == 403
    assert (await client.get("/customers/")).status_code == 401
