"""A CSV goes into the catalog through the console (checked first, then all at once) and an
export comes back out in the same columns."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import httpx
from playwright.async_api import Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.storefront import word

IMPORT_BUTTON = re.compile(r"^Import (\d+ )?products?$")
HEADER = ["sku", "name", "description", "price", "stock", "category", "is_active"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


async def products_named(api: httpx.AsyncClient, tag: str) -> dict[str, dict]:
    response = await api.get("/products/", params={"q": tag, "include_inactive": "true"})
    assert response.status_code == 200, response.text
    return {product["sku"]: product for product in response.json()}


async def test_a_refused_row_stops_the_import_until_the_file_is_fixed(
    page: Page, api, server, tmp_path
):
    tag = word()
    existing = await api.post(
        "/products/",
        json={"name": f"Assam {tag}", "sku": f"AS-{tag}", "price": "8.00", "stock": 4},
    )
    assert existing.status_code == 200, existing.text
    rows = [
        [f"AS-{tag}", f"Assam {tag}", "", "9.50", "10", "tea", "true"],
        [f"KE-{tag}", f"Kettle {tag}", "Copper.", "49.00", "3", "kitchen", "true"],
        [f"CU-{tag}", f"Cup {tag}", "", "three euros", "12", "kitchen", "true"],
    ]
    await log_in_as_admin(page, server, "/admin/products")
    await page.get_by_role("link", name="Import CSV").click()
    await expect(page.get_by_role("heading", level=1, name="Import products")).to_be_visible()

    await page.get_by_label("Choose a CSV file").set_input_files(
        write_csv(tmp_path / "refused.csv", rows)
    )
    await page.get_by_role("button", name="Check file").click()
    summary = page.get_by_role("list", name="Summary")
    await expect(summary).to_contain_text("1 refused")
    await expect(page.get_by_role("row").filter(has_text=f"CU-{tag}")).to_contain_text("price")
    await expect(page.get_by_role("button", name=IMPORT_BUTTON)).to_be_disabled()
    await expect(page.get_by_text("Fix the refused rows and check the file again.")).to_be_visible()
    assert set(await products_named(api, tag)) == {f"AS-{tag}"}  # a dry run changes nothing

    rows[2][3] = "3.00"
    await page.get_by_label("Choose a CSV file").set_input_files(
        write_csv(tmp_path / "fixed.csv", rows)
    )
    await page.get_by_role("button", name="Check file").click()
    await expect(summary).to_contain_text("2 new")
    await page.get_by_role("button", name="Import 3 products").click()
    await page.get_by_role("dialog").get_by_role("button", name="Import").click()
    await expect(page.get_by_role("heading", name="Import complete")).to_be_visible()

    imported = await products_named(api, tag)
    assert {sku: (p["price"], p["stock"]) for sku, p in imported.items()} == {
        f"AS-{tag}": ("9.50", 10),
        f"KE-{tag}": ("49.00", 3),
        f"CU-{tag}": ("3.00", 12),
    }
    history = (await api.get(f"/products/{imported[f'AS-{tag}']['id']}/stock-history")).json()
    assert (history[0]["reason"], history[0]["delta"]) == ("import", 6)

    # The export of what the table shows has the import's columns and imports back unchanged.
    await page.get_by_role("link", name="Back to products").click()
    await page.get_by_role("searchbox", name="Search").fill(tag)
    await expect(page).to_have_url(re.compile(f"[?&]q={tag}"))
    await expect(page.get_by_role("status").filter(has_text="products")).to_have_text("3 products")
    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Export CSV").click()
    exported = await asyncio.to_thread(Path(await (await download_info.value).path()).read_bytes)
    lines = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert {line["sku"] for line in lines} == set(imported)
    assert set(HEADER) <= set(lines[0])
    files = {"file": ("products.csv", exported, "text/csv")}
    report = (await api.post("/products/import", files=files)).json()
    assert (report["unchanged"], report["refused"]) == (3, 0), report
