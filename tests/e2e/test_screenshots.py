"""The pictures of the shop in the README, taken from the demo shop `webshop seed` makes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, expect

from tests.e2e.conftest import embedded_only
from tests.e2e.pages import DESKTOP, PHONE, screenshot
from tests.e2e.server import Server, server_env, start_server, stop_server
from tests.e2e.storefront import log_in

pytestmark = embedded_only
SHOP = {"SHOP_NAME": "Corner Shop"}
IMAGES_IN_VIEW_LOADED = """() => [...document.images]
    .filter((image) => image.getBoundingClientRect().top < innerHeight)
    .every((image) => image.complete && image.naturalWidth > 0)"""


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("demo-shop")
    database_url = f"sqlite+aiosqlite:///{data_dir / 'shop.db'}"
    subprocess.run(
        [sys.executable, "-m", "webshop.cli", "seed"],
        env=server_env(data_dir, database_url, **SHOP),
        cwd=data_dir,
        check=True,
        capture_output=True,
        timeout=300,
    )
    server = start_server(data_dir, database_url, **SHOP)
    yield server
    stop_server(server)


async def test_the_readme_shows_the_demo_shop(browser: Browser, demo_shop: Server):
    for name, options, path, ready in (
        ("shop", DESKTOP, "/", "All products"),
        ("shop-phone", PHONE, "/product/1", None),
    ):
        context = await browser.new_context(base_url=demo_shop.base_url, **options)
        try:
            page = await context.new_page()
            await page.goto(path)
            heading = page.get_by_role("heading", level=1)
            await expect(heading).to_have_text(ready) if ready else await heading.wait_for()
            await page.wait_for_load_state("networkidle")
            await page.evaluate("document.fonts.ready")
            await page.wait_for_function(IMAGES_IN_VIEW_LOADED)
            image = await screenshot(page, name)
            assert image.stat().st_size > 10_000
        finally:
            await context.close()


async def test_the_readme_shows_the_admin_console(browser: Browser, demo_shop: Server):
    for name, options, path, ready in (
        ("admin-products", DESKTOP, "/admin/products", "Products"),
        ("admin-order-phone", PHONE, "/admin/orders?status=paid", "Orders"),
    ):
        context = await browser.new_context(base_url=demo_shop.base_url, **options)
        try:
            page = await context.new_page()
            admin = {"username": demo_shop.admin_username, "password": demo_shop.admin_password}
            await log_in(page, admin, path)
            await expect(page.get_by_role("heading", level=1)).to_have_text(ready)
            if name == "admin-order-phone":  # an order that can still move on
                await page.get_by_role("link", name="Order #").first.click()
                await expect(page.get_by_role("button", name="Mark as shipped")).to_be_visible()
            await page.wait_for_load_state("networkidle")
            await page.evaluate("document.fonts.ready")
            await page.wait_for_function(IMAGES_IN_VIEW_LOADED)
            image = await screenshot(page, name)
            assert image.stat().st_size > 10_000
        finally:
            await context.close()
