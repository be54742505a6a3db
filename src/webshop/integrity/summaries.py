"""The summary tables, recomputed from what they summarise and compared row by row.

Orders: `product_sales` (paid sales per product), `product_sales_by_period` (the same per UTC
day and week placed) and `order_totals` (orders per UTC day and quarter hour placed, by status,
with the paid revenue and units; its shards added up). The catalog: `product_counts` with the
`product_count_changes` not folded in yet. Analytics: all-time views per product and each
user's latest active day, beside the daily rows they are kept with.

A summary row missing, one too many (holding anything but zeros) or one that differs is a
finding; the definitions are `webshop.orders.revenue`'s: paid means paid, shipped or delivered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select, case, func, literal_column, select

from webshop.analytics.models import (
    ActiveUserDaily,
    LastActiveDay,
    ProductViewsDaily,
    ProductViewsTotal,
)
from webshop.catalog.models import Product, ProductCount, ProductCountChange
from webshop.db.base import UTCDateTime, table_of
from webshop.integrity import buckets
from webshop.integrity.check import Check, Figure, Measure, Scope, compare
from webshop.orders.models import (
    Order,
    OrderItem,
    OrderStatus,
    OrderTotals,
    ProductSales,
    ProductSalesByPeriod,
)
from webshop.orders.revenue import DAY_MINUTES, PAID_STATUSES, QUARTER_MINUTES

ORDERS = table_of(Order).c
ORDER_ITEMS = table_of(OrderItem).c
ONE: ColumnElement[Any] = literal_column("1")
SALES = [Measure.of("units"), Measure.of("revenue", Figure.MONEY), Measure.of("orders")]


def _paid_lines() -> Select[Any]:
    """Each paid order line: its product, units, revenue and one line."""
    return (
        select(ORDER_ITEMS.product_id, ORDER_ITEMS.quantity, ORDER_ITEMS.line_total, ONE)
        .join_from(table_of(OrderItem), table_of(Order), ORDERS.id == ORDER_ITEMS.order_id)
        .where(ORDERS.status.in_(PAID_STATUSES))
    )


def _product_sales(_: Scope) -> Select[Any]:
    kept = table_of(ProductSales).c
    return compare(
        ("product_id",),
        SALES,
        expected=[_paid_lines()],
        actual=[select(kept.product_id, kept.units, kept.revenue, kept.orders)],
    )


PRODUCT_SALES_MATCH_ORDERS = Check(
    name="product_sales_match_orders",
    description="The all-time sales per product (product_sales) are the units, revenue and "
    "lines of the paid orders.",
    problem="product_sales differs from the paid orders",
    subject=("product", "products"),
    key=("product_id",),
    statement=_product_sales,
)


def _product_sales_by_period(scope: Scope) -> Select[Any]:
    day = buckets.utc_date(scope.dialect, ORDERS.created_at).label("starts_on")
    # Each day's first: the weeks add up days, not the lines again.
    daily = (
        _paid_lines()
        .with_only_columns(
            day,
            ORDER_ITEMS.product_id,
            func.sum(ORDER_ITEMS.quantity).label("units"),
            func.sum(ORDER_ITEMS.line_total).label("revenue"),
            func.count().label("orders"),
        )
        .group_by(day, ORDER_ITEMS.product_id)
        .cte("daily_sales")
    )
    week = buckets.monday_of(scope.dialect, daily.c.starts_on)
    sums = (daily.c.units, daily.c.revenue, daily.c.orders)
    kept = table_of(ProductSalesByPeriod).c
    return compare(
        ("span_days", "starts_on", "product_id"),
        SALES,
        expected=[
            select(literal_column("1"), daily.c.starts_on, daily.c.product_id, *sums),
            select(literal_column("7"), week, daily.c.product_id, *sums),
        ],
        actual=[
            select(
                kept.span_days,
                kept.starts_on,
                kept.product_id,
                kept.units,
                kept.revenue,
                kept.orders,
            )
        ],
        key_types={"starts_on": ProductSalesByPeriod.starts_on.type},
    )


PRODUCT_SALES_BY_PERIOD_MATCH_ORDERS = Check(
    name="product_sales_by_period_match_orders",
    description="The sales per product of each UTC day and week (product_sales_by_period) are "
    "those of the paid orders placed then.",
    problem="product_sales_by_period differs from the paid orders",
    subject=("product and period", "products and periods"),
    key=("span_days", "starts_on", "product_id"),
    statement=_product_sales_by_period,
)

ORDER_FIGURES = [*(status.value for status in OrderStatus), "revenue", "units"]
ORDER_MEASURES = [
    Measure.of(name, Figure.MONEY if name == "revenue" else Figure.COUNT) for name in ORDER_FIGURES
]


def _order_totals(scope: Scope) -> Select[Any]:
    units = (
        select(ORDER_ITEMS.order_id, func.sum(ORDER_ITEMS.quantity).label("units"))
        .group_by(ORDER_ITEMS.order_id)
        .subquery("order_units")
    )
    paid = ORDERS.status.in_(PAID_STATUSES)
    quarter = buckets.span_start(scope.dialect, ORDERS.created_at, QUARTER_MINUTES)
    quarters = (
        select(
            quarter.label("starts_at"),
            *(
                func.sum(case((ORDERS.status == status, 1), else_=0)).label(status.value)
                for status in OrderStatus
            ),
            func.sum(case((paid, ORDERS.total_amount), else_=0)).label("revenue"),
            func.sum(case((paid, func.coalesce(units.c.units, 0)), else_=0)).label("units"),
        )
        .outerjoin_from(table_of(Order), units, units.c.order_id == ORDERS.id)
        .group_by(quarter)
        .cte("quarters")
    )
    figures = [quarters.c[name] for name in ORDER_FIGURES]
    day = buckets.span_start(scope.dialect, quarters.c.starts_at, DAY_MINUTES)
    kept = table_of(OrderTotals).c
    return compare(
        ("span_minutes", "starts_at"),
        ORDER_MEASURES,
        expected=[
            select(literal_column(str(QUARTER_MINUTES)), quarters.c.starts_at, *figures),
            select(literal_column(str(DAY_MINUTES)), day, *figures),
        ],
        # Every shard's row: the comparison adds them up.
        actual=[select(kept.span_minutes, kept.starts_at, *(kept[name] for name in ORDER_FIGURES))],
        key_types={"starts_at": UTCDateTime()},
    )


ORDER_TOTALS_MATCH_ORDERS = Check(
    name="order_totals_match_orders",
    description="The orders counted per UTC day and quarter hour by status, with the paid "
    "revenue and units (order_totals, all shards), are the orders placed then.",
    problem="order_totals differs from the orders",
    subject=("period", "periods"),
    key=("span_minutes", "starts_at"),
    statement=_order_totals,
)


def _product_counts(_: Scope) -> Select[Any]:
    products = table_of(Product).c
    counts = table_of(ProductCount).c
    changes = table_of(ProductCountChange).c
    return compare(
        ("category", "in_stock"),
        [Measure.of("products")],
        expected=[
            select(func.coalesce(products.category, ""), products.stock > 0, ONE).where(
                products.is_active.is_(True)
            )
        ],
        actual=[
            select(counts.category, counts.in_stock, counts.products),
            select(changes.category, changes.in_stock, changes.delta),
        ],
        key_types={"in_stock": Boolean()},
    )


PRODUCT_COUNTS_MATCH_PRODUCTS = Check(
    name="product_counts_match_products",
    description="The products for sale counted per category and stock state (product_counts "
    "with the changes not folded in yet) are the active products.",
    problem="product_counts differs from the products",
    subject=("category and stock state", "categories and stock states"),
    key=("category", "in_stock"),
    statement=_product_counts,
)


def _view_totals(_: Scope) -> Select[Any]:
    daily = table_of(ProductViewsDaily).c
    totals = table_of(ProductViewsTotal).c
    return compare(
        ("product_id",),
        [Measure.of("views")],
        expected=[select(daily.product_id, daily.views)],
        actual=[select(totals.product_id, totals.views)],
    )


VIEW_TOTALS_MATCH_DAYS = Check(
    name="view_totals_match_days",
    description="The all-time views of each product are the sum of its daily views.",
    problem="The all-time views differ from the daily views",
    subject=("product", "products"),
    key=("product_id",),
    statement=_view_totals,
)


def _last_active(_: Scope) -> Select[Any]:
    days = table_of(ActiveUserDaily).c
    latest = table_of(LastActiveDay).c
    return compare(
        ("user_key",),
        [Measure.of("day", Figure.LATEST)],
        expected=[select(days.user_key, days.day)],
        actual=[select(latest.user_key, latest.day)],
    )


LAST_ACTIVE_MATCHES_DAYS = Check(
    name="last_active_matches_days",
    description="Each (pseudonymous) user's latest active day is the last of their active days.",
    problem="The latest active day differs from the active days",
    subject=("user", "users"),
    key=("user_key",),
    statement=_last_active,
)
