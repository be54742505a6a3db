"""OWASP API4:2023 Unrestricted resource consumption: every request has bounds.

Bodies are refused past their limit before they are read whole (declared or streamed); page
sizes are capped on every list; orders have a bounded number of lines and quantities; images
are limited in bytes and in pixels (a decompression bomb is refused from its header); logins,
registrations, password changes and cart events are throttled with a 429 and `Retry-After`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.catalog.test_images import image_bytes, png_claiming
from tests.factories import auth_headers, create_order, create_product
from tests.security.conftest import bearer, log_in
from webshop.api.params import MAX_PAGE, MAX_SKIP
from webshop.core.config import get_settings
from webshop.orders.schemas import MAX_LINES, MAX_QUANTITY
from webshop.users.models import User

TOO_LARGE = "payload_too_large"


def assert_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text[:200]
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == TOO_LARGE


async def test_a_body_over_the_limit_is_refused_whether_declared_or_streamed(
    client: httpx.AsyncClient, customer: User
) -> None:
    limit = get_settings().MAX_REQUEST_BODY_BYTES
    body = b'{"items": [' + b" " * limit + b"]}"

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    headers = {**auth_headers(customer), "Content-Type": "application/json"}
    declared = await client.post("/orders/", content=body, headers=headers)
    chunked = await client.post("/orders/", content=streamed(), headers=headers)
    login_form = await client.post(
        "/auth/login",
        content=b"username=carla&password=" + b"x" * limit,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    unauthenticated = await client.post(
        "/orders/", content=body, headers={"Content-Type": "application/json"}
    )

    # Anonymous callers too: the body is refused before anyone is authenticated.
    for response in (declared, chunked, login_form, unauthenticated):
        assert_too_large(response)


def list_operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """Every GET that pages its answer (it takes `limit`)."""
    return [
        (method, path, operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if any(p["name"] == "limit" and p["in"] == "query" for p in operation.get("parameters", []))
    ]


async def test_every_list_caps_its_page_size_and_offset(
    app: Any, client: httpx.AsyncClient, session: AsyncSession, admin: User, customer: User
) -> None:
    product = await create_product(session)
    ids = {"product_id": product.id, "user_id": customer.id}
    operations = list_operations(app)
    assert len(operations) >= 10  # the lists are found: products, orders, users, analytics...

    for method, template, operation in operations:
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] <= MAX_PAGE, template
        path = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), template)
        for params in ({"limit": 100_000}, {"limit": MAX_PAGE + 1}, {"skip": MAX_SKIP + 1}):
            response = await client.request(
                method, path, params=params, headers=auth_headers(admin)
            )
            assert response.status_code == 422, (template, params, response.text)
            assert response.json()["code"] == "validation_error"
        at_cap = await client.request(
            method, path, params={"limit": MAX_PAGE}, headers=auth_headers(admin)
        )
        assert at_cap.status_code == 200, (template, at_cap.text)


async def test_an_order_has_bounded_lines_and_quantities(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    products = [await create_product(session, stock=10_000) for _ in range(MAX_LINES + 1)]
    headers = auth_headers(customer)

    too_many_lines = await client.post(
        "/orders/",
        json={"items": [{"product_id": p.id, "quantity": 1} for p in products]},
        headers=headers,
    )
    too_many = await client.post(
        "/orders/",
        json={"items": [{"product_id": products[0].id, "quantity": MAX_QUANTITY + 1}]},
        headers=headers,
    )
    # The limit holds for one product split over many lines too.
    split = await client.post(
        "/orders/",
        json={"items": [{"product_id": products[0].id, "quantity": MAX_QUANTITY // 2 + 1}] * 2},
        headers=headers,
    )

    assert too_many_lines.status_code == too_many.status_code == 422
    assert (split.status_code, split.json()["code"]) == (422, "line_limit_exceeded")


async def test_search_text_is_bounded(client: httpx.AsyncClient, admin: User) -> None:
    long_text = "a" * 10_000
    for path, name in (("/products/", "q"), ("/users/", "q"), ("/customers/", "q")):
        response = await client.get(path, params={name: long_text}, headers=auth_headers(admin))
        assert response.status_code == 422, path


async def upload(client: httpx.AsyncClient, product_id: int, data: bytes, admin: User) -> Any:
    return await client.post(
        f"/products/{product_id}/image",
        files={"image": ("photo.png", data, "image/png")},
        headers=auth_headers(admin),
    )


async def test_images_are_bounded_in_bytes_and_in_pixels(
    client: httpx.AsyncClient, session: AsyncSession, admin: User
) -> None:
    product = await create_product(session)

    too_big = await upload(
        client, product.id, image_bytes("PNG") + b"\0" * (5 * 1024 * 1024), admin
    )
    bomb = await upload(client, product.id, png_claiming(100_000, 100_000), admin)  # 10 gigapixels
    far_too_big = await upload(client, product.id, b"\xff" * (8 * 1024 * 1024), admin)

    assert (too_big.status_code, too_big.json()["code"]) == (413, "image_too_large")
    assert (bomb.status_code, bomb.json()["code"]) == (413, "too_many_pixels")
    assert_too_large(far_too_big)  # refused by the body limit before the image code runs
    assert (await client.get(f"/products/{product.id}")).json()["image_url"] is None


def assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "rate_limited"
    retry_after = int(response.headers["retry-after"])
    assert retry_after >= 1
    assert response.json()["retry_after"] == retry_after


async def test_login_guessing_is_throttled(client: httpx.AsyncClient, customer: User) -> None:
    settings = get_settings()
    per_account_and_address = settings.RATE_LIMIT_LOGIN_ACCOUNT_IP[0].hits
    per_address = settings.RATE_LIMIT_LOGIN_IP[0].hits

    def guess(name: str) -> Any:
        return client.post("/auth/login", data={"username": name, "password": "guess"})

    one_account = [(await guess("carla")).status_code for _ in range(per_account_and_address)]
    assert one_account == [401] * per_account_and_address
    assert_throttled(await guess("carla"))
    # One address trying many accounts: the failures on Carla's count too.
    others = per_address - per_account_and_address
    many_accounts = [(await guess(f"user-{n}")).status_code for n in range(others)]
    assert set(many_accounts) == {401}
    assert_throttled(await guess("someone-else"))


async def test_password_changes_are_throttled_per_account(
    client: httpx.AsyncClient, customer: User
) -> None:
    tokens = await log_in(client, "carla")
    headers = bearer(tokens["access_token"])
    wrong = {"current_password": "not it", "new_password": "a brand new secret 5"}
    allowed = get_settings().RATE_LIMIT_PASSWORD_CHANGE[0].hits

    answers = [
        (await client.post("/users/me/password", json=wrong, headers=headers)).status_code
        for _ in range(allowed)
    ]

    assert answers == [422] * allowed
    assert_throttled(await client.post("/users/me/password", json=wrong, headers=headers))


async def test_cart_events_are_throttled_per_user(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    product = await create_product(session)
    await create_order(session, customer, (product, 1))  # a product the user has seen
    headers = auth_headers(customer)
    event = {"product_id": product.id, "action": "add", "quantity": 1, "cart_item_count": 1}
    allowed = get_settings().CART_EVENTS_PER_MINUTE

    answers = [
        (await client.post("/events/cart", json=event, headers=headers)).status_code
        for _ in range(allowed)
    ]

    assert set(answers) == {202}
    assert_throttled(await client.post("/events/cart", json=event, headers=headers))
