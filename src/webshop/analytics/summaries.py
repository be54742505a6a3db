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
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.days import DayRange, bucket_kind, by_day, fold_by_day
from webshop.db.base import table_of
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
# The table's columns rather than the model's: statements without ORM entities run without
# the ORM's per-statement work.
ORDER_TOTALS = table_of(OrderTotals).c
SALES_BY_PERIOD = table_of(ProductSalesByPeriod).c
_span, _starts = ORDER_TOTALS.span_minutes, ORDER_TOTALS.starts_at
# What a report may ask of `order_totals`, summed over the rows it covers.
ORDER_MEASURES: dict[str, Any] = {
    "revenue": ORDER_TOTALS.revenue,
    "paid_orders": ORDER_TOTALS.paid + ORDER_TOTALS.shipped + ORDER_TOTALS.delivered,
    "orders": ORDER_TOTALS.pending
    + ORDER_TOTALS.paid
    + ORDER_TOTALS.shipped
    + ORDER_TOTALS.delivered
    + ORDER_TOTALS.cancelled,
    "cancelled_orders": ORDER_TOTALS.cancelled,
    "units": ORDER_TOTALS.units,
    **{status.value: ORDER_TOTALS[status.value] for status in OrderStatus},
}


def whole_days(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The first and the last UTC midnight from `start` to `end`: the UTC days from one to the
    other lie wholly inside (none when the first is not before the last)."""
    first = revenue.span_start(start, revenue.DAY_MINUTES)
    return (first if first == start else first + DAY), revenue.span_start(end, revenue.DAY_MINUTES)


def placed_in(name: str) -> ColumnElement[bool]:
    """The rows of `order_totals` that add up to the orders placed in the range `name`, whose
    instants are bound when the statement runs (`placed_params`): one statement serves every
    range. The rows are the whole UTC days inside and the quarter hours left at either end."""
    return or_(
        _between(revenue.DAY_MINUTES, f"{name}_days"),
        _between(revenue.QUARTER_MINUTES, f"{name}_head"),
        _between(revenue.QUARTER_MINUTES, f"{name}_tail"),
    )


def placed_params(name: str, start: datetime, end: datetime) -> dict[str, datetime]:
    """The values of `placed_in(name)` for the orders placed from `start` up to (not
    including) `end`, two quarter-hour instants; a part that is not there is an empty range."""
    first, last = whole_days(start, end)
    if first >= last:
        parts = {"days": (start, start), "head": (start, end), "tail": (end, end)}
    else:
        parts = {"days": (first, last), "head": (start, first), "tail": (last, end)}
    return _bounds(f"{name}_", parts)


def _between(minutes: int, name: str) -> ColumnElement[bool]:
    return and_(_span == minutes, _within(_starts, name))


def _within(column: Any, name: str) -> ColumnElement[bool]:
    """`column` from the value bound as `{name}_from` up to (not including) `{name}_to`."""
    return and_(column >= bindparam(f"{name}_from"), column < bindparam(f"{name}_to"))


def _bounds(prefix: str, ranges: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """The values of `_within(column, prefix + name)` for each `(start, end)` of `ranges`."""
    return {
        f"{prefix}{name}_{bound}": value
        for name, span in ranges.items()
        for bound, value in zip(("from", "to"), span, strict=True)
    }


def all_time() -> ColumnElement[bool]:
    """The rows of `order_totals` that add up to every order there is."""
    return _span == revenue.DAY_MINUTES


Sums = dict[str, tuple[ColumnElement[bool], Sequence[str]]]
"""Ranges of `order_totals` rows by name (`placed_in`, `all_time`), each with the measures
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
    kind = bucket_kind(session.get_bind().dialect.name, days.zone)
    rows = await session.execute(
        _orders_by_day(kind, tuple(measures)), {"span": span, **days.bounds()}
    )
    return fold_by_day(rows, measures, days.zone)


@cache
def _orders_by_day(kind: str, measures: tuple[str, ...]) -> Select[Any, Any]:
    """`orders_by_day`'s statement, built once per way of bucketing days and measures."""
    summed = [func.coalesce(func.sum(ORDER_MEASURES[name]), 0).label(name) for name in measures]
    return by_day(kind, _starts, summed, where=[_span == bindparam("span")])


SALES_MEASURES = ("units", "revenue", "orders")


def sales(
    days: DayRange,
    products: Sequence[int] | None = None,
    *,
    measures: Sequence[str] = SALES_MEASURES,
) -> Select[Any, Any]:
    """`sales_in`'s statement with its values in it, to build on."""
    statement, params = sales_in(days, products, measures=measures)
    return statement.params(params)


def sales_in(
    days: DayRange,
    products: Sequence[int] | None = None,
    *,
    measures: Sequence[str] = SALES_MEASURES,
) -> tuple[Select[Any, Any], dict[str, Any]]:
    """Per product: the paid `units`, `revenue` and `orders` (those of `measures`) of the orders
    placed in `days`, one row per product with a row in the summaries or a line in the parts
    read from order lines (its figures may then be 0). A statement built once for every range
    read from the same kinds of parts, and the values to run it with."""
    first, last = whole_days(days.start, days.end)
    params: dict[str, Any] = _sales_periods(first.date(), last.date()) if first < last else {}
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
        params["whole"] = whole
    params.update(_spans("added", added))
    params.update(_spans("taken", taken))
    if products is not None:
        params["products"] = list(products)
    statement = _sales_statement(
        first < last, bool(whole), len(added), len(taken), products is not None, tuple(measures)
    )
    return statement, params


@cache
def _sales_statement(
    periods: bool,
    whole: bool,
    added: int,
    taken: int,
    products: bool,
    measures: tuple[str, ...],
) -> Select[Any, Any]:
    """`sales_in`'s statement: from the rows of `product_sales_by_period` of the weeks and days
    of `_sales_periods` (`periods`) and of the days `whole`; from the order lines of `added`
    spans, less those of `taken` spans; of the `products` only, if given."""
    span, starts = SALES_BY_PERIOD.span_days, SALES_BY_PERIOD.starts_on
    conditions = []
    if periods:
        conditions += [
            _sales_between(7, "weeks"),
            _sales_between(1, "head"),
            _sales_between(1, "tail"),
        ]
    if whole:
        conditions.append(and_(span == 1, starts.in_(bindparam("whole", expanding=True))))
    parts: list[Select[*tuple[Any, ...]]] = []
    if conditions:
        summed = {name: SALES_BY_PERIOD[name] for name in SALES_MEASURES}
        parts.append(
            select(
                SALES_BY_PERIOD.product_id, *(summed[name].label(name) for name in measures)
            ).where(or_(*conditions))
        )
    for name, count, sign in (("added", added, 1), ("taken", taken, -1)):
        if count:
            parts.append(_lines(name, count, sign, measures))
    if products:
        parts = [
            part.where(part.selected_columns.product_id.in_(bindparam("products", expanding=True)))
            for part in parts
        ]
    lines = union_all(*parts).subquery("lines")
    return select(
        lines.c.product_id, *(func.sum(lines.c[name]).label(name) for name in measures)
    ).group_by(lines.c.product_id)


def _sales_between(days: int, name: str) -> ColumnElement[bool]:
    return and_(SALES_BY_PERIOD.span_days == days, _within(SALES_BY_PERIOD.starts_on, name))


def _spans(name: str, spans: Sequence[tuple[datetime, datetime]]) -> dict[str, datetime]:
    """The values of `_lines(name, len(spans), ...)`."""
    return _bounds(f"{name}_", {str(index): span for index, span in enumerate(spans)})


def _partial_days(
    start: datetime, end: datetime, first: datetime, last: datetime
) -> list[tuple[datetime, datetime]]:
    """What of `start` to `end` lies outside the whole UTC days from `first` to `last`
    (`whole_days`): up to two parts, each within one UTC day."""
    if first > last:  # no UTC midnight inside: all of it is one part of one day
        return [(start, end)]
    return [(a, b) for a, b in ((start, first), (last, end)) if a < b]


def _lines(
    spans_name: str, count: int, sign: int, measures: Sequence[str]
) -> Select[*tuple[Any, ...]]:
    """The paid order lines placed in `count` spans bound as `spans_name` (`_spans`), with
    `measures` multiplied by `sign`."""
    figures: dict[str, Any] = {"units": OrderItem.quantity, "revenue": OrderItem.line_total}
    if sign < 0:
        figures = {measure: -value for measure, value in figures.items()}
    figures["orders"] = literal(sign)
    spans = [_within(Order.created_at, f"{spans_name}_{index}") for index in range(count)]
    return (
        select(OrderItem.product_id, *(figures[name].label(name) for name in measures))
        .join(Order, Order.id == OrderItem.order_id)
        .where(revenue.is_paid(), or_(*spans))
    )


def _sales_periods(first: date, last: date) -> dict[str, date]:
    """The values of `_sales_statement`'s periods that add up to the days from `first` up to (not
    including) `last`: the weeks wholly inside, and the days left at either end (empty ranges
    where there are none)."""
    monday = first + timedelta(days=-first.weekday() % 7)
    last_monday = last - timedelta(days=last.weekday())
    if monday >= last_monday:
        parts = {"weeks": (first, first), "head": (first, last), "tail": (last, last)}
    else:
        parts = {
            "weeks": (monday, last_monday),
            "head": (first, monday),
            "tail": (last_monday, last),
        }
    return _bounds("", parts)
