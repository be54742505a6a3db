"""Customer journeys through the built storefront, in Chromium, against a real server."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, Route, expect

from tests.e2e.shop import create_product, register_customer, unique, upload_image
from tests.e2e.storefront import (
    add_to_cart,
    fill_address,
    log_in,
    order_number,
    place_order,
    register,
    word,
)


def not_found_log(page: Page, path: str) -> str:
    """What Chromium logs for a page answered with a 404, as it should be."""
    origin = page.url.split("/", 3)[:3]
    url = "/".join(origin) + path
    return (
        "console error: Failed to load resource: the server responded with a status of "
        f"404 (Not Found): {url}"
    )


async def orders_of(api: httpx.AsyncClient, user_id: int) -> list[dict]:
    response = await api.get("/orders/admin/all", params={"user_id": user_id})
    assert response.status_code == 200, response.text
    return response.json()


async def stock_of(api: httpx.AsyncClient, product_id: int) -> int:
    return (await api.get(f"/products/{product_id}")).json()["stock"]


async def test_a_new_customer_finds_buys_and_cancels(page: Page, api):
    tag = word()
    category = f"Tea {tag}"
    sencha = await create_product(
        api, name=f"Sencha {tag}", price="12.50", stock=10, category=category
    )
    matcha = await create_product(
        api, name=f"Matcha {tag}", price="24.00", stock=5, category=category
    )
    await create_product(api, name=f"Kettle {tag}", price="40.00", stock=3, category="Kitchen")
    await upload_image(api, sencha["id"])

    await register(page, unique("carla"), "Sencha-and-Matcha-9")

    # Search as you type, then narrow down to the category.
    await page.get_by_role("searchbox", name="Search products").fill(tag)
    await expect(page).to_have_url(re.compile(f"[?&]q={tag}"))
    await expect(page.get_by_role("status").filter(has_text="products")).to_have_text("3 products")
    await page.get_by_role("button", name=f"tea {tag}").click()
    await expect(page.get_by_role("status").filter(has_text="products")).to_have_text("2 products")
    assert f"q={tag}" in page.url
    assert "category=" in page.url
    await expect(page.get_by_role("heading", name=f"Kettle {tag}")).to_have_count(0)

    await page.get_by_role("link", name=f"Sencha {tag}").click()
    await page.get_by_label("Quantity", exact=True).fill("2")
    await page.get_by_role("button", name="Add to cart").click()
    await expect(page.get_by_text("Added 2 to your cart")).to_be_visible()
    await add_to_cart(page, matcha, 1)

    await page.get_by_role("link", name="Cart 3 items").click()
    await expect(page.get_by_text("Total (3 items)")).to_be_visible()
    await expect(page.locator(".cart-total .price")).to_have_text("€49.00")
    await page.get_by_role("link", name="Checkout").click()
    await fill_address(page)
    await page.get_by_role("button", name="Place order").click()
    await expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    number = order_number(page)
    await expect(page.get_by_text("Your order number is")).to_have_text(
        f"Your order number is #{number}."
    )
    await expect(page.get_by_role("link", name="Cart", exact=True)).to_be_visible()
    assert await stock_of(api, sencha["id"]) == 8

    await page.get_by_role("link", name="Orders", exact=True).click()
    await page.get_by_role("link", name=f"Order #{number}").click()
    await expect(page.get_by_text("Pending", exact=True)).to_be_visible()
    await expect(page.get_by_text("Main Street 1")).to_be_visible()
    await page.get_by_role("button", name="Cancel order").click()
    await page.get_by_role("button", name="Yes, cancel order").click()
    await expect(page.locator(".order-detail-head").get_by_text("Cancelled")).to_be_visible()
    assert await stock_of(api, sencha["id"]) == 10
    assert await stock_of(api, matcha["id"]) == 5


async def test_a_double_clicked_place_order_makes_one_order(page: Page, api):
    product = await create_product(api, name=f"Genmaicha {word()}", stock=5)
    customer = await register_customer(api)
    await log_in(page, customer)
    await add_to_cart(page, product, 1)
    await page.goto("/checkout")
    await fill_address(page)

    await page.get_by_role("button", name="Place order").dblclick()

    await expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    orders = await orders_of(api, customer["id"])
    assert [order["id"] for order in orders] == [order_number(page)]
    assert await stock_of(api, product["id"]) == 4


@pytest.mark.allow_console_errors  # the lost answer is a failed request, on purpose
async def test_a_reload_during_checkout_does_not_order_twice(page: Page, api, page_errors):
    product = await create_product(api, name=f"Bancha {word()}", stock=5)
    customer = await register_customer(api)
    await log_in(page, customer)
    await add_to_cart(page, product, 2)
    await page.goto("/checkout")
    await fill_address(page)

    # The order goes through, but its answer never reaches the page (a lost connection).
    async def place_but_lose_the_answer(route: Route) -> None:
        await route.fetch()
        await route.abort()

    await page.route("**/orders/", place_but_lose_the_answer)
    await page.get_by_role("button", name="Place order").click()
    await expect(page.get_by_role("alert")).to_contain_text("Could not reach the shop")
    await page.unroute("**/orders/")

    await page.reload()
    await expect(page.get_by_label("Street and number")).to_have_value("Main Street 1")
    await page.get_by_role("button", name="Place order").click()

    await expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    assert [order["id"] for order in await orders_of(api, customer["id"])] == [order_number(page)]
    assert await stock_of(api, product["id"]) == 3
    assert page_errors.problems()
    assert all("POST" in problem and "/orders/" in problem for problem in page_errors.problems())


async def test_an_out_of_stock_checkout_names_the_short_product(page: Page, api):
    tag = word()
    plenty = await create_product(api, name=f"Oolong {tag}", stock=20)
    scarce = await create_product(api, name=f"Gyokuro {tag}", stock=3)
    customer = await register_customer(api)
    await log_in(page, customer)
    await add_to_cart(page, plenty, 2)
    await add_to_cart(page, scarce, 3)
    await page.goto("/checkout")
    await fill_address(page)
    # Someone else buys two while this customer is filling in the address.
    adjust = await api.post(
        f"/products/{scarce['id']}/stock", json={"delta": -2, "reason": "adjustment"}
    )
    assert adjust.status_code == 201, adjust.text

    await page.get_by_role("button", name="Place order").click()

    await expect(page.get_by_role("alert").filter(has_text="not available")).to_be_visible()
    short_line = page.locator(f"[data-product-id='{scarce['id']}']")
    await expect(short_line.get_by_role("alert")).to_have_text(
        "Only 1 left: lower the quantity to continue."
    )
    await expect(page.locator(f"[data-product-id='{plenty['id']}'] [role=alert]")).to_have_count(0)
    assert await orders_of(api, customer["id"]) == []

    await short_line.get_by_role("button", name="Change to 1").click()
    await page.get_by_role("button", name="Place order").click()
    await expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    assert await stock_of(api, scarce["id"]) == 0


async def test_deep_links_survive_a_reload(page: Page, api):
    tag = word()
    product = await create_product(api, name=f"Rooibos {tag}", category=f"Herbal {tag}")
    url = f"/?q={tag}&category=herbal+{tag}&sort=price_desc"
    await page.goto(url)
    await expect(page.get_by_role("heading", name=f"Rooibos {tag}")).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("searchbox", name="Search products")).to_have_value(tag)
    await expect(page.get_by_role("combobox", name="Sort by")).to_have_value("price_desc")
    await expect(page.get_by_role("button", name=f"herbal {tag}")).to_have_attribute(
        "aria-pressed", "true"
    )

    await page.goto(f"/product/{product['id']}")
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Rooibos {tag}")

    customer = await register_customer(api)
    await page.goto("/account/orders")
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount%2Forders$"))
    await page.get_by_label("Email or username").fill(customer["username"])
    await page.get_by_label("Password", exact=True).fill(customer["password"])
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Your orders")).to_be_visible()
    # The session comes back from the refresh cookie; the access token was only in memory.
    await page.reload()
    await expect(page.get_by_role("heading", name="Your orders")).to_be_visible()
    await expect(page.get_by_text("No orders yet")).to_be_visible()


@pytest.mark.allow_console_errors  # Chromium logs the page's own 404
async def test_an_unknown_page_is_a_real_not_found_page(page: Page, page_errors):
    response = await page.goto("/no/such/page")
    assert response is not None
    assert response.status == 404
    await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    await page.get_by_role("link", name="Go to the catalog").click()
    await expect(page.get_by_role("heading", name="All products")).to_be_visible()
    assert page_errors.problems() == [not_found_log(page, "/no/such/page")]


async def test_the_same_purchase_on_a_phone(phone_page: Page, api):
    page = phone_page
    product = await create_product(api, name=f"Earl Grey {word()}", price="7.25", stock=4)
    await register(page, unique("phil"), "Phone-Shopper-2026")
    await add_to_cart(page, product, 2)
    number = await place_order(page)
    await expect(page.get_by_text("€14.50").first).to_be_visible()

    for path in ("/", f"/product/{product['id']}", "/cart", f"/account/orders/{number}"):
        await page.goto(path)
        await page.wait_for_load_state("networkidle")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide on a 360 px screen"


async def tab_to(page: Page, role: str, name: str, *, limit: int = 40) -> None:
    """Press Tab until the control is focused, as a keyboard user would."""
    target = page.get_by_role(role, name=name)
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await target.evaluate("element => element === document.activeElement"):
            outline = await target.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", f"{role} {name!r} has no visible focus"
            return
    raise AssertionError(f"{role} {name!r} was not reached with {limit} presses of Tab")


async def test_a_keyboard_alone_finds_a_product_and_adds_it_to_the_cart(page: Page, api):
    tag = word()
    await create_product(api, name=f"Lapsang {tag}", stock=3)
    await page.goto("/")
    await expect(page.get_by_role("heading", name="All products")).to_be_visible()

    await tab_to(page, "link", "Skip to content")
    await page.keyboard.press("Enter")
    await tab_to(page, "searchbox", "Search products")
    await page.keyboard.type(tag)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status").filter(has_text="product")).to_have_text("1 product")
    await tab_to(page, "link", f"Lapsang {tag}")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Lapsang {tag}")
    await tab_to(page, "button", "Increase quantity")
    await page.keyboard.press("Enter")
    await tab_to(page, "button", "Add to cart")
    await page.keyboard.press("Enter")

    await expect(page.get_by_text("Added 2 to your cart")).to_be_visible()
    await expect(page.get_by_role("link", name="Cart 2 items")).to_be_visible()
