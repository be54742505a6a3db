"""OWASP API5:2023 Broken function-level authorisation: every route, anonymous and as a customer.

The routes are enumerated from the app itself, so a route added later is covered without
touching this file. Each is in exactly one of the lists below: public, for any signed-in user,
guarded by a mechanism of its own (the Prometheus scrape), or else for administrators only.
Every administrator route answers 401 without a token and 403 `admin_required` with a
customer's, whether the id in its path exists or not (the guard runs before any look-up); a new
route that forgets its guard fails here. The guards the code declares (`require_role(ADMIN)`
and the token dependency, on the route or its router) are checked to agree with the lists.
"""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import auth_headers, create_product
from tests.security.conftest import api_routes, operations_of
from webshop.auth.dependencies import get_caller
from webshop.core.inputs import MAX_ID
from webshop.users.models import User, UserRole

PUBLIC = {
    ("GET", "/"),  # the web UI
    ("GET", "/docs"),
    ("GET", "/health"),
    ("GET", "/shop"),
    ("POST", "/auth/register"),
    ("POST", "/auth/login"),
    ("POST", "/auth/refresh"),  # takes a refresh token, checked by the route itself
    ("POST", "/auth/logout"),  # ends the session of the token sent, if any
    ("GET", "/products/"),  # admin-only filters are refused inside (tested below)
    ("GET", "/products/categories"),
    ("GET", "/products/{product_id}"),
    ("GET", "/products/{product_id}/reviews"),
}
SIGNED_IN = {
    ("GET", "/users/me"),
    ("PATCH", "/users/me"),
    ("POST", "/users/me/password"),
    ("GET", "/auth/sessions"),
    ("DELETE", "/auth/sessions"),
    ("DELETE", "/auth/sessions/{session_id}"),
    ("POST", "/orders/"),
    ("GET", "/orders/detailed"),
    ("GET", "/orders/summary"),
    ("GET", "/orders/{order_id}"),  # your own only (see API1)
    ("POST", "/orders/{order_id}/cancel"),  # your own only
    ("POST", "/products/{product_id}/reviews"),
    ("PUT", "/products/{product_id}/reviews/{review_id}"),  # the author only
    ("DELETE", "/products/{product_id}/reviews/{review_id}"),  # the author or an admin
    ("POST", "/events/cart"),
}
OWN_GUARD = {
    ("GET", "/metrics"),  # METRICS_TOKEN, or this machine only (tested below)
}
NOT_AUTHENTICATED = {"detail": "Not authenticated", "code": "not_authenticated"}
ADMIN_REQUIRED = {"detail": "Administrator access required", "code": "admin_required"}
MISSING_IDS = {
    "product_id": MAX_ID,
    "order_id": MAX_ID,
    "user_id": MAX_ID,
    "review_id": MAX_ID,
    "session_id": str(uuid.UUID(int=0, version=4)),
}


def admin_operations(app: Any) -> set[tuple[str, str]]:
    return operations_of(app) - PUBLIC - SIGNED_IN - OWN_GUARD


def fill(path: str, ids: dict[str, Any]) -> str:
    """The path with its parameters filled; a parameter nobody knows fails loudly here."""
    return re.sub(r"{(\w+)}", lambda match: str(ids[match.group(1)]), path)


