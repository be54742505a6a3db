"""What the admin console reads about orders: who placed them and where they may go next."""

from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from tests.factories import create_order, create_product, create_user
from webshop.orders import service as orders_service
from webshop.orders.models import OrderStatus
from webshop.orders.schemas import OrderFilters

NEXT = {
    OrderStatus.PENDING: ["paid", "cancelled"],
    OrderStatus.PAID: ["shipped", "cancelled"],
    OrderStatus.SHIPPED: ["delivered"],
    OrderStatus.DELIVERED: [],
    OrderStatus.CANCELLED: [],
}


@pytest.fixture
async def pen(session):
    return await create_product(session, name="Pen", price="2.50", stock=500)


@pytest.mark.parametrize("status", list(OrderStatus))
async def test_an_order_says_where_it_may_go_next(
    client, session, customer, admin, admin_headers, pen, status
):
    order = await create_order(session, customer, (pen, 1), status=status, actor=admin)

    detail = (await client.get(f"/orders/{order.id}", headers=admin_headers)).json()

    assert detail["status"] == status
    assert detail["next_statuses"] == NEXT[status]


async def test_a_status_change_answers_with_the_new_next_statuses(
    client, session, customer, admin_headers, pen
):
    order = await create_order(session, customer, (pen, 1))

    paid = await client.put(
        f"/orders/{order.id}/status", json={"status": "paid"}, headers=admin_headers
    )
    shipped = await client.put(
        f"/orders/{order.id}/status", json={"status": "shipped"}, headers=admin_headers
    )

    assert paid.json()["next_statuses"] == ["shipped", "cancelled"]
    assert shipped.json()["next_statuses"] == ["delivered"]
    assert shipped.json()["customer"] == {
        "id": customer.id,
        "username": "carla",
        "email": "carla@example.com",
    }


async def test_the_detail_names_the_customer_for_the_admin_and_the_customer(
    client, session, customer, customer_headers, admin_headers, pen
):
    order = await create_order(session, customer, (pen, 2))
    expected = {"id": customer.id, "username": "carla", "email": "carla@example.com"}

    as_admin = (await client.get(f"/orders/{order.id}", headers=admin_headers)).json()
    as_customer = (await client.get(f"/orders/{order.id}", headers=customer_headers)).json()
    cancelled = (await client.post(f"/orders/{order.id}/cancel", headers=customer_headers)).json()

    assert as_admin["customer"] == expected
    assert as_customer["customer"] == expected
    assert as_customer["next_statuses"] == ["paid", "cancelled"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["next_statuses"] == []


async def test_the_admin_list_names_each_orders_customer(
    client, session, customer, admin_headers, customer_headers, pen
):
    otto = await create_user(session, username="otto", email="otto@example.com")
    first = await create_order(session, customer, (pen, 1))
    second = await create_order(session, otto, (pen, 3))

    listed = (await client.get("/orders/admin/all", headers=admin_headers)).json()
    filtered = await client.get(
        "/orders/admin/all", params={"user_id": otto.id}, headers=admin_headers
    )
    own = (await client.get("/orders/detailed", headers=customer_headers)).json()

    assert [(o["id"], o["customer"]) for o in listed] == [
        (second.id, {"id": otto.id, "username": "otto", "email": "otto@example.com"}),
        (first.id, {"id": customer.id, "username": "carla", "email": "carla@example.com"}),
    ]
    assert listed[0]["items"][0]["quantity"] == 3
    assert filtered.headers["x-total-count"] == "1"
    assert [o["customer"]["username"] for o in filtered.json()] == ["otto"]
    # A customer's own list stays as it was: no customer on every order.
    assert [o["id"] for o in own] == [first.id]
    assert "customer" not in own[0]


async def test_a_page_past_the_end_is_empty_but_counted(
    client, session, customer, admin_headers, pen
):
    await create_order(session, customer, (pen, 1))

    response = await client.get("/orders/admin/all?skip=5", headers=admin_headers)

    assert response.json() == []
    assert response.headers["x-total-count"] == "1"


@contextmanager
def counting_selects(session):
    """Count the SELECT statements sent on the session's connection."""
    statements = []
    connection = session.bind.sync_connection

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


async def test_the_admin_list_takes_the_same_few_queries_however_many_customers(
    session, customer, pen
):
    async def selects_for_page():
        session.expunge_all()
        with counting_selects(session) as statements:
            page = await orders_service.list_orders(
                session, OrderFilters(), zone=ZoneInfo("UTC"), skip=0, limit=100
            )
        assert all(order.customer is not None for order in page.items)
        return len(statements), len(page.items)

    await create_order(session, customer, (pen, 1))
    one = await selects_for_page()
    for _ in range(6):
        await create_order(session, await create_user(session), (pen, 1))
    seven = await selects_for_page()

    assert one[1] == 1
    assert seven[1] == 7
    assert seven[0] == one[0] == 3  # the count, the orders with their customers, the lines
