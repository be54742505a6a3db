"""Analytics: the business figures the API reports, from the orders' summaries (`summaries`)
and the tables events fill (`counting`).

Definitions: revenue counts paid, shipped and delivered orders (not pending, not cancelled),
dated by when the order was placed; days are calendar days in `SHOP_TIMEZONE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Label,
    Row,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics import summaries
from webshop.analytics.days import DayRange, Periods, resolve, totals_by_day
from webshop.analytics.models import (
    ActiveUserDaily,
    LastActiveDay,
    ProductViewsDaily,
    ProductViewsTotal,
)
from webshop.analytics.schemas import (
    Change,
    Dashboard,
    OrdersFigures,
    OrdersPoint,
    Overview,
    PeriodQuery,
    ProductFigures,
    ProductPerformance,
    ProductSort,
    RevenueFigures,
    RevenuePoint,
    Summary,
    TopSeller,
    UserAnalytics,
    UsersFigures,
    UsersPoint,
    UsersSummary,
)
from webshop.catalog import counts as catalog_counts
from webshop.catalog.models import Product
from webshop.core.clock import utcnow
from webshop.core.money import quantize
from webshop.customers.schemas import SortOrder
from webshop.db.base import table_of
from webshop.db.paging import Page, page_of_rows
from webshop.events.buffer import EventBuffer
from webshop.events.schemas import EventType
from webshop.orders import service as orders_service
from webshop.orders.models import OrderStatus, ProductSales
from webshop.reviews.ratings import rating_subquery
from webshop.users.models import User, UserRole

DASHBOARD_DAYS = 30
SERIES_DAYS = 30
USERS_DAYS = 7
PERCENT = Decimal("0.1")
RECENT_ORDERS = 10
TOP_SELLERS = 5
# Tables rather than models where statements are built once: no ORM work when they run.
USERS = table_of(User).c
ACTIVE_USERS = table_of(ActiveUserDaily).c
LAST_ACTIVE = table_of(LastActiveDay)


async def rebuild_summaries(session: AsyncSession) -> None:
    """Recompute what `counting` keeps beside the daily tables (all-time views per product,
    each user's latest active day) from them, after a bulk load of daily rows. Commits."""
    await session.execute(delete(ProductViewsTotal))
    await session.execute(
        insert(ProductViewsTotal).from_select(
            ["product_id", "views"],
            select(ProductViewsDaily.product_id, func.sum(ProductViewsDaily.views)).group_by(
                ProductViewsDaily.product_id
            ),
        )
    )
    await session.execute(delete(LastActiveDay))
    await session.execute(
        insert(LastActiveDay).from_select(
            ["user_key", "day"],
            select(ActiveUserDaily.user_key, func.max(ActiveUserDaily.day)).group_by(
                ActiveUserDaily.user_key
            ),
        )
    )
    await session.commit()


# --- The analytics API: aggregates computed in SQL ------------------------------------------

Point = TypeVar("Point", bound=BaseModel)


def percent_change(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """How much `current` differs from `previous`, in percent of `previous`, to one decimal
    (half up); None when there is nothing to compare with (`previous` is 0 or missing)."""
    if current is None or previous is None or previous == 0:
        return None
    change = ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(
        PERCENT, rounding=ROUND_HALF_UP
    )
    return change if change else abs(change)  # "0.0", never "-0.0"


def compare(current: BaseModel, previous: BaseModel) -> Change:
    """The change of each figure of `previous`'s model (all but its date), in percent."""
    return _changes(dict(current), dict(previous))


def _changes(current: dict[str, Any], previous: dict[str, Any]) -> Change:
    """`compare` for figures by name."""
    return {
        name: percent_change(current[name], value)
        for name, value in previous.items()
        if name != "date"
    }


def _compared(
    point: type[Point], figures: dict[str, Any], previous: dict[str, Any] | None
) -> Point:
    """A day's `figures` (a point's fields) as a `point`, with the same day's figures of the
    previous period and the change if given (built once, from the fields: a series has many
    points)."""
    if previous is None:
        return point(**figures)
    return point(**figures, previous=previous, change=_changes(figures, previous))


def _average(total: Decimal, count: int) -> Decimal:
    return quantize(total / count) if count else Decimal("0.00")


SERIES_MEASURES = ("revenue", "paid_orders", "orders", "cancelled_orders")


async def overview(session: AsyncSession, *, zone: ZoneInfo) -> Overview:
    ranges = _overview_ranges()
    figures = await _read_row(session, _overview_figures(), _overview_params(zone))
    return _overview(summaries.sums_of(figures["sums"], ranges), figures)


@cache
def _overview_ranges() -> summaries.Sums:
    """The order figures the overview needs, for `summaries.order_sums`; today's instants are
    bound by `_overview_params`."""
    return {
        "all": (summaries.all_time(), ("revenue", "paid_orders", "orders")),
        "today": (summaries.placed_in("today"), ("revenue", "orders")),
    }


def _overview_params(zone: ZoneInfo) -> dict[str, Any]:
    today = DayRange.last(1, zone)
    return summaries.placed_params("today", today.start, today.end)


@cache
def _overview_figures() -> JoinedRow:
    return _joined_row(sums=summaries.order_sums(_overview_ranges()), **_overview_counts())


def _overview_counts(*, joined: bool = False) -> dict[str, Select[*tuple[Any, ...]]]:
    """The one-row statements of the overview's counts, for `_joined_row`: users (all, and
    customers; with `joined`, also those who signed up in the period, `current`, and in the
    previous one, `previous`: see `_joined_params`) and the products for sale, the latter from
    the counts the catalog keeps (`product_counts` and the changes not yet folded into it)
    rather than the products."""
    counts = [
        func.count().label("users"),
        func.count().filter(USERS.role == UserRole.CUSTOMER).label("customers"),
    ]
    if joined:
        created = USERS.created_at
        current_start = bindparam("current_start", type_=created.type)
        counts += [
            func.count()
            .filter(created >= current_start, created < bindparam("current_end"))
            .label("current"),
            func.count()
            .filter(created >= bindparam("whole_start"), created < current_start)
            .label("previous"),
        ]
    return {"users": select(*counts), "products": catalog_counts.for_sale()}


def _joined_params(periods: Periods) -> dict[str, datetime]:
    """The instants `_overview_counts(joined=True)` counts sign-ups between."""
    return {
        "current_start": periods.current.start,
        "current_end": periods.current.end,
        "whole_start": periods.whole.start,
    }


def _overview(sums: dict[str, dict[str, Any]], counts: dict[str, dict[str, Any]]) -> Overview:
    """The overview from `summaries.sums_of` the overview's ranges and `_overview_counts`."""
    everything, today_totals = sums["all"], sums["today"]
    total_revenue = quantize(Decimal(everything["revenue"]))
    paid_orders = int(everything["paid_orders"])
    return Overview(
        total_revenue=total_revenue,
        total_orders=int(everything["orders"]),
        paid_orders=paid_orders,
        total_users=int(counts["users"]["users"]),
        total_customers=int(counts["users"]["customers"]),
        total_products=int(counts["products"]["for_sale"]),
        today_orders=int(today_totals["orders"]),
        today_revenue=quantize(Decimal(today_totals["revenue"])),
        average_order_value=_average(total_revenue, paid_orders),
    )


async def order_series(
    session: AsyncSession, period: PeriodQuery, *, zone: ZoneInfo
) -> tuple[list[RevenuePoint], list[OrdersPoint]]:
    """Daily revenue and order counts over the period (30 days by default), every day
    present; when comparing, each day beside the same day of the previous period."""
    return await order_series_for(session, resolve(period, default_days=SERIES_DAYS, zone=zone))


async def order_series_for(
    session: AsyncSession, periods: Periods
) -> tuple[list[RevenuePoint], list[OrdersPoint]]:
    totals = await summaries.orders_by_day(session, periods.whole, SERIES_MEASURES)
    revenue_points, order_points = [], []
    for day, before in periods.pairs():
        revenue_points.append(
            _compared(
                RevenuePoint,
                _revenue_figures(day, totals),
                None if before is None else _revenue_figures(before, totals),
            )
        )
        order_points.append(
            _compared(
                OrdersPoint,
                _orders_figures(day, totals),
                None if before is None else _orders_figures(before, totals),
            )
        )
    return revenue_points, order_points


def _revenue_figures(day: date, totals: dict[date, dict[str, Any]]) -> dict[str, Any]:
    """The fields of a day's `RevenueFigures`."""
    figures = totals.get(day, {})
    return {
        "date": day,
        "revenue": quantize(Decimal(figures.get("revenue", 0))),
        "paid_orders": int(figures.get("paid_orders", 0)),
    }


def _orders_figures(day: date, totals: dict[date, dict[str, Any]]) -> dict[str, Any]:
    """The fields of a day's `OrdersFigures`."""
    figures = totals.get(day, {})
    return {
        "date": day,
        "orders": int(figures.get("orders", 0)),
        "paid_orders": int(figures.get("paid_orders", 0)),
        "cancelled_orders": int(figures.get("cancelled_orders", 0)),
    }


class Split(NamedTuple):
    """A figure in the period and in the one before it (0 when not comparing)."""

    current: int
    previous: int


def _active_users(*, comparing: bool) -> Select[Any, Any]:
    """Distinct users active on any day of the period, and of the previous one when
    `comparing` (grouped by user rather than `count(DISTINCT)`, which sorts); the days are
    bound by `_active_params`. Without a previous period, while nobody has been active after
    the period's last day, each user's latest active day answers instead; the database
    evaluates the days only otherwise."""
    day = ACTIVE_USERS.day
    first, last = (
        bindparam("active_first", type_=day.type),
        bindparam("active_last", type_=day.type),
    )
    users = (
        select(
            func.max(case((day >= first, 1), else_=0)).label("current"),
            func.max(case((day < first, 1), else_=0)).label("previous"),
        )
        .where(day >= bindparam("active_since"), day <= last)
        .group_by(ACTIVE_USERS.user_key)
        .subquery()
    )
    counted = func.coalesce(func.sum(users.c.current), 0)
    if comparing:
        previous = func.coalesce(func.sum(users.c.previous), 0)
        return select(counted.label("current"), previous.label("previous"))
    latest_day = LAST_ACTIVE.c.day
    latest = select(func.max(latest_day)).scalar_subquery()
    since_first = (
        select(func.count()).select_from(LAST_ACTIVE).where(latest_day >= first)
    ).scalar_subquery()
    return select(
        case(
            (func.coalesce(latest, first) <= last, since_first),
            else_=select(counted).scalar_subquery(),
        ).label("current"),
        literal(0).label("previous"),
    )


def _active_params(periods: Periods) -> dict[str, date]:
    """The days `_active_users` counts over."""
    return {
        "active_first": periods.current.first_day,
        "active_last": periods.current.last_day,
        "active_since": periods.whole.first_day,
    }


class JoinedRow(NamedTuple):
    """Statements of one row each as one statement (one round trip instead of one each), and
    the names of each one's columns."""

    statement: Select[Any, Any]
    columns: dict[str, list[str]]


def _joined_row(**statements: Select[*tuple[Any, ...]]) -> JoinedRow:
    subqueries = {name: statement.subquery(name) for name, statement in statements.items()}
    first, *others = subqueries.values()
    joined: FromClause = first
    for subquery in others:
        joined = joined.join(subquery, true())
    columns = [
        column.label(f"{name}__{column.name}")
        for name, subquery in subqueries.items()
        for column in subquery.c
    ]
    return JoinedRow(
        select(*columns).select_from(joined),
        {name: [column.name for column in subquery.c] for name, subquery in subqueries.items()},
    )


async def _read_row(
    session: AsyncSession, joined: JoinedRow, params: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Run a `_joined_row` with `params`: each statement's columns by statement name and
    column name."""
    row = (await session.execute(joined.statement, params)).one()._mapping
    return {
        name: {column: row[f"{name}__{column}"] for column in columns}
        for name, columns in joined.columns.items()
    }


@cache
def _distinct_active_users(comparing: bool) -> JoinedRow:
    return _joined_row(active=_active_users(comparing=comparing))


def _split(figures: dict[str, Any]) -> Split:
    """The `current` and `previous` figures of a `_joined_row` statement."""
    return Split(int(figures["current"]), int(figures["previous"]))


async def user_analytics(
    session: AsyncSession, period: PeriodQuery, *, zone: ZoneInfo
) -> UserAnalytics:
    """Daily sign-ups, active users and accounts over the period (7 days by default), the
    period's totals, and users by role (all time)."""
    return await user_analytics_for(session, resolve(period, default_days=USERS_DAYS, zone=zone))


async def user_analytics_for(session: AsyncSession, periods: Periods) -> UserAnalytics:
    whole = periods.whole
    signups = await totals_by_day(
        session,
        User.created_at,
        [func.count(User.id).label("signups")],
        where=[],
        days=whole,
        zone=whole.zone,
    )
    active = dict(
        (
            await session.execute(
                select(ActiveUserDaily.day, func.count(ActiveUserDaily.user_key))
                .where(
                    ActiveUserDaily.day >= whole.first_day, ActiveUserDaily.day <= whole.last_day
                )
                .group_by(ActiveUserDaily.day)
            )
        ).all()
    )
    comparing = periods.previous is not None
    active_users = await _read_row(
        session, _distinct_active_users(comparing), _active_params(periods)
    )
    distinct = _split(active_users["active"])
    roles = (
        await session.execute(
            select(
                User.role,
                func.count(User.id).label("users"),
                func.coalesce(func.sum(case((User.created_at < whole.start, 1), else_=0)), 0).label(
                    "earlier"
                ),
            ).group_by(User.role)
        )
    ).all()
    accounts = sum(int(row.earlier) for row in roles)  # before the first day shown
    figures: dict[date, UsersFigures] = {}
    for day in whole.dates:
        joined = int(signups.get(day, {}).get("signups", 0))
        accounts += joined
        figures[day] = UsersFigures(
            date=day, signups=joined, active_users=int(active.get(day, 0)), total_users=accounts
        )

    def summary(days: DayRange, active_users: int) -> UsersSummary:
        return UsersSummary(
            signups=sum(figures[day].signups for day in days.dates), active_users=active_users
        )

    current = summary(periods.current, distinct.current)
    previous = None if periods.previous is None else summary(periods.previous, distinct.previous)
    by_role = {row.role: int(row.users) for row in roles}
    return UserAnalytics(
        days=len(periods.current.dates),
        period=periods.current.period(),
        previous_period=None if periods.previous is None else periods.previous.period(),
        summary=current,
        previous=previous,
        change=None if previous is None else compare(current, previous),
        total_users=sum(by_role.values()),
        by_role={role: by_role.get(role, 0) for role in UserRole},
        series=[
            _compared(
                UsersPoint,
                dict(figures[day]),
                None if before is None else dict(figures[before]),
            )
            for day, before in periods.pairs()
        ],
    )


class _ProductColumns(NamedTuple):
    """Per product: paid units, revenue and orders, and page views (0 without any)."""

    units: ColumnElement[Any]
    revenue: ColumnElement[Any]
    orders: ColumnElement[Any]
    views: ColumnElement[Any]


def _sales(days: DayRange | None, products: Sequence[int] | None = None) -> FromClause:
    """Per product: paid `units`, `revenue` and `orders`: all time (`product_sales`), or of the
    orders placed in `days`."""
    if days is None:
        return ProductSales.__table__
    return summaries.sales(days, products).subquery("sales")


def _product_columns(
    days: DayRange | None, products: Sequence[int] | None = None
) -> tuple[_ProductColumns, FromClause]:
    """The figures of `_ProductColumns`, all time or in `days`, and the products outer-joined
    to what they are computed from."""
    sales = _sales(days, products)
    views: FromClause = ProductViewsTotal.__table__
    if days is not None:
        viewed = (
            select(ProductViewsDaily.product_id, func.sum(ProductViewsDaily.views).label("views"))
            .where(ProductViewsDaily.day.between(days.first_day, days.last_day))
            .group_by(ProductViewsDaily.product_id)
        )
        if products is not None:
            viewed = viewed.where(ProductViewsDaily.product_id.in_(products))
        views = viewed.subquery("views")
    columns = _ProductColumns(
        units=func.coalesce(sales.c.units, 0),
        revenue=func.coalesce(sales.c.revenue, 0),
        orders=func.coalesce(sales.c.orders, 0),
        views=func.coalesce(views.c.views, 0),
    )
    joined = Product.__table__.outerjoin(sales, sales.c.product_id == Product.id).outerjoin(
        views, views.c.product_id == Product.id
    )
    return columns, joined


def _labelled(columns: _ProductColumns) -> list[Label[Any]]:
    return [column.label(name) for name, column in columns._asdict().items()]


async def product_performance(
    session: AsyncSession,
    period: PeriodQuery,
    *,
    sort: ProductSort,
    order: SortOrder | None = None,
    skip: int,
    limit: int,
    zone: ZoneInfo,
) -> Page[ProductPerformance]:
    """A page of products with their sales, views and rating: all time unless a range is
    given, then the orders placed and the views in it (ratings stay all time); when
    comparing, each product's figures in the previous period and the change. Sorted by `sort`
    in `order` (default: names A to Z, figures highest first)."""
    periods = resolve(period, default_days=None, zone=zone)
    return await product_performance_for(
        session, periods, sort=sort, order=order, skip=skip, limit=limit
    )


async def product_performance_for(
    session: AsyncSession,
    periods: Periods | None,
    *,
    sort: ProductSort,
    order: SortOrder | None = None,
    skip: int,
    limit: int,
) -> Page[ProductPerformance]:
    columns, joined = _product_columns(None if periods is None else periods.current)
    ratings = rating_subquery()
    conversion = case((columns.views > 0, columns.orders * 1.0 / columns.views), else_=None)
    key: ColumnElement[Any] = {
        ProductSort.REVENUE: columns.revenue,
        ProductSort.UNITS: columns.units,
        ProductSort.ORDERS: columns.orders,
        ProductSort.VIEWS: columns.views,
        ProductSort.CONVERSION: conversion,
        ProductSort.RATING: ratings.c.average_rating,
        ProductSort.NAME: func.lower(Product.name),
    }[sort]
    if order is None:  # names A to Z, figures highest first
        order = SortOrder.ASC if sort is ProductSort.NAME else SortOrder.DESC
    ranked = key.asc() if order is SortOrder.ASC else key.desc()
    page = await page_of_rows(
        session,
        select(
            Product.id,
            Product.name,
            Product.category,
            Product.is_active,
            *_labelled(columns),
            ratings.c.average_rating,
            func.coalesce(ratings.c.review_count, 0).label("review_count"),
        ).select_from(joined.outerjoin(ratings, ratings.c.product_id == Product.id)),
        order_by=[ranked.nulls_last(), Product.id],  # no rating or views: last either way
        skip=skip,
        limit=limit,
        counting=select(Product.id),
    )
    items = [_performance(row) for row in page.items]
    if periods is not None and periods.previous is not None and items:
        before = await _product_figures(
            session, periods.previous, [item.product_id for item in items]
        )
        items = [
            item.model_copy(
                update={
                    "previous": before[item.product_id],
                    "change": compare(item, before[item.product_id]),
                }
            )
            for item in items
        ]
    return Page(items, page.total)


async def _product_figures(
    session: AsyncSession, days: DayRange, products: Sequence[int]
) -> dict[int, ProductFigures]:
    """The figures of `products` in `days`, in one query."""
    columns, joined = _product_columns(days, products)
    rows = await session.execute(
        select(Product.id, *_labelled(columns)).select_from(joined).where(Product.id.in_(products))
    )
    return {row.id: _figures(row) for row in rows}


async def top_sellers(
    session: AsyncSession, days: DayRange | None, limit: int = TOP_SELLERS
) -> list[TopSeller]:
    """The products with the most paid revenue, all time or of the orders placed in `days`."""
    params: dict[str, Any] = {}
    if days is None:
        statement = _best_sellers(None, limit)
    else:
        sales, params = summaries.sales_in(days, measures=("units", "revenue"))
        statement = _best_sellers(sales, limit)
    return [
        TopSeller(
            product_id=row.id,
            name=row.name,
            units_sold=int(row.units),
            revenue=quantize(Decimal(row.revenue)),
        )
        for row in await session.execute(statement, params)
    ]


@cache
def _best_sellers(sales: Select[Any, Any] | None, limit: int) -> Select[Any, Any]:
    """`top_sellers`' statement over `sales` (one of `summaries.sales_in`, each built once) or
    all time (None). The best are picked from the sales before their names are joined (every
    product sold is a product: order lines refer to theirs)."""
    sold: FromClause = ProductSales.__table__ if sales is None else sales.subquery("sales")
    best = (
        select(sold.c.product_id, sold.c.units, sold.c.revenue)
        .where(sold.c.units > 0)
        .order_by(sold.c.revenue.desc(), sold.c.product_id)
        .limit(limit)
        .subquery("best")
    )
    products = table_of(Product)
    return (
        select(products.c.id, products.c.name, best.c.units, best.c.revenue)
        .join(best, best.c.product_id == products.c.id)
        .order_by(best.c.revenue.desc(), products.c.id)
    )


async def dashboard(
    session: AsyncSession,
    period: PeriodQuery,
    *,
    admin: User,
    zone: ZoneInfo,
    views: EventBuffer,
) -> Dashboard:
    """Everything the dashboard's first tabs show, in one call; records the visit (with the
    next batch of page views: a read does not write). The period's figures and trends cover
    30 days unless a range is given."""
    periods = resolve(period, default_days=DASHBOARD_DAYS, zone=zone)
    revenue_points, order_points = await order_series_for(session, periods)
    comparing = periods.previous is not None
    figures = await _read_row(
        session, _dashboard_figures(comparing), _dashboard_params(periods, zone)
    )
    sums = summaries.sums_of(figures["sums"], _dashboard_ranges(comparing))
    new_users, active = _split(figures["users"]), _split(figures["active"])
    summary = _summary(
        revenue_points,
        order_points,
        units_sold=int(sums["current"]["units"]),
        new_users=new_users.current,
        active_users=active.current,
    )
    previous = None
    if periods.previous is not None:
        previous = _summary(
            [point.previous for point in revenue_points if point.previous is not None],
            [point.previous for point in order_points if point.previous is not None],
            units_sold=int(sums["previous"]["units"]),
            new_users=new_users.previous,
            active_users=active.previous,
        )
    result = Dashboard(
        period=periods.current.period(),
        previous_period=None if periods.previous is None else periods.previous.period(),
        summary=summary,
        previous=previous,
        change=None if previous is None else compare(summary, previous),
        orders_by_status={status: int(sums["current"][status.value]) for status in OrderStatus},
        overview=_overview(sums, figures),
        revenue=revenue_points,
        orders=order_points,
        recent_orders=await orders_service.recent_orders(session, RECENT_ORDERS),
        top_sellers=await top_sellers(session, periods.current),
        generated_at=utcnow(),
    )
    views.add(
        EventType.ADMIN_DASHBOARD_ACCESS,
        {"user_id": admin.id, "view": "dashboard"},
        user_id=admin.id,
    )
    return result


@cache
def _dashboard_ranges(comparing: bool) -> summaries.Sums:
    """The order figures the dashboard needs, for `summaries.order_sums`: the overview's, and
    the period's units and orders by status (and the previous period's units)."""
    ranges = dict(_overview_ranges())
    ranges["current"] = (
        summaries.placed_in("current"),
        ("units", *(status.value for status in OrderStatus)),
    )
    if comparing:
        ranges["previous"] = (summaries.placed_in("previous"), ("units",))
    return ranges


@cache
def _dashboard_figures(comparing: bool) -> JoinedRow:
    return _joined_row(
        sums=summaries.order_sums(_dashboard_ranges(comparing)),
        active=_active_users(comparing=comparing),
        **_overview_counts(joined=True),
    )


def _dashboard_params(periods: Periods, zone: ZoneInfo) -> dict[str, Any]:
    current = periods.current
    params = {
        **_overview_params(zone),
        **summaries.placed_params("current", current.start, current.end),
        **_active_params(periods),
        **_joined_params(periods),
    }
    if periods.previous is not None:
        before = periods.previous
        params.update(summaries.placed_params("previous", before.start, before.end))
    return params


def _summary(
    revenue_figures: Sequence[RevenueFigures],
    order_figures: Sequence[OrdersFigures],
    *,
    units_sold: int,
    new_users: int,
    active_users: int,
) -> Summary:
    """A period's figures from its days' (so they add up to the series shown)."""
    total = sum((day.revenue for day in revenue_figures), Decimal("0.00"))
    paid = sum(day.paid_orders for day in revenue_figures)
    return Summary(
        revenue=quantize(total),
        orders=sum(day.orders for day in order_figures),
        paid_orders=paid,
        cancelled_orders=sum(day.cancelled_orders for day in order_figures),
        average_order_value=_average(total, paid),
        units_sold=units_sold,
        new_users=new_users,
        active_users=active_users,
    )


def _figures(row: Row[Any]) -> ProductFigures:
    """A product's figures from a row with `units`, `revenue`, `orders` and `views`."""
    views, orders = int(row.views), int(row.orders)
    return ProductFigures(
        units_sold=int(row.units),
        revenue=quantize(Decimal(row.revenue)),
        order_count=orders,
        views=views,
        conversion=(Decimal(orders) / views).quantize(Decimal("0.0001")) if views else None,
    )


def _performance(row: Row[Any]) -> ProductPerformance:
    """A row of `product_performance`'s query as the API shows it."""
    return ProductPerformance(
        **dict(_figures(row)),
        product_id=row.id,
        name=row.name,
        category=row.category,
        is_active=row.is_active,
        average_rating=None if row.average_rating is None else round(float(row.average_rating), 2),
        review_count=int(row.review_count),
    )
