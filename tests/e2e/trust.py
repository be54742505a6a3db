"""The trust tools' side of the browser tests: reaching the server's database behind its back
(to break a rule the integrity check guards), and what a phone must never do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from playwright.async_api import Page
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

# Against the width the page was opened at: a phone's browser widens its layout viewport (and
# `innerWidth`) to whatever overflows, so `innerWidth` cannot tell.
SIDEWAYS_SCROLL = "(width) => document.documentElement.scrollWidth - width"


@asynccontextmanager
async def stock_moved_behind_the_shops_back(
    database_url: str, product_id: int, delta: int
) -> AsyncIterator[None]:
    """Change a product's stock in the database without a stock movement (what a bad script
    or a hand-edited row does), and put it back afterwards: the shared server's shop stays
    consistent for the tests after this one."""
    engine = create_async_engine(database_url)
    statement = text("UPDATE products SET stock = stock + :delta WHERE id = :id")
    try:
        async with engine.begin() as connection:
            await connection.execute(statement, {"delta": delta, "id": product_id})
        try:
            yield
        finally:
            async with engine.begin() as connection:
                await connection.execute(statement, {"delta": -delta, "id": product_id})
    finally:
        await engine.dispose()


async def sideways_overflow(page: Page) -> Any:
    """How many pixels the page scrolls sideways (0: none, as it must be on a phone)."""
    viewport = page.viewport_size
    assert viewport is not None
    return await page.evaluate(SIDEWAYS_SCROLL, viewport["width"])
