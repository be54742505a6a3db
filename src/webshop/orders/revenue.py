"""What counts as money taken, in one place: every figure of revenue or spend uses it.

An order is paid once it is paid, shipped or delivered; pending and cancelled orders are not.
`paid_revenue()` is the SQL sum analytics, customers and a customer's own summary all report.

The projections reports read instead of scanning the orders are kept in step here, in the
transaction that places an order or changes its status: `product_sales` (paid sales per
product), `product_sales_by_period` (the same per day and week placed) and `order_totals`
(orders per day and quarter hour placed, by status). Each table takes one upsert per change,
so concurrent changes never lose each other, and every transaction takes their rows in the same
order (those tables in that order, rows by key) so they never deadlock either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Select,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from webshop.db.upsert import add_to_many
from webshop.orders.models import (
    Order,
    OrderItem,
    OrderStatus,
    OrderTotals,
    ProductSales,
    ProductSalesByPeriod,
)

PAID_STATUSES = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
DAY_MINUTES = 24 * 60
QUARTER_MINUTES = 15
SPANS = (DAY_MINUTES, QUARTER_MINUTES)
SALES_SPANS = (1, 7)  # a day, a week (Monday to Sunday)
# Rows of `order_totals` per span. Every checkout adds to its quarter hour and day; with one
# row each, concurrent checkouts would hold that row's lock in turn until each commits.
SHARDS = 8

Line = tuple[int, int, Decimal]
"""An order line: (product_id, quantity, line_total)."""


def is_paid() -> ColumnElement[bool]:
    return Order.status.in_(PAID_STATUSES)


def paid_revenue() -> ColumnElement[Any]:
    """The sum of the paid orders' totals among the rows aggregated (0 when there are none)."""
    return func.coalesce(func.sum(case((is_paid(), Order.total_amount), else_=0)), 0)


def paid_count() -> ColumnElement[Any]:
    """How many of the orders aggregated are paid."""
    return func.coalesce(func.sum(case((is_paid(), 1), else_=0)), 0)


