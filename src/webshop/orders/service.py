"""Orders: checkout that never oversells, idempotent retries, and the order lifecycle."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Row,
    Select,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.catalog import inventory
from webshop.catalog import service as catalog_service
from webshop.catalog.errors import InsufficientStock
from webshop.catalog.models import StockReason
from webshop.core.clock import utcnow
from webshop.core.money import quantize
from webshop.db.base import table_of
from webshop.db.filters import between
from webshop.db.paging import Page, page_of, page_of_rows
from webshop.events.publish import publish
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
from webshop.orders.placing import NewOrder, Refused, write_order
from webshop.orders.schemas import (
    MAX_QUANTITY,
    AdminOrderRead,
    OrderCreate,
    OrderDetail,
    OrderFilters,
    OrderItemRead,
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

    Every line's stock is taken with the product rows locked in id order, so that concurrent
    orders never deadlock; the order copies their names and prices. The order with its lines
    and first status, the stock movements, the event and the order's count in the summaries
    follow (`placing`: one database call on PostgreSQL). If any product is short or not for
    sale, everything rolls back and the error names every such product. With an idempotency
    key, a retry of the same request returns the order it already created (the key is unique
    per customer, so the retry's INSERT fails); the key with another body is a 409.
    """
    customer_id = customer.id  # still readable after a rollback expires `customer`
    lines = _merge_lines(data)
    fingerprint = _fingerprint(lines, data)
    order = NewOrder(
        customer_id,
        lines,
        data.shipping_address,
        data.note,
        idempotency_key,
        fingerprint,
    )
    try:
        placed = await write_order(session, order)
    except IntegrityError:
        # A retry with the same key, concurrent or late, finds the order placed first.
        await session.rollback()
        existing = None
        if idempotency_key is not None:
            existing = await _find_by_key(session, customer_id, idempotency_key)
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    if isinstance(placed, Refused):
        await session.rollback()
        return await _refused(
            session, lines, placed.not_taken, customer_id, idempotency_key, fingerprint
        )
    await session.commit()
    return OrderRead.model_validate(
        {
            "id": placed.order_id,
            "user_id": customer_id,
            "status": OrderStatus.PENDING,
            "total_amount": placed.total,
            "shipping_address": data.shipping_address,
            "note": data.note,
            "created_at": placed.placed_at,
            "updated_at": placed.placed_at,
            "item_count": sum(line.quantity for line in placed.lines),
            "items": [
                {
                    "product_id": line.product_id,
                    "product_name": line.product_name,
                    "unit_price": line.unit_price,
                    "quantity": line.quantity,
                    "line_total": line.line_total,
                }
                for line in placed.lines
            ],
        }
    )


async def _refused(
    session: AsyncSession,
    lines: dict[int, int],
    not_taken: set[int],
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
    raise InsufficientStock(sorted(not_taken))


async def change_status(
    session: AsyncSession, order_id: int, new_status: OrderStatus, *, actor: User
) -> OrderDetail:
    """Move an order along its lifecycle (admin). Cancelling puts the stock back, once."""
    order = await _get(session, order_id)
    previous = order.status
    await _transition(session, order, new_status, actor=actor)
    await audit.record(
        session,
        actor,
        AuditAction.ORDER_STATUS_CHANGED,
        AuditObject.ORDER,
        order_id,
        before={"status": previous},
        after={"status": new_status},
    )
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
    conditions += between(Order.created_at, filters.created_from, filters.created_to, zone)
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
    orders: dict[int, Row[Any]] = {}
    lines: dict[int, list[OrderItemRead]] = {}
    for row in await session.execute(_NEWEST_ORDER_LINES, {"limit": limit}):
        orders.setdefault(row.id, row)
        items = lines.setdefault(row.id, [])
        if row.product_id is not None:
            items.append(OrderItemRead.model_validate(row))
    return [OrderRead.build(order, lines[order_id]) for order_id, order in orders.items()]


def _newest_order_lines() -> Select[Any]:
    """The `:limit` newest orders with their lines, one row per line (an order without lines
    has one row, its line columns null): rows rather than ORM objects, in one statement."""
    order = table_of(Order).c
    line = table_of(OrderItem).c
    newest = (
        select(
            order.id,
            order.user_id,
            order.status,
            order.total_amount,
            order.shipping_address,
            order.note,
            order.created_at,
            order.updated_at,
        )
        .order_by(order.created_at.desc(), order.id.desc())
        .limit(bindparam("limit"))
        .subquery("newest")
    )
    return (
        select(
            newest,
            line.product_id,
            line.product_name,
            line.unit_price,
            line.quantity,
            line.line_total,
        )
        .outerjoin(table_of(OrderItem), line.order_id == newest.c.id)
        .order_by(newest.c.created_at.desc(), newest.c.id.desc(), line.product_id, line.id)
    )


_NEWEST_ORDER_LINES = _newest_order_lines()


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
