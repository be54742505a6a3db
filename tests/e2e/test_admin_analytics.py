"""The analytics dashboard on the demo data (`webshop seed`): the figures, the ranges and the
CSV files are the API's, and an order placed meanwhile shows without a reload.

The module has a server of its own (`demo_server`): seeding it and delivering the seeded events
to analytics take about 20 s, once. Every figure is compared with what the API answers for the
same range in the same test.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.e2e.analytics import (
    BROWSER,
    card,
    count,
    dashboard,
    download,
    expect_period_figures,
    exported,
    figure,
    live_indicator,
    money,
    open_analytics,
)
from tests.e2e.conftest import traced_context
from tests.e2e.pages import PageErrors
from tests.e2e.server import Server, wait_delivered
from tests.e2e.shop import expect as expect_status
from tests.e2e.shop import register_customer
from tests.e2e.storefront import add_to_cart, log_in, place_order

TODAY = datetime.now(UTC).date()  # the shop's time zone is UTC here
# A custom range in the past: thirty days of the demo orders, ending a fortnight ago.
CUSTOM_FROM, CUSTOM_TO = (
    (TODAY - timedelta(days=44)).isoformat(),
    (TODAY - timedelta(days=15)).isoformat(),
)


@pytest.fixture
async def admin_page(
    browser: Browser, demo_server: Server, request: pytest.FixtureRequest, page_errors: PageErrors
) -> AsyncIterator[Page]:
    """A desktop page on the demo shop, in en-US (for "€1,234.50"); nobody logged in yet."""
    async with traced_context(browser, demo_server, request, page_errors, "admin", BROWSER) as ctx:
        yield await ctx.new_page()


@pytest.fixture
async def shopper_page(
    browser: Browser, demo_server: Server, request: pytest.FixtureRequest, page_errors: PageErrors
) -> AsyncIterator[Page]:
    """A second browser, for a customer shopping while the administrator watches."""
    async with traced_context(
        browser, demo_server, request, page_errors, "shopper", BROWSER
    ) as ctx:
        yield await ctx.new_page()


def selected_period(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Period").locator("option:checked")


async def test_the_demo_dashboard_shows_the_revenue_the_api_reports(
    admin_page: Page, demo_server: Server, demo_api
):
    page = admin_page
    await open_analytics(page, demo_server)
    reports = page.get_by_role("navigation", name="Reports")
    await expect(reports.get_by_role("link")).to_have_text(
        ["Overview", "Orders", "Users", "Products"]
    )
    await expect(reports.get_by_role("link", name="Overview")).to_have_attribute(
        "aria-current", "page"
    )
    await expect(selected_period(page)).to_have_text("Last 30 days")

    answer = await dashboard(demo_api, days=30)
    assert Decimal(answer["summary"]["revenue"]) > 0, "the demo data has no revenue to show"
    await expect_period_figures(page, answer)
    today = answer["overview"]
    await expect(figure(page, "Orders today")).to_have_text(count(today["today_orders"]))
    await expect(figure(page, "Revenue today")).to_have_text(money(today["today_revenue"]))
    newest = answer["recent_orders"][0]["id"]
    await expect(card(page, "Recent orders").get_by_role("link").first).to_have_text(
        f"Order #{newest}"
    )


async def test_switching_to_7_days_and_comparing_shows_the_apis_figures(
    admin_page: Page, demo_server: Server, demo_api
):
    page = admin_page
    await open_analytics(page, demo_server)
    month = await dashboard(demo_api, days=30)
    await expect_period_figures(page, month)
    week = await dashboard(demo_api, days=7)
    assert week["summary"] != month["summary"], "the demo data looks the same either way"

    await page.get_by_role("combobox", name="Period").select_option(label="Last 7 days")
    await expect(page).to_have_url(re.compile(r"[?&]range=7d(&|$)"))
    await expect_period_figures(page, week)

    compare = page.get_by_role("checkbox", name="Compare with previous period")
    await compare.check()
    await expect(page).to_have_url(re.compile(r"[?&]compare=previous(&|$)"))
    compared = await dashboard(demo_api, days=7, compare="previous")
    assert compared["change"] is not None
    await expect_period_figures(page, compared)

    await page.reload()  # the range lives in the URL
    await expect(selected_period(page)).to_have_text("Last 7 days")
    await expect(compare).to_be_checked()
    await expect_period_figures(page, compared)


async def test_a_custom_range_shows_the_apis_figures_for_those_days(
    admin_page: Page, demo_server: Server, demo_api
):
    page = admin_page
    await open_analytics(page, demo_server)
    await page.get_by_role("combobox", name="Period").select_option(label="Custom")
    await page.get_by_label("From", exact=True).fill(CUSTOM_FROM)
    await page.get_by_label("To", exact=True).fill(CUSTOM_TO)
    await page.get_by_role("button", name="Apply", exact=True).click()

    await expect(page).to_have_url(re.compile(rf"[?&]from={CUSTOM_FROM}(&|$)"))
    await expect(page).to_have_url(re.compile(rf"[?&]to={CUSTOM_TO}(&|$)"))
    await expect_period_figures(
        page, await dashboard(demo_api, date_from=CUSTOM_FROM, date_to=CUSTOM_TO)
    )


async def test_an_order_placed_meanwhile_counts_on_the_open_dashboard_within_5_s(
    admin_page: Page, shopper_page: Page, demo_server: Server, demo_api
):
    product: dict[str, Any] = expect_status(
        await demo_api.get("/products/", params={"in_stock": "true", "limit": 1})
    )[0]
    customer = await register_customer(demo_api)
    await log_in(shopper_page, customer)
    await add_to_cart(shopper_page, product)

    page = admin_page
    await open_analytics(page, demo_server)
    await expect(live_indicator(page)).to_have_text("Live")
    before = expect_status(await demo_api.get("/analytics/overview"))["today_orders"]
    await expect(figure(page, "Orders today")).to_have_text(count(before))
    await page.evaluate("window.openAllAlong = true")  # gone if the page reloads

    number = await place_order(shopper_page)
    await expect(figure(page, "Orders today")).to_have_text(count(before + 1), timeout=5000)
    await expect(
        card(page, "Recent orders").get_by_role("link", name=f"Order #{number}", exact=True)
    ).to_be_visible()
    assert await page.evaluate("window.openAllAlong === true"), "the dashboard was reloaded"
    assert expect_status(await demo_api.get("/analytics/overview"))["today_orders"] == before + 1


@pytest.mark.parametrize(
    ("path", "button", "query"),
    [
        ("/admin/analytics", "Export revenue (CSV)", {"report": "revenue", "days": 30}),
        (
            "/admin/analytics/orders?range=7d",
            "Export orders (CSV)",
            {"report": "orders", "days": 7},
        ),
        ("/admin/analytics/users", "Export users (CSV)", {"report": "users", "days": 7}),
        (
            f"/admin/analytics/products?from={CUSTOM_FROM}&to={CUSTOM_TO}",
            "Export products (CSV)",
            {"report": "products", "date_from": CUSTOM_FROM, "date_to": CUSTOM_TO},
        ),
    ],
    ids=["revenue", "orders", "users", "products"],
)
async def test_a_csv_download_has_the_apis_rows(
    admin_page: Page, demo_server: Server, demo_api, path: str, button: str, query: dict[str, Any]
):
    await open_analytics(admin_page, demo_server, path)
    await asyncio.to_thread(wait_delivered, demo_server)  # this login counts as activity
    name, rows = await download(admin_page, button)
    assert name.endswith(".csv"), name
    assert len(rows) > 1, "the file has no rows"
    assert rows == await exported(demo_api, **query)
