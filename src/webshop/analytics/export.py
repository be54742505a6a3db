"""CSV reports: the same figures as the API, one row per day, product or customer."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics import service
from webshop.analytics.schemas import ProductSort
from webshop.customers import service as customers_service
from webshop.customers.schemas import CustomerSort, SortOrder

EXPORT_ROWS = 100_000


class Report(StrEnum):
    REVENUE = "revenue"
    ORDERS = "orders"
    PRODUCTS = "products"
    CUSTOMERS = "customers"


async def export_csv(session: AsyncSession, report: Report, days: int, *, zone: ZoneInfo) -> str:
    rows: list[list[object]]
    if report in (Report.REVENUE, Report.ORDERS):
        revenue, orders = await service.order_series(session, days, zone=zone)
        if report is Report.REVENUE:
            header = ["date", "revenue", "paid_orders"]
            rows = [[p.date, p.revenue, p.paid_orders] for p in revenue]
        else:
            header = ["date", "orders", "paid_orders", "cancelled_orders"]
            rows = [[p.date, p.orders, p.paid_orders, p.cancelled_orders] for p in orders]
    elif report is Report.PRODUCTS:
        products = (
            await service.product_performance(
                session, sort=ProductSort.REVENUE, skip=0, limit=EXPORT_ROWS
            )
        ).items
        header = [
            "product_id",
            "name",
            "category",
            "units_sold",
            "revenue",
            "order_count",
            "views",
            "conversion",
            "average_rating",
            "review_count",
        ]
        rows = [
            [
                p.product_id,
                p.name,
                p.category,
                p.units_sold,
                p.revenue,
                p.order_count,
                p.views,
                p.conversion,
                p.average_rating,
                p.review_count,
            ]
            for p in products
        ]
    else:
        customers = (
            await customers_service.list_customers(
                session,
                search=None,
                sort=CustomerSort.SPENT,
                order=SortOrder.DESC,
                skip=0,
                limit=EXPORT_ROWS,
            )
        ).items
        header = [
            "user_id",
            "email",
            "username",
            "joined",
            "order_count",
            "total_spent",
            "last_order_at",
        ]
        rows = [
            [
                c.id,
                c.email,
                c.username,
                c.created_at.isoformat(),
                c.order_count,
                c.total_spent,
                c.last_order_at.isoformat() if c.last_order_at else "",
            ]
            for c in customers
        ]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows([["" if value is None else _safe(value) for value in row] for row in rows])
    return output.getvalue()


def _safe(value: object) -> object:
    """Keep spreadsheet programs from running cell text as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
