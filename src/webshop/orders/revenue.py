"""What counts as money taken, in one place: every figure of revenue or spend uses it.

An order is paid once it is paid, shipped or delivered; pending and cancelled orders are not.
`paid_revenue()` is the SQL sum analytics, customers and a customer's own summary all report,
and `product_sales` (paid units, revenue and orders per product) is kept in step with it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.db.upsert import add_to
from webshop.orders.models import Order, OrderItem, OrderStatus, ProductSales

PAID_STATUSES = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


def is_paid() -> ColumnElement[bool]:
    return Order.status.in_(PAID_STATUSES)


def paid_revenue() -> ColumnElement[Any]:
    """The sum of the paid orders' totals among the rows aggregated (0 when there are none)."""
    return func.coalesce(func.sum(case((is_paid(), Order.total_amount), else_=0)), 0)


def paid_count() -> ColumnElement[Any]:
    """How many of the orders aggregated are paid."""
    return func.coalesce(func.sum(case((is_paid(), 1), else_=0)), 0)


async def record_sales(
    session: AsyncSession, lines: Sequence[tuple[int, int, Decimal]], *, sign: int
) -> None:
    """Add (`sign=1`, an order was paid) or take back (`sign=-1`, a paid order was cancelled)
    an order's lines, `(product_id, quantity, line_total)`, in `product_sales`. Flushes only:
    it runs inside the status change's transaction."""
    for product_id, quantity, line_total in sorted(lines):
        await add_to(
            session,
            ProductSales,
            {"product_id": product_id},
            {"units": sign * quantity, "revenue": sign * line_total, "orders": sign},
        )


async def rebuild_sales(session: AsyncSession) -> None:
    """Recompute `product_sales` from the orders (after a bulk import). Commits."""
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
            .where(is_paid())
            .group_by(OrderItem.product_id),
        )
    )
    await session.commit()
