import pytest
from sqlalchemy import select

from tests.factories import auth_headers, create_product, create_user
from webshop.events.models import OutboxEvent


@pytest.fixture
async def add(session) -> dict[str, object]:
    """A valid `add` report, of a product that exists."""
    product = await create_product(session)
    return {"action": "add", "product_id": product.id, "quantity": 2, "cart_item_count": 5}


async def test_cart_updates_become_events(client, session, customer, customer_headers, add):
    response = await client.post("/events/cart", json=add, headers=customer_headers)

    assert response.status_code == 202
    event = (await session.scalars(select(OutboxEvent))).one()
    assert response.json() == {"event_id": event.event_id}
    assert (event.event_type, event.user_id) == ("cart_updated", customer.id)
    assert event.data == add


async def test_cart_updates_are_validated(client, customer_headers, add):
    for body in (
        {**add, "action": "steal"},
        {**add, "quantity": -1},
        {**add, "quantity": 1001},
        {**add, "product_id": 0},
        {**add, "product_id": 2**31},
        {**add, "price": "0.01"},
        {"action": "add", "cart_item_count": 1},  # no product
    ):
        response = await client.post("/events/cart", json=body, headers=customer_headers)
        assert response.status_code == 422, body
        assert response.json()["code"] == "validation_error"
    clear = {"action": "clear", "cart_item_count": 0}
    assert (
        await client.post("/events/cart", json=clear, headers=customer_headers)
    ).status_code == 202
    assert (await client.post("/events/cart", json=add)).status_code == 401


async def test_products_that_never_existed_are_refused(
    client, session, customer_headers, add, count_rows
):
    deleted = await create_product(session, is_active=False)

    unknown = await client.post(
        "/events/cart", json={**add, "product_id": 999_999}, headers=customer_headers
    )
    # Taking a product the shop has since deleted out of a cart is still a real change.
    removed = await client.post(
        "/events/cart",
        json={"action": "remove", "product_id": deleted.id, "cart_item_count": 0},
        headers=customer_headers,
    )

    assert unknown.status_code == 422
    assert unknown.json() == {
        "detail": "No such product: 999999",
        "code": "unknown_product",
        "product_ids": [999_999],
    }
    assert removed.status_code == 202
    assert await count_rows("outbox") == 1


async def test_cart_updates_are_rate_limited_per_user(app, client, session, customer_headers, add):
    app.state.settings = app.state.settings.model_copy(update={"CART_EVENTS_PER_MINUTE": 3})
    app.state.limiter.clock = lambda: 1_000_000.5  # a fixed clock: Retry-After is exact
    other = auth_headers(await create_user(session))

    codes = [
        (await client.post("/events/cart", json=add, headers=customer_headers)).status_code
        for _ in range(4)
    ]
    limited = await client.post("/events/cart", json=add, headers=customer_headers)
    someone_else = await client.post("/events/cart", json=add, headers=other)

    assert codes == [202, 202, 202, 429]
    assert limited.headers["retry-after"] == "60"
    assert limited.json() == {
        "detail": "Too many requests; try again in 60 s",
        "code": "rate_limited",
        "retry_after": 60,
    }
    assert someone_else.status_code == 202
