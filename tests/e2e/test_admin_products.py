"""An administrator's product work in the console, in Chromium, against a real server."""

from __future__ import annotations

import httpx
from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.shop import create_product
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
