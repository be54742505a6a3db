"""An order moves through its lifecycle in the console while its customer watches."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.shop import create_product, register_customer
from tests.e2e.storefront import add_to_cart, log_in, place_order, word


async def test_an_order_shipped_in_the_console_shows_as_shipped_to_its_customer(
    page: Page, phone_page: Page, api, server
):
    customer_page = phone_page  # the customer follows their order on a phone
    tag = word()
    product = await create_product(api, name=f"Genmaicha {tag}", stock=4)
    customer = await register_customer(api)
    await log_in(customer_page, customer)
    await add_to_cart(customer_page, product, 2)
    number = await place_order(customer_page)
    await customer_page.goto("/account/orders")
    mine = customer_page.get_by_role("listitem").filter(has_text=f"Order #{number}")
    await expect(mine).to_contain_text("Pending")

    await log_in_as_admin(page, server, f"/admin/orders?customer={customer['id']}")
    await page.get_by_role("link", name=f"Order #{number}", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{number}")
    actions = page.get_by_role("button", name="Mark as")
    await expect(actions).to_have_text(["Mark as paid"])
    await page.get_by_role("button", name="Mark as paid").click()
    await expect(page.get_by_role("button", name="Mark as shipped")).to_be_visible()
    await page.get_by_role("button", name="Mark as shipped").click()
    await expect(page.get_by_role("button", name="Mark as delivered")).to_be_visible()
    await expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)

    await customer_page.reload()
    await expect(mine).to_contain_text("Shipped")
    await mine.get_by_role("link").first.click()
    await expect(customer_page.get_by_role("heading", name=f"Order #{number}")).to_be_visible()
    await expect(customer_page.locator(".timeline")).to_contain_text("Shipped")


async def test_cancelling_in_the_console_asks_first_and_returns_the_stock(page: Page, api, server):
    tag = word()
    product = await create_product(api, name=f"Hojicha {tag}", stock=3)
    customer = await register_customer(api)
    await log_in(page, customer)
    await add_to_cart(page, product, 2)
    number = await place_order(page)
    await page.get_by_role("button", name="Log out").click()

    await log_in_as_admin(page, server, f"/admin/orders/{number}")
    await page.get_by_role("button", name="Cancel order").click()
    dialog = page.get_by_role("dialog", name=f"Cancel order #{number}?")
    await expect(dialog).to_contain_text("returned")
    await dialog.get_by_role("button", name="Cancel", exact=True).click()
    await expect(dialog).to_be_hidden()
    assert (await api.get(f"/products/{product['id']}")).json()["stock"] == 1

    await page.get_by_role("button", name="Cancel order").click()
    await dialog.get_by_role("button", name="Yes, cancel order").click()
    await expect(page.get_by_role("button", name="Mark as")).to_have_count(0)
    assert (await api.get(f"/products/{product['id']}")).json()["stock"] == 3
