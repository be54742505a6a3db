"""Analytics: materialising events into tables, and the business figures the API reports.

Definitions: revenue counts paid, shipped and delivered orders (not pending, not cancelled),
dated by when the order was placed; days are calendar days in `SHOP_TIMEZONE`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Label, Row, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.days import DayRange, totals_by_day
from webshop.analytics.models import ActiveUserDaily, DailyCount, ProductViewsDaily
from webshop.analytics.schemas import (
    Dashboard,
    OrdersPoint,
    Overview,
    ProductPerformance,
    ProductSort,
    RevenuePoint,
    TopSeller,
    UserAnalytics,
    UsersPoint,
)
from webshop.catalog.models import Product
from webshop.core.clock import utcnow
from webshop.core.money import quantize
from webshop.db.paging import Page, page_of_rows
from webshop.db.upsert import increment, insert_if_absent
from webshop.events.consumer import EventHandler
from webshop.events.envelope import EventEnvelope
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.orders import revenue
from webshop.orders import service as orders_service
from webshop.orders.models import Order, OrderStatus, ProductSales
from webshop.reviews.ratings import rating_subquery
from webshop.users.models import User, UserRole

DASHBOARD_DAYS = 30
RECENT_ORDERS = 10
TOP_SELLERS = 5

DAILY_METRICS = {
    "product_viewed": "product_views",
    "product_list_viewed": "list_views",
    "user_login": "logins",
    "cart_updated": "cart_updates",
}
# Events that show a user was active that day.
ACTIVITY = frozenset(
    {"user_login", "product_viewed", "product_list_viewed", "cart_updated", "order_created"}
)


def event_handler(zone: ZoneInfo) -> EventHandler:
    """What the relay (embedded mode) and the Kafka consumer apply each event with."""

    async def handle(session: AsyncSession, event: EventEnvelope) -> None:
        await record_event(session, event, zone=zone)

    return handle


async def record_event(session: AsyncSession, event: EventEnvelope, *, zone: ZoneInfo) -> None:
    """Count one (pseudonymised) event in the daily tables, on its day in `zone`. Flushes only:
    the caller commits, and the caller makes sure each event is recorded once."""
    day = event.timestamp.astimezone(zone).date()
    metric = DAILY_METRICS.get(event.event_type)
    if metric is not None:
        await increment(session, DailyCount, {"day": day, "metric": metric}, "count")
    product_id = event.data.get("product_id")
    if event.event_type == "product_viewed" and isinstance(product_id, int):
        await increment(session, ProductViewsDaily, {"product_id": product_id, "day": day}, "views")
    if event.event_type in ACTIVITY and isinstance(event.user_id, str):
        await insert_if_absent(session, ActiveUserDaily, {"day": day, "user_key": event.user_id})


# --- The analytics API: aggregates computed in SQL ------------------------------------------


def _order_measures() -> list[Label[Any]]:
    """Revenue, paid orders, all orders and cancelled orders, in one pass over the orders."""
    return [
        revenue.paid_revenue().label("revenue"),
        revenue.paid_count().label("paid_orders"),
        func.count(Order.id).label("orders"),
        func.coalesce(func.sum(case((Order.status == OrderStatus.CANCELLED, 1), else_=0)), 0).label(
            "cancelled_orders"
        ),
    ]


async def overview(session: AsyncSession, *, zone: ZoneInfo) -> Overview:
    everything = (await session.execute(select(*_order_measures()))).one()
    today = await totals_by_day(
        session,
        Order.created_at,
        _order_measures(),
        where=[],
        days=DayRange.last(1, zone),
        zone=zone,
    )
    today_totals = next(iter(today.values()), {"revenue": 0, "orders": 0})
    users = (
        await session.execute(
            select(
                func.count(User.id).label("total"),
                func.coalesce(
                    func.sum(case((User.role == UserRole.CUSTOMER, 1), else_=0)), 0
                ).label("customers"),
            )
        )
    ).one()
    products = await session.scalar(
        select(func.count(Product.id)).where(Product.is_active.is_(True))
    )
    total_revenue, paid_orders = quantize(Decimal(everything.revenue)), int(everything.paid_orders)
    return Overview(
        total_revenue=total_revenue,
        total_orders=everything.orders,
        paid_orders=paid_orders,
        total_users=users.total,
        total_customers=int(users.customers),
        total_products=int(products or 0),
        today_orders=int(today_totals["orders"]),
        today_revenue=quantize(Decimal(today_totals["revenue"])),
        average_order_value=quantize(total_revenue / paid_orders)
        if paid_orders
        else Decimal("0.00"),
    )


async def order_series(
    session: AsyncSession, days: int, *, zone: ZoneInfo
) -> tuple[list[RevenuePoint], list[OrdersPoint]]:
    """Daily revenue and order counts for the last `days` days, every day present."""
    span = DayRange.last(days, zone)
    totals = await totals_by_day(
        session, Order.created_at, _order_measures(), where=[], days=span, zone=zone
    )
    revenue_points, order_points = [], []
    for day in span.dates:
        day_totals = totals.get(day, {})
        paid = int(day_totals.get("paid_orders", 0))
        revenue_points.append(
            RevenuePoint(
                date=day, revenue=quantize(Decimal(day_totals.get("revenue", 0))), paid_orders=paid
            )
        )
        order_points.append(
            OrdersPoint(
                date=day,
                orders=int(day_totals.get("orders", 0)),
                paid_orders=paid,
                cancelled_orders=int(day_totals.get("cancelled_orders", 0)),
            )
        )
    return revenue_points, order_points


async def user_analytics(session: AsyncSession, days: int, *, zone: ZoneInfo) -> UserAnalytics:
    span = DayRange.last(days, zone)
    signups = await totals_by_day(
        session,
        User.created_at,
        [func.count(User.id).label("signups")],
        where=[],
        days=span,
        zone=zone,
    )
    active = dict(
        (
            await session.execute(
                select(ActiveUserDaily.day, func.count(ActiveUserDaily.user_key))
                .where(ActiveUserDaily.day >= span.dates[0], ActiveUserDaily.day <= span.dates[-1])
                .group_by(ActiveUserDaily.day)
            )
        ).all()
    )
    roles = dict(
        (await session.execute(select(User.role, func.count(User.id)).group_by(User.role))).all()
    )
    return UserAnalytics(
        days=days,
        total_users=sum(roles.values()),
        by_role={role: roles.get(role, 0) for role in UserRole},
        series=[
            UsersPoint(
                date=day,
                signups=int(signups.get(day, {}).get("signups", 0)),
                active_users=int(active.get(day, 0)),
            )
            for day in span.dates
        ],
    )


async def product_performance(
    session: AsyncSession, *, sort: ProductSort, skip: int, limit: int
) -> Page[ProductPerformance]:
    sales = ProductSales.__table__
    views = (
        select(ProductViewsDaily.product_id, func.sum(ProductViewsDaily.views).label("views"))
        .group_by(ProductViewsDaily.product_id)
        .subquery("views")
    )
    ratings = rating_subquery()
    units = func.coalesce(sales.c.units, 0)
    sold = func.coalesce(sales.c.revenue, 0)
    orders = func.coalesce(sales.c.orders, 0)
    viewed = func.coalesce(views.c.views, 0)
    conversion = case((viewed > 0, orders * 1.0 / viewed), else_=None)
    order_by = {
        ProductSort.REVENUE: (sold.desc(),),
        ProductSort.UNITS: (units.desc(),),
        ProductSort.ORDERS: (orders.desc(),),
        ProductSort.VIEWS: (viewed.desc(),),
        ProductSort.CONVERSION: (conversion.desc().nulls_last(),),
        ProductSort.RATING: (ratings.c.average_rating.desc().nulls_last(),),
        ProductSort.NAME: (func.lower(Product.name),),
    }[sort]
    page = await page_of_rows(
        session,
        select(
            Product.id,
            Product.name,
            Product.category,
            Product.is_active,
            units.label("units"),
            sold.label("revenue"),
            orders.label("orders"),
            viewed.label("views"),
            ratings.c.average_rating,
            func.coalesce(ratings.c.review_count, 0).label("review_count"),
        )
        .outerjoin(sales, sales.c.product_id == Product.id)
        .outerjoin(views, views.c.product_id == Product.id)
        .outerjoin(ratings, ratings.c.product_id == Product.id),
        order_by=[*order_by, Product.id],
        skip=skip,
        limit=limit,
        counting=select(Product.id),
    )
    return Page([_performance(row) for row in page.items], page.total)


async def top_sellers(session: AsyncSession, limit: int = TOP_SELLERS) -> list[TopSeller]:
    rows = await session.execute(
        select(Product.id, Product.name, ProductSales.units, ProductSales.revenue)
        .join(ProductSales, ProductSales.product_id == Product.id)
        .where(ProductSales.units > 0)
        .order_by(ProductSales.revenue.desc(), Product.id)
        .limit(limit)
    )
    return [
        TopSeller(
            product_id=row.id, name=row.name, units_sold=row.units, revenue=quantize(row.revenue)
        )
        for row in rows
    ]


async def dashboard(session: AsyncSession, *, admin: User, zone: ZoneInfo) -> Dashboard:
    """Everything the dashboard's first tab shows, in one call; records the visit."""
    revenue_points, order_points = await order_series(session, DASHBOARD_DAYS, zone=zone)
    result = Dashboard(
        overview=await overview(session, zone=zone),
        revenue=revenue_points,
        orders=order_points,
        recent_orders=await orders_service.recent_orders(session, RECENT_ORDERS),
        top_sellers=await top_sellers(session),
        generated_at=utcnow(),
    )
    await publish(
        session,
        EventType.ADMIN_DASHBOARD_ACCESS,
        {"user_id": admin.id, "view": "dashboard"},
        user_id=admin.id,
    )
    await session.commit()
    return result


def _performance(row: Row[Any]) -> ProductPerformance:
    """A row of `product_performance`'s query as the API shows it."""
    views, orders = int(row.views), int(row.orders)
    return ProductPerformance(
        product_id=row.id,
        name=row.name,
        category=row.category,
        is_active=row.is_active,
        units_sold=int(row.units),
        revenue=quantize(Decimal(row.revenue)),
        order_count=orders,
        views=views,
        conversion=(Decimal(orders) / views).quantize(Decimal("0.0001")) if views else None,
        average_rating=None if row.average_rating is None else round(float(row.average_rating), 2),
        review_count=int(row.review_count),
    )
