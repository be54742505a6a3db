"""Arranging a browser test's data through the real API, as the administrator would.

Every function takes the `api` fixture (an httpx client logged in as the administrator) and
returns the API's JSON. The server lives for the whole session, so names must not collide:
`unique()` makes one.
"""

from __future__ import annotations

import io
import itertools
import uuid
from typing import Any

import httpx
from PIL import Image

CUSTOMER_PASSWORD = "Customer-Pass-4821"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """`prefix` with a suffix no other call in this session returns, e.g. `carla-1a2b3c-7`."""
    return f"{prefix}-{uuid.uuid4().hex[:6]}-{next(_counter)}"


def expect(response: httpx.Response, status: int = 200) -> Any:
    if response.status_code != status:
        raise AssertionError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}, expected {status}: {response.text}"
        )
    return response.json()


async def login(client: httpx.AsyncClient, username: str, password: str) -> str:
    """An access token for `username` (or an email address)."""
    response = await client.post("/auth/login", data={"username": username, "password": password})
    return str(expect(response)["access_token"])


async def create_product(
    api: httpx.AsyncClient,
    *,
    name: str,
    price: str = "12.50",
    stock: int = 5,
    category: str | None = "Tea",
    description: str = "",
) -> dict[str, Any]:
    body = {"name": name, "description": description, "price": price, "stock": stock}
    if category is not None:
        body["category"] = category
    return expect(await api.post("/products/", json=body))


def png_bytes(
    color: tuple[int, int, int] = (196, 120, 64), size: tuple[int, int] = (320, 240)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


async def upload_image(
    api: httpx.AsyncClient, product_id: int, image: bytes | None = None
) -> dict[str, Any]:
    """Set a product's image (a plain-coloured PNG unless `image` is given)."""
    files = {"image": ("product.png", image or png_bytes(), "image/png")}
    return expect(await api.post(f"/products/{product_id}/image", files=files))


async def change_stock(
    api: httpx.AsyncClient, product_id: int, delta: int, reason: str = "adjustment"
) -> dict[str, Any]:
    """Add (or, with a negative `delta`, take away) stock; `reason` is restock or adjustment."""
    body = {"delta": delta, "reason": reason}
    return expect(await api.post(f"/products/{product_id}/stock", json=body), 201)


async def register_customer(
    api: httpx.AsyncClient, *, username: str | None = None, password: str = CUSTOMER_PASSWORD
) -> dict[str, Any]:
    """A new customer account; the result has the `password` too, to log in with in the UI."""
    username = username or unique("customer")
    body = {"email": f"{username}@example.com", "username": username, "password": password}
    user = expect(await api.post("/auth/register", json=body), 201)
    return {**user, "password": password}
