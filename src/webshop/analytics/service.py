"""Analytics: materialising events into tables, and the business figures the API reports.

Definitions: revenue counts paid, shipped and delivered orders (not pending, not cancelled),
dated by when the order was placed; days are calendar days in `SHOP_TIMEZONE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.days import DayRange, totals_by_day
from webshop.analytics.models import (
    ActiveUserDaily,
    DailyCount,
    ProductSales,
    ProductViewsDaily,
)
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
from webshop.core.config import get_settings
from webshop.core.money import quantize
from webshop.db.base import utcnow
from webshop.db.upsert import add_to, increment, insert_if_absent
from webshop.events.envelope import EventEnvelope
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.orders import service as orders_service
from webshop.orders.models import Order, OrderItem, OrderStatus
from webshop.reviews import service as reviews_service
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


async def record_event(session: AsyncSession, event: EventEnvelope) -> None:
    """Count one (pseudonymised) event in the daily tables. Flushes only: the caller commits,
    and the caller makes sure each event is recorded once."""
    day = event.timestamp.astimezone(get_settings().shop_zone).date()
    metric = DAILY_METRICS.get(event.event_type)
    if metric is not None:
        await increment(session, DailyCount, {"day": day, "metric": metric}, "count")
    product_id = event.data.get("product_id")
    if event.event_type == "product_viewed" and isinstance(product_id, int):
        await increment(session, ProductViewsDaily, {"product_id": product_id, "day": day}, "views")
    if event.event_type in ACTIVITY and isinstance(event.user_id, str):
        await insert_if_absent(session, ActiveUserDaily, {"day": day, "user_key": event.user_id})


# --- Paid sales per product, kept in step with the orders -----------------------------------


async def record_sales(
    session: AsyncSession, lines: Sequence[tuple[int, int, Decimal]], *, sign: int
) -> None:
    """Add (`sign=1`, an order was paid) or take back (`sign=-1`, a paid order was cancelled)
    an order's lines — `(product_id, quantity, line_total)` — in `analytics_product_sales`.
    Flushes only: it runs inside the orders service's transaction."""
    for product_id, quantity, line_total in sorted(lines):
        await add_to(
            session,
            ProductSales,
            {"product_id": product_id},
            {"units": sign * quantity, "revenue": sign * line_total, "orders": sign},
        )


async def rebuild_sales(session: AsyncSession) -> None:
    """Recompute `analytics_product_sales` from the orders (after a bulk import). Commits."""
    await session.execute(delete(ProductSales))
    await session.execute(
        insert(ProductSales).from_select(
            ["product_id", "units", "revenue", "orders"],
            select(
                OrderItem.product_id,
                func.sum(OrderItem.quantity),
                func.sum(OrderItem.line_total),
                func.count(OrderItem.id),
            )
            .join(Order, Order.id == OrderItem.order_id)
            .where(_paid())
            .group_by(OrderItem.product_id),
        )
    )
    await session.commit()


# --- The analytics API: aggregates computed in SQL ------------------------------------------


def _paid() -> ColumnElement[bool]:
    return Order.status.in_(orders_service.PAID_STATUSES)


def _order_measures() -> list[ColumnElement[Any]]:
    """Revenue, paid orders, all orders and cancelled orders, in one pass over the orders."""
    return [
        func.coalesce(func.sum(case((_paid(), Order.total_amount), else_=0)), 0),
        func.coalesce(func.sum(case((_paid(), 1), else_=0)), 0),
        func.count(Order.id),
        func.coalesce(func.sum(case((Order.status == OrderStatus.CANCELLED, 1), else_=0)), 0),
    ]


async def overview(session: AsyncSession) -> Overview:
    zone = get_settings().shop_zone
    revenue, paid_orders, total_orders, _ = (
        await session.execute(select(*_order_measures()))
    ).one()
    today = await totals_by_day(
        session,
        Order.created_at,
        _order_measures(),
        where=[],
        days=DayRange.last(1, zone),
        zone=zone,
    )
    today_revenue, _, today_orders, _ = next(iter(today.values()), [0, 0, 0, 0])
    users, customers = (
        await session.execute(
            select(
                func.count(User.id),
                func.coalesce(func.sum(case((User.role == UserRole.CUSTOMER, 1), else_=0)), 0),
            )
        )
    ).one()
    products = await session.scalar(
        select(func.count(Product.id)).where(Product.is_active.is_(True))
    )
    revenue = quantize(Decimal(revenue))
    return Overview(
        total_revenue=revenue,
        total_orders=total_orders,
        paid_orders=int(paid_orders),
        total_users=users,
        total_customers=int(customers),
        total_products=int(products or 0),
        today_orders=int(today_orders),
        today_revenue=quantize(Decimal(today_revenue)),
        average_order_value=quantize(revenue / paid_orders) if paid_orders else Decimal("0.00"),
    )


