"""How a checkout writes its rows, in the caller's transaction.

Both ways write the same rows: every line's stock taken (never below zero), then, only if every
line was taken, the order, its first status, its lines, the stock movements, the
`order_created` event and the order's count in the summaries. On PostgreSQL that is one call of
the database function `place_order` (migration 0012), one round trip, which changes nothing
when a line cannot be taken; elsewhere (SQLite) it is one statement per kind of row, and when a
line cannot be taken, the stock of the others has been taken: the caller rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Update, bindparam, case, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.core.clock import utcnow
from webshop.core.money import quantize
from webshop.db.base import table_of
from webshop.db.changes import WRITES
from webshop.events.publish import publish_many
from webshop.events.schemas import EventType
from webshop.orders import revenue
from webshop.orders.models import Order, OrderItem, OrderStatus, OrderStatusChange
from webshop.orders.schemas import MAX_LINES


@dataclass(frozen=True)
class NewOrder:
    customer_id: int
    lines: dict[int, int]  # product id: quantity
    shipping_address: str | None
    note: str | None
    idempotency_key: str | None
    fingerprint: str


@dataclass(frozen=True)
class LineTaken:
    product_id: int
    product_name: str
    unit_price: Decimal
    quantity: int
    stock_after: int

    @property
    def line_total(self) -> Decimal:
        return quantize(self.unit_price * self.quantity)


@dataclass(frozen=True)
class Placed:
    order_id: int
    placed_at: datetime  # once the stock was taken: one product's orders are dated in turn
    lines: list[LineTaken]  # in product-id order

    @property
    def total(self) -> Decimal:
        return total_of(self.lines)


@dataclass(frozen=True)
class Refused:
    """Some lines could not be taken (short, or not for sale); the caller must roll back."""

    not_taken: set[int]


def total_of(lines: list[LineTaken]) -> Decimal:
    return sum((line.line_total for line in lines), Decimal("0.00"))


async def write_order(session: AsyncSession, order: NewOrder) -> Placed | Refused:
    if session.get_bind().dialect.name == "postgresql":
        return await in_one_call(session, order)
    return await statement_by_statement(session, order)


# --- PostgreSQL: one call -----------------------------------------------------------------

NOT_TAKEN = "WS001"  # SQLSTATE of place_order's refusal; its DETAIL: the products not taken
_PLACE_ORDER = text(
    "SELECT * FROM place_order(:customer_id, :product_ids, :quantities, :shipping_address, "
    ":note, :idempotency_key, :request_fingerprint, :span_minutes, :shards)"
).execution_options(
    **{
        WRITES: (
            "products",
            "orders",
            "order_status_changes",
            "order_items",
            "stock_movements",
            "outbox",
            "order_totals",
        )
    }
)


async def in_one_call(session: AsyncSession, order: NewOrder) -> Placed | Refused:
    product_ids = sorted(order.lines)
    try:
        result = await session.execute(
            _PLACE_ORDER,
            {
                "customer_id": order.customer_id,
                "product_ids": product_ids,
                "quantities": [order.lines[product_id] for product_id in product_ids],
                "shipping_address": order.shipping_address,
                "note": order.note,
                "idempotency_key": order.idempotency_key,
                "request_fingerprint": order.fingerprint,
                "span_minutes": list(revenue.SPANS),
                "shards": revenue.SHARDS,
            },
        )
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != NOT_TAKEN:
            raise
        detail: str = error.orig.__cause__.detail  # type: ignore[union-attr]
        return Refused({int(product_id) for product_id in detail.split(",")})
    rows = result.all()
    return Placed(rows[0].order_id, rows[0].placed_at, [LineTaken(*row[2:]) for row in rows])


# --- Elsewhere: a statement per kind of row --------------------------------------------------

_INSERT_ORDER = insert(table_of(Order)).returning(table_of(Order).c.id)
_INSERT_STATUS_CHANGE = insert(table_of(OrderStatusChange))
_INSERT_ITEMS = insert(table_of(OrderItem))
_INSERT_MOVEMENTS = insert(table_of(StockMovement))


async def statement_by_statement(session: AsyncSession, order: NewOrder) -> Placed | Refused:
    taken = await _take_stock(session, order)
    if len(taken) < len(order.lines):
        return Refused(set(order.lines) - {line.product_id for line in taken})
    customer_id = order.customer_id
    placed_at = utcnow()
    order_id = (
        await session.execute(
            _INSERT_ORDER,
            {
                "user_id": customer_id,
                "status": OrderStatus.PENDING,
                "total_amount": total_of(taken),
                "shipping_address": order.shipping_address,
                "note": order.note,
                "idempotency_key": order.idempotency_key,
                "request_fingerprint": order.fingerprint,
                "created_at": placed_at,
                "updated_at": placed_at,
            },
        )
    ).scalar_one()
    # Core statements on the tables, built once: each INSERT goes out with every row's
    # parameters at once whatever the number of lines.
    await session.execute(
        _INSERT_STATUS_CHANGE,
        {
            "order_id": order_id,
            "to_status": OrderStatus.PENDING,
            "actor_id": customer_id,
            "created_at": placed_at,
        },
    )
    await session.execute(
        _INSERT_ITEMS,
        [
            {
                "order_id": order_id,
                "product_id": line.product_id,
                "product_name": line.product_name,
                "unit_price": line.unit_price,
                "quantity": line.quantity,
                "line_total": line.line_total,
            }
            for line in taken
        ],
    )
    await session.execute(
        _INSERT_MOVEMENTS,
        [
            {
                "product_id": line.product_id,
                "delta": -line.quantity,
                "stock_after": line.stock_after,
                "reason": StockReason.SALE,
                "actor_id": customer_id,
                "created_at": placed_at,
                "order_id": order_id,
            }
            for line in taken
        ],
    )
    placed = Placed(order_id, placed_at, taken)
    await publish_many(
        session,
        EventType.ORDER_CREATED,
        [(order_id, order_created(placed))],
        user_id=customer_id,
        timestamp=placed_at,
    )
    await revenue.record_placed(session, order_id, placed_at)
    return placed


def order_created(placed: Placed) -> dict[str, Any]:
    """The `order_created` event's data (`place_order` in SQL builds the same)."""
    return {
        "order_id": placed.order_id,
        "total_amount": placed.total,
        "item_count": sum(line.quantity for line in placed.lines),
        "items": [
            {
                "product_id": line.product_id,
                "product_name": line.product_name,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in placed.lines
        ],
    }


async def _take_stock(session: AsyncSession, order: NewOrder) -> list[LineTaken]:
    """Take each line's quantity off its product's stock where the product is for sale and
    has enough, in one statement; the lines taken. Like `inventory.apply_movement` (which
    records the movements) the condition is checked on each row as it is locked, so stock
    never goes below zero."""
    parameters: dict[str, Any] = {"now": utcnow()}
    for number, (product_id, quantity) in enumerate(order.lines.items()):
        parameters[f"id_{number}"], parameters[f"quantity_{number}"] = product_id, quantity
    rows = await session.execute(_taking(len(order.lines)), parameters)
    return sorted(
        (LineTaken(row.id, row.name, row.price, order.lines[row.id], row.stock) for row in rows),
        key=lambda line: line.product_id,
    )


@lru_cache(maxsize=MAX_LINES)
def _taking(line_count: int) -> Update:
    """`_take_stock`'s statement for so many lines, built once: the rows are locked in id
    order (the CTE), then each is updated if it still has enough."""
    wanted = case(
        *(
            (
                Product.id == bindparam(f"id_{number}"),
                bindparam(f"quantity_{number}", type_=Integer),
            )
            for number in range(line_count)
        )
    )
    in_order = (
        select(Product.id)
        .where(Product.id.in_([bindparam(f"id_{number}") for number in range(line_count)]))
        .order_by(Product.id)
        .with_for_update()
        .cte("in_order")
    )
    return (
        update(Product)
        .where(Product.id == in_order.c.id, Product.is_active.is_(True), Product.stock >= wanted)
        .values(stock=Product.stock - wanted, updated_at=bindparam("now"))
        .returning(Product.id, Product.name, Product.price, Product.stock)
        .execution_options(synchronize_session=False)
    )
