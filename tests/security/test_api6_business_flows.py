"""OWASP API6:2023 Unrestricted access to sensitive business flows: checkout and its shortcuts.

Checkout never sells what is not in stock (not even split over several lines), takes no
quantity below one, and sells nothing that is off sale. A retried order (same Idempotency-Key)
is placed once; the key with another basket is refused, and another customer's use of the same
key neither sees nor reuses the first customer's order. Cancelling gives stock back once, and
only while the order is pending; a product is reviewed once per customer.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import auth_headers, create_product
from webshop.catalog.models import Product
from webshop.orders.models import Order
from webshop.users.models import User


async def stock_of(session: AsyncSession, product: Product) -> int:
    await session.refresh(product)
    return product.stock


async def order_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Order.id))) or 0)


async def place(
    client: httpx.AsyncClient, user: User, items: list[dict[str, Any]], key: str | None = None
) -> httpx.Response:
    headers = auth_headers(user)
    if key is not None:
        headers["Idempotency-Key"] = key
    return await client.post("/orders/", json={"items": items}, headers=headers)


async def test_checkout_never_sells_more_than_the_stock(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    scarce = await create_product(session, stock=5)
    plenty = await create_product(session, stock=100)
    before = await order_count(session)

    whole = await place(client, customer, [{"product_id": scarce.id, "quantity": 6}])
    split = await place(
        client,
        customer,
        [{"product_id": scarce.id, "quantity": 3}, {"product_id": scarce.id, "quantity": 3}],
    )
    mixed = await place(
        client,
        customer,
        [{"product_id": plenty.id, "quantity": 1}, {"product_id": scarce.id, "quantity": 6}],
    )

    for refused in (whole, split, mixed):
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "out_of_stock"
        assert refused.json()["product_ids"] == [scarce.id]
    # Nothing changed: no order, and not even the line that was in stock was taken.
    assert (await stock_of(session, scarce), await stock_of(session, plenty)) == (5, 100)
    assert await order_count(session) == before
    exact = await place(client, customer, [{"product_id": scarce.id, "quantity": 5}])
    assert exact.status_code == 201
    assert await stock_of(session, scarce) == 0


@pytest.mark.parametrize("quantity", [0, -1, -1000, 1.5, "1; DROP TABLE orders"])
async def test_quantities_below_one_or_not_whole_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, quantity: Any
) -> None:
    product = await create_product(session, stock=5)

    response = await place(client, customer, [{"product_id": product.id, "quantity": quantity}])

    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert await stock_of(session, product) == 5


async def test_a_product_off_sale_cannot_be_ordered(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    gone = await create_product(session, stock=5, is_active=False)

    response = await place(client, customer, [{"product_id": gone.id, "quantity": 1}])

    assert (response.status_code, response.json()["code"]) == (422, "products_unavailable")
    assert await stock_of(session, gone) == 5


async def test_a_retried_order_is_placed_once_and_a_key_is_bound_to_its_basket(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, mallory: User
) -> None:
    product = await create_product(session, stock=10)
    basket = [{"product_id": product.id, "quantity": 2}]

    first = await place(client, customer, basket, key="checkout-42")
    retry = await place(client, customer, basket, key="checkout-42")
    other_basket = await place(
        client, customer, [{"product_id": product.id, "quantity": 9}], key="checkout-42"
    )
    # Another customer with the same key gets an order of her own, not Carla's.
    mallorys = await place(client, mallory, basket, key="checkout-42")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["id"] == first.json()["id"]
    assert (other_basket.status_code, other_basket.json()["code"]) == (
        409,
        "idempotency_key_reused",
    )
    assert mallorys.status_code == 201
    assert mallorys.json()["id"] != first.json()["id"]
    assert mallorys.json()["user_id"] == mallory.id
    assert await stock_of(session, product) == 6  # two orders of two, not three


async def test_cancelling_gives_stock_back_once_and_only_while_pending(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, admin: User
) -> None:
    product = await create_product(session, stock=10)
    pending = (await place(client, customer, [{"product_id": product.id, "quantity": 4}])).json()
    paid = (await place(client, customer, [{"product_id": product.id, "quantity": 3}])).json()
    await client.put(
        f"/orders/{paid['id']}/status", json={"status": "paid"}, headers=auth_headers(admin)
    )
    assert await stock_of(session, product) == 3

    cancelled = await client.post(f"/orders/{pending['id']}/cancel", headers=auth_headers(customer))
    again = await client.post(f"/orders/{pending['id']}/cancel", headers=auth_headers(customer))
    after_payment = await client.post(
        f"/orders/{paid['id']}/cancel", headers=auth_headers(customer)
    )

    assert cancelled.status_code == 200
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert (after_payment.status_code, after_payment.json()["code"]) == (409, "invalid_transition")
    assert await stock_of(session, product) == 7  # the 4 came back once; the paid 3 did not


async def test_a_product_is_reviewed_once_per_customer(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    product = await create_product(session)
    reviews = f"/products/{product.id}/reviews"

    first = await client.post(reviews, json={"rating": 5}, headers=auth_headers(customer))
    second = await client.post(reviews, json={"rating": 5}, headers=auth_headers(customer))

    assert first.status_code == 201
    assert (second.status_code, second.json()["code"]) == (409, "already_reviewed")
    listed = await client.get(f"/products/{product.id}")
    assert listed.json()["review_count"] == 1
