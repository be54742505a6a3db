"""Only administrators open the console; nobody else's browser even loads its code."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.async_api import Page, Request, expect

from tests.e2e.admin import ADMIN_PAGES
from tests.e2e.shop import register_customer
from tests.e2e.storefront import log_in


def is_admin_code(request: Request) -> bool:
    """The build names every chunk holding console code `admin-…` (see vite.config.ts)."""
    return request.resource_type == "script" and request.url.rsplit("/", 1)[-1].startswith("admin-")


async def test_an_anonymous_visitor_is_sent_to_log_in_and_comes_back(page: Page, server):
    for path in [*ADMIN_PAGES, "/admin/products/new"]:
        await page.goto(path)
        await expect(page).to_have_url(
            re.compile(r"/login\?next=" + re.escape(quote(path, safe="")) + "$")
        )
        await expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    await page.get_by_label("Email or username").fill(server.admin_username)
    await page.get_by_label("Password", exact=True).fill(server.admin_password)
    await page.get_by_role("button", name="Log in").click()
    await expect(page).to_have_url(re.compile(r"/admin/products/new$"))
    await expect(page.get_by_role("navigation", name="Administration")).to_be_visible()


async def test_a_customer_is_not_allowed_in_and_loads_none_of_its_code(page: Page, api):
    customer = await register_customer(api)
    scripts: list[str] = []
    page.on(
        "request", lambda request: scripts.append(request.url) if is_admin_code(request) else None
    )
    await log_in(page, customer)
    await page.goto("/")
    await expect(page.get_by_role("heading", name="All products")).to_be_visible()
    # The reload restored the session (a refresh); leaving before it is answered would send the
    # replaced refresh token next, which ends the session (see issue 13's grace window).
    await expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert scripts == [], "a shopper's browser loaded console code"

    for path in [*ADMIN_PAGES, "/admin/orders/1", "/admin/customers/1"]:
        await page.goto(path)
        await expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
        await expect(page.get_by_role("navigation", name="Administration")).to_have_count(0)
