"""What the orders' summaries hold, and what they should hold according to the orders themselves
(worked out here in Python, independently of the code that keeps them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from webshop.orders.models import (
    Order,
    OrderStatus,
    OrderTotals,
    ProductSales,
    ProductSalesByPeriod,
)

PAID = {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED}
COUNTS = [status.value for status in OrderStatus]
Summaries = dict[str, dict[Any, tuple[Any, ...]]]


def _cents(amount: Any) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def _quarter(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC)
    return utc.replace(minute=utc.minute // 15 * 15, second=0, microsecond=0)


def _day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _nonzero(rows: dict[Any, tuple[Any, ...]]) -> dict[Any, tuple[Any, ...]]:
    """Rows that count something: a summary may keep rows that went back to zero."""
    return {key: row for key, row in rows.items() if any(row)}


async def expected(session: AsyncSession) -> Summaries:
    """The summaries as the orders say they should be."""
    orders = await session.scalars(
        select(Order).options(selectinload(Order.items)).execution_options(populate_existing=True)
    )
    totals: dict[Any, list[Any]] = defaultdict(lambda: [0] * len(COUNTS) + [Decimal(0), 0])
    daily: dict[Any, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0])
    sales: dict[Any, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0])
    for order in orders:
        paid = order.status in PAID
        units = sum(item.quantity for item in order.items)
        for key in ((1440, _day(order.created_at)), (15, _quarter(order.created_at))):
            row = totals[key]
            row[COUNTS.index(order.status.value)] += 1
            if paid:
                row[-2] += order.total_amount
                row[-1] += units
        if paid:
            day = _day(order.created_at).date()
            monday = day - timedelta(days=day.weekday())
            for item in order.items:
                for row in (daily[(1, day, item.product_id)], daily[(7, monday, item.product_id)],
                            sales[item.product_id]):  # fmt: skip
                    row[0] += item.quantity
                    row[1] += item.line_total
                    row[2] += 1
    return {
        "order_totals": _nonzero(
            {key: (*row[:-2], _cents(row[-2]), row[-1]) for key, row in totals.items()}
        ),
        "product_sales_by_period": _nonzero(
            {key: (row[0], _cents(row[1]), row[2]) for key, row in daily.items()}
        ),
        "product_sales": _nonzero(
            {key: (row[0], _cents(row[1]), row[2]) for key, row in sales.items()}
        ),
    }


async def actual(session: AsyncSession) -> Summaries:
    """The summaries as they are."""
    measures = [*COUNTS, "revenue", "units"]
    totals = await session.execute(  # a span's shards added up
        select(
            OrderTotals.span_minutes,
            OrderTotals.starts_at,
            *(func.sum(getattr(OrderTotals, name)).label(name) for name in measures),
        ).group_by(OrderTotals.span_minutes, OrderTotals.starts_at)
    )
    daily = await session.scalars(
        select(ProductSalesByPeriod).execution_options(populate_existing=True)
    )
    sales = await session.scalars(select(ProductSales).execution_options(populate_existing=True))
    return {
        "order_totals": _nonzero(
            {
                (row.span_minutes, row.starts_at): (
                    *(getattr(row, name) for name in COUNTS),
                    _cents(row.revenue),
                    row.units,
                )
                for row in totals
            }
        ),
        "product_sales_by_period": _nonzero(
            {
                (row.span_days, row.starts_on, row.product_id): (
                    row.units,
                    _cents(row.revenue),
                    row.orders,
                )
                for row in daily
            }
        ),
        "product_sales": _nonzero(
            {row.product_id: (row.units, _cents(row.revenue), row.orders) for row in sales}
        ),
    }
