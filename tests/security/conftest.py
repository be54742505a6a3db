"""What the attack tests share: a second customer (the attacker), ids of things that exist, and
ways to log in and call."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import (
    DEFAULT_PASSWORD,
    create_order,
    create_product,
    create_user,
    factory_session_id,
)
from webshop.reviews.models import Review
from webshop.users.models import User


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def log_in(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    """A new login session (a device of its own: the refresh cookie is not kept)."""
    response = await client.post(
        "/auth/login", data={"username": name, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200, response.text
    client.cookies.clear()
    tokens: dict[str, Any] = response.json()
    return tokens


def https_client(app: Any) -> httpx.AsyncClient:
    """A client whose requests arrive over https (the ASGI scope's scheme is `https`)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="https://testserver")


@pytest.fixture
async def mallory(session: AsyncSession) -> User:
    """A second customer: the attacker, with an account of her own."""
    return await create_user(session, username="mallory", email="mallory@example.com")


def all_routes(app: Any) -> list[Any]:
    """Every route of the app as it is served (included routers' routes with their full path
    and effective dependencies), of whatever kind: API routes, plain routes, mounts.

    FastAPI keeps included routers as they are and resolves their routes lazily; its
    `iter_route_contexts` yields each as the app serves it.
    """
    try:
        from fastapi.routing import iter_route_contexts  # noqa: PLC0415 (FastAPI >= 0.16x)
    except ImportError:  # an older FastAPI copies every included route into app.routes
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def route_kind(route: Any) -> type:
    return type(getattr(route, "original_route", route))


def api_routes(app: Any) -> list[Any]:
    """Every FastAPI route (`APIRoute`) of the app."""
    return [route for route in all_routes(app) if issubclass(route_kind(route), APIRoute)]


def operations_of(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route; HEAD goes with GET."""
    return {
        (method, route.path_format)
        for route in api_routes(app)
        for method in route.methods
        if method != "HEAD"
    }


@pytest.fixture
async def ids(session: AsyncSession, customer: User) -> dict[str, Any]:
    """Ids of things that exist, to fill path parameters: the customer's order, review and
    session, and a product well in stock."""
    product = await create_product(session, stock=100_000)
    order = await create_order(session, customer, (product, 1))
    review = Review(product_id=product.id, user_id=customer.id, rating=4)
    session.add(review)
    await session.flush()
    return {
        "product_id": product.id,
        "order_id": order.id,
        "user_id": customer.id,
        "review_id": review.id,
        "session_id": factory_session_id(customer),
    }
