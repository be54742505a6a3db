"""Order figures read from the summaries the orders keep (`order_totals`,
`product_sales_by_period`) instead of the orders themselves.

Both count orders by when they were placed: `order_totals` in UTC days and quarter hours, the
sales per product in UTC days and weeks. A range of calendar days in the shop's time zone runs
from one local midnight to another, always on a quarter hour: its figures are the UTC days (and
weeks) wholly inside it plus the quarter hours (or, for sales per product, the order lines) of
what is left at either end. Sales per product read at most half a UTC day of order lines at
either end: a part longer than that is its whole day less the lines of the rest of the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
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
HALF_DAY = DAY / 2
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


def order_sums(ranges: Sums) -> Select[Any, Any]:
    """One row: the measures wanted over each range, labelled `{range}__{measure}` (see
    `sums_of`)."""
    columns = [
        func.coalesce(func.sum(case((rows, ORDER_MEASURES[label]), else_=0)), 0).label(
            f"{name}__{label}"
        )
        for name, (rows, labels) in ranges.items()
        for label in labels
    ]
    return select(*columns).where(or_(*(rows for rows, _ in ranges.values())))


def sums_of(row: dict[str, Any], ranges: Sums) -> dict[str, dict[str, Any]]:
    """The figures of `order_sums(ranges)`'s row, by range name and measure."""
    return {
        name: {label: row[f"{name}__{label}"] for label in labels}
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


SALES_MEASURES = ("units", "revenue", "orders")


def sales(
    days: DayRange,
    products: Sequence[int] | None = None,
    *,
    measures: Sequence[str] = SALES_MEASURES,
) -> Select[Any, Any]:
    """Per product: the paid `units`, `revenue` and `orders` (those of `measures`) of the orders
    placed in `days`, one row per product with a row in the summaries or a line in the parts
    read from order lines (its figures may then be 0)."""
    first, last = whole_days(days.start, days.end)
    periods = [_sales_periods(first.date(), last.date())] if first < last else []
    added: list[tuple[datetime, datetime]] = []  # order lines counted
    taken: list[tuple[datetime, datetime]] = []  # order lines taken back from their day's row
    whole: list[date] = []  # UTC days whose row counts though part of the day is outside
    for start, end in _partial_days(days.start, days.end, first, last):
        if end - start <= HALF_DAY:
            added.append((start, end))
            continue
        midnight = revenue.span_start(start, revenue.DAY_MINUTES)
        whole.append(midnight.date())
        taken += [(a, b) for a, b in ((midnight, start), (end, midnight + DAY)) if a < b]
    if whole:
        span, starts = ProductSalesByPeriod.span_days, ProductSalesByPeriod.starts_on
        periods.append(and_(span == 1, starts.in_(whole)))
    parts: list[Select[*tuple[Any, ...]]] = []
    if periods:
        summed = {name: getattr(ProductSalesByPeriod, name) for name in SALES_MEASURES}
        parts.append(
            select(
                ProductSalesByPeriod.product_id, *(summed[name].label(name) for name in measures)
            ).where(or_(*periods))
        )
    for spans, sign in ((added, 1), (taken, -1)):
        if spans:
            parts.append(_lines(spans, sign, measures))
    if products is not None:
        parts = [part.where(part.selected_columns.product_id.in_(products)) for part in parts]
    lines = union_all(*parts).subquery("lines")
    return select(
        lines.c.product_id, *(func.sum(lines.c[name]).label(name) for name in measures)
    ).group_by(lines.c.product_id)


def _partial_days(
    start: datetime, end: datetime, first: datetime, last: datetime
) -> list[tuple[datetime, datetime]]:
    """What of `start` to `end` lies outside the whole UTC days from `first` to `last`
    (`whole_days`): up to two parts, each within one UTC day."""
    if first > last:  # no UTC midnight inside: all of it is one part of one day
        return [(start, end)]
    return [(a, b) for a, b in ((start, first), (last, end)) if a < b]


def _lines(
    spans: Sequence[tuple[datetime, datetime]], sign: int, measures: Sequence[str]
) -> Select[*tuple[Any, ...]]:
    """The paid order lines placed in `spans`, with `measures` multiplied by `sign`."""
    figures: dict[str, Any] = {"units": OrderItem.quantity, "revenue": OrderItem.line_total}
    if sign < 0:
        figures = {name: -value for name, value in figures.items()}
    figures["orders"] = literal(sign)
    at = Order.created_at
    return (
        select(OrderItem.product_id, *(figures[name].label(name) for name in measures))
        .join(Order, Order.id == OrderItem.order_id)
        .where(revenue.is_paid(), or_(*(and_(at >= a, at < b) for a, b in spans)))
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
