"""The shop owner's trust tools (issue 16): the audit trail, the integrity check and the event
delivery log, in Chromium against a real server."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.axe import assert_accessible
from tests.e2e.server import wait_delivered
from tests.e2e.shop import create_product
from tests.e2e.shop import expect as answered
from tests.e2e.storefront import word
from tests.e2e.trust import sideways_overflow, stock_moved_behind_the_shops_back


async def test_a_price_change_is_in_the_activity_with_its_old_and_new_price(
    page: Page, api, server
):
    tag = word()
    product = await create_product(api, name=f"Sencha {tag}", price="12.50")
    await log_in_as_admin(page, server, f"/admin/products/{product['id']}")
    await expect(page.get_by_role("heading", level=1, name=f"Sencha {tag}")).to_be_visible()
    await page.get_by_label("Price (EUR)").fill("14.00")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_role("status").filter(has_text="Product saved")).to_be_visible()

    await page.get_by_role("link", name="Activity of this product").click()
    await expect(page).to_have_url(
        re.compile(rf"/admin/activity\?object_type=product&object_id={product['id']}$")
    )
    table = page.get_by_role("table", name="Activity")
    rows = table.get_by_role("row")
    await expect(rows).to_have_count(3)  # the header, the update, the creation
    await expect(rows.nth(1)).to_contain_text("Product updated")
    await expect(rows.nth(1)).to_contain_text("price: €12.50 → €14.00")
    await expect(rows.nth(1)).to_contain_text("admin@example.com")
    await expect(rows.nth(2)).to_contain_text("Product created")
    await expect(rows.nth(2)).to_contain_text(f"name: Sencha {tag}")
    await assert_accessible(page)

    # From the whole trail, narrowed to the product by hand, then to updates only.
    await page.get_by_role("link", name="Clear filters").click()
    await expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)
    filters = page.get_by_role("group", name="Filter activity")
    await filters.get_by_label("Object type").select_option(label="Product")
    await filters.get_by_role("searchbox", name="Object id").fill(str(product["id"]))
    await filters.get_by_role("searchbox", name="Object id").press("Enter")
    await expect(rows).to_have_count(3)
    await filters.get_by_label("Action").select_option(label="Product updated")
    await expect(rows).to_have_count(2)
    await expect(rows.nth(1)).to_contain_text("price: €12.50 → €14.00")
    await expect(page).to_have_url(re.compile(r"action=product\.updated"))
    await rows.nth(1).get_by_role("link", name=f"Product #{product['id']}").click()
    await expect(page.get_by_role("heading", level=1, name=f"Sencha {tag}")).to_be_visible()


async def test_the_integrity_check_finds_a_stock_changed_behind_the_shops_back(
    page: Page, api, server, server_database
):
    product = await create_product(api, name=f"Matcha {word()}", stock=5)
    await log_in_as_admin(page, server, "/admin/integrity")
    await expect(page.get_by_text("Everything adds up")).to_be_visible(timeout=60_000)
    await expect(page.get_by_role("button", name="Run checks again")).to_be_enabled()
    passed = page.get_by_role("region", name=re.compile(r"^Passed"))
    await expect(passed.get_by_role("heading", name="Stock matches movements")).to_be_visible()
    await assert_accessible(page)

    async with stock_moved_behind_the_shops_back(server_database, product["id"], 7):
        await page.get_by_role("button", name="Run checks again").click()
        await expect(page.get_by_text("1 check found a problem")).to_be_visible(timeout=60_000)
        problems = page.get_by_role("region", name="Problems found")
        failed = problems.get_by_role("region", name="Stock matches movements", exact=True)
        await expect(failed).to_contain_text("Failed")
        rows = failed.get_by_role("table").get_by_role("row")
        await expect(rows).to_have_count(2)
        await expect(rows.nth(1).get_by_role("link", name=str(product["id"]))).to_be_visible()
        await expect(rows.nth(1)).to_contain_text("12")  # the stock kept, not the 5 moved
        await assert_accessible(page)

    await page.get_by_role("button", name="Run checks again").click()
    await expect(page.get_by_text("Everything adds up")).to_be_visible(timeout=60_000)


async def test_an_event_is_found_in_the_log_and_replayed(page: Page, api, server):
    tag = word()
    product = await create_product(api, name=f"Kukicha {tag}")
    wait_delivered(server)
    await log_in_as_admin(page, server, "/admin/events")
    await page.goto(f"/admin/events?type=product_created&key={product['id']}")

    relay = page.get_by_role("region", name="Relay")
    await expect(relay).to_contain_text(re.compile(r"Relay running on \S+"))
    await expect(relay).to_contain_text("Sent events kept")
    rows = page.get_by_role("table", name="Events").get_by_role("row")
    await expect(rows).to_have_count(2)
    await expect(rows.nth(1)).to_contain_text("product_created")
    await expect(rows.nth(1)).to_contain_text("Sent")
    event_button = rows.nth(1).get_by_role("button", name=re.compile(r"^Details of event #"))
    await event_button.click()
    await expect(event_button).to_have_attribute("aria-expanded", "true")
    await expect(page.locator(".event-data")).to_contain_text(f'"product_name": "Kukicha {tag}"')
    await assert_accessible(page)

    await rows.nth(1).get_by_role("button", name=re.compile(r"^Replay event #")).click()
    toast = page.get_by_role("status").filter(has_text="queued for delivery")
    await expect(toast).to_contain_text("1 event queued for delivery")
    await toast.get_by_role("button", name="Dismiss").click()
    wait_delivered(server)  # the relay sends it again; consumers skip it by its event id

    # A time range around now: this product's creation and anything else created meanwhile.
    zone = ZoneInfo(answered(await api.get("/shop"))["timezone"])
    now = datetime.now(zone)
    await page.get_by_text("Replay a time range").click()
    form = page.locator("details.replay-range")
    await form.get_by_label("From").fill((now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    await form.get_by_label("To").fill((now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    await form.get_by_label("Type").select_option("product_created")
    await form.get_by_role("button", name="Replay…").click()
    dialog = page.get_by_role("dialog", name="Replay these events?")
    await expect(dialog).to_contain_text("Consumers de-duplicate by event id")
    await assert_accessible(page)
    await dialog.get_by_role("button", name="Replay events").click()
    await expect(dialog).to_be_hidden()
    await expect(
        page.get_by_role("status").filter(has_text=re.compile(r"\d+ events? queued for delivery"))
    ).to_be_visible()
    wait_delivered(server)


async def test_the_trust_pages_fit_a_phone(phone_page: Page, api, server):
    await create_product(api, name=f"Bancha {word()} with a name long enough to wrap somewhere")
    await log_in_as_admin(phone_page, server, "/admin/activity")
    for path, ready in (
        # On a phone each record is a card, still a row of the table for a screen reader.
        ("/admin/activity", phone_page.get_by_role("table", name="Activity").get_by_role("row")),
        ("/admin/integrity", phone_page.get_by_text("Everything adds up")),
        ("/admin/events", phone_page.get_by_role("table", name="Events").get_by_role("row")),
    ):
        await phone_page.goto(path)
        await expect(ready.last).to_be_visible(timeout=60_000)
        assert await sideways_overflow(phone_page) == 0, f"{path} scrolls sideways on a phone"
        await assert_accessible(phone_page)
