"""Orders: checkout that never oversells, idempotent retries, and the order lifecycle."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Integer,
    Row,
    Select,
    Update,
    bindparam,
    case,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from webshop.catalog import inventory
from webshop.catalog import service as catalog_service
from webshop.catalog.errors import InsufficientStock
from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.core.clock import utcnow
from webshop.core.inputs import end_of, start_of
from webshop.core.money import quantize
from webshop.db.base import table_of
from webshop.db.paging import Page, page_of, page_of_rows
from webshop.events.publish import publish, publish_many
from webshop.events.schemas import EventType
from webshop.orders import revenue
from webshop.orders.errors import (
    IdempotencyKeyReused,
    InvalidTransition,
    LineLimitExceeded,
    OrderNotFound,
    ProductsUnavailable,
)
from webshop.orders.models import Order, OrderItem, OrderStatus, OrderStatusChange
from webshop.orders.schemas import (
    MAX_LINES,
    MAX_QUANTITY,
    AdminOrderRead,
    OrderCreate,
    OrderDetail,
    OrderFilters,
    OrderRead,
    OrderSummary,
)
from webshop.users.models import User, UserRole

# Where an order may go from each status. Delivered and cancelled are final.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}
STATUS_EVENTS = {
    OrderStatus.PAID: EventType.ORDER_PAID,
    OrderStatus.SHIPPED: EventType.ORDER_SHIPPED,
    OrderStatus.DELIVERED: EventType.ORDER_COMPLETED,
    OrderStatus.CANCELLED: EventType.ORDER_CANCELLED,
}


async def place_order(
    session: AsyncSession,
    data: OrderCreate,
    *,
    customer: User,
    idempotency_key: str | None = None,
) -> OrderRead:
    """Place an order in one transaction, or change nothing at all.

    One conditional UPDATE takes every line's stock, locking the rows in product-id order so
    that concurrent orders never deadlock, and returns the names and prices the order copies.
    The order with its lines and first status, the stock movements, the event and the order's
    count in the summaries follow, one statement each. If any product is short or not for
    sale, everything rolls back and the error names every such product. With an idempotency
    key, a retry of the same request returns the order it already created (the key is unique
    per customer, so the retry's INSERT fails); the key with another body is a 409.
    """
    customer_id = customer.id  # still readable after a rollback expires `customer`
    lines = _merge_lines(data)
    fingerprint = _fingerprint(lines, data)
    taken = await _take_stock(session, lines)
    if len(taken) < len(lines):
        await session.rollback()
        return await _refused(session, lines, set(taken), customer_id, idempotency_key, fingerprint)

    lines_placed = [
        {
            "product_id": product_id,
            "product_name": taken[product_id].name,
            "unit_price": taken[product_id].price,
            "quantity": quantity,
            "line_total": quantize(taken[product_id].price * quantity),
        }
        for product_id, quantity in sorted(lines.items())
    ]
    now = utcnow()
    placed = {
        "user_id": customer_id,
        "status": OrderStatus.PENDING,
        "total_amount": sum((line["line_total"] for line in lines_placed), Decimal("0.00")),
        "shipping_address": data.shipping_address,
        "note": data.note,
        "created_at": now,
        "updated_at": now,
    }
    try:
        order_id = (
            await session.execute(
                _INSERT_ORDER,
                {**placed, "idempotency_key": idempotency_key, "request_fingerprint": fingerprint},
            )
        ).scalar_one()
    except IntegrityError:
        # A retry with the same key, concurrent or late, finds the order placed first.
        await session.rollback()
        existing = None
        if idempotency_key is not None:
            existing = await _find_by_key(session, customer_id, idempotency_key)
        if existing is None:
            raise
        return _replay(existing, fingerprint)

    # Core statements on the tables, built once: the order's rows need no ORM objects, and
    # each INSERT goes out with every row's parameters at once whatever the number of lines.
    await session.execute(
        _INSERT_STATUS_CHANGE,
        {"order_id": order_id, "to_status": OrderStatus.PENDING, "actor_id": customer_id},
    )
    await session.execute(_INSERT_ITEMS, [{**line, "order_id": order_id} for line in lines_placed])
    await session.execute(
        _INSERT_MOVEMENTS,
        [
            {
                "product_id": line["product_id"],
                "delta": -line["quantity"],
                "stock_after": taken[line["product_id"]].stock,
                "reason": StockReason.SALE,
                "actor_id": customer_id,
                "order_id": order_id,
            }
            for line in lines_placed
        ],
    )
    result = OrderRead.model_validate(
        {
            **placed,
            "id": order_id,
            "item_count": sum(line["quantity"] for line in lines_placed),
            "items": lines_placed,
        }
    )
    event = {
        "order_id": result.id,
        "total_amount": result.total_amount,
        "item_count": result.item_count,
        "items": [
            {
                "product_id": item.product_id,
                "product_name": item.product_name,
                "quantity": item.quantity,
                "unit_price": item.unit_price,
            }
            for item in result.items
        ],
    }
    await publish_many(session, EventType.ORDER_CREATED, [(result.id, event)], user_id=customer_id)
    await revenue.record_placed(session, order_id, now)
    await session.commit()
    return result


_INSERT_ORDER = insert(table_of(Order)).returning(table_of(Order).c.id)
_INSERT_STATUS_CHANGE = insert(table_of(OrderStatusChange))
_INSERT_ITEMS = insert(table_of(OrderItem))
_INSERT_MOVEMENTS = insert(table_of(StockMovement))


async def _take_stock(
    session: AsyncSession, lines: dict[int, int]
) -> dict[int, Row[int, str, Decimal, int]]:
    """Take each line's quantity off its product's stock where the product is for sale and
    has enough, in one statement; the id, name, price and stock left of those products. Like
    `inventory.apply_movement` (which records the movements) the condition is checked on each
    row as it is locked, so stock never goes below zero."""
    parameters: dict[str, Any] = {"now": utcnow()}
    for number, (product_id, quantity) in enumerate(lines.items()):
        parameters[f"id_{number}"], parameters[f"quantity_{number}"] = product_id, quantity
    taken = await session.execute(_taking(len(lines)), parameters)
    return {row.id: row for row in taken}


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


async def _refused(
    session: AsyncSession,
    lines: dict[int, int],
    taken: set[int],
    customer_id: int,
    idempotency_key: str | None,
    fingerprint: str,
) -> OrderRead:
    """After a checkout that could not take every line (rolled back): the order a retry with
    the same key placed before, else the error naming the products not for sale or short."""
    if idempotency_key is not None:
        existing = await _find_by_key(session, customer_id, idempotency_key)
        if existing is not None:
            return _replay(existing, fingerprint)
    for_sale = await catalog_service.get_products_for_sale(session, list(lines))
    unavailable = sorted(set(lines) - set(for_sale))
    if unavailable:
        raise ProductsUnavailable(unavailable)
    raise InsufficientStock(sorted(set(lines) - taken))


async def change_status(
    session: AsyncSession, order_id: int, new_status: OrderStatus, *, actor: User
) -> OrderDetail:
    """Move an order along its lifecycle (admin). Cancelling puts the stock back, once."""
    order = await _get(session, order_id)
    await _transition(session, order, new_status, actor=actor)
    await session.commit()
    return await _detail(session, order_id)


async def cancel_own_order(session: AsyncSession, order_id: int, *, customer: User) -> OrderDetail:
    """A customer cancels their own order while it is still pending."""
    order = await _get(session, order_id)
    if order.user_id != customer.id:
        raise OrderNotFound
    if order.status is not OrderStatus.PENDING:
        raise InvalidTransition(order.status, OrderStatus.CANCELLED)
    await _transition(session, order, OrderStatus.CANCELLED, actor=customer)
    await session.commit()
    return await _detail(session, order_id)


async def get_order(session: AsyncSession, order_id: int, *, viewer: User) -> OrderDetail:
    """An order with its lines, history and customer: customers see only their own, admins
    all."""
    detail = await _detail(session, order_id)
    if viewer.role is not UserRole.ADMIN and detail.user_id != viewer.id:
        raise OrderNotFound
    return detail


def next_statuses(status: OrderStatus) -> list[OrderStatus]:
    """Where an order may go from `status`, in lifecycle order."""
    return [candidate for candidate in OrderStatus if candidate in TRANSITIONS[status]]


async def list_orders(
    session: AsyncSession, filters: OrderFilters, *, zone: ZoneInfo, skip: int, limit: int
) -> Page[AdminOrderRead]:
    """Orders matching `filters` with their lines and customers, newest first, and how many
    match in all. Dates and date-times without an offset are in `zone`."""
    conditions: list[Any] = []
    if filters.status is not None:
        conditions.append(Order.status == filters.status)
    if filters.user_id is not None:
        conditions.append(Order.user_id == filters.user_id)
    if filters.created_from is not None:
        conditions.append(Order.created_at >= start_of(filters.created_from, zone))
    if filters.created_to is not None:
        conditions.append(Order.created_at < end_of(filters.created_to, zone))
    page = await page_of_rows(
        session,
        select(Order, User)
        .outerjoin(User, User.id == Order.user_id)
        .where(*conditions)
        .options(selectinload(Order.items)),
        order_by=[Order.created_at.desc(), Order.id.desc()],
        skip=skip,
        limit=limit,
        counting=select(Order.id).where(*conditions),
    )
    return Page(
        [AdminOrderRead.build_admin(order, customer) for order, customer in page.items],
        page.total,
    )


async def customer_orders(
    session: AsyncSession, user_id: int, *, skip: int, limit: int
) -> Page[OrderRead]:
    """One customer's orders with their lines, newest first, and how many there are."""
    statement = select(Order).where(Order.user_id == user_id)
    return await _newest_first(session, statement, skip=skip, limit=limit)


async def recent_orders(session: AsyncSession, limit: int) -> list[OrderRead]:
    """The newest orders with their lines (no count: cheap however many orders there are)."""
    orders = await session.scalars(
        select(Order)
        .options(selectinload(Order.items))
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    )
    return [OrderRead.build(order) for order in orders]


async def order_summary(session: AsyncSession, user_id: int) -> OrderSummary:
    counts = dict(
        (
            await session.execute(
                select(Order.status, func.count(Order.id))
                .where(Order.user_id == user_id)
                .group_by(Order.status)
            )
        ).all()
    )
    spent = await session.scalar(select(revenue.paid_revenue()).where(Order.user_id == user_id))
    last = await customer_orders(session, user_id, skip=0, limit=1)
    return OrderSummary(
        order_count=sum(counts.values()),
        total_spent=quantize(Decimal(spent or 0)),
        counts_by_status={status: counts.get(status, 0) for status in OrderStatus},
        last_order=last.items[0] if last.items else None,
    )


async def purchased(
    session: AsyncSession, pairs: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The `(user_id, product_id)` pairs among `pairs` where that user received that product."""
    wanted = set(pairs)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Order.user_id, OrderItem.product_id)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(
            Order.status == OrderStatus.DELIVERED,
            Order.user_id.in_({user for user, _ in wanted}),
            OrderItem.product_id.in_({product for _, product in wanted}),
        )
        .distinct()
    )
    return {(user, product) for user, product in rows} & wanted


async def _transition(
    session: AsyncSession, order: Order, new_status: OrderStatus, *, actor: User
) -> None:
    """Change the status if the lifecycle allows it; record it, emit its event, restock on cancel.

    The UPDATE only matches while the order still has the status we read, so of two racing
    changes exactly one wins, and a cancellation restocks exactly once.
    """
    current, order_id = order.status, order.id
    if new_status not in TRANSITIONS[current]:
        raise InvalidTransition(current, new_status)
    changed = await session.execute(
        update(Order)
        .where(Order.id == order_id, Order.status == current)
        .values(status=new_status, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        # Someone else moved the order since we read it; report where it is now.
        await session.rollback()
        fresh = await _get(session, order_id)
        raise InvalidTransition(fresh.status, new_status)
    session.add(
        OrderStatusChange(
            order_id=order.id, from_status=current, to_status=new_status, actor_id=actor.id
        )
    )
    items = list(
        (
            await session.scalars(
                select(OrderItem)
                .where(OrderItem.order_id == order_id)
                .order_by(OrderItem.product_id)
            )
        ).all()
    )
    if new_status is OrderStatus.CANCELLED:
        for item in items:
            await inventory.apply_movement(
                session,
                product_id=item.product_id,
                delta=item.quantity,
                reason=StockReason.CANCEL,
                actor_id=actor.id,
                order_id=order.id,
            )
    await publish(
        session,
        STATUS_EVENTS[new_status],
        {
            "order_id": order.id,
            "status": new_status,
            "previous_status": current,
            "total_amount": order.total_amount,
            "actor_id": actor.id,
        },
        user_id=order.user_id,
        key=order.id,
    )
    lines = [(item.product_id, item.quantity, item.line_total) for item in items]
    placed = revenue.PlacedOrder(order.id, order.created_at, order.total_amount, lines)
    await revenue.record_status_change(session, placed, current, new_status)
    await session.flush()


def _merge_lines(data: OrderCreate) -> dict[int, int]:
    """Quantities per product, with repeated lines added up."""
    merged: Counter[int] = Counter()
    for line in data.items:
        merged[line.product_id] += line.quantity
    over = sorted(product for product, quantity in merged.items() if quantity > MAX_QUANTITY)
    if over:
        raise LineLimitExceeded(over)
    return dict(merged)


def _fingerprint(lines: dict[int, int], data: OrderCreate) -> str:
    canonical = json.dumps(
        {
            "items": sorted(lines.items()),
            "shipping_address": data.shipping_address,
            "note": data.note,
        },
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(order: Order, fingerprint: str) -> OrderRead:
    if order.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused
    return OrderRead.build(order)


async def _find_by_key(session: AsyncSession, user_id: int, key: str) -> Order | None:
    return await session.scalar(
        select(Order)
        .where(Order.user_id == user_id, Order.idempotency_key == key)
        .options(selectinload(Order.items))
    )


async def _get(session: AsyncSession, order_id: int) -> Order:
    order = await session.get(Order, order_id)
    if order is None:
        raise OrderNotFound
    return order


async def _detail(session: AsyncSession, order_id: int) -> OrderDetail:
    """The order with its lines, history and customer, fresh from the database."""
    row = (
        await session.execute(
            select(Order, User)
            .outerjoin(User, User.id == Order.user_id)
            .where(Order.id == order_id)
            .options(selectinload(Order.items), selectinload(Order.history))
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    if row is None:
        raise OrderNotFound
    order, customer = row
    return OrderDetail.build_detail(order, customer, next_statuses(order.status))


async def _newest_first(
    session: AsyncSession, statement: Select[Order], *, skip: int, limit: int
) -> Page[OrderRead]:
    page = await page_of(
        session,
        statement.options(selectinload(Order.items)),
        order_by=[Order.created_at.desc(), Order.id.desc()],
        skip=skip,
        limit=limit,
    )
    return Page([OrderRead.build(order) for order in page.items], page.total)