async def order_series(
    session: AsyncSession, days: int
) -> tuple[list[RevenuePoint], list[OrdersPoint]]:
    """Daily revenue and order counts for the last `days` days, every day present."""
    zone = get_settings().shop_zone
    span = DayRange.last(days, zone)
    totals = await totals_by_day(
        session, Order.created_at, _order_measures(), where=[], days=span, zone=zone
    )
    revenue, orders = [], []
    for day in span.dates:
        amount, paid, placed, cancelled = totals.get(day, [0, 0, 0, 0])
        revenue.append(
            RevenuePoint(date=day, revenue=quantize(Decimal(amount)), paid_orders=int(paid))
        )
        orders.append(
            OrdersPoint(
                date=day, orders=int(placed), paid_orders=int(paid), cancelled_orders=int(cancelled)
            )
        )
    return revenue, orders


async def user_analytics(session: AsyncSession, days: int) -> UserAnalytics:
    zone = get_settings().shop_zone
    span = DayRange.last(days, zone)
    signups = await totals_by_day(
        session, User.created_at, [func.count(User.id)], where=[], days=span, zone=zone
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
                signups=int(signups.get(day, [0])[0]),
                active_users=int(active.get(day, 0)),
            )
            for day in span.dates
        ],
    )


async def product_performance(
    session: AsyncSession, *, sort: ProductSort, skip: int, limit: int
) -> tuple[list[ProductPerformance], int]:
    sales = ProductSales.__table__
    views = (
        select(ProductViewsDaily.product_id, func.sum(ProductViewsDaily.views).label("views"))
        .group_by(ProductViewsDaily.product_id)
        .subquery("views")
    )
    ratings = reviews_service.rating_subquery()
    units = func.coalesce(sales.c.units, 0)
    revenue = func.coalesce(sales.c.revenue, 0)
    orders = func.coalesce(sales.c.orders, 0)
    viewed = func.coalesce(views.c.views, 0)
    conversion = case((viewed > 0, orders * 1.0 / viewed), else_=None)
    order_by = {
        ProductSort.REVENUE: (revenue.desc(),),
        ProductSort.UNITS: (units.desc(),),
        ProductSort.ORDERS: (orders.desc(),),
        ProductSort.VIEWS: (viewed.desc(),),
        ProductSort.CONVERSION: (conversion.desc().nulls_last(),),
        ProductSort.RATING: (ratings.c.average_rating.desc().nulls_last(),),
        ProductSort.NAME: (func.lower(Product.name),),
    }[sort]
    rows = await session.execute(
        select(
            Product.id,
            Product.name,
            Product.category,
            Product.is_active,
            units,
            revenue,
            orders,
            viewed,
            ratings.c.average_rating,
            func.coalesce(ratings.c.review_count, 0),
        )
        .outerjoin(sales, sales.c.product_id == Product.id)
        .outerjoin(views, views.c.product_id == Product.id)
        .outerjoin(ratings, ratings.c.product_id == Product.id)
        .order_by(*order_by, Product.id)
        .offset(skip)
        .limit(limit)
    )
    total = await session.scalar(select(func.count(Product.id)))
    return [_performance(*row) for row in rows], int(total or 0)


async def top_sellers(session: AsyncSession, limit: int = TOP_SELLERS) -> list[TopSeller]:
    rows = await session.execute(
        select(Product.id, Product.name, ProductSales.units, ProductSales.revenue)
        .join(ProductSales, ProductSales.product_id == Product.id)
        .where(ProductSales.units > 0)
        .order_by(ProductSales.revenue.desc(), Product.id)
        .limit(limit)
    )
    return [
        TopSeller(product_id=pid, name=name, units_sold=units, revenue=quantize(revenue))
        for pid, name, units, revenue in rows
    ]


async def dashboard(session: AsyncSession, *, admin: User) -> Dashboard:
    """Everything the dashboard's first tab shows, in one call; records the visit."""
    revenue, orders = await order_series(session, DASHBOARD_DAYS)
    result = Dashboard(
        overview=await overview(session),
        revenue=revenue,
        orders=orders,
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


def _performance(
    product_id: int,
    name: str,
    category: str | None,
    is_active: bool,
    units: Any,
    revenue: Any,
    orders: Any,
    views: Any,
    average_rating: Any,
    review_count: Any,
) -> ProductPerformance:
    views, orders = int(views), int(orders)
    return ProductPerformance(
        product_id=product_id,
        name=name,
        category=category,
        is_active=is_active,
        units_sold=int(units),
        revenue=quantize(Decimal(revenue)),
        order_count=orders,
        views=views,
        conversion=(Decimal(orders) / views).quantize(Decimal("0.0001")) if views else None,
        average_rating=None if average_rating is None else round(float(average_rating), 2),
        review_count=int(review_count),
    )