def body_for(app: Any, method: str, path: str) -> dict[str, Any]:
    """A small body of the kind the operation takes (the guard must refuse it anyway)."""
    operation = app.openapi()["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return {"files": {"file": ("a.csv", b"name\n", "text/csv"), "image": ("a.png", b"x")}}
    if "application/x-www-form-urlencoded" in content:
        return {"data": {"username": "x", "password": "y"}}
    if content:
        return {"json": {}}
    return {}


async def call(
    client: httpx.AsyncClient, app: Any, method: str, path: str, ids: dict[str, Any], **kw: Any
) -> httpx.Response:
    return await client.request(method, fill(path, ids), **body_for(app, method, path), **kw)


def test_the_lists_name_routes_that_exist_and_leave_admin_routes_over(app: Any) -> None:
    operations = operations_of(app)
    assert PUBLIC | SIGNED_IN | OWN_GUARD <= operations
    admin = admin_operations(app)
    # Whatever else there is, the known admin areas are among it.
    for prefix in ("/analytics/", "/customers/", "/users/{user_id}", "/orders/admin/"):
        assert any(path.startswith(prefix) for _, path in admin), prefix
    assert ("DELETE", "/products/{product_id}") in admin
    assert ("PUT", "/orders/{order_id}/status") in admin


def dependency_calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from dependency_calls(dependency)


def is_admin_guard(call: Callable[..., Any]) -> bool:
    if getattr(call, "__qualname__", "") != "require_role.<locals>.guard":
        return False
    return inspect.getclosurevars(call).nonlocals.get("role") is UserRole.ADMIN


def test_the_guards_declared_in_the_code_agree_with_the_lists(app: Any) -> None:
    admin = admin_operations(app)
    for route in api_routes(app):
        calls = list(dependency_calls(route.dependant))
        for method in route.methods - {"HEAD"}:
            operation = (method, route.path_format)
            assert any(map(is_admin_guard, calls)) == (operation in admin), operation
            assert (get_caller in calls) == (operation in admin | SIGNED_IN), operation


async def test_every_admin_route_refuses_anonymous_callers_and_customers(
    app: Any, client: httpx.AsyncClient, customer: User, ids: dict[str, Any]
) -> None:
    operations = sorted(admin_operations(app))
    assert len(operations) >= 25

    for method, path in operations:
        anonymous = await call(client, app, method, path, ids)
        assert (anonymous.status_code, anonymous.json()) == (401, NOT_AUTHENTICATED), (method, path)
        assert anonymous.headers["www-authenticate"] == "Bearer"

        for known in (ids, MISSING_IDS):  # the same answer whether the id exists or not
            as_customer = await call(
                client, app, method, path, known, headers=auth_headers(customer)
            )
            assert (as_customer.status_code, as_customer.json()) == (403, ADMIN_REQUIRED), (
                method,
                path,
                known is ids,
            )


async def test_every_signed_in_route_refuses_anonymous_callers(
    app: Any, client: httpx.AsyncClient, ids: dict[str, Any]
) -> None:
    for method, path in sorted(SIGNED_IN):
        response = await call(client, app, method, path, ids)
        assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED), (method, path)


async def test_public_pages_answer_anyone(
    app: Any, client: httpx.AsyncClient, ids: dict[str, Any]
) -> None:
    for method, path in sorted(PUBLIC):
        if method == "GET":
            response = await client.get(fill(path, ids))
            assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize(
    "params", [{"include_inactive": "true"}, {"is_active": "false"}, {"max_stock": "3"}]
)
async def test_the_catalogs_admin_filters_are_for_administrators(
    client: httpx.AsyncClient, customer: User, admin: User, params: dict[str, str]
) -> None:
    anonymous = await client.get("/products/", params=params)
    as_customer = await client.get("/products/", params=params, headers=auth_headers(customer))
    as_admin = await client.get("/products/", params=params, headers=auth_headers(admin))

    assert (anonymous.status_code, anonymous.json()) == (403, ADMIN_REQUIRED)
    assert (as_customer.status_code, as_customer.json()) == (403, ADMIN_REQUIRED)
    assert as_admin.status_code == 200


async def test_a_deleted_product_is_shown_to_administrators_only(
    client: httpx.AsyncClient, session: AsyncSession, customer: User, admin: User
) -> None:
    product = await create_product(session, is_active=False)

    as_customer = await client.get(f"/products/{product.id}", headers=auth_headers(customer))
    as_admin = await client.get(f"/products/{product.id}", headers=auth_headers(admin))

    assert as_customer.status_code == 404
    assert (as_admin.status_code, as_admin.json()["is_active"]) == (200, False)


async def test_method_override_headers_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    product = await create_product(session)
    headers = auth_headers(customer)
    for override in ("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"):
        response = await client.post(
            f"/products/{product.id}", headers={**headers, override: "DELETE"}
        )
        assert response.status_code == 405, override
    assert (await client.get(f"/products/{product.id}")).status_code == 200


def scraper(app: Any, peer: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(peer, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_metrics_are_for_the_scraper_only(app: Any, customer: User, admin: User) -> None:
    """Without METRICS_TOKEN: this machine only, never through a proxy; with it: that token
    only (a user's access token, an administrator's included, is not it)."""
    async with scraper(app, "127.0.0.1") as local, scraper(app, "203.0.113.7") as remote:
        assert (await local.get("/metrics")).status_code == 200
        proxied = await local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
        assert proxied.status_code == 403
        assert (await remote.get("/metrics")).status_code == 403
        assert (await remote.get("/metrics", headers=auth_headers(admin))).status_code == 403
        assert "# HELP" in (await local.get("/metrics")).text

        token = "metrics-scraper-token-0123456789"
        app.state.settings = app.state.settings.model_copy(
            update={"METRICS_TOKEN": SecretStr(token)}
        )
        for headers in ({}, auth_headers(customer), auth_headers(admin)):
            for client in (local, remote):
                refused = await client.get("/metrics", headers=headers)
                assert refused.status_code == 401, headers
                assert refused.json()["code"] == "metrics_token_required"
                assert "# HELP" not in refused.text
        allowed = await remote.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert allowed.status_code == 200
