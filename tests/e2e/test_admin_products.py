"""An administrator's product work in the console, in Chromium, against a real server."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.shop import create_product, png_bytes
from tests.e2e.storefront import word


async def product(api: httpx.AsyncClient, product_id: int) -> dict:
    response = await api.get(f"/products/{product_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_inline_edits_of_many_products_save_in_one_go(page: Page, api, server):
    tag = word()
    first = await create_product(api, name=f"Oolong {tag}", price="9.00", stock=4)
    second = await create_product(api, name=f"Pu-erh {tag}", price="15.00", stock=1)
    await log_in_as_admin(page, server, f"/admin/products?q={tag}")
    await expect(page.get_by_role("link", name=f"Oolong {tag}")).to_be_visible()

    await page.get_by_role("checkbox", name=f"Select Oolong {tag}").check()
    await page.get_by_role("checkbox", name=f"Select Pu-erh {tag}").check()
    await expect(page.get_by_text("2 selected")).to_be_visible()
    await page.get_by_role("button", name="Edit stock & price", exact=True).click()
    await page.get_by_label(f"Price of Oolong {tag}").fill("8.50")
    await page.get_by_label(f"Stock of Pu-erh {tag}").fill("-1")
    await page.get_by_role("button", name="Save 2 changes").click()
    await expect(page.get_by_text("Enter a whole number, 0 or more.")).to_be_visible()
    assert (await product(api, second["id"]))["stock"] == 1  # nothing sent yet

    await page.get_by_label(f"Stock of Pu-erh {tag}").fill("12")
    await page.get_by_role("button", name="Save 2 changes").click()
    await expect(page.get_by_role("status").filter(has_text="Saved")).to_contain_text("2")
    assert (await product(api, first["id"]))["price"] == "8.50"
    assert (await product(api, second["id"]))["stock"] == 12
    history = (await api.get(f"/products/{second['id']}/stock-history")).json()
    assert (history[0]["delta"], history[0]["reason"]) == (11, "adjustment")


async def test_a_new_product_with_an_image_and_a_sku_is_found_in_the_shop(
    page: Page, api, server, tmp_path
):
    tag = word()
    sku = f"TEA-{tag.upper()}"
    picture = tmp_path / "kettle.png"
    picture.write_bytes(png_bytes())
    await log_in_as_admin(page, server, "/admin/products")
    await page.get_by_role("link", name="New product").click()

    await page.get_by_label("Name").fill(f"Copper kettle {tag}")
    await page.get_by_label("Price (EUR)").fill("49.90")
    await page.get_by_label("SKU").fill(sku)
    await page.get_by_label("Category").fill("Kitchen")
    await page.get_by_label("Description").fill("Whistles <b>loudly</b>.\nHolds 1.5 l.")
    await page.get_by_label("Initial stock").fill("7")
    await page.get_by_label("Choose an image").set_input_files(picture)
    await page.get_by_role("button", name="Create product").click()
    await expect(page.get_by_role("status").filter(has_text="Product created")).to_be_visible()
    await expect(page.get_by_role("heading", level=1, name=f"Copper kettle {tag}")).to_be_visible()
    await expect(page.get_by_role("img", name=f"Copper kettle {tag}")).to_be_visible()

    # The admin finds it by its SKU; a shopper finds it in the catalog, with its picture.
    await page.goto(f"/admin/products?q={sku.lower()}")
    await expect(page.get_by_role("cell", name=sku)).to_be_visible()
    await page.goto(f"/?q={tag}")
    await page.get_by_role("link", name=f"Copper kettle {tag}").first.click()
    await expect(page.get_by_role("heading", level=1, name=f"Copper kettle {tag}")).to_be_visible()
    await expect(page.get_by_text("Whistles <b>loudly</b>.")).to_be_visible()
    image = page.locator(".product-detail img").first
    await expect(image).to_have_attribute("src", re.compile(r"^/media/"))
    assert await image.evaluate("img => img.naturalWidth") > 0


async def test_a_stock_adjustment_is_recorded_as_a_movement(page: Page, api, server):
    tag = word()
    created = await create_product(api, name=f"Rooibos {tag}", stock=3)
    await log_in_as_admin(page, server, f"/admin/products/{created['id']}")
    await expect(page.get_by_role("heading", level=1, name=f"Rooibos {tag}")).to_be_visible()

    await page.get_by_role("button", name="Adjust stock").click()
    dialog = page.get_by_role("dialog", name="Adjust stock")
    await dialog.get_by_label("Change").fill("-5")
    await expect(dialog.get_by_text("below zero: not allowed")).to_be_visible()
    await dialog.get_by_label("Change").fill("-2")
    await dialog.get_by_label("Reason").select_option("adjustment")
    await dialog.get_by_label("Note (optional)").fill("Two tins <dented>")
    await dialog.get_by_role("button", name="Save stock change").click()
    await expect(dialog).to_be_hidden()

    history = page.get_by_role("table").filter(has_text="Stock after")
    await expect(history.get_by_role("row").nth(1)).to_contain_text("Two tins <dented>")
    await expect(history.get_by_role("row").nth(1)).to_contain_text("Adjustment")
    assert (await product(api, created["id"]))["stock"] == 1
