"""Order figures read from the summaries the orders keep (`order_totals`,
`product_sales_by_period`) instead of the orders themselves.

Both count orders by when they were placed: `order_totals` in UTC days and quarter hours, the
sales per product in UTC days and weeks. A range of calendar days in the shop's time zone runs
from one local midnight to another, always on a quarter hour: its figures are the UTC days (and
weeks) wholly inside it plus the quarter hours (or, for sales per product, the order lines) of
what is left at either end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Label,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.days import DayRange, totals_by_day
from webshop.orders import revenue
from webshop.orders.models import (
    Order,
    OrderItem,
    OrderStatus,
    OrderTotals,
    ProductSalesByPeriod,
)

DAY = timedelta(days=1)
_span, _starts = OrderTotals.span_minutes, OrderTotals.starts_at
# What a report may ask of `order_totals`, summed over the rows it covers.
ORDER_MEASURES: dict[str, Any] = {
    "revenue": OrderTotals.revenue,
    "paid_orders": OrderTotals.paid + OrderTotals.shipped + OrderTotals.delivered,
    "orders": OrderTotals.pending
    + OrderTotals.paid
    + OrderTotals.shipped
    + OrderTotals.delivered
    + OrderTotals.cancelled,
    "cancelled_orders": OrderTotals.cancelled,
    "units": OrderTotals.units,
    **{status.value: getattr(OrderTotals, status.value) for status in OrderStatus},
}


def whole_days(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The first and the last UTC midnight from `start` to `end`: the UTC days from one to the
    other lie wholly inside (none when the first is not before the last)."""
    first = revenue.span_start(start, revenue.DAY_MINUTES)
    return (first if first == start else first + DAY), revenue.span_start(end, revenue.DAY_MINUTES)


def placed_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    """The rows of `order_totals` that add up to the orders placed from `start` up to (not
    including) `end`, two quarter-hour instants."""
    first, last = whole_days(start, end)
    if first >= last:
        return _quarters(start, end)
    days = and_(_span == revenue.DAY_MINUTES, _starts >= first, _starts < last)
    return or_(days, _quarters(start, first), _quarters(last, end))


def all_time() -> ColumnElement[bool]:
    """The rows of `order_totals` that add up to every order there is."""
    return _span == revenue.DAY_MINUTES


def _quarters(start: datetime, end: datetime) -> ColumnElement[bool]:
    if start >= end:
        return false()
    return and_(_span == revenue.QUARTER_MINUTES, _starts >= start, _starts < end)


Sums = dict[str, tuple[ColumnElement[bool], Sequence[str]]]
"""Ranges of `order_totals` rows by name (`placed_between`, `all_time`), each with the measures
of `ORDER_MEASURES` wanted over it."""


async def order_sums(session: AsyncSession, ranges: Sums) -> dict[str, dict[str, Any]]:
    """The measures wanted over each range, by range name and measure, in one query."""
    columns = [
        func.coalesce(func.sum(case((rows, ORDER_MEASURES[label]), else_=0)), 0).label(
            f"{name}__{label}"
        )
        for name, (rows, labels) in ranges.items()
        for label in labels
    ]
    conditions = [rows for rows, _ in ranges.values()]
    row = (await session.execute(select(*columns).where(or_(*conditions)))).one()
    return {
        name: {label: row._mapping[f"{name}__{label}"] for label in labels}
        for name, (_, labels) in ranges.items()
    }


async def orders_by_day(
    session: AsyncSession, days: DayRange, measures: Sequence[str]
) -> dict[date, dict[str, Any]]:
    """The `measures` of the orders placed on each day of `days` (days without orders are
    absent): from the day rows where the shop's days are UTC days, else from quarter hours."""
    span = revenue.DAY_MINUTES if days.are_utc_days() else revenue.QUARTER_MINUTES
    labelled: list[Label[Any]] = [
        func.coalesce(func.sum(ORDER_MEASURES[name]), 0).label(name) for name in measures
    ]
    return await totals_by_day(
        session, _starts, labelled, where=[_span == span], days=days, zone=days.zone
    )


def sales(days: DayRange, products: Sequence[int] | None = None) -> FromClause:
    """Per product: the paid `units`, `revenue` and `orders` of the orders placed in `days`."""
    first, last = whole_days(days.start, days.end)
    parts: list[Select[*tuple[Any, ...]]] = []
    if first < last:
        parts.append(
            select(
                ProductSalesByPeriod.product_id,
                ProductSalesByPeriod.units,
                ProductSalesByPeriod.revenue,
                ProductSalesByPeriod.orders,
            ).where(_sales_periods(first.date(), last.date()))
        )
        edges = [(days.start, first), (last, days.end)]
    else:
        edges = [(days.start, days.end)]
    at = Order.created_at
    placed = [and_(at >= start, at < end) for start, end in edges if start < end]
    if placed:
        parts.append(
            select(
                OrderItem.product_id,
                OrderItem.quantity.label("units"),
                OrderItem.line_total.label("revenue"),
                literal(1).label("orders"),
            )
            .join(Order, Order.id == OrderItem.order_id)
            .where(revenue.is_paid(), or_(*placed))
        )
    if products is not None:
        parts = [part.where(part.selected_columns.product_id.in_(products)) for part in parts]
    lines = union_all(*parts).subquery("lines")
    return (
        select(
            lines.c.product_id,
            func.sum(lines.c.units).label("units"),
            func.sum(lines.c.revenue).label("revenue"),
            func.sum(lines.c.orders).label("orders"),
        )
        .group_by(lines.c.product_id)
        .subquery("sales")
    )


def _sales_periods(first: date, last: date) -> ColumnElement[bool]:
    """The rows of `product_sales_by_period` that add up to the days from `first` up to (not
    including) `last`: the weeks wholly inside, and the days left at either end."""
    span, starts = ProductSalesByPeriod.span_days, ProductSalesByPeriod.starts_on
    monday = first + timedelta(days=-first.weekday() % 7)
    last_monday = last - timedelta(days=last.weekday())
    if monday >= last_monday:
        return and_(span == 1, starts >= first, starts < last)
    return or_(
        and_(span == 7, starts >= monday, starts < last_monday),
        and_(span == 1, starts >= first, starts < monday),
        and_(span == 1, starts >= last_monday, starts < last),
    )
