"""The smoke journey CI runs against the composed stack (`WEBSHOP_SMOKE_URL`, e.g. the
frontend's nginx at http://localhost, after `webshop seed`): a visitor registers, picks a
product of the catalog, puts it in the cart and orders it. Without `WEBSHOP_SMOKE_URL` it runs
against the demo shop, so the journey itself is tested with every run."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.shop import unique
from tests.e2e.storefront import fill_address, order_number, register

SMOKE_URL = os.environ.get("WEBSHOP_SMOKE_URL", "").rstrip("/")
if SMOKE_URL:
    pytestmark = pytest.mark.no_web_ui  # the stack serves its own


@pytest.fixture
def shop_url(request: pytest.FixtureRequest) -> str:
    return SMOKE_URL or request.getfixturevalue("demo_server").base_url


@pytest.fixture
async def visitor(browser: Browser, shop_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=shop_url)
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def test_a_visitor_registers_and_orders_from_the_catalog(visitor, shop_url):
    async with httpx.AsyncClient(base_url=shop_url) as api:
        listed = await api.get("/products/", params={"in_stock": "true", "limit": 1})
    assert listed.status_code == 200, listed.text
    assert listed.json(), "the shop has no product in stock: seed it first (webshop seed)"
    product = listed.json()[0]

    await register(visitor, unique("smoke"), "Smoke-test-passw0rd")
    # From here on the way a visitor goes: links and buttons, no typed addresses.
    await visitor.get_by_role("link", name="Catalog").click()
    await visitor.get_by_role("link", name=product["name"]).first.click()
    await expect(visitor.get_by_role("heading", level=1, name=product["name"])).to_be_visible()
    await visitor.get_by_role("button", name="Add to cart").click()
    await expect(visitor.get_by_role("status").filter(has_text="Added")).to_be_visible()
    await visitor.get_by_role("link", name="View cart").click()
    await visitor.get_by_role("link", name="Checkout").click()
    await expect(visitor.get_by_role("heading", name="Checkout")).to_be_visible()
    await expect(visitor.get_by_role("link", name=product["name"])).to_be_visible()
    await fill_address(visitor)
    await visitor.get_by_role("button", name="Place order").click()
    await expect(visitor.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    order = order_number(visitor)

    await visitor.get_by_role("link", name="Orders").click()
    await expect(visitor.get_by_text(f"#{order}").first).to_be_visible()
