"""OWASP API3:2023 Broken object property level authorisation: mass assignment and exposure.

Writing: every body a client sends is a model that forbids unknown fields, so a property the
client may not set (a role, an account's status, an id, a price or total, an author) is refused
with a 422 `validation_error` and changes nothing. Reading: no answer carries a password hash,
a token's hash or another secret; checked on the documented response schemas and on real
answers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import DEFAULT_PASSWORD, auth_headers, create_order, create_product
from tests.security.conftest import bearer, log_in
from webshop.orders.models import Order
from webshop.users.models import User, UserRole

REGISTRATION = {"email": "eve@example.com", "username": "eve", "password": "a long secret 7"}
SECRET_NAME = re.compile(r"password|hash|secret|salt|fingerprint|session_version|private", re.I)


async def log_in_as(client: httpx.AsyncClient, name: str, password: str) -> dict[str, Any]:
    response = await client.post("/auth/login", data={"username": name, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(
        error["loc"][-1] == field and error["type"] == "extra_forbidden" for error in body["errors"]
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"role": "admin"},
        {"role": "ADMIN"},
        {"is_active": False},
        {"id": 1},
        {"password_hash": "$2b$04$" + "x" * 53},
        {"session_version": 99},
        {"created_at": "2000-01-01T00:00:00Z"},
        {"last_login_at": "2000-01-01T00:00:00Z"},
    ],
)
async def test_registration_sets_no_property_but_its_own(
    client: httpx.AsyncClient, session: AsyncSession, extra: dict[str, Any]
) -> None:
    response = await client.post("/auth/register", json={**REGISTRATION, **extra})

    refused(response, next(iter(extra)))
    assert await session.scalar(select(User).where(User.username == "eve")) is None


async def test_a_registered_account_is_always_a_customer(client: httpx.AsyncClient) -> None:
    created = await client.post("/auth/register", json=REGISTRATION)

    assert created.status_code == 201
    assert (created.json()["role"], created.json()["is_active"]) == ("customer", True)
    tokens = await log_in_as(client, "eve", REGISTRATION["password"])
    admin_area = await client.get("/customers/", headers=bearer(tokens["access_token"]))
    assert admin_area.status_code == 403


@pytest.mark.parametrize(
    "extra",
    [
        {"role": "admin"},
        {"is_active": True},
        {"id": 1},
        {"password_hash": "x"},
        {"password": "a new long secret 8"},
        {"session_version": 0},
    ],
)
async def test_your_own_profile_cannot_carry_a_role_or_status(
    client: httpx.AsyncClient, customer: User, extra: dict[str, Any]
) -> None:
    headers = auth_headers(customer)
    response = await client.patch(
        "/users/me", json={"username": "carla2", **extra}, headers=headers
    )

    refused(response, next(iter(extra)))
    me = (await client.get("/users/me", headers=headers)).json()
    assert (me["username"], me["role"], me["id"]) == ("carla", "customer", customer.id)


async def test_an_administrator_cannot_change_their_own_access(
    client: httpx.AsyncClient, admin: User
) -> None:
    """Nor lock themselves out or hand the last admin role away by mistake."""
    headers = auth_headers(admin)
    own_role = await client.patch(f"/users/{admin.id}", json={"role": "customer"}, headers=headers)
    own_status = await client.patch(
        f"/users/{admin.id}", json={"is_active": False}, headers=headers
    )
    via_profile = await client.patch("/users/me", json={"role": "customer"}, headers=headers)

    assert own_role.status_code == own_status.status_code == 409
    refused(via_profile, "role")
    assert (await client.get("/users/me", headers=headers)).json()["role"] == "admin"


@pytest.mark.parametrize(
    "order",
    [
        {"total_amount": "0.01"},
        {"status": "delivered"},
        {"user_id": 1},
        {"id": 1},
        {"idempotency_key": "mine"},
        {"items": [{"unit_price": "0.01"}]},
        {"items": [{"line_total": "0.01"}]},
        {"items": [{"product_name": "Free"}]},
    ],
)
async def test_an_order_takes_no_price_total_status_or_owner_from_the_client(
    client: httpx.AsyncClient,
    session: AsyncSession,
    customer: User,
    order: dict[str, Any],
) -> None:
    product = await create_product(session, price="50.00", stock=5)
    line = {"product_id": product.id, "quantity": 2}
    if "items" in order:
        body = {"items": [{**line, **order["items"][0]}]}
        field = next(iter(order["items"][0]))
    else:
        body = {"items": [line], **order}
        field = next(iter(order))

    response = await client.post("/orders/", json=body, headers=auth_headers(customer))

    refused(response, field)
    assert await session.scalar(select(Order.id).where(Order.user_id == customer.id)) is None


async def test_the_server_computes_every_price(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    product = await create_product(session, price="19.99", stock=5)

    placed = await client.post(
        "/orders/",
        json={"items": [{"product_id": product.id, "quantity": 3}]},
        headers=auth_headers(customer),
    )

    assert placed.status_code == 201
    order = placed.json()
    assert (order["user_id"], order["status"]) == (customer.id, "pending")
    assert Decimal(order["items"][0]["unit_price"]) == Decimal("19.99")
    assert Decimal(order["total_amount"]) == Decimal("59.97")


@pytest.mark.parametrize(
    "extra",
    [
        {"id": 999},
        {"created_at": "2000-01-01T00:00:00Z"},
        {"average_rating": 5},
        {"review_count": 1000},
        {"image_url": "https://attacker.example/x.png"},
        {"view_count": 10**6},
    ],
)
async def test_a_product_update_takes_only_product_fields(
    client: httpx.AsyncClient, session: AsyncSession, admin: User, extra: dict[str, Any]
) -> None:
    product = await create_product(session, name="Lamp", price="10.00")

    response = await client.put(
        f"/products/{product.id}", json={"price": "1.00", **extra}, headers=auth_headers(admin)
    )

    refused(response, next(iter(extra)))
    await session.refresh(product)
    assert (product.name, product.price) == ("Lamp", Decimal("10.00"))


@pytest.mark.parametrize(
    "extra", [{"user_id": 1}, {"verified_purchase": True}, {"username": "admin"}, {"id": 1}]
)
async def test_a_review_takes_no_author_or_badge(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, extra: dict[str, Any]
) -> None:
    product = await create_product(session)

    response = await client.post(
        f"/products/{product.id}/reviews",
        json={"rating": 5, **extra},
        headers=auth_headers(customer),
    )

    refused(response, next(iter(extra)))


def response_schemas(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every component schema that some response body uses, directly or nested."""
    components = schema["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}
    pending: list[Any] = [
        media.get("schema", {})
        for item in schema["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
        for media in response.get("content", {}).values()
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found[name] = components[name]
                    pending.append(components[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def test_no_documented_answer_has_a_secret_property(app: Any) -> None:
    schemas = response_schemas(app.openapi())
    assert {"UserRead", "OrderDetail", "SessionRead", "CustomerDetail"} <= set(schemas)

    exposed = {
        (name, prop)
        for name, component in schemas.items()
        for prop in component.get("properties", {})
        if SECRET_NAME.search(prop)
    }

    assert exposed == set()
    # Tokens are handed out in exactly one answer: the token pair of a login or refresh.
    holders = {
        name for name, c in schemas.items() if any("token" in p for p in c.get("properties", {}))
    }
    assert holders == {"TokenPair"}


async def test_real_answers_carry_no_hash(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, admin: User
) -> None:
    product = await create_product(session)
    order = await create_order(session, customer, (product, 1))
    await session.commit()
    tokens = await log_in(client, "carla")
    headers, admin_headers = bearer(tokens["access_token"]), auth_headers(admin)

    me = await client.get("/users/me", headers=headers)
    assert set(me.json()) == {
        "id", "email", "username", "role", "is_active", "created_at", "last_login_at"
    }  # fmt: skip
    answers = [
        me,
        await client.get("/auth/sessions", headers=headers),
        await client.get(f"/orders/{order.id}", headers=headers),
        await client.get("/users/", headers=admin_headers),
        await client.get(f"/users/{customer.id}", headers=admin_headers),
        await client.get("/customers/?role=all", headers=admin_headers),
        await client.get(f"/customers/{customer.id}", headers=admin_headers),
        await client.get("/orders/admin/all", headers=admin_headers),
    ]
    stored_hash = customer.password_hash
    for answer in answers:
        assert answer.status_code == 200, answer.request.url
        assert "$2b$" not in answer.text
        assert stored_hash not in answer.text
        assert tokens["refresh_token"] not in answer.text
        assert DEFAULT_PASSWORD not in answer.text
        assert not SECRET_NAME.search(" ".join(_keys(answer.json()))), answer.request.url


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(key for item in value.values() for key in _keys(item))]
    if isinstance(value, list):
        return [key for item in value for key in _keys(item)]
    return []


async def test_admin_role_is_never_read_from_what_the_client_says(
    client: httpx.AsyncClient, customer: User
) -> None:
    """Headers or query parameters naming a role change nothing."""
    headers = {**auth_headers(customer), "X-Role": "admin", "X-User-Role": "admin"}
    response = await client.get("/customers/?role=admin&is_admin=true", headers=headers)
    assert response.status_code == 403
    assert customer.role is UserRole.CUSTOMER
