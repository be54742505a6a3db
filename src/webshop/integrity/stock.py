"""Stock: each product's stock is what its movements add up to, and every order line moved it.

Every change of stock writes a movement (`catalog.inventory`, a checkout, an import), so the
movements are the stock's history: a product created with stock starts with an `initial` one,
each order line takes its quantity with a `sale`, and each line of a cancelled order puts it
back with one `cancel`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, or_, select

from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.db.base import table_of
from webshop.integrity.check import Check, Measure, Scope, compare
from webshop.orders.models import Order, OrderItem, OrderStatus

PRODUCTS = table_of(Product).c
MOVEMENTS = table_of(StockMovement).c
ORDERS = table_of(Order).c
ORDER_ITEMS = table_of(OrderItem).c
ONE: ColumnElement[Any] = literal_column("1")
LINE_KEY = ("order_id", "product_id")


def _stock_against_movements(_: Scope) -> Select[Any]:
    moved = (
        select(
            MOVEMENTS.product_id,
            func.sum(MOVEMENTS.delta).label("total"),
            func.sum(case((MOVEMENTS.stock_after < 0, 1), else_=0)).label("below_zero"),
        )
        .group_by(MOVEMENTS.product_id)
        .subquery("moved")
    )
    movements_sum = func.coalesce(moved.c.total, 0)
    below_zero = func.coalesce(moved.c.below_zero, 0)
    return (
        select(
            PRODUCTS.id.label("product_id"),
            PRODUCTS.stock,
            movements_sum.label("movements_sum"),
            below_zero.label("movements_below_zero"),
        )
        .outerjoin(moved, moved.c.product_id == PRODUCTS.id)
        .where(or_(PRODUCTS.stock != movements_sum, PRODUCTS.stock < 0, below_zero > 0))
    )


STOCK_MATCHES_MOVEMENTS = Check(
    name="stock_matches_movements",
    description="Every product's stock is the sum of its stock movements, and neither the "
    "stock nor any movement left it below zero.",
    problem="The stock is not the sum of the movements, or went below zero",
    subject=("product", "products"),
    key=("product_id",),
    statement=_stock_against_movements,
)


def _lines_against_sales(_: Scope) -> Select[Any]:
    return compare(
        LINE_KEY,
        [Measure("ordered_units", "sold_units"), Measure("lines", "sale_movements")],
        expected=[select(ORDER_ITEMS.order_id, ORDER_ITEMS.product_id, ORDER_ITEMS.quantity, ONE)],
        actual=[
            select(MOVEMENTS.order_id, MOVEMENTS.product_id, -MOVEMENTS.delta, ONE).where(
                MOVEMENTS.reason == StockReason.SALE
            )
        ],
    )


SALES_HAVE_MOVEMENTS = Check(
    name="sales_have_movements",
    description="Every order line has one sale movement taking its quantity, and every sale "
    "movement belongs to an order line.",
    problem="Order lines and sale movements disagree",
    subject=("order line", "order lines"),
    key=LINE_KEY,
    statement=_lines_against_sales,
)


def _cancellations_against_restocks(_: Scope) -> Select[Any]:
    found = compare(
        LINE_KEY,
        [Measure("cancelled_units", "restocked_units"), Measure("cancelled_lines", "restocks")],
        expected=[
            select(ORDER_ITEMS.order_id, ORDER_ITEMS.product_id, ORDER_ITEMS.quantity, ONE)
            .join_from(table_of(OrderItem), table_of(Order), ORDERS.id == ORDER_ITEMS.order_id)
            .where(ORDERS.status == OrderStatus.CANCELLED)
        ],
        actual=[
            select(MOVEMENTS.order_id, MOVEMENTS.product_id, MOVEMENTS.delta, ONE).where(
                MOVEMENTS.reason == StockReason.CANCEL
            )
        ],
    ).subquery("found")
    # The order's status says which side is wrong: a cancelled order missing a restock, or
    # another order restocked.
    return select(
        found.c.order_id,
        found.c.product_id,
        ORDERS.status,
        *(column for column in found.c if column.name not in LINE_KEY),
    ).outerjoin_from(found, table_of(Order), ORDERS.id == found.c.order_id)


CANCELLATIONS_RESTOCKED = Check(
    name="cancellations_restocked",
    description="Every line of a cancelled order was put back in stock by exactly one cancel "
    "movement, and no other order was.",
    problem="Cancelled order lines and cancel movements disagree",
    subject=("order line", "order lines"),
    key=LINE_KEY,
    statement=_cancellations_against_restocks,
)
