"""OWASP API1:2023 Broken object-level authorisation: one customer reaching for another's objects.

Mallory, a customer with an account of her own, tries Carla's orders, reviews, sessions and
account data by id, and walks the ids around them. Whatever she names, she gets nothing of
Carla's and learns nothing about which ids exist:

- orders and sessions that are someone else's are answered exactly like ids that exist for
  nobody (the same 404 and body);
- reviews are public (every product page lists them with their author), so an edit or deletion
  of another's review is a 403 `not_your_review` naming nothing of the review;
- account data (`/customers`, `/users/{id}`) is for administrators: a 403 before any look-up,
  the same for an id that exists and one that does not.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import auth_headers, create_order, create_product
from tests.security.conftest import bearer, log_in
from webshop.catalog.models import Product
from webshop.orders.schemas import OrderRead
from webshop.users.models import User

ORDER_NOT_FOUND = {"detail": "Order not found", "code": "not_found"}
SESSION_NOT_FOUND = {"detail": "No such session of yours is active", "code": "session_not_found"}
ADMIN_REQUIRED = {"detail": "Administrator access required", "code": "admin_required"}


@pytest.fixture
async def product(session: AsyncSession) -> Product:
    return await create_product(session, name="Teapot", price="20.00", stock=10)


@pytest.fixture
async def carlas_order(session: AsyncSession, customer: User, product: Product) -> OrderRead:
    order = await create_order(session, customer, (product, 2))
    await session.commit()
    return order


def leaks_nothing_of(response: httpx.Response, owner: User) -> None:
    """Nothing that identifies the owner or their data is in the answer."""
    for secret in (owner.username, owner.email, "Teapot", "20.00", "40.00"):
        assert secret not in response.text, (secret, response.text)


async def test_another_customers_order_is_answered_like_an_order_nobody_has(
    client: httpx.AsyncClient, customer: User, mallory: User, carlas_order: OrderRead
) -> None:
    headers = auth_headers(mallory)
    theirs = await client.get(f"/orders/{carlas_order.id}", headers=headers)
    nobodys = await client.get(f"/orders/{carlas_order.id + 1}", headers=headers)

    assert (theirs.status_code, theirs.json()) == (404, ORDER_NOT_FOUND)
    assert (nobodys.status_code, nobodys.json()) == (404, ORDER_NOT_FOUND)
    leaks_nothing_of(theirs, customer)
    # The owner still sees it: the 404 is about who asks, not about the order.
    own = await client.get(f"/orders/{carlas_order.id}", headers=auth_headers(customer))
    assert (own.status_code, own.json()["id"]) == (200, carlas_order.id)


async def test_enumerating_order_ids_finds_only_your_own(
    client: httpx.AsyncClient, session: AsyncSession, mallory: User, carlas_order: OrderRead
) -> None:
    product = await create_product(session, stock=5)
    own = await create_order(session, mallory, (product, 1))
    await session.commit()
    headers = auth_headers(mallory)

    # The ids around both orders (on PostgreSQL, ids go on from earlier tests' rolled-back rows).
    first, last = sorted((own.id, carlas_order.id))
    answers = {}
    for order_id in range(max(1, first - 3), last + 4):
        response = await client.get(f"/orders/{order_id}", headers=headers)
        answers[order_id] = (response.status_code, response.json())

    found = {order_id for order_id, (status, _) in answers.items() if status == 200}
    assert found == {own.id}
    refused = {
        (status, str(body)) for order_id, (status, body) in answers.items() if order_id != own.id
    }
    assert refused == {(404, str(ORDER_NOT_FOUND))}  # one answer for every other id


async def test_another_customers_order_cannot_be_cancelled(
    client: httpx.AsyncClient,
    session: AsyncSession,
    customer: User,
    mallory: User,
    carlas_order: OrderRead,
    product: Product,
) -> None:
    headers = auth_headers(mallory)
    theirs = await client.post(f"/orders/{carlas_order.id}/cancel", headers=headers)
    nobodys = await client.post(f"/orders/{carlas_order.id + 1}/cancel", headers=headers)
    status_change = await client.put(
        f"/orders/{carlas_order.id}/status", json={"status": "cancelled"}, headers=headers
    )

    assert (theirs.status_code, theirs.json()) == (404, ORDER_NOT_FOUND)
    assert (nobodys.status_code, nobodys.json()) == (404, ORDER_NOT_FOUND)
    assert (status_change.status_code, status_change.json()) == (403, ADMIN_REQUIRED)
    order = await client.get(f"/orders/{carlas_order.id}", headers=auth_headers(customer))
    assert order.json()["status"] == "pending"
    await session.refresh(product)
    assert product.stock == 8  # nothing went back on sale


async def test_your_order_lists_hold_only_your_orders(
    client: httpx.AsyncClient, mallory: User, carlas_order: OrderRead
) -> None:
    headers = auth_headers(mallory)
    detailed = await client.get("/orders/detailed", headers=headers)
    summary = await client.get("/orders/summary", headers=headers)
    others = await client.get(f"/orders/admin/customer/{carlas_order.user_id}", headers=headers)

    assert (detailed.json(), detailed.headers["x-total-count"]) == ([], "0")
    assert summary.json()["order_count"] == 0
    assert summary.json()["last_order"] is None
    assert (others.status_code, others.json()) == (403, ADMIN_REQUIRED)


async def test_another_users_review_cannot_be_changed_or_deleted(
    client: httpx.AsyncClient, customer: User, mallory: User, admin: User, product: Product
) -> None:
    reviews = f"/products/{product.id}/reviews"
    created = await client.post(
        reviews, json={"rating": 5, "comment": "Carla's words"}, headers=auth_headers(customer)
    )
    assert created.status_code == 201
    review = f"{reviews}/{created.json()['id']}"

    edit = await client.put(review, json={"rating": 1}, headers=auth_headers(mallory))
    delete = await client.delete(review, headers=auth_headers(mallory))
    admin_edit = await client.put(review, json={"comment": "x"}, headers=auth_headers(admin))

    for refused in (edit, delete, admin_edit):
        assert refused.status_code == 403
        assert refused.json()["code"] == "not_your_review"
        assert "Carla's words" not in refused.text
    listed = (await client.get(reviews)).json()
    assert [(r["rating"], r["comment"]) for r in listed] == [(5, "Carla's words")]


async def test_a_review_is_reached_only_through_its_own_product(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, product: Product
) -> None:
    other = await create_product(session)
    created = await client.post(
        f"/products/{product.id}/reviews", json={"rating": 4}, headers=auth_headers(customer)
    )
    review_id = created.json()["id"]

    # The right review under another product's path is no review at all.
    moved = await client.put(
        f"/products/{other.id}/reviews/{review_id}",
        json={"rating": 1},
        headers=auth_headers(customer),
    )

    assert moved.status_code == 404
    assert (await client.get(f"/products/{product.id}/reviews")).json()[0]["rating"] == 4


async def test_another_users_sessions_can_be_neither_seen_nor_ended(
    client: httpx.AsyncClient, customer: User, mallory: User
) -> None:
    victim = await log_in(client, "carla")
    attacker = await log_in(client, "mallory")
    victims_sessions = await client.get("/auth/sessions", headers=bearer(victim["access_token"]))
    victim_session = next(s["id"] for s in victims_sessions.json() if s["current"])

    listed = await client.get("/auth/sessions", headers=bearer(attacker["access_token"]))
    ended = await client.delete(
        f"/auth/sessions/{victim_session}", headers=bearer(attacker["access_token"])
    )
    made_up = await client.delete(
        f"/auth/sessions/{uuid.uuid4()}", headers=bearer(attacker["access_token"])
    )

    assert victim_session not in {s["id"] for s in listed.json()}
    assert (ended.status_code, ended.json()) == (404, SESSION_NOT_FOUND)
    assert (made_up.status_code, made_up.json()) == (404, SESSION_NOT_FOUND)
    me = await client.get("/users/me", headers=bearer(victim["access_token"]))
    assert me.status_code == 200


async def test_account_data_is_for_administrators_whatever_the_id(
    client: httpx.AsyncClient, customer: User, mallory: User, carlas_order: OrderRead
) -> None:
    headers = auth_headers(mallory)
    missing = customer.id + 1000
    requests: list[tuple[str, str, dict[str, Any] | None]] = []
    for user_id in (customer.id, missing):
        requests += [
            ("GET", f"/customers/{user_id}", None),
            ("GET", f"/customers/{user_id}/summary", None),
            ("GET", f"/users/{user_id}", None),
            ("PATCH", f"/users/{user_id}", {"is_active": False}),
            ("GET", f"/orders/admin/customer/{user_id}", None),
        ]
    requests += [("GET", "/customers/", None), ("GET", "/users/", None)]

    for method, path, body in requests:
        response = await client.request(method, path, json=body, headers=headers)
        assert (response.status_code, response.json()) == (403, ADMIN_REQUIRED), path
        leaks_nothing_of(response, customer)
    # Carla's account was not touched.
    assert (await client.get("/users/me", headers=auth_headers(customer))).status_code == 200
