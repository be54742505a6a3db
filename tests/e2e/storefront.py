"""What a shopper does in the storefront, step by step, through roles and labels."""

from __future__ import annotations

import random
import re
import string
from typing import Any
from urllib.parse import quote

from playwright.async_api import Page, expect

ADDRESS = {
    "Full name": "Carla Doe",
    "Street and number": "Main Street 1",
    "Postal code": "10115",
    "City": "Berlin",
    "Country": "Germany",
}


def word() -> str:
    """A random word of letters only: search engines index it as one term."""
    return "".join(random.choices(string.ascii_lowercase, k=10))


async def register(page: Page, username: str, password: str) -> None:
    await page.goto("/register")
    await page.get_by_label("Email").fill(f"{username}@example.com")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_label("Repeat password").fill(password)
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("button", name="Log out")).to_be_visible()


async def log_in(page: Page, customer: dict[str, Any], next_path: str = "/") -> None:
    await page.goto(f"/login?next={quote(next_path, safe='')}")
    await page.get_by_label("Email or username").fill(customer["username"])
    await page.get_by_label("Password", exact=True).fill(customer["password"])
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("button", name="Log out")).to_be_visible()


async def add_to_cart(page: Page, product: dict[str, Any], quantity: int = 1) -> None:
    await page.goto(f"/product/{product['id']}")
    await expect(page.get_by_role("heading", level=1, name=product["name"])).to_be_visible()
    await page.get_by_label("Quantity", exact=True).fill(str(quantity))
    await page.get_by_role("button", name="Add to cart").click()
    await expect(page.get_by_role("status").filter(has_text="Added")).to_contain_text(
        f"Added {quantity} to your cart"
    )


async def fill_address(page: Page) -> None:
    for label, value in ADDRESS.items():
        await page.get_by_label(label).fill(value)


async def place_order(page: Page) -> int:
    """Checkout with the cart as it is; the order number from the confirmation page."""
    await page.goto("/checkout")
    await fill_address(page)
    await page.get_by_role("button", name="Place order").click()
    await expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    return order_number(page)


def order_number(page: Page) -> int:
    match = re.search(r"/checkout/confirmation/(\d+)$", page.url)
    assert match, page.url
    return int(match.group(1))
