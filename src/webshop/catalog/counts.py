"""How many products a category page holds, read from `product_counts` instead of counted.

Triggers on `products` keep the counts (see migration 0010_product_counts). On PostgreSQL
they append +1/-1 rows to `product_count_changes`, which readers add in and which
`compact` folds into `product_counts` every `COMPACT_SECONDS` in each worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from sqlalchemy import Select, delete, func, select, union_all
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.catalog.models import ProductCount, ProductCountChange
from webshop.catalog.schemas import ProductFilters
from webshop.core.throttled_log import FailureLog
from webshop.core.waiting import sleep_unless
from webshop.db.session import failure_reason
from webshop.db.upsert import add_to_many

logger = logging.getLogger(__name__)

COMPACT_SECONDS = 30.0


async def counted_for_sale(session: AsyncSession, filters: ProductFilters) -> int | None:
    """How many products the filters match, when they are only a category and a stock state
    (None for any other filter: then the matches must be counted)."""
    narrowed = filters.model_dump(exclude_defaults=True, exclude={"category", "in_stock", "sort"})
    if narrowed:
        return None
    category = filters.category.strip().lower() if filters.category else None
    return int(await session.scalar(for_sale(category, filters.in_stock)) or 0)


def for_sale(category: str | None = None, in_stock: bool | None = None) -> Select[int]:
    """One row, `for_sale`: how many products are for sale (in `category`, in or out of stock
    when given), from the counts and the changes not folded into them yet."""
    counts = select(ProductCount.products.label("n"))
    changes = select(ProductCountChange.delta.label("n"))
    if category is not None:
        counts = counts.where(ProductCount.category == category)
        changes = changes.where(ProductCountChange.category == category)
    if in_stock is not None:
        counts = counts.where(ProductCount.in_stock.is_(in_stock))
        changes = changes.where(ProductCountChange.in_stock.is_(in_stock))
    both = union_all(counts, changes).subquery()
    return select(func.coalesce(func.sum(both.c.n), 0).label("for_sale"))


async def categories(session: AsyncSession) -> list[tuple[str, int]]:
    """Every category with products for sale, and how many, by name."""
    counts = select(ProductCount.category, ProductCount.products.label("n"))
    changes = select(ProductCountChange.category, ProductCountChange.delta.label("n"))
    both = union_all(counts, changes).subquery()
    products = func.sum(both.c.n)
    rows = await session.execute(
        select(both.c.category, products)
        .where(both.c.category != "")
        .group_by(both.c.category)
        .having(products > 0)
        .order_by(both.c.category)
    )
    return [(category, int(count)) for category, count in rows]


async def compact(session: AsyncSession) -> int:
    """Fold the appended changes into `product_counts`; how many there were. Commits."""
    moved = await session.execute(
        delete(ProductCountChange).returning(
            ProductCountChange.category, ProductCountChange.in_stock, ProductCountChange.delta
        )
    )
    summed: Counter[tuple[str, bool]] = Counter()
    changes = 0
    for category, in_stock, delta in moved:
        summed[category, in_stock] += delta
        changes += 1
    rows = [
        {"category": category, "in_stock": in_stock, "products": n}
        for (category, in_stock), n in sorted(summed.items())
    ]
    await add_to_many(session, ProductCount, rows, key=("category", "in_stock"))
    await session.commit()
    return changes


async def keep_compact(stop: asyncio.Event, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """`compact` every COMPACT_SECONDS until `stop` (PostgreSQL)."""
    failures = FailureLog(logger, "Folding product count changes")
    while not stop.is_set():
        try:
            async with sessionmaker() as session:
                await compact(session)
            failures.recovered()
        except (SQLAlchemyError, OSError) as error:
            failures.failed(failure_reason(error))
        await sleep_unless(stop, COMPACT_SECONDS)
