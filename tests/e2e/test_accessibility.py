"""Every storefront page, as axe-core sees it, and the README's picture of the shop."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.axe import axe_violations, format_violations
from tests.e2e.conftest import embedded_only
from tests.e2e.shop import create_product, login, register_customer, upload_image
from tests.e2e.storefront import add_to_cart, log_in, place_order, word


async def check(page: Page, path: str, ready: str) -> list[str]:
    await page.goto(path)
    await expect(page.get_by_role("heading", name=ready).first).to_be_visible()
    violations = await axe_violations(page)
    return [f"{path}: {format_violations(violations)}"] if violations else []


@embedded_only
@pytest.mark.allow_console_errors  # Chromium logs the not-found page's 404
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
async def test_no_storefront_page_has_a_serious_accessibility_violation(
    page: Page, api, server, page_errors, color_scheme
):
    tag = word()
    product = await create_product(
        api, name=f"Assam {tag}", description="Malty.\nStrong.", category=f"Black {tag}"
    )
    await upload_image(api, product["id"])
    await create_product(api, name=f"Ceylon {tag}", stock=2, category=f"Black {tag}")
    customer = await register_customer(api)
    await page.emulate_media(color_scheme=color_scheme)
    problems: list[str] = []
    problems += await check(page, "/", "All products")
    problems += await check(page, f"/?q={tag}", "All products")
    problems += await check(page, "/login", "Log in")
    problems += await check(page, "/register", "Create an account")
    problems += await check(page, "/cart", "Your cart")
    problems += await check(page, "/no-such-page", "Page not found")
    await log_in(page, customer)
    await add_to_cart(page, product, 1)
    problems += await check(page, f"/product/{product['id']}", f"Assam {tag}")
    problems += await check(page, "/cart", "Your cart")
    problems += await check(page, "/checkout", "Checkout")
    number = await place_order(page)
    problems += await check(page, f"/checkout/confirmation/{number}", "Thank you")
    problems += await check(page, "/account/orders", "Your orders")
    problems += await check(page, f"/account/orders/{number}", f"Order #{number}")
    problems += await check(page, "/account", "Your account")
    # Logged in elsewhere too (a script), so that the page lists another device to sign out.
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as elsewhere:
        await login(elsewhere, customer["username"], customer["password"])
        # Ready when the devices are listed: this one's heading carries the badge.
        problems += await check(page, "/account/sessions", "This device")
        await page.get_by_role("button", name="Sign out everywhere else").click()
        problems += [f"sign out dialog: {v}" for v in await dialog_violations(page)]
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("dialog")).to_be_hidden()
    assert problems == [], "\n".join(problems)
    assert [problem for problem in page_errors.problems() if "/no-such-page" not in problem] == []


@embedded_only
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
async def test_no_admin_page_has_a_serious_accessibility_violation(
    page: Page, api, server, color_scheme
):
    tag = word()
    product = await create_product(api, name=f"Darjeeling {tag}", category=f"Black {tag}")
    await upload_image(api, product["id"])
    customer = await register_customer(api)
    await log_in(page, customer)
    await add_to_cart(page, product, 1)
    number = await place_order(page)
    await page.get_by_role("button", name="Log out").click()
    await log_in_as_admin(page, server, "/admin")
    await page.emulate_media(color_scheme=color_scheme)

    problems: list[str] = []
    problems += await check(page, "/admin", "Overview")
    problems += await check(page, f"/admin/products?q={tag}", "Products")
    problems += await check(page, "/admin/products?status=deleted&q=nothing-matches", "Products")
    problems += await check(page, "/admin/products/new", "New product")
    problems += await check(page, f"/admin/products/{product['id']}", f"Darjeeling {tag}")
    await page.get_by_role("button", name="Adjust stock").click()
    problems += [f"stock dialog: {v}" for v in await dialog_violations(page)]
    problems += await check(page, "/admin/products/import", "Import products")
    problems += await check(page, "/admin/orders", "Orders")
    problems += await check(page, f"/admin/orders/{number}", f"Order #{number}")
    await page.get_by_role("button", name="Cancel order").click()
    problems += [f"cancel dialog: {v}" for v in await dialog_violations(page)]
    problems += await check(page, "/admin/customers", "Customers")
    problems += await check(page, f"/admin/customers/{customer['id']}", customer["username"])
    problems += await check(page, "/admin/analytics?compare=previous", "Revenue trend")
    await page.get_by_role("button", name="Show as table").first.click()
    problems += [f"chart as a table: {v}" for v in await page_violations(page)]
    problems += await check(page, "/admin/analytics/orders", "Orders by status")
    problems += await check(page, "/admin/analytics/users?compare=previous", "User growth")
    problems += await check(page, "/admin/analytics/products", "Top products by revenue")
    await page.get_by_role("combobox", name="Period").select_option(label="Custom")
    problems += [f"custom range: {v}" for v in await page_violations(page)]
    assert problems == [], "\n".join(problems)


async def dialog_violations(page: Page) -> list[str]:
    await expect(page.get_by_role("dialog")).to_be_visible()
    return await page_violations(page)


async def page_violations(page: Page) -> list[str]:
    violations = await axe_violations(page)
    return [format_violations(violations)] if violations else []