def span_start(moment: datetime, minutes: int) -> datetime:
    """The first instant (UTC) of the day or quarter hour `moment` falls in."""
    utc = moment.astimezone(UTC)
    midnight = utc.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (utc - midnight).total_seconds()
    return midnight + timedelta(minutes=int(seconds // (minutes * 60)) * minutes)


def sales_period_start(day: date, span_days: int) -> date:
    """The first day of the day or week (from Monday) `day` is in."""
    return day if span_days == 1 else day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PlacedOrder:
    """What the projections count of an order."""

    id: int
    placed_at: datetime
    total: Decimal
    lines: Sequence[Line]

    @property
    def units(self) -> int:
        return sum(quantity for _, quantity, _ in self.lines)


def shard_of(order_id: int) -> int:
    """The `order_totals` rows an order counts in (orders placed together: different rows)."""
    return order_id % SHARDS


async def record_placed(session: AsyncSession, order_id: int, placed_at: datetime) -> None:
    """Count a new (pending) order. Flushes only: it runs inside the checkout's transaction."""
    await _add_to_totals(
        session, order_id, [(placed_at, _counted(OrderStatus.PENDING, Decimal(0), 0))]
    )


async def record_status_change(
    session: AsyncSession, order: PlacedOrder, old: OrderStatus, new: OrderStatus
) -> None:
    """Move an order from `old` to `new` in the projections; a payment adds its sales, the
    cancellation of a paid order takes them back. Flushes only: it runs inside the status
    change's transaction."""
    sign = int(new in PAID_STATUSES) - int(old in PAID_STATUSES)
    if sign:
        await _add_sales(session, order.lines, sign)
        await _add_period_sales(session, [(order.placed_at, order.lines, sign)])
    before = _counted(old, order.total, order.units)
    after = _counted(new, order.total, order.units)
    await _add_to_totals(
        session,
        order.id,
        [(order.placed_at, {name: after[name] - before[name] for name in after})],
    )


async def redate_order(session: AsyncSession, order_id: int, placed_at: datetime) -> None:
    """Date an order as placed at `placed_at`, and move it in the projections with it. The shop
    never does this; demo history and tests do. Flushes only."""
    row = (
        await session.execute(
            select(Order.created_at, Order.status, Order.total_amount).where(Order.id == order_id)
        )
    ).one()
    lines = [
        (item.product_id, item.quantity, item.line_total)
        for item in await session.scalars(select(OrderItem).where(OrderItem.order_id == order_id))
    ]
    await session.execute(update(Order).where(Order.id == order_id).values(created_at=placed_at))
    counted = _counted(row.status, row.total_amount, sum(quantity for _, quantity, _ in lines))
    if row.status in PAID_STATUSES:
        await _add_period_sales(session, [(row.created_at, lines, -1), (placed_at, lines, 1)])
    await _add_to_totals(
        session,
        order_id,
        [
            (row.created_at, {name: -amount for name, amount in counted.items()}),
            (placed_at, counted),
        ],
    )


def _counted(status: OrderStatus, total: Decimal, units: int) -> dict[str, Any]:
    """What one order in `status` adds to each measure of `order_totals`."""
    paid = status in PAID_STATUSES
    return {
        **{each.value: int(each is status) for each in OrderStatus},
        "revenue": total if paid else Decimal("0.00"),
        "units": units if paid else 0,
    }


async def _add_sales(session: AsyncSession, lines: Iterable[Line], sign: int) -> None:
    await _add_rows(
        session,
        ProductSales,
        ("product_id",),
        [
            {
                "product_id": product,
                "units": sign * quantity,
                "revenue": sign * total,
                "orders": sign,
            }
            for product, quantity, total in lines
        ],
    )


async def _add_period_sales(
    session: AsyncSession, changes: Iterable[tuple[datetime, Iterable[Line], int]]
) -> None:
    """Add each `(placed_at, lines, sign)` to the sales of the day and the week it was placed."""
    rows = [
        {
            "span_days": span,
            "starts_on": sales_period_start(placed_at.astimezone(UTC).date(), span),
            "product_id": product,
            "units": sign * quantity,
            "revenue": sign * total,
            "orders": sign,
        }
        for placed_at, lines, sign in changes
        for product, quantity, total in lines
        for span in SALES_SPANS
    ]
    await _add_rows(session, ProductSalesByPeriod, ("span_days", "starts_on", "product_id"), rows)


async def _add_to_totals(
    session: AsyncSession, order_id: int, changes: Iterable[tuple[datetime, dict[str, Any]]]
) -> None:
    """Add each `(placed_at, amounts)` of order `order_id` to the day and the quarter hour it
    was placed in."""
    shard = shard_of(order_id)
    rows = [
        {
            "span_minutes": minutes,
            "starts_at": span_start(placed_at, minutes),
            "shard": shard,
            **amounts,
        }
        for placed_at, amounts in changes
        for minutes in SPANS
    ]
    await _add_rows(session, OrderTotals, ("span_minutes", "starts_at", "shard"), rows)


async def _add_rows(
    session: AsyncSession,
    model: type[DeclarativeBase],
    key: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
) -> None:
    """`add_to_many` after adding up the rows with the same key (one statement may not change
    a row twice) and leaving out those that add nothing, in key order: the order in which the
    database locks them."""
    summed: dict[tuple[Any, ...], dict[str, Any]] = defaultdict(dict)
    for row in rows:
        amounts = summed[tuple(row[name] for name in key)]
        for name, value in row.items():
            if name not in key:
                amounts[name] = amounts.get(name, 0) + value
    await add_to_many(
        session,
        model,
        [
            {**dict(zip(key, identity, strict=True)), **amounts}
            for identity, amounts in sorted(summed.items())
            if any(amounts.values())
        ],
        key=key,
    )


# --- Rebuilding after a bulk load -------------------------------------------------------------


async def rebuild_sales(session: AsyncSession) -> None:
    """Recompute `product_sales` and `product_sales_by_period` from the orders (after a bulk
    import). Commits."""
    await session.execute(delete(ProductSales))
    await session.execute(delete(ProductSalesByPeriod))
    await session.execute(
        insert(ProductSales).from_select(
            ["product_id", "units", "revenue", "orders"], _paid_lines_by(OrderItem.product_id)
        )
    )
    day = _utc_date_sql(session, Order.created_at)
    columns = ["span_days", "starts_on", "product_id", "units", "revenue", "orders"]
    await session.execute(
        insert(ProductSalesByPeriod).from_select(
            columns,
            _paid_lines_by(day, OrderItem.product_id, span=1).order_by(day, OrderItem.product_id),
        )
    )
    days = ProductSalesByPeriod.__table__.alias("days")
    week = _monday_sql(session, days.c.starts_on)
    await session.execute(
        insert(ProductSalesByPeriod).from_select(
            columns,
            select(
                literal(7),
                week,
                days.c.product_id,
                func.sum(days.c.units),
                func.sum(days.c.revenue),
                func.sum(days.c.orders),
            )
            .where(days.c.span_days == 1)
            .group_by(week, days.c.product_id)
            .order_by(week, days.c.product_id),
        )
    )
    await session.commit()


async def rebuild_order_totals(session: AsyncSession) -> None:
    """Recompute `order_totals` from the orders (after a bulk import): the quarter hours from
    the orders, the days from the quarter hours. Commits."""
    await session.execute(delete(OrderTotals))
    per_order = (
        select(OrderItem.order_id, func.sum(OrderItem.quantity).label("units"))
        .group_by(OrderItem.order_id)
        .subquery()
    )
    units = func.coalesce(per_order.c.units, 0)
    quarter = _span_start_sql(session, Order.created_at, QUARTER_MINUTES)
    counted = {
        **{
            status.value: func.coalesce(func.sum(case((Order.status == status, 1))), 0)
            for status in OrderStatus
        },
        "revenue": paid_revenue(),
        "units": func.coalesce(func.sum(case((is_paid(), units), else_=0)), 0),
    }
    await session.execute(
        insert(OrderTotals).from_select(
            ["span_minutes", "starts_at", *counted],
            select(literal(QUARTER_MINUTES), quarter, *counted.values())
            .select_from(Order)
            .outerjoin(per_order, per_order.c.order_id == Order.id)
            .group_by(quarter)
            .order_by(quarter),
        )
    )
    quarters = OrderTotals.__table__.alias("quarters")
    day = _span_start_sql(session, quarters.c.starts_at, DAY_MINUTES)
    await session.execute(
        insert(OrderTotals).from_select(
            ["span_minutes", "starts_at", *counted],
            select(literal(DAY_MINUTES), day, *(func.sum(quarters.c[name]) for name in counted))
            .where(quarters.c.span_minutes == QUARTER_MINUTES)
            .group_by(day)
            .order_by(day),
        )
    )
    await session.commit()


def _paid_lines_by(*keys: Any, span: int | None = None) -> Select[*tuple[Any, ...]]:
    """Paid units, revenue and lines grouped by `keys` (after the `span`, if given)."""
    return (
        select(
            *([] if span is None else [literal(span)]),
            *keys,
            func.sum(OrderItem.quantity),
            func.sum(OrderItem.line_total),
            func.count(OrderItem.id),
        )
        .join(Order, Order.id == OrderItem.order_id)
        .where(is_paid())
        .group_by(*keys)
    )


# SQLite keeps a datetime as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC here): the functions below cut
# it rather than parse it, as SQLite's date functions round to milliseconds (23:59:59.9999
# would be the next day), and build what they return the way SQLAlchemy stores it.


def _utc_date_sql(session: AsyncSession, moment: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", moment))
    return func.substr(moment, 1, 10)


def _monday_sql(session: AsyncSession, day: Any) -> ColumnElement[Any]:
    """`sales_period_start(day, 7)` in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.date_trunc("week", cast(day, DateTime)))
    return func.date(day, "-6 days", "weekday 1")


def _span_start_sql(session: AsyncSession, moment: Any, minutes: int) -> ColumnElement[Any]:
    """`span_start(moment, minutes)` in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        seconds = minutes * 60
        epoch = func.extract("epoch", moment)
        return func.to_timestamp(func.floor(epoch / seconds) * seconds)
    if minutes == DAY_MINUTES:
        return func.substr(moment, 1, 10).op("||")(" 00:00:00.000000")
    minute = cast(func.substr(moment, 15, 2), Integer) // minutes * minutes
    return func.substr(moment, 1, 14).op("||")(func.printf("%02d", minute)).op("||")(":00.000000")
