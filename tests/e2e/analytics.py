"""The analytics dashboard in the console, read through roles and names, next to the API's
figures for the same range (`GET /analytics/dashboard`, `GET /analytics/export`)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Locator, Page, expect

from tests.e2e.admin import log_in_as_admin
from tests.e2e.pages import DESKTOP
from tests.e2e.server import Server
from tests.e2e.shop import expect as expect_status

# Figures are formatted in the browser's locale, and days are the shop's (UTC by default).
BROWSER = {**DESKTOP, "locale": "en-US", "timezone_id": "UTC"}
LIVE_INDICATOR = re.compile(r"Live|Connecting|Reconnecting")
# The Overview tab's period figures: card name, the API's `summary` field, money or a count.
PERIOD_FIGURES = {
    "Revenue": ("revenue", True),
    "Orders": ("orders", False),
    "New users": ("new_users", False),
    "Products sold": ("units_sold", False),
}


def money(amount: str | Decimal) -> str:
    """An API amount ("1234.5") as the dashboard shows it in en-US: "€1,234.50"."""
    return f"€{Decimal(amount):,.2f}"


def count(number: int) -> str:
    return f"{number:,}"


def change(percent: str | None) -> re.Pattern[str]:
    """A card's comparison line for an API change ("12.5", "-3.0", null): it begins with the
    change as "+12.5%" (a fall with a minus sign or a hyphen, no change with or without a sign,
    "—" when there was nothing before), then says what it is compared with ("vs …")."""
    if percent is None:
        return re.compile(r"^— vs ")
    value = Decimal(percent)
    sign = r"[+±]?" if value == 0 else "[\u2212-]" if value < 0 else r"\+"
    return re.compile(rf"^{sign}{re.escape(f'{abs(value):,.1f}')}% vs ")


async def open_analytics(page: Page, server: Server, path: str = "/admin/analytics") -> None:
    """Log in as the administrator straight into `path`."""
    await log_in_as_admin(page, server, path)
    await expect(page.get_by_role("heading", level=1, name="Analytics")).to_be_visible()


def live_indicator(page: Page) -> Locator:
    return page.get_by_role("status").filter(has_text=LIVE_INDICATOR)


def card(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def figure(page: Page, name: str) -> Locator:
    return card(page, name).locator(".kpi-value")


async def expect_period_figures(page: Page, answer: dict[str, Any]) -> None:
    """The Overview cards show the dashboard's `summary`, and, when it compares, its `change`."""
    for name, (field, is_money) in PERIOD_FIGURES.items():
        value = answer["summary"][field]
        await expect(figure(page, name)).to_have_text(money(value) if is_money else count(value))
        comparison = card(page, name).locator(".kpi-change")
        if answer["change"] is None:
            await expect(comparison).to_have_count(0)
        else:
            await expect(comparison).to_have_text(change(answer["change"][field]))


async def dashboard(api: httpx.AsyncClient, **period: str | int) -> dict[str, Any]:
    """`GET /analytics/dashboard` for the range (`days=7`, `date_from=…`, `compare=…`)."""
    answer: dict[str, Any] = expect_status(await api.get("/analytics/dashboard", params=period))
    return answer


async def exported(api: httpx.AsyncClient, **query: str | int) -> list[list[str]]:
    """The rows, header first, of `GET /analytics/export` (`report=revenue`, `days=7`, …)."""
    response = await api.get("/analytics/export", params=query)
    assert response.status_code == 200, response.text
    return csv_rows(response.text)


async def download(page: Page, button: str) -> tuple[str, list[list[str]]]:
    """Click an export button; the file's suggested name and its rows, header first."""
    async with page.expect_download() as info:
        await page.get_by_role("button", name=button, exact=True).click()
    file = await info.value
    content = await asyncio.to_thread(Path(await file.path()).read_bytes)
    return file.suggested_filename, csv_rows(content.decode("utf-8-sig"))


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))
