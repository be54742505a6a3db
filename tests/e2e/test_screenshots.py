"""The pictures of the shop in the README, taken from the demo shop (`demo_server`)."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import embedded_only
from tests.e2e.pages import DESKTOP, PHONE, screenshot
from tests.e2e.server import Server
from tests.e2e.storefront import log_in

pytestmark = embedded_only
IMAGES_IN_VIEW_LOADED = """() => [...document.images]
    .filter((image) => image.getBoundingClientRect().top < innerHeight)
    .every((image) => image.complete && image.naturalWidth > 0)"""


async def take_picture(page: Page, name: str) -> None:
    """Save the page as `docs/screenshots/<name>.png` once it is drawn: its requests done, its
    fonts and the images in view loaded."""
    if name == "admin-analytics":  # its live stream keeps the network busy
        await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
        await expect(page.get_by_role("img", name=re.compile("^Revenue trend"))).to_be_visible()
    else:
        await page.wait_for_load_state("networkidle")
    await page.evaluate("document.fonts.ready")
    await page.wait_for_function(IMAGES_IN_VIEW_LOADED)
    image = await screenshot(page, name)
    assert image.stat().st_size > 10_000


async def test_the_readme_shows_the_demo_shop(browser: Browser, demo_server: Server):
    for name, options, path, ready in (
        ("shop", DESKTOP, "/", "All products"),
        ("shop-phone", PHONE, "/product/1", None),
    ):
        context = await browser.new_context(base_url=demo_server.base_url, **options)
        try:
            page = await context.new_page()
            await page.goto(path)
            heading = page.get_by_role("heading", level=1)
            await expect(heading).to_have_text(ready) if ready else await heading.wait_for()
            await take_picture(page, name)
        finally:
            await context.close()


async def test_the_readme_shows_the_admin_console(browser: Browser, demo_server: Server):
    for name, options, path, ready in (
        ("admin-products", DESKTOP, "/admin/products", "Products"),
        ("admin-order-phone", PHONE, "/admin/orders?status=paid", "Orders"),
        ("admin-activity", DESKTOP, "/admin/activity", "Activity"),
        ("admin-events-phone", PHONE, "/admin/events", "Events"),
        # Without motion, so that the charts are drawn at once.
        (
            "admin-analytics",
            {**DESKTOP, "reduced_motion": "reduce"},
            "/admin/analytics?compare=previous",
            "Analytics",
        ),
    ):
        context = await browser.new_context(base_url=demo_server.base_url, **options)
        try:
            page = await context.new_page()
            admin = {"username": demo_server.admin_username, "password": demo_server.admin_password}
            await log_in(page, admin, path)
            await expect(page.get_by_role("heading", level=1)).to_have_text(ready)
            if name == "admin-order-phone":  # an order that can still move on
                await page.get_by_role("link", name="Order #").first.click()
                await expect(page.get_by_role("button", name="Mark as shipped")).to_be_visible()
            await take_picture(page, name)
        finally:
            await context.close()
