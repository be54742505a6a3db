import pytest
from sqlalchemy import select

from tests.factories import auth_headers, create_user
from webshop.core.ratelimit import RateLimited, SlidingWindowLimiter
from webshop.events.models import OutboxEvent

ADD = {"action": "add", "product_id": 3, "quantity": 2, "cart_item_count": 5}


async def test_cart_updates_become_events(client, session, customer, customer_headers):
    response = await client.post("/events/cart", json=ADD, headers=customer_headers)

    assert response.status_code == 202
    event = (await session.scalars(select(OutboxEvent))).one()
    assert response.json() == {"event_id": event.event_id}
    assert (event.event_type, event.topic, event.user_id) == (
        "cart_updated",
        "webshop-analytics",
        customer.id,
    )
    assert event.data == ADD


async def test_cart_updates_are_validated(client, customer_headers):
    for body in (
        {**ADD, "action": "steal"},
        {**ADD, "quantity": -1},
        {**ADD, "quantity": 1001},
        {**ADD, "product_id": 0},
        {**ADD, "price": "0.01"},
        {"action": "add", "cart_item_count": 1},  # no product
    ):
        response = await client.post("/events/cart", json=body, headers=customer_headers)
        assert response.status_code == 422, body
    clear = {"action": "clear", "cart_item_count": 0}
    assert (
        await client.post("/events/cart", json=clear, headers=customer_headers)
    ).status_code == 202
    assert (await client.post("/events/cart", json=ADD)).status_code == 401


async def test_cart_updates_are_rate_limited_per_user(app, client, session, customer_headers):
    app.state.cart_limiter = SlidingWindowLimiter(3)
    other = auth_headers(await create_user(session))

    codes = [
        (await client.post("/events/cart", json=ADD, headers=customer_headers)).status_code
        for _ in range(4)
    ]
    limited = await client.post("/events/cart", json=ADD, headers=customer_headers)
    someone_else = await client.post("/events/cart", json=ADD, headers=other)

    assert codes == [202, 202, 202, 429]
    assert limited.headers["retry-after"] == "60"
    assert limited.json() == {"detail": "Too many requests; try again in 60 s"}
    assert someone_else.status_code == 202


def test_the_window_slides():
    now = [0.0]
    limiter = SlidingWindowLimiter(2, window_seconds=10, clock=lambda: now[0])
    limiter.hit("u")
    now[0] = 5
    limiter.hit("u")
    now[0] = 9
    with pytest.raises(RateLimited) as limited:
        limiter.hit("u")
    assert limited.value.retry_after == 1
    now[0] = 10.5  # the first hit has left the window
    limiter.hit("u")
