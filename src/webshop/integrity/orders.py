"""Orders: each one's total is what its lines add up to, and a retried checkout never made a
second order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, or_, select

from webshop.db.base import table_of
from webshop.integrity.check import HALF_A_CENT, Check, Scope
from webshop.orders.models import Order, OrderItem

ORDERS = table_of(Order).c
ORDER_ITEMS = table_of(OrderItem).c


def _totals_against_lines(_: Scope) -> Select[Any]:
    mispriced = func.abs(ORDER_ITEMS.line_total - ORDER_ITEMS.unit_price * ORDER_ITEMS.quantity)
    lines = (
        select(
            ORDER_ITEMS.order_id,
            func.sum(ORDER_ITEMS.line_total).label("total"),
            func.sum(case((mispriced >= HALF_A_CENT, 1), else_=0)).label("mispriced"),
        )
        .group_by(ORDER_ITEMS.order_id)
        .subquery("lines")
    )
    lines_total = func.coalesce(lines.c.total, 0)
    mispriced_lines = func.coalesce(lines.c.mispriced, 0)
    return (
        select(
            ORDERS.id.label("order_id"),
            ORDERS.total_amount,
            lines_total.label("lines_total"),
            mispriced_lines.label("mispriced_lines"),
        )
        .outerjoin(lines, lines.c.order_id == ORDERS.id)
        .where(
            or_(
                func.abs(ORDERS.total_amount - lines_total) >= HALF_A_CENT,
                mispriced_lines > 0,
            )
        )
    )


ORDER_TOTALS_MATCH_LINES = Check(
    name="order_totals_match_lines",
    description="Every order's total is the sum of its lines, and every line's total is its "
    "unit price times its quantity.",
    problem="The total is not the sum of the lines, or a line is not price times quantity",
    subject=("order", "orders"),
    key=("order_id",),
    statement=_totals_against_lines,
)


def _reused_keys(_: Scope) -> Select[Any]:
    orders = func.count()
    return (
        select(
            ORDERS.user_id,
            ORDERS.idempotency_key,
            orders.label("orders"),
            func.min(ORDERS.id).label("first_order_id"),
            func.max(ORDERS.id).label("last_order_id"),
        )
        .where(ORDERS.idempotency_key.is_not(None))
        .group_by(ORDERS.user_id, ORDERS.idempotency_key)
        .having(orders > 1)
    )


IDEMPOTENCY_KEYS_UNIQUE = Check(
    name="idempotency_keys_unique",
    description="No customer has two orders placed with one idempotency key (a retried "
    "checkout finds its first order instead).",
    problem="One idempotency key was used for several orders",
    subject=("customer and key", "customers and keys"),
    key=("user_id", "idempotency_key"),
    statement=_reused_keys,
)
