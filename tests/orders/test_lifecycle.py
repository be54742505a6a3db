"""pending → paid → shipped → delivered, and pending|paid → cancelled, recorded and announced."""

import asyncio

import pytest
from sqlalchemy import select

from tests.conftest import make_client
from tests.factories import auth_headers, create_order, create_product, create_user
from webshop.catalog.models import Product, StockMovement
from webshop.events.models import OutboxEvent
from webshop.users.models import UserRole


@pytest.fixture
async def product(session):
    return await create_product(session, stock=10, price="5.00")


@pytest.fixture
async def order(session, product, customer):
    return (await create_order(session, customer, (product, 3))).model_dump(mode="json")


async def set_status(client, order_id, status, headers):
    return await client.put(f"/orders/{order_id}/status", json={"status": status}, headers=headers)


async def stock_of(session, product_id):
    return await session.scalar(select(Product.stock).where(Product.id == product_id))


async def test_the_happy_path_with_history_and_events(
    client, session, order, admin, admin_headers, customer
):
    for status in ("paid", "shipped", "delivered"):
        response = await set_status(client, order["id"], status, admin_headers)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status

    history = response.json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "pending"),
        ("pending", "paid"),
        ("paid", "shipped"),
        ("shipped", "delivered"),
    ]
    assert [h["actor_id"] for h in history] == [customer.id, admin.id, admin.id, admin.id]
    events = (
        await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.event_type.startswith("order_"))
            .order_by(OutboxEvent.id)
        )
    ).all()
    assert [e.event_type for e in events] == [
        "order_created",
        "order_paid",
        "order_shipped",
        "order_completed",
    ]
    assert events[-1].data["previous_status"] == "shipped"
    assert events[-1].user_id == customer.id


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], ["shipped", "delivered", "pending"]),
        (["paid"], ["pending", "delivered", "paid"]),
        (["paid", "shipped"], ["cancelled", "paid", "pending"]),
        (["paid", "shipped", "delivered"], ["cancelled", "shipped", "pending"]),
        (["cancelled"], ["paid", "pending", "cancelled"]),
    ],
)
async def test_invalid_transitions_are_409(client, order, admin_headers, path, refused):
    for status in path:
        assert (await set_status(client, order["id"], status, admin_headers)).status_code == 200
    for status in refused:
        response = await set_status(client, order["id"], status, admin_headers)
        assert response.status_code == 409, (path, status)
        current = path[-1] if path else "pending"
        assert response.json() == {
            "detail": f"An order that is {current} cannot become {status}",
            "code": "invalid_transition",
            "current": current,
            "requested": status,
        }


async def test_admin_cancel_of_a_paid_order_restocks(
    client, session, product, order, admin_headers
):
    await set_status(client, order["id"], "paid", admin_headers)
    assert await stock_of(session, product.id) == 7

    response = await set_status(client, order["id"], "cancelled", admin_headers)

    assert response.json()["status"] == "cancelled"
    assert await stock_of(session, product.id) == 10
    movement = (
        await session.scalars(select(StockMovement).where(StockMovement.reason == "cancel"))
    ).one()
    assert (movement.delta, movement.order_id) == (3, order["id"])


async def test_owner_cancels_a_pending_order(client, session, product, order, customer_headers):
    response = await client.post(f"/orders/{order['id']}/cancel", headers=customer_headers)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert await stock_of(session, product.id) == 10
    again = await client.post(f"/orders/{order['id']}/cancel", headers=customer_headers)
    assert again.status_code == 409
    assert await stock_of(session, product.id) == 10  # restocked exactly once


async def test_owner_cannot_cancel_once_paid(client, order, admin_headers, customer_headers):
    await set_status(client, order["id"], "paid", admin_headers)
    response = await client.post(f"/orders/{order['id']}/cancel", headers=customer_headers)
    assert response.status_code == 409


async def test_others_cannot_cancel_or_see_my_order(client, session, order):
    stranger = auth_headers(await create_user(session))
    assert (await client.post(f"/orders/{order['id']}/cancel", headers=stranger)).status_code == 404
    assert (await client.get(f"/orders/{order['id']}", headers=stranger)).status_code == 404


async def test_customers_cannot_change_status(client, order, customer_headers):
    response = await set_status(client, order["id"], "paid", customer_headers)
    assert response.status_code == 403


async def test_status_validation(client, order, admin_headers):
    assert (await set_status(client, order["id"], "lost", admin_headers)).status_code == 422
    assert (await set_status(client, 999999, "paid", admin_headers)).status_code == 404
    assert (
        await client.put("/orders/abc/status", json={"status": "paid"}, headers=admin_headers)
    ).status_code == 404


async def test_racing_cancellations_restock_exactly_once(committed_app):
    async with committed_app.state.sessionmaker() as session:
        customer = await create_user(session)
        admin = await create_user(session, role=UserRole.ADMIN)
        product = await create_product(session, stock=10)
        await session.commit()
    async with make_client(committed_app) as client:
        order = (
            await client.post(
                "/orders/",
                json={"items": [{"product_id": product.id, "quantity": 4}]},
                headers=auth_headers(customer),
            )
        ).json()
        responses = await asyncio.gather(
            *(
                client.post(f"/orders/{order['id']}/cancel", headers=auth_headers(customer))
                if n % 2
                else set_status(client, order["id"], "cancelled", auth_headers(admin))
                for n in range(8)
            )
        )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 7
    async with committed_app.state.sessionmaker() as session:
        assert await stock_of(session, product.id) == 10
